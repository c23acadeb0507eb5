// The gradient an update follows, before anything specific to its algorithm: negated when maximizing
// (PyTorch's `-grad`), plus the L2 penalty when there is one (PyTorch's `grad.add(param,
// alpha=weight_decay)`, whose alpha rounds to the parameter's dtype, and so does the sum). Whether to add
// it is decided on the unrounded weight decay, as PyTorch's `if weight_decay != 0` decides.
import type { Rounding } from './tensor_access.js';

/**
 * Element `i` of that gradient. It takes the arrays rather than two values so that the parameter is
 * read only when there is a penalty: this runs once per element of every update.
 */
export function regularizedGrad(
  grad: ArrayLike<number>, param: ArrayLike<number>, i: number, maximize: boolean, weightDecay: number, round: Rounding,
): number {
  const g = maximize ? -grad[i] : grad[i];
  return weightDecay !== 0 ? round(g + round(weightDecay) * param[i]) : g;
}
