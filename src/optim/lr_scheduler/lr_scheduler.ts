// The scheduler base (PyTorch's _LRScheduler, LRScheduler since 2.0): each step() moves `lastEpoch`
// on and writes the lr its subclass computes into every parameter group of the optimizer.
import { Optimizer } from '../optimizer.js';
import { toCamelCase, toSnakeCase } from '../python_names.js';
import { asRecord, describeValue } from '../state_values.js';
import { warnOnce } from '../../nn/functional/warn.js';
import { formatLrForLog } from './format.js';

export const EPOCH_DEPRECATION_WARNING =
  'The epoch parameter in `scheduler.step()` was not necessary and is being deprecated where possible. ' +
  'Please use `scheduler.step()` to step the scheduler. During the deprecation, if epoch is different from ' +
  'None, the closed form is used instead of the new chainable form, where available. Please open an issue ' +
  'if you are unable to replicate your use case: https://github.com/pytorch/pytorch/issues/new/choose.';

/** Attribute names PyTorch does not spell by the snake_case rule (T_max rather than t_max). */
const PY_NAMES: Record<string, string> = { tMax: 'T_max', t0: 'T_0', tI: 'T_i', tMult: 'T_mult', tCur: 'T_cur' };
const JS_NAMES: Record<string, string> = Object.fromEntries(Object.entries(PY_NAMES).map(([k, v]) => [v, k]));

export function pyAttributeName(name: string): string {
  return PY_NAMES[name] ?? toSnakeCase(name);
}
export function jsAttributeName(name: string): string {
  return JS_NAMES[name] ?? toCamelCase(name);
}

type CountedStep = ((...args: unknown[]) => unknown) & { withCounter?: boolean };

/** Makes optimizer.step() count its calls, so a scheduler can tell whether it was stepped first. */
function countOptimizerSteps(optimizer: Optimizer): void {
  const current = optimizer.step as unknown as CountedStep;
  if (current.withCounter) return;
  const counted: CountedStep = function (this: Optimizer, ...args: unknown[]) {
    optimizer._stepCount++;
    return current.apply(this, args);
  };
  counted.withCounter = true;
  optimizer.step = counted as unknown as Optimizer['step'];
}

export function checkOptimizer(optimizer: unknown): asserts optimizer is Optimizer {
  if (!(optimizer instanceof Optimizer)) throw new TypeError(`${describeValue(optimizer)} is not an Optimizer`);
}

/** Schedulers shared by all the epoch-based learning-rate schedules. */
export class LRScheduler {
  optimizer: Optimizer;
  /** The initial lr of each group (its `initialLr`). */
  baseLrs: number[];
  lastEpoch: number;
  verbose: boolean;
  _stepCount = 0;
  _getLrCalledWithinStep = false;
  _lastLr: number[] = [];

  /**
   * Subclasses store their settings after calling this, then call `this._initialStep()` (PyTorch sets
   * them before its base __init__, which JavaScript does not allow before super()).
   */
  constructor(optimizer: Optimizer, lastEpoch = -1, verbose = false) {
    checkOptimizer(optimizer);
    this.optimizer = optimizer;
    if (lastEpoch === -1) {
      for (const group of optimizer.paramGroups) if (!('initialLr' in group)) group.initialLr = group.lr;
    } else {
      optimizer.paramGroups.forEach((group, i) => {
        if (!('initialLr' in group)) {
          throw new Error(`param 'initial_lr' is not specified in param_groups[${i}] when resuming an optimizer`);
        }
      });
    }
    this.baseLrs = optimizer.paramGroups.map((g) => g.initialLr as number);
    this.lastEpoch = lastEpoch;
    countOptimizerSteps(optimizer);
    this.verbose = verbose;
  }

  /** The first step, which sets the lrs for epoch 0. */
  _initialStep(): void {
    this.optimizer._stepCount = 0;
    this._stepCount = 0;
    this.step();
  }

  /** The lr of each group for `lastEpoch`, usually from the current lrs (the chainable form). */
  getLr(): number[] {
    throw new Error(`${this.constructor.name} does not implement getLr()`);
  }

  /** The lrs straight from `lastEpoch`, used when step() is given an epoch; null where there is none. */
  protected closedFormLr(): number[] | null {
    return null;
  }

  /** The lrs the last step() set. */
  getLastLr(): number[] {
    return this._lastLr;
  }

  printLr(isVerbose: boolean, group: number, lr: number, epoch?: number): void {
    if (!isVerbose) return;
    if (epoch === undefined) console.log(`Adjusting learning rate of group ${group} to ${formatLrForLog(lr)}.`);
    else {
      const epochStr = Number.isInteger(epoch) ? String(epoch).padStart(5, '0') : epoch.toFixed(2);
      console.log(`Epoch ${epochStr}: adjusting learning rate of group ${group} to ${formatLrForLog(lr)}.`);
    }
  }

  step(epoch?: number): void {
    if (this._stepCount === 1) {
      if (!(this.optimizer.step as unknown as CountedStep).withCounter) {
        warnOnce(
          'Seems like `optimizer.step()` has been overridden after learning rate scheduler initialization. ' +
            'Please, make sure to call `optimizer.step()` before `lr_scheduler.step()`. See more details at ' +
            'https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate',
        );
      } else if (this.optimizer._stepCount < 1) {
        warnOnce(
          'Detected call of `lr_scheduler.step()` before `optimizer.step()`. In PyTorch 1.1.0 and later, you ' +
            'should call them in the opposite order: `optimizer.step()` before `lr_scheduler.step()`.  Failure ' +
            'to do this will result in PyTorch skipping the first value of the learning rate schedule. See more ' +
            'details at https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate',
        );
      }
    }
    this._stepCount++;
    let values: number[];
    this._getLrCalledWithinStep = true;
    try {
      if (epoch === undefined || epoch === null) {
        this.lastEpoch++;
        values = this.getLr();
      } else {
        warnOnce(EPOCH_DEPRECATION_WARNING);
        this.lastEpoch = epoch;
        values = this.closedFormLr() ?? this.getLr();
      }
    } finally {
      this._getLrCalledWithinStep = false;
    }
    this.optimizer.paramGroups.forEach((group, i) => {
      group.lr = values[i];
      this.printLr(this.verbose, i, values[i], epoch ?? undefined);
    });
    this._lastLr = this.optimizer.paramGroups.map((g) => g.lr as number);
  }

  /** Everything but the optimizer, under PyTorch's attribute names (what torch.save would store). */
  stateDict(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(this)) {
      if (key === 'optimizer' || value === undefined || typeof value === 'function' || this.skipInStateDict(key)) continue;
      out[pyAttributeName(key)] = copyPlain(value);
    }
    return out;
  }

  loadStateDict(stateDict: Record<string, unknown> | Map<unknown, unknown>): void {
    for (const [key, value] of Object.entries(asRecord(stateDict, 'state_dict'))) {
      const name = jsAttributeName(key);
      if (name === 'optimizer') continue;
      (this as Record<string, unknown>)[name] = copyPlain(value);
    }
  }

  /** Attributes that hold something other than plain data (lambdas, other schedulers). */
  protected skipInStateDict(_key: string): boolean {
    return false;
  }
}

/** The scheduler name PyTorch 1.13 uses. */
export { LRScheduler as _LRScheduler };

export function copyPlain(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(copyPlain);
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [k, copyPlain(x)]));
  if (typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, copyPlain(x)]));
  }
  return v;
}
