// F.conv1d / F.conv2d by im2col + matrix products: each sample's receptive fields are unrolled
// into a [C·kh·kw, L] matrix, so the convolution is one GEMM per group (weight [O/g, C/g·kh·kw]
// times columns). The backward reuses the same matrices: grad_weight = grad_out · colsᵀ summed over
// the batch, grad_input = col2im(weightᵀ · grad_out). One graph node, ConvolutionBackward0.
// conv1d runs as conv2d with a height of 1 (same memory layout, no reshapes).
import { Tensor } from '../../tensor/tensor.js';
import type { TypedArray } from '../../tensor/dtype.js';
import { anyNeedsGrad, recordOp } from '../../autograd/function.js';
import { gemmBatched, PARALLEL_MIN_MACS, type MatrixOperand } from '../../backend/gemm.js';
import { nativeConvKernels, type ConvKernels } from '../../backend/conv_native.js';
import { allocForOverwrite } from '../../tensor/storage.js';
import { getNumThreads } from '../../backend/tier.js';
import '../../ops/view.js';
import { bindArgs } from '../args.js';

type FloatArray = Float32Array | Float64Array;

/** Shape of one 2-D convolution; padding is per side, so PyTorch's asymmetric 'same' fits. */
export interface ConvGeometry {
  N: number; C: number; H: number; W: number;
  O: number; G: number; kh: number; kw: number;
  sh: number; sw: number; dh: number; dw: number;
  padTop: number; padLeft: number;
  oh: number; ow: number;
}

function operand(data: TypedArray, offset: number, batchStride: number, rowStride: number, colStride: number): MatrixOperand {
  return { data, offset, batchStride, rowStride, colStride };
}

/**
 * Working arrays that live only inside one forward or backward call (the product before it is moved
 * into [N, O, L], the gradient in that layout, the unrolled input gradient) are kept between calls:
 * at a few megabytes each, fresh ones cost more in page faults and zeroing than the loops that fill
 * them, and every element is written before it is read.
 */
const scratchArrays = new Map<string, FloatArray>();
function scratch(ArrayType: Float32ArrayConstructor | Float64ArrayConstructor, role: string, n: number): FloatArray {
  const key = `${ArrayType.name} ${role}`;
  let a = scratchArrays.get(key);
  if (a === undefined || a.length < n) {
    a = new ArrayType(n);
    scratchArrays.set(key, a);
  }
  return a.length === n ? a : (a.subarray(0, n) as FloatArray);
}

/** The [M, N] product of strided operands, written into `out` from element `at` on. */
function product(M: number, K: number, N: number, A: MatrixOperand, B: MatrixOperand, out: FloatArray, at: number): void {
  if (M * N === 0) return;
  const C = at === 0 && out.length === M * N ? out : (out.subarray(at, at + M * N) as FloatArray);
  // `out` may be a reused working array: an empty sum must still write its zeros.
  if (K === 0) C.fill(0);
  else gemmBatched(1, M, K, N, A, B, C);
}

/**
 * The range of output columns [lo, hi) whose input column `ox·sw + xOff` lies inside [0, W): outside
 * it the window reads padding, so the loops below touch only the inside, with no test per element.
 */
function insideRange(ow: number, sw: number, xOff: number, W: number): [number, number] {
  const lo = Math.min(ow, Math.max(0, Math.ceil(-xOff / sw)));
  const hi = Math.min(ow, Math.max(lo, Math.ceil((W - xOff) / sw)));
  return [lo, hi];
}

/**
 * Unrolls every sample of `x` into cols [C·kh·kw, N·oh·ow]: column n·L + l holds sample n's
 * receptive field at output position l, so one matrix product covers the whole batch. `cols` must be
 * fresh (zeros): padding positions are left as they are.
 */
function im2col(x: ArrayLike<number>, g: ConvGeometry, cols: FloatArray): void {
  const { N, C, H, W, kh, kw, sh, sw, dh, dw, padTop, padLeft, oh, ow } = g;
  const L = oh * ow;
  const NL = N * L;
  const plane = H * W;
  for (let c = 0; c < C; c++) {
    for (let ki = 0; ki < kh; ki++) {
      for (let kj = 0; kj < kw; kj++) {
        const row = ((c * kh + ki) * kw + kj) * NL;
        const xOff = kj * dw - padLeft;
        const [lo, hi] = insideRange(ow, sw, xOff, W);
        for (let n = 0; n < N; n++) {
          const sample = (n * C + c) * plane + xOff;
          for (let oy = 0; oy < oh; oy++) {
            const iy = oy * sh - padTop + ki * dh;
            if (iy < 0 || iy >= H) continue;
            const dst = row + n * L + oy * ow;
            const src = sample + iy * W;
            if (sw === 1) for (let ox = lo; ox < hi; ox++) cols[dst + ox] = x[src + ox];
            else for (let ox = lo; ox < hi; ox++) cols[dst + ox] = x[src + ox * sw];
          }
        }
      }
    }
  }
}

/** Adds cols [C·kh·kw, N·oh·ow] (im2col's layout) back onto the input gradient: im2col's adjoint. */
function col2imAdd(cols: ArrayLike<number>, g: ConvGeometry, gx: FloatArray): void {
  const { N, C, H, W, kh, kw, sh, sw, dh, dw, padTop, padLeft, oh, ow } = g;
  const L = oh * ow;
  const NL = N * L;
  const plane = H * W;
  for (let c = 0; c < C; c++) {
    for (let ki = 0; ki < kh; ki++) {
      for (let kj = 0; kj < kw; kj++) {
        const row = ((c * kh + ki) * kw + kj) * NL;
        const xOff = kj * dw - padLeft;
        const [lo, hi] = insideRange(ow, sw, xOff, W);
        for (let n = 0; n < N; n++) {
          const sample = (n * C + c) * plane + xOff;
          for (let oy = 0; oy < oh; oy++) {
            const iy = oy * sh - padTop + ki * dh;
            if (iy < 0 || iy >= H) continue;
            const src = row + n * L + oy * ow;
            const dst = sample + iy * W;
            if (sw === 1) for (let ox = lo; ox < hi; ox++) gx[dst + ox] += cols[src + ox];
            else for (let ox = lo; ox < hi; ox++) gx[dst + ox * sw] += cols[src + ox];
          }
        }
      }
    }
  }
}

/**
 * The convolution proper on a batched [N, C, H, W] input; arguments already checked. Per group, one
 * product over the whole batch: out [O, N·L] = W [O, K] @ cols [K, N·L], then moved to [N, O, L].
 * The backward uses the same layout: grad_weight = gout [O, N·L] @ colsᵀ (the batch sum happens
 * inside the product) and grad_input = col2im(Wᵀ @ gout).
 */
function conv2dCore(input: Tensor, weight: Tensor, bias: Tensor | null, g: ConvGeometry, outShape: number[]): Tensor {
  const dtype = input.dtype;
  const native = dtype.ArrayType === Float32Array && g.N * g.C * g.O * g.oh * g.ow > 0 ? nativeConvKernels() : null;
  if (native !== null) return conv2dNative(native, input, weight, bias, g, outShape);
  const { N, C, O, G, kh, kw, oh, ow } = g;
  const L = oh * ow;
  const NL = N * L;
  const Cg = C / G;
  const Og = O / G;
  const Kg = Cg * kh * kw;
  const K = C * kh * kw;
  const x = input._values();
  const w = weight._values();
  const cols = new (dtype.ArrayType)(K * NL) as FloatArray;
  im2col(x, g, cols);
  const FloatType = dtype.ArrayType as Float32ArrayConstructor | Float64ArrayConstructor;
  const outT = scratch(FloatType, 'product', O * NL);
  for (let gi = 0; gi < G; gi++) {
    // [Og, N·L] = W_g [Og, Kg] @ cols_g [Kg, N·L]
    product(Og, Kg, NL, operand(w, gi * Og * Kg, 0, Kg, 1), operand(cols, gi * Kg * NL, 0, NL, 1), outT, gi * Og * NL);
  }
  const out = new (dtype.ArrayType)(N * O * L) as FloatArray;
  const b = bias ? bias._values() : null;
  for (let n = 0; n < N; n++) {
    for (let o = 0; o < O; o++) {
      const src = o * NL + n * L;
      const dst = (n * O + o) * L;
      if (b === null) out.set(outT.subarray(src, src + L), dst);
      else {
        const bo = b[o];
        for (let l = 0; l < L; l++) out[dst + l] = outT[src + l] + bo;
      }
    }
  }
  const result = new Tensor(out, outShape, dtype);
  if (anyNeedsGrad([input, weight, bias])) {
    const needX = input._requiresGrad;
    const needW = weight._requiresGrad;
    const needB = bias !== null && bias._requiresGrad;
    recordOp(result, 'ConvolutionBackward0', [input, weight, bias], (gout) => {
      const go = gout.contiguous()._values();
      // gout [N, O, L] as [O, N·L], the layout of the forward's product.
      const goT = scratch(FloatType, 'gradient', O * NL);
      for (let n = 0; n < N; n++) {
        for (let o = 0; o < O; o++) goT.set(go.subarray((n * O + o) * L, (n * O + o + 1) * L), o * NL + n * L);
      }
      let gx: Tensor | null = null;
      let gw: Tensor | null = null;
      let gb: Tensor | null = null;
      if (needX) {
        const gcols = scratch(FloatType, 'columns', K * NL);
        for (let gi = 0; gi < G; gi++) {
          // [Kg, N·L] = W_gᵀ [Kg, Og] @ gout_g [Og, N·L]
          product(Kg, Og, NL, operand(w, gi * Og * Kg, 0, 1, Kg), operand(goT, gi * Og * NL, 0, NL, 1), gcols, gi * Kg * NL);
        }
        const gxd = new (dtype.ArrayType)(N * C * g.H * g.W) as FloatArray;
        col2imAdd(gcols, g, gxd);
        gx = new Tensor(gxd, input._shape, dtype);
      }
      if (needW) {
        const gwd = new (dtype.ArrayType)(O * Kg) as FloatArray;
        for (let gi = 0; gi < G; gi++) {
          // [Og, Kg] = gout_g [Og, N·L] @ cols_gᵀ [N·L, Kg]
          product(Og, NL, Kg, operand(goT, gi * Og * NL, 0, NL, 1), operand(cols, gi * Kg * NL, 0, 1, NL), gwd, gi * Og * Kg);
        }
        gw = new Tensor(gwd, weight._shape, dtype);
      }
      if (needB) {
        const gbd = new (dtype.ArrayType)(O) as FloatArray;
        for (let o = 0; o < O; o++) {
          let s = 0;
          for (let i = o * NL, end = i + NL; i < end; i++) s += goT[i];
          gbd[o] = s;
        }
        gb = new Tensor(gbd, bias!._shape, dtype);
      }
      return [gx, gw, gb];
    }, [input, weight]);
  }
  return result;
}

/**
 * The native tier's convolution (native/conv.c): one sample at a time, in cache-sized working arrays,
 * writing [N, O, L] directly; the backward reads the input again rather than keeping a batch of
 * unrolled columns alive between the passes.
 */
function conv2dNative(kernels: ConvKernels, input: Tensor, weight: Tensor, bias: Tensor | null, g: ConvGeometry, outShape: number[]): Tensor {
  const dtype = input.dtype;
  const { N, C, H, W, O, G, kh, kw, sh, sw, dh, dw, padTop, padLeft, oh, ow } = g;
  const geom = Int32Array.of(N, C, H, W, O, G, kh, kw, sh, sw, dh, dw, padTop, padLeft, oh, ow);
  const macs = N * O * oh * ow * (C / G) * kh * kw;
  const threads = macs >= PARALLEL_MIN_MACS ? getNumThreads() : 1;
  const x = input._values() as Float32Array;
  const w = weight._values() as Float32Array;
  const out = allocForOverwrite(Float32Array, N * O * oh * ow);
  kernels.conv2dForward(geom, x, w, bias ? (bias._values() as Float32Array) : null, out, threads);
  const result = new Tensor(out, outShape, dtype);
  if (anyNeedsGrad([input, weight, bias])) {
    const needX = input._requiresGrad;
    const needW = weight._requiresGrad;
    const needB = bias !== null && bias._requiresGrad;
    recordOp(result, 'ConvolutionBackward0', [input, weight, bias], (gout) => {
      const go = gout.contiguous()._values() as Float32Array;
      const gxd = needX ? allocForOverwrite(Float32Array, N * C * H * W) : null;
      const gwd = needW ? new Float32Array(weight.numel()) : null;
      const gbd = needB ? new Float32Array(O) : null;
      kernels.conv2dBackward(geom, x, w, go, gxd, gwd, gbd, threads);
      return [
        gxd && new Tensor(gxd, input._shape, dtype),
        gwd && new Tensor(gwd, weight._shape, dtype),
        gbd && new Tensor(gbd, bias!._shape, dtype),
      ];
    }, [input, weight]);
  }
  return result;
}

function tupleArg(v: unknown, n: number, name: string): number[] {
  const arr = typeof v === 'number' ? new Array<number>(n).fill(v) : Array.isArray(v) ? v.slice() : null;
  if (!arr || arr.length !== n || !arr.every((x) => Number.isInteger(x))) {
    throw new TypeError(`${name} must be an int or a list of ${n} ints, got ${JSON.stringify(v)}`);
  }
  return arr as number[];
}

function shapeText(s: readonly number[]): string {
  return `[${s.join(', ')}]`;
}

interface ConvArgs extends Record<string, unknown> {
  bias: Tensor | null;
  stride: number | number[];
  padding: number | number[] | string;
  dilation: number | number[];
  groups: number;
}
const CONV_NAMES = ['bias', 'stride', 'padding', 'dilation', 'groups'] as const;
const CONV_DEFAULTS: ConvArgs = { bias: null, stride: 1, padding: 0, dilation: 1, groups: 1 };

/** Checks and geometry shared by conv1d/conv2d; `spatial` is 1 or 2. */
function convNd(fn: string, spatial: 1 | 2, input: Tensor, weight: Tensor, o: ConvArgs): Tensor {
  if (!(input instanceof Tensor)) throw new TypeError(`${fn}(): argument 'input' must be Tensor`);
  if (!(weight instanceof Tensor)) throw new TypeError(`${fn}(): argument 'weight' must be Tensor`);
  const dim = input.dim();
  if (dim !== spatial + 1 && dim !== spatial + 2) {
    throw new Error(
      `Expected ${spatial + 1}D (unbatched) or ${spatial + 2}D (batched) input to ${fn}, but got input of size: ${shapeText(input._shape)}`,
    );
  }
  const batched = dim === spatial + 2;
  let x = batched ? input : input.unsqueeze(0);
  if (weight.dim() !== spatial + 2) {
    throw new Error(`weight should have ${spatial + 2} dimensions for ${fn}, got weight of size ${shapeText(weight._shape)}`);
  }
  if (!x.dtype.isFloatingPoint) throw new TypeError(`"${fn}" not implemented for '${x.dtype.name}'`);
  if (x.dtype !== weight.dtype) {
    throw new TypeError(`expected scalar type ${x.dtype.name} but found ${weight.dtype.name} (input and weight must have the same dtype)`);
  }
  const groups = o.groups;
  if (!Number.isInteger(groups) || groups <= 0) throw new Error('non-positive groups is not supported');
  const stride = tupleArg(o.stride, spatial, 'stride');
  const dilation = tupleArg(o.dilation, spatial, 'dilation');
  if (stride.some((s) => s <= 0)) throw new Error('non-positive stride is not supported');
  if (dilation.some((d) => d <= 0)) throw new Error('dilation should be greater than zero');
  const ws = weight._shape;
  const O = ws[0];
  if (O % groups !== 0) {
    throw new Error(`Given groups=${groups}, expected weight to be divisible by ${groups} at dimension 0, but got weight of size ${shapeText(ws)} instead`);
  }
  const C = x._shape[1];
  if (C !== ws[1] * groups) {
    throw new Error(
      `Given groups=${groups}, weight of size ${shapeText(ws)}, expected input${shapeText(x._shape)} to have ${ws[1] * groups} channels, but got ${C} channels instead`,
    );
  }
  const bias = o.bias;
  if (bias !== null && bias !== undefined) {
    if (!(bias instanceof Tensor) || bias.dim() !== 1 || bias.numel() !== O) {
      throw new Error(
        `Given weight of size ${shapeText(ws)}, expected bias to be 1-dimensional with ${O} elements, but got bias of size ${shapeText(bias instanceof Tensor ? bias._shape : [])} instead`,
      );
    }
  }
  const kernel = ws.slice(2);
  let padBefore: number[];
  let padAfter: number[];
  if (typeof o.padding === 'string') {
    if (o.padding === 'valid') {
      padBefore = new Array(spatial).fill(0);
      padAfter = padBefore.slice();
    } else if (o.padding === 'same') {
      if (stride.some((s) => s !== 1)) throw new Error("padding='same' is not supported for strided convolutions");
      const total = kernel.map((k, i) => dilation[i] * (k - 1));
      padBefore = total.map((t) => Math.floor(t / 2));
      padAfter = total.map((t, i) => t - padBefore[i]);
    } else {
      throw new Error(`Invalid padding string '${o.padding}', should be one of {'valid', 'same'}`);
    }
  } else {
    padBefore = tupleArg(o.padding, spatial, 'padding');
    if (padBefore.some((p) => p < 0)) throw new Error('negative padding is not supported');
    padAfter = padBefore.slice();
  }
  const inSpatial = x._shape.slice(2);
  const padded = inSpatial.map((s, i) => s + padBefore[i] + padAfter[i]);
  const dilatedK = kernel.map((k, i) => dilation[i] * (k - 1) + 1);
  if (padded.some((p, i) => p < dilatedK[i])) {
    throw new Error(
      `Calculated padded input size per channel: (${padded.join(' x ')}). Kernel size: (${dilatedK.join(' x ')}). ` +
        "Kernel size can't be greater than actual input size",
    );
  }
  const outSpatial = padded.map((p, i) => Math.floor((p - dilatedK[i]) / stride[i]) + 1);
  if (!x.isContiguous()) x = x.contiguous();
  // Work in 2-D: a 1-D convolution is a 2-D one of height 1.
  const two = <T>(v: T[], one: T): T[] => (spatial === 1 ? [one, v[0]] : v);
  const [H, W] = two(inSpatial, 1);
  const [kh, kw] = two(kernel, 1);
  const [sh, sw] = two(stride, 1);
  const [dh, dw] = two(dilation, 1);
  const [padTop, padLeft] = two(padBefore, 0);
  const [oh, ow] = two(outSpatial, 1);
  const geom: ConvGeometry = { N: x._shape[0], C, H, W, O, G: groups, kh, kw, sh, sw, dh, dw, padTop, padLeft, oh, ow };
  // A 1-D input [N, C, L] has the same row-major layout as [N, C, 1, L], so the core reads it as is.
  const out = conv2dCore(x, weight.isContiguous() ? weight : weight.contiguous(), bias ?? null, geom, [geom.N, O, ...outSpatial]);
  return batched ? out : out.squeeze(0);
}

/** `F.conv2d(input, weight, bias?, stride = 1, padding = 0, dilation = 1, groups = 1)`; padding may be 'same' or 'valid'. */
export function conv2d(input: Tensor, weight: Tensor, ...args: unknown[]): Tensor {
  return convNd('conv2d', 2, input, weight, bindArgs<ConvArgs>('conv2d', args, [...CONV_NAMES], CONV_DEFAULTS));
}

/** `F.conv1d(input, weight, bias?, stride = 1, padding = 0, dilation = 1, groups = 1)`. */
export function conv1d(input: Tensor, weight: Tensor, ...args: unknown[]): Tensor {
  return convNd('conv1d', 1, input, weight, bindArgs<ConvArgs>('conv1d', args, [...CONV_NAMES], CONV_DEFAULTS));
}
