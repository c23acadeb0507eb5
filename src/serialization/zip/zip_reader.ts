import { ZipFormatError } from '../errors.js';
import { decodeLatin1, decodeUtf8, isAscii } from '../text.js';
import { crc32 } from './crc32.js';
import { inflateExact } from './inflate.js';
import { SIG } from './signatures.js';

/** One file in the archive, as its central directory (and local header) describe it. */
export interface ZipEntry {
  readonly name: string;
  /** 0 = stored, 8 = deflated; anything else is refused when read. */
  readonly method: number;
  readonly flags: number;
  readonly crc32: number;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
  readonly localHeaderOffset: number;
  /** Where the entry's (compressed) bytes start in the archive. */
  readonly dataOffset: number;
}

export interface ZipReadOptions {
  /** Most entries accepted (default 1,000,000). */
  maxEntries?: number;
  /** Largest size a deflated entry may inflate to (default 1 GiB). Stored entries are views of the input and need no bound. */
  maxInflatedSize?: number;
  /** Largest inflated:compressed ratio accepted for a deflated entry (default 1100; deflate cannot exceed about 1032). */
  maxCompressionRatio?: number;
  /** Check each entry's CRC-32 when it is read (default true). */
  verifyCrc?: boolean;
}

export interface ZipEntryReadOptions {
  /**
   * Stored entries are returned as views into the archive when false (no copy; they keep the whole
   * archive alive and see later changes to it). Default true: an independent copy.
   */
  copy?: boolean;
}

const U32_MAX = 0xffffffff;
const U16_MAX = 0xffff;
const CENTRAL_HEADER_SIZE = 46;
const LOCAL_HEADER_SIZE = 30;
const EOCD_SIZE = 22;

/** A parsed, validated zip archive over an in-memory buffer; entries are read (and inflated) on demand. */
export class ZipArchive {
  readonly entries: readonly ZipEntry[];
  private readonly byName: Map<string, ZipEntry>;
  private readonly maxInflated: number;
  private readonly maxRatio: number;
  private readonly verifyCrc: boolean;

  constructor(
    private readonly bytes: Uint8Array,
    options: ZipReadOptions = {},
  ) {
    this.maxInflated = options.maxInflatedSize ?? 2 ** 30;
    this.maxRatio = options.maxCompressionRatio ?? 1100;
    this.verifyCrc = options.verifyCrc ?? true;
    this.entries = parseArchive(bytes, options.maxEntries ?? 1_000_000);
    this.byName = new Map(this.entries.map((e) => [e.name, e]));
  }

  entry(name: string): ZipEntry | undefined {
    return this.byName.get(name);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** The entry's uncompressed bytes, CRC-checked unless disabled. */
  read(entryOrName: ZipEntry | string, options: ZipEntryReadOptions = {}): Uint8Array {
    const e = typeof entryOrName === 'string' ? this.byName.get(entryOrName) : entryOrName;
    if (e === undefined) throw new ZipFormatError(`no entry named '${String(entryOrName)}' in the archive`);
    const raw = this.bytes.subarray(e.dataOffset, e.dataOffset + e.compressedSize);
    let data: Uint8Array;
    if (e.method === 0) {
      data = options.copy === false ? raw : raw.slice();
    } else if (e.method === 8) {
      if (e.uncompressedSize > this.maxInflated) {
        throw new ZipFormatError(
          `entry '${e.name}' declares ${e.uncompressedSize} inflated bytes, over the limit of ${this.maxInflated}`,
        );
      }
      if (e.uncompressedSize > Math.max(1, e.compressedSize) * this.maxRatio) {
        throw new ZipFormatError(
          `entry '${e.name}' declares a compression ratio above ${this.maxRatio}:1 ` +
            `(${e.compressedSize} -> ${e.uncompressedSize} bytes); refusing a likely zip bomb`,
        );
      }
      data = inflateExact(raw, e.uncompressedSize, e.name);
    } else {
      throw new ZipFormatError(`entry '${e.name}' uses unsupported compression method ${e.method}`);
    }
    if (this.verifyCrc) {
      const actual = crc32(data);
      if (actual !== e.crc32) {
        throw new ZipFormatError(
          `CRC-32 mismatch in entry '${e.name}': the archive says 0x${hex32(e.crc32)}, the data gives 0x${hex32(actual)}`,
        );
      }
    }
    return data;
  }
}

/** Parses and validates a zip archive held in memory. */
export function readZip(bytes: Uint8Array, options: ZipReadOptions = {}): ZipArchive {
  return new ZipArchive(bytes, options);
}

function hex32(v: number): string {
  return v.toString(16).padStart(8, '0');
}

class Cursor {
  readonly view: DataView;

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  u16(at: number): number {
    return this.view.getUint16(at, true);
  }

  u32(at: number): number {
    return this.view.getUint32(at, true);
  }

  /** A u64 that must fit in a JS number exactly: anything larger cannot be an offset in memory. */
  u64(at: number, what: string): number {
    const lo = this.u32(at);
    const hi = this.u32(at + 4);
    if (hi >= 0x200000) throw new ZipFormatError(`absurd ${what} in zip64 record: ${hi} * 2^32 + ${lo}`);
    return hi * 0x100000000 + lo;
  }
}

interface EndRecord {
  entryCount: number;
  cdSize: number;
  cdOffset: number;
  /** Where the end records start: the central directory must end at or before it. */
  end: number;
}

function findEnd(c: Cursor): EndRecord {
  const n = c.bytes.length;
  if (n < EOCD_SIZE) throw new ZipFormatError(`not a zip archive: only ${n} bytes`);
  let eocd = -1;
  const lowest = Math.max(0, n - EOCD_SIZE - U16_MAX);
  for (let at = n - EOCD_SIZE; at >= lowest; at--) {
    if (c.u32(at) === SIG.END && at + EOCD_SIZE + c.u16(at + 20) <= n) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw new ZipFormatError('not a zip archive, or truncated: end of central directory record not found');
  const disk = c.u16(eocd + 4);
  const cdDisk = c.u16(eocd + 6);
  const onDisk = c.u16(eocd + 8);
  let entryCount = c.u16(eocd + 10);
  let cdSize = c.u32(eocd + 12);
  let cdOffset = c.u32(eocd + 16);
  let end = eocd;

  const locator = eocd - 20;
  if (locator >= 0 && c.u32(locator) === SIG.ZIP64_LOCATOR) {
    const recordAt = c.u64(locator + 8, 'end of central directory offset');
    if (recordAt + 56 > locator) throw new ZipFormatError('zip64 end of central directory record lies outside the archive');
    if (c.u32(recordAt) !== SIG.ZIP64_END) throw new ZipFormatError('zip64 end of central directory record is missing or corrupt');
    const disk64 = c.u32(recordAt + 16);
    const cdDisk64 = c.u32(recordAt + 20);
    if (disk64 !== 0 || cdDisk64 !== 0) throw new ZipFormatError('multi-disk zip archives are not supported');
    const entries64 = c.u64(recordAt + 32, 'entry count');
    const onDisk64 = c.u64(recordAt + 24, 'entry count');
    const size64 = c.u64(recordAt + 40, 'central directory size');
    const offset64 = c.u64(recordAt + 48, 'central directory offset');
    const agrees = (classic: number, max: number, wide: number): boolean => classic === max || classic === wide;
    if (!agrees(entryCount, U16_MAX, entries64) || !agrees(cdSize, U32_MAX, size64) || !agrees(cdOffset, U32_MAX, offset64)) {
      throw new ZipFormatError('the zip64 and classic end of central directory records disagree');
    }
    if (onDisk64 !== entries64) throw new ZipFormatError('multi-disk zip archives are not supported');
    entryCount = entries64;
    cdSize = size64;
    cdOffset = offset64;
    end = recordAt;
  } else {
    if (disk !== 0 || cdDisk !== 0 || onDisk !== entryCount) throw new ZipFormatError('multi-disk zip archives are not supported');
    if (cdSize === U32_MAX || cdOffset === U32_MAX) {
      throw new ZipFormatError('zip64 end of central directory locator is missing (archive truncated or corrupt)');
    }
  }
  if (cdOffset + cdSize > end) {
    throw new ZipFormatError(
      `central directory (offset ${cdOffset}, ${cdSize} bytes) runs past the end records at ${end}: archive truncated or corrupt`,
    );
  }
  return { entryCount, cdSize, cdOffset, end };
}

function decodeName(raw: Uint8Array, utf8Flag: boolean): string {
  if (utf8Flag || isAscii(raw)) {
    return decodeUtf8(raw, (m) => new ZipFormatError(`entry name is not valid UTF-8: ${m}`));
  }
  // No UTF-8 flag: the name is in the legacy code page; Latin-1 keeps every byte distinct.
  return decodeLatin1(raw);
}

function parseArchive(bytes: Uint8Array, maxEntries: number): ZipEntry[] {
  const c = new Cursor(bytes);
  const { entryCount, cdSize, cdOffset } = findEnd(c);
  if (entryCount > maxEntries) throw new ZipFormatError(`archive lists ${entryCount} entries, over the limit of ${maxEntries}`);
  if (entryCount * CENTRAL_HEADER_SIZE > cdSize) {
    throw new ZipFormatError(`central directory of ${cdSize} bytes cannot hold the ${entryCount} entries it claims`);
  }
  const cdEnd = cdOffset + cdSize;
  const entries: ZipEntry[] = [];
  const names = new Set<string>();
  let p = cdOffset;
  for (let i = 0; i < entryCount; i++) {
    if (p + CENTRAL_HEADER_SIZE > cdEnd) throw new ZipFormatError(`central directory ends inside entry ${i}`);
    if (c.u32(p) !== SIG.CENTRAL) throw new ZipFormatError(`bad central directory signature for entry ${i} at offset ${p}`);
    const flags = c.u16(p + 8);
    const method = c.u16(p + 10);
    const crc = c.u32(p + 16);
    let compressedSize = c.u32(p + 20);
    let uncompressedSize = c.u32(p + 24);
    const nameLen = c.u16(p + 28);
    const extraLen = c.u16(p + 30);
    const commentLen = c.u16(p + 32);
    const diskStart = c.u16(p + 34);
    let localHeaderOffset = c.u32(p + 42);
    const next = p + CENTRAL_HEADER_SIZE + nameLen + extraLen + commentLen;
    if (next > cdEnd) throw new ZipFormatError(`central directory entry ${i} runs past the directory's end`);
    const rawName = bytes.subarray(p + CENTRAL_HEADER_SIZE, p + CENTRAL_HEADER_SIZE + nameLen);
    const name = decodeName(rawName, (flags & 0x800) !== 0);
    if (flags & 1) throw new ZipFormatError(`entry '${name}' is encrypted; encrypted archives are not supported`);
    if (diskStart !== 0 && diskStart !== U16_MAX) throw new ZipFormatError('multi-disk zip archives are not supported');

    if (uncompressedSize === U32_MAX || compressedSize === U32_MAX || localHeaderOffset === U32_MAX) {
      const wide = findZip64Extra(c, p + CENTRAL_HEADER_SIZE + nameLen, extraLen, name);
      let k = 0;
      const take = (what: string): number => {
        if (k + 8 > wide.length) throw new ZipFormatError(`entry '${name}': zip64 extra field is too short for its ${what}`);
        const v = c.u64(wide.at + k, what);
        k += 8;
        return v;
      };
      if (uncompressedSize === U32_MAX) uncompressedSize = take('uncompressed size');
      if (compressedSize === U32_MAX) compressedSize = take('compressed size');
      if (localHeaderOffset === U32_MAX) localHeaderOffset = take('local header offset');
    }

    if (names.has(name)) throw new ZipFormatError(`duplicate entry '${name}' in the archive`);
    names.add(name);

    // The local header gives the real start of the data (its extra field may differ from the central one).
    if (localHeaderOffset + LOCAL_HEADER_SIZE > cdOffset) {
      throw new ZipFormatError(`entry '${name}': local header offset ${localHeaderOffset} is outside the archive's data`);
    }
    if (c.u32(localHeaderOffset) !== SIG.LOCAL) {
      throw new ZipFormatError(`entry '${name}': bad local header signature at offset ${localHeaderOffset}`);
    }
    const localNameLen = c.u16(localHeaderOffset + 26);
    const localExtraLen = c.u16(localHeaderOffset + 28);
    const dataOffset = localHeaderOffset + LOCAL_HEADER_SIZE + localNameLen + localExtraLen;
    const localName = bytes.subarray(localHeaderOffset + LOCAL_HEADER_SIZE, localHeaderOffset + LOCAL_HEADER_SIZE + localNameLen);
    if (!sameBytes(localName, rawName)) {
      throw new ZipFormatError(`entry '${name}': file name in the central directory and the local header differ`);
    }
    if (dataOffset + compressedSize > cdOffset) {
      throw new ZipFormatError(
        `entry '${name}': its ${compressedSize} bytes at offset ${dataOffset} run past the start of the central directory (${cdOffset}); archive truncated or corrupt`,
      );
    }
    if (method === 0 && compressedSize !== uncompressedSize) {
      throw new ZipFormatError(
        `entry '${name}' is stored but its sizes differ (${compressedSize} vs ${uncompressedSize})`,
      );
    }
    entries.push({ name, method, flags, crc32: crc, compressedSize, uncompressedSize, localHeaderOffset, dataOffset });
    p = next;
  }
  checkNoOverlap(entries);
  return entries;
}

function findZip64Extra(c: Cursor, at: number, length: number, name: string): { at: number; length: number } {
  const end = at + length;
  while (at + 4 <= end) {
    const id = c.u16(at);
    const size = c.u16(at + 2);
    if (at + 4 + size > end) break;
    if (id === 0x0001) return { at: at + 4, length: size };
    at += 4 + size;
  }
  throw new ZipFormatError(`entry '${name}' needs a zip64 extra field but has none`);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Entries sharing bytes are how "overlapping" zip bombs multiply a small file; no real writer makes them. */
function checkNoOverlap(entries: ZipEntry[]): void {
  const sorted = [...entries].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1]!;
    const cur = sorted[i]!;
    if (prev.dataOffset + prev.compressedSize > cur.localHeaderOffset) {
      throw new ZipFormatError(`entries '${prev.name}' and '${cur.name}' overlap in the archive`);
    }
  }
}
