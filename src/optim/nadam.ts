// NAdam (Dozat): Adam with Nesterov momentum and PyTorch's momentum-decay schedule.
import type { Tensor } from '../tensor/tensor.js';
import { Optimizer, type ParamGroup, type ParamsInput, type ParamState } from './optimizer.js';
import { isEmptyState } from './state_values.js';
import { bindArguments, withDefaults, type PositionalThenOptions } from './arguments.js';
import {
  checkFloatingParam, commitValues, gradValues, roundingFor, scalarTensor, writableValues, zerosLikeParam,
} from './tensor_access.js';
import { checkAdamFamily, checkNonNegative } from './validation.js';
import { advanceStepCounter, stepCounterToTensor } from './step_counter.js';
import { regularizedGrad } from './regularized_grad.js';

export interface NAdamOptions {
  lr?: number;
  betas?: [number, number];
  eps?: number;
  weightDecay?: number;
  momentumDecay?: number;
  foreach?: boolean | null;
}

export class NAdam extends Optimizer {
  constructor(
    params: ParamsInput,
    ...args: PositionalThenOptions<
      [lr: number, betas: [number, number], eps: number, weightDecay: number, momentumDecay: number, foreach: boolean | null],
      NAdamOptions
    >
  ) {
    const bound = bindArguments('NAdam', args, ['lr', 'betas', 'eps', 'weightDecay', 'momentumDecay', 'foreach']);
    const d = withDefaults(
      { lr: 2e-3, betas: [0.9, 0.999] as unknown, eps: 1e-8, weightDecay: 0, momentumDecay: 4e-3, foreach: null },
      bound,
    );
    checkAdamFamily(d);
    checkNonNegative(d.momentumDecay, 'Invalid momentum_decay value');
    super(params, d);
  }

  protected override updateGroup(group: ParamGroup): void {
    const [beta1, beta2] = group.betas as [number, number];
    for (const p of group.params) {
      if (p.grad === null) continue;
      checkFloatingParam(p, 'NAdam');
      const state = this.stateOf(p);
      if (isEmptyState(state)) {
        state.step = scalarTensor(0);
        state.mu_product = scalarTensor(1);
        state.exp_avg = zerosLikeParam(p);
        state.exp_avg_sq = zerosLikeParam(p);
      }
      nadamUpdate(p, p.grad, state, group.lr, beta1, beta2, group.eps, group.weightDecay, group.momentumDecay);
    }
  }

  protected override normalizeLoadedState(state: ParamState): void {
    stepCounterToTensor(state);
    stepCounterToTensor(state, 'mu_product');
  }
}

function nadamUpdate(
  p: Tensor,
  grad: Tensor,
  state: ParamState,
  lr: number,
  beta1: number,
  beta2: number,
  eps: number,
  weightDecay: number,
  momentumDecay: number,
): void {
  const fr = roundingFor(p.dtype);
  const step = advanceStepCounter(state);

  // mu_product is a float32 0-d tensor in PyTorch: each product rounds to float32.
  const muProductT = state.mu_product as Tensor;
  const muRound = roundingFor(muProductT.dtype);
  const mu = beta1 * (1.0 - 0.5 * 0.96 ** (step * momentumDecay));
  const muNext = beta1 * (1.0 - 0.5 * 0.96 ** ((step + 1) * momentumDecay));
  const muData = writableValues(muProductT);
  muData[0] = muData[0] * muRound(mu);
  commitValues(muProductT, muData);
  const muProduct = muData[0];
  const muProductNext = muRound(muRound(muProduct * muRound(mu)) * muRound(muNext));

  const biasCorrection2 = fr(1 - beta2 ** step);
  const gradCoef = fr((-lr * (1.0 - mu)) / (1.0 - muProduct));
  const avgCoef = fr((-lr * muNext) / (1.0 - muProductNext));

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
  const n = x.length;
  for (let i = 0; i < n; i++) {
    const gi = regularizedGrad(g, x, i, false, weightDecay, fr);
    m[i] = m[i] * b1;
    m[i] = m[i] + oneMinusB1 * gi;
    v[i] = v[i] * b2;
    v[i] = v[i] + fr(oneMinusB2 * gi) * gi;
    const denom = fr(fr(Math.sqrt(fr(v[i] / biasCorrection2))) + epsR);
    x[i] = x[i] + fr(fr(gradCoef * gi) / denom);
    x[i] = x[i] + fr(fr(avgCoef * m[i]) / denom);
  }
  commitValues(expAvg, m);
  commitValues(expAvgSq, v);
  commitValues(p, x);
}
