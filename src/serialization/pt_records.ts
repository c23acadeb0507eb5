/**
 * Neutral records for what a torch.save file holds. They know nothing of torchlet's Tensor or
 * Module: the tensor layer turns a TensorRecord into a Tensor (and back) in a thin adapter, and the
 * nn layer rebuilds modules from ObjectRecords.
 */
import { PtFormatError } from './errors.js';
import type { PickleGlobal } from './pickle/ast.js';
import type { PyFloat, PyTuple } from './pickle/py_values.js';

/** The dtypes a .pt storage can hold here, by torch's names (torch.float32 -> 'float32'). */
export type PtDtypeName =
  | 'float32'
  | 'float64'
  | 'float16'
  | 'bfloat16'
  | 'int64'
  | 'int32'
  | 'int16'
  | 'int8'
  | 'uint8'
  | 'bool';

interface DtypeInfo {
  /** The legacy storage class torch.save names in the persistent id (`torch.FloatStorage`). */
  readonly storageClass: string;
  readonly itemSize: number;
}

export const PT_DTYPES: Readonly<Record<PtDtypeName, DtypeInfo>> = {
  float32: { storageClass: 'FloatStorage', itemSize: 4 },
  float64: { storageClass: 'DoubleStorage', itemSize: 8 },
  float16: { storageClass: 'HalfStorage', itemSize: 2 },
  bfloat16: { storageClass: 'BFloat16Storage', itemSize: 2 },
  int64: { storageClass: 'LongStorage', itemSize: 8 },
  int32: { storageClass: 'IntStorage', itemSize: 4 },
  int16: { storageClass: 'ShortStorage', itemSize: 2 },
  int8: { storageClass: 'CharStorage', itemSize: 1 },
  uint8: { storageClass: 'ByteStorage', itemSize: 1 },
  bool: { storageClass: 'BoolStorage', itemSize: 1 },
};

const DTYPE_BY_STORAGE_CLASS = new Map<string, PtDtypeName>(
  (Object.keys(PT_DTYPES) as PtDtypeName[]).map((d) => [PT_DTYPES[d].storageClass, d]),
);

/** `FloatStorage` -> 'float32'; undefined for storage classes this layer does not hold (complex ones). */
export function dtypeForStorageClass(storageClass: string): PtDtypeName | undefined {
  return DTYPE_BY_STORAGE_CLASS.get(storageClass);
}

export function isPtDtypeName(v: unknown): v is PtDtypeName {
  return typeof v === 'string' && Object.prototype.hasOwnProperty.call(PT_DTYPES, v);
}

export function itemSizeOf(dtype: PtDtypeName): number {
  return PT_DTYPES[dtype].itemSize;
}

/**
 * One storage: the raw little-endian bytes behind one or more tensors. Tensors that share storage
 * share the same StorageRecord object, on reading and on writing.
 */
export class StorageRecord {
  /**
   * @param key The record name under `data/` it was read from. On writing, keys are reassigned
   *   ('0', '1', ... in order of first use, as torch.save does), so this is informational there.
   */
  constructor(
    public key: string,
    public dtype: PtDtypeName,
    public bytes: Uint8Array,
    /** The device torch.save recorded ('cpu', 'cuda:0'); torch.load's map_location rewrites it. */
    public location = 'cpu',
  ) {}

  /** Number of elements (`bytes.length / itemSize`). */
  get numel(): number {
    return this.bytes.length / PT_DTYPES[this.dtype].itemSize;
  }
}

export interface TensorRecordInit {
  storage: StorageRecord;
  shape: readonly number[];
  /** Element strides; default: contiguous (row-major) for `shape`. */
  strides?: readonly number[];
  /** In elements; default 0. */
  storageOffset?: number;
  requiresGrad?: boolean;
}

/** A tensor: a strided view (offset, shape, strides, all in elements) of a storage. */
export class TensorRecord {
  storage: StorageRecord;
  storageOffset: number;
  shape: number[];
  strides: number[];
  requiresGrad: boolean;

  constructor(init: TensorRecordInit) {
    this.storage = init.storage;
    this.storageOffset = init.storageOffset ?? 0;
    this.shape = [...init.shape];
    this.strides = init.strides ? [...init.strides] : contiguousStrides(init.shape);
    this.requiresGrad = init.requiresGrad ?? false;
  }

  get dtype(): PtDtypeName {
    return this.storage.dtype;
  }

  get numel(): number {
    return this.shape.reduce((a, b) => a * b, 1);
  }

  /**
   * Throws unless the geometry is well-formed and lies inside the storage, so an adapter can index
   * the storage without bounds checks. (torch's own check, in `set_`, has the same wording.)
   */
  validate(): void {
    const { shape, strides, storageOffset: offset } = this;
    const bad = (what: string): PtFormatError => new PtFormatError(`invalid tensor record: ${what}`);
    if (!isPtDtypeName(this.storage.dtype)) throw bad(`unknown dtype ${String(this.storage.dtype)}`);
    if (this.storage.bytes.length % itemSizeOf(this.storage.dtype) !== 0) {
      throw bad(`storage of ${this.storage.bytes.length} bytes is not a whole number of ${this.storage.dtype} elements`);
    }
    if (shape.length !== strides.length) {
      throw bad(`shape [${shape.join(', ')}] and strides [${strides.join(', ')}] differ in length`);
    }
    if (!Number.isSafeInteger(offset) || offset < 0) throw bad(`storage offset ${offset} must be a non-negative integer`);
    let numel = 1;
    let extent = 0;
    for (let i = 0; i < shape.length; i++) {
      const n = shape[i]!;
      const s = strides[i]!;
      if (!Number.isSafeInteger(n) || n < 0) throw bad(`size ${n} in shape [${shape.join(', ')}] must be a non-negative integer`);
      if (!Number.isSafeInteger(s) || s < 0) throw bad(`stride ${s} in strides [${strides.join(', ')}] must be a non-negative integer`);
      numel *= n;
      extent += (n - 1) * s;
    }
    if (!Number.isSafeInteger(numel)) throw bad(`shape [${shape.join(', ')}] has too many elements`);
    const storageNumel = this.storage.numel;
    if (numel > 0 && !(offset + extent < storageNumel)) {
      const itemSize = itemSizeOf(this.storage.dtype);
      throw new PtFormatError(
        `setStorage: sizes [${shape.join(', ')}], strides [${strides.join(', ')}], storage offset ${offset}, ` +
          `and itemsize ${itemSize} requiring a storage size of ${(offset + extent + 1) * itemSize} ` +
          `are out of bounds for storage of size ${storageNumel * itemSize}`,
      );
    }
  }
}

/** torch.nn.Parameter: a tensor plus its own requires_grad (True unless frozen). */
export class ParameterRecord {
  constructor(
    public tensor: TensorRecord,
    public requiresGrad = true,
  ) {}
}

/**
 * collections.OrderedDict, the type of every state_dict. `metadata` is the state_dict's
 * `_metadata` attribute (module prefix -> {'version': n}); other instance attributes, rare, are
 * kept in `attributes`.
 */
export class OrderedDictRecord {
  entries: Map<PtValue, PtValue>;
  metadata: OrderedDictRecord | undefined;
  attributes: Map<string, PtValue>;

  constructor(
    entries: Iterable<readonly [PtValue, PtValue]> = [],
    metadata?: OrderedDictRecord,
    attributes?: Iterable<readonly [string, PtValue]>,
  ) {
    this.entries = new Map(entries as Iterable<[PtValue, PtValue]>);
    this.metadata = metadata;
    this.attributes = new Map(attributes as Iterable<[string, PtValue]> | undefined);
  }
}

/**
 * An instance of some other allowed class, kept as data: `module.name`, how it was created
 * ('newobj': `cls.__new__(cls, *args)`, how modules are pickled; 'reduce': `cls(*args)`), and
 * the state BUILD gave it (for an nn.Module, its `__dict__` as a Map of attribute -> value).
 */
export class ObjectRecord {
  constructor(
    public module: string,
    public name: string,
    public state: PtValue | undefined = undefined,
    public args: PtValue[] = [],
    public via: 'newobj' | 'reduce' = 'newobj',
  ) {}

  get qualifiedName(): string {
    return `${this.module}.${this.name}`;
  }
}

/** Everything readPt can return and writePt can write. */
export type PtValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | PyFloat
  | PyTuple<PtValue>
  | PtValue[]
  | Map<PtValue, PtValue>
  | Set<PtValue>
  | PtDict
  | StorageRecord
  | TensorRecord
  | ParameterRecord
  | OrderedDictRecord
  | ObjectRecord
  | PickleGlobal;

/** A plain object is written as a Python dict with string keys (readPt always gives Maps). */
export interface PtDict {
  [key: string]: PtValue;
}

export function contiguousStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= Math.max(1, shape[i]!);
  }
  return strides;
}
