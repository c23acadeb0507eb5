// ExponentialLR: multiplies the lr by gamma every epoch.
import type { Optimizer } from '../optimizer.js';
import { bindArguments, requireArguments, type PositionalThenOptions } from '../arguments.js';
import { LRScheduler } from './lr_scheduler.js';

export interface ExponentialLROptions {
  gamma?: number;
  lastEpoch?: number;
  verbose?: boolean;
}

export class ExponentialLR extends LRScheduler {
  gamma: number;

  constructor(
    optimizer: Optimizer,
    ...args: PositionalThenOptions<[gamma: number, lastEpoch: number, verbose: boolean], ExponentialLROptions>
  ) {
    const b = bindArguments('ExponentialLR', args, ['gamma', 'lastEpoch', 'verbose']);
    requireArguments('ExponentialLR', b, ['gamma'], ['gamma']);
    super(optimizer, (b.lastEpoch ?? -1) as number, (b.verbose ?? false) as boolean);
    this.gamma = b.gamma as number;
    this._initialStep();
  }

  override getLr(): number[] {
    const groups = this.optimizer.paramGroups;
    if (this.lastEpoch === 0) return groups.map((g) => g.lr as number);
    return groups.map((g) => (g.lr as number) * this.gamma);
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((lr) => lr * this.gamma ** this.lastEpoch);
  }
}
