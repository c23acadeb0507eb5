// The WebAssembly tier: SIMD128 micro-kernels (native/wasm/gemm.ts) driven from here. This side does
// the cache blocking and packs A and B panels straight into the module's memory (packing copies
// anyway, so the typed arrays need not live in wasm memory), then copies the padded C block out.
// One thread: the module's memory is private to the JS thread that instantiated it.
import type { TypedArray } from '../tensor/dtype.js';
import type { MatrixOperand } from './gemm_reference.js';
import { GEMM_WASM_BASE64 } from './gemm_wasm_binary.js';

interface GemmWasmExports {
  memory: WebAssembly.Memory;
  blockF32(pa: number, pb: number, c: number, mp: number, np: number, kc: number, ldc: number, accumulate: number): void;
  blockF64(pa: number, pb: number, c: number, mp: number, np: number, kc: number, ldc: number, accumulate: number): void;
}

let kernels: GemmWasmExports | null | undefined;
let loadError: string | undefined;

function decodeBase64(s: string): Uint8Array<ArrayBuffer> {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The instantiated kernels, or null where WebAssembly SIMD is unavailable (see wasmLoadError()). */
export function wasmKernels(): GemmWasmExports | null {
  if (kernels !== undefined) return kernels;
  kernels = null;
  try {
    if (typeof WebAssembly !== 'object') throw new Error('no WebAssembly in this JavaScript engine');
    // The module is about 1.4 KB, under the size browsers allow to compile synchronously.
    const module = new WebAssembly.Module(decodeBase64(GEMM_WASM_BASE64));
    kernels = new WebAssembly.Instance(module, {}).exports as unknown as GemmWasmExports;
  } catch (e) {
    loadError = (e as Error).message;
  }
  return kernels;
}

/** Why the WebAssembly kernels did not load (undefined when they did or were not tried yet). */
export function wasmLoadError(): string | undefined {
  return loadError;
}

const MR = 4;
const KC = 256;
const MC = 64;
/** Packed data starts past the module's own first page (its static data, if any). */
const BASE = 65536;

type FloatArray = Float32Array | Float64Array;

function viewOf(ex: GemmWasmExports, f64: boolean, bytes: number): FloatArray {
  const need = BASE + bytes;
  const have = ex.memory.buffer.byteLength;
  if (have < need) ex.memory.grow(Math.ceil((need - have) / 65536));
  return f64 ? new Float64Array(ex.memory.buffer) : new Float32Array(ex.memory.buffer);
}

/** C = A @ B per batch item, for Float32Array or Float64Array operands (all of one type). */
export function gemmWasm(
  batch: number,
  M: number,
  K: number,
  N: number,
  A: MatrixOperand,
  B: MatrixOperand,
  C: TypedArray,
): void {
  const ex = wasmKernels();
  if (!ex) throw new Error(`gemm: the 'wasm' kernel tier is not available here (${loadError})`);
  if (K === 0) {
    C.fill(0, 0, batch * M * N);
    return;
  }
  const f64 = C instanceof Float64Array;
  const NR = f64 ? 4 : 8;
  const esize = f64 ? 8 : 4;
  const Mp = Math.ceil(M / MR) * MR;
  const Np = Math.ceil(N / NR) * NR;
  const kcMax = Math.min(K, KC);
  const mcMax = Math.min(Mp, MC);
  // Element offsets (from BASE) of the A block, the B chunk and the padded C, each 16-byte aligned.
  const paOff = 0;
  const pbOff = paOff + mcMax * kcMax;
  const cOff = pbOff + Np * kcMax;
  const mem = viewOf(ex, f64, (cOff + Mp * Np) * esize);
  const base = BASE / esize;
  const block = f64 ? ex.blockF64 : ex.blockF32;
  const ad = A.data, bd = B.data;
  const ars = A.rowStride, acs = A.colStride, brs = B.rowStride, bcs = B.colStride;
  for (let b = 0; b < batch; b++) {
    const aBatch = A.offset + b * A.batchStride;
    const bBatch = B.offset + b * B.batchStride;
    for (let pc = 0; pc < K; pc += KC) {
      const kc = Math.min(KC, K - pc);
      // B[pc:pc+kc, :] into NR-column panels, zero-padded to Np columns.
      for (let j = 0; j < Np; j++) {
        let o = base + pbOff + Math.floor(j / NR) * NR * kc + (j % NR);
        if (j < N) {
          let src = bBatch + pc * brs + j * bcs;
          for (let k = 0; k < kc; k++, o += NR, src += brs) mem[o] = bd[src];
        } else {
          for (let k = 0; k < kc; k++, o += NR) mem[o] = 0;
        }
      }
      for (let ic = 0; ic < Mp; ic += MC) {
        const mp = Math.min(MC, Mp - ic);
        // A[ic:ic+mp, pc:pc+kc] into MR-row panels, zero-padded past row M.
        for (let i = 0; i < mp; i++) {
          let o = base + paOff + (i >> 2) * MR * kc + (i & 3);
          if (ic + i < M) {
            let src = aBatch + (ic + i) * ars + pc * acs;
            for (let k = 0; k < kc; k++, o += MR, src += acs) mem[o] = ad[src];
          } else {
            for (let k = 0; k < kc; k++, o += MR) mem[o] = 0;
          }
        }
        block(BASE + paOff * esize, BASE + pbOff * esize, BASE + (cOff + ic * Np) * esize, mp, Np, kc, Np, pc > 0 ? 1 : 0);
      }
    }
    const cBase = b * M * N;
    const cStart = base + cOff;
    if (Np === N) C.set(mem.subarray(cStart, cStart + M * N), cBase);
    else for (let i = 0; i < M; i++) C.set(mem.subarray(cStart + i * Np, cStart + i * Np + N), cBase + i * N);
  }
}
