// Adamax (Kingma & Ba): Adam with the infinity norm of past gradients in place of the second moment.
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

export interface AdamaxOptions {
  lr?: number;
  betas?: [number, number];
  eps?: number;
  weightDecay?: number;
  foreach?: boolean | null;
  maximize?: boolean;
}

export class Adamax extends Optimizer {
  constructor(
    params: ParamsInput,
    ...args: PositionalThenOptions<
      [lr: number, betas: [number, number], eps: number, weightDecay: number, foreach: boolean | null],
      AdamaxOptions
    >
  ) {
    const bound = bindArguments('Adamax', args, ['lr', 'betas', 'eps', 'weightDecay', 'foreach'], ['maximize']);
    const d = withDefaults(
      { lr: 2e-3, betas: [0.9, 0.999] as unknown, eps: 1e-8, weightDecay: 0, foreach: null, maximize: false },
      bound,
    );
    checkAdamFamily(d);
    super(params, d);
  }

  protected override updateGroup(group: ParamGroup): void {
    const [beta1, beta2] = group.betas as [number, number];
    for (const p of group.params) {
      if (p.grad === null) continue;
      checkFloatingParam(p, 'Adamax');
      const state = this.stateOf(p);
      if (isEmptyState(state)) {
        state.step = scalarTensor(0);
        state.exp_avg = zerosLikeParam(p);
        state.exp_inf = zerosLikeParam(p);
      }
      adamaxUpdate(p, p.grad, state, group.lr, beta1, beta2, group.eps, group.weightDecay, group.maximize);
    }
  }

  protected override normalizeLoadedState(state: ParamState): void {
    stepCounterToTensor(state);
  }
}

function adamaxUpdate(
  p: Tensor,
  grad: Tensor,
  state: ParamState,
  lr: number,
  beta1: number,
  beta2: number,
  eps: number,
  weightDecay: number,
  maximize: boolean,
): void {
  const fr = roundingFor(p.dtype);
  const step = advanceStepCounter(state);

  const g = gradValues(p, grad);
  const x = writableValues(p);
  const expAvg = state.exp_avg as Tensor;
  const expInf = state.exp_inf as Tensor;
  const m = writableValues(expAvg);
  const u = writableValues(expInf);
  const b1 = fr(beta1);
  const b2 = fr(beta2);
  const oneMinusB1 = fr(1 - beta1);
  const epsR = fr(eps);
  const negClr = fr(-(lr / (1 - beta1 ** step)));
  const n = x.length;
  for (let i = 0; i < n; i++) {
    const gi = regularizedGrad(g, x, i, maximize, weightDecay, fr);
    m[i] = m[i] * b1;
    m[i] = m[i] + oneMinusB1 * gi;
    const decayed = fr(u[i] * b2);
    const candidate = fr(Math.abs(gi) + epsR);
    // amax propagates NaN, as PyTorch's does.
    u[i] = decayed !== decayed || candidate !== candidate ? NaN : decayed > candidate ? decayed : candidate;
    x[i] = x[i] + fr(fr(negClr * m[i]) / u[i]);
  }
  commitValues(expAvg, m);
  commitValues(expInf, u);
  commitValues(p, x);
}
