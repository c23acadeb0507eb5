/**
 * The IDX format of the MNIST files (`*-images-idx3-ubyte`, `*-labels-idx1-ubyte`), plain or
 * gzipped: two zero bytes, a type code, the number of dimensions, each dimension as a
 * big-endian u32, then the elements, big-endian, row-major.
 */
import { gunzipSync } from 'fflate';
import { Tensor } from '../../tensor/tensor.js';
import { float32, float64, int16, int32, int8, uint8, type DType, type TypedArray } from '../../tensor/dtype.js';

/** The IDX element types: code -> [dtype, bytes per element, name in the format's description]. */
const IDX_TYPES: Record<number, [DType, number, string]> = {
  0x08: [uint8, 1, 'unsigned byte'],
  0x09: [int8, 1, 'signed byte'],
  0x0b: [int16, 2, 'short'],
  0x0c: [int32, 4, 'int'],
  0x0d: [float32, 4, 'float'],
  0x0e: [float64, 8, 'double'],
};

export interface IdxArray {
  tensor: Tensor;
  /** The type code (0x08 for MNIST's unsigned bytes). */
  typeCode: number;
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Decompresses gzip data (detected by its magic bytes); other data is returned as is. */
export function maybeGunzip(bytes: Uint8Array, what = 'data'): Uint8Array {
  if (!isGzip(bytes)) return bytes;
  try {
    return gunzipSync(bytes);
  } catch (e) {
    throw new Error(`${what} looks gzipped but could not be decompressed: ${(e as Error).message ?? String(e)}`);
  }
}

/** Parses an IDX array (gzipped or not) into a tensor of the file's element type. */
export function readIdx(input: Uint8Array, what = 'IDX data'): IdxArray {
  if (!(input instanceof Uint8Array)) throw new TypeError(`readIdx expects a Uint8Array, but got ${typeof input}`);
  const bytes = maybeGunzip(input, what);
  if (bytes.length < 4) {
    throw new RangeError(`${what} is truncated: ${bytes.length} bytes, but an IDX header alone needs at least 4`);
  }
  const magic = (bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!;
  const magicHex = `0x${(magic >>> 0).toString(16).padStart(8, '0')}`;
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new Error(`${what} is not an IDX file: wrong magic number ${magicHex} (it must start with two zero bytes)`);
  }
  const type = IDX_TYPES[bytes[2]!];
  if (type === undefined) {
    throw new Error(
      `${what} has wrong magic number ${magicHex}: unknown IDX type code 0x${bytes[2]!.toString(16).padStart(2, '0')} ` +
        '(expected 0x08, 0x09, 0x0b, 0x0c, 0x0d or 0x0e)',
    );
  }
  const [dtype, itemBytes] = type;
  const ndim = bytes[3]!;
  const headerBytes = 4 + 4 * ndim;
  if (bytes.length < headerBytes) {
    throw new RangeError(`${what} is truncated: its header declares ${ndim} dimensions (${headerBytes} bytes) but the data has ${bytes.length} bytes`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape: number[] = [];
  let count = 1;
  for (let d = 0; d < ndim; d++) {
    const size = view.getUint32(4 + 4 * d, false);
    shape.push(size);
    count *= size;
  }
  const dataBytes = count * itemBytes;
  const present = bytes.length - headerBytes;
  if (present < dataBytes) {
    throw new RangeError(
      `${what} is truncated: shape [${shape.join(', ')}] needs ${dataBytes} bytes of elements after the ` +
        `${headerBytes}-byte header, but only ${present} are present`,
    );
  }
  if (present > dataBytes) {
    throw new RangeError(
      `${what} has ${present - dataBytes} unexpected bytes after the ${dataBytes} bytes of elements of shape [${shape.join(', ')}]`,
    );
  }
  const out = new (dtype.ArrayType)(count) as TypedArray;
  if (itemBytes === 1) {
    out.set(dtype === uint8 ? bytes.subarray(headerBytes) : new Int8Array(bytes.buffer, bytes.byteOffset + headerBytes, count));
  } else {
    for (let i = 0, p = headerBytes; i < count; i++, p += itemBytes) {
      switch (itemBytes) {
        case 2:
          out[i] = view.getInt16(p, false);
          break;
        case 4:
          out[i] = dtype === int32 ? view.getInt32(p, false) : view.getFloat32(p, false);
          break;
        default:
          out[i] = view.getFloat64(p, false);
      }
    }
  }
  return { tensor: new Tensor(out, shape, dtype), typeCode: bytes[2]! };
}
