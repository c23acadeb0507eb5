// Elementwise math of one tensor: neg, abs, sign, sqrt, rsqrt, exp, log, log1p, expm1, log2, log10,
// trig and hyperbolic functions, sigmoid, floor/ceil/round/trunc/frac, reciprocal, clamp, and their
// in-place forms. Each op is its value function plus its derivative, in one table row.
import { DType, bool, float32 } from '../tensor/dtype.js';
import { Tensor, type TensorLike, type Scalar } from '../tensor/tensor.js';
import { needsGrad, anyNeedsGrad, recordOp, checkInPlace, commitInPlace } from '../autograd/function.js';
import { binaryMap } from './elementwise_core.js';
import { resultType, scalarTensor } from './util.js';
import { promoteTypes } from '../tensor/dtype.js';
import { sumTo } from './reduce.js';
import { where } from './compare.js';
import { unaryMap, writeInPlace, checkInPlaceDtype } from './elementwise_core.js';
import { defaultFloat, isScalar, scalarValue, zerosOf } from './util.js';
import { isOptions, type Options } from './options.js';

type Grad = (g: Tensor, x: Tensor, y: Tensor) => Tensor;

interface UnarySpec {
  /** PyTorch's grad_fn class name. */
  node: string;
  f: (x: number) => number;
  grad: Grad | null;
  /** 'float': integer inputs give the default float dtype; 'same': the input's dtype. */
  out: 'float' | 'same';
  /** Which of x (input) and y (output) the backward reads. */
  saves: 'x' | 'y' | 'xy' | 'none';
  /** The value as float32 arithmetic gives it, where that differs (an intermediate overflows to inf). */
  f32?: (x: number) => number;
}

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

const SPECS = {
  neg: { node: 'NegBackward0', f: (x: number) => -x, grad: (g) => g.neg(), out: 'same', saves: 'none' },
  abs: { node: 'AbsBackward0', f: Math.abs, grad: (g, x) => g.mul(x.sign()), out: 'same', saves: 'x' },
  sign: { node: 'SignBackward0', f: (x: number) => (x > 0 ? 1 : x < 0 ? -1 : x === 0 ? x : 0), grad: (g) => zerosOf(g), out: 'same', saves: 'none' },
  sqrt: { node: 'SqrtBackward0', f: Math.sqrt, grad: (g, _x, y) => g.div(y.mul(2)), out: 'float', saves: 'y' },
  rsqrt: { node: 'RsqrtBackward0', f: (x: number) => 1 / Math.sqrt(x), grad: (g, _x, y) => g.mul(y.pow(3)).mul(-0.5), out: 'float', saves: 'y' },
  exp: { node: 'ExpBackward0', f: Math.exp, grad: (g, _x, y) => g.mul(y), out: 'float', saves: 'y' },
  exp2: { node: 'Exp2Backward0', f: (x: number) => Math.pow(2, x), grad: (g, _x, y) => g.mul(y).mul(Math.LN2), out: 'float', saves: 'y' },
  expm1: { node: 'Expm1Backward0', f: Math.expm1, grad: (g, _x, y) => g.mul(y.add(1)), out: 'float', saves: 'y' },
  log: { node: 'LogBackward0', f: Math.log, grad: (g, x) => g.div(x), out: 'float', saves: 'x' },
  log2: { node: 'Log2Backward0', f: Math.log2, grad: (g, x) => g.div(x.mul(Math.LN2)), out: 'float', saves: 'x' },
  log10: { node: 'Log10Backward0', f: Math.log10, grad: (g, x) => g.div(x.mul(Math.LN10)), out: 'float', saves: 'x' },
  log1p: { node: 'Log1PBackward0', f: Math.log1p, grad: (g, x) => g.div(x.add(1)), out: 'float', saves: 'x' },
  sin: { node: 'SinBackward0', f: Math.sin, grad: (g, x) => g.mul(x.cos()), out: 'float', saves: 'x' },
  cos: { node: 'CosBackward0', f: Math.cos, grad: (g, x) => g.mul(x.sin().neg()), out: 'float', saves: 'x' },
  tan: { node: 'TanBackward0', f: Math.tan, grad: (g, _x, y) => g.mul(y.mul(y).add(1)), out: 'float', saves: 'y' },
  asin: { node: 'AsinBackward0', f: Math.asin, grad: (g, x) => g.div(x.mul(x).rsub(1).sqrt()), out: 'float', saves: 'x' },
  acos: { node: 'AcosBackward0', f: Math.acos, grad: (g, x) => g.neg().div(x.mul(x).rsub(1).sqrt()), out: 'float', saves: 'x' },
  atan: { node: 'AtanBackward0', f: Math.atan, grad: (g, x) => g.div(x.mul(x).add(1)), out: 'float', saves: 'x' },
  sinh: { node: 'SinhBackward0', f: Math.sinh, grad: (g, x) => g.mul(x.cosh()), out: 'float', saves: 'x' },
  cosh: { node: 'CoshBackward0', f: Math.cosh, grad: (g, x) => g.mul(x.sinh()), out: 'float', saves: 'x' },
  tanh: { node: 'TanhBackward0', f: Math.tanh, grad: (g, _x, y) => g.mul(y.mul(y).rsub(1)), out: 'float', saves: 'y' },
  asinh: { node: 'AsinhBackward0', f: Math.asinh, grad: (g, x) => g.div(x.mul(x).add(1).sqrt()), out: 'float', saves: 'x' },
  acosh: { node: 'AcoshBackward0', f: Math.acosh, grad: (g, x) => g.div(x.mul(x).sub(1).sqrt()), out: 'float', saves: 'x' },
  atanh: { node: 'AtanhBackward0', f: Math.atanh, grad: (g, x) => g.div(x.mul(x).rsub(1)), out: 'float', saves: 'x' },
  sigmoid: {
    node: 'SigmoidBackward0',
    f: (x: number) => 1 / (1 + Math.exp(-x)),
    f32: (x: number) => 1 / (1 + Math.fround(Math.exp(-x))),
    grad: (g, _x, y) => g.mul(y.mul(y.rsub(1))),
    out: 'float',
    saves: 'y',
  },
  floor: { node: 'FloorBackward0', f: Math.floor, grad: (g) => zerosOf(g), out: 'same', saves: 'none' },
  ceil: { node: 'CeilBackward0', f: Math.ceil, grad: (g) => zerosOf(g), out: 'same', saves: 'none' },
  round: { node: 'RoundBackward0', f: roundHalfEven, grad: (g) => zerosOf(g), out: 'same', saves: 'none' },
  trunc: { node: 'TruncBackward0', f: Math.trunc, grad: (g) => zerosOf(g), out: 'same', saves: 'none' },
  frac: { node: 'FracBackward0', f: (x: number) => x - Math.trunc(x), grad: (g) => g, out: 'same', saves: 'none' },
  reciprocal: { node: 'ReciprocalBackward0', f: (x: number) => 1 / x, grad: (g, _x, y) => g.mul(y.mul(y)).neg(), out: 'float', saves: 'y' },
  erf: { node: 'ErfBackward0', f: erf, grad: (g, x) => g.mul(x.mul(x).neg().exp()).mul(2 / Math.sqrt(Math.PI)), out: 'float', saves: 'x' },
} satisfies Record<string, UnarySpec>;

export type UnaryName = keyof typeof SPECS;

/** Error function (Abramowitz–Stegun 7.1.26 refined by one Newton step is not enough; use a series/continued fraction). */
export function erf(x: number): number {
  if (x !== x) return NaN;
  const ax = Math.abs(x);
  if (ax > 6) return Math.sign(x);
  let r: number;
  if (ax < 2.5) {
    // Maclaurin series: converges quickly here and keeps double accuracy.
    let term = ax;
    let s = ax;
    const x2 = ax * ax;
    for (let n = 1; n < 200; n++) {
      term *= -x2 / n;
      const add = term / (2 * n + 1);
      s += add;
      if (Math.abs(add) < 1e-17 * Math.abs(s)) break;
    }
    r = (2 / Math.sqrt(Math.PI)) * s;
  } else {
    // Continued fraction for erfc, accurate for large arguments.
    let f = 0;
    for (let k = 60; k >= 1; k--) f = (k / 2) / (ax + f);
    r = 1 - Math.exp(-ax * ax) / Math.sqrt(Math.PI) / (ax + f);
  }
  return x < 0 ? -r : r;
}

function outDtype(spec: UnarySpec, x: Tensor): DType {
  if (spec.out === 'float') return defaultFloat(x.dtype);
  return x.dtype;
}

export function unary(name: UnaryName, x: Tensor): Tensor {
  if (!(x instanceof Tensor)) throw new TypeError(`${name}(): argument 'input' must be Tensor, not ${typeof x}`);
  const spec: UnarySpec = SPECS[name];
  if (x.dtype === bool) {
    if (name === 'neg') {
      throw new TypeError('Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.');
    }
    if (name === 'floor' || name === 'ceil' || name === 'round' || name === 'trunc' || name === 'frac') {
      throw new TypeError(`"${name}_vml_cpu" not implemented for 'Bool'`);
    }
    if (name === 'abs') throw new TypeError('"abs_cpu" not implemented for \'Bool\'');
  }
  const out = outDtype(spec, x);
  const y = unaryMap(x, out, out === float32 && spec.f32 !== undefined ? spec.f32 : spec.f);
  if (spec.grad !== null && needsGrad(x)) {
    const grad = spec.grad;
    const saved = spec.saves === 'none' ? null : spec.saves === 'x' ? [x] : spec.saves === 'y' ? [y] : [x, y];
    recordOp(y, spec.node, [x], (g) => [grad(g, x, y)], saved);
  }
  return y;
}

function unaryInPlace(name: UnaryName, x: Tensor): Tensor {
  const spec: UnarySpec = SPECS[name];
  checkInPlaceDtype(x, outDtype(spec, x));
  checkInPlace(x);
  // A backward that reads the input needs it as it was before the write.
  const r = unary(name, x._requiresGrad && (spec.saves === 'x' || spec.saves === 'xy') ? x.clone() : x);
  writeInPlace(x, r);
  if (r.gradFn !== null) commitInPlace(x, r.gradFn);
  return x;
}

// ---- clamp ---------------------------------------------------------------------------------------

function clampArgs(min: unknown, max: unknown): [TensorLike | null, TensorLike | null] {
  if (isOptions(min)) {
    const o = min as Options;
    return [(o.min ?? null) as TensorLike | null, (o.max ?? null) as TensorLike | null];
  }
  if (isOptions(max)) return [(min ?? null) as TensorLike | null, ((max as Options).max ?? null) as TensorLike | null];
  return [(min ?? null) as TensorLike | null, (max ?? null) as TensorLike | null];
}

export function clamp(x: Tensor, min?: TensorLike | null | Options, max?: TensorLike | null | Options): Tensor {
  const [lo, hi] = clampArgs(min, max);
  if (lo === null && hi === null) throw new RangeError("torch.clamp: At least one of 'min' or 'max' must not be None");
  if (lo instanceof Tensor || hi instanceof Tensor) return clampTensors(x, lo, hi);
  const a = lo === null ? -Infinity : scalarValue(lo);
  const b = hi === null ? Infinity : scalarValue(hi);
  // The result type of x with each bound (a bool tensor clamped by integers becomes int64).
  let dtype = x.dtype;
  if (lo !== null) dtype = promoteTypes(dtype, resultType(x, lo));
  if (hi !== null) dtype = promoteTypes(dtype, resultType(x, hi));
  const y = unaryMap(x, dtype, (v) => (v !== v ? v : v < a ? a : v > b ? b : v));
  if (needsGrad(x)) {
    recordOp(y, 'ClampBackward1', [x], (g) => [g.mul(x.ge(a).logicalAnd(x.le(b)).to(g.dtype))], [x]);
  }
  return y;
}

/** clamp with tensor bounds: one node (ClampBackward0) whose gradient goes to the bound that won. */
function clampTensors(x: Tensor, lo: TensorLike | null, hi: TensorLike | null): Tensor {
  const lt = lo === null ? null : lo instanceof Tensor ? lo : scalarTensor(lo as Scalar, x.dtype);
  const ht = hi === null ? null : hi instanceof Tensor ? hi : scalarTensor(hi as Scalar, x.dtype);
  let dtype = x.dtype;
  if (lt !== null) dtype = resultType(x, lt);
  if (ht !== null) dtype = promoteTypes(dtype, resultType(x, ht));
  const f = (v: number, b: number, isLo: boolean): number => (v !== v || b !== b ? NaN : isLo ? (v < b ? b : v) : v > b ? b : v);
  let y = x.dtype === dtype ? x.detach() : x.detach().to(dtype);
  if (lt !== null) y = binaryMap(y, lt.detach(), dtype, (v, b) => f(v, b, true));
  if (ht !== null) y = binaryMap(y, ht.detach(), dtype, (v, b) => f(v, b, false));
  if (anyNeedsGrad([x, lt, ht])) {
    recordOp(y, 'ClampBackward0', [x, lt, ht], (g) => {
      const inside = lt === null ? x.le(ht!) : ht === null ? x.ge(lt) : x.ge(lt).logicalAnd(x.le(ht));
      const gx = x._requiresGrad ? sumTo(where(inside, g, 0) as Tensor, x._shape) : null;
      let gl: Tensor | null = null;
      let gh: Tensor | null = null;
      if (lt !== null && lt._requiresGrad) {
        const won = ht === null ? x.lt(lt) : x.lt(lt).logicalAnd(lt.lt(ht));
        gl = sumTo(where(won, g, 0) as Tensor, lt._shape);
      }
      if (ht !== null && ht._requiresGrad) {
        const won = lt === null ? x.gt(ht) : x.gt(ht).logicalOr(ht.lt(lt));
        gh = sumTo(where(won, g, 0) as Tensor, ht._shape);
      }
      return [gx, gl, gh];
    }, [x, ...(lt ? [lt] : []), ...(ht ? [ht] : [])]);
  }
  return y;
}

export function clamp_(x: Tensor, min?: TensorLike | null | Options, max?: TensorLike | null | Options): Tensor {
  checkInPlace(x);
  const r = clamp(x._requiresGrad ? x.clone() : x, min, max);
  checkInPlaceDtype(x, r.dtype);
  writeInPlace(x, r);
  if (r.gradFn !== null) commitInPlace(x, r.gradFn);
  return x;
}

// ---- Tensor methods and torch functions ----------------------------------------------------------

declare module '../tensor/tensor.js' {
  interface Tensor {
    neg(): Tensor;
    neg_(): Tensor;
    abs(): Tensor;
    abs_(): Tensor;
    sign(): Tensor;
    sign_(): Tensor;
    sqrt(): Tensor;
    sqrt_(): Tensor;
    rsqrt(): Tensor;
    rsqrt_(): Tensor;
    exp(): Tensor;
    exp_(): Tensor;
    exp2(): Tensor;
    exp2_(): Tensor;
    expm1(): Tensor;
    expm1_(): Tensor;
    log(): Tensor;
    log_(): Tensor;
    log2(): Tensor;
    log2_(): Tensor;
    log10(): Tensor;
    log10_(): Tensor;
    log1p(): Tensor;
    log1p_(): Tensor;
    sin(): Tensor;
    sin_(): Tensor;
    cos(): Tensor;
    cos_(): Tensor;
    tan(): Tensor;
    tan_(): Tensor;
    asin(): Tensor;
    asin_(): Tensor;
    acos(): Tensor;
    acos_(): Tensor;
    atan(): Tensor;
    atan_(): Tensor;
    sinh(): Tensor;
    sinh_(): Tensor;
    cosh(): Tensor;
    cosh_(): Tensor;
    tanh(): Tensor;
    tanh_(): Tensor;
    asinh(): Tensor;
    asinh_(): Tensor;
    acosh(): Tensor;
    acosh_(): Tensor;
    atanh(): Tensor;
    atanh_(): Tensor;
    floor(): Tensor;
    floor_(): Tensor;
    ceil(): Tensor;
    ceil_(): Tensor;
    round(): Tensor;
    round_(): Tensor;
    trunc(): Tensor;
    trunc_(): Tensor;
    frac(): Tensor;
    frac_(): Tensor;
    reciprocal(): Tensor;
    reciprocal_(): Tensor;
    erf(): Tensor;
    erf_(): Tensor;
    sigmoid(): Tensor;
    sigmoid_(): Tensor;
    negative(): Tensor;
    absolute(): Tensor;
    clamp(min?: TensorLike | null | Options, max?: TensorLike | null | Options): Tensor;
    clip(min?: TensorLike | null | Options, max?: TensorLike | null | Options): Tensor;
    clamp_(min?: TensorLike | null | Options, max?: TensorLike | null | Options): Tensor;
    clip_(min?: TensorLike | null | Options, max?: TensorLike | null | Options): Tensor;
  }
}

const P = Tensor.prototype as unknown as Record<string, unknown>;
for (const name of Object.keys(SPECS) as UnaryName[]) {
  P[name] = function (this: Tensor) { return unary(name, this); };
  P[`${name}_`] = function (this: Tensor) { return unaryInPlace(name, this); };
}
const TP = Tensor.prototype;
TP.negative = function () { return unary('neg', this); };
TP.absolute = function () { return unary('abs', this); };
TP.clamp = function (a, b) { return clamp(this, a, b); };
TP.clip = TP.clamp;
TP.clamp_ = function (a, b) { return clamp_(this, a, b); };
TP.clip_ = TP.clamp_;

export const neg = (x: Tensor): Tensor => unary('neg', x);
export const negative = neg;
export const abs = (x: Tensor): Tensor => unary('abs', x);
export const absolute = abs;
export const sign = (x: Tensor): Tensor => unary('sign', x);
export const sqrt = (x: Tensor): Tensor => unary('sqrt', x);
export const rsqrt = (x: Tensor): Tensor => unary('rsqrt', x);
export const exp = (x: Tensor): Tensor => unary('exp', x);
export const exp2 = (x: Tensor): Tensor => unary('exp2', x);
export const expm1 = (x: Tensor): Tensor => unary('expm1', x);
export const log = (x: Tensor): Tensor => unary('log', x);
export const log2 = (x: Tensor): Tensor => unary('log2', x);
export const log10 = (x: Tensor): Tensor => unary('log10', x);
export const log1p = (x: Tensor): Tensor => unary('log1p', x);
export const sin = (x: Tensor): Tensor => unary('sin', x);
export const cos = (x: Tensor): Tensor => unary('cos', x);
export const tan = (x: Tensor): Tensor => unary('tan', x);
export const asin = (x: Tensor): Tensor => unary('asin', x);
export const acos = (x: Tensor): Tensor => unary('acos', x);
export const atan = (x: Tensor): Tensor => unary('atan', x);
export const arcsin = asin;
export const arccos = acos;
export const arctan = atan;
export const sinh = (x: Tensor): Tensor => unary('sinh', x);
export const cosh = (x: Tensor): Tensor => unary('cosh', x);
export const tanh = (x: Tensor): Tensor => unary('tanh', x);
export const asinh = (x: Tensor): Tensor => unary('asinh', x);
export const acosh = (x: Tensor): Tensor => unary('acosh', x);
export const atanh = (x: Tensor): Tensor => unary('atanh', x);
export const sigmoid = (x: Tensor): Tensor => unary('sigmoid', x);
export const floor = (x: Tensor): Tensor => unary('floor', x);
export const ceil = (x: Tensor): Tensor => unary('ceil', x);
export const round = (x: Tensor): Tensor => unary('round', x);
export const trunc = (x: Tensor): Tensor => unary('trunc', x);
export const fix = trunc;
export const frac = (x: Tensor): Tensor => unary('frac', x);
export const reciprocal = (x: Tensor): Tensor => unary('reciprocal', x);
export const erfFn = (x: Tensor): Tensor => unary('erf', x);
export const clip = clamp;
