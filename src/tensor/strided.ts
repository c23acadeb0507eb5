// Reading and writing strided data in logical (row-major) order. Every op that cannot use the
// contiguous fast path goes through these, so they are written as tight counter loops.
import type { TypedArray } from './dtype.js';

/** Copies the elements of a strided view into `out` in row-major order. */
export function gatherStrided(
  src: TypedArray,
  shape: readonly number[],
  strides: readonly number[],
  offset: number,
  out: TypedArray | number[],
): void {
  const nd = shape.length;
  const n = out.length;
  if (nd === 0) {
    if (n > 0) out[0] = src[offset];
    return;
  }
  if (n === 0) return;
  // The innermost dim is the hot loop; outer dims advance an odometer.
  const inner = shape[nd - 1];
  const innerStride = strides[nd - 1];
  const idx = new Array<number>(nd).fill(0);
  let base = offset;
  let o = 0;
  while (o < n) {
    let p = base;
    for (let i = 0; i < inner; i++, p += innerStride) out[o++] = src[p];
    let d = nd - 2;
    for (; d >= 0; d--) {
      idx[d]++;
      base += strides[d];
      if (idx[d] < shape[d]) break;
      base -= strides[d] * shape[d];
      idx[d] = 0;
    }
    if (d < 0) break;
  }
}

/** Writes row-major `values` into a strided view (the inverse of gatherStrided). */
export function scatterStrided(
  dst: TypedArray,
  shape: readonly number[],
  strides: readonly number[],
  offset: number,
  values: ArrayLike<number>,
  broadcastScalar = false,
): void {
  const nd = shape.length;
  let n = 1;
  for (let i = 0; i < nd; i++) n *= shape[i];
  if (n === 0) return;
  if (nd === 0) {
    dst[offset] = values[0];
    return;
  }
  const inner = shape[nd - 1];
  const innerStride = strides[nd - 1];
  const idx = new Array<number>(nd).fill(0);
  let base = offset;
  let o = 0;
  while (o < n) {
    let p = base;
    if (broadcastScalar) {
      const v = values[0];
      for (let i = 0; i < inner; i++, p += innerStride) dst[p] = v;
      o += inner;
    } else {
      for (let i = 0; i < inner; i++, p += innerStride) dst[p] = values[o++];
    }
    let d = nd - 2;
    for (; d >= 0; d--) {
      idx[d]++;
      base += strides[d];
      if (idx[d] < shape[d]) break;
      base -= strides[d] * shape[d];
      idx[d] = 0;
    }
    if (d < 0) break;
  }
}

/** Storage offsets of every element of a strided view, in row-major order. */
export function stridedOffsets(shape: readonly number[], strides: readonly number[], offset: number): Int32Array | Float64Array {
  let n = 1;
  for (const s of shape) n *= s;
  const out = n < 2 ** 31 ? new Int32Array(n) : new Float64Array(n);
  const nd = shape.length;
  if (n === 0) return out;
  if (nd === 0) {
    out[0] = offset;
    return out;
  }
  const inner = shape[nd - 1];
  const innerStride = strides[nd - 1];
  const idx = new Array<number>(nd).fill(0);
  let base = offset;
  let o = 0;
  while (o < n) {
    let p = base;
    for (let i = 0; i < inner; i++, p += innerStride) out[o++] = p;
    let d = nd - 2;
    for (; d >= 0; d--) {
      idx[d]++;
      base += strides[d];
      if (idx[d] < shape[d]) break;
      base -= strides[d] * shape[d];
      idx[d] = 0;
    }
    if (d < 0) break;
  }
  return out;
}
