// Small helpers every op file uses: scalar handling, result dtypes, fresh outputs.
import {
  DType, bool, float32, int64, getDefaultDtype, promoteTypes, castValue, type TypedArray,
} from '../tensor/dtype.js';
import { Tensor, type Scalar, type TensorLike } from '../tensor/tensor.js';
import { numelOf } from '../tensor/shape.js';

export function isScalar(x: unknown): x is Scalar {
  return typeof x === 'number' || typeof x === 'boolean' || typeof x === 'bigint';
}

export function scalarValue(v: Scalar): number {
  return typeof v === 'boolean' ? (v ? 1 : 0) : Number(v);
}

/** The dtype PyTorch gives a bare Python scalar turned into a tensor. */
export function scalarDtype(v: Scalar): DType {
  if (typeof v === 'boolean') return bool;
  if (typeof v === 'bigint') return int64;
  return getDefaultDtype();
}

export function emptyTensor(shape: number[], dtype: DType): Tensor {
  return new Tensor(new (dtype.ArrayType)(numelOf(shape)) as TypedArray, shape, dtype);
}

export function scalarTensor(v: Scalar, dtype?: DType): Tensor {
  const d = dtype ?? scalarDtype(v);
  const data = new (d.ArrayType)(1) as TypedArray;
  data[0] = castValue(scalarValue(v), d);
  return new Tensor(data, [], d);
}

/**
 * A tensor operand from a tensor or a JS scalar. A scalar becomes a 0-d tensor of `dtype` when given
 * (the op's compute dtype, so 0.1 against a float64 tensor keeps its double value), else of its own dtype.
 */
export function toTensorArg(x: TensorLike, name = 'other', dtype?: DType): Tensor {
  if (x instanceof Tensor) return x;
  if (isScalar(x)) return scalarTensor(x, dtype);
  throw new TypeError(`${name} must be a Tensor or a number, got ${describe(x)}`);
}

/** A constant zero tensor shaped like `t` (a gradient that is zero even where `t` is inf or nan). */
export function zerosOf(t: Tensor): Tensor {
  return new Tensor(new (t.dtype.ArrayType)(numelOf(t._shape)) as TypedArray, t._shape.slice(), t.dtype);
}

export function describe(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'Array';
  if (typeof x === 'object') return (x as object).constructor?.name ?? 'object';
  return `${typeof x} ${String(x)}`;
}

type Category = 0 | 1 | 2; // bool, integer, floating

function category(d: DType): Category {
  return d === bool ? 0 : d.isFloatingPoint ? 2 : 1;
}

/**
 * PyTorch's result_type: dimensioned tensors outrank 0-d tensors, which outrank bare scalars; a
 * lower-ranked operand only matters when its category (bool < int < float) is higher.
 * A JS number is a Python float unless it is whole (JS cannot tell 1 from 1.0; a whole number with an
 * integer tensor acts as a Python int, which is what tutorial code means by it).
 */
export function resultType(a: TensorLike, b: TensorLike): DType {
  const ta = a instanceof Tensor;
  const tb = b instanceof Tensor;
  if (ta && tb) {
    const A = a as Tensor;
    const B = b as Tensor;
    const da = A._shape.length > 0;
    const db = B._shape.length > 0;
    if (da === db) return promoteTypes(A.dtype, B.dtype);
    const [hi, lo] = da ? [A.dtype, B.dtype] : [B.dtype, A.dtype];
    return category(lo) > category(hi) ? lo : hi;
  }
  if (ta || tb) {
    const t = (ta ? a : b) as Tensor;
    const s = (ta ? b : a) as Scalar;
    return withScalar(t.dtype, s);
  }
  return promoteTypes(scalarDtype(a as Scalar), scalarDtype(b as Scalar));
}

function withScalar(d: DType, s: Scalar): DType {
  if (typeof s === 'boolean') return d;
  const sc: Category = typeof s === 'bigint' || Number.isInteger(s) ? 1 : 2;
  if (category(d) >= sc) return d;
  if (sc === 2) return getDefaultDtype();
  return int64; // bool tensor with an integer scalar
}

/** Whether a dtype needs its values re-normalised after arithmetic (bool must stay 0/1). */
export function fixBool(out: Tensor): Tensor {
  if (out.dtype === bool) {
    const d = out._data;
    for (let i = 0; i < d.length; i++) d[i] = d[i] !== 0 ? 1 : 0;
  }
  return out;
}

/** Values of `t` in row-major order converted to `dtype` (a copy unless already that dtype and contiguous). */
export function valuesAs(t: Tensor, dtype: DType): TypedArray {
  const v = t._values();
  if (t.dtype === dtype) return v;
  const out = new (dtype.ArrayType)(v.length) as TypedArray;
  if (dtype === bool) for (let i = 0; i < v.length; i++) out[i] = v[i] !== 0 ? 1 : 0;
  else if (dtype === int64) for (let i = 0; i < v.length; i++) out[i] = Math.trunc(v[i]);
  else out.set(v);
  return out;
}

export function defaultFloat(d: DType): DType {
  return d.isFloatingPoint ? d : getDefaultDtype();
}

export { float32 };
