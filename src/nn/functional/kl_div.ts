// F.kl_div: pointwise KL divergence between log-probabilities (input) and a target distribution
// (probabilities, or log-probabilities with logTarget), composed from ops as in PyTorch 1.13.
import { Tensor } from '../../tensor/tensor.js';
import type { TypedArray } from '../../tensor/dtype.js';
import { needsGrad, recordOp } from '../../autograd/function.js';
import '../../ops/binary.js';
import '../../ops/unary.js';
import '../../ops/reduce.js';
import { bindArgs } from '../args.js';
import { LOSS_ARG_DEFAULTS, LOSS_ARG_NAMES } from './reduction.js';
import { alignLossOperands } from './mse_loss.js';
import { warnOnce } from './warn.js';

/** t·log(t), with 0 where t is 0 (PyTorch's xlogy(t, t)); its gradient is log(t) + 1. */
function xlogxSelf(t: Tensor): Tensor {
  const v = t._values();
  const r = new (t.dtype.ArrayType)(v.length) as TypedArray;
  for (let i = 0; i < v.length; i++) r[i] = v[i] === 0 ? 0 : v[i] * Math.log(v[i]);
  const out = new Tensor(r, t.shape, t.dtype);
  if (needsGrad(t)) recordOp(out, 'XlogyBackward0', [t], (g) => [g.mul(t.log().add(1))], [t]);
  return out;
}

/**
 * `F.klDiv(input, target, { reduction, logTarget })`. reduction 'batchmean' divides the sum by the
 * batch size (the mathematical KL divergence); 'mean' divides by every element, with PyTorch's warning.
 */
export function klDiv(input: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs('kl_div', args, [...LOSS_ARG_NAMES, 'logTarget'], { ...LOSS_ARG_DEFAULTS, logTarget: false });
  let reduction: string = o.reduction;
  if ((o.sizeAverage !== null && o.sizeAverage !== undefined) || (o.reduce !== null && o.reduce !== undefined)) {
    const sa = o.sizeAverage ?? true;
    const rd = o.reduce ?? true;
    reduction = sa && rd ? 'mean' : rd ? 'sum' : 'none';
  }
  if (!['mean', 'sum', 'none', 'batchmean'].includes(reduction)) {
    throw new Error(`${reduction} is not a valid value for reduction`);
  }
  if (reduction === 'mean') {
    warnOnce(
      "reduction: 'mean' divides the total loss by both the batch size and the support size." +
        "'batchmean' divides only by the batch size, and aligns with the KL div math definition." +
        "'mean' will be changed to behave the same as 'batchmean' in the next major release.",
    );
  }
  const [x, y] = alignLossOperands('kl_div', input, target);
  const loss = o.logTarget ? y.exp().mul(y.sub(x)) : xlogxSelf(y).sub(y.mul(x));
  if (reduction === 'none') return loss;
  if (reduction === 'sum') return loss.sum();
  if (reduction === 'mean') return loss.mean();
  return input.dim() !== 0 ? loss.sum().div(input._shape[0]) : loss.sum();
}
