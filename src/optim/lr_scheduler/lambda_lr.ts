// LambdaLR: the lr is the initial lr times a function of the epoch (one function, or one per group).
// MultiplicativeLR: each epoch multiplies the current lr by the function's value.
import type { Optimizer } from '../optimizer.js';
import { bindArguments, requireArguments, type PositionalThenOptions } from '../arguments.js';
import { LRScheduler } from './lr_scheduler.js';

export type LrLambda = (epoch: number) => number;

export interface LambdaLROptions {
  lrLambda?: LrLambda | LrLambda[];
  lastEpoch?: number;
  verbose?: boolean;
}

function lambdasFor(optimizer: Optimizer, lrLambda: unknown): LrLambda[] {
  const n = optimizer.paramGroups.length;
  if (!Array.isArray(lrLambda)) {
    if (typeof lrLambda !== 'function') throw new TypeError('lr_lambda must be a function or a list of functions');
    return new Array<LrLambda>(n).fill(lrLambda as LrLambda);
  }
  if (lrLambda.length !== n) throw new RangeError(`Expected ${n} lr_lambdas, but got ${lrLambda.length}`);
  return lrLambda.slice() as LrLambda[];
}

/** The state dict keeps no functions: PyTorch stores None for each plain function. */
function lambdasState(lambdas: LrLambda[]): null[] {
  return lambdas.map(() => null);
}

/**
 * What LambdaLR and MultiplicativeLR share: the same arguments, one function per group, and a state
 * dict that keeps None in place of each function.
 */
abstract class LambdaScheduler extends LRScheduler {
  lrLambdas: LrLambda[];

  constructor(owner: string, optimizer: Optimizer, args: readonly unknown[]) {
    const b = bindArguments(owner, args, ['lrLambda', 'lastEpoch', 'verbose']);
    requireArguments(owner, b, ['lrLambda'], ['lr_lambda']);
    const lambdas = lambdasFor(optimizer, b.lrLambda);
    super(optimizer, (b.lastEpoch ?? -1) as number, (b.verbose ?? false) as boolean);
    this.lrLambdas = lambdas;
    this._initialStep();
  }

  override stateDict(): Record<string, unknown> {
    return { ...super.stateDict(), lr_lambdas: lambdasState(this.lrLambdas) };
  }

  protected override skipInStateDict(key: string): boolean {
    return key === 'lrLambdas';
  }

  override loadStateDict(stateDict: Record<string, unknown>): void {
    const { lr_lambdas: _ignored, ...rest } = stateDict;
    super.loadStateDict(rest);
  }
}

export class LambdaLR extends LambdaScheduler {
  constructor(
    optimizer: Optimizer,
    ...args: PositionalThenOptions<[lrLambda: LrLambda | LrLambda[], lastEpoch: number, verbose: boolean], LambdaLROptions>
  ) {
    super('LambdaLR', optimizer, args);
  }

  override getLr(): number[] {
    return this.baseLrs.map((base, i) => base * this.lrLambdas[i](this.lastEpoch));
  }
}

export class MultiplicativeLR extends LambdaScheduler {
  constructor(
    optimizer: Optimizer,
    ...args: PositionalThenOptions<[lrLambda: LrLambda | LrLambda[], lastEpoch: number, verbose: boolean], LambdaLROptions>
  ) {
    super('MultiplicativeLR', optimizer, args);
  }

  override getLr(): number[] {
    const groups = this.optimizer.paramGroups;
    if (this.lastEpoch > 0) return groups.map((g, i) => (g.lr as number) * this.lrLambdas[i](this.lastEpoch));
    return groups.map((g) => g.lr as number);
  }
}
