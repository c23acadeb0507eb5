/**
 * NumPy's .npy format (versions 1.0, 2.0, 3.0) and .npz archives of them, on plain records:
 * the raw element bytes plus numpy's own description of them (`descr` such as '<f4').
 */
import { ByteWriter } from './byte_writer.js';
import { NpyFormatError } from './errors.js';
import { parsePyLiteral, pyReprString, type PyLiteral } from './npy_header.js';
import type { PtDtypeName } from './pt_records.js';
import { decodeLatin1, decodeUtf8, encodeLatin1, encodeUtf8 } from './text.js';
import { readZip, type ZipReadOptions } from './zip/zip_reader.js';
import { writeZip } from './zip/zip_writer.js';

export interface NpyArray {
  /** numpy's dtype string: byte order ('<', '>', '|') + kind + item size, e.g. '<f4', '|b1', '>i2'. */
  descr: string;
  /** True when `bytes` hold the elements in column-major (Fortran) order. */
  fortranOrder: boolean;
  shape: number[];
  bytes: Uint8Array;
}

export interface ReadNpyOptions {
  /** Return a view into the input instead of a copy (default: copy). */
  copy?: boolean;
  /** Largest header accepted, in characters (numpy's default limit is 10000). */
  maxHeaderSize?: number;
}

export interface WriteNpyOptions {
  /** Format version; default: the oldest that can hold the header (as np.save chooses). */
  version?: 1 | 2 | 3;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const ALIGN = 64;
/** numpy leaves room in the header for the growing axis to reach this many digits. */
const GROWTH_AXIS_MAX_DIGITS = 21;

const DESCR = /^([<>|=])([biufcSUVmM])(\d+)(\[[A-Za-z0-9]+\])?$/;

/** Bytes per element for a simple (non-structured) numpy descr; throws for what this layer cannot hold. */
export function npyItemSize(descr: string): number {
  if (descr === '|O' || descr === 'O' || /^[<>|=]?O\d*$/.test(descr)) {
    throw new NpyFormatError('Object arrays cannot be loaded: they are stored as pickles (numpy needs allow_pickle=True)');
  }
  const m = DESCR.exec(descr);
  if (!m) throw new NpyFormatError(`descr is not a valid dtype descriptor: ${pyReprString(descr)}`);
  const kind = m[2]!;
  const n = Number(m[3]);
  const sizes: Record<string, number[]> = { b: [1], i: [1, 2, 4, 8], u: [1, 2, 4, 8], f: [2, 4, 8, 16], c: [8, 16, 32], m: [8], M: [8] };
  const allowed = sizes[kind];
  if (allowed && !allowed.includes(n)) throw new NpyFormatError(`descr is not a valid dtype descriptor: ${pyReprString(descr)}`);
  if (m[4] && kind !== 'm' && kind !== 'M') throw new NpyFormatError(`descr is not a valid dtype descriptor: ${pyReprString(descr)}`);
  if (kind === 'U') return 4 * n;
  if (n > 2 ** 31) throw new NpyFormatError(`item size of ${pyReprString(descr)} is too large`);
  return n;
}

function product(shape: readonly number[]): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

function headerValue(d: Map<PyLiteral, PyLiteral>, key: string): PyLiteral {
  if (!d.has(key)) throw new NpyFormatError(`Header does not contain the correct keys: ${[...d.keys()].map(String).sort().join(', ')}`);
  return d.get(key)!;
}

/** Reads a .npy file. */
export function readNpy(bytes: Uint8Array, options: ReadNpyOptions = {}): NpyArray {
  if (bytes.length < 8 || !MAGIC.every((b, i) => bytes[i] === b)) {
    throw new NpyFormatError('not a .npy file: the magic string \\x93NUMPY is missing');
  }
  const major = bytes[6]!;
  const minor = bytes[7]!;
  if (!((major === 1 || major === 2 || major === 3) && minor === 0)) {
    throw new NpyFormatError(`we only support format version (1,0), (2,0), and (3,0), not (${major}, ${minor})`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lenSize = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lenSize) throw new NpyFormatError('.npy file truncated in its header length');
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = 8 + lenSize;
  if (start + headerLen > bytes.length) {
    throw new NpyFormatError(`.npy file truncated: header of ${headerLen} bytes, only ${bytes.length - start} left`);
  }
  const maxHeader = options.maxHeaderSize ?? 10000;
  if (headerLen > maxHeader * (major === 3 ? 4 : 1)) {
    throw new NpyFormatError(`Header info length (${headerLen}) is large and may not be safe to load (limit ${maxHeader})`);
  }
  const raw = bytes.subarray(start, start + headerLen);
  const text =
    major === 3 ? decodeUtf8(raw, (m) => new NpyFormatError(`header is not valid UTF-8: ${m}`)) : decodeLatin1(raw);
  if (text.length > maxHeader) {
    throw new NpyFormatError(`Header info length (${text.length}) is large and may not be safe to load (limit ${maxHeader})`);
  }
  const d = parsePyLiteral(text);
  if (!(d instanceof Map)) throw new NpyFormatError(`Header is not a dictionary: ${JSON.stringify(text)}`);
  if (d.size !== 3) throw new NpyFormatError(`Header does not contain the correct keys: ${[...d.keys()].map(String).sort().join(', ')}`);
  const descr = headerValue(d, 'descr');
  const fortran = headerValue(d, 'fortran_order');
  const shapeLit = headerValue(d, 'shape');
  if (typeof descr !== 'string') {
    throw new NpyFormatError('structured dtypes (a list descr) are not supported; only simple dtypes like <f4');
  }
  if (typeof fortran !== 'boolean') throw new NpyFormatError(`fortran_order is not a valid bool: ${String(fortran)}`);
  if (shapeLit === null || typeof shapeLit !== 'object' || !('tuple' in shapeLit)) {
    throw new NpyFormatError(`shape is not valid: ${String(shapeLit)}`);
  }
  const shape = shapeLit.tuple.map((s) => {
    if (typeof s !== 'number' || !Number.isSafeInteger(s) || s < 0) throw new NpyFormatError(`shape is not valid: ${String(s)} in (${shapeLit.tuple.join(', ')})`);
    return s;
  });
  const itemSize = npyItemSize(descr);
  const count = product(shape);
  const need = count * itemSize;
  const dataStart = start + headerLen;
  const have = bytes.length - dataStart;
  if (!Number.isSafeInteger(need) || need !== have) {
    throw new NpyFormatError(
      need > have
        ? `Failed to read all data for array. Expected ${shape.length ? `(${shape.join(', ')})` : '()'} = ${count} elements, could only read ${Math.floor(have / itemSize)} elements. (file seems not long enough to complete the array)`
        : `.npy file has ${have - need} bytes after the array data`,
    );
  }
  const data = bytes.subarray(dataStart, dataStart + need);
  return { descr, fortranOrder: fortran, shape, bytes: options.copy === false ? data : data.slice() };
}

function shapeRepr(shape: readonly number[]): string {
  if (shape.length === 1) return `(${shape[0]},)`;
  return `(${shape.join(', ')})`;
}

/** Writes a .npy file; for the same array the bytes equal numpy's np.save output. */
export function writeNpy(arr: NpyArray, options: WriteNpyOptions = {}): Uint8Array {
  const itemSize = npyItemSize(arr.descr);
  for (const s of arr.shape) {
    if (!Number.isSafeInteger(s) || s < 0) throw new NpyFormatError(`shape is not valid: ${String(s)} in (${arr.shape.join(', ')})`);
  }
  const need = product(arr.shape) * itemSize;
  if (arr.bytes.length !== need) {
    throw new NpyFormatError(`array of shape ${shapeRepr(arr.shape)} and descr ${pyReprString(arr.descr)} needs ${need} bytes, got ${arr.bytes.length}`);
  }
  let header =
    `{'descr': ${pyReprString(arr.descr)}, 'fortran_order': ${arr.fortranOrder ? 'True' : 'False'}, ` +
    `'shape': ${shapeRepr(arr.shape)}, }`;
  if (arr.shape.length > 0) {
    const growing = arr.shape[arr.fortranOrder ? arr.shape.length - 1 : 0]!;
    header += ' '.repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - String(growing).length));
  }
  const paddedLength = (encodedLength: number, lenSize: number): number => {
    const hlen = encodedLength + 1;
    return hlen + ALIGN - ((MAGIC.length + 2 + lenSize + hlen) % ALIGN);
  };
  const latin1 = encodeLatin1(header);
  const version = options.version ?? (latin1 === undefined ? 3 : paddedLength(latin1.length, 2) <= 0xffff ? 1 : 2);
  const encoded = version === 3 ? encodeUtf8(header) : encodeLatin1(header);
  if (!encoded) throw new NpyFormatError(`header cannot be written in version ${version}.0 (it is not Latin-1); use version 3`);
  const lenSize = version === 1 ? 2 : 4;
  const total = paddedLength(encoded.length, lenSize);
  const padlen = total - encoded.length - 1;
  if (version === 1 && total > 0xffff) throw new NpyFormatError(`Header length ${encoded.length + 1} too big for version=(1, 0)`);
  const w = new ByteWriter(MAGIC.length + 2 + lenSize + total);
  for (const b of MAGIC) w.u8(b);
  w.u8(version);
  w.u8(0);
  if (version === 1) w.u16(total);
  else w.u32(total);
  w.bytes(encoded);
  w.ascii(' '.repeat(padlen));
  w.u8(0x0a);
  const head = w.finish();
  const out = new Uint8Array(head.length + arr.bytes.length);
  out.set(head);
  out.set(arr.bytes, head.length);
  return out;
}

/** Reads a .npz archive (stored or deflated, as np.savez / np.savez_compressed write): name -> array. */
export function readNpz(
  bytes: Uint8Array,
  options: ReadNpyOptions & { zip?: Pick<ZipReadOptions, 'maxInflatedSize' | 'maxCompressionRatio' | 'maxEntries'> } = {},
): Map<string, NpyArray> {
  const zip = readZip(bytes, options.zip);
  const out = new Map<string, NpyArray>();
  for (const e of zip.entries) {
    const name = e.name.endsWith('.npy') ? e.name.slice(0, -4) : e.name;
    out.set(name, readNpy(zip.read(e, { copy: false }), { ...options, copy: true }));
  }
  return out;
}

/** Writes a .npz archive of stored entries ('<name>.npy'), which np.load reads. */
export function writeNpz(arrays: Map<string, NpyArray> | Record<string, NpyArray>): Uint8Array {
  const entries = arrays instanceof Map ? [...arrays] : Object.entries(arrays);
  return writeZip(entries.map(([name, arr]) => ({ name: `${name}.npy`, data: writeNpy(arr) })), { align: 64 });
}

const NPY_DESCR: Partial<Record<PtDtypeName, string>> = {
  float32: '<f4',
  float64: '<f8',
  float16: '<f2',
  int64: '<i8',
  int32: '<i4',
  int16: '<i2',
  int8: '|i1',
  uint8: '|u1',
  bool: '|b1',
};

/** numpy's descr for a torch dtype ('float32' -> '<f4'); undefined for bfloat16, which numpy lacks. */
export function npyDescrForDtype(dtype: PtDtypeName): string | undefined {
  return NPY_DESCR[dtype];
}

/** The torch dtype for a numpy descr, in either byte order; undefined when there is none. */
export function dtypeForNpyDescr(descr: string): PtDtypeName | undefined {
  const normal = descr.replace(/^[<>=|]/, '');
  for (const [dtype, d] of Object.entries(NPY_DESCR)) if (d.slice(1) === normal) return dtype as PtDtypeName;
  return undefined;
}

/** The same array with little-endian bytes (a copy when `arr` is big-endian, else `arr` itself). */
export function npyToLittleEndian(arr: NpyArray): NpyArray {
  if (!arr.descr.startsWith('>')) return arr;
  const m = DESCR.exec(arr.descr);
  const kind = m?.[2];
  // Complex numbers swap each of their two halves; strings of bytes have no byte order.
  const unit = kind === 'c' ? npyItemSize(arr.descr) / 2 : kind === 'U' ? 4 : kind === 'S' || kind === 'V' ? 1 : npyItemSize(arr.descr);
  const out = new Uint8Array(arr.bytes.length);
  for (let i = 0; i + unit <= out.length; i += unit) {
    for (let k = 0; k < unit; k++) out[i + k] = arr.bytes[i + unit - 1 - k]!;
  }
  return { ...arr, descr: '<' + arr.descr.slice(1), bytes: out };
}
