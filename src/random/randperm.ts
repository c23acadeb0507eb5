/**
 * torch.randperm(n) on CPU as PyTorch 1.13.1 runs it for every n (RNG_SPEC.md §6): start from
 * 0..n-1 and, for i = 0..n-2, swap position i with i + (u32 % (n - i)). It draws max(n-1, 0)
 * u32s; the modulo bias is PyTorch's.
 */
import type { Generator } from './generator.js';
import { allocateArray } from './dtypes.js';

export type RandpermDType = 'int64' | 'int32' | 'int16' | 'int8' | 'uint8' | 'float32' | 'float64';

/** The largest n each dtype accepts, and the message PyTorch gives beyond it. */
const LIMITS: Record<RandpermDType, [number, string]> = {
  int64: [2 ** 53, 'n is too large for exact int64 values in a Float64Array'],
  float64: [2 ** 53 + 1, 'n cannot be greater than 2^53+1 for Double type.'],
  float32: [2 ** 24 + 1, 'n cannot be greater than 2^24+1 for Float type.'],
  int32: [2 ** 31, 'value cannot be converted to type int without overflow'],
  int16: [2 ** 15, 'value cannot be converted to type int16_t without overflow'],
  int8: [2 ** 7, 'value cannot be converted to type int8_t without overflow'],
  uint8: [2 ** 8, 'value cannot be converted to type uint8_t without overflow'],
};

type PermArray = Float64Array | Float32Array | Int32Array | Int16Array | Int8Array | Uint8Array;

/** Validates n for `dtype` with PyTorch's messages; draws nothing. */
export function checkRandpermSize(n: number, dtype: RandpermDType = 'int64'): void {
  if (!Number.isInteger(n)) throw new TypeError(`randperm expects an integer n, but got ${n}`);
  if (n < 0) throw new RangeError(`Trying to create tensor with negative dimension ${n}: [${n}]`);
  const limit = LIMITS[dtype];
  if (limit === undefined) throw new TypeError(`"randperm" not implemented for '${String(dtype)}'`);
  if (n > limit[0]) throw new RangeError(limit[1]);
}

/** A random permutation of 0..n-1 (int64 values in a Float64Array unless `dtype` says otherwise). */
export function randperm(gen: Generator, n: number): Float64Array;
export function randperm(gen: Generator, n: number, dtype: RandpermDType): PermArray;
export function randperm(gen: Generator, n: number, dtype: RandpermDType = 'int64'): PermArray {
  checkRandpermSize(n, dtype);
  const out = allocateArray(dtype, n) as PermArray;
  // Every value 0..n-1 is exact in the dtype (checked above). The random-access swaps are
  // memory-bound, so 8-byte outputs are shuffled in a 4-byte scratch array and copied once.
  const work = out instanceof Float64Array && n <= 2 ** 32 ? new Uint32Array(n) : out;
  for (let i = 0; i < n; i++) work[i] = i;
  const eng = gen.engine;
  for (let i = 0; i < n - 1; i++) {
    const z = i + (eng.nextU32() % (n - i));
    const t = work[i]!;
    work[i] = work[z]!;
    work[z] = t;
  }
  if (work !== out) out.set(work);
  return out;
}
