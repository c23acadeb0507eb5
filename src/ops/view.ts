// Ops that return views (same storage, new shape/strides/offset) and the shape-only copies built on
// them: view, reshape, flatten, unflatten, squeeze, unsqueeze, transpose, t, permute, movedim,
// expand, narrow, select, chunk, split, unbind, flip, repeat, contiguous.
import { Tensor } from '../tensor/tensor.js';
import {
  contiguousStrides, formatShape, inferShape, normalizeDim, numelOf, shapeFromArgs, shapesEqual,
} from '../tensor/shape.js';
import type { TypedArray } from '../tensor/dtype.js';
import { gatherStrided } from '../tensor/strided.js';
import { needsGrad, recordOp } from '../autograd/function.js';
import { gradMode } from '../autograd/grad_mode.js';
import { isOptions, type Options } from './options.js';

/** A tensor reading `x`'s storage with another geometry. */
export function makeView(x: Tensor, shape: number[], strides: number[], offset: number): Tensor {
  const v = new Tensor(x._data, shape, x.dtype, strides, offset, x._version);
  v._base = x._base ?? x;
  if (gradMode.enabled) v._viewVersion = x._version.version;
  return v;
}

export function contiguous(x: Tensor): Tensor {
  if (x._contiguous) return x;
  return cloneData(x, 'CloneBackward0');
}

/** A contiguous copy; differentiable (the gradient passes through unchanged). */
export function cloneData(x: Tensor, name = 'CloneBackward0'): Tensor {
  const out = new (x.dtype.ArrayType)(x.numel()) as TypedArray;
  gatherStrided(x._data, x._shape, x._strides, x._offset, out);
  const r = new Tensor(out, x._shape.slice(), x.dtype);
  if (needsGrad(x)) recordOp(r, name, [x], (g) => [g]);
  return r;
}

/** Strides for viewing `x` as `shape` without copying, or null when the layout does not allow it. */
function viewStrides(x: Tensor, shape: number[]): number[] | null {
  if (x._contiguous) return contiguousStrides(shape);
  // Group old dims into runs that are contiguous among themselves, then map new dims onto runs.
  const oldShape = x._shape;
  const oldStrides = x._strides;
  const newStrides = new Array<number>(shape.length);
  let viewD = shape.length - 1;
  let chunkBase = oldStrides[oldStrides.length - 1] ?? 1;
  let tensorNumel = 1;
  let viewNumel = 1;
  for (let d = oldShape.length - 1; d >= 0; d--) {
    tensorNumel *= oldShape[d];
    if (d === 0 || (oldShape[d - 1] !== 1 && oldStrides[d - 1] !== tensorNumel * chunkBase)) {
      while (viewD >= 0 && (viewNumel < tensorNumel || shape[viewD] === 1)) {
        newStrides[viewD] = viewNumel * chunkBase;
        viewNumel *= shape[viewD];
        viewD--;
      }
      if (viewNumel !== tensorNumel) return null;
      if (d > 0) {
        chunkBase = oldStrides[d - 1];
        tensorNumel = 1;
        viewNumel = 1;
      }
    }
  }
  if (viewD !== -1) return null;
  return newStrides;
}

/** `x` seen as `shape` (strides already known to fit), recorded as the graph node `name`. */
function reshapedView(x: Tensor, shape: number[], strides: number[], name: string): Tensor {
  const v = makeView(x, shape, strides, x._offset);
  if (needsGrad(x)) {
    const inShape = x._shape;
    recordOp(v, name, [x], (g) => [g.reshape(inShape)]);
  }
  return v;
}

export function view(x: Tensor, ...args: unknown[]): Tensor {
  const shape = inferShape(shapeFromArgs(args), x.numel());
  const strides = viewStrides(x, shape);
  if (strides === null) {
    throw new RangeError(
      'view size is not compatible with input tensor\'s size and stride (at least one dimension spans across ' +
        'two contiguous subspaces). Use .reshape(...) instead.',
    );
  }
  return reshapedView(x, shape, strides, 'ViewBackward0');
}

/** A view when the layout allows one, else a copy (PyTorch's node names for each case). */
export function reshape(x: Tensor, ...args: unknown[]): Tensor {
  const shape = inferShape(shapeFromArgs(args), x.numel());
  const strides = viewStrides(x, shape);
  if (strides !== null) return reshapedView(x, shape, strides, 'ReshapeAliasBackward0');
  const copy = cloneData(x);
  return reshapedView(copy, shape, contiguousStrides(shape), 'UnsafeViewBackward0');
}

/** Internal: the contiguous `x` read as `shape`, recorded as PyTorch's `_unsafe_view`. */
export function unsafeView(x: Tensor, shape: number[]): Tensor {
  const c = x._contiguous ? x : cloneData(x);
  return reshapedView(c, shape, contiguousStrides(shape), 'UnsafeViewBackward0');
}

export function flatten(x: Tensor, startDim: number | Options = 0, endDim = -1): Tensor {
  if (isOptions(startDim)) {
    endDim = (startDim.endDim as number | undefined) ?? -1;
    startDim = (startDim.startDim as number | undefined) ?? 0;
  }
  const nd = x._shape.length;
  if (nd === 0) return reshape(x, [1]);
  const s = normalizeDim(startDim, nd);
  const e = normalizeDim(endDim, nd);
  if (s > e) throw new RangeError('flatten() has invalid args: start_dim cannot come after end_dim');
  if (s === e) return x;
  const shape = [...x._shape.slice(0, s), numelOf(x._shape.slice(s, e + 1)), ...x._shape.slice(e + 1)];
  return reshape(x, shape);
}

export function unflatten(x: Tensor, dim: number, sizes: number[]): Tensor {
  const d = normalizeDim(dim, x._shape.length);
  const inner = inferShape(sizes, x._shape[d]);
  return view(x, [...x._shape.slice(0, d), ...inner, ...x._shape.slice(d + 1)]);
}

export function unsqueeze(x: Tensor, dim: number): Tensor {
  const nd = x._shape.length;
  const d = normalizeDim(dim, nd + 1);
  const shape = x._shape.slice();
  const strides = x._strides.slice();
  const st = d < nd ? shape[d] * strides[d] : 1;
  shape.splice(d, 0, 1);
  strides.splice(d, 0, st);
  const v = makeView(x, shape, strides, x._offset);
  if (needsGrad(x)) recordOp(v, 'UnsqueezeBackward0', [x], (g) => [g.squeezeDims([d])]);
  return v;
}

/** Removes the given size-1 dims (others are left alone, as PyTorch does). */
function squeezeList(x: Tensor, dims: number[], name: string): Tensor {
  const drop = new Set(dims.filter((d) => x._shape[d] === 1));
  if (drop.size === 0 && x._shape.length > 0) {
    const v0 = makeView(x, x._shape.slice(), x._strides.slice(), x._offset);
    if (needsGrad(x)) recordOp(v0, name, [x], (g) => [g]);
    return v0;
  }
  const shape: number[] = [];
  const strides: number[] = [];
  x._shape.forEach((s, i) => {
    if (!drop.has(i)) {
      shape.push(s);
      strides.push(x._strides[i]);
    }
  });
  const v = makeView(x, shape, strides, x._offset);
  if (needsGrad(x)) {
    const inShape = x._shape;
    recordOp(v, name, [x], (g) => [g.reshape(inShape)]);
  }
  return v;
}

/** Internal: squeeze one dim, recorded under a given node name (PyTorch's variants differ by name only). */
export function squeezeNamed(x: Tensor, dim: number, name: string): Tensor {
  return squeezeList(x, [normalizeDim(dim, x._shape.length)], name);
}

export function squeeze(x: Tensor, dim?: number | number[]): Tensor {
  const nd = x._shape.length;
  if (dim === undefined) return squeezeList(x, Array.from({ length: nd }, (_, i) => i), 'SqueezeBackward0');
  const dims = (Array.isArray(dim) ? dim : [dim]).map((d) => normalizeDim(d, nd)).filter((d) => d < nd);
  return squeezeList(x, dims, 'SqueezeBackward1');
}

export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  const nd = x._shape.length;
  const a = normalizeDim(dim0, nd);
  const b = normalizeDim(dim1, nd);
  if (nd === 0) return x;
  const shape = x._shape.slice();
  const strides = x._strides.slice();
  [shape[a], shape[b]] = [shape[b], shape[a]];
  [strides[a], strides[b]] = [strides[b], strides[a]];
  const v = makeView(x, shape, strides, x._offset);
  if (needsGrad(x)) recordOp(v, 'TransposeBackward0', [x], (g) => [g.transpose(a, b)]);
  return v;
}

export function t(x: Tensor): Tensor {
  const nd = x._shape.length;
  if (nd > 2) throw new RangeError(`t() expects a tensor with <= 2 dimensions, but self is ${nd}D`);
  if (nd < 2) {
    const v = makeView(x, x._shape.slice(), x._strides.slice(), x._offset);
    if (needsGrad(x)) recordOp(v, 'TBackward0', [x], (g) => [g]);
    return v;
  }
  // A fresh row-major matrix has strides [cols, 1]; reading them off its shape spares making (and
  // keeping) its strides array, which backward's transposes of fresh products would otherwise do.
  const s = x._stridesOrNull;
  const s0 = s === null ? x._shape[1] : s[0];
  const s1 = s === null ? 1 : s[1];
  const v = makeView(x, [x._shape[1], x._shape[0]], [s1, s0], x._offset);
  if (needsGrad(x)) recordOp(v, 'TBackward0', [x], (g) => [g.t()]);
  return v;
}

export function permute(x: Tensor, ...args: unknown[]): Tensor {
  const nd = x._shape.length;
  const dims = shapeFromArgs(args).map((d) => normalizeDim(d, nd));
  if (dims.length !== nd) {
    throw new RangeError(
      `permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = ${nd} is not equal to len(dims) = ${dims.length}`,
    );
  }
  if (new Set(dims).size !== nd) throw new RangeError('permute(): duplicate dims are not allowed.');
  const v = makeView(x, dims.map((d) => x._shape[d]), dims.map((d) => x._strides[d]), x._offset);
  if (needsGrad(x)) {
    const inv = new Array<number>(nd);
    dims.forEach((d, i) => (inv[d] = i));
    recordOp(v, 'PermuteBackward0', [x], (g) => [g.permute(inv)]);
  }
  return v;
}

export function movedim(x: Tensor, source: number, destination: number): Tensor {
  const nd = x._shape.length;
  const s = normalizeDim(source, nd);
  const d = normalizeDim(destination, nd);
  const order = Array.from({ length: nd }, (_, i) => i).filter((i) => i !== s);
  order.splice(d, 0, s);
  return permute(x, order);
}

export function expand(x: Tensor, ...args: unknown[]): Tensor {
  const shape = shapeFromArgs(args);
  const nd = x._shape.length;
  if (shape.length < nd) {
    throw new RangeError(
      `expand(${x.type()}{${formatShape(x._shape)}}, size=${formatShape(shape)}): the number of sizes provided (${shape.length}) must be greater or equal to the number of dimensions in the tensor (${nd})`,
    );
  }
  const lead = shape.length - nd;
  const outShape = new Array<number>(shape.length);
  const strides = new Array<number>(shape.length);
  for (let i = 0; i < shape.length; i++) {
    const j = i - lead;
    const want = shape[i];
    if (j < 0) {
      if (want < 0) throw new RangeError(`expand: -1 is not allowed in a leading, non-existing dimension ${i}`);
      outShape[i] = want;
      strides[i] = 0;
      continue;
    }
    const have = x._shape[j];
    if (want === -1 || want === have) {
      outShape[i] = have;
      strides[i] = x._strides[j];
    } else if (have === 1) {
      outShape[i] = want;
      strides[i] = 0;
    } else {
      throw new RangeError(
        `The expanded size of the tensor (${want}) must match the existing size (${have}) at non-singleton dimension ${i}.  Target sizes: ${formatShape(shape)}.  Tensor sizes: ${formatShape(x._shape)}`,
      );
    }
  }
  const v = makeView(x, outShape, strides, x._offset);
  if (needsGrad(x)) {
    const inShape = x._shape;
    recordOp(v, 'ExpandBackward0', [x], (g) => [g.sumToSize(...inShape)]);
  }
  return v;
}

export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  const nd = x._shape.length;
  const d = normalizeDim(dim, nd);
  const size = x._shape[d];
  const s = start < 0 ? start + size : start;
  if (s < 0 || s > size) throw new RangeError(`start (${start}) is out of bounds for dimension ${d} of size ${size}`);
  if (length < 0 || s + length > size) {
    throw new RangeError(`start (${s}) + length (${length}) exceeds dimension size (${size}).`);
  }
  return sliceDim(x, d, s, s + length, 1);
}

/** x[..., start:end:step, ...] along one dim (bounds already clamped by the caller). */
export function sliceDim(x: Tensor, d: number, start: number, end: number, step: number, name = 'SliceBackward0'): Tensor {
  const shape = x._shape.slice();
  const strides = x._strides.slice();
  const len = Math.max(0, Math.ceil((end - start) / step));
  shape[d] = len;
  strides[d] = x._strides[d] * step;
  const v = makeView(x, shape, strides, x._offset + start * x._strides[d]);
  if (needsGrad(x)) {
    const inShape = x._shape;
    recordOp(v, name, [x], (g) => {
      const z = new Tensor(new (g.dtype.ArrayType)(numelOf(inShape)) as TypedArray, inShape.slice(), g.dtype);
      return [z.sliceScatter(g, d, start, end, step)];
    });
  }
  return v;
}

export function select(x: Tensor, dim: number, index: number, name = 'SelectBackward0'): Tensor {
  const nd = x._shape.length;
  if (nd === 0) throw new RangeError('select() cannot be applied to a 0-dim tensor.');
  const d = normalizeDim(dim, nd);
  const size = x._shape[d];
  if (!Number.isInteger(index) || index < -size || index >= size) {
    // PyTorch's wording for x[i] (select() itself words it differently; callers of both rely on this one).
    throw new RangeError(`index ${index} is out of bounds for dimension ${d} with size ${size}`);
  }
  const i = index < 0 ? index + size : index;
  const shape = x._shape.slice();
  const strides = x._strides.slice();
  shape.splice(d, 1);
  strides.splice(d, 1);
  const v = makeView(x, shape, strides, x._offset + i * x._strides[d]);
  if (needsGrad(x)) {
    const inShape = x._shape;
    recordOp(v, name, [x], (g) => {
      const z = new Tensor(new (g.dtype.ArrayType)(numelOf(inShape)) as TypedArray, inShape.slice(), g.dtype);
      return [z.sliceScatter(g.unsqueeze(d), d, i, i + 1, 1)];
    });
  }
  return v;
}

export function split(x: Tensor, splitSize: number | number[], dim = 0): Tensor[] {
  const d = normalizeDim(dim, x._shape.length);
  const size = x._shape[d];
  const sizes: number[] = [];
  const name = Array.isArray(splitSize) ? 'SplitWithSizesBackward0' : 'SplitBackward0';
  if (Array.isArray(splitSize)) {
    const total = splitSize.reduce((a, b) => a + b, 0);
    if (total !== size) {
      throw new RangeError(
        `split_with_sizes expects split_sizes to sum exactly to ${size} (input tensor's size at dimension ${d}), but got split_sizes=${formatShape(splitSize)}`,
      );
    }
    sizes.push(...splitSize);
  } else {
    if (!Number.isInteger(splitSize) || splitSize <= 0) {
      if (!(splitSize === 0 && size === 0)) throw new RangeError(`split_size can only be 0 if dimension size is 0, but got dimension size of ${size}`);
    }
    for (let s = 0; s < size; s += splitSize) sizes.push(Math.min(splitSize, size - s));
    if (sizes.length === 0) sizes.push(0);
  }
  const out: Tensor[] = [];
  let start = 0;
  for (const s of sizes) {
    out.push(sliceDim(x, d, start, start + s, 1, name));
    start += s;
  }
  return out;
}

export function chunk(x: Tensor, chunks: number, dim = 0): Tensor[] {
  if (!Number.isInteger(chunks) || chunks <= 0) throw new RangeError(`chunk expects \`chunks\` to be greater than 0, got: ${chunks}`);
  const d = normalizeDim(dim, x._shape.length);
  const each = Math.ceil(x._shape[d] / chunks);
  return split(x, Math.max(each, 1), d);
}

export function unbind(x: Tensor, dim = 0): Tensor[] {
  const d = normalizeDim(dim, x._shape.length);
  return Array.from({ length: x._shape[d] }, (_, i) => select(x, d, i, 'UnbindBackward0'));
}

export function flip(x: Tensor, dims: number | number[]): Tensor {
  const nd = x._shape.length;
  const ds = (Array.isArray(dims) ? dims : [dims]).map((d) => normalizeDim(d, nd));
  let offset = x._offset;
  const strides = x._strides.slice();
  for (const d of ds) {
    if (x._shape[d] > 0) offset += (x._shape[d] - 1) * strides[d];
    strides[d] = -strides[d];
  }
  // PyTorch's flip copies; reading through negative strides then gathering gives the same values.
  const out = new (x.dtype.ArrayType)(x.numel()) as TypedArray;
  gatherStrided(x._data, x._shape, strides, offset, out);
  const r = new Tensor(out, x._shape.slice(), x.dtype);
  if (needsGrad(x)) recordOp(r, 'FlipBackward0', [x], (g) => [g.flip(ds)]);
  return r;
}

export function repeat(x: Tensor, ...args: unknown[]): Tensor {
  const reps = shapeFromArgs(args);
  if (reps.length < x._shape.length) {
    throw new RangeError('Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor');
  }
  const lead = reps.length - x._shape.length;
  const xs = [...new Array<number>(lead).fill(1), ...x._shape];
  // Expand an interleaved view [r0, s0, r1, s1, ...] and fold it: one copy, no loops per repeat.
  const inter: number[] = [];
  const target: number[] = [];
  for (let i = 0; i < reps.length; i++) {
    inter.push(1, xs[i]);
    target.push(reps[i], xs[i]);
  }
  const outShape = reps.map((r, i) => r * xs[i]);
  const r = x.detach().reshape(inter).expand(target).contiguous().reshape(outShape);
  if (needsGrad(x)) {
    const inShape = x._shape;
    // Each input element's gradient is the sum over its copies: fold and sum the repeat dims.
    const repDims = reps.map((_, i) => 2 * i);
    recordOp(r, 'RepeatBackward0', [x], (g) => [g.reshape(target).sum(repDims).reshape(inShape)]);
  }
  return r;
}

export function tile(x: Tensor, ...args: unknown[]): Tensor {
  const reps = shapeFromArgs(args);
  const full = [...new Array<number>(Math.max(0, x._shape.length - reps.length)).fill(1), ...reps];
  return repeat(x, full);
}

export function asStrided(x: Tensor, size: number[], stride: number[], storageOffset?: number): Tensor {
  const off = storageOffset ?? x._offset;
  let maxIndex = off;
  for (let i = 0; i < size.length; i++) if (size[i] > 0) maxIndex += (size[i] - 1) * stride[i];
  if (maxIndex >= x._data.length && numelOf(size) > 0) {
    throw new RangeError(
      `setStorage: sizes ${formatShape(size)}, strides ${formatShape(stride)}, storage offset ${off} require a storage of at least ${maxIndex + 1} elements, but it has ${x._data.length}`,
    );
  }
  return makeView(x, size.slice(), stride.slice(), off);
}

// ---- Tensor methods --------------------------------------------------------------------------------

declare module '../tensor/tensor.js' {
  interface Tensor {
    view(...shape: (number | number[])[]): Tensor;
    viewAs(other: Tensor): Tensor;
    reshape(...shape: (number | number[])[]): Tensor;
    reshapeAs(other: Tensor): Tensor;
    flatten(startDim?: number | Options, endDim?: number): Tensor;
    unflatten(dim: number, sizes: number[]): Tensor;
    unsqueeze(dim: number): Tensor;
    squeeze(dim?: number | number[]): Tensor;
    squeezeDims(dims: number[]): Tensor;
    transpose(dim0: number, dim1: number): Tensor;
    swapaxes(dim0: number, dim1: number): Tensor;
    t(): Tensor;
    readonly T: Tensor;
    readonly mT: Tensor;
    permute(...dims: (number | number[])[]): Tensor;
    movedim(source: number, destination: number): Tensor;
    expand(...shape: (number | number[])[]): Tensor;
    expandAs(other: Tensor): Tensor;
    contiguous(): Tensor;
    narrow(dim: number, start: number, length: number): Tensor;
    select(dim: number, index: number): Tensor;
    split(splitSize: number | number[], dim?: number): Tensor[];
    chunk(chunks: number, dim?: number): Tensor[];
    unbind(dim?: number): Tensor[];
    flip(dims: number | number[]): Tensor;
    repeat(...reps: (number | number[])[]): Tensor;
    tile(...reps: (number | number[])[]): Tensor;
    asStrided(size: number[], stride: number[], storageOffset?: number): Tensor;
  }
}

const P = Tensor.prototype;
P.view = function (...s) { return view(this, ...s); };
P.viewAs = function (o) { return view(this, o._shape); };
P.reshape = function (...s) { return reshape(this, ...s); };
P.reshapeAs = function (o) { return reshape(this, o._shape); };
P.flatten = function (s, e) { return flatten(this, s, e); };
P.unflatten = function (d, s) { return unflatten(this, d, s); };
P.unsqueeze = function (d) { return unsqueeze(this, d); };
P.squeeze = function (d) { return squeeze(this, d); };
P.squeezeDims = function (dims) { return squeeze(this, dims); };
P.transpose = function (a, b) { return transpose(this, a, b); };
P.swapaxes = P.transpose;
P.t = function () { return t(this); };
Object.defineProperty(P, 'T', { get(this: Tensor) { return permute(this, this._shape.map((_, i) => this._shape.length - 1 - i)); } });
Object.defineProperty(P, 'mT', { get(this: Tensor) { return transpose(this, -2, -1); } });
P.permute = function (...d) { return permute(this, ...d); };
P.movedim = function (s, d) { return movedim(this, s, d); };
P.expand = function (...s) { return expand(this, ...s); };
P.expandAs = function (o) { return expand(this, o._shape); };
P.contiguous = function () { return contiguous(this); };
P.narrow = function (d, s, l) { return narrow(this, d, s, l); };
P.select = function (d, i) { return select(this, d, i); };
P.split = function (s, d) { return split(this, s, d); };
P.chunk = function (c, d) { return chunk(this, c, d); };
P.unbind = function (d) { return unbind(this, d); };
P.flip = function (d) { return flip(this, d); };
P.repeat = function (...r) { return repeat(this, ...r); };
P.tile = function (...r) { return tile(this, ...r); };
P.asStrided = function (s, st, o) { return asStrided(this, s, st, o); };
