// Adam (Kingma & Ba), optionally AMSGrad, as PyTorch 1.13's single-tensor Adam computes it: the same
// op sequence, each op rounded to the parameter's dtype. AdamW shares the update with decoupled decay.
import type { Tensor } from '../tensor/tensor.js';
import type { TypedArray } from '../tensor/dtype.js';
import { Optimizer, type ParamGroup, type ParamsInput, type ParamState } from './optimizer.js';
import { isEmptyState } from './state_values.js';
import { bindArguments, withDefaults, type PositionalThenOptions } from './arguments.js';
import {
  checkFloatingParam, commitValues, gradValues, roundingFor, scalarTensor, writableValues, zerosLikeParam,
} from './tensor_access.js';
import { checkAdamFamily } from './validation.js';
import { advanceStepCounter, stepCounterToTensor } from './step_counter.js';
import { regularizedGrad } from './regularized_grad.js';
import { nativeUpdateArrays } from './native_update.js';
import { EW_DECOUPLED, EW_L2, EW_MAXIMIZE, elementwiseKernels } from '../backend/elementwise_native.js';
import { getNumThreads } from '../backend/tier.js';

export interface AdamOptions {
  lr?: number;
  betas?: [number, number];
  eps?: number;
  weightDecay?: number;
  amsgrad?: boolean;
  foreach?: boolean | null;
  maximize?: boolean;
  capturable?: boolean;
  differentiable?: boolean;
  fused?: boolean;
}

export type AdamPositional = [lr: number, betas: [number, number], eps: number, weightDecay: number, amsgrad: boolean];

export class Adam extends Optimizer {
  constructor(params: ParamsInput, ...args: PositionalThenOptions<AdamPositional, AdamOptions>) {
    const bound = bindArguments('Adam', args, ['lr', 'betas', 'eps', 'weightDecay', 'amsgrad'], [
      'foreach', 'maximize', 'capturable', 'differentiable', 'fused',
    ]);
    const d = withDefaults(
      {
        lr: 1e-3, betas: [0.9, 0.999] as unknown, eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false,
        foreach: null, capturable: false, differentiable: false, fused: false,
      },
      bound,
    );
    checkAdamFamily(d);
    if (d.fused) throw new Error('FusedAdam requires all the params to be CUDA, floating point');
    super(params, d);
  }

  protected override updateGroup(group: ParamGroup): void {
    adamGroup(this, group, false);
  }

  protected override normalizeLoadedState(state: ParamState): void {
    stepCounterToTensor(state);
  }
}

/** Runs one Adam (or, with `decoupled`, AdamW) step over a group. */
export function adamGroup(opt: { state: Map<Tensor, ParamState> }, group: ParamGroup, decoupled: boolean): void {
  const [beta1, beta2] = group.betas as [number, number];
  for (const p of group.params) {
    if (p.grad === null) continue;
    checkFloatingParam(p, decoupled ? 'AdamW' : 'Adam');
    let state = opt.state.get(p);
    if (state === undefined || isEmptyState(state)) {
      state = { step: scalarTensor(0), exp_avg: zerosLikeParam(p), exp_avg_sq: zerosLikeParam(p) };
      if (group.amsgrad) state.max_exp_avg_sq = zerosLikeParam(p);
      opt.state.set(p, state);
    }
    if (group.amsgrad && !(state.max_exp_avg_sq as Tensor | undefined)) state.max_exp_avg_sq = zerosLikeParam(p);
    adamUpdate(p, p.grad, state, group.lr, beta1, beta2, group.eps, group.weightDecay, group.amsgrad, group.maximize, decoupled);
  }
}

function adamUpdate(
  p: Tensor,
  grad: Tensor,
  state: ParamState,
  lr: number,
  beta1: number,
  beta2: number,
  eps: number,
  weightDecay: number,
  amsgrad: boolean,
  maximize: boolean,
  decoupled: boolean,
): void {
  const fr = roundingFor(p.dtype);
  const step = advanceStepCounter(state);

  const g = gradValues(p, grad);
  const x = writableValues(p);
  const expAvg = state.exp_avg as Tensor;
  const expAvgSq = state.exp_avg_sq as Tensor;
  const maxSq = amsgrad ? (state.max_exp_avg_sq as Tensor) : null;
  const m = writableValues(expAvg);
  const v = writableValues(expAvgSq);
  const vmax = maxSq !== null ? writableValues(maxSq) : null;

  const biasCorrection1 = 1 - beta1 ** step;
  const biasCorrection2 = 1 - beta2 ** step;
  const negStepSize = fr(-(lr / biasCorrection1));
  const bc2Sqrt = fr(Math.sqrt(biasCorrection2));
  const b1 = fr(beta1);
  const b2 = fr(beta2);
  const oneMinusB1 = fr(1 - beta1);
  const oneMinusB2 = fr(1 - beta2);
  const epsR = fr(eps);
  const decay = fr(1 - lr * weightDecay);
  // AdamW decays the parameter itself; Adam adds the penalty to the gradient.
  const decayParam = decoupled && weightDecay !== 0;
  const l2Decay = decoupled ? 0 : weightDecay;
  const n = x.length;
  const native = elementwiseKernels();
  if (native !== null && nativeUpdateArrays(x, g, m, v, vmax) && native.adamUpdate(
    x, g as typeof x, m as typeof x, v as typeof x, vmax as typeof x | null, b1, b2, oneMinusB1, oneMinusB2,
    negStepSize, bc2Sqrt, epsR, decay, fr(l2Decay), (maximize ? EW_MAXIMIZE : 0) | (l2Decay !== 0 ? EW_L2 : 0) | (decayParam ? EW_DECOUPLED : 0),
    getNumThreads(),
  )) {
    // Done natively, with the same roundings as the loops below.
  } else if (fr === Math.fround && vmax === null && weightDecay === 0 && !maximize) {
    adamFloat32(x, g, m, v, b1, b2, oneMinusB1, oneMinusB2, negStepSize, bc2Sqrt, epsR);
  } else for (let i = 0; i < n; i++) {
    if (decayParam) x[i] = x[i] * decay;
    const gi = regularizedGrad(g, x, i, maximize, l2Decay, fr);
    m[i] = m[i] * b1;
    m[i] = m[i] + oneMinusB1 * gi;
    v[i] = v[i] * b2;
    v[i] = v[i] + fr(oneMinusB2 * gi) * gi;
    let second = v[i];
    if (vmax !== null) {
      const prev = vmax[i];
      vmax[i] = prev !== prev || second !== second ? NaN : prev > second ? prev : second;
      second = vmax[i];
    }
    let denom = fr(Math.sqrt(second));
    denom = fr(denom / bc2Sqrt);
    denom = fr(denom + epsR);
    x[i] = x[i] + fr(fr(negStepSize * m[i]) / denom);
  }
  commitValues(expAvg, m);
  commitValues(expAvgSq, v);
  if (maxSq !== null) commitValues(maxSq, vmax!);
  commitValues(p, x);
}

/**
 * The loop above for plain float32 Adam (no weight decay, AMSGrad or maximize), with Math.fround
 * written out and each element read once: the same roundings in the same order, about twice as fast,
 * which matters because this runs over every weight of the model each step.
 */
function adamFloat32(
  x: TypedArray, g: ArrayLike<number>, m: TypedArray, v: TypedArray, b1: number, b2: number,
  oneMinusB1: number, oneMinusB2: number, negStepSize: number, bc2Sqrt: number, eps: number,
): void {
  const n = x.length;
  for (let i = 0; i < n; i++) {
    const gi = g[i];
    const mi = Math.fround(Math.fround(m[i] * b1) + oneMinusB1 * gi);
    const vi = Math.fround(Math.fround(v[i] * b2) + Math.fround(oneMinusB2 * gi) * gi);
    m[i] = mi;
    v[i] = vi;
    const denom = Math.fround(Math.fround(Math.fround(Math.sqrt(vi)) / bc2Sqrt) + eps);
    x[i] = x[i] + Math.fround(Math.fround(negStepSize * mi) / denom);
  }
}
