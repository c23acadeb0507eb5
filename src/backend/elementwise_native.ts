// The native library's optimizer updates and elementwise loops (native/elementwise.c). They give the
// TypeScript loops' results bit for bit, several times faster; the TypeScript loops stay as the
// fallback (browsers, no compiler, an older library) and as what the 'js' and 'wasm' tiers run.
// Arrays are read and written in place; each call checks its arguments and throws on a bad one.
import { nativeKernels } from './native.js';
import { getKernelTier } from './tier.js';

export type FloatArray = Float32Array | Float64Array;

/** Option bits of the updates. */
export const EW_MAXIMIZE = 1;
/** Add (weight decay) * param to the gradient (the L2 penalty). */
export const EW_L2 = 2;
/** AdamW: scale the parameter by `decay` first. */
export const EW_DECOUPLED = 4;
/** SGD: Nesterov momentum. */
export const EW_NESTEROV = 8;
/** SGD: the momentum buffer is new and starts as the gradient. */
export const EW_FRESH = 16;

/**
 * The functions. Every array has the parameter's type and length. Hyperparameters come already rounded
 * to the parameter's dtype, as the TypeScript loops use them. The updates return false, having written
 * nothing, when two of the arrays overlap in memory: the caller's loop must run instead.
 */
export interface ElementwiseKernels {
  adamUpdate(
    param: FloatArray, grad: FloatArray, expAvg: FloatArray, expAvgSq: FloatArray, maxExpAvgSq: FloatArray | null,
    beta1: number, beta2: number, oneMinusBeta1: number, oneMinusBeta2: number, negStepSize: number,
    bc2Sqrt: number, eps: number, decay: number, l2: number, flags: number, threads: number,
  ): boolean;
  sgdUpdate(
    param: FloatArray, grad: FloatArray, momentumBuffer: FloatArray | null, momentum: number, keep: number,
    negLr: number, l2: number, flags: number, threads: number,
  ): boolean;
  rmspropUpdate(
    param: FloatArray, grad: FloatArray, squareAvg: FloatArray, gradAvg: FloatArray | null,
    momentumBuffer: FloatArray | null, alpha: number, oneMinusAlpha: number, eps: number, momentum: number,
    negLr: number, l2: number, flags: number, threads: number,
  ): boolean;
  adagradUpdate(
    param: FloatArray, grad: FloatArray, sum: FloatArray, eps: number, negClr: number, l2: number, flags: number,
    threads: number,
  ): boolean;
  /** out[i] = input[i] where it is > 0 or nan (bits kept), else +0. `out` may be `input`. */
  reluForward(input: FloatArray, out: FloatArray): void;
  /** out[i] = output[i] > 0 ? grad[i] : +0. */
  reluBackward(output: FloatArray, grad: FloatArray, out: FloatArray): void;
  /** out[r * rowLength + j] += bias[biasOffset + j] for every row r of out. */
  addRowBias(out: FloatArray, bias: FloatArray, biasOffset: number, rowLength: number): void;
  /** The variant in use: 'avx2' or 'generic'. */
  elementwiseIsa(): string;
  /** Selects 'avx2', 'generic' or 'best'; false when this CPU cannot run it. */
  setElementwiseIsa(name: string): boolean;
}

let cached: ElementwiseKernels | null | undefined;

/** The native functions whatever the tier (for tests); null when the library lacks them. */
export function nativeElementwiseKernels(): ElementwiseKernels | null {
  if (cached !== undefined) return cached;
  cached = nativeKernels<ElementwiseKernels>(['adamUpdate', 'addRowBias', 'setElementwiseIsa']);
  return cached;
}

/** The native functions when the native tier is selected, else null (the TypeScript loops run). */
export function elementwiseKernels(): ElementwiseKernels | null {
  return getKernelTier() === 'native' ? nativeElementwiseKernels() : null;
}
