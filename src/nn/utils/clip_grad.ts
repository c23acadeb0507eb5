// nn.utils.clipGradNorm_ / clipGradValue_: rescale or clamp gradients in place before a step.
import { Tensor } from '../../tensor/tensor.js';
import { noGrad } from '../../autograd/grad_mode.js';
import { stack } from '../../ops/join.js';
import { scalarTensor } from '../../ops/util.js';
import '../../ops/reduce.js';
import '../../ops/unary.js';
import '../../ops/binary.js';
import '../../ops/compare.js';
import { bindArgs } from '../args.js';

function gradsOf(parameters: Tensor | Iterable<Tensor>): Tensor[] {
  const list = parameters instanceof Tensor ? [parameters] : [...parameters];
  return list.filter((p) => p.grad !== null).map((p) => p.grad!);
}

/**
 * `clipGradNorm_(parameters, maxNorm, normType = 2, errorIfNonfinite = false)`: scales all
 * gradients together so their joint norm is at most maxNorm; returns that norm (before clipping).
 */
export function clipGradNorm_(parameters: Tensor | Iterable<Tensor>, maxNorm: number, ...args: unknown[]): Tensor {
  const o = bindArgs('clip_grad_norm_', args, ['normType', 'errorIfNonfinite'], { normType: 2 as number | string, errorIfNonfinite: false });
  const normType = o.normType === 'inf' ? Infinity : Number(o.normType);
  const grads = gradsOf(parameters);
  if (grads.length === 0) return scalarTensor(0, undefined);
  return noGrad(() => {
    let total: Tensor;
    if (normType === Infinity) {
      const norms = grads.map((g) => g.detach().abs().max());
      total = norms.length === 1 ? norms[0] : stack(norms).max();
    } else {
      total = stack(grads.map((g) => g.detach().norm(normType))).norm(normType);
    }
    const t = total.item();
    if (o.errorIfNonfinite && !Number.isFinite(t)) {
      throw new Error(
        `The total norm of order ${normType === Infinity ? 'inf' : normType} for gradients from \`parameters\` is non-finite, so it cannot be clipped. ` +
          'To disable this error and scale the gradients by the non-finite norm anyway, set `error_if_nonfinite=False`',
      );
    }
    const coef = total.add(1e-6).reciprocal().mul(maxNorm).clamp({ max: 1.0 });
    for (const g of grads) g.mul_(coef.to(g.dtype));
    return total;
  });
}

/** `clipGradValue_(parameters, clipValue)`: clamps every gradient element to [-clipValue, clipValue]. */
export function clipGradValue_(parameters: Tensor | Iterable<Tensor>, clipValue: number): void {
  noGrad(() => {
    for (const g of gradsOf(parameters)) g.clamp_(-clipValue, clipValue);
  });
}
