// MultiStepLR: multiplies the lr by gamma at each milestone epoch (twice if listed twice).
import type { Optimizer } from '../optimizer.js';
import { bindArguments, requireArguments, type PositionalThenOptions } from '../arguments.js';
import { LRScheduler } from './lr_scheduler.js';

export interface MultiStepLROptions {
  milestones?: number[];
  gamma?: number;
  lastEpoch?: number;
  verbose?: boolean;
}

export class MultiStepLR extends LRScheduler {
  /** Milestone -> how many times it was listed (PyTorch's Counter). */
  milestones: Map<number, number>;
  gamma: number;

  constructor(
    optimizer: Optimizer,
    ...args: PositionalThenOptions<[milestones: number[], gamma: number, lastEpoch: number, verbose: boolean], MultiStepLROptions>
  ) {
    const b = bindArguments('MultiStepLR', args, ['milestones', 'gamma', 'lastEpoch', 'verbose']);
    requireArguments('MultiStepLR', b, ['milestones'], ['milestones']);
    if (!Array.isArray(b.milestones)) throw new TypeError('milestones must be a list of epochs');
    super(optimizer, (b.lastEpoch ?? -1) as number, (b.verbose ?? false) as boolean);
    this.milestones = new Map();
    for (const m of b.milestones as number[]) this.milestones.set(m, (this.milestones.get(m) ?? 0) + 1);
    this.gamma = (b.gamma ?? 0.1) as number;
    this._initialStep();
  }

  override getLr(): number[] {
    const groups = this.optimizer.paramGroups;
    const count = this.milestones.get(this.lastEpoch);
    if (count === undefined) return groups.map((g) => g.lr as number);
    return groups.map((g) => (g.lr as number) * this.gamma ** count);
  }

  protected override closedFormLr(): number[] {
    let passed = 0;
    for (const [m, c] of this.milestones) if (m <= this.lastEpoch) passed += c;
    return this.baseLrs.map((lr) => lr * this.gamma ** passed);
  }
}
