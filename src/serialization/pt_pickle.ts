/**
 * Records -> the pickle AST of data.pkl, shaped as torch.save (PyTorch 1.13.1) shapes it, so the
 * pickler's output matches torch's byte for byte for state_dicts (PT_FORMAT_SPEC §2.6).
 */
import { PicklingError, PtFormatError } from './errors.js';
import {
  PickleGlobal,
  PickleInterned,
  PickleNewObj,
  PicklePersistentId,
  PickleReduce,
  type PickleValue,
} from './pickle/ast.js';
import { PyFloat, PyTuple } from './pickle/py_values.js';
import {
  ObjectRecord,
  OrderedDictRecord,
  ParameterRecord,
  PT_DTYPES,
  StorageRecord,
  TensorRecord,
  type PtValue,
} from './pt_records.js';

/** Python identifiers: CPython interns these (attribute names, literals), so one object serves every use. */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface PtPickleOptions {
  maxDepth?: number;
}

export interface PtPickleResult {
  ast: PickleValue;
  /** Storages in order of first use; each one's archive key is its index. */
  storages: StorageRecord[];
}

function isPlainObject(v: object): v is Record<string, PtValue> {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * Builds the AST for `root`. Children are visited in the order the pickler writes them, so storage
 * keys come out numbered in order of first appearance, as torch.save numbers them.
 */
export function ptToPickleAst(root: PtValue, options: PtPickleOptions = {}): PtPickleResult {
  const maxDepth = options.maxDepth ?? 1000;
  const memo = new Map<object, PickleValue>();
  const storageKeys = new Map<StorageRecord, string>();
  const storages: StorageRecord[] = [];
  const globals = new Map<string, PickleGlobal>();

  const global = (module: string, name: string): PickleGlobal => {
    const key = `${module}.${name}`;
    let g = globals.get(key);
    if (!g) {
      g = new PickleGlobal(module, name);
      globals.set(key, g);
    }
    return g;
  };
  const shared = (s: string): PickleInterned => new PickleInterned(s);
  const str = (s: string): PickleValue => (IDENTIFIER.test(s) ? shared(s) : s);
  const emptyOrderedDict = (): PickleReduce => new PickleReduce(global('collections', 'OrderedDict'), new PyTuple());
  const ints = (xs: readonly number[]): PyTuple<PickleValue> => PyTuple.fromItems<PickleValue>(xs);

  const persistentId = (s: StorageRecord): PicklePersistentId => {
    const dtypeInfo = PT_DTYPES[s.dtype];
    if (!dtypeInfo) throw new PtFormatError(`cannot save a storage of unknown dtype ${String(s.dtype)}`);
    if (s.bytes.length % dtypeInfo.itemSize !== 0) {
      throw new PtFormatError(`storage of ${s.bytes.length} bytes is not a whole number of ${s.dtype} elements`);
    }
    let key = storageKeys.get(s);
    if (key === undefined) {
      key = String(storages.length);
      storageKeys.set(s, key);
      storages.push(s);
    }
    return new PicklePersistentId(
      PyTuple.fromItems<PickleValue>([
        shared('storage'),
        global('torch', dtypeInfo.storageClass),
        // The key string is one object per storage in torch.save, so repeats are BINGETs.
        shared(key),
        shared('cpu'),
        s.numel,
      ]),
    );
  };

  const tensor = (t: TensorRecord, requiresGrad: boolean): PickleReduce => {
    t.validate();
    return new PickleReduce(
      global('torch._utils', '_rebuild_tensor_v2'),
      PyTuple.fromItems<PickleValue>([
        persistentId(t.storage),
        t.storageOffset,
        ints(t.shape),
        ints(t.strides),
        requiresGrad,
        emptyOrderedDict(),
      ]),
    );
  };

  const convert = (v: PtValue, depth: number): PickleValue => {
    if (depth > maxDepth) throw new PicklingError(`the data is nested deeper than ${maxDepth} levels`);
    switch (typeof v) {
      case 'string':
        return str(v);
      case 'number':
      case 'bigint':
      case 'boolean':
        return v;
      case 'object':
        break;
      default:
        throw new PicklingError(`cannot save a value of type ${typeof v}`);
    }
    if (v === null) return null;
    if (v instanceof PyFloat || v instanceof PickleGlobal) return v;
    const seen = memo.get(v);
    if (seen !== undefined) return seen;
    const d = depth + 1;
    let out: PickleValue;
    if (v instanceof StorageRecord) {
      // A bare storage (torch.save(t.storage())) pickles as just its persistent id; a fresh one
      // each time, like torch's persistent_id hook builds.
      return persistentId(v);
    } else if (v instanceof TensorRecord) {
      out = tensor(v, v.requiresGrad);
    } else if (v instanceof ParameterRecord) {
      // Parameter.__reduce_ex__ passes `self.data`, a new tensor object (requires_grad False) each time.
      out = new PickleReduce(
        global('torch._utils', '_rebuild_parameter'),
        PyTuple.fromItems<PickleValue>([tensor(v.tensor, false), v.requiresGrad, emptyOrderedDict()]),
      );
    } else if (v instanceof OrderedDictRecord) {
      const items: Array<[PickleValue, PickleValue]> = [];
      const state = new Map<PickleValue, PickleValue>();
      out = new PickleReduce(global('collections', 'OrderedDict'), new PyTuple(), {
        dictItems: items,
        state: v.metadata || v.attributes.size > 0 ? state : undefined,
      });
      memo.set(v, out);
      for (const [k, x] of v.entries) items.push([convert(k, d), convert(x, d)]);
      if (v.metadata) state.set(shared('_metadata'), convertMetadata(v.metadata, d));
      for (const [k, x] of v.attributes) state.set(str(k), convert(x, d));
      return out;
    } else if (v instanceof ObjectRecord) {
      const cls = global(v.module, v.name);
      const args = PyTuple.fromItems(v.args.map((a) => convert(a, d)));
      const state = v.state === undefined ? undefined : convert(v.state, d);
      out = v.via === 'newobj' ? new PickleNewObj(cls, args, state) : new PickleReduce(cls, args, { state });
    } else if (v instanceof PyTuple) {
      out = PyTuple.fromItems(v.map((x) => convert(x, d)));
    } else if (Array.isArray(v)) {
      const list: PickleValue[] = [];
      memo.set(v, list);
      for (const x of v) list.push(convert(x, d));
      return list;
    } else if (v instanceof Map) {
      const m = new Map<PickleValue, PickleValue>();
      memo.set(v, m);
      for (const [k, x] of v) m.set(convert(k, d), convert(x, d));
      return m;
    } else if (v instanceof Set) {
      const s = new Set<PickleValue>();
      memo.set(v, s);
      for (const x of v) s.add(convert(x, d));
      return s;
    } else if (v instanceof Uint8Array) {
      out = v;
    } else if (isPlainObject(v)) {
      const m = new Map<PickleValue, PickleValue>();
      memo.set(v, m);
      for (const [k, x] of Object.entries(v)) m.set(str(k), convert(x, d));
      return m;
    } else {
      throw new PicklingError(`cannot save an instance of ${(v as object).constructor?.name ?? 'Object'}`);
    }
    memo.set(v, out);
    return out;
  };

  /** `_metadata` maps prefixes to {'version': n}; 'version' is one interned literal in torch. */
  const convertMetadata = (md: OrderedDictRecord, depth: number): PickleValue => {
    const seen = memo.get(md);
    if (seen !== undefined) return seen;
    const items: Array<[PickleValue, PickleValue]> = [];
    const out = new PickleReduce(global('collections', 'OrderedDict'), new PyTuple(), { dictItems: items });
    memo.set(md, out);
    for (const [prefix, info] of md.entries) {
      // Prefixes are built at run time by torch ('' + name, 'fc.'[:-1]): fresh strings.
      const key = typeof prefix === 'string' ? prefix : convert(prefix, depth + 1);
      items.push([key, convert(info, depth + 1)]);
    }
    return out;
  };

  const ast = convert(root, 0);
  return { ast, storages };
}
