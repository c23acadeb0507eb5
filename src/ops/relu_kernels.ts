// relu's forward and backward loops. Which elements pass depends on their signs, which come in random
// order, and a branch per element mispredicts about half the time: about three times the cost of the
// loop itself (Math.max compiles to branches too). For large float32 arrays the choice is made on
// the bits instead, through Int32Array views of the same memory: a comparison gives an all-ones or
// all-zeros mask that keeps or clears the 32 bits of the value. Small arrays keep the plain loop:
// two views cost more than a few mispredictions, and taking `.buffer` of a typed array of 64 bytes
// or less would move it out of V8's heap.
// On the native tier large arrays go to the native library's loops, which keep the same bits.
import type { TypedArray } from '../tensor/dtype.js';
import { elementwiseKernels } from '../backend/elementwise_native.js';
import { kernelCallPays } from '../backend/tier.js';

/** From this many elements the bit-mask loops pay for their two views (and the arrays are off-heap). */
const MASK_MIN = 64;
/** From this many elements a native call (0.15-0.2 us fixed) beats the bit-mask loop (measured: 1000 elements 2.7 -> 0.2 us). */
const NATIVE_MIN = 64;

/** Whether n elements go native (any n under TORCHLET_KERNEL_DISPATCH=always, for the tier tests). */
function nativeSize(n: number): boolean {
  return kernelCallPays(n, NATIVE_MIN);
}

function isFloatArray(a: TypedArray): a is Float32Array | Float64Array {
  return a.constructor === Float32Array || a.constructor === Float64Array;
}

function bits(a: Float32Array): Int32Array {
  return new Int32Array(a.buffer, a.byteOffset, a.length);
}

/** out[i] = max(v[i], 0), with nan kept and -0 turned into 0. */
export function reluForward(v: TypedArray, out: TypedArray): void {
  const n = out.length;
  if (nativeSize(n) && v.length === n && v.constructor === out.constructor && isFloatArray(out)) {
    const native = elementwiseKernels();
    if (native !== null) {
      native.reluForward(v as typeof out, out);
      return;
    }
  }
  if (n >= MASK_MIN && v instanceof Float32Array && out instanceof Float32Array) {
    const vb = bits(v);
    const ob = bits(out);
    // Kept where v > 0 or v is nan (v !== v); everything else (negatives, -0) becomes +0.
    for (let i = 0; i < n; i++) {
      const x = v[i];
      ob[i] = vb[i] & (-(x > 0) | -(x !== x));
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    const x = v[i];
    out[i] = x > 0 ? x : x !== x ? x : 0;
  }
}

/** out[i] = y[i] > 0 ? g[i] : 0 (relu's gradient from its output y; 0 where y is 0 or nan). */
export function reluBackward(y: TypedArray, g: TypedArray, out: TypedArray): void {
  const n = out.length;
  if (
    nativeSize(n) && y.length === n && g.length === n && y.constructor === out.constructor
    && g.constructor === out.constructor && isFloatArray(out)
  ) {
    const native = elementwiseKernels();
    if (native !== null) {
      native.reluBackward(y as typeof out, g as typeof out, out);
      return;
    }
  }
  if (n >= MASK_MIN && g instanceof Float32Array && out instanceof Float32Array) {
    const gb = bits(g);
    const ob = bits(out);
    for (let i = 0; i < n; i++) ob[i] = gb[i] & -(y[i] > 0);
    return;
  }
  for (let i = 0; i < n; i++) out[i] = y[i] > 0 ? g[i] : 0;
}
