// RAdam (Liu et al.): Adam whose adaptive step is switched on, and rectified, once the variance of
// the second-moment estimate is tractable; before that it takes plain bias-corrected momentum steps.
import type { Tensor } from '../tensor/tensor.js';
import { Optimizer, type ParamGroup, type ParamsInput, type ParamState } from './optimizer.js';
import { isEmptyState } from './state_values.js';
import { bindArguments, withDefaults, type PositionalThenOptions } from './arguments.js';
import {
  checkFloatingParam, commitValues, gradValues, roundingFor, scalarTensor, writableValues, zerosLikeParam,
} from './tensor_access.js';
import { checkAdamFamily } from './validation.js';
import { advanceStepCounter, stepCounterToTensor } from './step_counter.js';
import { regularizedGrad } from './regularized_grad.js';

export interface RAdamOptions {
  lr?: number;
  betas?: [number, number];
  eps?: number;
  weightDecay?: number;
  foreach?: boolean | null;
}

export class RAdam extends Optimizer {
  constructor(
    params: ParamsInput,
    ...args: PositionalThenOptions<
      [lr: number, betas: [number, number], eps: number, weightDecay: number, foreach: boolean | null],
      RAdamOptions
    >
  ) {
    const bound = bindArguments('RAdam', args, ['lr', 'betas', 'eps', 'weightDecay', 'foreach']);
    const d = withDefaults({ lr: 1e-3, betas: [0.9, 0.999] as unknown, eps: 1e-8, weightDecay: 0, foreach: null }, bound);
    checkAdamFamily(d);
    super(params, d);
  }

  protected override updateGroup(group: ParamGroup): void {
    const [beta1, beta2] = group.betas as [number, number];
    for (const p of group.params) {
      if (p.grad === null) continue;
      checkFloatingParam(p, 'RAdam');
      const state = this.stateOf(p);
      if (isEmptyState(state)) {
        state.step = scalarTensor(0);
        state.exp_avg = zerosLikeParam(p);
        state.exp_avg_sq = zerosLikeParam(p);
      }
      radamUpdate(p, p.grad, state, group.lr, beta1, beta2, group.eps, group.weightDecay);
    }
  }

  protected override normalizeLoadedState(state: ParamState): void {
    stepCounterToTensor(state);
  }
}

function radamUpdate(
  p: Tensor,
  grad: Tensor,
  state: ParamState,
  lr: number,
  beta1: number,
  beta2: number,
  eps: number,
  weightDecay: number,
): void {
  const fr = roundingFor(p.dtype);
  const step = advanceStepCounter(state);

  const biasCorrection1 = 1 - beta1 ** step;
  const biasCorrection2 = 1 - beta2 ** step;
  const rhoInf = 2 / (1 - beta2) - 1;
  const rhoT = rhoInf - (2 * step * beta2 ** step) / biasCorrection2;
  const rectified = rhoT > 5.0;
  const rect = rectified ? Math.sqrt(((rhoT - 4) * (rhoT - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rhoT)) : 0;

  const g = gradValues(p, grad);
  const x = writableValues(p);
  const expAvg = state.exp_avg as Tensor;
  const expAvgSq = state.exp_avg_sq as Tensor;
  const m = writableValues(expAvg);
  const v = writableValues(expAvgSq);
  const b1 = fr(beta1);
  const b2 = fr(beta2);
  const oneMinusB1 = fr(1 - beta1);
  const oneMinusB2 = fr(1 - beta2);
  const epsR = fr(eps);
  const bc1 = fr(biasCorrection1);
  const lrR = fr(lr);
  const bc2Sqrt = fr(Math.sqrt(biasCorrection2));
  const rectR = fr(rect);
  const n = x.length;
  for (let i = 0; i < n; i++) {
    const gi = regularizedGrad(g, x, i, false, weightDecay, fr);
    m[i] = m[i] * b1;
    m[i] = m[i] + oneMinusB1 * gi;
    v[i] = v[i] * b2;
    v[i] = v[i] + fr(oneMinusB2 * gi) * gi;
    const corrected = fr(m[i] / bc1);
    let update = fr(corrected * lrR);
    if (rectified) {
      // `scalar / tensor` is reciprocal-then-multiply in PyTorch.
      const adaptive = fr(fr(1 / fr(fr(Math.sqrt(v[i])) + epsR)) * bc2Sqrt);
      update = fr(fr(update * adaptive) * rectR);
    }
    x[i] = x[i] - update;
  }
  commitValues(expAvg, m);
  commitValues(expAvgSq, v);
  commitValues(p, x);
}
