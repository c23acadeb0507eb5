/**
 * .pt records -> JavaScript values, as torch.load gives the Python objects: tensors (Parameters
 * where the file has them) viewing shared storages, dicts and OrderedDicts as plain objects in
 * file order (a state_dict's `_metadata` as a non-enumerable Map, as nn's stateDict() has it),
 * tuples and lists as arrays, and objects of registered classes through their codecs.
 *
 * A dict whose keys are all str or int becomes a plain object (int keys as decimal strings, so an
 * optimizer's `state` reads `sd.state['0']`); any other key (a tuple, float, bool, None) makes it
 * a Map. Which keys were ints, and OrderedDict-ness, ride along invisibly so torch.save writes the
 * dict back as it was.
 */
import type { Tensor } from '../tensor/tensor.js';
import { decoderFor, type LoadContext } from './codecs.js';
import { SerializationError, UnpicklingError } from './errors.js';
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
import { setPythonDictInfo } from './python_dict.js';
import type { TensorRebuilder } from './tensor_records.js';

export function weightsOnlyError(what: string): UnpicklingError {
  return new UnpicklingError(
    `Weights only load failed: the file holds ${what}, which weightsOnly: true does not allow ` +
      '(only tensors, parameters, dtypes and dicts, lists, tuples, strings, numbers, booleans and None). ' +
      'torchlet never runs code from a file, so loading it with weightsOnly: false is safe.',
  );
}

function setKey(obj: Record<string, unknown>, key: string, value: unknown): void {
  // `obj['__proto__'] = x` would set the prototype instead of a key.
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

export class Decoder implements LoadContext {
  private readonly memo = new Map<object, unknown>();
  private readonly path: string[] = [];

  constructor(
    private readonly rebuilder: TensorRebuilder,
    private readonly weightsOnly: boolean,
  ) {}

  tensor(r: TensorRecord | ParameterRecord): Tensor {
    return this.rebuilder.tensor(r);
  }

  decode(value: PtValue, pathSegment?: string): unknown {
    if (pathSegment !== undefined) this.path.push(pathSegment);
    try {
      return this.convert(value);
    } finally {
      if (pathSegment !== undefined) this.path.pop();
    }
  }

  private convert(v: PtValue): unknown {
    if (v === null || typeof v !== 'object') return v;
    if (v instanceof PyFloat) return v.value;
    if (this.memo.has(v)) return this.memo.get(v);
    let out: unknown;
    if (v instanceof TensorRecord || v instanceof ParameterRecord) out = this.rebuilder.tensor(v);
    else if (v instanceof StorageRecord) out = this.rebuilder.storageTensor(v);
    else if (v instanceof PyTuple || Array.isArray(v)) {
      const arr: unknown[] = [];
      this.memo.set(v, arr);
      (v as PtValue[]).forEach((x, i) => arr.push(this.decode(x, `[${i}]`)));
      return arr;
    } else if (v instanceof Map) out = this.dict(v, v.entries(), false, undefined);
    else if (v instanceof OrderedDictRecord) out = this.dict(v, v.entries.entries(), true, v.metadata);
    else if (v instanceof Set) {
      if (this.weightsOnly) throw weightsOnlyError('a set');
      const s = new Set<unknown>();
      this.memo.set(v, s);
      for (const x of v) s.add(this.decode(x, '{}'));
      return s;
    } else if (v instanceof Uint8Array) {
      if (this.weightsOnly) throw weightsOnlyError('a bytes object');
      out = v;
    } else if (v instanceof ObjectRecord || v instanceof PickleGlobal) {
      const codec = decoderFor(v.module, v.name);
      if (!codec?.decode) throw new SerializationError(`torch.load: nothing rebuilds ${v.module}.${v.name}${this.where()}`);
      out = codec.decode(v, this);
    } else {
      throw new SerializationError(`torch.load: unexpected record ${(v as object).constructor?.name}${this.where()}`);
    }
    this.memo.set(v, out);
    return out;
  }

  private where(): string {
    return this.path.length ? ` at ${this.path.join('')}` : '';
  }

  private dict(
    source: object,
    entries: Iterable<[PtValue, PtValue]>,
    ordered: boolean,
    metadata: OrderedDictRecord | undefined,
  ): unknown {
    const list = [...entries];
    const simple = list.every(([k]) => typeof k === 'string' || (typeof k === 'number' && Number.isSafeInteger(k)));
    const names = simple ? list.map(([k]) => String(k)) : [];
    let out: Record<string, unknown> | Map<unknown, unknown>;
    if (simple && new Set(names).size === names.length) {
      const obj: Record<string, unknown> = {};
      this.memo.set(source, obj);
      const intKeys = new Set<string>();
      list.forEach(([k, x], i) => {
        if (typeof k === 'number') intKeys.add(names[i]!);
        setKey(obj, names[i]!, this.decode(x, `[${JSON.stringify(names[i])}]`));
      });
      if (ordered || intKeys.size > 0) setPythonDictInfo(obj, { ordered, intKeys });
      out = obj;
    } else {
      const map = new Map<unknown, unknown>();
      this.memo.set(source, map);
      for (const [k, x] of list) map.set(this.key(k), this.decode(x, `[${String(k)}]`));
      out = map;
    }
    if (metadata) {
      Object.defineProperty(out, '_metadata', {
        value: this.metadata(metadata),
        enumerable: false,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }

  /** Dict keys: tuples become frozen arrays (they cannot change under a Map). */
  private key(k: PtValue): unknown {
    const v = this.decode(k);
    return Array.isArray(v) ? Object.freeze(v) : v;
  }

  /** `_metadata`: prefix -> {version: n, ...}, a Map as nn's stateDict() makes it. */
  private metadata(md: OrderedDictRecord): Map<string, Record<string, unknown>> {
    const out = new Map<string, Record<string, unknown>>();
    for (const [prefix, info] of md.entries) {
      const value = this.decode(info, '._metadata');
      if (typeof prefix !== 'string' || typeof value !== 'object' || value === null || value instanceof Map) {
        throw new SerializationError(`torch.load: state_dict _metadata entry ${String(prefix)} is not {'version': n}`);
      }
      out.set(prefix, value as Record<string, unknown>);
    }
    return out;
  }
}
