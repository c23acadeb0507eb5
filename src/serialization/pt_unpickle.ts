/**
 * data.pkl -> records: the globals a torch.save pickle may name, and what each becomes.
 * Nothing is imported or executed; a global outside the allowed set stops the load.
 */
import { PtFormatError, UnpicklingError } from './errors.js';
import { PickleGlobal } from './pickle/ast.js';
import { PyTuple } from './pickle/py_values.js';
import { unpickle } from './pickle/unpickler.js';
import { encodeLatin1, encodeUtf8 } from './text.js';
import {
  ObjectRecord,
  OrderedDictRecord,
  ParameterRecord,
  StorageRecord,
  TensorRecord,
  dtypeForStorageClass,
  itemSizeOf,
  type PtValue,
} from './pt_records.js';

/**
 * Which extra globals a file may name (beyond the tensor/OrderedDict machinery, always allowed):
 * 'module.name' strings, 'module.*' for every name in a module (prefix match: 'torch.nn.modules.*'
 * covers every built-in layer), or a predicate.
 */
export type AllowedGlobals = Iterable<string> | ((module: string, name: string) => boolean);

/** Globals torch.save writes for plain data: the 1.13.1 weights_only set, plus sets and bytes. */
const BUILTIN_GLOBALS = new Set([
  'collections.OrderedDict',
  'torch._utils._rebuild_tensor',
  'torch._utils._rebuild_tensor_v2',
  'torch._utils._rebuild_parameter',
  'torch._utils._rebuild_parameter_with_state',
  'torch.Size',
  'builtins.set',
  'builtins.frozenset',
  'builtins.bytes',
  'builtins.bytearray',
  '_codecs.encode',
]);

export interface PtUnpickleOptions {
  allowedGlobals?: AllowedGlobals;
  maxDepth?: number;
  wrapIntegralFloats?: boolean;
  /** Resolves a persistent id's storage key to that storage's raw little-endian bytes (throws if absent). */
  loadStorageBytes: (key: string, itemSize: number) => Uint8Array;
  /** Told of each storage when first loaded. */
  onStorage?: (storage: StorageRecord) => void;
}

function makeAllowed(allowed: AllowedGlobals | undefined): (module: string, name: string) => boolean {
  if (allowed === undefined) return () => false;
  if (typeof allowed === 'function') return allowed;
  const exact = new Set<string>();
  const prefixes: string[] = [];
  for (const a of allowed) {
    if (a.endsWith('.*')) prefixes.push(a.slice(0, -1));
    else exact.add(a);
  }
  return (module, name) => {
    const full = `${module}.${name}`;
    return exact.has(full) || prefixes.some((p) => full.startsWith(p));
  };
}

function fullName(g: PickleGlobal): string {
  return `${g.module}.${g.name}`;
}

function isStorageClass(g: PickleGlobal): boolean {
  return g.module === 'torch' && g.name.endsWith('Storage');
}

function asInt(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new PtFormatError(`${what} must be an int, got ${show(v)}`);
  return v;
}

function asIntTuple(v: unknown, what: string): number[] {
  if (!(v instanceof PyTuple)) throw new PtFormatError(`${what} must be a tuple of ints, got ${show(v)}`);
  return v.map((x, i) => asInt(x, `${what}[${i}]`));
}

function show(v: unknown): string {
  if (v === null) return 'None';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'bigint') return `${v}`;
  if (typeof v !== 'object') return String(v);
  if (v instanceof PyTuple) return `a tuple of ${v.length}`;
  if (Array.isArray(v)) return `a list of ${v.length}`;
  if (v instanceof PickleGlobal) return fullName(v);
  return `a ${v.constructor?.name ?? 'object'}`;
}

function checkArgCount(args: PyTuple, min: number, max: number, fn: string): void {
  if (args.length < min || args.length > max) {
    const want = min === max ? `${min}` : `${min} to ${max}`;
    throw new PtFormatError(`${fn}() takes ${want} arguments, got ${args.length}`);
  }
}

function rebuildTensor(args: PyTuple, fn: string): TensorRecord {
  checkArgCount(args, fn.endsWith('_v2') ? 6 : 4, fn.endsWith('_v2') ? 7 : 4, fn);
  const storage = args[0];
  if (!(storage instanceof StorageRecord)) throw new PtFormatError(`${fn}() expects a storage first, got ${show(storage)}`);
  const requiresGrad = args.length > 4 ? args[4] : false;
  if (typeof requiresGrad !== 'boolean') throw new PtFormatError(`${fn}() requires_grad must be a bool, got ${show(requiresGrad)}`);
  const t = new TensorRecord({
    storage,
    storageOffset: asInt(args[1], 'storage_offset'),
    shape: asIntTuple(args[2], 'size'),
    strides: asIntTuple(args[3], 'stride'),
    requiresGrad,
  });
  t.validate();
  return t;
}

function bytesFromString(args: PyTuple, fn: string): Uint8Array {
  checkArgCount(args, 1, 3, fn);
  const [text, encoding = 'latin1'] = args;
  if (text instanceof Uint8Array) return text.slice();
  if (typeof text !== 'string' || typeof encoding !== 'string') {
    throw new PtFormatError(`${fn}() expects (str, encoding), got (${args.map(show).join(', ')})`);
  }
  const enc = encoding.toLowerCase().replace(/[-_]/g, '');
  if (enc === 'utf8') return encodeUtf8(text);
  if (enc === 'latin1' || enc === 'iso88591') {
    const b = encodeLatin1(text);
    if (b) return b;
    throw new PtFormatError(`'latin-1' codec can't encode the text given to ${fn}()`);
  }
  throw new PtFormatError(`${fn}() with unsupported encoding ${JSON.stringify(encoding)}`);
}

function setFromArgs(args: PyTuple, fn: string): Set<PtValue> {
  checkArgCount(args, 0, 1, fn);
  if (args.length === 0) return new Set();
  const items = args[0];
  if (!Array.isArray(items)) throw new PtFormatError(`${fn}() expects a list or tuple, got ${show(items)}`);
  return new Set(items as PtValue[]);
}

/** Interprets data.pkl of a torch.save archive into records. */
export function unpicklePt(data: Uint8Array, options: PtUnpickleOptions): PtValue {
  const allowed = makeAllowed(options.allowedGlobals);
  const globals = new Map<string, PickleGlobal>();
  const storages = new Map<string, StorageRecord>();

  const resolveGlobal = (module: string, name: string): PickleGlobal => {
    const full = `${module}.${name}`;
    let g = globals.get(full);
    if (g) return g;
    const ok =
      BUILTIN_GLOBALS.has(full) ||
      (module === 'torch' && name.endsWith('Storage')) ||
      allowed(module, name);
    if (!ok) {
      throw new UnpicklingError(
        `Unsupported class ${full}: this file names a global that is not allowed. ` +
          `If the file is expected to hold it (a whole nn.Module does), pass allowedGlobals: ['${full}'] (or '${module}.*').`,
      );
    }
    g = new PickleGlobal(module, name);
    globals.set(full, g);
    return g;
  };

  const persistentLoad = (pid: unknown): StorageRecord => {
    if (!(pid instanceof PyTuple) || pid[0] !== 'storage') {
      throw new PtFormatError(`unsupported persistent id ${show(pid)}: expected ('storage', type, key, location, numel)`);
    }
    if (pid.length !== 5) throw new PtFormatError(`storage persistent id has ${pid.length} items, expected 5`);
    const [, type, key, location, numelRaw] = pid;
    if (!(type instanceof PickleGlobal) || !isStorageClass(type)) {
      throw new PtFormatError(`storage persistent id names ${show(type)}, not a torch storage class`);
    }
    const dtype = dtypeForStorageClass(type.name);
    if (!dtype) throw new PtFormatError(`unsupported storage type torch.${type.name}`);
    if (typeof key !== 'string' || key === '' || key.includes('/')) {
      throw new PtFormatError(`invalid storage key ${show(key)}`);
    }
    if (typeof location !== 'string') throw new PtFormatError(`invalid storage location ${show(location)}`);
    const numel = asInt(numelRaw, `numel of storage '${key}'`);
    const known = storages.get(key);
    if (known) {
      if (known.dtype !== dtype) {
        throw new PtFormatError(`storage '${key}' is used both as ${known.dtype} and as ${dtype}`);
      }
      return known;
    }
    const bytes = options.loadStorageBytes(key, itemSizeOf(dtype));
    const expected = numel * itemSizeOf(dtype);
    if (bytes.length !== expected) {
      throw new PtFormatError(
        `storage '${key}' should hold ${numel} ${dtype} elements (${expected} bytes) but its record has ${bytes.length} bytes`,
      );
    }
    const s = new StorageRecord(key, dtype, bytes, location);
    storages.set(key, s);
    options.onStorage?.(s);
    return s;
  };

  const reduce = (callable: unknown, args: PyTuple): unknown => {
    if (!(callable instanceof PickleGlobal)) throw new PtFormatError(`REDUCE on ${show(callable)}, which is not a global`);
    const fn = fullName(callable);
    switch (fn) {
      case 'collections.OrderedDict': {
        checkArgCount(args, 0, 1, fn);
        const od = new OrderedDictRecord();
        if (args.length === 1) {
          const pairs = args[0];
          if (!Array.isArray(pairs)) throw new PtFormatError(`OrderedDict() expects a list of pairs, got ${show(pairs)}`);
          for (const pair of pairs) {
            if (!Array.isArray(pair) || pair.length !== 2) throw new PtFormatError(`OrderedDict() expects pairs, got ${show(pair)}`);
            od.entries.set(pair[0] as PtValue, pair[1] as PtValue);
          }
        }
        return od;
      }
      case 'torch._utils._rebuild_tensor_v2':
      case 'torch._utils._rebuild_tensor':
        return rebuildTensor(args, fn);
      case 'torch._utils._rebuild_parameter':
      case 'torch._utils._rebuild_parameter_with_state': {
        checkArgCount(args, 3, fn.endsWith('state') ? 4 : 3, fn);
        const [data, requiresGrad] = args;
        if (!(data instanceof TensorRecord)) throw new PtFormatError(`${fn}() expects a tensor, got ${show(data)}`);
        if (typeof requiresGrad !== 'boolean') throw new PtFormatError(`${fn}() requires_grad must be a bool`);
        return new ParameterRecord(data, requiresGrad);
      }
      case 'torch.Size': {
        checkArgCount(args, 0, 1, fn);
        return PyTuple.fromItems(args.length ? asIntTuple(args[0], 'torch.Size') : []);
      }
      case 'builtins.set':
      case 'builtins.frozenset':
        return setFromArgs(args, fn);
      case 'builtins.bytes':
      case 'builtins.bytearray':
        if (args.length === 0) return new Uint8Array(0);
        return bytesFromString(args, fn);
      case '_codecs.encode':
        return bytesFromString(args, fn);
      default:
        if (isStorageClass(callable)) throw new PtFormatError(`calling ${fn} is not supported (legacy storage construction)`);
        return new ObjectRecord(callable.module, callable.name, undefined, [...(args as PtValue[])], 'reduce');
    }
  };

  const newObj = (cls: unknown, args: PyTuple, kwargs: Map<unknown, unknown> | undefined): unknown => {
    if (!(cls instanceof PickleGlobal)) throw new PtFormatError(`NEWOBJ on ${show(cls)}, which is not a class`);
    if (kwargs && kwargs.size > 0) throw new PtFormatError(`NEWOBJ_EX with keyword arguments for ${fullName(cls)} is not supported`);
    if (BUILTIN_GLOBALS.has(fullName(cls))) {
      // __new__ of these builtins ignores its arguments; the contents arrive by SETITEMS/BUILD.
      if (fullName(cls) === 'collections.OrderedDict') return new OrderedDictRecord();
      throw new PtFormatError(`NEWOBJ for ${fullName(cls)} is not supported`);
    }
    return new ObjectRecord(cls.module, cls.name, undefined, [...(args as PtValue[])], 'newobj');
  };

  const build = (obj: unknown, state: unknown): unknown => {
    if (obj instanceof OrderedDictRecord) {
      // OrderedDict has no __setstate__: BUILD with a dict sets instance attributes (_metadata).
      let dictState = state;
      if (state instanceof PyTuple && state.length === 2) dictState = state[0];
      if (!(dictState instanceof Map)) throw new PtFormatError(`BUILD on an OrderedDict expects a dict of attributes, got ${show(state)}`);
      for (const [k, v] of dictState) {
        if (typeof k !== 'string') throw new PtFormatError(`attribute name ${show(k)} is not a str`);
        if (k === '_metadata') {
          if (!(v instanceof OrderedDictRecord) && v !== null) {
            throw new PtFormatError(`state_dict _metadata must be an OrderedDict, got ${show(v)}`);
          }
          obj.metadata = v ?? undefined;
        } else {
          obj.attributes.set(k, v as PtValue);
        }
      }
      return obj;
    }
    if (obj instanceof ObjectRecord) {
      obj.state = state as PtValue;
      return obj;
    }
    throw new PtFormatError(`BUILD on ${show(obj)} is not supported`);
  };

  const setItems = (target: unknown, pairs: Array<[unknown, unknown]>): void => {
    if (!(target instanceof OrderedDictRecord)) throw new PtFormatError(`SETITEMS on ${show(target)}, which is not a dict`);
    for (const [k, v] of pairs) target.entries.set(k as PtValue, v as PtValue);
  };

  const childrenOf = (v: object): Iterable<unknown> | undefined => {
    if (v instanceof OrderedDictRecord) {
      const out: unknown[] = [];
      for (const [k, x] of v.entries) out.push(k, x);
      if (v.metadata) out.push(v.metadata);
      for (const x of v.attributes.values()) out.push(x);
      return out;
    }
    if (v instanceof ObjectRecord) return [...v.args, v.state];
    if (v instanceof ParameterRecord) return [v.tensor];
    return undefined;
  };

  return unpickle(data, {
    resolveGlobal,
    persistentLoad,
    reduce,
    newObj,
    build,
    setItems,
    childrenOf,
    maxDepth: options.maxDepth ?? 1000,
    wrapIntegralFloats: options.wrapIntegralFloats ?? false,
    stringEncoding: 'utf-8',
  }) as PtValue;
}
