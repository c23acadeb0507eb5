// Every matrix product goes through gemmBatched, which picks the kernel: tiny products stay in the
// reference loop (a native call costs about 0.6 us, more than a 4x4x4 product in TypeScript), larger
// ones go to the current tier (native C micro-kernels, else WebAssembly, else blocked TypeScript).
// The thresholds are crossover points measured on x86-64 with Node 20 (bench: gemm_crossover.mjs).
import type { TypedArray } from '../tensor/dtype.js';
import { gemmReference, type MatrixOperand } from './gemm_reference.js';
import { gemmBlocked } from './gemm_blocked.js';
import { nativeAddon } from './native.js';
import { gemmWasm } from './gemm_wasm.js';
import { dispatchAlways, getKernelTier, getNumThreads, type KernelTier } from './tier.js';

export type { MatrixOperand } from './gemm_reference.js';
export { gemmReference } from './gemm_reference.js';

/** Multiply-adds (batch*M*N*K) from which a product leaves the reference loop for the native tier. */
export const NATIVE_MIN_MACS = 8 * 8 * 8;
/** Multiply-adds from which the WebAssembly kernels beat the reference loop. */
export const WASM_MIN_MACS = 10 * 10 * 10;
/** Multiply-adds from which the blocked TypeScript kernel beats the reference loop. */
export const BLOCKED_MIN_MACS = 16 * 16 * 16;
/**
 * Multiply-adds from which the native tier spreads one call over several threads: below about 200^3
 * waking the pool costs more than the second thread gives (n = 128: 1 thread 54-66 GFLOP/s, 2
 * threads 35-41 on a 2-core Zen 3 VM; break-even near n = 192).
 */
export const PARALLEL_MIN_MACS = 200 * 200 * 200;

type FloatArray = Float32Array | Float64Array;

function sameFloatArrays(a: TypedArray, b: TypedArray, c: TypedArray): boolean {
  return (
    (c instanceof Float32Array && a instanceof Float32Array && b instanceof Float32Array) ||
    (c instanceof Float64Array && a instanceof Float64Array && b instanceof Float64Array)
  );
}

/** C[b] = A[b] @ B[b] for strided A [batch, M, K], B [batch, K, N]; C is a fresh contiguous array. */
export function gemmBatched(
  batch: number,
  M: number,
  K: number,
  N: number,
  A: MatrixOperand,
  B: MatrixOperand,
  C: TypedArray,
): void {
  const macs = batch * M * N * K;
  if (dispatchAlways()) {
    gemmOnTier(getKernelTier(), getNumThreads(), batch, M, K, N, A, B, C);
    return;
  }
  if (macs >= NATIVE_MIN_MACS && sameFloatArrays(A.data, B.data, C)) {
    const tier = getKernelTier();
    if (tier === 'native') {
      gemmOnTier('native', macs >= PARALLEL_MIN_MACS ? getNumThreads() : 1, batch, M, K, N, A, B, C);
      return;
    }
    if (tier === 'wasm' && macs >= WASM_MIN_MACS) {
      gemmOnTier('wasm', 1, batch, M, K, N, A, B, C);
      return;
    }
    if (tier === 'js' && macs >= BLOCKED_MIN_MACS) {
      gemmOnTier('js', 1, batch, M, K, N, A, B, C);
      return;
    }
  }
  gemmReference(batch, M, K, N, A, B, C);
}

/**
 * Runs one tier's kernel whatever the size (tests and benchmarks use it to reach every tier with
 * every shape). 'js' is the blocked TypeScript kernel; non-float arrays always take the reference loop.
 */
export function gemmOnTier(
  tier: KernelTier,
  threads: number,
  batch: number,
  M: number,
  K: number,
  N: number,
  A: MatrixOperand,
  B: MatrixOperand,
  C: TypedArray,
): void {
  if (!sameFloatArrays(A.data, B.data, C)) {
    gemmReference(batch, M, K, N, A, B, C);
    return;
  }
  if (tier === 'native') {
    const addon = nativeAddon();
    if (!addon) throw new Error(`gemm: the 'native' kernel tier is not available here`);
    addon.gemm(
      batch, M, K, N,
      A.data as FloatArray, A.offset, A.batchStride, A.rowStride, A.colStride,
      B.data as FloatArray, B.offset, B.batchStride, B.rowStride, B.colStride,
      C as FloatArray, threads,
    );
    return;
  }
  if (tier === 'wasm') {
    gemmWasm(batch, M, K, N, A, B, C);
    return;
  }
  gemmBlocked(batch, M, K, N, A, B, C);
}
