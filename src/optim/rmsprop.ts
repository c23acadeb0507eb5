// RMSprop (Hinton): gradients scaled by a running root mean square, optionally centered (minus the
// squared running mean) and with momentum, following PyTorch 1.13's single-tensor code.
import type { Tensor } from '../tensor/tensor.js';
import { Optimizer, type ParamGroup, type ParamsInput } from './optimizer.js';
import { isEmptyState } from './state_values.js';
import { bindArguments, withDefaults, type PositionalThenOptions } from './arguments.js';
import { checkFloatingParam, commitValues, gradValues, roundingFor, writableValues, zerosLikeParam } from './tensor_access.js';
import { checkEps, checkLr, checkNonNegative } from './validation.js';
import { regularizedGrad } from './regularized_grad.js';
import { nativeUpdateArrays } from './native_update.js';
import { EW_L2, EW_MAXIMIZE, elementwiseKernels } from '../backend/elementwise_native.js';
import { getNumThreads } from '../backend/tier.js';

export interface RMSpropOptions {
  lr?: number;
  alpha?: number;
  eps?: number;
  weightDecay?: number;
  momentum?: number;
  centered?: boolean;
  foreach?: boolean | null;
  maximize?: boolean;
  differentiable?: boolean;
}

export class RMSprop extends Optimizer {
  constructor(
    params: ParamsInput,
    ...args: PositionalThenOptions<
      [
        lr: number, alpha: number, eps: number, weightDecay: number, momentum: number, centered: boolean,
        foreach: boolean | null, maximize: boolean, differentiable: boolean,
      ],
      RMSpropOptions
    >
  ) {
    const bound = bindArguments('RMSprop', args, [
      'lr', 'alpha', 'eps', 'weightDecay', 'momentum', 'centered', 'foreach', 'maximize', 'differentiable',
    ]);
    const d = withDefaults(
      {
        lr: 1e-2, momentum: 0, alpha: 0.99, eps: 1e-8, centered: false, weightDecay: 0, foreach: null,
        maximize: false, differentiable: false,
      },
      bound,
    );
    checkLr(d.lr);
    checkEps(d.eps);
    checkNonNegative(d.momentum, 'Invalid momentum value');
    checkNonNegative(d.weightDecay, 'Invalid weight_decay value');
    checkNonNegative(d.alpha, 'Invalid alpha value');
    super(params, d);
  }

  protected override updateGroup(group: ParamGroup): void {
    const momentum: number = group.momentum;
    const centered: boolean = group.centered;
    for (const p of group.params) {
      if (p.grad === null) continue;
      checkFloatingParam(p, 'RMSprop');
      const state = this.stateOf(p);
      if (isEmptyState(state)) {
        state.step = 0;
        state.square_avg = zerosLikeParam(p);
        if (momentum > 0) state.momentum_buffer = zerosLikeParam(p);
        if (centered) state.grad_avg = zerosLikeParam(p);
      }
      if (momentum > 0 && state.momentum_buffer === undefined) state.momentum_buffer = zerosLikeParam(p);
      if (centered && state.grad_avg === undefined) state.grad_avg = zerosLikeParam(p);
      state.step = Number(state.step) + 1;
      rmspropUpdate(
        p, p.grad, state.square_avg as Tensor, centered ? (state.grad_avg as Tensor) : null,
        momentum > 0 ? (state.momentum_buffer as Tensor) : null, group.lr, group.alpha, group.eps,
        group.weightDecay, momentum, group.maximize,
      );
    }
  }
}

function rmspropUpdate(
  p: Tensor,
  grad: Tensor,
  squareAvg: Tensor,
  gradAvg: Tensor | null,
  momentumBuffer: Tensor | null,
  lr: number,
  alpha: number,
  eps: number,
  weightDecay: number,
  momentum: number,
  maximize: boolean,
): void {
  const fr = roundingFor(p.dtype);
  const g = gradValues(p, grad);
  const x = writableValues(p);
  const sq = writableValues(squareAvg);
  const ga = gradAvg !== null ? writableValues(gradAvg) : null;
  const buf = momentumBuffer !== null ? writableValues(momentumBuffer) : null;
  const a = fr(alpha);
  const oneMinusA = fr(1 - alpha);
  const epsR = fr(eps);
  const mom = fr(momentum);
  const negLr = fr(-lr);
  const n = x.length;
  const native = elementwiseKernels();
  if (native !== null && nativeUpdateArrays(x, g, sq, ga, buf) && native.rmspropUpdate(
    x, g as typeof x, sq as typeof x, ga as typeof x | null, buf as typeof x | null, a, oneMinusA, epsR, mom, negLr,
    fr(weightDecay), (maximize ? EW_MAXIMIZE : 0) | (weightDecay !== 0 ? EW_L2 : 0), getNumThreads(),
  )) {
    // Done natively, with the same roundings as the loop below.
  } else for (let i = 0; i < n; i++) {
    const gi = regularizedGrad(g, x, i, maximize, weightDecay, fr);
    sq[i] = sq[i] * a;
    sq[i] = sq[i] + fr(oneMinusA * gi) * gi;
    let avg: number;
    if (ga !== null) {
      ga[i] = ga[i] * a;
      ga[i] = ga[i] + oneMinusA * gi;
      avg = fr(Math.sqrt(fr(sq[i] - ga[i] * ga[i])));
    } else {
      avg = fr(Math.sqrt(sq[i]));
    }
    avg = fr(avg + epsR);
    if (buf !== null) {
      buf[i] = buf[i] * mom;
      buf[i] = buf[i] + fr(gi / avg);
      x[i] = x[i] + negLr * buf[i];
    } else {
      x[i] = x[i] + fr(fr(negLr * gi) / avg);
    }
  }
  commitValues(squareAvg, sq);
  if (gradAvg !== null) commitValues(gradAvg, ga!);
  if (momentumBuffer !== null) commitValues(momentumBuffer, buf!);
  commitValues(p, x);
}
