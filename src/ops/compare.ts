// Comparisons and logic: eq/ne/lt/le/gt/ge (bool results), logical and/or/xor/not, isnan/isinf/
// isfinite, where, and the whole-tensor predicates equal, allclose, isclose.
import { bool, float64, type TypedArray } from '../tensor/dtype.js';
import { Tensor, type TensorLike } from '../tensor/tensor.js';
import { broadcastShapesMany, broadcastStrides, numelOf, shapesEqual } from '../tensor/shape.js';
import { gatherStrided } from '../tensor/strided.js';
import { needsGrad2, recordOp } from '../autograd/function.js';
import { binaryMap, unaryMap } from './elementwise_core.js';
import { resultType, toTensorArg, isScalar, scalarValue, describe } from './util.js';
import { isOptions, type Options } from './options.js';
import { sumTo } from './reduce.js';

type Cmp = (x: number, y: number) => number;

function compare(a: Tensor, b: TensorLike, f: Cmp): Tensor {
  if (!(a instanceof Tensor)) throw new TypeError(`comparison expects a Tensor, got ${describe(a)}`);
  const compute = resultType(a, b);
  return binaryMap(a, toTensorArg(b, 'other', compute), bool, f, compute);
}

export const eq = (a: Tensor, b: TensorLike): Tensor => compare(a, b, (x, y) => (x === y ? 1 : 0));
export const ne = (a: Tensor, b: TensorLike): Tensor => compare(a, b, (x, y) => (x !== y ? 1 : 0));
export const lt = (a: Tensor, b: TensorLike): Tensor => compare(a, b, (x, y) => (x < y ? 1 : 0));
export const le = (a: Tensor, b: TensorLike): Tensor => compare(a, b, (x, y) => (x <= y ? 1 : 0));
export const gt = (a: Tensor, b: TensorLike): Tensor => compare(a, b, (x, y) => (x > y ? 1 : 0));
export const ge = (a: Tensor, b: TensorLike): Tensor => compare(a, b, (x, y) => (x >= y ? 1 : 0));

// A scalar operand is held in a double so that its truthiness survives (1e-50 is true).
export const logicalAnd = (a: Tensor, b: TensorLike): Tensor =>
  binaryMap(a, toTensorArg(b, 'other', float64), bool, (x, y) => (x !== 0 && y !== 0 ? 1 : 0));
export const logicalOr = (a: Tensor, b: TensorLike): Tensor =>
  binaryMap(a, toTensorArg(b, 'other', float64), bool, (x, y) => (x !== 0 || y !== 0 ? 1 : 0));
export const logicalXor = (a: Tensor, b: TensorLike): Tensor =>
  binaryMap(a, toTensorArg(b, 'other', float64), bool, (x, y) => ((x !== 0) !== (y !== 0) ? 1 : 0));
export const logicalNot = (a: Tensor): Tensor => unaryMap(a, bool, (x) => (x === 0 ? 1 : 0));

export const isnan = (a: Tensor): Tensor => unaryMap(a, bool, (x) => (x !== x ? 1 : 0));
export const isinf = (a: Tensor): Tensor => unaryMap(a, bool, (x) => (x === Infinity || x === -Infinity ? 1 : 0));
export const isfinite = (a: Tensor): Tensor => unaryMap(a, bool, (x) => (Number.isFinite(x) ? 1 : 0));
export const isposinf = (a: Tensor): Tensor => unaryMap(a, bool, (x) => (x === Infinity ? 1 : 0));
export const isneginf = (a: Tensor): Tensor => unaryMap(a, bool, (x) => (x === -Infinity ? 1 : 0));

/** `torch.where(cond, x, y)`: x where cond is true, else y; x and y may be numbers. */
export function where(cond: Tensor, x?: TensorLike, y?: TensorLike): Tensor | Tensor[] {
  if (x === undefined && y === undefined) return cond.nonzero({ asTuple: true }) as Tensor[];
  if (!(cond instanceof Tensor)) throw new TypeError(`where(): condition must be a Tensor, got ${describe(cond)}`);
  if (cond.dtype !== bool && cond.dtype.name !== 'uint8') {
    throw new TypeError(`where expected condition to be a boolean tensor, but got a tensor with dtype ${cond.dtype.name === 'float32' ? 'Float' : cond.dtype.name}`);
  }
  if (!(x instanceof Tensor) && !isScalar(x)) throw new TypeError(`where(): input must be a Tensor or a number, got ${describe(x)}`);
  if (!(y instanceof Tensor) && !isScalar(y)) throw new TypeError(`where(): other must be a Tensor or a number, got ${describe(y)}`);
  const dtype = resultType(x as TensorLike, y as TensorLike);
  const xt = toTensorArg(x as TensorLike, 'input', dtype);
  const yt = toTensorArg(y as TensorLike, 'other', dtype);
  const shape = broadcastShapesMany([cond._shape, xt._shape, yt._shape]);
  const n = numelOf(shape);
  const read = (t: Tensor): ArrayLike<number> => {
    if (shapesEqual(t._shape, shape) && t._contiguous) return t._values();
    const out = new Float64Array(n);
    gatherStrided(t._data, shape, broadcastStrides(t._shape, t._strides, shape), t._offset, out);
    return out;
  };
  const c = read(cond);
  const xv = read(xt);
  const yv = read(yt);
  const out = new (dtype.ArrayType)(n) as TypedArray;
  for (let i = 0; i < n; i++) out[i] = c[i] !== 0 ? xv[i] : yv[i];
  const r = new Tensor(out, shape, dtype);
  if (needsGrad2(xt, yt)) {
    recordOp(r, 'WhereBackward0', [xt, yt], (g) => [
      xt._requiresGrad ? sumTo(where(cond, g, 0) as Tensor, xt._shape) : null,
      yt._requiresGrad ? sumTo(where(cond, 0, g) as Tensor, yt._shape) : null,
    ]);
  }
  return r;
}

/** True when both tensors have the same shape and values (dtype may differ, as in PyTorch 1.13). */
export function equal(a: Tensor, b: Tensor): boolean {
  if (!(a instanceof Tensor) || !(b instanceof Tensor)) {
    throw new TypeError(`equal(): expected two Tensors, got ${describe(a)} and ${describe(b)}`);
  }
  if (!shapesEqual(a._shape, b._shape)) return false;
  const av = a._values();
  const bv = b._values();
  for (let i = 0; i < av.length; i++) if (av[i] !== bv[i]) return false;
  return true;
}

interface CloseOpts { rtol?: number; atol?: number; equalNan?: boolean }

function closeArgs(rtol: number | Options | undefined, atol: number | undefined, equalNan: boolean | undefined): Required<CloseOpts> {
  if (isOptions(rtol)) {
    const o = rtol as CloseOpts;
    return { rtol: o.rtol ?? 1e-5, atol: o.atol ?? 1e-8, equalNan: o.equalNan ?? false };
  }
  return { rtol: (rtol as number | undefined) ?? 1e-5, atol: atol ?? 1e-8, equalNan: equalNan ?? false };
}

export function isclose(a: Tensor, b: TensorLike, rtol?: number | Options, atol?: number, equalNan?: boolean): Tensor {
  const o = closeArgs(rtol, atol, equalNan);
  const compute = resultType(a, b);
  return binaryMap(a, toTensorArg(b, 'other', compute), bool, (x, y) => {
    if (x === y) return 1;
    if (x !== x || y !== y) return o.equalNan && x !== x && y !== y ? 1 : 0;
    if (!Number.isFinite(x) || !Number.isFinite(y)) return 0;
    return Math.abs(x - y) <= o.atol + o.rtol * Math.abs(y) ? 1 : 0;
  }, compute);
}

export function allclose(a: Tensor, b: TensorLike, rtol?: number | Options, atol?: number, equalNan?: boolean): boolean {
  const c = isclose(a, b, rtol, atol, equalNan)._values();
  for (let i = 0; i < c.length; i++) if (c[i] === 0) return false;
  return true;
}

declare module '../tensor/tensor.js' {
  interface Tensor {
    eq(other: TensorLike): Tensor;
    ne(other: TensorLike): Tensor;
    lt(other: TensorLike): Tensor;
    le(other: TensorLike): Tensor;
    gt(other: TensorLike): Tensor;
    ge(other: TensorLike): Tensor;
    greater(other: TensorLike): Tensor;
    less(other: TensorLike): Tensor;
    greaterEqual(other: TensorLike): Tensor;
    lessEqual(other: TensorLike): Tensor;
    notEqual(other: TensorLike): Tensor;
    logicalAnd(other: TensorLike): Tensor;
    logicalOr(other: TensorLike): Tensor;
    logicalXor(other: TensorLike): Tensor;
    logicalNot(): Tensor;
    isnan(): Tensor;
    isinf(): Tensor;
    isfinite(): Tensor;
    where(condition: Tensor, other: TensorLike): Tensor;
    equal(other: Tensor): boolean;
    allclose(other: TensorLike, rtol?: number | Options, atol?: number, equalNan?: boolean): boolean;
    isclose(other: TensorLike, rtol?: number | Options, atol?: number, equalNan?: boolean): Tensor;
  }
}

const P = Tensor.prototype;
P.eq = function (o) { return eq(this, o); };
P.ne = function (o) { return ne(this, o); };
P.lt = function (o) { return lt(this, o); };
P.le = function (o) { return le(this, o); };
P.gt = function (o) { return gt(this, o); };
P.ge = function (o) { return ge(this, o); };
P.greater = P.gt;
P.less = P.lt;
P.greaterEqual = P.ge;
P.lessEqual = P.le;
P.notEqual = P.ne;
P.logicalAnd = function (o) { return logicalAnd(this, o); };
P.logicalOr = function (o) { return logicalOr(this, o); };
P.logicalXor = function (o) { return logicalXor(this, o); };
P.logicalNot = function () { return logicalNot(this); };
P.isnan = function () { return isnan(this); };
P.isinf = function () { return isinf(this); };
P.isfinite = function () { return isfinite(this); };
P.where = function (c, o) { return where(c, this, o) as Tensor; };
P.equal = function (o) { return equal(this, o); };
P.allclose = function (o, r, a, e) { return allclose(this, o, r, a, e); };
P.isclose = function (o, r, a, e) { return isclose(this, o, r, a, e); };

export { scalarValue };
