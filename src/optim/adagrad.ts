// Adagrad (Duchi et al.): per-element learning rates from the running sum of squared gradients.
// Its state exists from construction on (PyTorch fills it in __init__), so stateDict() shows it early.
import type { Tensor } from '../tensor/tensor.js';
import { Optimizer, type ParamGroup, type ParamsInput, type ParamState } from './optimizer.js';
import { bindArguments, withDefaults, type PositionalThenOptions } from './arguments.js';
import {
  checkFloatingParam, commitValues, fullLikeParam, gradValues, roundingFor, scalarTensor, writableValues,
} from './tensor_access.js';
import { checkEps, checkLr, checkNonNegative } from './validation.js';
import { advanceStepCounter, stepCounterToTensor } from './step_counter.js';
import { regularizedGrad } from './regularized_grad.js';
import { nativeUpdateArrays } from './native_update.js';
import { EW_L2, EW_MAXIMIZE, elementwiseKernels } from '../backend/elementwise_native.js';
import { getNumThreads } from '../backend/tier.js';

export interface AdagradOptions {
  lr?: number;
  lrDecay?: number;
  weightDecay?: number;
  initialAccumulatorValue?: number;
  eps?: number;
  foreach?: boolean | null;
  maximize?: boolean;
}

export class Adagrad extends Optimizer {
  constructor(
    params: ParamsInput,
    ...args: PositionalThenOptions<
      [lr: number, lrDecay: number, weightDecay: number, initialAccumulatorValue: number, eps: number, foreach: boolean | null],
      AdagradOptions
    >
  ) {
    const bound = bindArguments(
      'Adagrad', args, ['lr', 'lrDecay', 'weightDecay', 'initialAccumulatorValue', 'eps', 'foreach'], ['maximize'],
    );
    const d = withDefaults(
      { lr: 1e-2, lrDecay: 0, eps: 1e-10, weightDecay: 0, initialAccumulatorValue: 0, foreach: null, maximize: false },
      bound,
    );
    checkLr(d.lr);
    checkNonNegative(d.lrDecay, 'Invalid lr_decay value');
    checkNonNegative(d.weightDecay, 'Invalid weight_decay value');
    checkNonNegative(d.initialAccumulatorValue, 'Invalid initial_accumulator_value value');
    checkEps(d.eps);
    super(params, d);
    // PyTorch fills the accumulator from the constructor's value, whatever a group says.
    for (const group of this.paramGroups) {
      for (const p of group.params) {
        checkFloatingParam(p, 'Adagrad');
        const state = this.stateOf(p);
        state.step = scalarTensor(0);
        state.sum = fullLikeParam(p, d.initialAccumulatorValue as number);
      }
    }
  }

  protected override updateGroup(group: ParamGroup): void {
    for (const p of group.params) {
      if (p.grad === null) continue;
      adagradUpdate(p, p.grad, this.stateOf(p), group.lr, group.weightDecay, group.lrDecay, group.eps, group.maximize);
    }
  }

  protected override normalizeLoadedState(state: ParamState): void {
    stepCounterToTensor(state);
  }
}

function adagradUpdate(
  p: Tensor,
  grad: Tensor,
  state: ParamState,
  lr: number,
  weightDecay: number,
  lrDecay: number,
  eps: number,
  maximize: boolean,
): void {
  const fr = roundingFor(p.dtype);
  const step = advanceStepCounter(state);
  const clr = lr / (1 + (step - 1) * lrDecay);

  const g = gradValues(p, grad);
  const x = writableValues(p);
  const sumT = state.sum as Tensor;
  const s = writableValues(sumT);
  const epsR = fr(eps);
  const negClr = fr(-clr);
  const n = x.length;
  const native = elementwiseKernels();
  if (native !== null && nativeUpdateArrays(x, g, s) && native.adagradUpdate(
    x, g as typeof x, s as typeof x, epsR, negClr, fr(weightDecay),
    (maximize ? EW_MAXIMIZE : 0) | (weightDecay !== 0 ? EW_L2 : 0), getNumThreads(),
  )) {
    // Done natively, with the same roundings as the loop below.
  } else for (let i = 0; i < n; i++) {
    const gi = regularizedGrad(g, x, i, maximize, weightDecay, fr);
    s[i] = s[i] + gi * gi;
    const std = fr(fr(Math.sqrt(s[i])) + epsR);
    x[i] = x[i] + fr(fr(negClr * gi) / std);
  }
  commitValues(sumT, s);
  commitValues(p, x);
}
