/**
 * torchlet Tensors <-> the neutral .pt records. Storage identity is the point: every tensor whose
 * `_data` is the same typed array becomes a view of one StorageRecord (written once), and every
 * tensor read from one StorageRecord gets the same typed array back, so views stay views.
 */
import { Tensor, VersionCounter } from '../tensor/tensor.js';
import { DType, dtypeFromName, float32, type DTypeName, type TypedArray } from '../tensor/dtype.js';
import { SerializationError } from './errors.js';
import { ParameterRecord, StorageRecord, TensorRecord, type PtDtypeName } from './pt_records.js';

/** The most elements one loaded tensor may span: a bigger one cannot be materialised anyway. */
export const MAX_TENSOR_NUMEL = 2 ** 32;

const TWO_32 = 4294967296;
const TWO_63 = 9223372036854775808;

/** Stored in torchlet as float32 (exactly: every half and bfloat16 value is a float32 value). */
const WIDENED_TO_FLOAT32 = new Set<PtDtypeName>(['float16', 'bfloat16']);

/** The dtype a storage of `dtype` becomes in torchlet. */
export function torchletDtypeFor(dtype: PtDtypeName): DType {
  return WIDENED_TO_FLOAT32.has(dtype) ? float32 : dtypeFromName(dtype as DTypeName);
}

/** Little-endian int64 bytes of integral float64 values (clamped to the int64 range, NaN as -2^63, x86's choice). */
export function int64BytesOf(values: ArrayLike<number>): Uint8Array {
  const n = values.length;
  const out = new Uint8Array(n * 8);
  const words = new Uint32Array(out.buffer);
  for (let i = 0; i < n; i++) {
    const x = values[i]!;
    let hi: number;
    let lo: number;
    if (x >= TWO_63) {
      hi = 0x7fffffff;
      lo = 0xffffffff;
    } else if (!(x >= -TWO_63)) {
      hi = -0x80000000;
      lo = 0;
    } else {
      const v = Math.trunc(x);
      hi = Math.floor(v / TWO_32);
      lo = v - hi * TWO_32;
    }
    words[2 * i] = lo;
    words[2 * i + 1] = hi;
  }
  return out;
}

/** int64 bytes as float64 values (exact up to 2^53, the nearest double beyond). */
export function float64FromInt64Bytes(bytes: Uint8Array): Float64Array {
  const n = bytes.length >>> 3;
  const words = aligned(bytes, 4, Uint32Array, n * 2);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = (words[2 * i + 1]! | 0) * TWO_32 + words[2 * i]!;
  return out;
}

type ArrayCtor<T> = { new (buffer: ArrayBufferLike, byteOffset: number, length: number): T; BYTES_PER_ELEMENT: number };

/** A typed array over `bytes` without copying when the offset allows it, else over a copy. */
function aligned<T>(bytes: Uint8Array, align: number, Ctor: ArrayCtor<T>, length: number): T {
  if (bytes.byteOffset % align === 0) return new Ctor(bytes.buffer, bytes.byteOffset, length);
  const copy = bytes.slice();
  return new Ctor(copy.buffer, 0, length);
}

function halfToFloat(bytes: Uint8Array): Float32Array {
  const n = bytes.length >>> 1;
  const halves = aligned(bytes, 2, Uint16Array, n);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const h = halves[i]!;
    const sign = h & 0x8000 ? -1 : 1;
    const exp = (h >>> 10) & 0x1f;
    const frac = h & 0x3ff;
    if (exp === 0) out[i] = sign * frac * 2 ** -24;
    else if (exp === 31) out[i] = frac ? NaN : sign * Infinity;
    else out[i] = sign * (1 + frac / 1024) * 2 ** (exp - 15);
  }
  return out;
}

function bfloat16ToFloat(bytes: Uint8Array): Float32Array {
  const n = bytes.length >>> 1;
  const halves = aligned(bytes, 2, Uint16Array, n);
  const out = new Float32Array(n);
  const bits = new Uint32Array(out.buffer);
  for (let i = 0; i < n; i++) bits[i] = halves[i]! << 16;
  return out;
}

function boolsOf(bytes: Uint8Array): Uint8Array {
  // Anything but 0/1 in a bool storage would break comparisons; PyTorch reads any non-zero byte as true.
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i]! > 1) {
      const out = new Uint8Array(bytes.length);
      for (let j = 0; j < bytes.length; j++) out[j] = bytes[j] ? 1 : 0;
      return out;
    }
  }
  return bytes;
}

/** The typed array torchlet keeps for a storage's bytes (a view of them where the layout allows). */
export function typedArrayOfStorage(s: StorageRecord): TypedArray {
  const b = s.bytes;
  switch (s.dtype) {
    case 'float32':
      return aligned(b, 4, Float32Array, b.length >>> 2);
    case 'float64':
      return aligned(b, 8, Float64Array, b.length >>> 3);
    case 'int64':
      return float64FromInt64Bytes(b);
    case 'int32':
      return aligned(b, 4, Int32Array, b.length >>> 2);
    case 'int16':
      return aligned(b, 2, Int16Array, b.length >>> 1);
    case 'int8':
      return new Int8Array(b.buffer, b.byteOffset, b.length);
    case 'uint8':
      return b;
    case 'bool':
      return boolsOf(b);
    case 'float16':
      return halfToFloat(b);
    case 'bfloat16':
      return bfloat16ToFloat(b);
    default:
      throw new SerializationError(`cannot load a storage of dtype ${String(s.dtype)}`);
  }
}

/** The little-endian bytes PyTorch stores for a torchlet storage (a view of it except for int64). */
export function storageBytesOf(data: TypedArray, dtype: DType): Uint8Array {
  if (dtype.name === 'int64') return int64BytesOf(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** Builds records for tensors, one StorageRecord per distinct storage and one record per tensor. */
export class TensorRecorder {
  private readonly storages = new Map<TypedArray, StorageRecord>();
  private readonly records = new Map<Tensor, TensorRecord | ParameterRecord>();

  /** A Parameter becomes a ParameterRecord (torch._utils._rebuild_parameter), any other tensor a TensorRecord. */
  record(t: Tensor): TensorRecord | ParameterRecord {
    let r = this.records.get(t);
    if (r) return r;
    const data = t._data;
    let storage = this.storages.get(data);
    if (!storage) {
      storage = new StorageRecord('', t.dtype.name as PtDtypeName, storageBytesOf(data, t.dtype));
      this.storages.set(data, storage);
    }
    const tensor = new TensorRecord({
      storage,
      shape: t._shape,
      strides: t._strides,
      storageOffset: t._offset,
      // A parameter's tensor is pickled from `.data`, which never requires grad.
      requiresGrad: t._isParameter ? false : t.requiresGrad,
    });
    r = t._isParameter ? new ParameterRecord(tensor, t.requiresGrad) : tensor;
    this.records.set(t, r);
    return r;
  }
}

/** Turns records into Tensors, sharing one typed array (and version counter) per storage. */
export class TensorRebuilder {
  private readonly storages = new Map<StorageRecord, { data: TypedArray; dtype: DType; version: VersionCounter }>();
  private readonly tensors = new Map<TensorRecord | ParameterRecord, Tensor>();

  /** Called with each storage before it is used, e.g. to apply map_location. */
  constructor(private readonly checkStorage: (s: StorageRecord) => void = () => {}) {}

  storageOf(s: StorageRecord): { data: TypedArray; dtype: DType; version: VersionCounter } {
    let entry = this.storages.get(s);
    if (!entry) {
      this.checkStorage(s);
      entry = { data: typedArrayOfStorage(s), dtype: torchletDtypeFor(s.dtype), version: new VersionCounter() };
      this.storages.set(s, entry);
    }
    return entry;
  }

  tensor(r: TensorRecord | ParameterRecord): Tensor {
    let t = this.tensors.get(r);
    if (t) return t;
    const rec = r instanceof ParameterRecord ? r.tensor : r;
    rec.validate();
    let numel = 1;
    for (const n of rec.shape) numel *= n;
    if (numel > MAX_TENSOR_NUMEL) {
      throw new SerializationError(
        `tensor of shape [${rec.shape.join(', ')}] has ${numel} elements, more than torchlet can hold (${MAX_TENSOR_NUMEL})`,
      );
    }
    const { data, dtype, version } = this.storageOf(rec.storage);
    t = new Tensor(data, rec.shape.slice(), dtype, rec.strides.slice(), rec.storageOffset, version);
    const requiresGrad = r instanceof ParameterRecord ? r.requiresGrad : rec.requiresGrad;
    if (requiresGrad && dtype.isFloatingPoint) t._requiresGrad = true;
    if (r instanceof ParameterRecord) t._isParameter = true;
    this.tensors.set(r, t);
    return t;
  }

  /** A bare storage (torch.save(t.storage())) comes back as a 1-D tensor over all of it. */
  storageTensor(s: StorageRecord): Tensor {
    const { data, dtype, version } = this.storageOf(s);
    return new Tensor(data, [data.length], dtype, [1], 0, version);
  }
}
