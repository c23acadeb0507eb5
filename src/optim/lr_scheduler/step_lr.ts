// StepLR: multiplies the lr by gamma every `stepSize` epochs.
import type { Optimizer } from '../optimizer.js';
import { bindArguments, requireArguments, type PositionalThenOptions } from '../arguments.js';
import { LRScheduler } from './lr_scheduler.js';

export interface StepLROptions {
  stepSize?: number;
  gamma?: number;
  lastEpoch?: number;
  verbose?: boolean;
}

export class StepLR extends LRScheduler {
  stepSize: number;
  gamma: number;

  constructor(
    optimizer: Optimizer,
    ...args: PositionalThenOptions<[stepSize: number, gamma: number, lastEpoch: number, verbose: boolean], StepLROptions>
  ) {
    const b = bindArguments('StepLR', args, ['stepSize', 'gamma', 'lastEpoch', 'verbose']);
    requireArguments('StepLR', b, ['stepSize'], ['step_size']);
    super(optimizer, (b.lastEpoch ?? -1) as number, (b.verbose ?? false) as boolean);
    this.stepSize = b.stepSize as number;
    this.gamma = (b.gamma ?? 0.1) as number;
    this._initialStep();
  }

  override getLr(): number[] {
    const groups = this.optimizer.paramGroups;
    if (this.lastEpoch === 0 || this.lastEpoch % this.stepSize !== 0) return groups.map((g) => g.lr as number);
    return groups.map((g) => (g.lr as number) * this.gamma);
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((lr) => lr * this.gamma ** Math.floor(this.lastEpoch / this.stepSize));
  }
}
