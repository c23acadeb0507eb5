// The reference matrix-multiply kernel: C[b] = A[b] @ B[b] for strided A [batch, M, K] and B [batch, K, N],
// written into a contiguous C. Rows of B are packed once per batch so the inner loop is a unit-stride
// axpy, accumulated in double precision before the single rounding to C's dtype. Every faster tier is
// tested against this one.
import type { TypedArray } from '../tensor/dtype.js';

/** One strided operand [batch, rows, cols]; offset and strides count elements of `data`. */
export interface MatrixOperand {
  data: TypedArray;
  offset: number;
  batchStride: number;
  rowStride: number;
  colStride: number;
}

export function gemmReference(
  batch: number,
  M: number,
  K: number,
  N: number,
  A: MatrixOperand,
  B: MatrixOperand,
  C: TypedArray,
): void {
  // Small B: plain dot products straight from the strided operands, with no scratch arrays to
  // allocate (that dominates a tiny product). Both forms add the products in increasing k, so they
  // give bit-identical results.
  if (K * N <= 1024) {
    gemmReferenceDirect(batch, M, K, N, A, B, C);
    return;
  }
  const packedB = new Float64Array(K * N);
  const acc = new Float64Array(N);
  const ad = A.data;
  const bd = B.data;
  for (let b = 0; b < batch; b++) {
    const bBase = B.offset + b * B.batchStride;
    if (B.colStride === 1) {
      for (let k = 0; k < K; k++) {
        const src = bBase + k * B.rowStride;
        for (let j = 0; j < N; j++) packedB[k * N + j] = bd[src + j];
      }
    } else {
      for (let k = 0; k < K; k++) {
        for (let j = 0; j < N; j++) packedB[k * N + j] = bd[bBase + k * B.rowStride + j * B.colStride];
      }
    }
    const aBase = A.offset + b * A.batchStride;
    const cBase = b * M * N;
    for (let i = 0; i < M; i++) {
      acc.fill(0);
      const aRow = aBase + i * A.rowStride;
      // No shortcut for a zero in A: 0 * inf and 0 * NaN must still give NaN, as in every BLAS tier.
      for (let k = 0; k < K; k++) {
        const aik = ad[aRow + k * A.colStride];
        const pb = k * N;
        for (let j = 0; j < N; j++) acc[j] += aik * packedB[pb + j];
      }
      const cRow = cBase + i * N;
      for (let j = 0; j < N; j++) C[cRow + j] = acc[j];
    }
  }
}

function gemmReferenceDirect(
  batch: number,
  M: number,
  K: number,
  N: number,
  A: MatrixOperand,
  B: MatrixOperand,
  C: TypedArray,
): void {
  const ad = A.data;
  const bd = B.data;
  const ars = A.rowStride, acs = A.colStride, brs = B.rowStride, bcs = B.colStride;
  let o = 0;
  for (let b = 0; b < batch; b++) {
    const aBase = A.offset + b * A.batchStride;
    const bBase = B.offset + b * B.batchStride;
    for (let i = 0; i < M; i++) {
      const aRow = aBase + i * ars;
      for (let j = 0; j < N; j++) {
        let s = 0;
        for (let k = 0, x = aRow, y = bBase + j * bcs; k < K; k++, x += acs, y += brs) s += ad[x] * bd[y];
        C[o++] = s;
      }
    }
  }
}
