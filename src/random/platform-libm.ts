/**
 * Where the float64 samplers get their log/sin/cos: the platform's C library (through the native
 * addon, native/libm.c) or the correctly rounded functions of double-math.ts.
 *
 * PyTorch's CPU kernels call the C library's log, sin and cos. On Linux with glibc those results
 * are glibc's, which differ from the correctly rounded ones on roughly 0.1% of arguments (by an
 * ulp, growing to a few ulp after the Box-Muller products). Calling the same glibc through the
 * addon reproduces PyTorch's streams bit for bit, so that is the choice wherever it is possible:
 * PyTorch on the same machine calls this very library (and the same CPU-specific variant of it).
 *
 * Elsewhere (macOS, musl, Windows, browsers, or no addon built) the C library at hand is not the
 * one PyTorch's Linux wheels use, and it would disagree with both glibc and the correct rounding
 * in its own way; the correctly rounded TypeScript functions are the closest portable answer, and
 * they make every platform give the same numbers.
 */
import { nativeKernels } from '../backend/native.js';

/** The addon's libm kernels (native/libm.c). Arrays are read and written in place. */
export interface PlatformLibmKernels {
  /** Box-Muller on `blocks` blocks of 16 uniforms from data[offset], then `* std + mean` fused. */
  libmNormalBlocks(data: Float64Array, offset: number, blocks: number, mean: number, std: number): void;
  /** (u1, u2) pairs at data[2k], data[2k+1] become (cosine sample, sine sample), before mean/std. */
  libmBoxMullerPairs(data: Float64Array, pairs: number): void;
  /** data[i] = scale * log(1 - data[i]) for i < count. */
  libmScaledLog1m(data: Float64Array, count: number, scale: number): void;
  libmLog(x: number): number;
  libmSin(x: number): number;
  libmCos(x: number): number;
  /** The running glibc's version, or null when the addon's C library is not glibc. */
  libmGlibcVersion(): string | null;
}

const KERNEL_NAMES = [
  'libmNormalBlocks',
  'libmBoxMullerPairs',
  'libmScaledLog1m',
  'libmLog',
  'libmSin',
  'libmCos',
  'libmGlibcVersion',
] as const;

let detected: PlatformLibmKernels | null | undefined;
let forcedOff = false;

/**
 * The addon's libm kernels when they reproduce PyTorch's, else null. The addon itself says whether
 * its C library is glibc (it was built against glibc's headers and runs on glibc): that is the
 * library whose log/sin/cos the samplers would get.
 */
function detect(): PlatformLibmKernels | null {
  const kernels = nativeKernels<PlatformLibmKernels>(KERNEL_NAMES);
  return kernels !== null && typeof kernels.libmGlibcVersion() === 'string' ? kernels : null;
}

/** The kernels the samplers should call, or null to use the TypeScript functions. */
export function platformLibm(): PlatformLibmKernels | null {
  if (forcedOff) return null;
  if (detected === undefined) detected = detect();
  return detected;
}

/** Whether this process can use the platform's libm at all (ignores setPlatformLibmEnabled). */
export function platformLibmAvailable(): boolean {
  if (detected === undefined) detected = detect();
  return detected !== null;
}

/**
 * Internal switch (for tests and comparisons): false makes every sampler use the correctly
 * rounded TypeScript functions; true restores the automatic choice. Returns the previous setting.
 */
export function setPlatformLibmEnabled(enabled: boolean): boolean {
  const was = !forcedOff;
  forcedOff = !enabled;
  return was;
}
