// Activation functions, shared by `torch.*`, `torch.nn.functional` and the nn modules. Each is one
// elementwise value function plus its derivative, except softmax/logSoftmax which work along a dim.
import { Tensor } from '../tensor/tensor.js';
import { normalizeDim } from '../tensor/shape.js';
import { needsGrad, recordOp, checkInPlace, commitInPlace } from '../autograd/function.js';
import { unaryMap, writeInPlace } from './elementwise_core.js';
import { defaultFloat } from './util.js';
import { isOptions, optDtype, type Options } from './options.js';
import { erf } from './unary.js';
import { where } from './compare.js';
import { gradMode } from '../autograd/grad_mode.js';
import { allocStorage } from '../tensor/storage.js';
import { reluForward, reluBackward } from './relu_kernels.js';

type DerivativeOps = (x: Tensor) => Tensor;

/**
 * One elementwise activation: y = f(x), dy/dx = df(x, y). `dfOps` writes the derivative with tensor
 * ops; when backward runs with createGraph it is used instead, so second derivatives are right
 * (omitted where the derivative is piecewise constant, whose own derivative is zero).
 */
function pointwise(
  x: Tensor, node: string, f: (v: number) => number, df: (v: number, y: number) => number, keepInt = false,
  dfOps?: DerivativeOps,
): Tensor {
  if (!(x instanceof Tensor)) throw new TypeError(`${node.replace(/Backward\d$/, '')}: expected a Tensor input`);
  const y = unaryMap(x, keepInt ? x.dtype : defaultFloat(x.dtype), f);
  if (needsGrad(x)) {
    recordOp(y, node, [x], (g) => {
      if (dfOps !== undefined && gradMode.enabled) return [g.mul(dfOps(x))];
      const xv = x._values();
      const yv = y._values();
      const d = new (g.dtype.ArrayType)(xv.length);
      for (let i = 0; i < d.length; i++) d[i] = df(xv[i], yv[i]);
      return [g.mul(new Tensor(d, x.shape, g.dtype))];
    }, [x, y]);
  }
  return y;
}

function num(v: unknown, key: string, dflt: number): number {
  if (v === undefined) return dflt;
  if (isOptions(v)) return num((v as Options)[key], key, dflt);
  if (typeof v !== 'number') throw new TypeError(`${key} must be a number, got ${String(v)}`);
  return v;
}

export function relu(x: Tensor): Tensor {
  if (!(x instanceof Tensor)) throw new TypeError('relu(): argument \'input\' must be Tensor');
  if (x.dtype.name === 'bool') throw new TypeError('Boolean inputs not supported for relu');
  // Its own loop rather than unaryMap's callback: relu runs on every hidden layer of every step.
  const v = x._values();
  const n = v.length;
  const yd = allocStorage(x.dtype, n);
  reluForward(v, yd);
  const y = new Tensor(yd, x._shape, x.dtype);
  if (needsGrad(x)) {
    recordOp(y, 'ReluBackward0', [x], (g) => {
      // With createGraph the result must stay differentiable in g.
      if (gradMode.enabled) return [g.mul(y.gt(0).to(g.dtype))];
      const yv = y._values();
      const gv = g._values();
      const out = allocStorage(g.dtype, gv.length);
      reluBackward(yv, gv, out);
      return [new Tensor(out, g._shape, g.dtype)];
    }, [y]);
  }
  return y;
}

export function relu6(x: Tensor): Tensor {
  return hardtanh(x, 0, 6);
}

export function leakyRelu(x: Tensor, negativeSlope: number | Options = 0.01): Tensor {
  const a = num(negativeSlope, 'negativeSlope', 0.01);
  return pointwise(x, 'LeakyReluBackward0', (v) => (v > 0 ? v : v * a), (v) => (v > 0 ? 1 : a));
}

export function elu(x: Tensor, alpha: number | Options = 1): Tensor {
  const a = num(alpha, 'alpha', 1);
  return pointwise(x, 'EluBackward0', (v) => (v > 0 ? v : a * Math.expm1(v)), (v, y) => (v > 0 ? 1 : y + a), false,
    (t) => where(t.gt(0), 1, t.exp().mul(a)) as Tensor);
}

const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_SCALE = 1.0507009873554804934193349852946;
export function selu(x: Tensor): Tensor {
  return pointwise(
    x,
    'EluBackward0',
    (v) => SELU_SCALE * (v > 0 ? v : SELU_ALPHA * Math.expm1(v)),
    (v) => (v > 0 ? SELU_SCALE : SELU_SCALE * SELU_ALPHA * Math.exp(v)),
    false,
    (t) => where(t.gt(0), SELU_SCALE, t.exp().mul(SELU_SCALE * SELU_ALPHA)) as Tensor,
  );
}

export function celu(x: Tensor, alpha: number | Options = 1): Tensor {
  const a = num(alpha, 'alpha', 1);
  return pointwise(x, 'CeluBackward0', (v) => (v > 0 ? v : a * Math.expm1(v / a)), (v) => (v > 0 ? 1 : Math.exp(v / a)), false,
    (t) => where(t.gt(0), 1, t.div(a).exp()) as Tensor);
}

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
export function gelu(x: Tensor, approximate: string | Options = 'none'): Tensor {
  const mode = typeof approximate === 'string' ? approximate : ((approximate as Options).approximate as string | undefined) ?? 'none';
  if (mode !== 'none' && mode !== 'tanh') throw new RangeError(`approximate argument must be either none or tanh, got '${mode}'`);
  if (mode === 'tanh') {
    return pointwise(
      x,
      'GeluBackward0',
      (v) => 0.5 * v * (1 + Math.tanh(SQRT_2_OVER_PI * (v + 0.044715 * v * v * v))),
      (v) => {
        const inner = SQRT_2_OVER_PI * (v + 0.044715 * v * v * v);
        const t = Math.tanh(inner);
        return 0.5 * (1 + t) + 0.5 * v * (1 - t * t) * SQRT_2_OVER_PI * (1 + 3 * 0.044715 * v * v);
      },
      false,
      (v) => {
        const t = v.add(v.pow(3).mul(0.044715)).mul(SQRT_2_OVER_PI).tanh();
        const slope = v.mul(v).mul(3 * 0.044715).add(1).mul(SQRT_2_OVER_PI);
        return t.add(1).mul(0.5).add(v.mul(0.5).mul(t.mul(t).rsub(1)).mul(slope));
      },
    );
  }
  return pointwise(
    x,
    'GeluBackward0',
    (v) => 0.5 * v * (1 + erf(v / Math.SQRT2)),
    (v) => 0.5 * (1 + erf(v / Math.SQRT2)) + (v * Math.exp(-0.5 * v * v)) / Math.sqrt(2 * Math.PI),
    false,
    (v) => v.div(Math.SQRT2).erf().add(1).mul(0.5).add(v.mul(v.mul(v).mul(-0.5).exp()).div(Math.sqrt(2 * Math.PI))),
  );
}

export function silu(x: Tensor): Tensor {
  return pointwise(
    x,
    'SiluBackward0',
    (v) => v / (1 + Math.exp(-v)),
    (v) => {
      const s = 1 / (1 + Math.exp(-v));
      return s * (1 + v * (1 - s));
    },
    false,
    (v) => {
      const s = v.sigmoid();
      return s.mul(v.mul(s.rsub(1)).add(1));
    },
  );
}

export function mish(x: Tensor): Tensor {
  return pointwise(
    x,
    'MishBackward0',
    (v) => v * Math.tanh(Math.log1p(Math.exp(v))),
    (v) => {
      const sp = Math.log1p(Math.exp(v));
      const t = Math.tanh(sp);
      return t + v * (1 - t * t) / (1 + Math.exp(-v));
    },
    false,
    (v) => {
      const t = softplus(v).tanh();
      return t.add(v.mul(t.mul(t).rsub(1)).mul(v.sigmoid()));
    },
  );
}

/** softplus(x) = log(1 + exp(beta x)) / beta, linear above `threshold` as in PyTorch. */
export function softplus(x: Tensor, beta: number | Options = 1, threshold = 20): Tensor {
  const b = num(beta, 'beta', 1);
  const th = isOptions(beta) ? num((beta as Options).threshold, 'threshold', 20) : threshold;
  return pointwise(
    x,
    'SoftplusBackward0',
    (v) => (v * b > th ? v : Math.log1p(Math.exp(v * b)) / b),
    (v) => (v * b > th ? 1 : 1 / (1 + Math.exp(-v * b))),
    false,
    (v) => where(v.mul(b).gt(th), 1, v.mul(b).sigmoid()) as Tensor,
  );
}

export function softsign(x: Tensor): Tensor {
  return x.div(x.abs().add(1));
}

export function hardtanh(x: Tensor, minVal: number | Options = -1, maxVal = 1): Tensor {
  const lo = isOptions(minVal) ? num((minVal as Options).minVal, 'minVal', -1) : minVal;
  const hi = isOptions(minVal) ? num((minVal as Options).maxVal, 'maxVal', 1) : maxVal;
  if (lo > hi) throw new RangeError('min_val cannot be greater than max_val');
  return pointwise(x, 'HardtanhBackward0', (v) => (v < lo ? lo : v > hi ? hi : v), (v) => (v > lo && v < hi ? 1 : 0), true);
}

export function hardsigmoid(x: Tensor): Tensor {
  return pointwise(x, 'HardsigmoidBackward0', (v) => (v <= -3 ? 0 : v >= 3 ? 1 : v / 6 + 0.5), (v) => (v > -3 && v < 3 ? 1 / 6 : 0));
}

export function hardswish(x: Tensor): Tensor {
  return pointwise(
    x,
    'HardswishBackward0',
    (v) => (v <= -3 ? 0 : v >= 3 ? v : (v * (v + 3)) / 6),
    (v) => (v < -3 ? 0 : v > 3 ? 1 : (2 * v + 3) / 6),
    false,
    (v) => where(v.lt(-3), 0, where(v.gt(3), 1, v.mul(2).add(3).div(6)) as Tensor) as Tensor,
  );
}

export function logsigmoid(x: Tensor): Tensor {
  return pointwise(
    x,
    'LogSigmoidBackward0',
    (v) => (v >= 0 ? -Math.log1p(Math.exp(-v)) : v - Math.log1p(Math.exp(v))),
    (v) => 1 / (1 + Math.exp(v)),
    false,
    (v) => v.neg().sigmoid(),
  );
}

export function tanhshrink(x: Tensor): Tensor {
  return x.sub(x.tanh());
}

export function softshrink(x: Tensor, lambd: number | Options = 0.5): Tensor {
  const l = num(lambd, 'lambd', 0.5);
  return pointwise(x, 'SoftshrinkBackward0', (v) => (v > l ? v - l : v < -l ? v + l : 0), (v) => (v > l || v < -l ? 1 : 0));
}

export function hardshrink(x: Tensor, lambd: number | Options = 0.5): Tensor {
  const l = num(lambd, 'lambd', 0.5);
  return pointwise(x, 'HardshrinkBackward0', (v) => (v > l || v < -l ? v : 0), (v) => (v > l || v < -l ? 1 : 0));
}

export function threshold(x: Tensor, th: number, value: number): Tensor {
  return pointwise(x, 'ThresholdBackward0', (v) => (v > th ? v : value), (v) => (v > th ? 1 : 0), true);
}

// ---- softmax family ------------------------------------------------------------------------------

function softmaxDim(x: Tensor, dim: number | Options | undefined, name: string): [number, Tensor] {
  let d = dim;
  let o: Options | undefined;
  if (isOptions(dim)) {
    o = dim;
    d = o.dim as number | undefined;
  }
  if (d === undefined || d === null) {
    // PyTorch's legacy implicit choice, kept for compatibility (it warns there).
    d = x.dim() === 0 || x.dim() === 1 || x.dim() === 3 ? 0 : 1;
  }
  const dt = optDtype(o);
  const xx = dt ? x.to(dt) : x.dtype.isFloatingPoint ? x : (() => { throw new TypeError(`${name}: expected a floating point tensor, got ${x.dtype}`); })();
  return [normalizeDim(d as number, x.dim()), xx];
}

/** Softmax over the last axis of a tensor whose `dim` was moved last; returns values in x's layout. */
function softmaxCore(x: Tensor, d: number, log: boolean): Tensor {
  const nd = x.dim();
  const moved = nd === 0 ? x.reshape([1]) : x.movedim(d, nd - 1).contiguous();
  const v = moved._values();
  const n = nd === 0 ? 1 : moved._shape[moved.dim() - 1];
  const out = new (x.dtype.ArrayType)(v.length);
  for (let base = 0; base < v.length; base += n) {
    let m = -Infinity;
    for (let j = 0; j < n; j++) if (v[base + j] > m) m = v[base + j];
    if (m === -Infinity) m = 0;
    let s = 0;
    for (let j = 0; j < n; j++) s += Math.exp(v[base + j] - m);
    if (log) {
      const ls = Math.log(s);
      for (let j = 0; j < n; j++) out[base + j] = v[base + j] - m - ls;
    } else {
      for (let j = 0; j < n; j++) out[base + j] = Math.exp(v[base + j] - m) / s;
    }
  }
  const r = new Tensor(out, moved._shape, x.dtype);
  if (nd === 0) return r.reshape([]);
  return d === nd - 1 ? r : r.movedim(nd - 1, d).contiguous();
}

export function softmax(x: Tensor, dim?: number | Options): Tensor {
  const [d, xx] = softmaxDim(x, dim, 'softmax');
  const y = softmaxCore(xx.detach(), d, false);
  if (needsGrad(xx)) {
    recordOp(y, 'SoftmaxBackward0', [xx], (g) => {
      const gy = g.mul(y);
      return [gy.sub(y.mul(gy.sum(d, true)))];
    }, [y]);
  }
  return y;
}

export function logSoftmax(x: Tensor, dim?: number | Options): Tensor {
  const [d, xx] = softmaxDim(x, dim, 'log_softmax');
  const y = softmaxCore(xx.detach(), d, true);
  if (needsGrad(xx)) {
    recordOp(y, 'LogSoftmaxBackward0', [xx], (g) => [g.sub(y.exp().mul(g.sum(d, true)))], [y]);
  }
  return y;
}

export function softmin(x: Tensor, dim?: number | Options): Tensor {
  return softmax(x.neg(), dim);
}

declare module '../tensor/tensor.js' {
  interface Tensor {
    relu(): Tensor;
    relu_(): Tensor;
    softmax(dim?: number | Options): Tensor;
    logSoftmax(dim?: number | Options): Tensor;
  }
}

const P = Tensor.prototype;
P.relu = function () { return relu(this); };
P.relu_ = function () {
  checkInPlace(this);
  const r = relu(this);
  writeInPlace(this, r);
  if (r.gradFn !== null) commitInPlace(this, r.gradFn);
  return this;
};
P.softmax = function (d) { return softmax(this, d); };
P.logSoftmax = function (d) { return logSoftmax(this, d); };
