// Composing schedulers: SequentialLR hands over from one scheduler to the next at milestone epochs;
// ChainedScheduler steps all of them every epoch, each acting on the lr the previous one left.
import type { Optimizer } from '../optimizer.js';
import { bindArguments, requireArguments, type PositionalThenOptions } from '../arguments.js';
import { LRScheduler } from './lr_scheduler.js';

export interface SequentialLROptions {
  schedulers?: LRScheduler[];
  milestones?: number[];
  lastEpoch?: number;
  verbose?: boolean;
}

/** Both compositions drive other schedulers, whose states nest in theirs under `_schedulers`, as in PyTorch. */
abstract class SchedulerComposition extends LRScheduler {
  _schedulers: LRScheduler[];

  constructor(optimizer: Optimizer, schedulers: LRScheduler[], lastEpoch?: number, verbose?: boolean) {
    super(optimizer, lastEpoch, verbose);
    this._schedulers = schedulers;
  }

  protected override skipInStateDict(key: string): boolean {
    return key === '_schedulers';
  }

  override stateDict(): Record<string, unknown> {
    return { ...super.stateDict(), _schedulers: this._schedulers.map((s) => s.stateDict()) };
  }

  override loadStateDict(stateDict: Record<string, unknown>): void {
    const { _schedulers: inner, ...rest } = stateDict;
    super.loadStateDict(rest);
    (inner as Record<string, unknown>[]).forEach((s, i) => this._schedulers[i].loadStateDict(s));
  }
}

export class SequentialLR extends SchedulerComposition {
  _milestones: number[];

  constructor(
    optimizer: Optimizer,
    ...args: PositionalThenOptions<
      [schedulers: LRScheduler[], milestones: number[], lastEpoch: number, verbose: boolean],
      SequentialLROptions
    >
  ) {
    const b = bindArguments('SequentialLR', args, ['schedulers', 'milestones', 'lastEpoch', 'verbose']);
    requireArguments('SequentialLR', b, ['schedulers', 'milestones'], ['schedulers', 'milestones']);
    const schedulers = b.schedulers as LRScheduler[];
    const milestones = b.milestones as number[];
    schedulers.forEach((s, i) => {
      if (s.optimizer !== optimizer) {
        throw new RangeError(
          `Sequential Schedulers expects all schedulers to belong to the same optimizer, but got schedulers at index ${i} to be different than the optimizer passed in.`,
        );
      }
    });
    if (milestones.length !== schedulers.length - 1) {
      throw new RangeError(
        'Sequential Schedulers expects number of schedulers provided to be one more than the number of milestone ' +
          `points, but got number of schedulers ${schedulers.length} and the number of milestones to be equal to ${milestones.length}`,
      );
    }
    super(optimizer, schedulers, -1, (b.verbose ?? false) as boolean);
    this._milestones = milestones;
    this.lastEpoch = ((b.lastEpoch ?? -1) as number) + 1;
    // Undo what the inner schedulers' first steps did, then start over with the first one.
    for (const group of optimizer.paramGroups) group.lr = group.initialLr;
    for (const s of schedulers) s.lastEpoch -= 1;
    schedulers[0]._initialStep();
    this._lastLr = schedulers[0].getLastLr();
  }

  override step(): void {
    this.lastEpoch += 1;
    let idx = 0;
    while (idx < this._milestones.length && this._milestones[idx] <= this.lastEpoch) idx++;
    const scheduler = this._schedulers[idx];
    if (idx > 0 && this._milestones[idx - 1] === this.lastEpoch) scheduler.step(0);
    else scheduler.step();
    this._lastLr = scheduler.getLastLr();
  }
}

export class ChainedScheduler extends SchedulerComposition {
  constructor(schedulers: LRScheduler[]) {
    if (!Array.isArray(schedulers) || schedulers.length === 0) throw new TypeError('ChainedScheduler expects a list of schedulers');
    for (let i = 1; i < schedulers.length; i++) {
      if (schedulers[i].optimizer !== schedulers[0].optimizer) {
        throw new RangeError(
          `ChainedScheduler expects all schedulers to belong to the same optimizer, but got schedulers at index 0 and ${i} to be different`,
        );
      }
    }
    super(schedulers[0].optimizer, schedulers.slice());
    this._lastLr = this.optimizer.paramGroups.map((g) => g.lr as number);
  }

  override step(): void {
    for (const s of this._schedulers) s.step();
    this._lastLr = this.optimizer.paramGroups.map((g) => g.lr as number);
  }
}
