// CosineAnnealingWarmRestarts (SGDR): cosine annealing that restarts from the initial lr every tI
// epochs, the period growing by tMult after each restart. Fractional epochs may be passed to step().
import type { Optimizer } from '../optimizer.js';
import { bindArguments, requireArguments, type PositionalThenOptions } from '../arguments.js';
import { pyRepr } from '../python_repr.js';
import { LRScheduler } from './lr_scheduler.js';

export interface CosineAnnealingWarmRestartsOptions {
  t0?: number;
  tMult?: number;
  etaMin?: number;
  lastEpoch?: number;
  verbose?: boolean;
}

export class CosineAnnealingWarmRestarts extends LRScheduler {
  t0: number;
  tI: number;
  tMult: number;
  etaMin: number;
  tCur: number;

  constructor(
    optimizer: Optimizer,
    ...args: PositionalThenOptions<
      [t0: number, tMult: number, etaMin: number, lastEpoch: number, verbose: boolean],
      CosineAnnealingWarmRestartsOptions
    >
  ) {
    const b = bindArguments('CosineAnnealingWarmRestarts', args, ['t0', 'tMult', 'etaMin', 'lastEpoch', 'verbose']);
    requireArguments('CosineAnnealingWarmRestarts', b, ['t0'], ['T_0']);
    const t0 = b.t0 as number;
    const tMult = (b.tMult ?? 1) as number;
    if (!Number.isInteger(t0) || t0 <= 0) throw new RangeError(`Expected positive integer T_0, but got ${pyRepr(t0)}`);
    if (!Number.isInteger(tMult) || tMult < 1) throw new RangeError(`Expected integer T_mult >= 1, but got ${pyRepr(tMult)}`);
    const lastEpoch = (b.lastEpoch ?? -1) as number;
    super(optimizer, lastEpoch, (b.verbose ?? false) as boolean);
    this.t0 = t0;
    this.tI = t0;
    this.tMult = tMult;
    this.etaMin = (b.etaMin ?? 0) as number;
    this.tCur = lastEpoch;
    this._initialStep();
  }

  override getLr(): number[] {
    return this.baseLrs.map(
      (base) => this.etaMin + ((base - this.etaMin) * (1 + Math.cos((Math.PI * this.tCur) / this.tI))) / 2,
    );
  }

  override step(epoch?: number): void {
    if (epoch === undefined && this.lastEpoch < 0) epoch = 0;
    if (epoch === undefined) {
      epoch = this.lastEpoch + 1;
      this.tCur = this.tCur + 1;
      if (this.tCur >= this.tI) {
        this.tCur = this.tCur - this.tI;
        this.tI = this.tI * this.tMult;
      }
    } else {
      if (epoch < 0) throw new RangeError(`Expected non-negative epoch, but got ${pyRepr(epoch)}`);
      if (epoch >= this.t0) {
        if (this.tMult === 1) {
          this.tCur = pyMod(epoch, this.t0);
        } else {
          const n = Math.trunc(Math.log((epoch / this.t0) * (this.tMult - 1) + 1) / Math.log(this.tMult));
          this.tCur = epoch - (this.t0 * (this.tMult ** n - 1)) / (this.tMult - 1);
          this.tI = this.t0 * this.tMult ** n;
        }
      } else {
        this.tI = this.t0;
        this.tCur = epoch;
      }
    }
    this.lastEpoch = Math.floor(epoch);
    let values: number[];
    this._getLrCalledWithinStep = true;
    try {
      values = this.getLr();
    } finally {
      this._getLrCalledWithinStep = false;
    }
    this.optimizer.paramGroups.forEach((group, i) => {
      group.lr = values[i];
      this.printLr(this.verbose, i, values[i], epoch);
    });
    this._lastLr = this.optimizer.paramGroups.map((g) => g.lr as number);
  }
}

/** Python's float modulo (the result takes the divisor's sign). */
function pyMod(a: number, b: number): number {
  const r = a % b;
  return r !== 0 && r < 0 !== b < 0 ? r + b : r;
}
