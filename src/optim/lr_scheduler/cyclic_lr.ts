// CyclicLR (Smith): the lr cycles between baseLr and maxLr (triangular, triangular2 halving the
// amplitude each cycle, or exp_range decaying it), with momentum cycling the opposite way.
import type { Optimizer } from '../optimizer.js';
import { bindArguments, requireArguments, type PositionalThenOptions } from '../arguments.js';
import { checkOptimizer, LRScheduler } from './lr_scheduler.js';
import { perGroup } from './group_values.js';

export type CyclicMode = 'triangular' | 'triangular2' | 'exp_range';
export type ScaleMode = 'cycle' | 'iterations';

export interface CyclicLROptions {
  baseLr?: number | number[];
  maxLr?: number | number[];
  stepSizeUp?: number;
  stepSizeDown?: number | null;
  mode?: CyclicMode;
  gamma?: number;
  scaleFn?: ((x: number) => number) | null;
  scaleMode?: ScaleMode;
  cycleMomentum?: boolean;
  baseMomentum?: number | number[];
  maxMomentum?: number | number[];
  lastEpoch?: number;
  verbose?: boolean;
}

export class CyclicLR extends LRScheduler {
  maxLrs: number[];
  totalSize: number;
  stepRatio: number;
  mode: CyclicMode;
  gamma: number;
  scaleMode: ScaleMode;
  cycleMomentum: boolean;
  baseMomentums: number[] = [];
  maxMomentums: number[] = [];
  private customScaleFn: ((x: number) => number) | null;

  constructor(
    optimizer: Optimizer,
    ...args: PositionalThenOptions<
      [
        baseLr: number | number[], maxLr: number | number[], stepSizeUp: number, stepSizeDown: number | null,
        mode: CyclicMode, gamma: number, scaleFn: ((x: number) => number) | null, scaleMode: ScaleMode,
        cycleMomentum: boolean, baseMomentum: number | number[], maxMomentum: number | number[], lastEpoch: number,
        verbose: boolean,
      ],
      CyclicLROptions
    >
  ) {
    const b = bindArguments('CyclicLR', args, [
      'baseLr', 'maxLr', 'stepSizeUp', 'stepSizeDown', 'mode', 'gamma', 'scaleFn', 'scaleMode', 'cycleMomentum',
      'baseMomentum', 'maxMomentum', 'lastEpoch', 'verbose',
    ]);
    requireArguments('CyclicLR', b, ['baseLr', 'maxLr'], ['base_lr', 'max_lr']);
    checkOptimizer(optimizer);
    const lastEpoch = (b.lastEpoch ?? -1) as number;
    const baseLrs = perGroup('base_lr', optimizer, b.baseLr as number | number[]);
    if (lastEpoch === -1) optimizer.paramGroups.forEach((g, i) => (g.lr = baseLrs[i]));
    const maxLrs = perGroup('max_lr', optimizer, b.maxLr as number | number[]);
    const up = Number(b.stepSizeUp ?? 2000);
    const down = b.stepSizeDown != null ? Number(b.stepSizeDown) : up;
    const mode = (b.mode ?? 'triangular') as CyclicMode;
    const scaleFn = (b.scaleFn ?? null) as ((x: number) => number) | null;
    if (!['triangular', 'triangular2', 'exp_range'].includes(mode) && scaleFn === null) {
      throw new RangeError('mode is invalid and scale_fn is None');
    }
    const cycleMomentum = (b.cycleMomentum ?? true) as boolean;
    let baseMomentums: number[] = [];
    let maxMomentums: number[] = [];
    if (cycleMomentum) {
      if (!('momentum' in optimizer.defaults)) {
        throw new RangeError('optimizer must support momentum with `cycle_momentum` option enabled');
      }
      const bm = perGroup('base_momentum', optimizer, (b.baseMomentum ?? 0.8) as number | number[]);
      if (lastEpoch === -1) optimizer.paramGroups.forEach((g, i) => (g.momentum = bm[i]));
      baseMomentums = optimizer.paramGroups.map((g) => g.momentum as number);
      maxMomentums = perGroup('max_momentum', optimizer, (b.maxMomentum ?? 0.9) as number | number[]);
    }
    super(optimizer, lastEpoch, (b.verbose ?? false) as boolean);
    this.maxLrs = maxLrs;
    this.totalSize = up + down;
    this.stepRatio = up / this.totalSize;
    this.mode = mode;
    this.gamma = (b.gamma ?? 1.0) as number;
    this.customScaleFn = scaleFn;
    this.scaleMode = scaleFn === null ? (mode === 'exp_range' ? 'iterations' : 'cycle') : ((b.scaleMode ?? 'cycle') as ScaleMode);
    this.cycleMomentum = cycleMomentum;
    this.baseMomentums = baseMomentums;
    this.maxMomentums = maxMomentums;
    this._initialStep();
    this.baseLrs = baseLrs;
  }

  scaleFn(x: number): number {
    if (this.customScaleFn !== null) return this.customScaleFn(x);
    if (this.mode === 'triangular') return 1.0;
    if (this.mode === 'triangular2') return 1 / 2.0 ** (x - 1);
    return this.gamma ** x;
  }

  override getLr(): number[] {
    const cycle = Math.floor(1 + this.lastEpoch / this.totalSize);
    const x = 1.0 + this.lastEpoch / this.totalSize - cycle;
    const scaleFactor = x <= this.stepRatio ? x / this.stepRatio : (x - 1) / (this.stepRatio - 1);
    const at = this.scaleMode === 'cycle' ? cycle : this.lastEpoch;
    const lrs = this.baseLrs.map((base, i) => base + (this.maxLrs[i] - base) * scaleFactor * this.scaleFn(at));
    if (this.cycleMomentum) {
      this.optimizer.paramGroups.forEach((g, i) => {
        const height = (this.maxMomentums[i] - this.baseMomentums[i]) * scaleFactor;
        g.momentum = this.maxMomentums[i] - height * this.scaleFn(at);
      });
    }
    return lrs;
  }

  protected override skipInStateDict(key: string): boolean {
    return key === 'customScaleFn';
  }
}
