// F.conv1d / F.conv2d by im2col + matrix products: each sample's receptive fields are unrolled
// into a [C·kh·kw, L] matrix, so the convolution is one GEMM per group (weight [O/g, C/g·kh·kw]
// times columns). The backward reuses the same matrices: grad_weight = grad_out · colsᵀ summed over
// the batch, grad_input = col2im(weightᵀ · grad_out). One graph node, ConvolutionBackward0.
// conv1d runs as conv2d with a height of 1 (same memory layout, no reshapes).
import { Tensor } from '../../tensor/tensor.js';
import type { DType, TypedArray } from '../../tensor/dtype.js';
import { anyNeedsGrad, recordOp } from '../../autograd/function.js';
import { gemmBatched, type MatrixOperand } from '../../backend/gemm.js';
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

/** A fresh [batch, M, N] product of strided operands. */
function gemm(dtype: DType, batch: number, M: number, K: number, N: number, A: MatrixOperand, B: MatrixOperand): FloatArray {
  const out = new (dtype.ArrayType)(batch * M * N) as FloatArray;
  if (batch * M * N > 0) gemmBatched(batch, M, K, N, A, B, out);
  return out;
}

/** Unrolls sample `n` of `x` into cols [C·kh·kw, oh·ow] (zeros where the window is in the padding). */
function im2col(x: ArrayLike<number>, n: number, g: ConvGeometry, cols: FloatArray): void {
  const { C, H, W, kh, kw, sh, sw, dh, dw, padTop, padLeft, oh, ow } = g;
  const L = oh * ow;
  const plane = H * W;
  const base = n * C * plane;
  for (let c = 0; c < C; c++) {
    for (let ki = 0; ki < kh; ki++) {
      for (let kj = 0; kj < kw; kj++) {
        const row = ((c * kh + ki) * kw + kj) * L;
        for (let oy = 0; oy < oh; oy++) {
          const iy = oy * sh - padTop + ki * dh;
          const dst = row + oy * ow;
          if (iy < 0 || iy >= H) {
            cols.fill(0, dst, dst + ow);
            continue;
          }
          const src = base + c * plane + iy * W;
          for (let ox = 0; ox < ow; ox++) {
            const ix = ox * sw - padLeft + kj * dw;
            cols[dst + ox] = ix >= 0 && ix < W ? x[src + ix] : 0;
          }
        }
      }
    }
  }
}

/** Adds cols [C·kh·kw, oh·ow] back onto sample `n` of the input gradient (the adjoint of im2col). */
function col2imAdd(cols: ArrayLike<number>, colsOffset: number, n: number, g: ConvGeometry, gx: FloatArray): void {
  const { C, H, W, kh, kw, sh, sw, dh, dw, padTop, padLeft, oh, ow } = g;
  const L = oh * ow;
  const plane = H * W;
  const base = n * C * plane;
  for (let c = 0; c < C; c++) {
    for (let ki = 0; ki < kh; ki++) {
      for (let kj = 0; kj < kw; kj++) {
        const row = colsOffset + ((c * kh + ki) * kw + kj) * L;
        for (let oy = 0; oy < oh; oy++) {
          const iy = oy * sh - padTop + ki * dh;
          if (iy < 0 || iy >= H) continue;
          const dst = base + c * plane + iy * W;
          const src = row + oy * ow;
          for (let ox = 0; ox < ow; ox++) {
            const ix = ox * sw - padLeft + kj * dw;
            if (ix >= 0 && ix < W) gx[dst + ix] += cols[src + ox];
          }
        }
      }
    }
  }
}

/** The convolution proper on a batched [N, C, H, W] input; arguments already checked. */
function conv2dCore(input: Tensor, weight: Tensor, bias: Tensor | null, g: ConvGeometry, outShape: number[]): Tensor {
  const dtype = input.dtype;
  const { N, C, O, G, kh, kw, oh, ow } = g;
  const L = oh * ow;
  const Cg = C / G;
  const Og = O / G;
  const Kg = Cg * kh * kw;
  const K = C * kh * kw;
  const x = input._values();
  const w = weight._values();
  const cols = new (dtype.ArrayType)(N * K * L) as FloatArray;
  for (let n = 0; n < N; n++) im2col(x, n, g, cols.subarray(n * K * L, (n + 1) * K * L) as FloatArray);
  const out = new (dtype.ArrayType)(N * O * L) as FloatArray;
  for (let gi = 0; gi < G; gi++) {
    // [N, Og, L] = W_g [Og, Kg] (shared across the batch) @ cols_{n,g} [Kg, L]
    const part = gemm(dtype, N, Og, Kg, L, operand(w, gi * Og * Kg, 0, Kg, 1), operand(cols, gi * Kg * L, K * L, L, 1));
    for (let n = 0; n < N; n++) out.set(part.subarray(n * Og * L, (n + 1) * Og * L), (n * O + gi * Og) * L);
  }
  if (bias) {
    const b = bias._values();
    for (let n = 0; n < N; n++) {
      for (let o = 0; o < O; o++) {
        const bo = b[o];
        const base = (n * O + o) * L;
        for (let l = 0; l < L; l++) out[base + l] += bo;
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
      let gx: Tensor | null = null;
      let gw: Tensor | null = null;
      let gb: Tensor | null = null;
      if (needX) {
        const gxd = new (dtype.ArrayType)(N * C * g.H * g.W) as FloatArray;
        for (let gi = 0; gi < G; gi++) {
          // [N, Kg, L] = W_gᵀ [Kg, Og] @ gout_{n,g} [Og, L]
          const gcols = gemm(dtype, N, Kg, Og, L, operand(w, gi * Og * Kg, 0, 1, Kg), operand(go, gi * Og * L, O * L, L, 1));
          for (let n = 0; n < N; n++) col2imGroup(gcols, n * Kg * L, n, gi, Cg, g, gxd);
        }
        gx = new Tensor(gxd, input.shape, dtype);
      }
      if (needW) {
        const gwd = new (dtype.ArrayType)(O * Kg) as FloatArray;
        for (let gi = 0; gi < G; gi++) {
          // Σ_n gout_{n,g} [Og, L] @ cols_{n,g}ᵀ [L, Kg]
          const per = gemm(dtype, N, Og, L, Kg, operand(go, gi * Og * L, O * L, L, 1), operand(cols, gi * Kg * L, K * L, 1, L));
          const base = gi * Og * Kg;
          for (let n = 0; n < N; n++) {
            const off = n * Og * Kg;
            for (let i = 0; i < Og * Kg; i++) gwd[base + i] += per[off + i];
          }
        }
        gw = new Tensor(gwd, weight.shape, dtype);
      }
      if (needB) {
        const gbd = new (dtype.ArrayType)(O) as FloatArray;
        for (let n = 0; n < N; n++) {
          for (let o = 0; o < O; o++) {
            let s = 0;
            const base = (n * O + o) * L;
            for (let l = 0; l < L; l++) s += go[base + l];
            gbd[o] += s;
          }
        }
        gb = new Tensor(gbd, bias!.shape, dtype);
      }
      return [gx, gw, gb];
    }, [input, weight]);
  }
  return result;
}

/** col2im for one group's channels: cols rows cover channels [gi·Cg, (gi+1)·Cg). */
function col2imGroup(cols: FloatArray, offset: number, n: number, gi: number, Cg: number, g: ConvGeometry, gx: FloatArray): void {
  const sub: ConvGeometry = { ...g, C: Cg };
  // Shift the sample base so that channel 0 of `sub` lands on channel gi·Cg of the full tensor.
  const plane = g.H * g.W;
  const view = gx.subarray((n * g.C + gi * Cg) * plane, (n * g.C + (gi + 1) * Cg) * plane) as FloatArray;
  col2imAdd(cols, offset, 0, sub, view);
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
