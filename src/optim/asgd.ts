// Averaged SGD (Polyak & Juditsky): SGD with a decaying step size that also keeps a running average
// of the iterates (state `ax`), as PyTorch 1.13 computes it.
import type { Tensor } from '../tensor/tensor.js';
import { Optimizer, type ParamGroup, type ParamsInput, type ParamState } from './optimizer.js';
import { isEmptyState } from './state_values.js';
import { bindArguments, withDefaults, type PositionalThenOptions } from './arguments.js';
import {
  checkFloatingParam, commitValues, gradValues, roundingFor, scalarTensor, writableValues, zerosLikeParam,
} from './tensor_access.js';
import { checkLr, checkNonNegative } from './validation.js';
import { advanceStepCounter, stepCounterToTensor } from './step_counter.js';
import { regularizedGrad } from './regularized_grad.js';

export interface ASGDOptions {
  lr?: number;
  lambd?: number;
  alpha?: number;
  t0?: number;
  weightDecay?: number;
  foreach?: boolean | null;
  maximize?: boolean;
}

export class ASGD extends Optimizer {
  static override wholeFloatDefaults = { t0: 1e6 };

  constructor(
    params: ParamsInput,
    ...args: PositionalThenOptions<
      [lr: number, lambd: number, alpha: number, t0: number, weightDecay: number, foreach: boolean | null, maximize: boolean],
      ASGDOptions
    >
  ) {
    const bound = bindArguments('ASGD', args, ['lr', 'lambd', 'alpha', 't0', 'weightDecay', 'foreach', 'maximize']);
    const d = withDefaults(
      { lr: 1e-2, lambd: 1e-4, alpha: 0.75, t0: 1e6, weightDecay: 0, foreach: null, maximize: false },
      bound,
    );
    checkLr(d.lr);
    checkNonNegative(d.weightDecay, 'Invalid weight_decay value');
    super(params, d);
  }

  protected override updateGroup(group: ParamGroup): void {
    for (const p of group.params) {
      if (p.grad === null) continue;
      checkFloatingParam(p, 'ASGD');
      const state = this.stateOf(p);
      if (isEmptyState(state)) {
        state.step = scalarTensor(0);
        state.eta = scalarTensor(group.lr);
        state.mu = scalarTensor(1);
        state.ax = zerosLikeParam(p);
      }
      asgdUpdate(p, p.grad, state, group.lambd, group.lr, group.t0, group.alpha, group.weightDecay, group.maximize);
    }
  }

  protected override normalizeLoadedState(state: ParamState): void {
    stepCounterToTensor(state);
    stepCounterToTensor(state, 'eta');
    stepCounterToTensor(state, 'mu');
  }
}

function asgdUpdate(
  p: Tensor,
  grad: Tensor,
  state: ParamState,
  lambd: number,
  lr: number,
  t0: number,
  alpha: number,
  weightDecay: number,
  maximize: boolean,
): void {
  const fr = roundingFor(p.dtype);
  const step = advanceStepCounter(state);
  const etaT = state.eta as Tensor;
  const muT = state.mu as Tensor;
  const eta = etaT.item();
  const mu = muT.item();

  const g = gradValues(p, grad);
  const x = writableValues(p);
  const axT = state.ax as Tensor;
  const ax = writableValues(axT);
  const shrink = fr(1 - lambd * eta);
  const negEta = fr(-eta);
  const muR = fr(mu);
  const n = x.length;
  for (let i = 0; i < n; i++) {
    const gi = regularizedGrad(g, x, i, maximize, weightDecay, fr);
    x[i] = x[i] * shrink;
    x[i] = x[i] + negEta * gi;
    if (mu !== 1) ax[i] = ax[i] + fr(fr(x[i] - ax[i]) * muR);
    else ax[i] = x[i];
  }
  commitValues(axT, ax);
  commitValues(p, x);

  const etaData = writableValues(etaT);
  etaData[0] = lr / Math.pow(1 + lambd * lr * step, alpha);
  commitValues(etaT, etaData);
  const muData = writableValues(muT);
  muData[0] = 1 / Math.max(1, step - t0);
  commitValues(muT, muData);
}
