/**
 * JavaScript values -> .pt records, the way torch.save sees the equivalent Python objects:
 * numbers are ints when whole, arrays lists, plain objects dicts (an OrderedDict with `_metadata`
 * for a module's stateDict()), tensors views of shared storages, and any other object goes to the
 * codec that claims it. The same JS object saved twice is one Python object in the file.
 */
import { Tensor } from '../tensor/tensor.js';
import { DType } from '../tensor/dtype.js';
import { encoderFor, type SaveContext } from './codecs.js';
import { PicklingError } from './errors.js';
import { PickleGlobal } from './pickle/ast.js';
import { PyFloat, PyTuple } from './pickle/py_values.js';
import {
  ObjectRecord,
  OrderedDictRecord,
  ParameterRecord,
  StorageRecord,
  TensorRecord,
  type PtValue,
} from './pt_records.js';
import { isIntKey, pythonDictInfo } from './python_dict.js';
import { TensorRecorder } from './tensor_records.js';

/** Optimizer hyperparameters PyTorch keeps as tuples. */
const TUPLE_HYPERPARAMETERS = new Set(['betas', 'etas', 'step_sizes']);

const MAX_DEPTH = 1000;

function isPlainObject(v: object): v is Record<string, unknown> {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'function') return `a function (${v.name || 'anonymous'})`;
  if (typeof v !== 'object') return `a ${typeof v}`;
  return `an instance of ${(v as object).constructor?.name ?? 'Object'}`;
}

/** `opt.stateDict()`: {state: {index: {...}}, param_groups: [{..., params: [indices]}]}. */
function isOptimizerStateDict(o: Record<string, unknown>): boolean {
  const { state, param_groups: groups } = o;
  if (typeof state !== 'object' || state === null || Array.isArray(state) || !Array.isArray(groups)) return false;
  return groups.every((g) => typeof g === 'object' && g !== null && Array.isArray((g as { params?: unknown }).params));
}

/** Converts values for torch.save; one instance per file (it shares storages across the whole object). */
export class Encoder implements SaveContext {
  private readonly memo = new Map<object, PtValue>();
  private readonly inProgress = new Set<object>();
  private readonly path: string[] = [];

  constructor(private readonly recorder = new TensorRecorder()) {}

  tensor(t: Tensor): TensorRecord | ParameterRecord {
    return this.recorder.record(t);
  }

  encode(value: unknown, pathSegment?: string): PtValue {
    if (pathSegment !== undefined) this.path.push(pathSegment);
    try {
      return this.convert(value);
    } finally {
      if (pathSegment !== undefined) this.path.pop();
    }
  }

  private where(): string {
    return this.path.length ? ` at ${this.path.join('')}` : '';
  }

  private fail(message: string): PicklingError {
    return new PicklingError(`torch.save: ${message}${this.where()}`);
  }

  private convert(v: unknown): PtValue {
    switch (typeof v) {
      case 'string':
      case 'boolean':
      case 'bigint':
      case 'number':
        return v;
      case 'undefined':
        return null;
      case 'object':
        break;
      default:
        throw this.fail(`cannot save ${describe(v)}`);
    }
    if (v === null) return null;
    if (v instanceof PyFloat || v instanceof PickleGlobal) return v;
    const seen = this.memo.get(v);
    if (seen !== undefined) return seen;
    if (this.inProgress.has(v)) throw this.fail('cannot save an object that contains itself');
    if (this.path.length > MAX_DEPTH) throw this.fail(`the object is nested deeper than ${MAX_DEPTH} levels`);
    this.inProgress.add(v);
    try {
      const out = this.convertObject(v);
      this.memo.set(v, out);
      return out;
    } finally {
      this.inProgress.delete(v);
    }
  }

  private convertObject(v: object): PtValue {
    if (v instanceof Tensor) return this.recorder.record(v);
    if (v instanceof DType) return new PickleGlobal('torch', v.name);
    if (
      v instanceof TensorRecord ||
      v instanceof ParameterRecord ||
      v instanceof StorageRecord ||
      v instanceof OrderedDictRecord ||
      v instanceof ObjectRecord
    ) {
      return v;
    }
    if (v instanceof PyTuple) return PyTuple.fromItems(v.map((x, i) => this.encode(x, `[${i}]`)));
    if (Array.isArray(v)) return v.map((x, i) => this.encode(x, `[${i}]`));
    if (v instanceof Map) {
      const out = new Map<PtValue, PtValue>();
      for (const [k, x] of v) out.set(this.encodeKey(k), this.encode(x, `[${JSON.stringify(String(k))}]`));
      return out;
    }
    if (v instanceof Set) return new Set([...v].map((x) => this.encode(x, '{}')));
    if (v instanceof Uint8Array && v.constructor === Uint8Array) return v.slice();
    if (ArrayBuffer.isView(v)) {
      throw this.fail(`cannot save ${describe(v)}: wrap it in torch.tensor() (or pass a Uint8Array for Python bytes)`);
    }
    if (isPlainObject(v)) return this.plainObject(v);
    const codec = encoderFor(v);
    if (codec?.encode) return codec.encode(v, this);
    throw this.fail(`cannot save ${describe(v)}: no codec handles it (see torch.serialization.registerCodec)`);
  }

  private encodeKey(k: unknown): PtValue {
    if (Array.isArray(k)) return PyTuple.fromItems(k.map((x) => this.encodeKey(x)));
    if (typeof k === 'object' && k !== null && !(k instanceof Tensor)) throw this.fail(`cannot save a dict key that is ${describe(k)}`);
    return this.convert(k);
  }

  private plainObject(o: Record<string, unknown>): PtValue {
    const info = pythonDictInfo(o);
    const metadata = (o as { _metadata?: unknown })._metadata;
    const hasMetadata = metadata instanceof Map && !Object.prototype.propertyIsEnumerable.call(o, '_metadata');
    if (!info && !hasMetadata && isOptimizerStateDict(o)) return this.optimizerStateDict(o);
    const entries: [PtValue, PtValue][] = [];
    for (const [k, x] of Object.entries(o)) {
      const key: PtValue = info?.intKeys.has(k) ? Number(k) : k;
      entries.push([key, this.encode(x, `[${JSON.stringify(k)}]`)]);
    }
    if (hasMetadata || info?.ordered) {
      return new OrderedDictRecord(entries, hasMetadata ? this.metadata(metadata as Map<unknown, unknown>) : undefined);
    }
    return new Map(entries);
  }

  /** state_dict._metadata: module prefix -> {'version': n}. */
  private metadata(md: Map<unknown, unknown>): OrderedDictRecord {
    const out = new OrderedDictRecord();
    for (const [prefix, info] of md) {
      if (typeof prefix !== 'string') throw this.fail(`state_dict _metadata key ${String(prefix)} is not a string`);
      out.entries.set(prefix, this.encode(info, `._metadata[${JSON.stringify(prefix)}]`));
    }
    return out;
  }

  /** PyTorch's layout: `state` keyed by int parameter indices, `betas`-like options as tuples. */
  private optimizerStateDict(o: Record<string, unknown>): PtValue {
    const out = new Map<PtValue, PtValue>();
    for (const [k, x] of Object.entries(o)) {
      const at = `[${JSON.stringify(k)}]`;
      if (k === 'state') {
        this.path.push(at);
        try {
          const state = new Map<PtValue, PtValue>();
          const entries = x instanceof Map ? [...x] : Object.entries(x as Record<string, unknown>);
          for (const [id, s] of entries) {
            const key = typeof id === 'string' && isIntKey(id) ? Number(id) : this.encodeKey(id);
            state.set(key, this.encode(s, `[${String(id)}]`));
          }
          out.set(k, state);
        } finally {
          this.path.pop();
        }
      } else if (k === 'param_groups') {
        out.set(k, (x as Record<string, unknown>[]).map((g, i) => this.paramGroup(g, `${at}[${i}]`)));
      } else {
        out.set(k, this.encode(x, at));
      }
    }
    return out;
  }

  private paramGroup(g: Record<string, unknown>, at: string): PtValue {
    const out = new Map<PtValue, PtValue>();
    this.path.push(at);
    try {
      for (const [k, x] of Object.entries(g)) {
        const asTuple = TUPLE_HYPERPARAMETERS.has(k) && Array.isArray(x) && !(x instanceof PyTuple);
        out.set(k, this.encode(asTuple ? PyTuple.fromItems(x as unknown[]) : x, `[${JSON.stringify(k)}]`));
      }
    } finally {
      this.path.pop();
    }
    return out;
  }
}
