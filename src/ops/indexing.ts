// Python-style indexing and its relatives: `x.index(...)` (x[...]), `x.indexPut_([...], v)`
// (x[...] = v), gather, scatter, scatterAdd, indexSelect, maskedFill, maskedSelect, nonzero,
// sliceScatter. Basic indices (numbers, slices, null, '...') give views; tensor indices copy.
import { bool, int64, type TypedArray, castValue } from '../tensor/dtype.js';
import { Tensor, type Scalar, type TensorLike } from '../tensor/tensor.js';
import { broadcastShapesMany, broadcastStrides, formatShape, normalizeDim, numelOf, shapesEqual } from '../tensor/shape.js';
import { gatherStrided } from '../tensor/strided.js';
import { anyNeedsGrad, needsGrad, recordOp, checkInPlace, makeNode, commitInPlace } from '../autograd/function.js';
import { makeView, sliceDim } from './view.js';
import { writeInPlace } from './elementwise_core.js';
import { describe, isScalar, scalarValue, scalarTensor } from './util.js';
import { sumTo } from './reduce.js';
import { where } from './compare.js';
import { isOptions, type Options } from './options.js';

export type IndexArg = number | string | null | Tensor | number[] | boolean[] | boolean;

interface Advanced {
  /** Dim of the basic-indexed view this index applies to. */
  dim: number;
  index: Tensor; // int64, already bounds-checked
}

interface Resolved {
  view: Tensor;
  advanced: Advanced[];
}

function parseSlice(s: string, size: number, dim: number): [number, number, number] {
  const parts = s.split(':');
  if (parts.length < 2 || parts.length > 3) throw new SyntaxError(`invalid slice '${s}' for dimension ${dim}`);
  const num = (p: string | undefined): number | null => {
    if (p === undefined || p.trim() === '') return null;
    const v = Number(p);
    if (!Number.isInteger(v)) throw new SyntaxError(`invalid slice '${s}': '${p}' is not an integer`);
    return v;
  };
  const step = num(parts[2]) ?? 1;
  if (step <= 0) throw new RangeError('step must be greater than zero');
  const clamp = (v: number | null, dflt: number): number => {
    if (v === null) return dflt;
    if (v < 0) v += size;
    return Math.min(Math.max(v, 0), size);
  };
  const start = clamp(num(parts[0]), 0);
  const end = Math.max(start, clamp(num(parts[1]), size));
  return [start, end, step];
}

function asIndexTensor(a: IndexArg): Tensor | null {
  if (a instanceof Tensor) return a;
  if (Array.isArray(a)) {
    if (a.length > 0 && typeof a[0] === 'boolean') return new Tensor(Uint8Array.from(a as boolean[], (b) => (b ? 1 : 0)), [a.length], bool);
    for (const v of a) {
      if (typeof v !== 'number' || !Number.isInteger(v)) throw new TypeError(`index arrays must hold integers, got ${String(v)}`);
    }
    return new Tensor(Float64Array.from(a as number[]), [a.length], int64);
  }
  return null;
}

function consumed(a: IndexArg): number {
  if (a === null || a === '...') return 0;
  if (typeof a === 'boolean') return 0;
  const t = asIndexTensor(a);
  if (t !== null && (t.dtype === bool || t.dtype.name === 'uint8')) return t.dim();
  return 1;
}

/** Applies basic indexing and collects the advanced indices with the view dims they address. */
function resolve(x: Tensor, args: IndexArg[]): Resolved {
  const ell = args.filter((a) => a === '...').length;
  if (ell > 1) throw new SyntaxError('an index can only have a single ellipsis (\'...\')');
  const used = args.reduce<number>((s, a) => s + consumed(a), 0);
  if (used > x.dim()) {
    throw new RangeError(`too many indices for tensor of dimension ${x.dim()}`);
  }
  let v = x;
  let d = 0; // current dim in v
  const adv: Advanced[] = [];
  for (const a of args) {
    if (a === '...') {
      d += x.dim() - used;
      continue;
    }
    if (a === null) {
      v = v.unsqueeze(d);
      d++;
      continue;
    }
    if (typeof a === 'boolean') {
      // x[True] adds a dim of size 1, x[False] one of size 0, as in NumPy/PyTorch.
      v = v.unsqueeze(d);
      if (!a) v = sliceDim(v, d, 0, 0, 1);
      d++;
      continue;
    }
    if (typeof a === 'number') {
      if (!Number.isInteger(a)) throw new TypeError(`only integers, slices, null, '...' and tensors are valid indices (got ${a})`);
      const size = v._shape[d];
      if (a < -size || a >= size) throw new RangeError(`index ${a} is out of bounds for dimension ${d} with size ${size}`);
      v = v.select(d, a);
      continue;
    }
    if (typeof a === 'string') {
      const [s, e, st] = parseSlice(a, v._shape[d], d);
      if (!(s === 0 && e === v._shape[d] && st === 1)) v = sliceDim(v, d, s, e, st);
      d++;
      continue;
    }
    const t = asIndexTensor(a);
    if (t === null) throw new TypeError(`invalid index of type ${describe(a)}`);
    if (t.dtype === bool || t.dtype.name === 'uint8') {
      const k = t.dim();
      for (let j = 0; j < k; j++) {
        if (t._shape[j] !== v._shape[d + j]) {
          throw new RangeError(
            `The shape of the mask ${formatShape(t._shape)} at index ${j} does not match the shape of the indexed tensor ${formatShape(v._shape)} at index ${d + j}`,
          );
        }
      }
      const nz = nonzeroColumns(t);
      for (let j = 0; j < k; j++) adv.push({ dim: d + j, index: nz[j] });
      d += k;
      continue;
    }
    if (t.dtype !== int64) {
      throw new TypeError(`tensors used as indices must be long, byte or bool tensors (got ${t.dtype})`);
    }
    const size = v._shape[d];
    const vals = t._values();
    const fixed = new Float64Array(vals.length);
    for (let i = 0; i < vals.length; i++) {
      let iv = vals[i];
      if (iv < -size || iv >= size) throw new RangeError(`index ${iv} is out of bounds for dimension ${d} with size ${size}`);
      if (iv < 0) iv += size;
      fixed[i] = iv;
    }
    adv.push({ dim: d, index: new Tensor(fixed, t._shape.slice(), int64) });
    d++;
  }
  return { view: v, advanced: adv };
}

interface Plan {
  shape: number[];
  /** Storage offset in view.data of every result element, row-major. */
  offsets: Float64Array;
}

/** Where each element of an advanced-indexing result lives in the view's storage. */
function plan(view: Tensor, adv: Advanced[]): Plan {
  const bShape = broadcastShapesMany(adv.map((a) => a.index._shape));
  const bN = numelOf(bShape);
  const idx = adv.map((a) => {
    const out = new Float64Array(bN);
    gatherStrided(a.index._data, bShape, broadcastStrides(a.index._shape, a.index._strides, bShape), a.index._offset, out);
    return out;
  });
  const advDims = new Set(adv.map((a) => a.dim));
  const rest: number[] = [];
  for (let i = 0; i < view.dim(); i++) if (!advDims.has(i)) rest.push(i);
  const sorted = adv.map((a) => a.dim);
  const adjacent = sorted.every((v, i) => i === 0 || v === sorted[i - 1] + 1);
  // Result dims: each is a broadcast dim ('b', index into bShape) or a remaining view dim ('r').
  const layout: { kind: 'b' | 'r'; i: number }[] = [];
  if (adjacent) {
    const first = sorted[0];
    for (const r of rest) if (r < first) layout.push({ kind: 'r', i: r });
    bShape.forEach((_, i) => layout.push({ kind: 'b', i }));
    for (const r of rest) if (r > first) layout.push({ kind: 'r', i: r });
  } else {
    bShape.forEach((_, i) => layout.push({ kind: 'b', i }));
    for (const r of rest) layout.push({ kind: 'r', i: r });
  }
  const shape = layout.map((l) => (l.kind === 'b' ? bShape[l.i] : view._shape[l.i]));
  const n = numelOf(shape);
  const offsets = new Float64Array(n);
  if (n === 0) return { shape, offsets };
  const bStrides = new Array<number>(bShape.length);
  for (let i = bShape.length - 1, s = 1; i >= 0; i--) {
    bStrides[i] = s;
    s *= bShape[i];
  }
  const advStride = adv.map((a) => view._strides[a.dim]);
  const counter = new Array<number>(shape.length).fill(0);
  for (let o = 0; o < n; o++) {
    let b = 0;
    let off = view._offset;
    for (let k = 0; k < layout.length; k++) {
      const l = layout[k];
      if (l.kind === 'b') b += counter[k] * bStrides[l.i];
      else off += counter[k] * view._strides[l.i];
    }
    for (let j = 0; j < adv.length; j++) off += idx[j][b] * advStride[j];
    offsets[o] = off;
    for (let k = shape.length - 1; k >= 0; k--) {
      if (++counter[k] < shape[k]) break;
      counter[k] = 0;
    }
  }
  return { shape, offsets };
}

function normalizeArgs(args: unknown[]): IndexArg[] {
  if (args.length === 1 && Array.isArray(args[0]) && (args[0] as unknown[]).some((a) => typeof a === 'string' || a === null || a instanceof Tensor || Array.isArray(a))) {
    return args[0] as IndexArg[];
  }
  return args as IndexArg[];
}

/** `x.index(...)`: Python's `x[...]`. */
export function indexOp(x: Tensor, ...rawArgs: unknown[]): Tensor {
  const args = normalizeArgs(rawArgs);
  const { view, advanced } = resolve(x, args);
  if (advanced.length === 0) return view === x ? makeAlias(x) : view;
  const p = plan(view, advanced);
  const out = new (x.dtype.ArrayType)(p.offsets.length) as TypedArray;
  const src = view._data;
  for (let i = 0; i < out.length; i++) out[i] = src[p.offsets[i]];
  const r = new Tensor(out, p.shape, x.dtype);
  if (needsGrad(x)) {
    const shape = x._shape;
    recordOp(r, 'IndexBackward0', [x], (g) => {
      const z = new Tensor(new (g.dtype.ArrayType)(numelOf(shape)) as TypedArray, shape.slice(), g.dtype);
      return [z.indexPut(args, g, true)];
    });
  }
  return r;
}

/** x[...] with no index at all is a view of the whole tensor. */
function makeAlias(x: Tensor): Tensor {
  const v = makeView(x, x._shape.slice(), x._strides.slice(), x._offset);
  if (needsGrad(x)) recordOp(v, 'AliasBackward0', [x], (g) => [g]);
  return v;
}

/** Writes (or adds) `values` at the positions the advanced indices select in `view`; no autograd. */
function putAdvanced(view: Tensor, advanced: Advanced[], values: Tensor, accumulate: boolean): void {
  const p = plan(view, advanced);
  const n = p.offsets.length;
  let vals: ArrayLike<number>;
  if (shapesEqual(values._shape, p.shape)) vals = values._values();
  else {
    const b = broadcastShapesOrNull(p.shape, values._shape);
    if (b === null || !shapesEqual(b, p.shape)) {
      throw new RangeError(`shape mismatch: value tensor of shape ${formatShape(values._shape)} cannot be broadcast to indexing result of shape ${formatShape(p.shape)}`);
    }
    const tmp = new Float64Array(n);
    gatherStrided(values._data, p.shape, broadcastStrides(values._shape, values._strides, p.shape), values._offset, tmp);
    vals = tmp;
  }
  const d = view._data;
  const dt = view.dtype;
  if (accumulate) for (let i = 0; i < n; i++) d[p.offsets[i]] = castValue(d[p.offsets[i]] + vals[i], dt);
  else for (let i = 0; i < n; i++) d[p.offsets[i]] = castValue(vals[i], dt);
  view._version.version++;
}

function broadcastShapesOrNull(a: number[], b: number[]): number[] | null {
  try {
    return broadcastShapesMany([a, b]);
  } catch {
    return null;
  }
}

/**
 * `x.indexPut_([...], v, accumulate?)`: Python's `x[...] = v` (and `index_put_`). As in PyTorch, the
 * basic part of the index (numbers, slices, null, '...') picks a view and the write goes into that
 * view, so a base with history gets a CopySlices node; tensor indices then write through index_put_.
 */
export function indexPut_(self: Tensor, indices: IndexArg[], values: TensorLike, accumulate = false): Tensor {
  if (!Array.isArray(indices)) throw new TypeError('indexPut_ expects the indices as an array, e.g. x.indexPut_([0, \':\'], v)');
  if (!(values instanceof Tensor) && !isScalar(values)) {
    throw new TypeError(`indexPut_(): values must be a Tensor or a number, got ${describe(values)}`);
  }
  const v = values instanceof Tensor ? values : scalarTensor(values as Scalar, self.dtype);
  // The in-place checks apply to what is written: the view that basic indexing picks.
  const { view, advanced } = resolve(self, indices);
  if (advanced.length === 0) {
    if (accumulate) view.add_(v);
    else view.copy_(v);
    return self;
  }
  checkInPlace(view);
  // The same selection expressed on the view alone, for the backward.
  const viewArgs: IndexArg[] = new Array<IndexArg>(view.dim()).fill(':');
  for (const a of advanced) viewArgs[a.dim] = a.index;
  const vShape = v._shape;
  const node = anyNeedsGrad([view, v])
    ? makeNode('IndexPutBackward0', [view, v], (g) => [
      accumulate ? g : g.indexPut(viewArgs, 0),
      v._requiresGrad ? sumTo(indexOp(g, ...viewArgs), vShape) : null,
    ])
    : null;
  putAdvanced(view, advanced, v, accumulate);
  if (node !== null) commitInPlace(view, node);
  return self;
}

/** Out-of-place index_put. */
export function indexPut(self: Tensor, indices: IndexArg[], values: TensorLike, accumulate = false): Tensor {
  const out = self.clone();
  return indexPut_(out, indices, values, accumulate);
}

// ---- gather / scatter ----------------------------------------------------------------------------

function checkIndexTensor(index: Tensor, op: string): void {
  if (!(index instanceof Tensor)) throw new TypeError(`${op}(): index must be a Tensor, got ${describe(index)}`);
  if (index.dtype !== int64 && index.dtype.name !== 'int32') {
    throw new TypeError(`${op}(): Expected dtype int64 for index`);
  }
}

/** For every element of `index`, its storage offset in `target` with dim `d` replaced by the index value. */
function scatterOffsets(target: Tensor, d: number, index: Tensor, op: string, checkShapeAgainst: Tensor | null): Float64Array {
  if (index.dim() !== target.dim()) {
    throw new RangeError(`Index tensor must have the same number of dimensions as ${op === 'gather' ? 'input' : 'self'} tensor`);
  }
  for (let i = 0; i < index.dim(); i++) {
    if (i !== d && index._shape[i] > target._shape[i]) {
      throw new RangeError(`Size does not match at dimension ${i} expected index ${formatShape(index._shape)} to be smaller than self ${formatShape(target._shape)} apart from dimension ${d}`);
    }
    if (checkShapeAgainst && index._shape[i] > checkShapeAgainst._shape[i]) {
      throw new RangeError(`Size does not match at dimension ${i} expected index ${formatShape(index._shape)} to be smaller than src ${formatShape(checkShapeAgainst._shape)}`);
    }
  }
  const iv = index._values();
  const n = iv.length;
  const out = new Float64Array(n);
  const shape = index._shape;
  const counter = new Array<number>(shape.length).fill(0);
  const size = target._shape[d];
  for (let o = 0; o < n; o++) {
    const v = iv[o];
    if (v < 0 || v >= size || !Number.isInteger(v)) {
      throw new RangeError(`index ${v} is out of bounds for dimension ${d} with size ${size}`);
    }
    let off = target._offset;
    for (let k = 0; k < shape.length; k++) off += (k === d ? v : counter[k]) * target._strides[k];
    out[o] = off;
    for (let k = shape.length - 1; k >= 0; k--) {
      if (++counter[k] < shape[k]) break;
      counter[k] = 0;
    }
  }
  return out;
}

export function gather(input: Tensor, dim: number, index: Tensor): Tensor {
  checkIndexTensor(index, 'gather');
  const d = normalizeDim(dim, input.dim());
  const offs = scatterOffsets(input, d, index, 'gather', null);
  const out = new (input.dtype.ArrayType)(offs.length) as TypedArray;
  for (let i = 0; i < offs.length; i++) out[i] = input._data[offs[i]];
  const r = new Tensor(out, index._shape.slice(), input.dtype);
  if (needsGrad(input)) {
    const shape = input._shape;
    recordOp(r, 'GatherBackward0', [input], (g) => {
      const z = new Tensor(new (g.dtype.ArrayType)(numelOf(shape)) as TypedArray, shape.slice(), g.dtype);
      return [z.scatterAdd(d, index, g)];
    });
  }
  return r;
}

type Reduce = 'add' | 'multiply' | undefined;

function scatterRaw(self: Tensor, d: number, index: Tensor, src: Tensor | number, reduce: Reduce, op: string): void {
  const offs = scatterOffsets(self, d, index, op, src instanceof Tensor ? src : null);
  const data = self._data;
  const dt = self.dtype;
  if (src instanceof Tensor) {
    // src is read at the index's positions (src may be larger than index).
    const sv = src.narrowTo(index._shape)._values();
    for (let i = 0; i < offs.length; i++) {
      const o = offs[i];
      data[o] = castValue(reduce === 'add' ? data[o] + sv[i] : reduce === 'multiply' ? data[o] * sv[i] : sv[i], dt);
    }
  } else {
    for (let i = 0; i < offs.length; i++) {
      const o = offs[i];
      data[o] = castValue(reduce === 'add' ? data[o] + src : reduce === 'multiply' ? data[o] * src : src, dt);
    }
  }
  self._version.version++;
}

function reduceOpt(o: unknown): Reduce {
  if (o === undefined) return undefined;
  const r = isOptions(o) ? (o as Options).reduce : o;
  if (r === undefined) return undefined;
  if (r !== 'add' && r !== 'multiply') throw new RangeError(`reduce argument must be either add or multiply, got ${String(r)}`);
  return r;
}

export function scatter_(self: Tensor, dim: number, index: Tensor, src: TensorLike, opts?: Options | string): Tensor {
  checkIndexTensor(index, 'scatter');
  checkInPlace(self);
  const d = normalizeDim(dim, self.dim());
  const reduce = reduceOpt(opts);
  if (reduce === 'multiply' && anyNeedsGrad([self, src instanceof Tensor ? src : null])) {
    throw new Error('the derivative for \'scatter\' with reduce=\'multiply\' is not implemented');
  }
  const srcT = src instanceof Tensor ? src : null;
  const s = srcT ?? scalarValue(src as Scalar);
  const node = anyNeedsGrad([self, srcT])
    ? makeNode(srcT ? 'ScatterBackward0' : 'ScatterBackward1', [self, srcT], (g) => [
      reduce === 'add' ? g : g.scatter(d, index, 0),
      srcT ? g.gather(d, index) : null,
    ])
    : null;
  scatterRaw(self, d, index, s, reduce, 'scatter');
  if (node !== null) commitInPlace(self, node);
  return self;
}

export function scatter(self: Tensor, dim: number, index: Tensor, src: TensorLike, opts?: Options | string): Tensor {
  return scatter_(self.clone(), dim, index, src, opts);
}

export function scatterAdd_(self: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  checkIndexTensor(index, 'scatter_add');
  checkInPlace(self);
  const d = normalizeDim(dim, self.dim());
  const node = anyNeedsGrad([self, src])
    ? makeNode('ScatterAddBackward0', [self, src], (g) => [g, src._requiresGrad ? g.gather(d, index) : null])
    : null;
  scatterRaw(self, d, index, src, 'add', 'scatter_add');
  if (node !== null) commitInPlace(self, node);
  return self;
}

export function scatterAdd(self: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  return scatterAdd_(self.clone(), dim, index, src);
}

export function indexSelect(input: Tensor, dim: number, index: Tensor): Tensor {
  if (!(index instanceof Tensor) || index.dim() > 1) {
    throw new RangeError('index_select(): Index is supposed to be a vector');
  }
  if (index.dtype !== int64 && index.dtype.name !== 'int32') throw new TypeError('index_select(): Expected dtype int32 or int64 for index');
  const d = normalizeDim(dim, input.dim());
  const args: IndexArg[] = [...new Array<IndexArg>(d).fill(':'), index.dtype === int64 ? index.reshape([-1]) : index.reshape([-1]).to(int64)];
  const r = indexOp(input.detach(), ...args);
  if (needsGrad(input)) {
    const shape = input._shape;
    recordOp(r, 'IndexSelectBackward0', [input], (g) => {
      const z = new Tensor(new (g.dtype.ArrayType)(numelOf(shape)) as TypedArray, shape.slice(), g.dtype);
      return [z.indexPut(args, g, true)];
    });
  }
  return r;
}

export function maskedFill(input: Tensor, mask: Tensor, value: TensorLike): Tensor {
  if (!(mask instanceof Tensor) || mask.dtype !== bool) {
    throw new TypeError(`masked_fill_ only supports boolean masks, but got mask with dtype ${mask instanceof Tensor ? mask.dtype.name : describe(mask)}`);
  }
  const v = value instanceof Tensor ? value : scalarValue(value as Scalar);
  if (v instanceof Tensor && v.dim() !== 0) {
    throw new RangeError(`masked_fill_ only supports a 0-dimensional value tensor, but got tensor with ${v.dim()} dimension(s).`);
  }
  const shape = broadcastShapesMany([input._shape, mask._shape]);
  if (!shapesEqual(shape, input._shape)) {
    throw new RangeError(`The size of the mask ${formatShape(mask._shape)} must be broadcastable to the input ${formatShape(input._shape)}`);
  }
  const fill = v instanceof Tensor ? v.detach().to(input.dtype) : castValue(v, input.dtype);
  const r = where(mask, fill as TensorLike, input.detach()) as Tensor;
  const vt = v instanceof Tensor ? v : null;
  if (anyNeedsGrad([input, vt])) recordOp(r, 'MaskedFillBackward0', [input, vt], maskedFillBackward(mask, vt));
  return r;
}

function maskedFillBackward(mask: Tensor, value: Tensor | null) {
  return (g: Tensor): (Tensor | null)[] => [
    g.maskedFill(mask, 0),
    value !== null && value._requiresGrad ? (where(mask, g, 0) as Tensor).sum() : null,
  ];
}

export function maskedFill_(self: Tensor, mask: Tensor, value: TensorLike): Tensor {
  checkInPlace(self);
  const vt = value instanceof Tensor ? value : null;
  const node = anyNeedsGrad([self, vt]) ? makeNode('MaskedFillBackward0', [self, vt], maskedFillBackward(mask, vt)) : null;
  writeInPlace(self, maskedFill(self.detach(), mask, vt ? vt.detach() : value));
  if (node !== null) commitInPlace(self, node);
  return self;
}

export function maskedSelect(input: Tensor, mask: Tensor): Tensor {
  if (!(mask instanceof Tensor) || mask.dtype !== bool) throw new TypeError('masked_select: expected BoolTensor for mask');
  const shape = broadcastShapesMany([input._shape, mask._shape]);
  const m = mask.expand(shape);
  const r = indexOp(input.detach().expand(shape), m);
  if (needsGrad(input)) {
    const inShape = input._shape;
    recordOp(r, 'MaskedSelectBackward0', [input], (g) => {
      const z = new Tensor(new (g.dtype.ArrayType)(numelOf(shape)) as TypedArray, shape.slice(), g.dtype);
      return [sumTo(z.indexPut([m], g), inShape)];
    });
  }
  return r;
}

/** Index tensors (one per dim) of the nonzero elements, in row-major order. */
function nonzeroColumns(t: Tensor): Tensor[] {
  const v = t._values();
  const nd = t.dim();
  let count = 0;
  for (let i = 0; i < v.length; i++) if (v[i] !== 0) count++;
  const cols = Array.from({ length: nd }, () => new Float64Array(count));
  const counter = new Array<number>(nd).fill(0);
  let c = 0;
  for (let i = 0; i < v.length; i++) {
    if (v[i] !== 0) {
      for (let k = 0; k < nd; k++) cols[k][c] = counter[k];
      c++;
    }
    for (let k = nd - 1; k >= 0; k--) {
      if (++counter[k] < t._shape[k]) break;
      counter[k] = 0;
    }
  }
  return cols.map((col) => new Tensor(col, [count], int64));
}

export function nonzero(t: Tensor, opts?: Options): Tensor | Tensor[] {
  const cols = nonzeroColumns(t);
  if (opts?.asTuple) return t.dim() === 0 ? [new Tensor(new Float64Array(t.item() ? 1 : 0), [t.item() ? 1 : 0], int64)] : cols;
  const n = cols[0]?._shape[0] ?? (t.item() ? 1 : 0);
  const out = new Float64Array(n * t.dim());
  for (let i = 0; i < n; i++) for (let k = 0; k < t.dim(); k++) out[i * t.dim() + k] = cols[k]._data[i];
  return new Tensor(out, [n, t.dim()], int64);
}

/** A copy of `input` with `input[..., start:end:step, ...] = src` along `dim`. */
export function sliceScatter(input: Tensor, src: Tensor, dim = 0, start?: number, end?: number, step = 1): Tensor {
  const d = normalizeDim(dim, input.dim());
  const s = start ?? 0;
  const e = end ?? input._shape[d];
  const out = input.detach().clone();
  writeInPlace(sliceDim(out, d, s, e, step), src.detach());
  if (anyNeedsGrad([input, src])) {
    recordOp(out, 'SliceScatterBackward0', [input, src], (g) => [
      input._requiresGrad ? g.sliceScatter(src.mul(0), d, s, e, step) : null,
      src._requiresGrad ? sliceDim(g, d, s, e, step) : null,
    ]);
  }
  return out;
}

/** The leading corner of `t` with the given shape (scatter reads src only where index has entries). */
function narrowTo(t: Tensor, shape: number[]): Tensor {
  let r = t;
  for (let i = 0; i < shape.length; i++) if (r._shape[i] !== shape[i]) r = r.narrow(i, 0, shape[i]);
  return r;
}

export function take(input: Tensor, idx: Tensor): Tensor {
  return indexOp(input.reshape([-1]), idx);
}

declare module '../tensor/tensor.js' {
  interface Tensor {
    index(...indices: IndexArg[]): Tensor;
    indexPut_(indices: IndexArg[], values: TensorLike, accumulate?: boolean): Tensor;
    indexPut(indices: IndexArg[], values: TensorLike, accumulate?: boolean): Tensor;
    gather(dim: number, index: Tensor): Tensor;
    scatter(dim: number, index: Tensor, src: TensorLike, opts?: Options | string): Tensor;
    scatter_(dim: number, index: Tensor, src: TensorLike, opts?: Options | string): Tensor;
    scatterAdd(dim: number, index: Tensor, src: Tensor): Tensor;
    scatterAdd_(dim: number, index: Tensor, src: Tensor): Tensor;
    indexSelect(dim: number, index: Tensor): Tensor;
    maskedFill(mask: Tensor, value: TensorLike): Tensor;
    maskedFill_(mask: Tensor, value: TensorLike): Tensor;
    maskedSelect(mask: Tensor): Tensor;
    nonzero(opts?: Options): Tensor | Tensor[];
    sliceScatter(src: Tensor, dim?: number, start?: number, end?: number, step?: number): Tensor;
    narrowTo(shape: number[]): Tensor;
    take(index: Tensor): Tensor;
  }
}

const P = Tensor.prototype;
P.index = function (...a) { return indexOp(this, ...a); };
P.indexPut_ = function (i, v, acc) { return indexPut_(this, i, v, acc); };
P.indexPut = function (i, v, acc) { return indexPut(this, i, v, acc); };
P.gather = function (d, i) { return gather(this, d, i); };
P.scatter = function (d, i, s, o) { return scatter(this, d, i, s, o); };
P.scatter_ = function (d, i, s, o) { return scatter_(this, d, i, s, o); };
P.scatterAdd = function (d, i, s) { return scatterAdd(this, d, i, s); };
P.scatterAdd_ = function (d, i, s) { return scatterAdd_(this, d, i, s); };
P.indexSelect = function (d, i) { return indexSelect(this, d, i); };
P.maskedFill = function (m, v) { return maskedFill(this, m, v); };
P.maskedFill_ = function (m, v) { return maskedFill_(this, m, v); };
P.maskedSelect = function (m) { return maskedSelect(this, m); };
P.nonzero = function (o) { return nonzero(this, o); };
P.sliceScatter = function (s, d, a, b, st) { return sliceScatter(this, s, d, a, b, st); };
P.narrowTo = function (s) { return narrowTo(this, s); };
P.take = function (i) { return take(this, i); };
