// The four arithmetic ops on the layouts small-model training produces, without the general machinery:
// float operands of one dtype, contiguous, where the second has the first's shape, is one element,
// or is a row matching the first's trailing dims (a bias), and the mirror of the last two. Each case is
// its own plain loop (no per-element callback) into storage from the slab allocator, and the result
// shares its shape array with the operand it came from (shape arrays are never written after
// construction). The values are the general path's exactly: each element is computed in double and
// rounded once by the store, which for float32 operands is the correctly rounded float32 result.
// Anything else returns null and the caller takes the general path.
import { Tensor } from '../tensor/tensor.js';
import type { TypedArray } from '../tensor/dtype.js';
import { allocStorage } from '../tensor/storage.js';

export const ADD = 0;
export const SUB = 1;
export const MUL = 2;
export const DIV = 3;

function numel(shape: readonly number[]): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i];
  return n;
}

/** Whether `inner`'s dims equal the trailing dims of `outer` (which has at least as many). */
function isTrailing(inner: readonly number[], outer: readonly number[]): boolean {
  const lead = outer.length - inner.length;
  for (let i = 0; i < inner.length; i++) if (inner[i] !== outer[i + lead]) return false;
  return true;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * `a op b` (for ADD and SUB, `a op alpha * b`, alpha already in the dtype's precision), or null when
 * the layout or dtypes are not one of the fast cases.
 */
export function arithTensors(a: Tensor, b: Tensor, op: number, alpha: number): Tensor | null {
  const dtype = a.dtype;
  if (b.dtype !== dtype || !dtype.isFloatingPoint || !a._contiguous || !b._contiguous) return null;
  const as = a._shape;
  const bs = b._shape;
  const ad = a._data;
  const bd = b._data;
  const ao = a._offset;
  const bo = b._offset;
  if (sameShape(as, bs)) {
    const n = numel(as);
    const out = allocStorage(dtype, n);
    sameLength(ad, ao, bd, bo, out, n, op, alpha);
    return new Tensor(out, as, dtype);
  }
  const na = numel(as);
  const nb = numel(bs);
  if (nb === 0 || na === 0) return null;
  // b broadcast over a: a's shape is the result's when b's dims are a's trailing ones.
  if (as.length >= bs.length && isTrailing(bs, as)) {
    const out = allocStorage(dtype, na);
    if (nb === 1) scalarRight(ad, ao, bd[bo], out, na, op, alpha);
    else rowRight(ad, ao, bd, bo, nb, out, na, op, alpha);
    return new Tensor(out, as, dtype);
  }
  if (bs.length >= as.length && isTrailing(as, bs)) {
    const out = allocStorage(dtype, nb);
    if (na === 1) scalarLeft(ad[ao], bd, bo, out, nb, op, alpha);
    else rowLeft(ad, ao, na, bd, bo, out, nb, op, alpha);
    return new Tensor(out, bs, dtype);
  }
  return null;
}

/**
 * `a op s` for a JS number `s` already in a's dtype (the caller folds alpha and the sign of a
 * subtraction into it, so op is ADD, MUL or DIV), or null unless a is a contiguous float tensor.
 */
export function arithScalar(a: Tensor, s: number, op: number): Tensor | null {
  const dtype = a.dtype;
  if (!dtype.isFloatingPoint || !a._contiguous) return null;
  const n = numel(a._shape);
  const out = allocStorage(dtype, n);
  scalarRight(a._data, a._offset, s, out, n, op, 1);
  return new Tensor(out, a._shape, dtype);
}

function sameLength(ad: TypedArray, ao: number, bd: TypedArray, bo: number, out: TypedArray, n: number, op: number, alpha: number): void {
  if (op === ADD) {
    if (alpha === 1) for (let i = 0; i < n; i++) out[i] = ad[ao + i] + bd[bo + i];
    else for (let i = 0; i < n; i++) out[i] = ad[ao + i] + alpha * bd[bo + i];
  } else if (op === SUB) {
    if (alpha === 1) for (let i = 0; i < n; i++) out[i] = ad[ao + i] - bd[bo + i];
    else for (let i = 0; i < n; i++) out[i] = ad[ao + i] - alpha * bd[bo + i];
  } else if (op === MUL) for (let i = 0; i < n; i++) out[i] = ad[ao + i] * bd[bo + i];
  else for (let i = 0; i < n; i++) out[i] = ad[ao + i] / bd[bo + i];
}

function scalarRight(ad: TypedArray, ao: number, s: number, out: TypedArray, n: number, op: number, alpha: number): void {
  if (op === ADD) {
    const t = alpha === 1 ? s : alpha * s;
    for (let i = 0; i < n; i++) out[i] = ad[ao + i] + t;
  } else if (op === SUB) {
    const t = alpha === 1 ? s : alpha * s;
    for (let i = 0; i < n; i++) out[i] = ad[ao + i] - t;
  } else if (op === MUL) for (let i = 0; i < n; i++) out[i] = ad[ao + i] * s;
  else for (let i = 0; i < n; i++) out[i] = ad[ao + i] / s;
}

function scalarLeft(s: number, bd: TypedArray, bo: number, out: TypedArray, n: number, op: number, alpha: number): void {
  if (op === ADD) {
    if (alpha === 1) for (let i = 0; i < n; i++) out[i] = s + bd[bo + i];
    else for (let i = 0; i < n; i++) out[i] = s + alpha * bd[bo + i];
  } else if (op === SUB) {
    if (alpha === 1) for (let i = 0; i < n; i++) out[i] = s - bd[bo + i];
    else for (let i = 0; i < n; i++) out[i] = s - alpha * bd[bo + i];
  } else if (op === MUL) for (let i = 0; i < n; i++) out[i] = s * bd[bo + i];
  else for (let i = 0; i < n; i++) out[i] = s / bd[bo + i];
}

/** out[r, j] = a[r, j] op b[j] for rows of length m. */
function rowRight(ad: TypedArray, ao: number, bd: TypedArray, bo: number, m: number, out: TypedArray, n: number, op: number, alpha: number): void {
  for (let r = 0; r < n; r += m) {
    const a0 = ao + r;
    if (op === ADD) {
      if (alpha === 1) for (let j = 0; j < m; j++) out[r + j] = ad[a0 + j] + bd[bo + j];
      else for (let j = 0; j < m; j++) out[r + j] = ad[a0 + j] + alpha * bd[bo + j];
    } else if (op === SUB) {
      if (alpha === 1) for (let j = 0; j < m; j++) out[r + j] = ad[a0 + j] - bd[bo + j];
      else for (let j = 0; j < m; j++) out[r + j] = ad[a0 + j] - alpha * bd[bo + j];
    } else if (op === MUL) for (let j = 0; j < m; j++) out[r + j] = ad[a0 + j] * bd[bo + j];
    else for (let j = 0; j < m; j++) out[r + j] = ad[a0 + j] / bd[bo + j];
  }
}

/** out[r, j] = a[j] op b[r, j] for rows of length m. */
function rowLeft(ad: TypedArray, ao: number, m: number, bd: TypedArray, bo: number, out: TypedArray, n: number, op: number, alpha: number): void {
  for (let r = 0; r < n; r += m) {
    const b0 = bo + r;
    if (op === ADD) {
      if (alpha === 1) for (let j = 0; j < m; j++) out[r + j] = ad[ao + j] + bd[b0 + j];
      else for (let j = 0; j < m; j++) out[r + j] = ad[ao + j] + alpha * bd[b0 + j];
    } else if (op === SUB) {
      if (alpha === 1) for (let j = 0; j < m; j++) out[r + j] = ad[ao + j] - bd[b0 + j];
      else for (let j = 0; j < m; j++) out[r + j] = ad[ao + j] - alpha * bd[b0 + j];
    } else if (op === MUL) for (let j = 0; j < m; j++) out[r + j] = ad[ao + j] * bd[b0 + j];
    else for (let j = 0; j < m; j++) out[r + j] = ad[ao + j] / bd[b0 + j];
  }
}
