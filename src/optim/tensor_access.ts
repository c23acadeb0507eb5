// Optimizers update parameters and their state in place, element by element, straight on the typed
// arrays: one pass per parameter, no temporary tensors. These helpers give that raw access safely for
// any layout and make the writes visible the way an in-place op would (version bump).
import { Tensor } from '../tensor/tensor.js';
import { float32, type DType, type TypedArray } from '../tensor/dtype.js';
import { gatherStrided, scatterStrided } from '../tensor/strided.js';

/** The elements of `t` in row-major order, writable: its own storage when contiguous, else a copy. */
export function writableValues(t: Tensor): TypedArray {
  const n = t.numel();
  if (t._contiguous) {
    const d = t._data;
    if (t._offset === 0 && d.length === n) return d;
    return d.subarray(t._offset, t._offset + n) as TypedArray;
  }
  const out = new t.dtype.ArrayType(n) as TypedArray;
  gatherStrided(t._data, t._shape, t._strides, t._offset, out);
  return out;
}

/** Publishes writes made to what `writableValues(t)` returned. */
export function commitValues(t: Tensor, values: TypedArray): void {
  if (!t._contiguous) scatterStrided(t._data, t._shape, t._strides, t._offset, values);
  t._version.version++;
}

/** The gradient's elements, checked against the parameter it belongs to. */
export function gradValues(param: Tensor, grad: Tensor): ArrayLike<number> {
  const a = grad._shape;
  const b = param._shape;
  if (a.length !== b.length || a.some((d, i) => d !== b[i])) {
    throw new RangeError(
      `the gradient of shape [${grad._shape.join(', ')}] does not match its parameter of shape [${param._shape.join(', ')}]`,
    );
  }
  return grad._values();
}

export function zerosLikeParam(p: Tensor): Tensor {
  return new Tensor(new p.dtype.ArrayType(p.numel()) as TypedArray, p._shape.slice(), p.dtype);
}

export function fullLikeParam(p: Tensor, value: number): Tensor {
  const t = zerosLikeParam(p);
  t._data.fill(value);
  return t;
}

/** A 0-d tensor, as `torch.tensor(x)` makes for step counters (float32 in PyTorch 1.13). */
export function scalarTensor(value: number, dtype: DType = float32): Tensor {
  const data = new dtype.ArrayType(1) as TypedArray;
  data[0] = value;
  return new Tensor(data, [], dtype);
}

export function checkFloatingParam(p: Tensor, owner: string): void {
  if (!p.dtype.isFloatingPoint) {
    throw new TypeError(`${owner} can only update floating point parameters, got one of dtype ${p.dtype}`);
  }
}

/** Rounds a result to a dtype: Math.fround for float32, nothing for float64. */
export type Rounding = (x: number) => number;

const identity: Rounding = (x) => x;

/**
 * The rounding one tensor op applies to its result. PyTorch computes float32 parameters in float32,
 * rounding after every op; reproducing each rounding keeps trajectories on PyTorch's.
 */
export function roundingFor(dtype: DType): Rounding {
  return dtype === float32 ? Math.fround : identity;
}
