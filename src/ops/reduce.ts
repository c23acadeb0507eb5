// Reductions over one or more dims (sum, mean, prod, max/min, argmax/argmin, var/std, norm,
// logsumexp, all/any) and the scans (cumsum, cumprod), with their backward formulas.
import { DType, bool, int64, float64, getDefaultDtype, type TypedArray } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import { normalizeDim, numelOf, shapesEqual, formatShape } from '../tensor/shape.js';
import { gatherStrided } from '../tensor/strided.js';
import { needsGrad, recordOp } from '../autograd/function.js';
import { gradMode } from '../autograd/grad_mode.js';
import { isOptions, optDtype, type Options } from './options.js';
import { namedTuple, type NamedTuple } from './named_tuple.js';
import { zerosOf } from './util.js';
import { allocStorage, scratchFloat64 } from '../tensor/storage.js';

export type Dims = number | number[] | null | undefined;

interface Layout {
  /** Values ordered so that each output's reduced elements are consecutive. */
  vals: TypedArray;
  outer: number;
  inner: number;
  outShape: number[];
  keptShape: number[];
  dims: number[];
}

export function normalizeDims(dims: Dims, ndim: number): number[] {
  if (dims === null || dims === undefined) return Array.from({ length: ndim }, (_, i) => i);
  const list = Array.isArray(dims) ? dims : [dims];
  const out = list.map((d) => normalizeDim(d, ndim));
  if (new Set(out).size !== out.length) throw new RangeError(`dim ${out.join(', ')} appears multiple times in the list of dims`);
  return out.filter((d) => d < ndim).sort((a, b) => a - b);
}

/** Arranges `x` so that reducing `dims` is a loop over consecutive runs. */
function layout(x: Tensor, dims: Dims, keepdim: boolean): Layout {
  const nd = x._shape.length;
  const rd = normalizeDims(dims, nd);
  // An empty dims list reduces everything in PyTorch's sum(dim=[]) overloads.
  const reduced = Array.isArray(dims) && dims.length === 0 ? Array.from({ length: nd }, (_, i) => i) : rd;
  const isRed = new Array<boolean>(nd).fill(false);
  for (const d of reduced) isRed[d] = true;
  const kept: number[] = [];
  for (let d = 0; d < nd; d++) if (!isRed[d]) kept.push(d);
  const order = kept.concat(reduced);
  let inner = 1;
  for (const d of reduced) inner *= x._shape[d];
  const outer = numelOf(kept.map((d) => x._shape[d]));
  const keptShape = x._shape.map((s, d) => (isRed[d] ? 1 : s));
  const outShape = keepdim ? keptShape.slice() : kept.map((d) => x._shape[d]);
  let vals: TypedArray;
  const identity = order.every((d, i) => d === i);
  if (identity) vals = x._values();
  else {
    vals = new (x.dtype.ArrayType)(outer * inner) as TypedArray;
    gatherStrided(x._data, order.map((d) => x._shape[d]), order.map((d) => x._strides[d]), x._offset, vals);
  }
  return { vals, outer, inner, outShape, keptShape, dims: reduced };
}

/** Parses `(dim?, keepdim?, {dtype, keepdim})` as the reductions take them. */
function dimArgs(dim: unknown, keepdim: unknown, opts?: Options): [Dims, boolean, Options] {
  let o: Options = opts ?? {};
  if (isOptions(dim)) {
    o = dim;
    dim = o.dim;
  }
  if (isOptions(keepdim)) {
    o = keepdim;
    keepdim = undefined;
  }
  const kd = keepdim ?? o.keepdim ?? false;
  if (typeof kd !== 'boolean') throw new TypeError(`keepdim must be a boolean, got ${String(kd)}`);
  return [dim as Dims, kd, o];
}

/** Gradient of a reduction broadcast back over the reduced dims. */
function expandBack(g: Tensor, keptShape: number[], inputShape: number[]): Tensor {
  return g.reshape(keptShape).expand(inputShape);
}

// ---- sum / mean / prod -------------------------------------------------------------------------

/** The sum of all elements of a contiguous tensor, added in order in double precision as the general path does. */
function sumAll(x: Tensor): number {
  const d = x._data;
  const o = x._offset;
  const n = numelOf(x._shape);
  let s = 0;
  for (let i = 0; i < n; i++) s += d[o + i];
  return s;
}

export function sum(x: Tensor, dim?: Dims | Options, keepdim?: boolean | Options, opts?: Options): Tensor {
  if (dim === undefined && keepdim === undefined && opts === undefined && x._contiguous && x.dtype.isFloatingPoint) {
    const out = allocStorage(x.dtype, 1);
    out[0] = sumAll(x);
    const r = new Tensor(out, [], x.dtype);
    if (needsGrad(x)) {
      const shape = x._shape;
      const keptShape = shape.map(() => 1);
      recordOp(r, 'SumBackward0', [x], (g) => [expandBack(g, keptShape, shape)]);
    }
    return r;
  }
  const [d, kd, o] = dimArgs(dim, keepdim, opts);
  const outDtype = optDtype(o) ?? (x.dtype.isFloatingPoint ? x.dtype : int64);
  const L = layout(x, d, kd);
  const out = new (outDtype.ArrayType)(L.outer) as TypedArray;
  const v = L.vals;
  for (let i = 0, p = 0; i < L.outer; i++) {
    let s = 0;
    for (let j = 0; j < L.inner; j++) s += v[p++];
    out[i] = s;
  }
  const r = new Tensor(out, L.outShape, outDtype);
  if (needsGrad(x)) {
    const shape = x._shape;
    recordOp(r, 'SumBackward' + (d === undefined || d === null ? '0' : '1'), [x], (g) => [expandBack(g, L.keptShape, shape)]);
  }
  return r;
}

export function mean(x: Tensor, dim?: Dims | Options, keepdim?: boolean | Options, opts?: Options): Tensor {
  if (dim === undefined && keepdim === undefined && opts === undefined && x._contiguous && x.dtype.isFloatingPoint) {
    const n = numelOf(x._shape);
    const out = allocStorage(x.dtype, 1);
    out[0] = sumAll(x) / n;
    const r = new Tensor(out, [], x.dtype);
    if (needsGrad(x)) {
      const shape = x._shape;
      const keptShape = shape.map(() => 1);
      recordOp(r, 'MeanBackward0', [x], (g) => [expandBack(g.div(n), keptShape, shape)]);
    }
    return r;
  }
  const [d, kd, o] = dimArgs(dim, keepdim, opts);
  const outDtype = optDtype(o) ?? x.dtype;
  if (!outDtype.isFloatingPoint) {
    throw new TypeError(
      `mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: ${typeTitle(x.dtype)}`,
    );
  }
  const L = layout(x, d, kd);
  const out = new (outDtype.ArrayType)(L.outer) as TypedArray;
  const v = L.vals;
  for (let i = 0, p = 0; i < L.outer; i++) {
    let s = 0;
    for (let j = 0; j < L.inner; j++) s += v[p++];
    out[i] = s / L.inner;
  }
  const r = new Tensor(out, L.outShape, outDtype);
  if (needsGrad(x)) {
    const shape = x._shape;
    const n = L.inner;
    recordOp(r, 'MeanBackward' + (d === undefined || d === null ? '0' : '1'), [x], (g) => [
      expandBack(g.div(n), L.keptShape, shape),
    ]);
  }
  return r;
}

export function prod(x: Tensor, dim?: number | Options, keepdim?: boolean | Options, opts?: Options): Tensor {
  const [d, kd, o] = dimArgs(dim, keepdim, opts);
  const outDtype = optDtype(o) ?? (x.dtype.isFloatingPoint ? x.dtype : int64);
  const L = layout(x, d, kd);
  const out = new (outDtype.ArrayType)(L.outer) as TypedArray;
  const v = L.vals;
  // An integer product has no -0 (0 * -1 in doubles has).
  const zero = outDtype.isFloatingPoint ? -0 : 0;
  for (let i = 0, p = 0; i < L.outer; i++) {
    let s = 1;
    for (let j = 0; j < L.inner; j++) s *= v[p++];
    out[i] = s + zero;
  }
  const r = new Tensor(out, L.outShape, outDtype);
  if (needsGrad(x)) {
    const shape = x._shape;
    recordOp(r, 'ProdBackward' + (d === undefined || d === null ? '0' : '1'), [x], (g) => {
      // With createGraph the gradient must stay differentiable in x: prod / x, where no x is zero.
      if (gradMode.enabled && !hasZero(L.vals)) {
        return [expandBack(g.mul(r), L.keptShape, shape).div(x)];
      }
      // Product of the other elements, computed without dividing so zeros are handled.
      const others = new (x.dtype.ArrayType)(L.outer * L.inner) as TypedArray;
      for (let i = 0; i < L.outer; i++) {
        const base = i * L.inner;
        let left = 1;
        for (let j = 0; j < L.inner; j++) {
          others[base + j] = left;
          left *= L.vals[base + j];
        }
        let right = 1;
        for (let j = L.inner - 1; j >= 0; j--) {
          others[base + j] *= right;
          right *= L.vals[base + j];
        }
      }
      const o2 = unpermute(others, x, L.dims);
      return [expandBack(g, L.keptShape, shape).mul(o2)];
    }, [x]);
  }
  return r;
}

/** Turns values laid out kept-dims-first back into a tensor of x's shape. */
function unpermute(vals: TypedArray, x: Tensor, reduced: number[]): Tensor {
  const nd = x._shape.length;
  const isRed = new Array<boolean>(nd).fill(false);
  for (const d of reduced) isRed[d] = true;
  const order: number[] = [];
  for (let d = 0; d < nd; d++) if (!isRed[d]) order.push(d);
  order.push(...reduced);
  const permuted = new Tensor(vals, order.map((d) => x._shape[d]), x.dtype);
  const inverse = new Array<number>(nd);
  order.forEach((d, i) => (inverse[d] = i));
  return permuted.permute(inverse).contiguous();
}

// ---- max / min / argmax / argmin -----------------------------------------------------------------

function extremeReduce(x: Tensor, dim: number, keepdim: boolean, isMax: boolean): [Tensor, Tensor] {
  if ((x._shape.length === 0 ? 1 : x._shape[dim]) === 0) {
    throw new RangeError(
      `${isMax ? 'max' : 'min'}(): Expected reduction dim ${dim} to have non-zero size.`,
    );
  }
  const L = layout(x, dim, keepdim);
  const vals = new (x.dtype.ArrayType)(L.outer) as TypedArray;
  const idx = new Float64Array(L.outer);
  const v = L.vals;
  for (let i = 0; i < L.outer; i++) {
    const base = i * L.inner;
    let best = v[base];
    let bi = 0;
    if (best === best) {
      for (let j = 1; j < L.inner; j++) {
        const c = v[base + j];
        if (c !== c) {
          best = c;
          bi = j;
          break;
        }
        if (isMax ? c > best : c < best) {
          best = c;
          bi = j;
        }
      }
    }
    vals[i] = best;
    idx[i] = bi;
  }
  return [new Tensor(vals, L.outShape.slice(), x.dtype), new Tensor(idx, L.outShape.slice(), int64)];
}

function fullExtreme(x: Tensor, isMax: boolean): Tensor {
  if (x.numel() === 0) {
    throw new RangeError(
      `${isMax ? 'max' : 'min'}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.`,
    );
  }
  const v = x._values();
  let best = v[0];
  for (let i = 1; i < v.length && best === best; i++) {
    const c = v[i];
    if (c !== c || (isMax ? c > best : c < best)) best = c;
  }
  const out = new (x.dtype.ArrayType)(1) as TypedArray;
  out[0] = best;
  const r = new Tensor(out, [], x.dtype);
  if (needsGrad(x)) {
    recordOp(r, isMax ? 'MaxBackward1' : 'MinBackward1', [x], (g) => {
      // Shared evenly by the elements equal to the result (the nans, when the result is nan).
      const mask = (best !== best ? x.isnan() : x.eq(r)).to(g.dtype);
      return [mask.mul(g.div(mask.sum()))];
    }, [x]);
  }
  return r;
}

export type ValuesIndices = NamedTuple<[Tensor, Tensor], 'values' | 'indices'>;

function extremeOp(x: Tensor, isMax: boolean, dim?: unknown, keepdim?: unknown): Tensor | ValuesIndices {
  if (dim instanceof Tensor) return isMax ? x.maximum(dim) : x.minimum(dim);
  if (dim === undefined || (isOptions(dim) && dim.dim === undefined)) return fullExtreme(x, isMax);
  const [d, kd] = dimArgs(dim, keepdim);
  if (typeof d !== 'number') throw new TypeError(`${isMax ? 'max' : 'min'}(): dim must be an integer, got ${String(d)}`);
  const nd = normalizeDim(d, x._shape.length);
  const [values, indices] = extremeReduce(x, nd, kd, isMax);
  if (needsGrad(x)) {
    const shape = x._shape;
    recordOp(values, isMax ? 'MaxBackward0' : 'MinBackward0', [x], (g) => [
      indexBackward(g, indices, shape, nd, kd),
    ]);
  }
  return namedTuple<[Tensor, Tensor], 'values' | 'indices'>([values, indices], ['values', 'indices']);
}

/** Puts each output's gradient at the position its index selected along `dim`. */
function indexBackward(g: Tensor, indices: Tensor, shape: number[], dim: number, keepdim: boolean): Tensor {
  const gk = keepdim || shape.length === 0 ? g : g.unsqueeze(dim);
  const ik = keepdim || shape.length === 0 ? indices : indices.unsqueeze(dim);
  const z = new Tensor(new (g.dtype.ArrayType)(numelOf(shape)) as TypedArray, shape.slice(), g.dtype);
  return shape.length === 0 ? gk.reshape([]) : z.scatter(dim, ik, gk);
}

export function max(x: Tensor): Tensor;
export function max(x: Tensor, other: Tensor): Tensor;
export function max(x: Tensor, dim: number | Options, keepdim?: boolean | Options): ValuesIndices;
export function max(x: Tensor, dim?: unknown, keepdim?: unknown): Tensor | ValuesIndices {
  return extremeOp(x, true, dim, keepdim);
}
export function min(x: Tensor): Tensor;
export function min(x: Tensor, other: Tensor): Tensor;
export function min(x: Tensor, dim: number | Options, keepdim?: boolean | Options): ValuesIndices;
export function min(x: Tensor, dim?: unknown, keepdim?: unknown): Tensor | ValuesIndices {
  return extremeOp(x, false, dim, keepdim);
}

function amOp(x: Tensor, isMax: boolean, dim: unknown, keepdim: unknown): Tensor {
  const [d, kd] = dimArgs(dim, keepdim);
  const L = layout(x, d, kd);
  const out = new (x.dtype.ArrayType)(L.outer) as TypedArray;
  const v = L.vals;
  for (let i = 0; i < L.outer; i++) {
    let best = v[i * L.inner];
    for (let j = 1; j < L.inner; j++) {
      const c = v[i * L.inner + j];
      if (c !== c || (isMax ? c > best : c < best)) best = c;
    }
    out[i] = best;
  }
  const r = new Tensor(out, L.outShape, x.dtype);
  if (needsGrad(x)) {
    recordOp(r, isMax ? 'AmaxBackward0' : 'AminBackward0', [x], (g) => {
      const rk = r.reshape(L.keptShape);
      const mask = x.eq(rk).to(g.dtype);
      const count = mask.sum(L.dims, true);
      return [mask.mul(g.reshape(L.keptShape).div(count))];
    }, [x]);
  }
  return r;
}
export function amax(x: Tensor, dim?: Dims | Options, keepdim?: boolean | Options): Tensor {
  return amOp(x, true, dim, keepdim);
}
export function amin(x: Tensor, dim?: Dims | Options, keepdim?: boolean | Options): Tensor {
  return amOp(x, false, dim, keepdim);
}

function argOp(x: Tensor, isMax: boolean, dim: unknown, keepdim: unknown): Tensor {
  const [d, kd] = dimArgs(dim, keepdim);
  // PyTorch has no bool kernel (a reduction over a single element never reaches it).
  const reduced = d === undefined || d === null ? x.numel() : x._shape[normalizeDim(d as number, x._shape.length)] ?? 1;
  if (x.dtype === bool && reduced > 1) throw new TypeError(`"${isMax ? 'argmax' : 'argmin'}_cpu" not implemented for 'Bool'`);
  if (d === undefined || d === null) {
    const flat = x.reshape([-1]);
    const [, idx] = extremeReduce(flat, 0, false, isMax);
    return kd ? idx.reshape(x._shape.map(() => 1)) : idx;
  }
  if (typeof d !== 'number') throw new TypeError(`argmax(): dim must be an integer, got ${String(d)}`);
  return extremeReduce(x, normalizeDim(d, x._shape.length), kd, isMax)[1];
}
export function argmax(x: Tensor, dim?: number | Options | null, keepdim?: boolean | Options): Tensor {
  return argOp(x, true, dim, keepdim);
}
export function argmin(x: Tensor, dim?: number | Options | null, keepdim?: boolean | Options): Tensor {
  return argOp(x, false, dim, keepdim);
}

// ---- var / std -----------------------------------------------------------------------------------

function correctionOf(unbiased: unknown, o: Options): number {
  if (typeof unbiased === 'boolean') return unbiased ? 1 : 0;
  if (o.correction !== undefined) return Number(o.correction);
  if (o.unbiased !== undefined) return o.unbiased ? 1 : 0;
  return 1;
}

/** var(x, dim?, unbiased?, keepdim?) or var(x, { dim, unbiased | correction, keepdim }). */
function varArgs(dim: unknown, unbiased: unknown, keepdim: unknown): [Dims, number, boolean] {
  let o: Options = {};
  if (isOptions(dim)) {
    o = dim;
    dim = o.dim;
  } else if (typeof dim === 'boolean') {
    unbiased = dim;
    dim = undefined;
  }
  if (isOptions(unbiased)) {
    o = unbiased;
    unbiased = undefined;
  }
  if (isOptions(keepdim)) {
    o = keepdim;
    keepdim = undefined;
  }
  const kd = (keepdim ?? o.keepdim ?? false) as boolean;
  return [dim as Dims, correctionOf(unbiased, o), kd];
}

function varCore(x: Tensor, dim: Dims, correction: number, keepdim: boolean): Tensor {
  if (!x.dtype.isFloatingPoint) {
    throw new TypeError(`std and var only support floating point and complex dtypes, got ${x.dtype}`);
  }
  const L = layout(x, dim, keepdim);
  const out = new (x.dtype.ArrayType)(L.outer) as TypedArray;
  const v = L.vals;
  for (let i = 0; i < L.outer; i++) {
    const base = i * L.inner;
    let m = 0;
    for (let j = 0; j < L.inner; j++) m += v[base + j];
    m /= L.inner;
    let s = 0;
    for (let j = 0; j < L.inner; j++) {
      const d = v[base + j] - m;
      s += d * d;
    }
    out[i] = s / Math.max(0, L.inner - correction);
  }
  const r = new Tensor(out, L.outShape, x.dtype);
  if (needsGrad(x)) {
    recordOp(r, 'VarBackward0', [x], (g) => {
      const mu = x.mean(L.dims, true);
      return [x.sub(mu).mul(g.reshape(L.keptShape).mul(2 / (L.inner - correction)))];
    }, [x]);
  }
  return r;
}

export function variance(x: Tensor, dim?: unknown, unbiased?: unknown, keepdim?: unknown): Tensor {
  const [d, c, kd] = varArgs(dim, unbiased, keepdim);
  return varCore(x, d, c, kd);
}

export function std(x: Tensor, dim?: unknown, unbiased?: unknown, keepdim?: unknown): Tensor {
  const [d, c, kd] = varArgs(dim, unbiased, keepdim);
  const v = varCore(x.detach(), d, c, kd);
  const r = new Tensor(v._data.map(Math.sqrt) as TypedArray, v._shape, v.dtype);
  if (needsGrad(x)) {
    const L = layout(x, d, kd);
    recordOp(r, 'StdBackward0', [x], (g) => {
      const mu = x.mean(L.dims, true);
      const n = L.inner - c;
      return [x.sub(mu).mul(g.reshape(L.keptShape).div(r.reshape(L.keptShape).mul(n)))];
    }, [x, r]);
  }
  return r;
}

// ---- norm / logsumexp ----------------------------------------------------------------------------

export function norm(x: Tensor, p: number | string | Options = 2, dim?: Dims | Options, keepdim?: boolean | Options): Tensor {
  let o: Options = {};
  if (isOptions(p)) {
    o = p;
    p = (o.p as number | string | undefined) ?? 2;
    dim = o.dim as Dims;
  }
  if (isOptions(dim)) {
    o = dim;
    dim = o.dim as Dims;
  }
  if (isOptions(keepdim)) {
    o = keepdim;
    keepdim = undefined;
  }
  const kd = (keepdim ?? o.keepdim ?? false) as boolean;
  const order = p === 'fro' ? 2 : p === 'inf' ? Infinity : p === '-inf' ? -Infinity : Number(p);
  if (Number.isNaN(order)) throw new RangeError(`norm(): unsupported norm type ${String(p)}`);
  if (!x.dtype.isFloatingPoint) throw new TypeError(`norm(): input dtype should be floating point, got ${x.dtype}`);
  const L = layout(x, dim as Dims, kd);
  const out = new (x.dtype.ArrayType)(L.outer) as TypedArray;
  const v = L.vals;
  for (let i = 0, base = 0; i < L.outer; i++, base += L.inner) {
    let acc = order === -Infinity ? Infinity : 0;
    for (let j = 0; j < L.inner; j++) {
      const a = Math.abs(v[base + j]);
      if (order === Infinity) acc = a > acc || a !== a ? a : acc;
      else if (order === -Infinity) acc = a < acc || a !== a ? a : acc;
      else if (order === 0) acc += a !== 0 ? 1 : 0;
      else if (order === 1) acc += a;
      else if (order === 2) acc += a * a;
      else acc += Math.pow(a, order);
    }
    out[i] = order === 2 ? Math.sqrt(acc) : order === 0 || order === 1 || !Number.isFinite(order) ? acc : Math.pow(acc, 1 / order);
  }
  const r = new Tensor(out, L.outShape, x.dtype);
  if (needsGrad(x)) {
    recordOp(r, 'NormBackward1', [x], (g) => [normBackward(x, r.reshape(L.keptShape), g.reshape(L.keptShape), order, L.dims)], [x, r]);
  }
  return r;
}

/** PyTorch's norm_backward: the gradient of the p-norm, zero where the norm is zero. */
function normBackward(x: Tensor, norm: Tensor, g: Tensor, p: number, dims: number[]): Tensor {
  if (p === 0) return zerosOf(x);
  if (p === 1) return x.sign().mul(g);
  if (!Number.isFinite(p)) {
    // Spread evenly over the elements that attain the max (or min), as amax's gradient is.
    const ax = x.abs();
    const mask = ax.eq(norm).logicalOr(ax.isnan()).to(x.dtype);
    return x.sign().mul(g.div(mask.sum(dims, true)).mul(mask));
  }
  const zero = norm.eq(0);
  if (p === 2) return x.mul(g.div(norm).maskedFill(zero, 0));
  const scale = g.div(norm.pow(p - 1)).maskedFill(zero, 0);
  const scaled = p < 1 ? x.sign().mul(x.abs().pow(p - 1)) : x.mul(x.abs().pow(p - 2));
  return scaled.mul(scale);
}

export function logsumexp(x: Tensor, dim: Dims | Options, keepdim?: boolean | Options): Tensor {
  const [d, kd] = dimArgs(dim, keepdim);
  const xf = x.dtype.isFloatingPoint ? x : x.to(getDefaultDtype());
  const L = layout(xf, d, kd);
  const out = new (xf.dtype.ArrayType)(L.outer) as TypedArray;
  const v = L.vals;
  for (let i = 0, base = 0; i < L.outer; i++, base += L.inner) {
    // Shift by the max so exp cannot overflow (an infinite max is not subtracted: inf - inf is nan).
    let m = -Infinity;
    for (let j = 0; j < L.inner; j++) if (v[base + j] > m) m = v[base + j];
    if (!Number.isFinite(m)) m = 0;
    let s = 0;
    for (let j = 0; j < L.inner; j++) s += Math.exp(v[base + j] - m);
    out[i] = Math.log(s) + m;
  }
  const r = new Tensor(out, L.outShape, xf.dtype);
  if (needsGrad(xf)) {
    recordOp(r, 'LogsumexpBackward0', [xf], (g) => [
      g.reshape(L.keptShape).mul(xf.sub(r.reshape(L.keptShape)).exp()),
    ], [xf, r]);
  }
  return r;
}

// ---- all / any -----------------------------------------------------------------------------------

function boolReduce(x: Tensor, isAll: boolean, dim: unknown, keepdim: unknown): Tensor {
  const [d, kd] = dimArgs(dim, keepdim);
  const L = layout(x, d, kd);
  const out = new Uint8Array(L.outer);
  // PyTorch keeps uint8 for uint8 input (a legacy of masks), bool otherwise.
  const outDtype = x.dtype.name === 'uint8' ? x.dtype : bool;
  const v = L.vals;
  for (let i = 0; i < L.outer; i++) {
    let acc = isAll;
    for (let j = 0; j < L.inner; j++) {
      const t = v[i * L.inner + j] !== 0;
      if (isAll ? !t : t) {
        acc = !isAll;
        break;
      }
    }
    out[i] = acc ? 1 : 0;
  }
  return new Tensor(out, L.outShape, outDtype);
}
export function all(x: Tensor, dim?: number | Options, keepdim?: boolean | Options): Tensor {
  return boolReduce(x, true, dim, keepdim);
}
export function any(x: Tensor, dim?: number | Options, keepdim?: boolean | Options): Tensor {
  return boolReduce(x, false, dim, keepdim);
}

export function countNonzero(x: Tensor, dim?: Dims): Tensor {
  return sum(x.ne(0), dim);
}

// ---- scans ---------------------------------------------------------------------------------------

function scan(x: Tensor, dim: number, outDtype: DType, isProd: boolean): Tensor {
  const nd = x._shape.length;
  const d = normalizeDim(dim, nd);
  if (nd === 0) return x.to(outDtype).clone();
  const moved = x.movedim(d, nd - 1).contiguous();
  const v = moved._values();
  const n = x._shape[d];
  const out = new (outDtype.ArrayType)(v.length) as TypedArray;
  const zero = outDtype.isFloatingPoint ? -0 : 0; // an integer result has no -0
  for (let base = 0; base < v.length; base += n) {
    let acc = isProd ? 1 : 0;
    for (let j = 0; j < n; j++) {
      acc = isProd ? acc * v[base + j] : acc + v[base + j];
      out[base + j] = acc + zero;
    }
  }
  return new Tensor(out, moved._shape, outDtype).movedim(nd - 1, d).contiguous();
}

export function cumsum(x: Tensor, dim: number | Options, opts?: Options): Tensor {
  let o = opts ?? {};
  if (isOptions(dim)) {
    o = dim;
    dim = o.dim as number;
  }
  const outDtype = optDtype(o) ?? (x.dtype.isFloatingPoint ? x.dtype : int64);
  const d = normalizeDim(dim as number, x._shape.length);
  const r = scan(x.detach(), d, outDtype, false);
  if (needsGrad(x)) {
    recordOp(r, 'CumsumBackward0', [x], (g) => [g.flip([d]).cumsum(d).flip([d])]);
  }
  return r;
}

export function cumprod(x: Tensor, dim: number | Options, opts?: Options): Tensor {
  let o = opts ?? {};
  if (isOptions(dim)) {
    o = dim;
    dim = o.dim as number;
  }
  const outDtype = optDtype(o) ?? (x.dtype.isFloatingPoint ? x.dtype : int64);
  const d = normalizeDim(dim as number, x._shape.length);
  const r = scan(x.detach(), d, outDtype, true);
  if (needsGrad(x)) {
    recordOp(r, 'CumprodBackward0', [x], (g) => {
      // d out_j / d x_i = prod_{k<=j, k!=i} x_k: with no zero in x that is out_j / x_i.
      if (!hasZero(x._values())) return [g.mul(r).flip([d]).cumsum(d).flip([d]).div(x)];
      return [cumprodGradWithZeros(x, g, d)];
    }, [x, r]);
  }
  return r;
}

function hasZero(v: ArrayLike<number>): boolean {
  for (let i = 0; i < v.length; i++) if (v[i] === 0) return true;
  return false;
}

/** cumprod's gradient by its definition, O(n^2) per line: exact where some x are zero. */
function cumprodGradWithZeros(x: Tensor, g: Tensor, d: number): Tensor {
  const nd = x._shape.length;
  const xs = x.detach().movedim(d, nd - 1).contiguous();
  const gs = g.detach().to(x.dtype).movedim(d, nd - 1).contiguous();
  const xv = xs._values();
  const gv = gs._values();
  const n = x._shape[d];
  const out = new (x.dtype.ArrayType)(xv.length) as TypedArray;
  for (let base = 0; base < xv.length; base += n) {
    let before = 1; // product of x_k for k < i
    for (let i = 0; i < n; i++) {
      let acc = 0;
      let run = before; // product of x_k for k <= j, k != i
      for (let j = i; j < n; j++) {
        if (j > i) run *= xv[base + j];
        acc += gv[base + j] * run;
      }
      out[base + i] = acc;
      before *= xv[base + i];
    }
  }
  return new Tensor(out, xs._shape.slice(), x.dtype).movedim(nd - 1, d).contiguous();
}

// ---- broadcasting's reverse ------------------------------------------------------------------------

/** Sums `g` down to `shape` (the inverse of broadcasting), as every binary op's backward needs. */
export function sumTo(g: Tensor, shape: readonly number[]): Tensor {
  if (shapesEqual(g._shape, shape)) return g;
  if (!needsGrad(g)) {
    const r = sumLeadingDims(g, shape);
    if (r !== null) return r;
  }
  const lead = g._shape.length - shape.length;
  if (lead < 0) throw new Error(`internal error: cannot sum ${formatShape(g._shape)} to ${formatShape(shape as number[])}`);
  const dims: number[] = [];
  for (let i = 0; i < g._shape.length; i++) {
    if (i < lead || (shape[i - lead] === 1 && g._shape[i] !== 1)) dims.push(i);
  }
  let r = dims.length > 0 ? sum(g, dims, true) : g;
  if (lead > 0) r = r.reshape(shape as number[]);
  return r;
}

/**
 * sumTo's common case without the general reduction: a contiguous float `g` summed over its leading
 * dims down to `shape` (its trailing dims, maybe with leading 1s), as a bias gradient is. Each output
 * adds its column in row order in double precision, which is the general path's order. Null when the
 * layout is not that.
 */
function sumLeadingDims(g: Tensor, shape: readonly number[]): Tensor | null {
  const gs = g._shape;
  const nd = gs.length;
  const lead = nd - shape.length;
  if (lead < 0 || !g._contiguous || !g.dtype.isFloatingPoint) return null;
  // Dims from `split` on match g's; the ones before it are 1 in `shape` (or absent).
  let split = nd;
  while (split > 0 && (split - 1 < lead ? 1 : shape[split - 1 - lead]) === gs[split - 1]) split--;
  for (let i = 0; i < split; i++) if (i >= lead && shape[i - lead] !== 1) return null;
  let m = 1;
  for (let i = split; i < nd; i++) m *= gs[i];
  const total = numelOf(gs);
  if (m === 0 || total === 0) return null;
  const d = g._data;
  const o = g._offset;
  const out = allocStorage(g.dtype, m);
  if (m === 1) {
    // A one-output layer's bias: one running sum, in the same order.
    let s = 0;
    for (let i = 0; i < total; i++) s += d[o + i];
    out[0] = s;
  } else if (total <= COLUMN_SUM_MAX) {
    sumColumns(d, o, total, m, out);
  } else {
    const acc = scratchFloat64(m);
    for (let r = 0; r < total; r += m) for (let j = 0; j < m; j++) acc[j] += d[o + r + j];
    for (let j = 0; j < m; j++) out[j] = acc[j];
  }
  return new Tensor(out, shape.slice(), g.dtype);
}

/**
 * Up to this many elements (well inside the L2 cache) sumColumns' passes down the columns cost less
 * than one row-major pass through an accumulator array; beyond it, reading memory once wins.
 */
const COLUMN_SUM_MAX = 65536;

/**
 * out[j] = sum over rows of d[o + r*m + j], up to eight columns at a time in local variables: each
 * column is still added in row order from zero, as the accumulator loop does, but with no load and
 * store of an accumulator per element, and enough independent sums to hide the adds' latency (a
 * hidden layer's [100, 10] bias gradient: 3.5 us -> 0.9 us).
 */
function sumColumns(d: TypedArray, o: number, total: number, m: number, out: TypedArray): void {
  const end = o + total;
  let j = 0;
  for (; j + 8 <= m; j += 8) {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
    for (let r = o + j; r < end; r += m) {
      s0 += d[r];
      s1 += d[r + 1];
      s2 += d[r + 2];
      s3 += d[r + 3];
      s4 += d[r + 4];
      s5 += d[r + 5];
      s6 += d[r + 6];
      s7 += d[r + 7];
    }
    out[j] = s0;
    out[j + 1] = s1;
    out[j + 2] = s2;
    out[j + 3] = s3;
    out[j + 4] = s4;
    out[j + 5] = s5;
    out[j + 6] = s6;
    out[j + 7] = s7;
  }
  if (j + 4 <= m) {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (let r = o + j; r < end; r += m) {
      s0 += d[r];
      s1 += d[r + 1];
      s2 += d[r + 2];
      s3 += d[r + 3];
    }
    out[j] = s0;
    out[j + 1] = s1;
    out[j + 2] = s2;
    out[j + 3] = s3;
    j += 4;
  }
  if (j + 2 <= m) {
    let s0 = 0, s1 = 0;
    for (let r = o + j; r < end; r += m) {
      s0 += d[r];
      s1 += d[r + 1];
    }
    out[j] = s0;
    out[j + 1] = s1;
    j += 2;
  }
  if (j < m) {
    let s = 0;
    for (let r = o + j; r < end; r += m) s += d[r];
    out[j] = s;
  }
}

function typeTitle(d: DType): string {
  const m: Record<string, string> = { int64: 'Long', int32: 'Int', int16: 'Short', int8: 'Char', uint8: 'Byte', bool: 'Bool' };
  return m[d.name] ?? d.name;
}

// ---- Tensor methods --------------------------------------------------------------------------------

declare module '../tensor/tensor.js' {
  interface Tensor {
    sum(dim?: Dims | Options, keepdim?: boolean | Options, opts?: Options): Tensor;
    mean(dim?: Dims | Options, keepdim?: boolean | Options, opts?: Options): Tensor;
    prod(dim?: number | Options, keepdim?: boolean | Options, opts?: Options): Tensor;
    max(): Tensor;
    max(other: Tensor): Tensor;
    max(dim: number | Options, keepdim?: boolean | Options): ValuesIndices;
    min(): Tensor;
    min(other: Tensor): Tensor;
    min(dim: number | Options, keepdim?: boolean | Options): ValuesIndices;
    amax(dim?: Dims | Options, keepdim?: boolean | Options): Tensor;
    amin(dim?: Dims | Options, keepdim?: boolean | Options): Tensor;
    argmax(dim?: number | Options | null, keepdim?: boolean | Options): Tensor;
    argmin(dim?: number | Options | null, keepdim?: boolean | Options): Tensor;
    var(dim?: unknown, unbiased?: unknown, keepdim?: unknown): Tensor;
    std(dim?: unknown, unbiased?: unknown, keepdim?: unknown): Tensor;
    norm(p?: number | string | Options, dim?: Dims | Options, keepdim?: boolean | Options): Tensor;
    logsumexp(dim: Dims | Options, keepdim?: boolean | Options): Tensor;
    all(dim?: number | Options, keepdim?: boolean | Options): Tensor;
    any(dim?: number | Options, keepdim?: boolean | Options): Tensor;
    cumsum(dim: number | Options, opts?: Options): Tensor;
    cumprod(dim: number | Options, opts?: Options): Tensor;
    countNonzero(dim?: Dims): Tensor;
    sumToSize(...shape: number[]): Tensor;
  }
}

const P = Tensor.prototype;
P.sum = function (d, k, o) { return sum(this, d, k, o); };
P.mean = function (d, k, o) { return mean(this, d, k, o); };
P.prod = function (d, k, o) { return prod(this, d, k, o); };
P.max = function (this: Tensor, d?: unknown, k?: unknown) { return extremeOp(this, true, d, k); } as Tensor['max'];
P.min = function (this: Tensor, d?: unknown, k?: unknown) { return extremeOp(this, false, d, k); } as Tensor['min'];
P.amax = function (d, k) { return amax(this, d, k); };
P.amin = function (d, k) { return amin(this, d, k); };
P.argmax = function (d, k) { return argmax(this, d, k); };
P.argmin = function (d, k) { return argmin(this, d, k); };
P.var = function (d, u, k) { return variance(this, d, u, k); };
P.std = function (d, u, k) { return std(this, d, u, k); };
P.norm = function (p, d, k) { return norm(this, p, d, k); };
P.logsumexp = function (d, k) { return logsumexp(this, d, k); };
P.all = function (d, k) { return all(this, d, k); };
P.any = function (d, k) { return any(this, d, k); };
P.cumsum = function (d, o) { return cumsum(this, d, o); };
P.cumprod = function (d, o) { return cumprod(this, d, o); };
P.countNonzero = function (d) { return countNonzero(this, d); };
P.sumToSize = function (...shape: number[]) { return sumTo(this, shape.length === 1 && Array.isArray(shape[0]) ? (shape[0] as unknown as number[]) : shape); };

export { float64 };
