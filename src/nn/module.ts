// nn.Module. PyTorch keeps parameters, buffers and submodules in three ordered dicts filled by
// __setattr__; JavaScript has no such hook, so a module's parameters and submodules are read from
// its own enumerable properties, in insertion order, each time they are asked for. Plain assignment
// (`this.hidden = new Linear(1, 10)`) and class-field initialisers both register, as in PyTorch.
// Buffers need `registerBuffer` (a tensor property is not a buffer by itself, as in PyTorch); their
// names are kept in a non-enumerable map, so reassigning `this.runningMean = t` keeps it a buffer.
import { Tensor } from '../tensor/tensor.js';
import { DType, float32, float64, toDType } from '../tensor/dtype.js';
import { noGrad } from '../autograd/grad_mode.js';
import { isOptions, type Options } from '../ops/options.js';
import '../ops/convert.js';
import '../ops/indexing.js';
import { isParameter } from './parameter.js';
import { replaceTensorData } from './tensor_swap.js';
import { torchSize } from './repr.js';

/** Per-prefix metadata PyTorch stores with a state dict (`state_dict._metadata`). */
export type StateDictMetadata = Map<string, { version: number }>;

/**
 * What `stateDict()` returns: keys in PyTorch's order. PyTorch's `_metadata` rides along as a
 * non-enumerable property (read it with `stateDictMetadata`), so `Object.keys` lists tensors only.
 */
export type StateDict = Record<string, Tensor>;

/** The per-module versions attached to a state dict by `stateDict()` (PyTorch's `state_dict._metadata`). */
export function stateDictMetadata(sd: object): StateDictMetadata | undefined {
  const m = (sd as { _metadata?: unknown })._metadata;
  return m instanceof Map ? (m as StateDictMetadata) : undefined;
}

export interface IncompatibleKeys {
  missingKeys: string[];
  unexpectedKeys: string[];
}

/** Collects what a load would do before doing any of it, so a failed load leaves the model intact. */
export interface LoadPlan {
  missingKeys: string[];
  unexpectedKeys: string[];
  errorMsgs: string[];
  copies: [Tensor, Tensor][];
}

type StateSource = Map<string, unknown> | Record<string, unknown>;

interface ModuleInternals {
  /** Buffer name -> persistent (included in stateDict). */
  buffers: Map<string, boolean>;
}

const INTERNALS = Symbol('torchlet.nn.module');

export abstract class Module {
  /** PyTorch's `training` flag: set by `train()` / `eval()` for the module and all its children. */
  training = true;
  declare readonly [INTERNALS]: ModuleInternals;
  /** Bumped when a subclass changes its state-dict layout; saved in `_metadata` (PyTorch's `_version`). */
  static _version = 1;

  constructor() {
    Object.defineProperty(this, INTERNALS, {
      value: { buffers: new Map() } satisfies ModuleInternals,
      enumerable: false,
      writable: false,
    });
  }

  /** The computation; modules are not callable, so it is called as `module.forward(x)`. */
  abstract forward(...args: any[]): any;

  // ---- discovery ----------------------------------------------------------------------------

  /**
   * The module's own attributes as [name, value], in registration order. Containers whose keys are
   * arbitrary strings (ModuleDict, ParameterDict) override this to read their own ordered map.
   */
  protected _ownEntries(): [string, unknown][] {
    return Object.entries(this);
  }

  /** Own parameters (non-null), in registration order. */
  _ownParameters(): [string, Tensor][] {
    const bufs = this[INTERNALS].buffers;
    const out: [string, Tensor][] = [];
    for (const [k, v] of this._ownEntries()) {
      if (v instanceof Tensor && v._isParameter && !bufs.has(k)) out.push([k, v]);
    }
    return out;
  }

  /** Own buffers (non-null), in registration order; `persistentOnly` leaves out non-persistent ones. */
  _ownBuffers(persistentOnly = false): [string, Tensor][] {
    const bufs = this[INTERNALS].buffers;
    const out: [string, Tensor][] = [];
    if (bufs.size === 0) return out;
    for (const [k, v] of this._ownEntries()) {
      if (!(v instanceof Tensor)) continue;
      const persistent = bufs.get(k);
      if (persistent === undefined || (persistentOnly && !persistent)) continue;
      out.push([k, v]);
    }
    return out;
  }

  // ---- registration -------------------------------------------------------------------------

  private _checkNewName(name: unknown, what: string): asserts name is string {
    if (typeof name !== 'string') {
      throw new TypeError(`${what} name should be a string. Got ${typeof name}`);
    }
    if (name.includes('.')) throw new Error(`${what} name can't contain ".", got: ${name}`);
    if (name === '') throw new Error(`${what} name can't be empty string ""`);
  }

  registerBuffer(name: string, tensor: Tensor | null, persistent = true): void {
    this._checkNewName(name, 'buffer');
    const bufs = this[INTERNALS].buffers;
    if (name in this && !bufs.has(name)) throw new Error(`attribute '${name}' already exists`);
    if (tensor !== null && !(tensor instanceof Tensor)) {
      throw new TypeError(`cannot assign '${typeName(tensor)}' object to buffer '${name}' (torch Tensor or None required)`);
    }
    bufs.set(name, Boolean(persistent));
    (this as unknown as Record<string, unknown>)[name] = tensor;
  }

  registerParameter(name: string, param: Tensor | null): void {
    this._checkNewName(name, 'parameter');
    if (name in this && !isParameter((this as unknown as Record<string, unknown>)[name]) &&
        (this as unknown as Record<string, unknown>)[name] !== null) {
      throw new Error(`attribute '${name}' already exists`);
    }
    if (param !== null && !isParameter(param)) {
      throw new TypeError(
        `cannot assign '${typeName(param)}' object to parameter '${name}' (torch.nn.Parameter or None required)`,
      );
    }
    this[INTERNALS].buffers.delete(name);
    (this as unknown as Record<string, unknown>)[name] = param;
  }

  addModule(name: string, module: Module | null): void {
    if (module !== null && !(module instanceof Module)) {
      throw new TypeError(`${typeName(module)} is not a Module subclass`);
    }
    this._checkNewName(name, 'module');
    if (name in this && !((this as unknown as Record<string, unknown>)[name] instanceof Module) &&
        (this as unknown as Record<string, unknown>)[name] !== null) {
      throw new Error(`attribute '${name}' already exists`);
    }
    this[INTERNALS].buffers.delete(name);
    (this as unknown as Record<string, unknown>)[name] = module;
  }

  registerModule(name: string, module: Module | null): void {
    this.addModule(name, module);
  }

  /** `getSubmodule('encoder.0')`; '' is the module itself. */
  getSubmodule(target: string): Module {
    if (target === '') return this;
    let mod: Module = this;
    for (const item of target.split('.')) {
      const next = mod._childMap().get(item);
      if (next === undefined) {
        const has = mod._ownEntries().some(([k]) => k === item);
        if (has) throw new Error(`\`${item}\` is not an nn.Module`);
        throw new Error(`${mod._getName()} has no attribute \`${item}\``);
      }
      mod = next;
    }
    return mod;
  }

  getParameter(target: string): Tensor {
    const [modPath, name] = splitLast(target);
    const mod = this.getSubmodule(modPath);
    const p = mod._ownParameters().find(([k]) => k === name);
    if (!p) {
      const has = mod._ownEntries().some(([k]) => k === name);
      if (has) throw new Error(`\`${name}\` is not an nn.Parameter`);
      throw new Error(`${mod._getName()} has no attribute \`${name}\``);
    }
    return p[1];
  }

  getBuffer(target: string): Tensor {
    const [modPath, name] = splitLast(target);
    const mod = this.getSubmodule(modPath);
    const b = mod._ownBuffers().find(([k]) => k === name);
    if (!b) {
      const has = mod._ownEntries().some(([k]) => k === name);
      if (has) throw new Error(`\`${name}\` is not a buffer`);
      throw new Error(`${mod._getName()} has no attribute \`${name}\``);
    }
    return b[1];
  }

  // ---- traversal ----------------------------------------------------------------------------

  private _childMap(): Map<string, Module> {
    return new Map(this.namedChildren());
  }

  namedChildren(): [string, Module][] {
    const out: [string, Module][] = [];
    const seen = new Set<Module>();
    for (const [k, v] of this._ownEntries()) {
      if (v instanceof Module && !seen.has(v)) {
        seen.add(v);
        out.push([k, v]);
      }
    }
    return out;
  }

  /** All direct children, each once, in registration order. */
  children(): Module[] {
    return this.namedChildren().map(([, m]) => m);
  }

  namedModules(memo?: Set<Module> | null, prefix = '', removeDuplicate = true): [string, Module][] {
    const out: [string, Module][] = [];
    const seen = memo ?? new Set<Module>();
    const walk = (m: Module, p: string): void => {
      if (removeDuplicate) {
        if (seen.has(m)) return;
        seen.add(m);
      }
      out.push([p, m]);
      for (const [k, v] of m._ownEntries()) {
        if (v instanceof Module) walk(v, p === '' ? k : `${p}.${k}`);
      }
    };
    walk(this, prefix);
    return out;
  }

  /** The module itself, then every submodule depth-first, each once. */
  modules(): Module[] {
    return this.namedModules().map(([, m]) => m);
  }

  namedParameters(prefix: string | Options = '', recurse = true, removeDuplicate = true): [string, Tensor][] {
    if (isOptions(prefix)) {
      const o = prefix;
      return this.namedParameters((o.prefix as string) ?? '', (o.recurse as boolean) ?? true, (o.removeDuplicate as boolean) ?? true);
    }
    return this._namedMembers((m) => m._ownParameters(), prefix, recurse, removeDuplicate);
  }

  /** Every parameter once (shared ones deduplicated), in stateDict order. */
  parameters(recurse: boolean | Options = true): Tensor[] {
    const r = isOptions(recurse) ? ((recurse.recurse as boolean) ?? true) : recurse;
    return this.namedParameters('', r).map(([, p]) => p);
  }

  namedBuffers(prefix: string | Options = '', recurse = true, removeDuplicate = true): [string, Tensor][] {
    if (isOptions(prefix)) {
      const o = prefix;
      return this.namedBuffers((o.prefix as string) ?? '', (o.recurse as boolean) ?? true, (o.removeDuplicate as boolean) ?? true);
    }
    return this._namedMembers((m) => m._ownBuffers(), prefix, recurse, removeDuplicate);
  }

  buffers(recurse: boolean | Options = true): Tensor[] {
    const r = isOptions(recurse) ? ((recurse.recurse as boolean) ?? true) : recurse;
    return this.namedBuffers('', r).map(([, b]) => b);
  }

  private _namedMembers(
    get: (m: Module) => [string, Tensor][],
    prefix: string,
    recurse: boolean,
    removeDuplicate: boolean,
  ): [string, Tensor][] {
    const mods: [string, Module][] = recurse ? this.namedModules(null, prefix, removeDuplicate) : [[prefix, this]];
    const seen = new Set<Tensor>();
    const out: [string, Tensor][] = [];
    for (const [mp, m] of mods) {
      for (const [k, t] of get(m)) {
        if (removeDuplicate) {
          if (seen.has(t)) continue;
          seen.add(t);
        }
        out.push([mp === '' ? k : `${mp}.${k}`, t]);
      }
    }
    return out;
  }

  /** Calls `fn` on every submodule (children first) and then on this module. */
  apply(fn: (m: Module) => void): this {
    for (const c of this.children()) c.apply(fn);
    fn(this);
    return this;
  }

  // ---- modes and gradients ------------------------------------------------------------------

  train(mode: boolean = true): this {
    if (typeof mode !== 'boolean') throw new TypeError('training mode is expected to be boolean');
    this.training = mode;
    for (const c of this.children()) c.train(mode);
    return this;
  }

  eval(): this {
    return this.train(false);
  }

  requiresGrad_(requiresGrad = true): this {
    for (const p of this.parameters()) p.requiresGrad_(requiresGrad);
    return this;
  }

  /**
   * Clears every parameter's gradient. As in PyTorch 1.13 (and this library's optimizers) the default
   * zeroes it in place; `zeroGrad(true)` or `zeroGrad({ setToNone: true })` drops it to null.
   */
  zeroGrad(setToNone: boolean | { setToNone?: boolean } = false): void {
    const drop = typeof setToNone === 'object' && setToNone !== null ? setToNone.setToNone === true : Boolean(setToNone);
    for (const p of this.parameters()) {
      const g = p.grad;
      if (g === null) continue;
      if (drop) {
        p.grad = null;
        continue;
      }
      if (g.gradFn !== null) g.detach_();
      else g.requiresGrad_(false);
      noGrad(() => g.zero_());
    }
  }

  // ---- state dict ---------------------------------------------------------------------------

  /**
   * Parameters and persistent buffers under PyTorch's keys (`hidden.weight`, `0.bias`), detached
   * but sharing storage (`keepVars: true` keeps the tensors themselves). The per-module versions
   * PyTorch writes as `_metadata` are attached as a non-enumerable Map.
   */
  stateDict(options: { destination?: Record<string, Tensor>; prefix?: string; keepVars?: boolean } = {}): StateDict {
    const dest = (options.destination ?? {}) as Record<string, Tensor>;
    let meta = stateDictMetadata(dest);
    if (meta === undefined) {
      meta = new Map();
      Object.defineProperty(dest, '_metadata', { value: meta, enumerable: false, writable: true, configurable: true });
    }
    const keepVars = Boolean(options.keepVars);
    const prefix = options.prefix ?? '';
    const walk = (m: Module, p: string): void => {
      meta!.set(p.endsWith('.') ? p.slice(0, -1) : p, { version: (m.constructor as typeof Module)._version ?? 1 });
      m._saveToStateDict(dest, p, keepVars);
      for (const [k, c] of m._ownEntries()) {
        if (c instanceof Module) walk(c, `${p}${k}.`);
      }
    };
    walk(this, prefix);
    return dest as StateDict;
  }

  /** Writes this module's own parameters and persistent buffers (not its children's). */
  protected _saveToStateDict(dest: Record<string, Tensor>, prefix: string, keepVars: boolean): void {
    for (const [k, p] of this._ownParameters()) dest[prefix + k] = keepVars ? p : p.detach();
    for (const [k, b] of this._ownBuffers(true)) dest[prefix + k] = keepVars ? b : b.detach();
  }

  /**
   * Copies parameters and buffers from `stateDict` (a plain object or a Map, e.g. from torch.load).
   * Everything is checked first; on any error nothing is copied and the error lists every problem,
   * worded as PyTorch's. With `strict: false`, missing and unexpected keys are returned instead.
   */
  loadStateDict(stateDict: StateSource, strict: boolean | { strict?: boolean } = true): IncompatibleKeys {
    const isStrict = typeof strict === 'object' && strict !== null ? strict.strict ?? true : Boolean(strict);
    if (!(stateDict instanceof Map) && (typeof stateDict !== 'object' || stateDict === null || Array.isArray(stateDict))) {
      throw new TypeError(`Expected state_dict to be dict-like, got ${typeName(stateDict)}.`);
    }
    // A private copy: loading must not alter the caller's dict (hooks may add entries to it).
    const sd: Map<string, unknown> = new Map(stateDict instanceof Map ? stateDict : Object.entries(stateDict));
    const rawMeta = (stateDict as { _metadata?: unknown })._metadata;
    const meta: Map<string, { version?: number }> =
      rawMeta instanceof Map ? rawMeta : rawMeta && typeof rawMeta === 'object' ? new Map(Object.entries(rawMeta)) : new Map();
    sd.delete('_metadata');

    const plan: LoadPlan = { missingKeys: [], unexpectedKeys: [], errorMsgs: [], copies: [] };
    const walk = (m: Module, prefix: string): void => {
      const local = meta.get(prefix.endsWith('.') ? prefix.slice(0, -1) : prefix) ?? {};
      m._loadFromStateDict(sd, prefix, local, plan);
      for (const [k, c] of m._ownEntries()) {
        if (c instanceof Module) walk(c, `${prefix}${k}.`);
      }
    };
    walk(this, '');

    if (isStrict) {
      if (plan.unexpectedKeys.length > 0) {
        plan.errorMsgs.unshift(`Unexpected key(s) in state_dict: ${plan.unexpectedKeys.map((k) => `"${k}"`).join(', ')}. `);
      }
      if (plan.missingKeys.length > 0) {
        plan.errorMsgs.unshift(`Missing key(s) in state_dict: ${plan.missingKeys.map((k) => `"${k}"`).join(', ')}. `);
      }
    }
    if (plan.errorMsgs.length > 0) {
      throw new Error(`Error(s) in loading state_dict for ${this._getName()}:\n\t${plan.errorMsgs.join('\n\t')}`);
    }
    noGrad(() => {
      for (const [dst, src] of plan.copies) dst.copy_(src);
    });
    return { missingKeys: plan.missingKeys, unexpectedKeys: plan.unexpectedKeys };
  }

  /**
   * Plans the load of this module's own entries: which tensors to copy from where, which keys are
   * missing, which keys under this module's prefix belong to nothing. Subclasses whose saved layout
   * changed across versions (BatchNorm) adjust `stateDict` entries here via `localMetadata.version`.
   */
  _loadFromStateDict(
    stateDict: Map<string, unknown>,
    prefix: string,
    localMetadata: { version?: number },
    plan: LoadPlan,
  ): void {
    void localMetadata;
    const local = new Map<string, Tensor>([...this._ownParameters(), ...this._ownBuffers(true)]);
    for (const [name, param] of local) {
      const key = prefix + name;
      if (!stateDict.has(key)) {
        plan.missingKeys.push(key);
        continue;
      }
      const raw = stateDict.get(key);
      if (!(raw instanceof Tensor)) {
        plan.errorMsgs.push(
          `While copying the parameter named "${key}", expected torch.Tensor or Tensor-like object from checkpoint but received ${typeName(raw)}`,
        );
        continue;
      }
      let input: Tensor = raw;
      // Checkpoints from before 0-dim tensors existed store scalars as 1-element vectors.
      if (param.dim() === 0 && input.dim() === 1 && input.numel() === 1) input = input.reshape([]);
      if (!sameShape(param._shape, input._shape)) {
        plan.errorMsgs.push(
          `size mismatch for ${key}: copying a param with shape ${torchSize(input._shape)} from checkpoint, ` +
            `the shape in current model is ${torchSize(param._shape)}.`,
        );
        continue;
      }
      plan.copies.push([param, input]);
    }
    const childNames = new Set<string>();
    for (const [k, v] of this._ownEntries()) if (v instanceof Module) childNames.add(k);
    for (const key of stateDict.keys()) {
      if (!key.startsWith(prefix)) continue;
      const first = key.slice(prefix.length).split('.', 1)[0];
      if (!childNames.has(first) && !local.has(first)) plan.unexpectedKeys.push(key);
    }
  }

  // ---- dtype --------------------------------------------------------------------------------

  /**
   * Applies `fn` to every floating parameter (in place: the Parameter objects, and so any optimizer
   * holding them, stay the same), its gradient, and every buffer.
   */
  _apply(fn: (t: Tensor) => Tensor): this {
    for (const c of this.children()) c._apply(fn);
    noGrad(() => {
      for (const [, p] of this._ownParameters()) {
        replaceTensorData(p, fn(p));
        if (p.grad !== null) replaceTensorData(p.grad, fn(p.grad));
      }
      for (const [k, b] of this._ownBuffers()) {
        const nb = fn(b);
        if (nb !== b) (this as unknown as Record<string, unknown>)[k] = nb;
      }
    });
    return this;
  }

  /** `module.to(torch.float64)`, `module.to('cpu')`, `module.to({ dtype })`, `module.to(tensor)`. */
  to(...args: unknown[]): this {
    let dtype: DType | undefined;
    for (const a of args) {
      if (a instanceof DType) dtype = a;
      else if (a instanceof Tensor) dtype = a.dtype;
      else if (typeof a === 'string') {
        if (a === 'cpu') continue;
        if (/^(cuda|mps|xla|meta)/.test(a)) throw new Error(`device '${a}' is not available; torchlet runs on the CPU`);
        dtype = toDType(a);
      } else if (isOptions(a)) {
        if (a.dtype !== undefined && a.dtype !== null) dtype = toDType(a.dtype as DType);
        if (typeof a.device === 'string' && a.device !== 'cpu') throw new Error(`device '${a.device}' is not available; torchlet runs on the CPU`);
      } else if (a !== undefined && a !== null) {
        throw new TypeError(`to() received an invalid combination of arguments: ${typeName(a)}`);
      }
    }
    if (dtype === undefined) return this;
    if (!dtype.isFloatingPoint) {
      throw new TypeError(
        `nn.Module.to only accepts floating point or complex dtypes, but got desired dtype=${dtype.toString()}`,
      );
    }
    const d = dtype;
    return this._apply((t) => (t.dtype.isFloatingPoint && t.dtype !== d ? t.to(d) : t));
  }

  double(): this {
    return this._apply((t) => (t.dtype.isFloatingPoint && t.dtype !== float64 ? t.to(float64) : t));
  }

  float(): this {
    return this._apply((t) => (t.dtype.isFloatingPoint && t.dtype !== float32 ? t.to(float32) : t));
  }

  half(): this {
    throw new TypeError('float16 is not supported; use float() or double()');
  }

  cpu(): this {
    return this;
  }

  // ---- printing -----------------------------------------------------------------------------

  _getName(): string {
    return this.constructor.name;
  }

  /** The text inside the parentheses of this module's repr (its configuration). */
  extraRepr(): string {
    return '';
  }

  /** PyTorch's `repr(module)`: the name, the extra repr, then `(name): child` lines, indented. */
  toString(): string {
    const extra = this.extraRepr();
    const extraLines = extra ? extra.split('\n') : [];
    const childLines: string[] = [];
    for (const [k, v] of this._ownEntries()) {
      if (v instanceof Module) childLines.push(`(${k}): ${addIndent(v.toString(), 2)}`);
    }
    const lines = [...extraLines, ...childLines];
    let s = this._getName() + '(';
    if (lines.length > 0) {
      if (extraLines.length === 1 && childLines.length === 0) s += extraLines[0];
      else s += '\n  ' + lines.join('\n  ') + '\n';
    }
    return s + ')';
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

function addIndent(s: string, n: number): string {
  const lines = s.split('\n');
  if (lines.length === 1) return s;
  const pad = ' '.repeat(n);
  return [lines[0], ...lines.slice(1).map((l) => pad + l)].join('\n');
}

function splitLast(target: string): [string, string] {
  const i = target.lastIndexOf('.');
  return i < 0 ? ['', target] : [target.slice(0, i), target.slice(i + 1)];
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}


export function typeName(v: unknown): string {
  if (v === null) return 'NoneType';
  if (v === undefined) return 'undefined';
  if (v instanceof Tensor) return v.type();
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'object';
  return typeof v;
}

