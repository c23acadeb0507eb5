// Warm-up schedules over the first `totalIters` epochs: ConstantLR holds the lr at factor x initial,
// LinearLR moves the factor linearly from startFactor to endFactor, PolynomialLR decays it to zero.
import type { Optimizer } from '../optimizer.js';
import { bindArguments, type PositionalThenOptions } from '../arguments.js';
import { LRScheduler } from './lr_scheduler.js';

export interface ConstantLROptions {
  factor?: number;
  totalIters?: number;
  lastEpoch?: number;
  verbose?: boolean;
}

export class ConstantLR extends LRScheduler {
  factor: number;
  totalIters: number;

  constructor(
    optimizer: Optimizer,
    ...args: PositionalThenOptions<[factor: number, totalIters: number, lastEpoch: number, verbose: boolean], ConstantLROptions>
  ) {
    const b = bindArguments('ConstantLR', args, ['factor', 'totalIters', 'lastEpoch', 'verbose']);
    const factor = (b.factor ?? 1.0 / 3) as number;
    if (factor > 1.0 || factor < 0) throw new RangeError('Constant multiplicative factor expected to be between 0 and 1.');
    super(optimizer, (b.lastEpoch ?? -1) as number, (b.verbose ?? false) as boolean);
    this.factor = factor;
    this.totalIters = (b.totalIters ?? 5) as number;
    this._initialStep();
  }

  override getLr(): number[] {
    const groups = this.optimizer.paramGroups;
    if (this.lastEpoch === 0) return groups.map((g) => (g.lr as number) * this.factor);
    if (this.lastEpoch !== this.totalIters) return groups.map((g) => g.lr as number);
    return groups.map((g) => (g.lr as number) * (1.0 / this.factor));
  }

  protected override closedFormLr(): number[] {
    const reached = this.lastEpoch >= this.totalIters ? 1 : 0;
    return this.baseLrs.map((lr) => lr * (this.factor + reached * (1 - this.factor)));
  }
}

export interface LinearLROptions {
  startFactor?: number;
  endFactor?: number;
  totalIters?: number;
  lastEpoch?: number;
  verbose?: boolean;
}

export class LinearLR extends LRScheduler {
  startFactor: number;
  endFactor: number;
  totalIters: number;

  constructor(
    optimizer: Optimizer,
    ...args: PositionalThenOptions<
      [startFactor: number, endFactor: number, totalIters: number, lastEpoch: number, verbose: boolean],
      LinearLROptions
    >
  ) {
    const b = bindArguments('LinearLR', args, ['startFactor', 'endFactor', 'totalIters', 'lastEpoch', 'verbose']);
    const startFactor = (b.startFactor ?? 1.0 / 3) as number;
    const endFactor = (b.endFactor ?? 1.0) as number;
    if (startFactor > 1.0 || startFactor < 0) {
      throw new RangeError('Starting multiplicative factor expected to be between 0 and 1.');
    }
    if (endFactor > 1.0 || endFactor < 0) throw new RangeError('Ending multiplicative factor expected to be between 0 and 1.');
    super(optimizer, (b.lastEpoch ?? -1) as number, (b.verbose ?? false) as boolean);
    this.startFactor = startFactor;
    this.endFactor = endFactor;
    this.totalIters = (b.totalIters ?? 5) as number;
    this._initialStep();
  }

  override getLr(): number[] {
    const groups = this.optimizer.paramGroups;
    const { startFactor: s, endFactor: e, totalIters: n, lastEpoch: t } = this;
    if (t === 0) return groups.map((g) => (g.lr as number) * s);
    if (t > n) return groups.map((g) => g.lr as number);
    return groups.map((g) => (g.lr as number) * (1.0 + (e - s) / (n * s + (t - 1) * (e - s))));
  }

  protected override closedFormLr(): number[] {
    const { startFactor: s, endFactor: e, totalIters: n, lastEpoch: t } = this;
    return this.baseLrs.map((lr) => lr * (s + ((e - s) * Math.min(n, t)) / n));
  }
}

export interface PolynomialLROptions {
  totalIters?: number;
  power?: number;
  lastEpoch?: number;
  verbose?: boolean;
}

export class PolynomialLR extends LRScheduler {
  totalIters: number;
  power: number;

  constructor(
    optimizer: Optimizer,
    ...args: PositionalThenOptions<[totalIters: number, power: number, lastEpoch: number, verbose: boolean], PolynomialLROptions>
  ) {
    const b = bindArguments('PolynomialLR', args, ['totalIters', 'power', 'lastEpoch', 'verbose']);
    super(optimizer, (b.lastEpoch ?? -1) as number, (b.verbose ?? false) as boolean);
    this.totalIters = (b.totalIters ?? 5) as number;
    this.power = (b.power ?? 1.0) as number;
    this._initialStep();
  }

  override getLr(): number[] {
    const groups = this.optimizer.paramGroups;
    const { totalIters: n, lastEpoch: t } = this;
    if (t === 0 || t > n) return groups.map((g) => g.lr as number);
    const decay = ((1.0 - t / n) / (1.0 - (t - 1) / n)) ** this.power;
    return groups.map((g) => (g.lr as number) * decay);
  }

  protected override closedFormLr(): number[] {
    const { totalIters: n, lastEpoch: t } = this;
    return this.baseLrs.map((lr) => lr * (1.0 - Math.min(n, t) / n) ** this.power);
  }
}
