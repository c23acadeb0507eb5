/**
 * Normal samples: torch.randn / Tensor.normal_(mean, std) / torch.normal (RNG_SPEC.md §4).
 *
 * Which algorithm runs depends on dtype, size and contiguity, exactly as in PyTorch:
 *   - float32, >= 16 elements, contiguous: the AVX2 block fill (avx2-normal-f32.ts, or its
 *     native port when the addon has it: native-normal-f32.ts);
 *   - float64, >= 16 elements, contiguous: the same block structure in double with libm;
 *   - anything else: scalar Box-Muller in double that caches its sine sample on the generator.
 * Block fills draw all uniforms first; when n is not a multiple of 16 the last 16 positions are
 * refilled with fresh uniforms and transformed again, overwriting the overlap.
 *
 * The double paths' log/sin/cos come from the platform's libm when it is PyTorch's (glibc), in
 * bulk through the native addon, else from the correctly rounded double-math.ts
 * (platform-libm.ts says which). The uniforms are drawn here either way, in the same order.
 */
import type { Generator } from './generator.js';
import { fma64 } from './float-rounding.js';
import { log, sinCos, sinCosResult } from './double-math.js';
import { normalBlock16Avx2 } from './avx2-normal-f32.js';
import { formatDouble } from './format.js';
import { platformLibm, type PlatformLibmKernels } from './platform-libm.js';
import { nativeNormalF32 } from './native-normal-f32.js';
import type { FloatArray } from './dtypes.js';

const TWO_POW_M24 = 1 / 16777216;
const TWO_POW_M53 = 1 / 9007199254740992;
const TWO_PI = 2 * Math.PI;

export function checkNormalStd(std: number): void {
  if (!(std >= 0)) throw new Error(`normal expects std >= 0.0, but found std ${formatDouble(std)}`);
}

/**
 * Fills `out` with N(mean, std^2) samples. `contiguous` says whether the tensor being filled is
 * contiguous: PyTorch only takes the block paths for contiguous tensors, so a strided view must
 * pass false (and scatter `out` into its elements in PyTorch's iteration order).
 */
export function fillNormal(gen: Generator, out: FloatArray, mean = 0, std = 1, contiguous = true): void {
  checkNormalStd(std);
  const n = out.length;
  if (n >= 16 && contiguous) {
    if (out instanceof Float32Array) fillNormalBlocksF32(gen, out, mean, std);
    else fillNormalBlocksF64(gen, out, mean, std);
  } else {
    fillNormalScalar(gen, out, mean, std);
  }
}

function fillNormalBlocksF32(gen: Generator, data: Float32Array, mean: number, std: number): void {
  const eng = gen.engine;
  const n = data.length;
  const mean32 = Math.fround(mean);
  const std32 = Math.fround(std);
  const native = nativeNormalF32();
  for (let i = 0; i < n; i++) data[i] = (eng.nextU32() & 0xffffff) * TWO_POW_M24;
  if (native) native.normalF32Blocks(data, 0, Math.floor(n / 16), mean32, std32);
  else for (let i = 0; i + 16 <= n; i += 16) normalBlock16Avx2(data, i, mean32, std32);
  if (n % 16 !== 0) {
    const base = n - 16;
    for (let i = 0; i < 16; i++) data[base + i] = (eng.nextU32() & 0xffffff) * TWO_POW_M24;
    if (native) native.normalF32Blocks(data, base, 1, mean32, std32);
    else normalBlock16Avx2(data, base, mean32, std32);
  }
}

function fillNormalBlocksF64(gen: Generator, data: Float64Array, mean: number, std: number): void {
  const eng = gen.engine;
  const n = data.length;
  const lib = platformLibm();
  for (let i = 0; i < n; i++) {
    const hi = eng.nextU32();
    data[i] = ((hi & 0x1fffff) * 4294967296 + eng.nextU32()) * TWO_POW_M53;
  }
  if (lib) lib.libmNormalBlocks(data, 0, Math.floor(n / 16), mean, std);
  else for (let i = 0; i + 16 <= n; i += 16) normalBlock16F64(data, i, mean, std);
  if (n % 16 !== 0) {
    const base = n - 16;
    for (let i = 0; i < 16; i++) {
      const hi = eng.nextU32();
      data[base + i] = ((hi & 0x1fffff) * 4294967296 + eng.nextU32()) * TWO_POW_M53;
    }
    if (lib) lib.libmNormalBlocks(data, base, 1, mean, std);
    else normalBlock16F64(data, base, mean, std);
  }
}

function normalBlock16F64(data: Float64Array, o: number, mean: number, std: number): void {
  for (let j = 0; j < 8; j++) {
    const u1 = 1 - data[o + j]!;
    const u2 = data[o + j + 8]!;
    const radius = Math.sqrt(-2 * log(u1));
    sinCos(TWO_PI * u2);
    data[o + j] = fma64(radius * sinCosResult[1]!, std, mean);
    data[o + j + 8] = fma64(radius * sinCosResult[0]!, std, mean);
  }
}

/**
 * One standard normal from the scalar Box-Muller path, before mean/std are applied: either the
 * cached sine sample, or a fresh pair whose sine sample is cached for the next call.
 */
export function nextStandardNormal(gen: Generator): number {
  if (gen.hasNextDoubleNormal) {
    gen.hasNextDoubleNormal = false;
    return gen.nextDoubleNormal;
  }
  const eng = gen.engine;
  let hi = eng.nextU32();
  const u1 = ((hi & 0x1fffff) * 4294967296 + eng.nextU32()) * TWO_POW_M53;
  hi = eng.nextU32();
  const u2 = ((hi & 0x1fffff) * 4294967296 + eng.nextU32()) * TWO_POW_M53;
  const lib = platformLibm();
  if (lib) {
    pairScratch[0] = u1;
    pairScratch[1] = u2;
    lib.libmBoxMullerPairs(pairScratch, 1);
    gen.nextDoubleNormal = pairScratch[1]!;
    gen.hasNextDoubleNormal = true;
    return pairScratch[0]!;
  }
  // PyTorch 1.13.1 takes log(1 - u2); later releases switched to log1p(-u2).
  const radius = Math.sqrt(-2 * log(1 - u2));
  sinCos(TWO_PI * u1);
  gen.nextDoubleNormal = radius * sinCosResult[0]!;
  gen.hasNextDoubleNormal = true;
  return radius * sinCosResult[1]!;
}

const pairScratch = new Float64Array(2);
/** Pairs per native call of the bulk scalar path (bounds its scratch memory). */
const CHUNK_PAIRS = 2048;
const pairsScratch = new Float64Array(2 * CHUNK_PAIRS);

/** The scalar path for every element (what PyTorch runs for n < 16 or strided tensors). */
export function fillNormalScalar(gen: Generator, out: FloatArray, mean = 0, std = 1): void {
  checkNormalStd(std);
  const n = out.length;
  const lib = platformLibm();
  if (lib && n > 1) {
    fillNormalScalarBulk(lib, gen, out, mean, std);
    return;
  }
  for (let i = 0; i < n; i++) out[i] = fma64(nextStandardNormal(gen), std, mean);
}

/**
 * The scalar path with the pairs transformed by the native libm a chunk at a time: the same
 * draws in the same order as element-by-element nextStandardNormal, and the same sample left
 * cached on the generator.
 */
function fillNormalScalarBulk(lib: PlatformLibmKernels, gen: Generator, out: FloatArray, mean: number, std: number): void {
  const n = out.length;
  let i = 0;
  if (gen.hasNextDoubleNormal) {
    gen.hasNextDoubleNormal = false;
    out[i++] = fma64(gen.nextDoubleNormal, std, mean);
  }
  const buf = pairsScratch;
  const eng = gen.engine;
  while (i < n) {
    const fresh = Math.min(n - i, 2 * CHUNK_PAIRS);
    const pairs = Math.ceil(fresh / 2);
    for (let k = 0; k < 2 * pairs; k++) {
      const hi = eng.nextU32();
      buf[k] = ((hi & 0x1fffff) * 4294967296 + eng.nextU32()) * TWO_POW_M53;
    }
    lib.libmBoxMullerPairs(buf, pairs);
    for (let k = 0; k < fresh; k++) out[i + k] = fma64(buf[k]!, std, mean);
    i += fresh;
    // An odd count can only happen in the last chunk: its last pair's sine sample is cached.
    if (fresh % 2 === 1) {
      gen.nextDoubleNormal = buf[2 * pairs - 1]!;
      gen.hasNextDoubleNormal = true;
    }
  }
}

function checkTensorStd(std: FloatArray): void {
  for (let i = 0; i < std.length; i++) {
    if (!(std[i]! >= 0)) throw new Error('normal expects all elements of std >= 0.0');
  }
}

/**
 * torch.normal with a tensor mean and/or a tensor std, into a fresh contiguous `out`.
 * Array arguments must already be broadcast to out's length. PyTorch composes this from
 * separate tensor ops, each rounded in out's dtype:
 *   normal(meanT, s)   = empty.normal_(0, s) + meanT
 *   normal(m, stdT)    = empty.normal_(0, 1) * stdT + m
 *   normal(meanT, stdT) = empty.normal_(0, 1) * stdT + meanT
 * std is validated before anything is drawn.
 */
export function fillNormalTensorParams(
  gen: Generator,
  out: FloatArray,
  mean: number | FloatArray,
  std: number | FloatArray,
): void {
  const n = out.length;
  for (const [name, arg] of [['mean', mean], ['std', std]] as const) {
    if (typeof arg !== 'number' && arg.length !== n) {
      throw new RangeError(`normal: ${name} has ${arg.length} elements but the output has ${n}`);
    }
  }
  const f32 = out instanceof Float32Array;
  const round = f32 ? Math.fround : (v: number) => v;
  if (typeof std === 'number') {
    if (typeof mean === 'number') {
      fillNormal(gen, out, mean, std);
      return;
    }
    checkNormalStd(std);
    fillNormal(gen, out, 0, std);
    for (let i = 0; i < n; i++) out[i] = out[i]! + mean[i]!;
    return;
  }
  checkTensorStd(std);
  fillNormal(gen, out, 0, 1);
  if (typeof mean === 'number') {
    const m = round(mean);
    for (let i = 0; i < n; i++) out[i] = round(out[i]! * std[i]!) + m;
  } else {
    for (let i = 0; i < n; i++) out[i] = round(out[i]! * std[i]!) + mean[i]!;
  }
}
