// ReduceLROnPlateau: cuts the lr by `factor` once a watched metric has stopped improving for
// `patience` epochs. Not an epoch schedule, so (as in PyTorch 1.13) it does not extend LRScheduler.
import type { Optimizer } from '../optimizer.js';
import { Tensor } from '../../tensor/tensor.js';
import { bindArguments, type PositionalThenOptions } from '../arguments.js';
import { asRecord } from '../state_values.js';
import { warnOnce } from '../../nn/functional/warn.js';
import { checkOptimizer, copyPlain, EPOCH_DEPRECATION_WARNING, jsAttributeName, pyAttributeName } from './lr_scheduler.js';
import { formatLrForLog } from './format.js';

export type PlateauMode = 'min' | 'max';
export type ThresholdMode = 'rel' | 'abs';

export interface ReduceLROnPlateauOptions {
  mode?: PlateauMode;
  factor?: number;
  patience?: number;
  threshold?: number;
  thresholdMode?: ThresholdMode;
  cooldown?: number;
  minLr?: number | number[];
  eps?: number;
  verbose?: boolean;
}

export class ReduceLROnPlateau {
  factor: number;
  optimizer: Optimizer;
  minLrs: number[];
  patience: number;
  verbose: boolean;
  cooldown: number;
  cooldownCounter = 0;
  mode: PlateauMode;
  threshold: number;
  thresholdMode: ThresholdMode;
  best = Infinity;
  numBadEpochs = 0;
  modeWorse = Infinity;
  eps: number;
  lastEpoch = 0;
  _lastLr: number[] | null = null;

  constructor(
    optimizer: Optimizer,
    ...args: PositionalThenOptions<
      [
        mode: PlateauMode, factor: number, patience: number, threshold: number, thresholdMode: ThresholdMode,
        cooldown: number, minLr: number | number[], eps: number, verbose: boolean,
      ],
      ReduceLROnPlateauOptions
    >
  ) {
    const b = bindArguments('ReduceLROnPlateau', args, [
      'mode', 'factor', 'patience', 'threshold', 'thresholdMode', 'cooldown', 'minLr', 'eps', 'verbose',
    ]);
    const factor = (b.factor ?? 0.1) as number;
    if (factor >= 1.0) throw new RangeError('Factor should be < 1.0.');
    this.factor = factor;
    checkOptimizer(optimizer);
    this.optimizer = optimizer;
    const minLr = b.minLr ?? 0;
    if (Array.isArray(minLr)) {
      if (minLr.length !== optimizer.paramGroups.length) {
        throw new RangeError(`expected ${optimizer.paramGroups.length} min_lrs, got ${minLr.length}`);
      }
      this.minLrs = minLr.slice() as number[];
    } else {
      this.minLrs = new Array<number>(optimizer.paramGroups.length).fill(minLr as number);
    }
    this.patience = (b.patience ?? 10) as number;
    this.verbose = (b.verbose ?? false) as boolean;
    this.cooldown = (b.cooldown ?? 0) as number;
    this.mode = (b.mode ?? 'min') as PlateauMode;
    this.threshold = (b.threshold ?? 1e-4) as number;
    this.thresholdMode = (b.thresholdMode ?? 'rel') as ThresholdMode;
    this.eps = (b.eps ?? 1e-8) as number;
    this.initIsBetter(this.mode, this.threshold, this.thresholdMode);
    this.reset();
  }

  private reset(): void {
    this.best = this.modeWorse;
    this.cooldownCounter = 0;
    this.numBadEpochs = 0;
  }

  /** Records one epoch's metric (a number or a one-element tensor) and lowers the lr on a plateau. */
  step(metrics: number | Tensor, epoch?: number): void {
    const current = metrics instanceof Tensor ? Number(metrics.item()) : Number(metrics);
    if (epoch === undefined) epoch = this.lastEpoch + 1;
    else warnOnce(EPOCH_DEPRECATION_WARNING);
    this.lastEpoch = epoch;
    if (this.isBetter(current, this.best)) {
      this.best = current;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs += 1;
    }
    if (this.inCooldown) {
      this.cooldownCounter -= 1;
      this.numBadEpochs = 0;
    }
    if (this.numBadEpochs > this.patience) {
      this.reduceLr(epoch);
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
    this._lastLr = this.optimizer.paramGroups.map((g) => g.lr as number);
  }

  /** The lrs after the last step() (the current ones before any). */
  getLastLr(): number[] {
    return this._lastLr ?? this.optimizer.paramGroups.map((g) => g.lr as number);
  }

  private reduceLr(epoch: number): void {
    this.optimizer.paramGroups.forEach((group, i) => {
      const oldLr = Number(group.lr);
      const newLr = Math.max(oldLr * this.factor, this.minLrs[i]);
      if (oldLr - newLr > this.eps) {
        group.lr = newLr;
        if (this.verbose) {
          const epochStr = Number.isInteger(epoch) ? String(epoch).padStart(5, '0') : epoch.toFixed(2);
          console.log(`Epoch ${epochStr}: reducing learning rate of group ${i} to ${formatLrForLog(newLr)}.`);
        }
      }
    });
  }

  get inCooldown(): boolean {
    return this.cooldownCounter > 0;
  }

  isBetter(a: number, best: number): boolean {
    if (this.mode === 'min' && this.thresholdMode === 'rel') return a < best * (1.0 - this.threshold);
    if (this.mode === 'min' && this.thresholdMode === 'abs') return a < best - this.threshold;
    if (this.mode === 'max' && this.thresholdMode === 'rel') return a > best * (this.threshold + 1.0);
    return a > best + this.threshold;
  }

  private initIsBetter(mode: string, threshold: number, thresholdMode: string): void {
    if (mode !== 'min' && mode !== 'max') throw new RangeError('mode ' + mode + ' is unknown!');
    if (thresholdMode !== 'rel' && thresholdMode !== 'abs') {
      throw new RangeError('threshold mode ' + thresholdMode + ' is unknown!');
    }
    this.modeWorse = mode === 'min' ? Infinity : -Infinity;
    this.mode = mode;
    this.threshold = threshold;
    this.thresholdMode = thresholdMode;
  }

  stateDict(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(this)) {
      if (key !== 'optimizer') out[pyAttributeName(key)] = copyPlain(value);
    }
    return out;
  }

  loadStateDict(stateDict: Record<string, unknown> | Map<unknown, unknown>): void {
    for (const [key, value] of Object.entries(asRecord(stateDict, 'state_dict'))) {
      const name = jsAttributeName(key);
      if (name !== 'optimizer') (this as Record<string, unknown>)[name] = copyPlain(value);
    }
    this.initIsBetter(this.mode, this.threshold, this.thresholdMode);
  }
}
