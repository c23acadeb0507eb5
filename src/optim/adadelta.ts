// Adadelta (Zeiler): step sizes from running averages of squared gradients and squared updates.
import type { Tensor } from '../tensor/tensor.js';
import { Optimizer, type ParamGroup, type ParamsInput } from './optimizer.js';
import { isEmptyState } from './state_values.js';
import { bindArguments, withDefaults, type PositionalThenOptions } from './arguments.js';
import { checkFloatingParam, commitValues, gradValues, roundingFor, writableValues, zerosLikeParam } from './tensor_access.js';
import { checkEps, checkLr, checkNonNegative } from './validation.js';
import { regularizedGrad } from './regularized_grad.js';
import { pyNumberRepr } from './python_repr.js';

export interface AdadeltaOptions {
  lr?: number;
  rho?: number;
  eps?: number;
  weightDecay?: number;
  foreach?: boolean | null;
  maximize?: boolean;
}

export class Adadelta extends Optimizer {
  static override wholeFloatDefaults = { lr: 1.0 };

  constructor(
    params: ParamsInput,
    ...args: PositionalThenOptions<[lr: number, rho: number, eps: number, weightDecay: number, foreach: boolean | null], AdadeltaOptions>
  ) {
    const bound = bindArguments('Adadelta', args, ['lr', 'rho', 'eps', 'weightDecay', 'foreach'], ['maximize']);
    const d = withDefaults({ lr: 1.0, rho: 0.9, eps: 1e-6, weightDecay: 0, maximize: false, foreach: null }, bound);
    checkLr(d.lr);
    const rho = d.rho as number;
    if (typeof rho !== 'number' || !(rho >= 0 && rho <= 1)) throw new RangeError(`Invalid rho value: ${pyNumberRepr(rho)}`);
    checkEps(d.eps);
    checkNonNegative(d.weightDecay, 'Invalid weight_decay value');
    super(params, d);
  }

  protected override updateGroup(group: ParamGroup): void {
    for (const p of group.params) {
      if (p.grad === null) continue;
      checkFloatingParam(p, 'Adadelta');
      const state = this.stateOf(p);
      if (isEmptyState(state)) {
        state.step = 0;
        state.square_avg = zerosLikeParam(p);
        state.acc_delta = zerosLikeParam(p);
      }
      state.step = Number(state.step) + 1;
      adadeltaUpdate(
        p, p.grad, state.square_avg as Tensor, state.acc_delta as Tensor, group.lr, group.rho, group.eps,
        group.weightDecay, group.maximize,
      );
    }
  }
}

function adadeltaUpdate(
  p: Tensor,
  grad: Tensor,
  squareAvg: Tensor,
  accDelta: Tensor,
  lr: number,
  rho: number,
  eps: number,
  weightDecay: number,
  maximize: boolean,
): void {
  const fr = roundingFor(p.dtype);
  const g = gradValues(p, grad);
  const x = writableValues(p);
  const sq = writableValues(squareAvg);
  const acc = writableValues(accDelta);
  const r = fr(rho);
  const oneMinusR = fr(1 - rho);
  const epsR = fr(eps);
  const negLr = fr(-lr);
  const n = x.length;
  for (let i = 0; i < n; i++) {
    const gi = regularizedGrad(g, x, i, maximize, weightDecay, fr);
    sq[i] = sq[i] * r;
    sq[i] = sq[i] + fr(oneMinusR * gi) * gi;
    const std = fr(Math.sqrt(fr(sq[i] + epsR)));
    let delta = fr(Math.sqrt(fr(acc[i] + epsR)));
    delta = fr(delta / std);
    delta = fr(delta * gi);
    acc[i] = acc[i] * r;
    acc[i] = acc[i] + fr(oneMinusR * delta) * delta;
    x[i] = x[i] + negLr * delta;
  }
  commitValues(squareAvg, sq);
  commitValues(accDelta, acc);
  commitValues(p, x);
}
