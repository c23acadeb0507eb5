// CosineAnnealingLR (SGDR without restarts): the lr follows a cosine from its initial value down to
// etaMin over tMax epochs, then back up. Stepped normally it uses PyTorch's recursive (chainable) form,
// so lrs set by other code in between are respected; step(epoch) uses the closed form.
import type { Optimizer } from '../optimizer.js';
import { bindArguments, requireArguments, type PositionalThenOptions } from '../arguments.js';
import { LRScheduler } from './lr_scheduler.js';

export interface CosineAnnealingLROptions {
  tMax?: number;
  etaMin?: number;
  lastEpoch?: number;
  verbose?: boolean;
}

export class CosineAnnealingLR extends LRScheduler {
  tMax: number;
  etaMin: number;

  constructor(
    optimizer: Optimizer,
    ...args: PositionalThenOptions<[tMax: number, etaMin: number, lastEpoch: number, verbose: boolean], CosineAnnealingLROptions>
  ) {
    const b = bindArguments('CosineAnnealingLR', args, ['tMax', 'etaMin', 'lastEpoch', 'verbose']);
    requireArguments('CosineAnnealingLR', b, ['tMax'], ['T_max']);
    super(optimizer, (b.lastEpoch ?? -1) as number, (b.verbose ?? false) as boolean);
    this.tMax = b.tMax as number;
    this.etaMin = (b.etaMin ?? 0) as number;
    this._initialStep();
  }

  override getLr(): number[] {
    const groups = this.optimizer.paramGroups;
    const { lastEpoch: t, tMax, etaMin } = this;
    if (t === 0) return groups.map((g) => g.lr as number);
    if (this._stepCount === 1 && t > 0) {
      return this.baseLrs.map((base) => etaMin + ((base - etaMin) * (1 + Math.cos((t * Math.PI) / tMax))) / 2);
    }
    if ((t - 1 - tMax) % (2 * tMax) === 0) {
      return groups.map((g, i) => (g.lr as number) + ((this.baseLrs[i] - etaMin) * (1 - Math.cos(Math.PI / tMax))) / 2);
    }
    return groups.map(
      (g) =>
        ((1 + Math.cos((Math.PI * t) / tMax)) / (1 + Math.cos((Math.PI * (t - 1)) / tMax))) * ((g.lr as number) - etaMin) +
        etaMin,
    );
  }

  protected override closedFormLr(): number[] {
    const { lastEpoch: t, tMax, etaMin } = this;
    return this.baseLrs.map((base) => etaMin + ((base - etaMin) * (1 + Math.cos((Math.PI * t) / tMax))) / 2);
  }
}
