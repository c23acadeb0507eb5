/**
 * The torch.save container (PyTorch >= 1.6 zip format, as 1.13.1 writes it) over neutral records:
 * `<archive>/data.pkl` (the pickled object), `<archive>/data/<key>` (one record per storage, raw
 * little-endian bytes) and `<archive>/version`. See PT_FORMAT_SPEC.md.
 */
import { PtFormatError } from './errors.js';
import { pickle } from './pickle/pickler.js';
import { ptToPickleAst } from './pt_pickle.js';
import type { PtValue, StorageRecord } from './pt_records.js';
import { unpicklePt, type AllowedGlobals } from './pt_unpickle.js';
import { decodeLatin1 } from './text.js';
import { readZip, type ZipReadOptions } from './zip/zip_reader.js';
import { writeZip, writeZipTo, type ZipSink, type ZipWriteEntry } from './zip/zip_writer.js';

export interface ReadPtOptions {
  /**
   * Globals the file may name beyond tensors, parameters, OrderedDict, sets and bytes (which are
   * always allowed): 'module.name', 'module.*', or a predicate. A whole pickled nn.Module needs
   * its classes here (e.g. ['torch.nn.modules.*']); they come back as ObjectRecords. Nothing is
   * ever executed either way.
   */
  allowedGlobals?: AllowedGlobals;
  /**
   * Storage bytes are copies by default; false returns views into `bytes` where the entry is
   * stored (no copy: they share memory with, and keep alive, the whole file buffer).
   */
  copy?: boolean;
  /** Check every record's CRC-32 (default true). */
  verifyCrc?: boolean;
  /** Deepest nesting accepted in data.pkl (default 1000). */
  maxDepth?: number;
  /**
   * Give Python floats with integral values (`dropout=0.0`) as PyFloat rather than number, so a
   * read-modify-write keeps them floats (default false: plain numbers).
   */
  wrapIntegralFloats?: boolean;
  /** Bounds for deflated entries (torch never compresses, but zip tools may re-pack a file). */
  zip?: Pick<ZipReadOptions, 'maxInflatedSize' | 'maxCompressionRatio' | 'maxEntries'>;
}

export interface PtArchive {
  root: PtValue;
  /** The record-name prefix (`archive` for buffers, the file's stem for paths). */
  archiveName: string;
  /** The `version` record's number, if present. */
  version: number | undefined;
  /** Storages in order of first use in data.pkl. */
  storages: StorageRecord[];
}

export interface WritePtOptions {
  /**
   * Record-name prefix; default 'archive' (what torch.save uses for a buffer). Use
   * archiveNameForPath(path) to match what torch.save writes when given that path.
   */
  archiveName?: string;
  /** Zip64 records everywhere ('always') or only where sizes need them ('auto', default, as torch). */
  zip64?: 'auto' | 'always';
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
/** Protocol-2 pickle of the legacy magic number 0x1950a86a20f9469cfc6c. */
const LEGACY_MAGIC = [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19];
const LEGACY_MESSAGE = 'legacy (pre-1.6) torch.save format is not supported; re-save it with torch.save in PyTorch >= 1.6';

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  if (bytes.length < prefix.length) return false;
  return prefix.every((b, i) => bytes[i] === b);
}

function looksLegacy(bytes: Uint8Array): boolean {
  if (startsWith(bytes, LEGACY_MAGIC)) return true;
  // Any pickle (other protocols) or the even older tar container.
  if (bytes.length >= 2 && bytes[0] === 0x80 && bytes[1]! >= 1 && bytes[1]! <= 5) return true;
  return bytes.length >= 262 && decodeLatin1(bytes.subarray(257, 262)) === 'ustar';
}

/** What torch.save uses as the archive name for a path: the base name without its last extension. */
export function archiveNameForPath(path: string): string {
  const base = path.replace(/\\/g, '/').split('/').pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot >= 0 ? base.slice(0, dot) : base;
}

/** Reads a torch.save file (zip format) into records. */
export function readPt(bytes: Uint8Array, options: ReadPtOptions = {}): PtValue {
  return readPtArchive(bytes, options).root;
}

/** Like readPt, also reporting the archive name, version and storages. */
export function readPtArchive(bytes: Uint8Array, options: ReadPtOptions = {}): PtArchive {
  if (!startsWith(bytes, ZIP_MAGIC)) {
    if (looksLegacy(bytes)) throw new PtFormatError(LEGACY_MESSAGE);
    const head = [...bytes.subarray(0, 4)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new PtFormatError(
      bytes.length === 0 ? 'not a torch.save file: the input is empty' : `not a torch.save file: expected a zip archive (50 4b 03 04), got ${head}`,
    );
  }
  const zip = readZip(bytes, { ...options.zip, verifyCrc: options.verifyCrc ?? true });
  const first = zip.entries[0];
  if (!first) throw new PtFormatError('not a torch.save file: the archive is empty');
  const slash = first.name.indexOf('/');
  if (slash <= 0) throw new PtFormatError(`not a torch.save file: record '${first.name}' has no '<archive>/' prefix`);
  const archiveName = first.name.slice(0, slash);
  const record = (name: string): string => `${archiveName}/${name}`;

  if (zip.has(record('constants.pkl')) || zip.entries.some((e) => e.name.startsWith(record('code/')))) {
    throw new PtFormatError('this is a TorchScript archive (torch.jit.save); it cannot be read as a torch.save file');
  }
  if (!zip.has(record('data.pkl'))) {
    throw new PtFormatError(`not a torch.save file: record '${record('data.pkl')}' not found`);
  }

  let version: number | undefined;
  if (zip.has(record('version'))) {
    const text = decodeLatin1(zip.read(record('version'))).trim();
    if (!/^\d{1,9}$/.test(text)) throw new PtFormatError(`invalid version record ${JSON.stringify(text)}`);
    version = Number(text);
  }
  let bigEndian = false;
  if (zip.has(record('byteorder'))) {
    const order = decodeLatin1(zip.read(record('byteorder'))).trim();
    if (order !== 'little' && order !== 'big') throw new PtFormatError(`invalid byteorder record ${JSON.stringify(order)}`);
    bigEndian = order === 'big';
  }

  const copy = options.copy ?? true;
  const storages: StorageRecord[] = [];
  const root = unpicklePt(zip.read(record('data.pkl'), { copy: false }), {
    allowedGlobals: options.allowedGlobals,
    maxDepth: options.maxDepth,
    wrapIntegralFloats: options.wrapIntegralFloats,
    loadStorageBytes: (key, itemSize) => {
      const name = record(`data/${key}`);
      if (!zip.has(name)) throw new PtFormatError(`storage record '${name}' not found in the archive`);
      const data = zip.read(name, { copy: copy && !bigEndian });
      return bigEndian ? byteSwapped(data, itemSize) : data;
    },
    onStorage: (s) => storages.push(s),
  });
  return { root, archiveName, version, storages };
}

function byteSwapped(data: Uint8Array, itemSize: number): Uint8Array {
  const out = new Uint8Array(data.length);
  for (let i = 0; i + itemSize <= data.length; i += itemSize) {
    for (let k = 0; k < itemSize; k++) out[i + k] = data[i + itemSize - 1 - k]!;
  }
  return out;
}

/**
 * Writes records as torch.save (1.13.1) would: for a state_dict the bytes equal torch.save's.
 * The same StorageRecord object referenced by several tensors is written once and shared, as
 * torch shares one storage between views.
 */
export function writePt(root: PtValue, options: WritePtOptions = {}): Uint8Array {
  return writeZip(ptEntries(root, options), { align: 64, zip64: options.zip64 ?? 'auto' });
}

/**
 * Like writePt, but hands the file to `sink` piece by piece (storage bytes as they are, uncopied),
 * so a file can be written without building it in memory. Returns the number of bytes written.
 */
export function writePtTo(root: PtValue, sink: ZipSink, options: WritePtOptions = {}): number {
  return writeZipTo(ptEntries(root, options), sink, { align: 64, zip64: options.zip64 ?? 'auto' });
}

function ptEntries(root: PtValue, options: WritePtOptions): ZipWriteEntry[] {
  const archiveName = options.archiveName ?? 'archive';
  if (archiveName === '' || archiveName.includes('/')) {
    throw new PtFormatError(`invalid archive name ${JSON.stringify(archiveName)}: it must be non-empty and contain no '/'`);
  }
  const { ast, storages } = ptToPickleAst(root);
  const records: ZipWriteEntry[] = [{ name: `${archiveName}/data.pkl`, data: pickle(ast) }];
  // torch.save writes storage records in string order of their keys: 0, 1, 10, 11, 2, ...
  const keyed = storages.map((s, i) => ({ key: String(i), s }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const { key, s } of keyed) records.push({ name: `${archiveName}/data/${key}`, data: s.bytes });
  records.push({ name: `${archiveName}/version`, data: new Uint8Array([0x33, 0x0a]) });
  return records;
}
