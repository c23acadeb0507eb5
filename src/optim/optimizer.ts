// The optimizer base: it owns the parameter groups, the per-parameter state and the state dict, the
// way torch.optim.Optimizer does. Each algorithm is a subclass that only says how one group is updated.
import { Tensor } from '../tensor/tensor.js';
import { isOptions } from '../ops/options.js';
import { enableGrad, noGrad } from '../autograd/grad_mode.js';
import { toCamelCase, toSnakeCase } from './python_names.js';
import { pyRepr } from './python_repr.js';
import { copyStateValue, asRecord, describeValue } from './state_values.js';
import { warnOnce } from '../nn/functional/warn.js';

/** Marks a hyperparameter every group must give (SGD's lr), as PyTorch's `required`. */
export const required: unique symbol = Symbol('required');

/** One parameter group: its parameters and its hyperparameters (camelCase), PyTorch's param_group dict. */
export interface ParamGroup {
  params: Tensor[];
  // Hyperparameters differ per algorithm and schedulers add their own (initialLr, maxLr...).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [key: string]: any;
}

/** A group as the caller gives it: params may be one tensor or any iterable of tensors. */
export interface ParamGroupInput {
  params: Tensor | Iterable<Tensor>;
  [key: string]: unknown;
}

export type ParamsInput = Iterable<Tensor> | Iterable<ParamGroupInput>;

/** A parameter's state; keys are PyTorch's (momentum_buffer, exp_avg, step...), as they cross to PyTorch. */
export type ParamState = Record<string, unknown>;

/** The layout of PyTorch's optimizer state_dict: state by parameter index, groups with snake_case keys. */
export interface OptimizerStateDict {
  state: Record<number, ParamState>;
  param_groups: Record<string, unknown>[];
}

/** Keys PyTorch always computes as floats, printed with a decimal point even when whole. */
const FLOAT_KEYS = new Set(['min_lr']);

export class Optimizer {
  /**
   * Hyperparameters whose PyTorch default is a whole float (Adadelta's lr=1.0): JavaScript cannot tell
   * 1 from 1.0, so toString() prints them as floats while they hold the default.
   */
  static wholeFloatDefaults: Readonly<Record<string, number>> = {};

  /** Hyperparameter defaults (camelCase), used for groups that leave them out. */
  defaults: Record<string, unknown>;
  /** Per-parameter state, keyed by the parameter tensor itself. */
  state = new Map<Tensor, ParamState>();
  paramGroups: ParamGroup[] = [];
  /** Counts step() calls once a learning-rate scheduler watches this optimizer. */
  _stepCount = 0;

  constructor(params: ParamsInput, defaults: Record<string, unknown>) {
    this.defaults = defaults;
    if (params instanceof Tensor) {
      throw new TypeError(
        'params argument given to the optimizer should be an iterable of Tensors or dicts, but got ' + params.type(),
      );
    }
    if (params === null || params === undefined || typeof (params as Iterable<unknown>)[Symbol.iterator] !== 'function') {
      throw new TypeError(
        'params argument given to the optimizer should be an iterable of Tensors or dicts, but got ' +
          describeValue(params),
      );
    }
    const list = [...(params as Iterable<unknown>)];
    if (list.length === 0) throw new RangeError('optimizer got an empty parameter list');
    const groups = isOptions(list[0]) ? list : [{ params: list }];
    for (const g of groups) this.addParamGroup(g as ParamGroupInput);
  }

  /** Adds a group of parameters with its own hyperparameters (missing ones come from the defaults). */
  addParamGroup(paramGroup: ParamGroupInput): void {
    if (!isOptions(paramGroup)) throw new TypeError('param group must be a dict');
    if (!('params' in paramGroup)) throw new TypeError("param group must have a 'params' entry");
    const given = paramGroup.params;
    let params: Tensor[];
    if (given instanceof Tensor) params = [given];
    else if (given !== null && given !== undefined && typeof (given as Iterable<unknown>)[Symbol.iterator] === 'function') {
      params = [...(given as Iterable<Tensor>)];
    } else {
      throw new TypeError(`param group 'params' must be a Tensor or an iterable of Tensors, got ${describeValue(given)}`);
    }
    for (const p of params) {
      if (!(p instanceof Tensor)) {
        throw new TypeError('optimizer can only optimize Tensors, but one of the params is ' + describeValue(p));
      }
      if (!this.defaults.differentiable && !(p.isLeaf || p.retainsGrad)) {
        throw new RangeError("can't optimize a non-leaf Tensor");
      }
    }
    // The caller's keys keep their order (as in PyTorch's dict), the defaults follow.
    const group: ParamGroup = { params };
    for (const [key, value] of Object.entries(paramGroup)) {
      if (key !== 'params' && value !== undefined) group[key] = value;
    }
    for (const [name, dflt] of Object.entries(this.defaults)) {
      if (name in group) continue;
      if (dflt === required) {
        throw new RangeError(
          "parameter group didn't specify a value of required optimization parameter " + toSnakeCase(name),
        );
      }
      group[name] = Array.isArray(dflt) ? dflt.slice() : dflt;
    }
    if (new Set(params).size !== params.length) {
      warnOnce(
        'optimizer contains a parameter group with duplicate parameters; in future, this will cause an error; ' +
          'see github.com/pytorch/pytorch/issues/40967 for more information',
      );
    }
    const seen = new Set<Tensor>();
    for (const g of this.paramGroups) for (const p of g.params) seen.add(p);
    if (params.some((p) => seen.has(p))) throw new RangeError('some parameters appear in more than one parameter group');
    this.paramGroups.push(group);
  }

  /**
   * Clears the gradients of every parameter. As in PyTorch 1.13 the default zeroes them in place (so
   * `.grad` stays a tensor of zeros); `{ setToNone: true }` drops them to null instead.
   */
  zeroGrad(options: { setToNone?: boolean } | boolean = {}): void {
    const setToNone = typeof options === 'boolean' ? options : options.setToNone ?? false;
    for (const group of this.paramGroups) {
      for (const p of group.params) {
        const g = p.grad;
        if (g === null) continue;
        if (setToNone) {
          p.grad = null;
          continue;
        }
        if (g.gradFn !== null) g.detach_();
        else g._requiresGrad = false;
        g.zero_();
      }
    }
  }

  /**
   * One optimization step. `closure` re-evaluates the model and returns the loss; it runs with grad
   * enabled, and its result is returned. The update itself records nothing in the graph.
   */
  step<L = unknown>(closure?: () => L): L | undefined {
    let loss: L | undefined;
    if (closure !== undefined && closure !== null) {
      if (typeof closure !== 'function') throw new TypeError(`closure must be a function, got ${describeValue(closure)}`);
      loss = enableGrad(closure);
    }
    noGrad(() => {
      for (const group of this.paramGroups) this.updateGroup(group);
    });
    return loss;
  }

  /** The algorithm: updates the parameters of one group that have a gradient. */
  protected updateGroup(_group: ParamGroup): void {
    throw new Error(`${this.constructor.name} does not implement step()`);
  }

  /** The state of `p`, created empty on first use (PyTorch's defaultdict). */
  protected stateOf(p: Tensor): ParamState {
    let s = this.state.get(p);
    if (s === undefined) {
      s = {};
      this.state.set(p, s);
    }
    return s;
  }

  /**
   * The optimizer's state in PyTorch's layout. As in PyTorch, the state tensors are the live ones:
   * save (or clone) the result to keep a snapshot while training goes on.
   */
  stateDict(): OptimizerStateDict {
    const indexOf = new Map<Tensor, number>();
    let start = 0;
    const paramGroups = this.paramGroups.map((group) => {
      const packed: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(group)) {
        if (key !== 'params') packed[toSnakeCase(key)] = Array.isArray(value) ? value.slice() : value;
      }
      group.params.forEach((p, i) => {
        if (!indexOf.has(p)) indexOf.set(p, start + i);
      });
      packed.params = group.params.map((p) => indexOf.get(p)!);
      start += group.params.length;
      return packed;
    });
    const state: Record<number, ParamState> = {};
    for (const [p, s] of this.state) {
      const i = indexOf.get(p);
      if (i !== undefined) state[i] = s;
    }
    return { state, param_groups: paramGroups };
  }

  /**
   * Restores state saved by stateDict() (here or by PyTorch). The groups must match in number and size;
   * tensors are copied, and cast to their parameter's dtype (except step counters).
   */
  loadStateDict(stateDict: OptimizerStateDict | Map<unknown, unknown>): void {
    const sd = asRecord(stateDict, 'state_dict');
    if (!('param_groups' in sd)) throw new Error("loaded state dict has no 'param_groups' entry");
    if (!('state' in sd)) throw new Error("loaded state dict has no 'state' entry");
    const savedGroupsRaw = sd.param_groups;
    if (!Array.isArray(savedGroupsRaw)) throw new TypeError("loaded state dict's 'param_groups' must be a list");
    const savedGroups = savedGroupsRaw.map((g, i) => asRecord(g, `param_groups[${i}]`));
    const groups = this.paramGroups;
    if (groups.length !== savedGroups.length) {
      throw new RangeError('loaded state dict has a different number of parameter groups');
    }
    savedGroups.forEach((g, i) => {
      if (!Array.isArray(g.params)) throw new TypeError(`param_groups[${i}]['params'] must be a list of indices`);
    });
    if (groups.some((g, i) => g.params.length !== (savedGroups[i].params as unknown[]).length)) {
      throw new RangeError("loaded state dict contains a parameter group that doesn't match the size of optimizer's group");
    }
    const paramById = new Map<string, Tensor>();
    savedGroups.forEach((g, i) => {
      (g.params as unknown[]).forEach((id, j) => paramById.set(String(id), groups[i].params[j]));
    });
    const state = new Map<Tensor, ParamState>();
    for (const [id, value] of Object.entries(asRecord(sd.state, 'state'))) {
      const param = paramById.get(id);
      // State that belongs to no parameter cannot be used by any step; PyTorch keeps it unused.
      if (param === undefined) continue;
      const copied = asRecord(copyStateValue(value, param, undefined), `state[${id}]`);
      this.normalizeLoadedState(copied);
      state.set(param, copied);
    }
    this.paramGroups = groups.map((group, i) => {
      const restored: ParamGroup = { params: group.params };
      for (const [key, value] of Object.entries(savedGroups[i])) {
        if (key === 'params') continue;
        restored[toCamelCase(key)] = copyStateValue(value, null, key);
      }
      // Groups saved by older versions lack newer options; they take the defaults (PyTorch's setdefault).
      for (const [name, dflt] of Object.entries(this.defaults)) {
        if (!(name in restored) && dflt !== required) restored[name] = Array.isArray(dflt) ? dflt.slice() : dflt;
      }
      return restored;
    });
    this.state = state;
  }

  /** Brings state saved in an older layout up to this optimizer's (e.g. a plain-number step). */
  protected normalizeLoadedState(_state: ParamState): void {}

  toString(): string {
    let out = `${this.constructor.name} (`;
    this.paramGroups.forEach((group, i) => {
      out += `\nParameter Group ${i}\n`;
      const keys = Object.keys(group)
        .filter((k) => k !== 'params')
        .map((k) => [toSnakeCase(k), k] as const)
        .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      const floatDefaults = (this.constructor as typeof Optimizer).wholeFloatDefaults;
      for (const [snake, key] of keys) {
        const asFloat = FLOAT_KEYS.has(snake) || floatDefaults[key] === group[key];
        out += `    ${snake}: ${pyRepr(group[key], asFloat)}\n`;
      }
    });
    return out + ')';
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}
