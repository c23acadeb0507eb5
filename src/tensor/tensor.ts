// The Tensor: a typed-array storage seen through shape, strides and an offset, plus the autograd
// fields. Ops live in src/ops and add their methods to this class from there (one file per op
// family), so this file only holds what every op needs.
import { DType, float32, float64, int64, int32, bool, type TypedArray } from './dtype.js';
import { contiguousStrides, normalizeDim, numelOf } from './shape.js';
import { gatherStrided } from './strided.js';
import type { Node } from '../autograd/node.js';

/** Shared by a tensor and all its views: in-place writes bump it so backward can detect stale saves. */
export class VersionCounter {
  version = 0;
}

/** A tensor's version without creating its counter (a tensor that never had one is at version 0). */
export function versionOf(t: Tensor): number {
  const v = t._versionOrNull;
  return v === null ? 0 : v.version;
}

let formatter: ((t: Tensor) => string) | null = null;
/** The printer lives in format.ts; it registers itself here to keep this module free of it. */
export function setTensorFormatter(f: (t: Tensor) => string): void {
  formatter = f;
}

let viewRefresher: ((t: Tensor) => void) | null = null;
/**
 * Autograd registers how a view whose base was written in place re-derives its history, so that
 * reading `requiresGrad` or printing the view is up to date (the layer below cannot import it).
 */
export function setViewRefresher(f: (t: Tensor) => void): void {
  viewRefresher = f;
}

export class Tensor {
  /** The storage. Views share it; `_offset`/`_strides` say where this tensor's elements are. */
  _data: TypedArray;
  _shape: number[];
  /**
   * Strides, or null for a tensor made contiguous from its shape: most tensors are op results that
   * never need theirs, so `_strides` computes them on first use.
   */
  _stridesOrNull: number[] | null;
  _offset: number;
  readonly dtype: DType;
  _requiresGrad = false;
  /** Accumulated gradient (leaves, or non-leaves after retainGrad()). */
  grad: Tensor | null = null;
  /** The node that made this tensor (null for leaves). */
  gradFn: Node | null = null;
  /** Shared with views; null until a view, an in-place write or a saved-tensor check needs it. */
  _versionOrNull: VersionCounter | null;
  /** For views: the tensor whose storage this one reads (PyTorch's `._base`). */
  _base: Tensor | null = null;
  /**
   * For views made while grad mode was on: the version of the shared storage when this view's history
   * was last taken from its base (-1 otherwise). A later in-place write changes the version, and the
   * view's history is then re-derived from the base's.
   */
  _viewVersion = -1;
  _retainsGrad = false;
  _isParameter = false;
  /** Hooks on a leaf's gradient (`registerHook`); non-leaf hooks live on the node. */
  _hooks: ((grad: Tensor) => Tensor | void)[] | null = null;
  _contiguous: boolean;

  constructor(
    data: TypedArray,
    shape: number[],
    dtype: DType,
    strides?: number[],
    offset = 0,
    version?: VersionCounter,
  ) {
    this._data = data;
    this._shape = shape;
    this.dtype = dtype;
    this._offset = offset;
    if (strides === undefined) {
      this._stridesOrNull = null;
      this._contiguous = true;
    } else {
      this._stridesOrNull = strides;
      this._contiguous = isContiguousLayout(shape, strides);
    }
    this._versionOrNull = version ?? null;
  }

  get _strides(): number[] {
    return this._stridesOrNull ?? (this._stridesOrNull = contiguousStrides(this._shape));
  }
  set _strides(strides: number[]) {
    this._stridesOrNull = strides;
  }
  get _version(): VersionCounter {
    return this._versionOrNull ?? (this._versionOrNull = new VersionCounter());
  }

  /** A fresh contiguous tensor owning `data` (no copy). */
  static _fromData(data: TypedArray, shape: number[], dtype: DType): Tensor {
    return new Tensor(data, shape, dtype);
  }

  get shape(): number[] {
    return this._shape.slice();
  }
  get ndim(): number {
    return this._shape.length;
  }
  dim(): number {
    return this._shape.length;
  }
  numel(): number {
    return numelOf(this._shape);
  }
  nelement(): number {
    return numelOf(this._shape);
  }
  size(): number[];
  size(dim: number): number;
  size(dim?: number): number[] | number {
    if (dim === undefined) return this._shape.slice();
    return this._shape[normalizeDim(dim, this._shape.length)] ?? 1;
  }
  stride(): number[];
  stride(dim: number): number;
  stride(dim?: number): number[] | number {
    if (dim === undefined) return this._strides.slice();
    return this._strides[normalizeDim(dim, this._shape.length)] ?? 1;
  }
  storageOffset(): number {
    return this._offset;
  }
  isContiguous(): boolean {
    return this._contiguous;
  }
  elementSize(): number {
    return this.dtype.itemsize;
  }
  get isFloatingPoint(): boolean {
    return this.dtype.isFloatingPoint;
  }
  isFloatingPointType(): boolean {
    return this.dtype.isFloatingPoint;
  }
  get device(): string {
    return 'cpu';
  }
  get isCuda(): boolean {
    return false;
  }

  // ---- autograd fields -------------------------------------------------------------------

  get requiresGrad(): boolean {
    this._refreshHistory();
    return this._requiresGrad;
  }
  /** Brings a stale view's autograd history up to date (see setViewRefresher). */
  _refreshHistory(): void {
    if (this._viewVersion >= 0 && this._viewVersion !== this._version.version && viewRefresher !== null) viewRefresher(this);
  }
  set requiresGrad(v: boolean) {
    this.requiresGrad_(v);
  }
  requiresGrad_(requiresGrad = true): this {
    if (this.gradFn !== null && !requiresGrad) {
      throw new Error(
        'you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a ' +
          'subgraph that doesn\'t require differentiation use var_no_grad = var.detach().',
      );
    }
    if (requiresGrad && !this.dtype.isFloatingPoint) {
      throw new TypeError(`only Tensors of floating point dtype can require gradients (got ${this.dtype})`);
    }
    if (this.gradFn === null) this._requiresGrad = requiresGrad;
    return this;
  }
  get isLeaf(): boolean {
    return this.gradFn === null;
  }
  /** Keeps `.grad` for a non-leaf after backward, as PyTorch's retain_grad(). */
  retainGrad(): this {
    if (!this._requiresGrad) throw new Error("can't retain_grad on Tensor that has requires_grad=False");
    if (this.gradFn !== null) {
      this._retainsGrad = true;
      this.gradFn.retained = this;
    }
    return this;
  }
  get retainsGrad(): boolean {
    return this._retainsGrad;
  }
  /** A new tensor sharing storage, cut from the graph. */
  detach(): Tensor {
    const t = new Tensor(this._data, this._shape, this.dtype, this._stridesOrNull ?? undefined, this._offset, this._version);
    t._contiguous = this._contiguous;
    return t;
  }
  detach_(): this {
    if (this._base !== null && this._base._requiresGrad) {
      throw new Error("Can't detach views in-place. Use detach() instead.");
    }
    this.gradFn = null;
    this._requiresGrad = false;
    return this;
  }
  /** PyTorch's `.data`: the same values, detached; assigning swaps the storage in. */
  get data(): Tensor {
    return this.detach();
  }
  set data(t: Tensor) {
    if (!(t instanceof Tensor)) throw new TypeError('data must be a Tensor');
    if (t.dtype !== this.dtype) {
      throw new TypeError(`data set to a tensor of dtype ${t.dtype} but this tensor is ${this.dtype}`);
    }
    this._data = t._data;
    this._shape = t._shape.slice();
    this._strides = t._strides.slice();
    this._offset = t._offset;
    this._contiguous = t._contiguous;
  }

  // ---- element access ----------------------------------------------------------------------

  /** Elements in row-major order; the storage itself when that is already the layout (do not write to it). */
  _values(): TypedArray {
    const n = this.numel();
    if (this._contiguous) {
      if (this._offset === 0 && this._data.length === n) return this._data;
      return this._data.subarray(this._offset, this._offset + n) as TypedArray;
    }
    const out = new (this.dtype.ArrayType)(n) as TypedArray;
    gatherStrided(this._data, this._shape, this._strides, this._offset, out);
    return out;
  }

  /** A Python number from a one-element tensor. */
  item(): number {
    if (this.numel() !== 1) {
      throw new RangeError(`only one element tensors can be converted to Python scalars (this one has ${this.numel()})`);
    }
    const v = this._contiguous ? this._data[this._offset] : this._values()[0];
    return this.dtype === bool ? (v !== 0 ? (true as unknown as number) : (false as unknown as number)) : v;
  }

  /** Nested JS arrays (numbers; booleans for bool tensors), like PyTorch's tolist(). */
  toArray(): any {
    const flat = this._values();
    const isBool = this.dtype === bool;
    const shape = this._shape;
    if (shape.length === 0) return isBool ? flat[0] !== 0 : flat[0];
    let pos = 0;
    const build = (d: number): unknown[] => {
      const n = shape[d];
      const out = new Array(n);
      if (d === shape.length - 1) {
        for (let i = 0; i < n; i++) out[i] = isBool ? flat[pos++] !== 0 : flat[pos++];
      } else {
        for (let i = 0; i < n; i++) out[i] = build(d + 1);
      }
      return out;
    };
    return build(0);
  }
  tolist(): any {
    return this.toArray();
  }

  /** A fresh typed array of the elements in row-major order (int64 as BigInt64Array). */
  toTypedArray(): TypedArray | BigInt64Array {
    const v = this._values();
    if (this.dtype === int64) return BigInt64Array.from(v as Float64Array, (x) => BigInt(x));
    // `_values` may hand back the storage or a view of it; the caller gets its own copy.
    return v.buffer === this._data.buffer ? (v.slice() as TypedArray) : v;
  }

  toString(): string {
    if (!formatter) throw new Error('tensor printing is not loaded');
    return formatter(this);
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
  get [Symbol.toStringTag](): string {
    return 'Tensor';
  }
  /** `${t}` and `t + ''` print like String(t); arithmetic coercion of a 1-element tensor gives its value. */
  [Symbol.toPrimitive](hint: string): string | number {
    if (hint === 'number') return this.item();
    return this.toString();
  }

  // Type names PyTorch users write.
  type(): string {
    return legacyTypeName(this.dtype);
  }
}

export function isContiguousLayout(shape: readonly number[], strides: readonly number[]): boolean {
  // An empty tensor has no elements to be out of order (PyTorch calls it contiguous).
  for (let i = 0; i < shape.length; i++) if (shape[i] === 0) return true;
  let expected = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    if (shape[i] === 1) continue;
    if (strides[i] !== expected) return false;
    expected *= shape[i];
  }
  return true;
}

export function legacyTypeName(d: DType): string {
  const names: Record<string, string> = {
    float32: 'torch.FloatTensor',
    float64: 'torch.DoubleTensor',
    int64: 'torch.LongTensor',
    int32: 'torch.IntTensor',
    int16: 'torch.ShortTensor',
    int8: 'torch.CharTensor',
    uint8: 'torch.ByteTensor',
    bool: 'torch.BoolTensor',
  };
  return names[d.name];
}

export type Scalar = number | boolean | bigint;
export type TensorLike = Tensor | Scalar;

export function isTensor(x: unknown): x is Tensor {
  return x instanceof Tensor;
}

// Re-exported for convenience of op files.
export { float32, float64, int64, int32, bool };
