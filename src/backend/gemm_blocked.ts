// A faster plain-TypeScript GEMM for products too large for the reference loop and no native or
// WebAssembly tier: BLIS-style blocking (KC x NR panels of B, MC x KC blocks of A, both packed) and
// a 4 x 4 register tile held in 16 local numbers, so each loaded element feeds four multiply-adds
// instead of one. Sums are JS doubles; a float32 C is rounded once per KC block of K.
import type { TypedArray } from '../tensor/dtype.js';
import type { MatrixOperand } from './gemm_reference.js';

const KC = 256;
const MC = 64;

type Packed = Float32Array | Float64Array;

/** rows x kc of A (from aBase) into 4-row panels: element (k, r) of panel p at p*4*kc + k*4 + r. */
function packA(A: MatrixOperand, aBase: number, rows: number, kc: number, out: Packed): void {
  const ad = A.data;
  const rs = A.rowStride;
  const cs = A.colStride;
  const padded = (rows + 3) & ~3;
  for (let i = 0; i < padded; i++) {
    let o = (i >> 2) * 4 * kc + (i & 3);
    if (i < rows) {
      let src = aBase + i * rs;
      for (let k = 0; k < kc; k++, o += 4, src += cs) out[o] = ad[src];
    } else {
      for (let k = 0; k < kc; k++, o += 4) out[o] = 0;
    }
  }
}

/** kc x N of B (from bBase) into 4-column panels: element (k, c) of panel p at p*4*kc + k*4 + c. */
function packB(B: MatrixOperand, bBase: number, kc: number, N: number, out: Packed): void {
  const bd = B.data;
  const rs = B.rowStride;
  const cs = B.colStride;
  const padded = (N + 3) & ~3;
  for (let j = 0; j < padded; j++) {
    let o = (j >> 2) * 4 * kc + (j & 3);
    if (j < N) {
      let src = bBase + j * cs;
      for (let k = 0; k < kc; k++, o += 4, src += rs) out[o] = bd[src];
    } else {
      for (let k = 0; k < kc; k++, o += 4) out[o] = 0;
    }
  }
}

export function gemmBlocked(
  batch: number,
  M: number,
  K: number,
  N: number,
  A: MatrixOperand,
  B: MatrixOperand,
  C: TypedArray,
): void {
  if (K === 0) {
    C.fill(0, 0, batch * M * N);
    return;
  }
  // float32 inputs pack exactly into float32 panels (half the memory traffic); anything else as doubles.
  const Pack = A.data instanceof Float32Array && B.data instanceof Float32Array ? Float32Array : Float64Array;
  const kcMax = Math.min(K, KC);
  const pa = new Pack(((Math.min(M, MC) + 3) & ~3) * kcMax);
  const pb = new Pack(((N + 3) & ~3) * kcMax);
  for (let b = 0; b < batch; b++) {
    const aBatch = A.offset + b * A.batchStride;
    const bBatch = B.offset + b * B.batchStride;
    const cBatch = b * M * N;
    for (let pc = 0; pc < K; pc += KC) {
      const kc = Math.min(KC, K - pc);
      const first = pc === 0;
      packB(B, bBatch + pc * B.rowStride, kc, N, pb);
      for (let ic = 0; ic < M; ic += MC) {
        const mc = Math.min(MC, M - ic);
        packA(A, aBatch + ic * A.rowStride + pc * A.colStride, mc, kc, pa);
        for (let jp = 0; jp < N; jp += 4) {
          const bo = jp * kc;
          for (let ip = 0; ip < mc; ip += 4) {
            let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
            let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
            for (let k = 0, x = ip * kc, y = bo; k < kc; k++, x += 4, y += 4) {
              const b0 = pb[y], b1 = pb[y + 1], b2 = pb[y + 2], b3 = pb[y + 3];
              let a = pa[x];
              c00 += a * b0; c01 += a * b1; c02 += a * b2; c03 += a * b3;
              a = pa[x + 1];
              c10 += a * b0; c11 += a * b1; c12 += a * b2; c13 += a * b3;
              a = pa[x + 2];
              c20 += a * b0; c21 += a * b1; c22 += a * b2; c23 += a * b3;
              a = pa[x + 3];
              c30 += a * b0; c31 += a * b1; c32 += a * b2; c33 += a * b3;
            }
            const i0 = ic + ip;
            const rows = Math.min(4, M - i0);
            const cols = Math.min(4, N - jp);
            let o = cBatch + i0 * N + jp;
            if (rows === 4 && cols === 4) {
              if (first) {
                C[o] = c00; C[o + 1] = c01; C[o + 2] = c02; C[o + 3] = c03; o += N;
                C[o] = c10; C[o + 1] = c11; C[o + 2] = c12; C[o + 3] = c13; o += N;
                C[o] = c20; C[o + 1] = c21; C[o + 2] = c22; C[o + 3] = c23; o += N;
                C[o] = c30; C[o + 1] = c31; C[o + 2] = c32; C[o + 3] = c33;
              } else {
                C[o] += c00; C[o + 1] += c01; C[o + 2] += c02; C[o + 3] += c03; o += N;
                C[o] += c10; C[o + 1] += c11; C[o + 2] += c12; C[o + 3] += c13; o += N;
                C[o] += c20; C[o + 1] += c21; C[o + 2] += c22; C[o + 3] += c23; o += N;
                C[o] += c30; C[o + 1] += c31; C[o + 2] += c32; C[o + 3] += c33;
              }
            } else {
              const tile = [c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33];
              for (let r = 0; r < rows; r++, o += N) {
                for (let c = 0; c < cols; c++) C[o + c] = first ? tile[r * 4 + c] : C[o + c] + tile[r * 4 + c];
              }
            }
          }
        }
      }
    }
  }
}
