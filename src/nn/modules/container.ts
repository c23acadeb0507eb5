// Containers: Sequential, ModuleList, ModuleDict, ParameterList, ParameterDict. Their entries live
// in an ordered Map (not as properties) so that keys keep insertion order even when they look like
// integers, and so that keys cannot collide with method names.
import { Tensor } from '../../tensor/tensor.js';
import { Module } from '../module.js';
import { isParameter, makeParameter } from '../parameter.js';

function defineHidden<T>(obj: object, key: string, value: T): void {
  Object.defineProperty(obj, key, { value, enumerable: false, writable: true, configurable: true });
}

function normIndex(idx: number, len: number): number {
  if (!Number.isInteger(idx)) throw new TypeError(`index must be an integer, got ${String(idx)}`);
  if (idx < -len || idx >= len) throw new RangeError(`index ${idx} is out of range`);
  return idx < 0 ? idx + len : idx;
}

function checkModule(m: unknown, where: string): Module {
  if (!(m instanceof Module)) {
    const t = m === null ? 'NoneType' : typeof m === 'object' ? (m as object).constructor?.name : typeof m;
    throw new TypeError(`${where}: ${t} is not a Module subclass`);
  }
  return m;
}

/** Shared by containers keyed by an ordered Map. */
abstract class MapBacked<V> extends Module {
  declare protected _items: Map<string, V>;
  constructor() {
    super();
    defineHidden(this, '_items', new Map<string, V>());
  }
  protected override _ownEntries(): [string, unknown][] {
    const out: [string, unknown][] = [...this._items];
    for (const e of Object.entries(this)) out.push(e);
    return out;
  }
  get length(): number {
    return this._items.size;
  }
}

/** Numbered entries ('0', '1', ...) with list operations; renumbers after removals as PyTorch does. */
abstract class ListBacked<V> extends MapBacked<V> {
  protected abstract _coerce(v: unknown, where: string): V;

  protected _values(): V[] {
    return [...this._items.values()];
  }
  protected _setAll(values: V[]): void {
    this._items.clear();
    values.forEach((v, i) => this._items.set(String(i), v));
  }
  at(idx: number): V {
    const vals = this._values();
    return vals[normIndex(idx, vals.length)];
  }
  get(idx: number): V {
    return this.at(idx);
  }
  set(idx: number, value: V): void {
    const vals = this._values();
    const i = normIndex(idx, vals.length);
    vals[i] = this._coerce(value, 'set');
    this._setAll(vals);
  }
  append(value: V): this {
    this._items.set(String(this._items.size), this._coerce(value, 'append'));
    return this;
  }
  extend(values: Iterable<V>): this {
    for (const v of values) this.append(v);
    return this;
  }
  insert(index: number, value: V): void {
    const vals = this._values();
    const n = vals.length;
    if (!Number.isInteger(index)) throw new TypeError(`index must be an integer, got ${String(index)}`);
    const i = index < 0 ? Math.max(0, index + n) : Math.min(index, n);
    vals.splice(i, 0, this._coerce(value, 'insert'));
    this._setAll(vals);
  }
  pop(idx = -1): V {
    const vals = this._values();
    const i = normIndex(idx, vals.length);
    const [v] = vals.splice(i, 1);
    this._setAll(vals);
    return v;
  }
  delete(idx: number): void {
    this.pop(idx);
  }
  [Symbol.iterator](): IterableIterator<V> {
    return this._items.values();
  }
}

/**
 * Modules run one after another: `new Sequential(a, b, c)` names them '0', '1', '2';
 * `new Sequential({ conv: a, relu: b })` (or a Map) keeps the given names.
 */
export class Sequential extends ListBacked<Module> {
  constructor(...modules: Module[]);
  constructor(named: Record<string, Module> | Map<string, Module>);
  constructor(...args: unknown[]) {
    super();
    if (args.length === 1 && !(args[0] instanceof Module) && typeof args[0] === 'object' && args[0] !== null) {
      const entries = args[0] instanceof Map ? [...args[0]] : Object.entries(args[0] as Record<string, unknown>);
      for (const [k, m] of entries) this.addModule(String(k), checkModule(m, 'Sequential'));
    } else {
      args.forEach((m, i) => this._items.set(String(i), checkModule(m, 'Sequential')));
    }
  }
  protected _coerce(v: unknown, where: string): Module {
    return checkModule(v, `Sequential.${where}`);
  }
  override addModule(name: string, module: Module | null): void {
    if (typeof name !== 'string' || name === '' || name.includes('.')) {
      throw new Error(`module name must be a non-empty string without ".", got: ${String(name)}`);
    }
    this._items.set(name, checkModule(module, 'Sequential.addModule'));
  }
  /** `seq[i]`; a negative index counts from the end. */
  override at(idx: number): Module {
    return super.at(idx);
  }
  /** `seq[start:end]` as a new Sequential keeping the entries' names. */
  slice(start?: number, end?: number): Sequential {
    const picked = [...this._items].slice(start, end);
    return new Sequential(new Map(picked));
  }
  forward(input: any): any {
    for (const m of this._items.values()) input = m.forward(input);
    return input;
  }
}

/** A list of submodules, registered under '0', '1', ...; it has no forward of its own. */
export class ModuleList extends ListBacked<Module> {
  constructor(modules?: Iterable<Module> | null) {
    super();
    if (modules) for (const m of modules) this.append(m);
  }
  protected _coerce(v: unknown, where: string): Module {
    return checkModule(v, `ModuleList.${where}`);
  }
  slice(start?: number, end?: number): ModuleList {
    return new ModuleList(this._values().slice(start, end));
  }
  forward(..._args: unknown[]): never {
    throw new Error('Module [ModuleList] is missing the required "forward" function');
  }
}

function entriesOf<V>(src: Iterable<[string, V]> | Record<string, V> | Map<string, V>): [string, V][] {
  if (src instanceof Map) return [...src];
  if (Symbol.iterator in Object(src)) return [...(src as Iterable<[string, V]>)];
  return Object.entries(src as Record<string, V>);
}

/** Shared by the dict containers. */
abstract class DictBacked<V> extends MapBacked<V> {
  protected abstract _coerce(v: unknown, key: string): V;
  get(key: string): V {
    const v = this._items.get(key);
    if (v === undefined) throw new Error(`KeyError: '${key}'`);
    return v;
  }
  set(key: string, value: V): void {
    if (typeof key !== 'string' || key === '' || key.includes('.')) {
      throw new Error(`key must be a non-empty string without ".", got ${JSON.stringify(key)}`);
    }
    this._items.set(key, this._coerce(value, key));
  }
  has(key: string): boolean {
    return this._items.has(key);
  }
  pop(key: string): V {
    const v = this.get(key);
    this._items.delete(key);
    return v;
  }
  delete(key: string): void {
    this.pop(key);
  }
  clear(): void {
    this._items.clear();
  }
  keys(): string[] {
    return [...this._items.keys()];
  }
  values(): V[] {
    return [...this._items.values()];
  }
  items(): [string, V][] {
    return [...this._items];
  }
  update(src: Iterable<[string, V]> | Record<string, V> | Map<string, V>): void {
    for (const [k, v] of entriesOf(src)) this.set(k, v);
  }
  /** Iterates the keys, as iterating a Python dict does. */
  [Symbol.iterator](): IterableIterator<string> {
    return this._items.keys();
  }
}

/** Submodules by name, in insertion order. */
export class ModuleDict extends DictBacked<Module> {
  constructor(modules?: Iterable<[string, Module]> | Record<string, Module> | Map<string, Module> | null) {
    super();
    if (modules) this.update(modules);
  }
  protected _coerce(v: unknown, key: string): Module {
    return checkModule(v, `ModuleDict['${key}']`);
  }
  forward(..._args: unknown[]): never {
    throw new Error('Module [ModuleDict] is missing the required "forward" function');
  }
}

function coerceParameter(v: unknown, where: string): Tensor {
  if (isParameter(v)) return v;
  if (v instanceof Tensor) return makeParameter(v);
  throw new TypeError(`${where}: expected a Tensor or Parameter, got ${v === null ? 'null' : typeof v}`);
}

function parameterLine(key: string, p: Tensor, dtypeText: string): string {
  return `  (${key}): Parameter containing: [${dtypeText} of size ${p._shape.join('x')}]`;
}

/** Parameters in a list; plain tensors become Parameters on the way in, as in PyTorch 1.13. */
export class ParameterList extends ListBacked<Tensor> {
  constructor(values?: Iterable<Tensor> | null) {
    super();
    if (values) for (const v of values) this.append(v);
  }
  protected _coerce(v: unknown, where: string): Tensor {
    return coerceParameter(v, `ParameterList.${where}`);
  }
  override extraRepr(): string {
    return [...this._items].map(([k, p]) => parameterLine(k, p, `torch.${p.dtype.name}`)).join('\n');
  }
  forward(..._args: unknown[]): never {
    throw new Error('Module [ParameterList] is missing the required "forward" function');
  }
}

/** Parameters by name, in insertion order. */
export class ParameterDict extends DictBacked<Tensor> {
  constructor(values?: Iterable<[string, Tensor]> | Record<string, Tensor> | Map<string, Tensor> | null) {
    super();
    if (values) this.update(values);
  }
  protected _coerce(v: unknown, key: string): Tensor {
    return coerceParameter(v, `ParameterDict['${key}']`);
  }
  override extraRepr(): string {
    return [...this._items].map(([k, p]) => parameterLine(k, p, p.type())).join('\n');
  }
  forward(..._args: unknown[]): never {
    throw new Error('Module [ParameterDict] is missing the required "forward" function');
  }
}
