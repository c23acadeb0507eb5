// F.nll_loss and F.cross_entropy. NLL picks -input[n, target[n], ...] (weighted, skipping
// ignoreIndex) with its own forward loop and backward node; cross entropy is log_softmax followed
// by it, or, for class-probability targets and label smoothing, PyTorch's composite formulas.
import { Tensor } from '../../tensor/tensor.js';
import { int64, type DType, type TypedArray } from '../../tensor/dtype.js';
import { anyNeedsGrad, recordOp } from '../../autograd/function.js';
import { logSoftmax } from '../../ops/activation.js';
import '../../ops/view.js';
import '../../ops/convert.js';
import '../../ops/reduce.js';
import '../../ops/binary.js';
import '../../ops/compare.js';
import '../../ops/indexing.js';
import { bindArgs } from '../args.js';
import { LOSS_ARG_DEFAULTS, resolveReduction, type Reduction } from './reduction.js';
import { sameShape } from './mse_loss.js';

function dtypeWord(d: DType): string {
  const words: Record<string, string> = {
    float32: 'Float', float64: 'Double', int64: 'Long', int32: 'Int', int16: 'Short', int8: 'Char', uint8: 'Byte', bool: 'Bool',
  };
  return words[d.name] ?? d.name;
}

function shapeList(s: readonly number[]): string {
  return `[${s.join(', ')}]`;
}

/** PyTorch's nll_loss_nd shape rules, then the loss over [N, C, S] with target [N, S]. */
function nllChecked(input: Tensor, target: Tensor, weight: Tensor | null, reduction: Reduction, ignoreIndex: number): Tensor {
  if (!(input instanceof Tensor)) throw new TypeError("nll_loss(): argument 'input' must be Tensor");
  if (!(target instanceof Tensor)) throw new TypeError("nll_loss(): argument 'target' must be Tensor");
  const dim = input.dim();
  if (dim < 1) throw new Error(`input tensor should be 1D or more, got ${dim}D`);
  if (dim !== 1 && input._shape[0] !== (target._shape[0] ?? 1)) {
    throw new Error(`Expected input batch_size (${input._shape[0]}) to match target batch_size (${target._shape[0] ?? 1}).`);
  }
  if (target.dtype !== int64) {
    throw new TypeError(
      `expected scalar type Long but found ${dtypeWord(target.dtype)} ` +
        '(class-index targets must be int64: use .long(), bigint values, or { dtype: torch.int64 })',
    );
  }
  if (dim <= 2) {
    if (target.dim() > 1) throw new Error('0D or 1D target tensor expected, multi-target not supported');
    const noBatch = dim === 1 && target.dim() === 0;
    if (!noBatch && input._shape[0] !== (target._shape[0] ?? -1)) {
      throw new Error(`size mismatch (got input: ${shapeList(input._shape)}, target: ${shapeList(target._shape)})`);
    }
  } else {
    const expected = [input._shape[0], ...input._shape.slice(2)];
    if (!sameShape(target._shape, expected)) {
      throw new Error(`Expected target size ${shapeList(expected)}, got ${shapeList(target._shape)}`);
    }
  }
  const C = dim === 1 ? input._shape[0] : input._shape[1];
  if (weight !== null && weight !== undefined) {
    if (!(weight instanceof Tensor)) throw new TypeError('weight must be a Tensor or null');
    if (weight.numel() !== C) {
      throw new Error(
        `weight tensor should be defined either for all ${C} classes or no classes but got weight tensor of shape: ${shapeList(weight._shape)}`,
      );
    }
  }
  if (dim === 3 || dim > 4) {
    // PyTorch runs these through the 4-D kernel on [N, C, 1, S] views.
    const n = input._shape[0];
    const out = nllCore(input.reshape([n, C, 1, -1]), target.reshape([n, 1, -1]), weight ?? null, reduction, ignoreIndex);
    return reduction === 'none' ? out.view([n, ...input._shape.slice(2)]) : out;
  }
  return nllCore(input, target, weight ?? null, reduction, ignoreIndex);
}

function nllCore(input: Tensor, target: Tensor, weight: Tensor | null, reduction: Reduction, ignoreIndex: number): Tensor {
  const dtype = input.dtype;
  if (!dtype.isFloatingPoint) throw new TypeError(`"nll_loss" not implemented for '${dtypeWord(dtype)}'`);
  const dim = input.dim();
  const shape = input._shape;
  const N = dim === 1 ? 1 : shape[0];
  const C = dim === 1 ? shape[0] : shape[1];
  let S = 1;
  for (let i = 2; i < dim; i++) S *= shape[i];
  const xv = input._values();
  const tv = target._values();
  const wv = weight ? weight.to(dtype)._values() : null;
  const count = N * S;
  const picked = new Float64Array(count);
  const wOf = new Float64Array(count);
  let total = 0;
  let totalWeight = 0;
  for (let n = 0; n < N; n++) {
    for (let s = 0; s < S; s++) {
      const i = n * S + s;
      const t = tv[i];
      if (t === ignoreIndex) continue;
      if (!(t >= 0 && t < C)) throw new RangeError(`Target ${t} is out of bounds.`);
      const w = wv ? wv[t] : 1;
      wOf[i] = w;
      picked[i] = n * C * S + t * S + s;
      const v = -w * xv[n * C * S + t * S + s];
      total += v;
      totalWeight += w;
    }
  }
  let out: Tensor;
  if (reduction === 'none') {
    const r = new (dtype.ArrayType)(count) as TypedArray;
    for (let i = 0; i < count; i++) r[i] = wOf[i] === 0 ? 0 : -wOf[i] * xv[picked[i]];
    const outShape = dim === 1 ? [] : [shape[0], ...shape.slice(2)];
    out = new Tensor(r, outShape, dtype);
  } else {
    const r = new (dtype.ArrayType)(1) as TypedArray;
    r[0] = reduction === 'sum' ? total : total / totalWeight;
    out = new Tensor(r, [], dtype);
  }
  if (anyNeedsGrad([input])) {
    const node = dim <= 2 ? 'NllLossBackward0' : 'NllLoss2DBackward0';
    const tw = dtype.itemsize === 4 ? Math.fround(totalWeight) : totalWeight;
    recordOp(out, node, [input], (g) => {
      const gi = new (dtype.ArrayType)(xv.length) as TypedArray;
      const gv = reduction === 'none' ? g.expand(out._shape)._values() : null;
      const gs = reduction === 'none' ? 0 : g.item();
      for (let i = 0; i < count; i++) {
        const w = wOf[i];
        if (w === 0) continue;
        gi[picked[i]] = reduction === 'none' ? -w * gv![i] : reduction === 'sum' ? -w * gs : (-w / tw) * gs;
      }
      return [new Tensor(gi, input.shape, dtype)];
    }, [input]);
  }
  return out;
}

const NLL_DEFAULTS = {
  weight: null as Tensor | null,
  sizeAverage: null as boolean | null,
  ignoreIndex: -100,
  reduce: null as boolean | null,
  reduction: 'mean',
};
const NLL_NAMES = ['weight', 'sizeAverage', 'ignoreIndex', 'reduce', 'reduction'] as const;

/** `F.nllLoss(logProbs, target, weight?, { ignoreIndex, reduction })`; target holds int64 class indices. */
export function nllLoss(input: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs('nll_loss', args, [...NLL_NAMES], NLL_DEFAULTS);
  const reduction = resolveReduction(o.sizeAverage, o.reduce, o.reduction);
  return nllChecked(input, target, o.weight, reduction, o.ignoreIndex);
}

/**
 * `F.crossEntropy(logits, target, weight?, { ignoreIndex, reduction, labelSmoothing })`. A target
 * of the input's shape holds class probabilities (floating point); otherwise int64 class indices.
 * Logits are [N, C], [N, C, d1, ...] or [C].
 */
export function crossEntropy(input: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs('cross_entropy', args, [...NLL_NAMES, 'labelSmoothing'], { ...NLL_DEFAULTS, labelSmoothing: 0.0 });
  const reduction = resolveReduction(o.sizeAverage, o.reduce, o.reduction);
  if (!(input instanceof Tensor)) throw new TypeError("cross_entropy(): argument 'input' must be Tensor");
  if (!(target instanceof Tensor)) throw new TypeError("cross_entropy(): argument 'target' must be Tensor");
  const ls = o.labelSmoothing;
  if (!(ls >= 0 && ls <= 1)) throw new Error(`label_smoothing must be between 0.0 and 1.0. Got: ${ls}`);
  if (input.dim() < 1) throw new Error('input tensor should be 1D or more, got 0D');
  const classDim = input.dim() === 1 ? 0 : 1;
  const C = input._shape[classDim];
  const weight = o.weight;
  if (sameShape(input._shape, target._shape)) {
    if (!target.dtype.isFloatingPoint) {
      throw new TypeError(`Expected floating point type for target with class probabilities, got ${dtypeWord(target.dtype)}`);
    }
    if (weight && (weight.dim() !== 1 || weight.numel() !== C)) {
      throw new Error(
        `cross_entropy: weight tensor should be defined either for all ${C} classes or no classes but got weight tensor of shape: ${shapeList(weight._shape)}`,
      );
    }
    return probTargetCrossEntropy(input, target, weight, reduction, ls, classDim);
  }
  const logp = logSoftmax(input, classDim);
  const nll = nllChecked(logp, target, weight, reduction, o.ignoreIndex);
  if (ls === 0) return nll;
  return nll.mul(1 - ls).add(smoothingTerm(logp, target, weight, reduction, o.ignoreIndex, classDim).mul(ls / C));
}

/** Weight shaped to broadcast along the class dim: [C] for 1-D input, [1, C, 1, ...] otherwise. */
function weightAlongClassDim(weight: Tensor, input: Tensor, classDim: number): Tensor {
  const shape = input._shape.map((_, i) => (i === classDim ? weight.numel() : 1));
  return weight.to(input.dtype).reshape(shape);
}

function probTargetCrossEntropy(
  input: Tensor, target: Tensor, weight: Tensor | null, reduction: Reduction, ls: number, classDim: number,
): Tensor {
  const C = input._shape[classDim];
  const logp = logSoftmax(input, classDim);
  let t = target.dtype === input.dtype ? target : target.to(input.dtype);
  if (ls > 0) t = t.mul(1 - ls).add(ls / C);
  let prod = logp.mul(t);
  if (weight) prod = prod.mul(weightAlongClassDim(weight, input, classDim));
  if (reduction === 'none') return prod.sum(classDim).neg();
  if (reduction === 'sum') return prod.sum().neg();
  return prod.sum().neg().div(input.numel() / C);
}

function smoothingTerm(
  logp: Tensor, target: Tensor, weight: Tensor | null, reduction: Reduction, ignoreIndex: number, classDim: number,
): Tensor {
  let smooth = weight ? logp.mul(weightAlongClassDim(weight, logp, classDim)).sum(classDim).neg() : logp.sum(classDim).neg();
  const ignore = target.eq(ignoreIndex);
  smooth = smooth.maskedFill(ignore, 0);
  if (reduction === 'none') return smooth;
  if (reduction === 'sum') return smooth.sum();
  if (weight) {
    const kept = target.maskedSelect(ignore.logicalNot()).flatten();
    return smooth.sum().div(weight.to(logp.dtype).gather(0, kept).sum());
  }
  return smooth.sum().div(ignore.logicalNot().sum());
}
