// Elementwise kernels on raw typed arrays. Ops pick the cheapest loop for the layout: one index for
// contiguous operands of the same shape, a constant for a one-element operand, and an odometer over
// broadcast strides otherwise. `f` is only called where no specialised loop exists.
import type { TypedArray } from '../tensor/dtype.js';

export type BinaryFn = (x: number, y: number) => number;
export type UnaryFn = (x: number) => number;

/** A strided operand: storage, strides already broadcast to the output shape (0 on broadcast dims), offset. */
export interface Operand {
  data: TypedArray;
  strides: number[];
  offset: number;
}

/** out[i] = f(a[i], b[i]) over a broadcast odometer. */
export function binaryStrided(a: Operand, b: Operand, shape: readonly number[], out: TypedArray, f: BinaryFn): void {
  const nd = shape.length;
  const n = out.length;
  if (n === 0) return;
  const ad = a.data;
  const bd = b.data;
  if (nd === 0) {
    out[0] = f(ad[a.offset], bd[b.offset]);
    return;
  }
  const inner = shape[nd - 1];
  const as = a.strides[nd - 1];
  const bs = b.strides[nd - 1];
  const idx = new Array<number>(nd).fill(0);
  let pa = a.offset;
  let pb = b.offset;
  let o = 0;
  for (;;) {
    let ia = pa;
    let ib = pb;
    for (let i = 0; i < inner; i++) {
      out[o++] = f(ad[ia], bd[ib]);
      ia += as;
      ib += bs;
    }
    if (o >= n) return;
    let d = nd - 2;
    for (; d >= 0; d--) {
      idx[d]++;
      pa += a.strides[d];
      pb += b.strides[d];
      if (idx[d] < shape[d]) break;
      pa -= a.strides[d] * shape[d];
      pb -= b.strides[d] * shape[d];
      idx[d] = 0;
    }
  }
}

export function unaryContiguous(x: ArrayLike<number>, out: TypedArray, f: UnaryFn): void {
  const n = out.length;
  for (let i = 0; i < n; i++) out[i] = f(x[i]);
}

/** The four arithmetic kernels get their own loops: they dominate small-model training. */
export function addContiguous(a: ArrayLike<number>, b: ArrayLike<number>, alpha: number, out: TypedArray): void {
  const n = out.length;
  if (alpha === 1) for (let i = 0; i < n; i++) out[i] = a[i] + b[i];
  else for (let i = 0; i < n; i++) out[i] = a[i] + alpha * b[i];
}
export function addScalarContiguous(a: ArrayLike<number>, s: number, out: TypedArray): void {
  const n = out.length;
  for (let i = 0; i < n; i++) out[i] = a[i] + s;
}
export function subContiguous(a: ArrayLike<number>, b: ArrayLike<number>, alpha: number, out: TypedArray): void {
  const n = out.length;
  if (alpha === 1) for (let i = 0; i < n; i++) out[i] = a[i] - b[i];
  else for (let i = 0; i < n; i++) out[i] = a[i] - alpha * b[i];
}
export function mulContiguous(a: ArrayLike<number>, b: ArrayLike<number>, out: TypedArray): void {
  const n = out.length;
  for (let i = 0; i < n; i++) out[i] = a[i] * b[i];
}
export function mulScalarContiguous(a: ArrayLike<number>, s: number, out: TypedArray): void {
  const n = out.length;
  for (let i = 0; i < n; i++) out[i] = a[i] * s;
}
export function divContiguous(a: ArrayLike<number>, b: ArrayLike<number>, out: TypedArray): void {
  const n = out.length;
  for (let i = 0; i < n; i++) out[i] = a[i] / b[i];
}
