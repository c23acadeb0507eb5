// The native library's convolution and max-pooling kernels (native/conv.c), for the 'native' tier.
// A library built before these kernels existed lacks them; the getter then answers null and the
// callers keep their TypeScript loops.
import { nativeKernels } from './native.js';
import { getKernelTier } from './tier.js';

type FloatArray = Float32Array | Float64Array;

export interface ConvKernels {
  /**
   * out [N, O, oh, ow] = conv2d(x [N, C, H, W], w [O, C/G, kh, kw]) + bias, float32, contiguous; every
   * element of out is overwritten.
   * geom: [N, C, H, W, O, G, kh, kw, sh, sw, dh, dw, padTop, padLeft, oh, ow].
   */
  conv2dForward(geom: Int32Array, x: Float32Array, w: Float32Array, bias: Float32Array | null, out: Float32Array, threads: number): void;
  /** Writes the gradients asked for (the others null); every element of each is overwritten. */
  conv2dBackward(
    geom: Int32Array, x: Float32Array, w: Float32Array, gout: Float32Array,
    gx: Float32Array | null, gw: Float32Array | null, gb: Float32Array | null, threads: number,
  ): void;
  /**
   * Max pooling of x [planes, H, W] into out [planes, oh, ow] with idx (flat positions in each plane,
   * -1 where a window saw only padding). geom: [planes, H, W, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow].
   */
  maxPool2dForward(geom: Int32Array, x: FloatArray, out: FloatArray, idx: Float64Array, threads: number): void;
  /** gx [planes, H, W] = gout scattered to idx (overwritten; negative indices skipped); gx and gout of one type. */
  maxPool2dBackward(geom: Int32Array, gout: FloatArray, idx: Float64Array, gx: FloatArray, threads: number): void;
}

const NAMES: readonly (keyof ConvKernels)[] = ['conv2dForward', 'conv2dBackward', 'maxPool2dForward', 'maxPool2dBackward'];

let found: ConvKernels | null | undefined;

/** The native kernels whatever the current tier (tests use it to compare them with the TypeScript loops). */
export function nativeConvKernelsAvailable(): ConvKernels | null {
  if (found !== undefined) return found;
  found = nativeKernels<ConvKernels>(NAMES);
  return found;
}

/** The native kernels when the 'native' tier is selected and the library has them, else null. */
export function nativeConvKernels(): ConvKernels | null {
  return getKernelTier() === 'native' ? nativeConvKernelsAvailable() : null;
}
