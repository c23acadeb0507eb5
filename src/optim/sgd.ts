// Stochastic gradient descent, optionally with momentum, dampening, Nesterov momentum, weight decay
// (an L2 penalty added to the gradient) and maximization: PyTorch 1.13's single-tensor SGD.
import type { Tensor } from '../tensor/tensor.js';
import { Optimizer, required, type ParamGroup, type ParamsInput } from './optimizer.js';
import { bindArguments, withDefaults, type PositionalThenOptions } from './arguments.js';
import { checkFloatingParam, commitValues, gradValues, roundingFor, writableValues, zerosLikeParam } from './tensor_access.js';
import { checkLr, checkNonNegative } from './validation.js';
import { regularizedGrad } from './regularized_grad.js';
import { nativeUpdateArrays } from './native_update.js';
import { EW_FRESH, EW_L2, EW_MAXIMIZE, EW_NESTEROV, elementwiseKernels } from '../backend/elementwise_native.js';
import { getNumThreads } from '../backend/tier.js';

export interface SGDOptions {
  lr?: number;
  momentum?: number;
  dampening?: number;
  weightDecay?: number;
  nesterov?: boolean;
  maximize?: boolean;
  foreach?: boolean | null;
  differentiable?: boolean;
}

export class SGD extends Optimizer {
  constructor(
    params: ParamsInput,
    ...args: PositionalThenOptions<[lr: number, momentum: number, dampening: number, weightDecay: number, nesterov: boolean], SGDOptions>
  ) {
    const bound = bindArguments('SGD', args, ['lr', 'momentum', 'dampening', 'weightDecay', 'nesterov'], [
      'maximize', 'foreach', 'differentiable',
    ]);
    const d = withDefaults(
      {
        lr: required as unknown, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false,
        foreach: null, differentiable: false,
      },
      bound,
    );
    if (d.lr !== required) checkLr(d.lr);
    checkNonNegative(d.momentum, 'Invalid momentum value');
    checkNonNegative(d.weightDecay, 'Invalid weight_decay value');
    if (d.nesterov && ((d.momentum as number) <= 0 || d.dampening !== 0)) {
      throw new RangeError('Nesterov momentum requires a momentum and zero dampening');
    }
    super(params, d);
  }

  protected override updateGroup(group: ParamGroup): void {
    const lr: number = group.lr;
    const momentum: number = group.momentum;
    const dampening: number = group.dampening;
    const weightDecay: number = group.weightDecay;
    const nesterov: boolean = group.nesterov;
    const maximize: boolean = group.maximize;
    for (const p of group.params) {
      if (p.grad === null) continue;
      checkFloatingParam(p, 'SGD');
      const state = this.stateOf(p);
      const buf = (state.momentum_buffer ?? null) as Tensor | null;
      state.momentum_buffer = sgdUpdate(p, p.grad, buf, lr, momentum, dampening, weightDecay, nesterov, maximize);
    }
  }
}

/** Updates `p` in place; returns the momentum buffer (created on the first step), or null without momentum. */
function sgdUpdate(
  p: Tensor,
  grad: Tensor,
  buf: Tensor | null,
  lr: number,
  momentum: number,
  dampening: number,
  weightDecay: number,
  nesterov: boolean,
  maximize: boolean,
): Tensor | null {
  const fr = roundingFor(p.dtype);
  const g = gradValues(p, grad);
  const x = writableValues(p);
  const n = x.length;
  const mom = fr(momentum);
  const keep = fr(1 - dampening);
  const negLr = fr(-lr);
  const fresh = momentum !== 0 && buf === null;
  if (fresh) buf = zerosLikeParam(p);
  const b = momentum !== 0 ? writableValues(buf!) : null;
  const native = elementwiseKernels();
  if (native !== null && nativeUpdateArrays(x, g, b) && native.sgdUpdate(
    x, g as typeof x, b as typeof x | null, mom, keep, negLr, fr(weightDecay),
    (maximize ? EW_MAXIMIZE : 0) | (weightDecay !== 0 ? EW_L2 : 0) | (nesterov ? EW_NESTEROV : 0) | (fresh ? EW_FRESH : 0),
    getNumThreads(),
  )) {
    // Done natively, with the same roundings as the loop below.
  } else for (let i = 0; i < n; i++) {
    let d = regularizedGrad(g, x, i, maximize, weightDecay, fr);
    if (b !== null) {
      if (fresh) b[i] = d;
      else {
        b[i] = b[i] * mom;
        b[i] = b[i] + keep * d;
      }
      d = nesterov ? fr(d + mom * b[i]) : b[i];
    }
    x[i] = x[i] + negLr * d;
  }
  if (b !== null) commitValues(buf!, b);
  commitValues(p, x);
  return buf;
}
