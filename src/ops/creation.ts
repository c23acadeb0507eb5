// Tensor factories: from JS data, typed arrays (sharing memory), and the filled/range constructors.
import {
  DType, bool, float32, float64, int16, int32, int64, int8, uint8, getDefaultDtype, castValue, toDType,
  type TypedArray,
} from '../tensor/dtype.js';
import { Tensor, type Scalar } from '../tensor/tensor.js';
import { checkShape, numelOf, shapeFromArgs } from '../tensor/shape.js';
import { fmaF32 } from '../tensor/fma.js';
import { isOptions, optBool, optDtype, splitOptions, type Options } from './options.js';
import { describe, isScalar, scalarDtype, scalarValue } from './util.js';

function finish(t: Tensor, o: Options | undefined): Tensor {
  if (optBool(o, 'requiresGrad', false)) t.requiresGrad_(true);
  return t;
}

function dtypeOfTypedArray(a: ArrayBufferView): DType {
  if (a instanceof Float32Array) return float32;
  if (a instanceof Float64Array) return float64;
  if (a instanceof Int32Array) return int32;
  if (a instanceof Int16Array) return int16;
  if (a instanceof Int8Array) return int8;
  if (a instanceof Uint8Array || a instanceof Uint8ClampedArray) return uint8;
  if (a instanceof BigInt64Array) return int64;
  throw new TypeError(`unsupported typed array ${a.constructor.name}`);
}

interface Inferred {
  shape: number[];
  kind: 'bool' | 'int' | 'float';
  flat: (number | boolean | bigint)[];
  tensorDtype: DType | null;
}

/** Walks nested arrays, checking they are rectangular, collecting leaves in row-major order. */
function inferNested(data: unknown): Inferred {
  const shape: number[] = [];
  let probe: unknown = data;
  while (Array.isArray(probe) || ArrayBuffer.isView(probe)) {
    const len = (probe as ArrayLike<unknown>).length;
    shape.push(len);
    if (len === 0) break;
    probe = (probe as ArrayLike<unknown>)[0];
  }
  if (probe instanceof Tensor) shape.push(...probe._shape);
  const flat: (number | boolean | bigint)[] = [];
  let kind: Inferred['kind'] = 'bool';
  let tensorDtype: DType | null = null;
  const note = (v: unknown, path: string): void => {
    if (typeof v === 'number') kind = 'float';
    else if (typeof v === 'bigint') {
      if (kind === 'bool') kind = 'int';
    } else if (typeof v !== 'boolean') {
      throw new TypeError(`Could not infer dtype of ${describe(v)} at ${path || 'top level'}`);
    }
    flat.push(v as number);
  };
  const walk = (x: unknown, d: number, path: string): void => {
    if (d === shape.length) {
      note(x, path);
      return;
    }
    if (x instanceof Tensor) {
      const rest = shape.slice(d);
      if (rest.length !== x._shape.length || rest.some((s, i) => s !== x._shape[i])) {
        throw new RangeError(`expected a tensor of shape [${rest.join(', ')}] at ${path}, got [${x._shape.join(', ')}]`);
      }
      tensorDtype = tensorDtype ?? x.dtype;
      if (x.dtype.isFloatingPoint) kind = 'float';
      else if (x.dtype.name !== 'bool' && kind === 'bool') kind = 'int';
      const vals = x._values();
      for (let i = 0; i < vals.length; i++) flat.push(vals[i]);
      return;
    }
    const isSeq = Array.isArray(x) || ArrayBuffer.isView(x);
    if (!isSeq) {
      throw new RangeError(`expected sequence of length ${shape[d]} at dim ${d} (got a scalar at ${path})`);
    }
    const arr = x as ArrayLike<unknown>;
    if (arr.length !== shape[d]) {
      throw new RangeError(`expected sequence of length ${shape[d]} at dim ${d} (got ${arr.length})`);
    }
    if (x instanceof BigInt64Array) {
      if (kind === 'bool') kind = 'int';
      for (let i = 0; i < arr.length; i++) flat.push(arr[i] as bigint);
      if (d !== shape.length - 1) throw new RangeError(`expected sequence at dim ${d + 1}, got numbers`);
      return;
    }
    if (ArrayBuffer.isView(x) && d === shape.length - 1) {
      // A typed array inside nested arrays counts like a tensor of its own dtype.
      const td = dtypeOfTypedArray(x);
      tensorDtype = tensorDtype ?? td;
      if (td.isFloatingPoint) kind = 'float';
      else if (kind === 'bool') kind = 'int';
      for (let i = 0; i < arr.length; i++) flat.push(arr[i] as number);
      return;
    }
    for (let i = 0; i < arr.length; i++) walk(arr[i], d + 1, `${path}[${i}]`);
  };
  walk(data, 0, '');
  return { shape, kind, flat, tensorDtype };
}

/** `torch.tensor(data, { dtype, requiresGrad })`: always copies. */
export function tensor(data: unknown, opts?: Options): Tensor {
  let dtype = optDtype(opts);
  if (data instanceof Tensor) {
    const d = dtype ?? data.dtype;
    const vals = data._values();
    const out = new (d.ArrayType)(vals.length) as TypedArray;
    for (let i = 0; i < vals.length; i++) out[i] = castValue(vals[i], d);
    return finish(new Tensor(out, data.shape, d), opts);
  }
  if (isScalar(data)) {
    const d = dtype ?? scalarDtype(data);
    const arr = new (d.ArrayType)(1) as TypedArray;
    arr[0] = castValue(scalarValue(data), d);
    return finish(new Tensor(arr, [], d), opts);
  }
  if (ArrayBuffer.isView(data) && !(data instanceof DataView)) {
    const src = data as unknown as ArrayLike<number | bigint>;
    const d = dtype ?? dtypeOfTypedArray(data);
    const out = new (d.ArrayType)(src.length) as TypedArray;
    for (let i = 0; i < src.length; i++) out[i] = castValue(Number(src[i]), d);
    return finish(new Tensor(out, [src.length], d), opts);
  }
  if (!Array.isArray(data)) {
    throw new TypeError(`tensor(): could not create a tensor from ${describe(data)}`);
  }
  const inf = inferNested(data);
  if (!dtype) {
    if (inf.tensorDtype && inf.kind !== 'float') dtype = inf.tensorDtype;
    else if (inf.tensorDtype && inf.tensorDtype.isFloatingPoint) dtype = inf.tensorDtype;
    else dtype = inf.kind === 'bool' && inf.flat.length > 0 ? bool : inf.kind === 'int' ? int64 : getDefaultDtype();
  }
  const n = numelOf(inf.shape);
  const out = new (dtype.ArrayType)(n) as TypedArray;
  for (let i = 0; i < n; i++) {
    const v = inf.flat[i];
    out[i] = castValue(typeof v === 'boolean' ? (v ? 1 : 0) : Number(v), dtype);
  }
  return finish(new Tensor(out, inf.shape, dtype), opts);
}

/**
 * `torch.from(typedArray, shape?)`, the counterpart of `torch.from_numpy`: the tensor shares the
 * array's memory. BigInt64Array is copied (int64 values are held as doubles internally).
 */
export function from(array: ArrayBufferView, shape?: number[]): Tensor {
  if (!ArrayBuffer.isView(array) || array instanceof DataView) {
    throw new TypeError(`from() expects a typed array, got ${describe(array)}`);
  }
  const dtype = dtypeOfTypedArray(array);
  const len = (array as unknown as ArrayLike<number>).length;
  const sh = shape ?? [len];
  checkShape(sh);
  if (numelOf(sh) !== len) {
    throw new RangeError(`shape [${sh.join(', ')}] is invalid for a typed array of length ${len}`);
  }
  let data: TypedArray;
  if (array instanceof BigInt64Array) data = Float64Array.from(array, (x) => Number(x));
  else if (array instanceof Uint8ClampedArray) data = new Uint8Array(array.buffer, array.byteOffset, len);
  else data = array as unknown as TypedArray;
  return new Tensor(data, sh.slice(), dtype);
}

export const fromNumpy = from;

/** Shape then options, for `zeros(2, 3, { dtype })` and `zeros([2, 3], { dtype })`. */
function shapeAndOptions(args: unknown[]): [number[], Options] {
  const [pos, o] = splitOptions(args);
  const shape = shapeFromArgs(pos);
  checkShape(shape, 'size');
  return [shape, o];
}

export function full(size: number[], fillValue: Scalar, opts?: Options): Tensor {
  checkShape(size, 'size');
  const dtype = optDtype(opts) ?? scalarDtype(fillValue);
  const n = numelOf(size);
  const data = new (dtype.ArrayType)(n) as TypedArray;
  const v = castValue(scalarValue(fillValue), dtype);
  if (v !== 0) data.fill(v);
  return finish(new Tensor(data, size.slice(), dtype), opts);
}

export function zeros(...args: unknown[]): Tensor {
  const [shape, o] = shapeAndOptions(args);
  const dtype = optDtype(o) ?? getDefaultDtype();
  return finish(new Tensor(new (dtype.ArrayType)(numelOf(shape)) as TypedArray, shape, dtype), o);
}

export function ones(...args: unknown[]): Tensor {
  const [shape, o] = shapeAndOptions(args);
  return full(shape, 1, { ...o, dtype: optDtype(o) ?? getDefaultDtype() });
}

/** Uninitialised in PyTorch; zero-filled here (typed arrays always are). */
export function empty(...args: unknown[]): Tensor {
  return zeros(...args);
}

function likeOptions(t: Tensor, o: Options | undefined): Options {
  return { ...o, dtype: optDtype(o) ?? t.dtype };
}
export function zerosLike(t: Tensor, opts?: Options): Tensor {
  return zeros(t._shape, likeOptions(t, opts));
}
export function onesLike(t: Tensor, opts?: Options): Tensor {
  return ones(t._shape, likeOptions(t, opts));
}
export function emptyLike(t: Tensor, opts?: Options): Tensor {
  return zeros(t._shape, likeOptions(t, opts));
}
export function fullLike(t: Tensor, fillValue: Scalar, opts?: Options): Tensor {
  return full(t._shape, fillValue, likeOptions(t, opts));
}

export function eye(n: number, m?: number | Options, opts?: Options): Tensor {
  if (isOptions(m)) {
    opts = m;
    m = undefined;
  }
  const cols = (m as number | undefined) ?? n;
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be greater or equal to 0, got ${n}`);
  if (!Number.isInteger(cols) || cols < 0) throw new RangeError(`m must be greater or equal to 0, got ${cols}`);
  const dtype = optDtype(opts) ?? getDefaultDtype();
  const data = new (dtype.ArrayType)(n * cols) as TypedArray;
  for (let i = 0; i < Math.min(n, cols); i++) data[i * cols + i] = 1;
  return finish(new Tensor(data, [n, cols], dtype), opts);
}

/** `arange(end)`, `arange(start, end, step?)`; whole-number arguments give int64 as in PyTorch. */
export function arange(...args: unknown[]): Tensor {
  const [pos, o] = splitOptions(args);
  let start = 0;
  let end: number;
  let step = 1;
  if (pos.length === 1) end = Number(pos[0]);
  else {
    start = Number(pos[0]);
    end = Number(pos[1]);
    if (pos.length > 2) step = Number(pos[2]);
  }
  for (const v of [start, end, step]) {
    if (!Number.isFinite(v)) throw new RangeError(`unsupported range: ${start} -> ${end} (step ${step})`);
  }
  if (step === 0) throw new RangeError('step must be nonzero');
  if ((step > 0 && end < start) || (step < 0 && end > start)) {
    throw new RangeError('upper bound and larger bound inconsistent with step sign');
  }
  const allInt = pos.every((v) => typeof v === 'bigint' || Number.isInteger(v as number));
  const dtype = optDtype(o) ?? (allInt ? int64 : getDefaultDtype());
  const n = Math.ceil((end - start) / step);
  const data = new (dtype.ArrayType)(n) as TypedArray;
  for (let i = 0; i < n; i++) data[i] = castValue(start + i * step, dtype);
  return finish(new Tensor(data, [n], dtype), o);
}

/**
 * `linspace(start, end, steps)`. Float32 values follow PyTorch's AVX2 CPU kernel bit for bit: the step
 * is computed in float32; values come in blocks of 8 lanes (two blocks per pass) whose first lane is
 * one fused multiply-add from `start` (first half) or `end` (second half) and whose other lanes add
 * `k * step` to it with two roundings; elements after the last full pass are one fused multiply-add each.
 */
export function linspace(start: number, end: number, steps: number, opts?: Options): Tensor {
  if (!Number.isInteger(steps) || steps < 0) throw new RangeError(`number of steps must be non-negative, got ${steps}`);
  const dtype = optDtype(opts) ?? getDefaultDtype();
  const data = new (dtype.ArrayType)(steps) as TypedArray;
  if (steps === 1) data[0] = castValue(start, dtype);
  else if (steps > 1) {
    if (dtype === float32) linspaceF32(start, end, steps, data as Float32Array);
    else {
      const step = (end - start) / (steps - 1);
      const half = Math.floor(steps / 2);
      for (let i = 0; i < steps; i++) {
        data[i] = castValue(i < half ? start + step * i : end - step * (steps - i - 1), dtype);
      }
    }
  }
  return finish(new Tensor(data, [steps], dtype), opts);
}

function linspaceF32(start: number, end: number, steps: number, out: Float32Array): void {
  const s = Math.fround(start);
  const e = Math.fround(end);
  const step = Math.fround((e - s) / (steps - 1));
  const half = Math.floor(steps / 2);
  const point = (i: number): number => (i < half ? fmaF32(step, i, s) : fmaF32(-step, steps - i - 1, e));
  const LANES = 8;
  let i = 0;
  for (; i + 2 * LANES <= steps; i += 2 * LANES) {
    for (let v = i; v < i + 2 * LANES; v += LANES) {
      const base = point(v);
      out[v] = base;
      for (let k = 1; k < LANES; k++) out[v + k] = base + Math.fround(k * step);
    }
  }
  for (; i < steps; i++) out[i] = point(i);
}

export function logspace(start: number, end: number, steps: number, base: number | Options = 10, opts?: Options): Tensor {
  if (isOptions(base)) {
    opts = base;
    base = (opts.base as number | undefined) ?? 10;
  }
  const lin = linspace(start, end, steps, { dtype: float64 });
  const dtype = optDtype(opts) ?? getDefaultDtype();
  const data = new (dtype.ArrayType)(steps) as TypedArray;
  const v = lin._data;
  for (let i = 0; i < steps; i++) data[i] = castValue(Math.pow(base as number, v[i]), dtype);
  return finish(new Tensor(data, [steps], dtype), opts);
}

export function scalarTensorOf(v: Scalar, dtype?: DType | string): Tensor {
  return tensor(v, dtype === undefined ? undefined : { dtype: toDType(dtype) });
}

export { bool, uint8 };
