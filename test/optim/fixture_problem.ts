// The problems the optimizer fixtures were recorded on (scripts/gen_optim_fixtures.py): a small tanh
// MLP on fixed data, and one vector driven by given gradients. Gradients here come from torchlet's
// own autograd.
import { readFileSync } from 'node:fs';
import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';

export interface StateValue {
  tensor?: number[];
  dtype?: string;
  data?: number[];
}
export interface DescribedStateDict {
  state: Record<string, Record<string, StateValue | number | null>>;
  param_groups: Record<string, unknown>[];
}
export interface OptimizerEntry {
  name: string;
  optimizer: string;
  options: Record<string, unknown>;
  groups?: ({ params: number[] } & Record<string, unknown>)[];
  trajectory: number[][];
  losses: number[];
  snapshot: DescribedStateDict;
  layout: DescribedStateDict;
  replay: number[][];
  repr: string;
}
export interface OptimizerFixture {
  x: number[][];
  y: number[];
  init: { shape: number[]; data: number[] }[];
  replayInit: number[];
  replayGrads: number[][];
  steps: number;
  snapshotStep: number;
  entries: OptimizerEntry[];
  adagradFresh: DescribedStateDict;
  defaultReprs: Record<string, string>;
}

export function loadFixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/optim/${name}`, import.meta.url), 'utf8')) as T;
}

export function f32(values: number[], shape: number[]): Tensor {
  return new torch.Tensor(Float32Array.from(values), shape, torch.float32);
}

export function mlpParams(fx: OptimizerFixture): Tensor[] {
  return fx.init.map((p) => f32(p.data, p.shape).requiresGrad_());
}

export function mlpLoss(fx: OptimizerFixture, ps: Tensor[]): Tensor {
  const x = f32(fx.x.flat(), [fx.x.length, fx.x[0].length]);
  const y = f32(fx.y, [fx.y.length, 1]);
  const [w1, b1, w2, b2] = ps;
  const h = x.matmul(w1.t()).add(b1).tanh();
  return h.matmul(w2.t()).add(b2).sub(y).pow(2).mean();
}

/** The entry's optimizer over `ps` (its parameter groups, if it has them). */
export function makeOptimizer(entry: OptimizerEntry, ps: Tensor[]): torch.optim.Optimizer {
  const Cls = (torch.optim as unknown as Record<string, new (...a: unknown[]) => torch.optim.Optimizer>)[entry.optimizer];
  if (entry.groups === undefined) return new Cls(ps, entry.options);
  const groups = entry.groups.map(({ params, ...rest }) => ({ ...rest, params: params.map((i) => ps[i]) }));
  return new Cls(groups, entry.options);
}

export function trainStep(fx: OptimizerFixture, opt: torch.optim.Optimizer, ps: Tensor[]): number {
  opt.zeroGrad();
  const loss = mlpLoss(fx, ps);
  loss.backward();
  opt.step();
  return loss.item();
}

export function flatValues(ps: Tensor[]): number[] {
  return ps.flatMap((p) => Array.from(p._values()));
}

/** Largest |a - b| / max(|b|, floor) over the pairs. */
export function maxRelError(actual: readonly number[], expected: readonly number[], floor = 1e-3): number {
  let worst = 0;
  expected.forEach((e, i) => {
    const err = Math.abs(actual[i] - e) / Math.max(Math.abs(e), floor);
    if (!(err <= worst)) worst = Number.isNaN(err) ? Infinity : Math.max(worst, err);
  });
  return worst;
}
