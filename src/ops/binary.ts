// Binary arithmetic: add, sub, mul, div, pow, remainder, fmod, floorDivide, atan2, maximum, minimum,
// with broadcasting, PyTorch's type promotion, their in-place forms and their backward formulas.
import { DType, bool, float32, int64, getDefaultDtype, castValue, type TypedArray } from '../tensor/dtype.js';
import { Tensor, type Scalar, type TensorLike } from '../tensor/tensor.js';
import { shapesEqual } from '../tensor/shape.js';
import { needsGrad2, recordOp, checkInPlace, commitInPlace } from '../autograd/function.js';
import { addContiguous, mulContiguous, subContiguous, divContiguous, mulScalarContiguous, addScalarContiguous } from '../backend/elementwise.js';
import { binaryMap, writeInPlace, checkInPlaceDtype, finishInt } from './elementwise_core.js';
import { ADD, SUB, MUL, DIV, arithTensors, arithScalar } from './fast_arith.js';
import { isScalar, resultType, scalarValue, toTensorArg, describe, valuesAs, zerosOf, scalarTensor } from './util.js';
import { splitOptions, type Options } from './options.js';
import { sumTo } from './reduce.js';
import { where } from './compare.js';

/** What a product's backward reads: each operand only if the other one needs its gradient. */
function savedFor(a: Tensor, b: Tensor): Tensor[] {
  const s: Tensor[] = [];
  if (b._requiresGrad) s.push(a);
  if (a._requiresGrad) s.push(b);
  return s;
}

type Fn = (x: number, y: number) => number;

function checkOperand(x: unknown, name: string): void {
  if (!(x instanceof Tensor) && !isScalar(x)) {
    throw new TypeError(`${name} must be a Tensor or a number, got ${describe(x)}`);
  }
}

/** Computes `f(a, b)` for a tensor and a tensor-or-scalar, with the scalar cast to the compute dtype first. */
function compute(a: Tensor, b: TensorLike, out: DType, f: Fn, scalarFast?: (v: ArrayLike<number>, s: number, o: TypedArray) => void): Tensor {
  if (isScalar(b)) {
    const s = castValue(scalarValue(b), out);
    // The tensor is converted to the compute dtype first, as PyTorch does (an int32 tensor plus 0.5
    // is rounded to float32 before the addition).
    const av = a.dtype === out || out === bool ? a._values() : valuesAs(a, out);
    const res = new (out.ArrayType)(av.length) as TypedArray;
    if (scalarFast !== undefined && out.isFloatingPoint) scalarFast(av, s, res);
    else for (let i = 0; i < av.length; i++) res[i] = f(av[i], s);
    return finishInt(new Tensor(res, a._shape.slice(), out));
  }
  return binaryMap(a, b as Tensor, out, f);
}

/**
 * The common case first: float operands of one dtype in the layouts training produces, or a float
 * tensor and a JS number (whose result keeps the tensor's dtype). Null sends the op the general way.
 */
function fastArith(input: Tensor, other: TensorLike, op: number, alpha: number): Tensor | null {
  const d = input.dtype;
  if (other instanceof Tensor) return arithTensors(input, other, op, d === float32 ? Math.fround(alpha) : alpha);
  if (typeof other !== 'number' || !d.isFloatingPoint) return null;
  const s = castValue(other, d);
  // The general path folds alpha and a subtraction's sign into the scalar, rounded as it does.
  if (op === ADD) return arithScalar(input, alpha === 1 ? s : castValue(s * alpha, d), ADD);
  if (op === SUB) return arithScalar(input, castValue(-s * alpha, d), ADD);
  return arithScalar(input, s, op);
}

// ---- add / sub ---------------------------------------------------------------------------------

function alphaOf(o: Options | undefined): number {
  const a = o?.alpha;
  if (a === undefined) return 1;
  if (typeof a !== 'number') throw new TypeError(`alpha must be a number, got ${String(a)}`);
  return a;
}

/** AddBackward0 for `input + alpha * other` (other null when it was a number). */
function recordAdd(r: Tensor, input: Tensor, other: Tensor | null, alpha: number): void {
  const aShape = input._shape;
  const bShape = other === null ? null : other._shape;
  recordOp(r, 'AddBackward0', [input, other], (g) => [
    sumTo(g, aShape),
    bShape === null ? null : sumTo(alpha === 1 ? g : g.mul(alpha), bShape),
  ]);
}

/**
 * `input ± alpha·other` through `kernel` when both are contiguous tensors of one shape and of the
 * float result dtype (alpha rounded to it first, as PyTorch does); null for any other layout.
 */
function sameLayoutFloat(
  input: Tensor,
  other: TensorLike,
  out: DType,
  alpha: number,
  kernel: (a: ArrayLike<number>, b: ArrayLike<number>, alpha: number, out: TypedArray) => void,
): Tensor | null {
  if (isScalar(other)) return null;
  const b = other as Tensor;
  if (
    input.dtype !== out || b.dtype !== out || !out.isFloatingPoint ||
    !input._contiguous || !b._contiguous || !shapesEqual(input._shape, b._shape)
  ) return null;
  const res = new (out.ArrayType)(input.numel());
  kernel(input._values(), b._values(), out === float32 ? Math.fround(alpha) : alpha, res);
  return new Tensor(res, input._shape.slice(), out);
}

export function add(input: TensorLike, other: TensorLike, opts?: Options | number): Tensor {
  // `a.add(b)` on two tensors in a layout fast_arith takes: one type check each and straight to the loop.
  if (opts === undefined && other instanceof Tensor && input instanceof Tensor) {
    const r = arithTensors(input, other, ADD, 1);
    if (r !== null) {
      if (needsGrad2(input, other)) recordAdd(r, input, other, 1);
      return r;
    }
  }
  const alpha = typeof opts === 'number' ? opts : alphaOf(opts);
  if (!(input instanceof Tensor)) {
    checkOperand(input, 'input');
    // `2 + t` is t.add(2) in Python: the tensor's dtype rules apply.
    if (other instanceof Tensor) return alpha === 1 ? add(other, input) : add(mul(other, alpha), input);
    return add(scalarTensor(input as Scalar), other, alpha);
  }
  let r = fastArith(input, other, ADD, alpha);
  if (r === null) {
    checkOperand(other, 'other');
    const out = resultType(input, other);
    if (!out.isFloatingPoint && !Number.isInteger(alpha)) {
      throw new TypeError('For integral input tensors, argument alpha must not be a floating point number.');
    }
    const same = sameLayoutFloat(input, other, out, alpha, addContiguous);
    if (same !== null) r = same;
    else if (isScalar(other)) {
      const s = castValue(castValue(scalarValue(other), out) * alpha, out);
      r = compute(input, s, out, (x, y) => x + y, addScalarContiguous);
    } else if (alpha === 1) r = compute(input, other, out, (x, y) => x + y);
    else {
      const al = castValue(alpha, out);
      r = compute(input, other, out, (x, y) => x + al * y);
    }
  }
  const b = other instanceof Tensor ? other : null;
  if (needsGrad2(input, b)) recordAdd(r, input, b, alpha);
  return r;
}

export function sub(input: TensorLike, other: TensorLike, opts?: Options | number): Tensor {
  const alpha = typeof opts === 'number' ? opts : alphaOf(opts);
  if (!(input instanceof Tensor)) return rsub(toTensorArg(other, 'other'), input, { alpha });
  let r = fastArith(input, other, SUB, alpha);
  if (r === null) {
    checkOperand(other, 'other');
    checkBoolSub(input, other);
    const out = resultType(input, other);
    const same = sameLayoutFloat(input, other, out, alpha, subContiguous);
    if (same !== null) r = same;
    else if (isScalar(other)) {
      const s = castValue(-castValue(scalarValue(other), out) * alpha, out);
      r = compute(input, s, out, (x, y) => x + y, addScalarContiguous);
    } else {
      const al = castValue(alpha, out);
      r = compute(input, other, out, alpha === 1 ? (x, y) => x - y : (x, y) => x - al * y);
    }
  }
  if (needsGrad2(input, other instanceof Tensor ? other : null)) {
    const aShape = input._shape;
    const bShape = other instanceof Tensor ? other._shape : null;
    recordOp(r, 'SubBackward0', [input, other instanceof Tensor ? other : null], (g) => [
      sumTo(g, aShape),
      bShape === null ? null : sumTo(g.mul(-alpha), bShape),
    ]);
  }
  return r;
}

/** PyTorch refuses subtraction with a bool operand (a bool scalar counts as one). */
function checkBoolSub(a: Tensor, b: TensorLike): void {
  const aBool = a.dtype === bool;
  const bBool = typeof b === 'boolean' || (b instanceof Tensor && b.dtype === bool);
  if (aBool && bBool) {
    throw new TypeError(
      'Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.',
    );
  }
  if (aBool || bBool) {
    throw new TypeError(
      'Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.',
    );
  }
}

/** `other - alpha * input` (PyTorch's rsub, what `2 - x` means). */
export function rsub(input: Tensor, other: TensorLike, opts?: Options | number): Tensor {
  const alpha = typeof opts === 'number' ? opts : alphaOf(opts);
  if (other instanceof Tensor) return sub(other, input, { alpha });
  checkOperand(other, 'other');
  checkBoolSub(input, other);
  const out = resultType(input, other);
  const s = castValue(scalarValue(other), out);
  const al = castValue(alpha, out);
  const r = compute(input, s, out, (x, y) => y - al * x);
  if (needsGrad2(input, null)) {
    const aShape = input._shape;
    recordOp(r, 'RsubBackward1', [input], (g) => [sumTo(g.mul(-alpha), aShape)]);
  }
  return r;
}

// ---- mul / div -----------------------------------------------------------------------------------

export function mul(input: TensorLike, other: TensorLike): Tensor {
  if (!(input instanceof Tensor)) {
    checkOperand(input, 'input');
    return other instanceof Tensor ? mul(other, input) : mul(toTensorArg(input, 'input'), other);
  }
  let r = fastArith(input, other, MUL, 1);
  if (r === null) {
    checkOperand(other, 'other');
    const out = resultType(input, other);
    const b = other as Tensor;
    if (
      !isScalar(other) && input.dtype === out && b.dtype === out && out.isFloatingPoint &&
      input._contiguous && b._contiguous && shapesEqual(input._shape, b._shape)
    ) {
      const res = new (out.ArrayType)(input.numel());
      mulContiguous(input._values(), b._values(), res);
      r = new Tensor(res, input._shape.slice(), out);
    } else if (out === bool) r = compute(input, other, out, (x, y) => (x !== 0 && y !== 0 ? 1 : 0));
    else r = compute(input, other, out, (x, y) => x * y, mulScalarContiguous);
  }
  if (needsGrad2(input, other instanceof Tensor ? other : null)) {
    const a = input;
    if (other instanceof Tensor) {
      recordOp(
        r,
        'MulBackward0',
        [a, other],
        (g) => [
          a._requiresGrad ? sumTo(g.mul(other), a._shape) : null,
          other._requiresGrad ? sumTo(g.mul(a), other._shape) : null,
        ],
        savedFor(a, other),
      );
    } else {
      const s = other;
      recordOp(r, 'MulBackward0', [a], (g) => [g.mul(s)]);
    }
  }
  return r;
}

type RoundingMode = 'trunc' | 'floor' | null | undefined;

export function div(input: TensorLike, other: TensorLike, opts?: Options | string | null): Tensor {
  const mode = (typeof opts === 'string' || opts === null ? opts : opts?.roundingMode) as RoundingMode;
  if (mode !== undefined && mode !== null && mode !== 'trunc' && mode !== 'floor') {
    throw new RangeError(`div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '${String(mode)}'`);
  }
  if (!(input instanceof Tensor)) {
    checkOperand(input, 'input');
    // `2 / t` is t.reciprocal() * 2 in Python (MulBackward0), computed with the tensor's dtype rules.
    if (other instanceof Tensor && mode == null) {
      const t = other.dtype.isFloatingPoint ? other : other.to(getDefaultDtype());
      return mul(t.reciprocal(), input);
    }
    return div(scalarTensor(input as Scalar), other, opts);
  }
  let r = mode == null ? fastArith(input, other, DIV, 1) : null;
  if (r !== null) {
    // computed by the fast path
  } else if (mode == null) {
    checkOperand(other, 'other');
    let out = resultType(input, other);
    if (!out.isFloatingPoint) out = getDefaultDtype();
    const b = other as Tensor;
    if (
      !isScalar(other) && input.dtype === out && b.dtype === out &&
      input._contiguous && b._contiguous && shapesEqual(input._shape, b._shape)
    ) {
      const res = new (out.ArrayType)(input.numel());
      divContiguous(input._values(), b._values(), res);
      r = new Tensor(res, input._shape.slice(), out);
    } else r = compute(input, other, out, (x, y) => x / y);
  } else {
    checkOperand(other, 'other');
    const out = resultType(input, other);
    refuseBool(out, `div_${mode}_cpu`);
    checkIntegerDivisor(out, other);
    const f = mode === 'trunc' ? (x: number, y: number) => Math.trunc(x / y) : out.isFloatingPoint ? floorDivFloat : (x: number, y: number) => Math.floor(x / y);
    r = compute(input, other, out, f);
  }
  if (needsGrad2(input, other instanceof Tensor ? other : null)) {
    const a = input;
    if (mode != null) {
      // Rounded quotients are piecewise constant: zero gradients.
      recordOp(r, 'DivBackward2', [a, other instanceof Tensor ? other : null], () => [
        a._requiresGrad ? zerosOf(a) : null,
        other instanceof Tensor && other._requiresGrad ? zerosOf(other) : null,
      ]);
    } else if (other instanceof Tensor) {
      recordOp(
        r,
        'DivBackward0',
        [a, other],
        (g) => [
          a._requiresGrad ? sumTo(g.div(other), a._shape) : null,
          other._requiresGrad ? sumTo(g.neg().mul(a.div(other).div(other)), other._shape) : null,
        ],
        other._requiresGrad ? [a, other] : [other],
      );
    } else {
      const s = other;
      recordOp(r, 'DivBackward0', [a], (g) => [g.div(s)]);
    }
  }
  return r;
}

export const true_divide = div;

/**
 * Floor division of floats as PyTorch computes it: from fmod, so that e.g. 3 // -inf is -1 and
 * -inf // 2 is nan (Math.floor(a / b) gives -0 and -inf there).
 */
function floorDivFloat(a: number, b: number): number {
  if (b === 0) return a / b;
  const mod = a % b;
  let div = (a - mod) / b;
  if (mod !== 0 && b < 0 !== mod < 0) div -= 1;
  if (div === 0) return (a / b < 0 || Object.is(a / b, -0)) ? -0 : 0;
  let q = Math.floor(div);
  if (div - q > 0.5) q += 1;
  return q;
}

/** Integer division by zero has no value: PyTorch raises. */
function checkIntegerDivisor(out: DType, other: TensorLike): void {
  if (out.isFloatingPoint) return;
  const zero = isScalar(other) ? scalarValue(other) === 0 : (other as Tensor)._values().some((v) => v === 0);
  if (zero) throw new RangeError('ZeroDivisionError');
}

function refuseBool(out: DType, kernel: string): void {
  if (out === bool) throw new TypeError(`"${kernel}" not implemented for 'Bool'`);
}

/** PyTorch 1.13 has no derivative for floor_divide: backward through it fails as there. */
export function floorDivide(input: TensorLike, other: TensorLike): Tensor {
  const a = input instanceof Tensor ? input : toTensorArg(input, 'input');
  const b = other instanceof Tensor ? other.detach() : other;
  const r = div(a.detach(), b, { roundingMode: 'floor' });
  if (needsGrad2(a, other instanceof Tensor ? other : null)) {
    recordOp(r, 'NotImplemented', [a, other instanceof Tensor ? other : null], () => {
      throw new Error('derivative for aten::floor_divide is not implemented');
    });
  }
  return r;
}

// ---- pow -----------------------------------------------------------------------------------------

function powValue(x: number, e: number): number {
  if (e === 2) return x * x;
  if (e === 0.5) return Math.sqrt(x);
  if (e === 1) return x;
  return cPow(x, e);
}

/** C's pow: 1 ** y and (-1) ** +-inf are 1 even for a nan or infinite y (JavaScript says nan). */
function cPow(x: number, y: number): number {
  if (x === 1 || (x === -1 && (y === Infinity || y === -Infinity))) return 1;
  return Math.pow(x, y);
}

/**
 * Integer powers wrap around like the integer dtype, as PyTorch multiplies in that type; a negative
 * exponent gives 0 except for bases 1 and -1.
 */
function intPow(dtype: DType): Fn {
  const negative = (x: number, e: number): number => (x === 1 ? 1 : x === -1 ? (e % 2 === 0 ? 1 : -1) : 0);
  if (dtype === int64) {
    return (x, e) => {
      if (e < 0) return negative(x, e);
      let r = 1n;
      let b = BigInt(x);
      for (let k = e; k > 0; k = Math.floor(k / 2)) {
        if (k % 2 === 1) r = BigInt.asIntN(64, r * b);
        b = BigInt.asIntN(64, b * b);
      }
      return Number(r);
    };
  }
  return (x, e) => {
    if (e < 0) return negative(x, e);
    let r = 1;
    let b = x | 0;
    for (let k = e; k > 0; k = Math.floor(k / 2)) {
      if (k % 2 === 1) r = Math.imul(r, b);
      b = Math.imul(b, b);
    }
    return r; // exact modulo 2^32, so the store into a narrower dtype wraps correctly
  };
}

export function pow(input: TensorLike, exponent: TensorLike): Tensor {
  if (!(input instanceof Tensor)) {
    checkOperand(input, 'input');
    const base = toTensorArg(input, 'self');
    if (!(exponent instanceof Tensor)) return pow(base, exponent);
    const out = resultType(input, exponent);
    const bv = castValue(scalarValue(input as Scalar), out);
    const ip = out.isFloatingPoint || out === bool ? null : intPow(out);
    const r = binaryMap(exponent, exponent, out, ip ? (e) => ip(bv, e) : (e) => cPow(bv, e));
    if (needsGrad2(exponent, null)) {
      const lb = Math.log(bv);
      recordOp(r, 'PowBackward2', [exponent], (g) => [g.mul(r).mul(lb)], [r]);
    }
    return r;
  }
  checkOperand(exponent, 'exponent');
  if (isScalar(exponent)) {
    const e = scalarValue(exponent);
    let out = resultType(input, exponent);
    if (!input.dtype.isFloatingPoint && !out.isFloatingPoint && e < 0) {
      throw new RangeError('Integers to negative integer powers are not allowed.');
    }
    refuseBool(out, 'pow');
    const ip = out.isFloatingPoint ? null : intPow(out);
    const r = compute(input, exponent, out, ip ? (x) => ip(x, e) : (x) => powValue(x, e));
    if (needsGrad2(input, null)) {
      const a = input;
      recordOp(
        r,
        'PowBackward0',
        [a],
        (g) => [e === 0 ? zerosOf(g) : e === 2 ? g.mul(a).mul(2) : g.mul(a.pow(e - 1)).mul(e)],
        [a],
      );
    }
    return r;
  }
  const out = resultType(input, exponent);
  refuseBool(out, 'pow');
  const r = binaryMap(input, exponent, out, out.isFloatingPoint ? cPow : intPow(out));
  if (needsGrad2(input, exponent)) {
    const a = input;
    const b = exponent;
    recordOp(
      r,
      'PowBackward1',
      [a, b],
      (g) => [
        a._requiresGrad ? sumTo(g.mul(b).mul(a.pow(b.sub(1))), a._shape) : null,
        b._requiresGrad ? sumTo(g.mul(r).mul(where(a.eq(0).logicalAnd(b.ge(0)), 0, a.log()) as Tensor), b._shape) : null,
      ],
      [a, b, r],
    );
  }
  return r;
}

export function squareOp(input: Tensor): Tensor {
  return pow(input, 2);
}

// ---- remainder / fmod / atan2 / maximum / minimum -------------------------------------------------

function pyRemainder(x: number, y: number): number {
  const m = x % y;
  return m !== 0 && m < 0 !== y < 0 ? m + y : m;
}

export function remainder(input: TensorLike, other: TensorLike): Tensor {
  const a = toTensorArg(input, 'input');
  checkOperand(other, 'other');
  const out = resultType(a, other);
  refuseBool(out, 'remainder_cpu');
  checkIntegerDivisor(out, other);
  const r = compute(a, other, out, pyRemainder);
  if (needsGrad2(a, other instanceof Tensor ? other : null)) {
    recordOp(r, other instanceof Tensor ? 'RemainderBackward1' : 'RemainderBackward0', [a, other instanceof Tensor ? other : null], (g) => [
      sumTo(g, a._shape),
      other instanceof Tensor ? sumTo(g.neg().mul(a.div(other).floor()), other._shape) : null,
    ], other instanceof Tensor ? [a, other] : null);
  }
  return r;
}

export function fmod(input: TensorLike, other: TensorLike): Tensor {
  const a = toTensorArg(input, 'input');
  checkOperand(other, 'other');
  const out = resultType(a, other);
  refuseBool(out, 'fmod_cpu');
  checkIntegerDivisor(out, other);
  const r = compute(a, other, out, (x, y) => x % y);
  if (needsGrad2(a, other instanceof Tensor ? other : null)) {
    recordOp(r, other instanceof Tensor ? 'FmodBackward1' : 'FmodBackward0', [a, other instanceof Tensor ? other : null], (g) => [
      sumTo(g, a._shape),
      other instanceof Tensor ? sumTo(g.neg().mul(a.div(other).trunc()), other._shape) : null,
    ], other instanceof Tensor ? [a, other] : null);
  }
  return r;
}

export function atan2(input: Tensor, other: Tensor): Tensor {
  const out = resultType(input, other);
  const r = binaryMap(input, other, out.isFloatingPoint ? out : getDefaultDtype(), Math.atan2);
  if (needsGrad2(input, other)) {
    recordOp(r, 'Atan2Backward0', [input, other], (g) => {
      const den = input.mul(input).add(other.mul(other));
      return [sumTo(g.mul(other).div(den), input._shape), sumTo(g.mul(input.neg()).div(den), other._shape)];
    }, [input, other]);
  }
  return r;
}

function extremum(input: Tensor, other: TensorLike, isMax: boolean, name: string): Tensor {
  const out = resultType(input, other);
  const b = toTensorArg(other, 'other', out);
  const f: Fn = isMax
    ? (x, y) => (x !== x || y !== y ? NaN : x > y ? x : y)
    : (x, y) => (x !== x || y !== y ? NaN : x < y ? x : y);
  const r = binaryMap(input, b, out, f);
  if (needsGrad2(input, b)) {
    recordOp(r, name, [input, b], (g) => {
      // PyTorch's rule: ties share the gradient equally; each side loses it only where it strictly
      // loses (so a nan, which compares false, passes the gradient to both sides).
      const half = where(input.eq(b), g.div(2), g) as Tensor;
      const loseA = isMax ? input.lt(b) : input.gt(b);
      const loseB = isMax ? input.gt(b) : input.lt(b);
      return [
        input._requiresGrad ? sumTo(half.maskedFill(loseA, 0), input._shape) : null,
        b._requiresGrad ? sumTo(half.maskedFill(loseB, 0), b._shape) : null,
      ];
    }, [input, b]);
  }
  return r;
}

export function maximum(input: Tensor, other: TensorLike): Tensor {
  return extremum(input, other, true, 'MaximumBackward0');
}
export function minimum(input: Tensor, other: TensorLike): Tensor {
  return extremum(input, other, false, 'MinimumBackward0');
}

// ---- in-place forms ------------------------------------------------------------------------------

/** Writes an out-of-place result back into `self`; the result's node (whose input 0 is self's old value) becomes self's history. */
function inPlace(self: Tensor, result: Tensor): Tensor {
  checkInPlaceDtype(self, result.dtype);
  const gradFn = result.gradFn;
  writeInPlace(self, result);
  if (gradFn !== null) commitInPlace(self, gradFn);
  return self;
}

export function add_(self: Tensor, other: TensorLike, opts?: Options | number): Tensor {
  checkInPlace(self);
  return inPlace(self, add(self, other, opts));
}
export function sub_(self: Tensor, other: TensorLike, opts?: Options | number): Tensor {
  checkInPlace(self);
  return inPlace(self, sub(self, other, opts));
}
export function mul_(self: Tensor, other: TensorLike): Tensor {
  checkInPlace(self);
  // The product's backward reads self's old value: keep a copy of it when that gradient is needed.
  const saveSelf = other instanceof Tensor && other._requiresGrad ? self.clone() : self;
  return inPlace(self, mul(saveSelf, other));
}
export function div_(self: Tensor, other: TensorLike, opts?: Options | string | null): Tensor {
  checkInPlace(self);
  const saveSelf = other instanceof Tensor && other._requiresGrad ? self.clone() : self;
  return inPlace(self, div(saveSelf, other, opts));
}
export function pow_(self: Tensor, exponent: TensorLike): Tensor {
  checkInPlace(self);
  return inPlace(self, pow(self._requiresGrad ? self.clone() : self, exponent));
}

// ---- Tensor methods --------------------------------------------------------------------------------

declare module '../tensor/tensor.js' {
  interface Tensor {
    add(other: TensorLike, opts?: Options | number): Tensor;
    sub(other: TensorLike, opts?: Options | number): Tensor;
    subtract(other: TensorLike, opts?: Options | number): Tensor;
    rsub(other: TensorLike, opts?: Options | number): Tensor;
    mul(other: TensorLike): Tensor;
    multiply(other: TensorLike): Tensor;
    div(other: TensorLike, opts?: Options | string | null): Tensor;
    divide(other: TensorLike, opts?: Options | string | null): Tensor;
    trueDivide(other: TensorLike): Tensor;
    floorDivide(other: TensorLike): Tensor;
    pow(exponent: TensorLike): Tensor;
    square(): Tensor;
    remainder(other: TensorLike): Tensor;
    fmod(other: TensorLike): Tensor;
    atan2(other: Tensor): Tensor;
    maximum(other: TensorLike): Tensor;
    minimum(other: TensorLike): Tensor;
    add_(other: TensorLike, opts?: Options | number): Tensor;
    sub_(other: TensorLike, opts?: Options | number): Tensor;
    mul_(other: TensorLike): Tensor;
    div_(other: TensorLike, opts?: Options | string | null): Tensor;
    pow_(exponent: TensorLike): Tensor;
  }
}

const P = Tensor.prototype;
P.add = function (o, opts) { return add(this, o, opts); };
P.sub = function (o, opts) { return sub(this, o, opts); };
P.subtract = P.sub;
P.rsub = function (o, opts) { return rsub(this, o, opts); };
P.mul = function (o) { return mul(this, o); };
P.multiply = P.mul;
P.div = function (o, opts) { return div(this, o, opts); };
P.divide = P.div;
P.trueDivide = function (o) { return div(this, o); };
P.floorDivide = function (o) { return floorDivide(this, o); };
P.pow = function (e) { return pow(this, e); };
P.square = function () { return pow(this, 2); };
P.remainder = function (o) { return remainder(this, o); };
P.fmod = function (o) { return fmod(this, o); };
P.atan2 = function (o) { return atan2(this, o); };
P.maximum = function (o) { return maximum(this, o); };
P.minimum = function (o) { return minimum(this, o); };
P.add_ = function (o, opts) { return add_(this, o, opts); };
P.sub_ = function (o, opts) { return sub_(this, o, opts); };
P.mul_ = function (o) { return mul_(this, o); };
P.div_ = function (o, opts) { return div_(this, o, opts); };
P.pow_ = function (e) { return pow_(this, e); };

export { splitOptions };
