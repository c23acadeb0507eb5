// OneCycleLR (Smith & Topin, super-convergence): the lr rises from maxLr/divFactor to maxLr, then
// anneals far below the start, while momentum (or Adam's beta1) moves the opposite way. Stepped once
// per batch, for totalSteps (or epochs x stepsPerEpoch) steps.
import type { Optimizer, ParamGroup } from '../optimizer.js';
import { bindArguments, requireArguments, type PositionalThenOptions } from '../arguments.js';
import { pyRepr } from '../python_repr.js';
import { toCamelCase } from '../python_names.js';
import { checkOptimizer, LRScheduler } from './lr_scheduler.js';
import { perGroup } from './group_values.js';

export type AnnealStrategy = 'cos' | 'linear';

export interface OneCycleLROptions {
  maxLr?: number | number[];
  totalSteps?: number | null;
  epochs?: number | null;
  stepsPerEpoch?: number | null;
  pctStart?: number;
  annealStrategy?: AnnealStrategy;
  cycleMomentum?: boolean;
  baseMomentum?: number | number[];
  maxMomentum?: number | number[];
  divFactor?: number;
  finalDivFactor?: number;
  threePhase?: boolean;
  lastEpoch?: number;
  verbose?: boolean;
}

/**
 * One phase: up to `end_step`, the group values named move from start_* to end_*. Spelt as PyTorch
 * spells them, since the phases are part of the state dict PyTorch reads back.
 */
interface Phase {
  end_step: number;
  start_lr: string;
  end_lr: string;
  start_momentum: string;
  end_momentum: string;
}

function phase(endStep: number, startLr: string, endLr: string, startMomentum: string, endMomentum: string): Phase {
  return { end_step: endStep, start_lr: startLr, end_lr: endLr, start_momentum: startMomentum, end_momentum: endMomentum };
}

export class OneCycleLR extends LRScheduler {
  totalSteps: number;
  _schedulePhases: Phase[];
  annealStrategy: AnnealStrategy;
  cycleMomentum: boolean;
  /** Whether momentum cycles Adam's beta1 (set only when cycleMomentum, as in PyTorch). */
  useBeta1?: boolean;

  constructor(
    optimizer: Optimizer,
    ...args: PositionalThenOptions<
      [
        maxLr: number | number[], totalSteps: number | null, epochs: number | null, stepsPerEpoch: number | null,
        pctStart: number, annealStrategy: AnnealStrategy, cycleMomentum: boolean, baseMomentum: number | number[],
        maxMomentum: number | number[], divFactor: number, finalDivFactor: number, threePhase: boolean,
        lastEpoch: number, verbose: boolean,
      ],
      OneCycleLROptions
    >
  ) {
    const b = bindArguments('OneCycleLR', args, [
      'maxLr', 'totalSteps', 'epochs', 'stepsPerEpoch', 'pctStart', 'annealStrategy', 'cycleMomentum', 'baseMomentum',
      'maxMomentum', 'divFactor', 'finalDivFactor', 'threePhase', 'lastEpoch', 'verbose',
    ]);
    requireArguments('OneCycleLR', b, ['maxLr'], ['max_lr']);
    checkOptimizer(optimizer);
    const totalStepsArg = b.totalSteps as number | null | undefined;
    const epochs = b.epochs as number | null | undefined;
    const stepsPerEpoch = b.stepsPerEpoch as number | null | undefined;
    let totalSteps: number;
    if (totalStepsArg == null && epochs == null && stepsPerEpoch == null) {
      throw new RangeError('You must define either total_steps OR (epochs AND steps_per_epoch)');
    } else if (totalStepsArg != null) {
      if (!Number.isInteger(totalStepsArg) || totalStepsArg <= 0) {
        throw new RangeError(`Expected positive integer total_steps, but got ${pyRepr(totalStepsArg)}`);
      }
      totalSteps = totalStepsArg;
    } else {
      if (epochs == null || !Number.isInteger(epochs) || epochs <= 0) {
        throw new RangeError(`Expected positive integer epochs, but got ${pyRepr(epochs)}`);
      }
      if (stepsPerEpoch == null || !Number.isInteger(stepsPerEpoch) || stepsPerEpoch <= 0) {
        throw new RangeError(`Expected positive integer steps_per_epoch, but got ${pyRepr(stepsPerEpoch)}`);
      }
      totalSteps = epochs * stepsPerEpoch;
    }
    const pctStart = (b.pctStart ?? 0.3) as number;
    const phases: Phase[] = (b.threePhase ?? false)
      ? [
          phase(pctStart * totalSteps - 1, 'initial_lr', 'max_lr', 'max_momentum', 'base_momentum'),
          phase(2 * pctStart * totalSteps - 2, 'max_lr', 'initial_lr', 'base_momentum', 'max_momentum'),
          phase(totalSteps - 1, 'initial_lr', 'min_lr', 'max_momentum', 'max_momentum'),
        ]
      : [
          phase(pctStart * totalSteps - 1, 'initial_lr', 'max_lr', 'max_momentum', 'base_momentum'),
          phase(totalSteps - 1, 'max_lr', 'min_lr', 'base_momentum', 'max_momentum'),
        ];
    if (typeof pctStart !== 'number' || !(pctStart >= 0 && pctStart <= 1)) {
      throw new RangeError(`Expected float between 0 and 1 pct_start, but got ${pyRepr(pctStart)}`);
    }
    const annealStrategy = (b.annealStrategy ?? 'cos') as AnnealStrategy;
    if (annealStrategy !== 'cos' && annealStrategy !== 'linear') {
      throw new RangeError(`anneal_strategy must by one of 'cos' or 'linear', instead got ${String(annealStrategy)}`);
    }
    const lastEpoch = (b.lastEpoch ?? -1) as number;
    const divFactor = (b.divFactor ?? 25.0) as number;
    const finalDivFactor = (b.finalDivFactor ?? 1e4) as number;
    const maxLrs = perGroup('max_lr', optimizer, b.maxLr as number | number[]);
    if (lastEpoch === -1) {
      optimizer.paramGroups.forEach((group, i) => {
        group.initialLr = maxLrs[i] / divFactor;
        group.maxLr = maxLrs[i];
        group.minLr = group.initialLr / finalDivFactor;
      });
    }
    const cycleMomentum = (b.cycleMomentum ?? true) as boolean;
    let useBeta1 = false;
    if (cycleMomentum) {
      if (!('momentum' in optimizer.defaults) && !('betas' in optimizer.defaults)) {
        throw new RangeError('optimizer must support momentum with `cycle_momentum` option enabled');
      }
      useBeta1 = 'betas' in optimizer.defaults;
      const maxMomentums = perGroup('max_momentum', optimizer, (b.maxMomentum ?? 0.95) as number | number[]);
      const baseMomentums = perGroup('base_momentum', optimizer, (b.baseMomentum ?? 0.85) as number | number[]);
      if (lastEpoch === -1) {
        optimizer.paramGroups.forEach((group, i) => {
          if (useBeta1) group.betas = [maxMomentums[i], ...(group.betas as number[]).slice(1)];
          else group.momentum = maxMomentums[i];
          group.maxMomentum = maxMomentums[i];
          group.baseMomentum = baseMomentums[i];
        });
      }
    }
    super(optimizer, lastEpoch, (b.verbose ?? false) as boolean);
    this.totalSteps = totalSteps;
    this._schedulePhases = phases;
    this.annealStrategy = annealStrategy;
    this.cycleMomentum = cycleMomentum;
    if (cycleMomentum) this.useBeta1 = useBeta1;
    this._initialStep();
  }

  private anneal(start: number, end: number, pct: number): number {
    if (this.annealStrategy === 'cos') {
      const cosOut = Math.cos(Math.PI * pct) + 1;
      return end + ((start - end) / 2.0) * cosOut;
    }
    return (end - start) * pct + start;
  }

  override getLr(): number[] {
    const stepNum = this.lastEpoch;
    if (stepNum > this.totalSteps) {
      throw new RangeError(`Tried to step ${stepNum + 1} times. The specified number of total steps is ${this.totalSteps}`);
    }
    return this.optimizer.paramGroups.map((group: ParamGroup) => {
      let startStep = 0;
      let lr = NaN;
      let momentum = NaN;
      const value = (name: string): number => group[toCamelCase(name)] as number;
      for (let i = 0; i < this._schedulePhases.length; i++) {
        const p = this._schedulePhases[i];
        const endStep = p.end_step;
        if (stepNum <= endStep || i === this._schedulePhases.length - 1) {
          const pct = (stepNum - startStep) / (endStep - startStep);
          lr = this.anneal(value(p.start_lr), value(p.end_lr), pct);
          if (this.cycleMomentum) momentum = this.anneal(value(p.start_momentum), value(p.end_momentum), pct);
          break;
        }
        startStep = endStep;
      }
      if (this.cycleMomentum) {
        if (this.useBeta1) group.betas = [momentum, ...(group.betas as number[]).slice(1)];
        else group.momentum = momentum;
      }
      return lr;
    });
  }
}
