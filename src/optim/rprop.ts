// Rprop (Riedmiller & Braun): per-element step sizes that grow while the gradient keeps its sign and
// shrink when it flips, ignoring the gradient's magnitude.
import type { Tensor } from '../tensor/tensor.js';
import { Optimizer, type ParamGroup, type ParamsInput } from './optimizer.js';
import { isEmptyState } from './state_values.js';
import { bindArguments, withDefaults, type PositionalThenOptions } from './arguments.js';
import {
  checkFloatingParam, commitValues, fullLikeParam, gradValues, roundingFor, writableValues, zerosLikeParam,
} from './tensor_access.js';
import { checkLr } from './validation.js';
import { pyNumberRepr, pyRepr } from './python_repr.js';

export interface RpropOptions {
  lr?: number;
  etas?: [number, number];
  stepSizes?: [number, number];
  foreach?: boolean | null;
  maximize?: boolean;
}

export class Rprop extends Optimizer {
  constructor(
    params: ParamsInput,
    ...args: PositionalThenOptions<
      [lr: number, etas: [number, number], stepSizes: [number, number], foreach: boolean | null, maximize: boolean],
      RpropOptions
    >
  ) {
    const bound = bindArguments('Rprop', args, ['lr', 'etas', 'stepSizes', 'foreach', 'maximize']);
    const d = withDefaults(
      { lr: 1e-2, etas: [0.5, 1.2] as unknown, stepSizes: [1e-6, 50] as unknown, foreach: null, maximize: false },
      bound,
    );
    checkLr(d.lr);
    const etas = d.etas as [number, number];
    if (!Array.isArray(etas) || etas.length !== 2) throw new TypeError(`etas must be a pair of numbers, got ${pyRepr(etas)}`);
    if (!(etas[0] > 0 && etas[0] < 1 && etas[1] > 1)) {
      throw new RangeError(`Invalid eta values: ${pyNumberRepr(etas[0])}, ${pyNumberRepr(etas[1])}`);
    }
    const sizes = d.stepSizes as [number, number];
    if (!Array.isArray(sizes) || sizes.length !== 2) {
      throw new TypeError(`step_sizes must be a pair of numbers, got ${pyRepr(sizes)}`);
    }
    super(params, d);
  }

  protected override updateGroup(group: ParamGroup): void {
    const [etaMinus, etaPlus] = group.etas as [number, number];
    const [stepSizeMin, stepSizeMax] = group.stepSizes as [number, number];
    for (const p of group.params) {
      if (p.grad === null) continue;
      checkFloatingParam(p, 'Rprop');
      const state = this.stateOf(p);
      if (isEmptyState(state)) {
        state.step = 0;
        state.prev = zerosLikeParam(p);
        state.step_size = fullLikeParam(p, group.lr);
      }
      state.step = Number(state.step) + 1;
      rpropUpdate(
        p, p.grad, state.prev as Tensor, state.step_size as Tensor, stepSizeMin, stepSizeMax, etaMinus, etaPlus,
        group.maximize,
      );
    }
  }
}

function rpropUpdate(
  p: Tensor,
  grad: Tensor,
  prevT: Tensor,
  stepSizeT: Tensor,
  stepSizeMin: number,
  stepSizeMax: number,
  etaMinus: number,
  etaPlus: number,
  maximize: boolean,
): void {
  const fr = roundingFor(p.dtype);
  const g = gradValues(p, grad);
  const x = writableValues(p);
  const prev = writableValues(prevT);
  const size = writableValues(stepSizeT);
  const minus = fr(etaMinus);
  const plus = fr(etaPlus);
  const lo = fr(stepSizeMin);
  const hi = fr(stepSizeMax);
  const n = x.length;
  for (let i = 0; i < n; i++) {
    let gi = maximize ? -g[i] : g[i];
    const s = Math.sign(fr(gi * prev[i]));
    const factor = s > 0 ? plus : s < 0 ? minus : s === 0 ? 1 : NaN;
    const grown = fr(size[i] * factor);
    // clamp propagates NaN.
    size[i] = grown !== grown ? NaN : grown < lo ? lo : grown > hi ? hi : grown;
    // After a sign flip the step is skipped and the flip forgotten.
    if (factor === minus) gi = 0;
    x[i] = x[i] - Math.sign(gi) * size[i];
    prev[i] = gi;
  }
  commitValues(stepSizeT, size);
  commitValues(prevT, prev);
  commitValues(p, x);
}
