// When an update may go to the native library (src/backend/elementwise_native.ts): its arrays are all
// Float32Array or all Float64Array, of one length, and long enough that the call pays for itself.
import type { TypedArray } from '../tensor/dtype.js';
import { kernelCallPays } from '../backend/tier.js';

/**
 * Below this many elements the TypeScript loop is as fast as the call (about a microsecond; measured
 * with Adam, where the loop costs tens of nanoseconds an element). Arrays of 64 bytes or less also
 * live inside V8's heap, and handing one to native code would move it out.
 */
export const NATIVE_UPDATE_MIN = 64;

/**
 * True when `param` and the other arrays (nulls skipped) can be handed to a native update together.
 * With TORCHLET_KERNEL_DISPATCH=always any length goes, so that small test cases reach native code.
 */
export function nativeUpdateArrays(
  param: TypedArray, ...others: (ArrayLike<number> | null)[]
): param is Float32Array | Float64Array {
  const n = param.length;
  if (!kernelCallPays(n, NATIVE_UPDATE_MIN)) return false;
  const ctor = param.constructor;
  if (ctor !== Float32Array && ctor !== Float64Array) return false;
  for (const a of others) {
    if (a !== null && (a.constructor !== ctor || a.length !== n)) return false;
  }
  return true;
}
