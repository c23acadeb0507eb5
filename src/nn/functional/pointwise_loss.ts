// Losses that are a function of each (input, target) pair, reduced: L1, SmoothL1, Huber, BCE,
// BCE-with-logits. Each is one forward loop and one backward node named as PyTorch's, so a loss
// costs one graph node whatever the reduction.
import { Tensor } from '../../tensor/tensor.js';
import type { DType, TypedArray } from '../../tensor/dtype.js';
import { anyNeedsGrad, recordOp } from '../../autograd/function.js';
import '../../ops/view.js';
import '../../ops/convert.js';
import '../../ops/unary.js';
import '../../ops/reduce.js';
import '../../ops/binary.js';
import { bindArgs } from '../args.js';
import { LOSS_ARG_DEFAULTS, LOSS_ARG_NAMES, resolveReduction, type Reduction } from './reduction.js';
import { alignLossOperands, sameShape } from './mse_loss.js';
import { torchSize } from '../repr.js';

type PairFn = (x: number, y: number, i: number) => number;

interface PointwiseLoss {
  node: string;
  value: PairFn;
  /** d value / d input at element i. */
  dInput: PairFn;
  /** d value / d target at element i, when the loss is differentiable in the target. */
  dTarget?: PairFn;
}

function rounder(dtype: DType): (v: number) => number {
  return dtype.itemsize === 4 ? Math.fround : (v: number) => v;
}

/** Runs one pointwise loss over same-shaped, same-dtype `x` and `y`. */
function runPointwise(x: Tensor, y: Tensor, reduction: Reduction, spec: PointwiseLoss): Tensor {
  const dtype = x.dtype;
  const round = rounder(dtype);
  const xv = x._values();
  const yv = y._values();
  const n = xv.length;
  let out: Tensor;
  if (reduction === 'none') {
    const r = new (dtype.ArrayType)(n) as TypedArray;
    for (let i = 0; i < n; i++) r[i] = spec.value(xv[i], yv[i], i);
    out = new Tensor(r, x.shape, dtype);
  } else {
    let s = 0;
    for (let i = 0; i < n; i++) s += round(spec.value(xv[i], yv[i], i));
    const r = new (dtype.ArrayType)(1) as TypedArray;
    r[0] = reduction === 'mean' ? s / n : s;
    out = new Tensor(r, [], dtype);
  }
  if (anyNeedsGrad([x, y])) {
    const xNeeds = x._requiresGrad;
    const yNeeds = y._requiresGrad && spec.dTarget !== undefined;
    recordOp(out, spec.node, [x, y], (g) => {
      const scale = (i: number, gv: ArrayLike<number> | null, gs: number): number => (gv ? gv[i] : gs);
      const gv = reduction === 'none' ? g.expand(x._shape)._values() : null;
      const gs = reduction === 'none' ? 0 : reduction === 'mean' ? g.item() / n : g.item();
      const grads: (Tensor | null)[] = [null, null];
      if (xNeeds) {
        const r = new (dtype.ArrayType)(n) as TypedArray;
        for (let i = 0; i < n; i++) r[i] = round(spec.dInput(xv[i], yv[i], i)) * scale(i, gv, gs);
        grads[0] = new Tensor(r, x.shape, dtype);
      }
      if (yNeeds) {
        const r = new (dtype.ArrayType)(n) as TypedArray;
        for (let i = 0; i < n; i++) r[i] = round(spec.dTarget!(xv[i], yv[i], i)) * scale(i, gv, gs);
        grads[1] = new Tensor(r, y.shape, dtype);
      }
      return grads;
    }, [x, y]);
  }
  return out;
}

/** `F.l1Loss(input, target, { reduction })`: mean of |input - target| (composed, as PyTorch's is). */
export function l1Loss(input: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs('l1_loss', args, [...LOSS_ARG_NAMES], LOSS_ARG_DEFAULTS);
  const reduction = resolveReduction(o.sizeAverage, o.reduce, o.reduction);
  const [x, y] = alignLossOperands('l1_loss', input, target);
  const loss = x.sub(y).abs();
  return reduction === 'mean' ? loss.mean() : reduction === 'sum' ? loss.sum() : loss;
}

/** `F.smoothL1Loss(input, target, { reduction, beta })`: quadratic below beta, linear above. */
export function smoothL1Loss(input: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs('smooth_l1_loss', args, [...LOSS_ARG_NAMES, 'beta'], { ...LOSS_ARG_DEFAULTS, beta: 1.0 });
  const reduction = resolveReduction(o.sizeAverage, o.reduce, o.reduction);
  const beta = o.beta;
  if (beta < 0) throw new Error('smooth_l1_loss does not support negative values for beta.');
  if (beta === 0) return l1Loss(input, target, { reduction });
  const [x, y] = alignLossOperands('smooth_l1_loss', input, target);
  const round = rounder(x.dtype);
  const d = (a: number, b: number): number => {
    const z = round(a - b);
    return z < -beta ? -1 : z > beta ? 1 : z / beta;
  };
  return runPointwise(x, y, reduction, {
    node: 'SmoothL1LossBackward0',
    value: (a, b) => {
      const z = Math.abs(round(a - b));
      return z < beta ? (0.5 * z * z) / beta : z - 0.5 * beta;
    },
    dInput: d,
    dTarget: (a, b) => -d(a, b),
  });
}

/** `F.huberLoss(input, target, { reduction, delta })`. */
export function huberLoss(input: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs('huber_loss', args, ['reduction', 'delta'], { reduction: 'mean', delta: 1.0 });
  const reduction = resolveReduction(null, null, o.reduction);
  const delta = o.delta;
  if (!(delta > 0)) throw new Error('huber_loss does not support non-positive values for delta.');
  const [x, y] = alignLossOperands('huber_loss', input, target);
  const round = rounder(x.dtype);
  const d = (a: number, b: number): number => {
    const z = round(a - b);
    return z < -delta ? -delta : z > delta ? delta : z;
  };
  return runPointwise(x, y, reduction, {
    node: 'HuberLossBackward0',
    value: (a, b) => {
      const z = Math.abs(round(a - b));
      return z < delta ? 0.5 * z * z : delta * (z - 0.5 * delta);
    },
    dInput: d,
    dTarget: (a, b) => -d(a, b),
  });
}

/** Values of an optional weight broadcast to `shape`, in the loss's dtype (null: all ones). */
function broadcastWeight(w: Tensor | null | undefined, shape: number[], dtype: DType, what: string): ArrayLike<number> | null {
  if (w === null || w === undefined) return null;
  if (!(w instanceof Tensor)) throw new TypeError(`${what} must be a Tensor or null`);
  return w.to(dtype).expand(shape)._values();
}

const LOG_CLAMP = -100;
const BCE_EPS = 1e-12;

/** `F.binaryCrossEntropy(input, target, weight?, { reduction })` on probabilities in [0, 1]. */
export function binaryCrossEntropy(input: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs('binary_cross_entropy', args, ['weight', ...LOSS_ARG_NAMES], {
    weight: null as Tensor | null, ...LOSS_ARG_DEFAULTS,
  });
  const reduction = resolveReduction(o.sizeAverage, o.reduce, o.reduction);
  if (!(input instanceof Tensor)) throw new TypeError("binary_cross_entropy(): argument 'input' must be Tensor");
  if (!(target instanceof Tensor)) throw new TypeError("binary_cross_entropy(): argument 'target' must be Tensor");
  if (!sameShape(input._shape, target._shape)) {
    throw new Error(
      `Using a target size (${torchSize(target._shape)}) that is different to the input size (${torchSize(input._shape)}) is deprecated. ` +
        'Please ensure they have the same size.',
    );
  }
  const [x, y] = alignLossOperands('binary_cross_entropy', input, target);
  const xv = x._values();
  for (let i = 0; i < xv.length; i++) {
    if (!(xv[i] >= 0 && xv[i] <= 1)) throw new Error('all elements of input should be between 0 and 1');
  }
  const w = broadcastWeight(o.weight, x.shape, x.dtype, 'weight');
  const wAt = (i: number): number => (w ? w[i] : 1);
  return runPointwise(x, y, reduction, {
    node: 'BinaryCrossEntropyBackward0',
    value: (p, t, i) =>
      wAt(i) * ((t - 1) * Math.max(Math.log1p(-p), LOG_CLAMP) - t * Math.max(Math.log(p), LOG_CLAMP)),
    dInput: (p, t, i) => (wAt(i) * (p - t)) / Math.max((1 - p) * p, BCE_EPS),
    dTarget: (p, _t, i) => wAt(i) * (Math.max(Math.log1p(-p), LOG_CLAMP) - Math.max(Math.log(p), LOG_CLAMP)),
  });
}

/**
 * `F.binaryCrossEntropyWithLogits(input, target, weight?, { reduction, posWeight })`: sigmoid and
 * BCE fused, computed in the overflow-safe form.
 */
export function binaryCrossEntropyWithLogits(input: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs('binary_cross_entropy_with_logits', args, ['weight', ...LOSS_ARG_NAMES, 'posWeight'], {
    weight: null as Tensor | null, ...LOSS_ARG_DEFAULTS, posWeight: null as Tensor | null,
  });
  const reduction = resolveReduction(o.sizeAverage, o.reduce, o.reduction);
  if (!(input instanceof Tensor)) throw new TypeError("binary_cross_entropy_with_logits(): argument 'input' must be Tensor");
  if (!(target instanceof Tensor)) throw new TypeError("binary_cross_entropy_with_logits(): argument 'target' must be Tensor");
  if (!sameShape(input._shape, target._shape)) {
    throw new Error(`Target size (${torchSize(target._shape)}) must be the same as input size (${torchSize(input._shape)})`);
  }
  const [x, y] = alignLossOperands('binary_cross_entropy_with_logits', input, target);
  const w = broadcastWeight(o.weight, x.shape, x.dtype, 'weight');
  const pw = broadcastWeight(o.posWeight, x.shape, x.dtype, 'pos_weight');
  const wAt = (i: number): number => (w ? w[i] : 1);
  const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));
  return runPointwise(x, y, reduction, {
    node: 'BinaryCrossEntropyWithLogitsBackward0',
    value: (v, t, i) => {
      const maxVal = Math.max(-v, 0);
      const logTerm = Math.log(Math.exp(-maxVal) + Math.exp(-v - maxVal)) + maxVal;
      const lw = pw ? (pw[i] - 1) * t + 1 : 1;
      return wAt(i) * ((1 - t) * v + lw * logTerm);
    },
    dInput: (v, t, i) => {
      if (pw) {
        const pt = pw[i] * t;
        return wAt(i) * ((pt + 1 - t) * sigmoid(v) - pt);
      }
      return wAt(i) * (sigmoid(v) - t);
    },
    dTarget: (v, _t, i) => {
      if (pw) {
        const maxVal = Math.max(-v, 0);
        const logTerm = Math.log(Math.exp(-maxVal) + Math.exp(-v - maxVal)) + maxVal;
        return wAt(i) * ((pw[i] - 1) * logTerm - v);
      }
      return wAt(i) * -v;
    },
  });
}
