// Pooling over the last one or two dims: max (with PyTorch's flat indices), average, adaptive
// average and adaptive max. Each is a direct loop with its own backward node; the 1-D forms run
// as 2-D ones of height 1.
import { Tensor } from '../../tensor/tensor.js';
import { int64, type DType, type TypedArray } from '../../tensor/dtype.js';
import { anyNeedsGrad, recordOp } from '../../autograd/function.js';
import { namedTuple } from '../../ops/named_tuple.js';
import '../../ops/view.js';
import { bindArgs } from '../args.js';
import { nativeConvKernels } from '../../backend/conv_native.js';
import { allocForOverwrite } from '../../tensor/storage.js';
import { getNumThreads } from '../../backend/tier.js';

type FloatArray = Float32Array | Float64Array;

function pair(v: unknown, n: number, name: string): number[] {
  const arr = typeof v === 'number' ? new Array<number>(n).fill(v) : Array.isArray(v) ? v.slice() : null;
  if (!arr || arr.length !== n || !arr.every((x) => Number.isInteger(x))) {
    throw new TypeError(`${name} must be an int or a tuple of ${n} ints, got ${JSON.stringify(v)}`);
  }
  return arr as number[];
}

function shapeText(s: readonly number[]): string {
  return `[${s.join(', ')}]`;
}

/** PyTorch's pooling_output_shape, including the ceil-mode rule that a window may not start in the right padding. */
function pooledSize(size: number, k: number, pad: number, stride: number, dilation: number, ceil: boolean): number {
  const num = size + 2 * pad - dilation * (k - 1) - 1 + (ceil ? stride - 1 : 0);
  let out = Math.floor(num / stride) + 1;
  if (ceil && (out - 1) * stride >= size + pad) out--;
  return out;
}

interface PoolGeometry {
  planes: number; H: number; W: number;
  kh: number; kw: number; sh: number; sw: number; ph: number; pw: number; dh: number; dw: number;
  oh: number; ow: number;
}

/** Brings input to [planes, H, W] (planes = N·C or C) and checks the pooling arguments. */
function poolSetup(
  fn: string, spatial: 1 | 2, input: Tensor, kernel: unknown, strideArg: unknown, padding: unknown,
  dilation: unknown, ceilMode: boolean,
): { geom: PoolGeometry; outShape: number[]; x: Tensor } {
  if (!(input instanceof Tensor)) throw new TypeError(`${fn}(): argument 'input' must be Tensor`);
  const dim = input.dim();
  if (dim !== spatial + 1 && dim !== spatial + 2) {
    throw new Error(
      `${fn}: Expected ${spatial + 1}D or ${spatial + 2}D (batch mode) tensor with optional 0 dim batch size for input, but got:${shapeText(input._shape)}`,
    );
  }
  if (!input.dtype.isFloatingPoint) throw new TypeError(`"${fn}" not implemented for '${input.dtype.name}'`);
  const k = pair(kernel, spatial, 'kernel_size');
  const s = strideArg === null || strideArg === undefined || (Array.isArray(strideArg) && strideArg.length === 0)
    ? k.slice() : pair(strideArg, spatial, 'stride');
  const p = pair(padding, spatial, 'padding');
  const d = pair(dilation, spatial, 'dilation');
  if (k.some((v) => v <= 0)) throw new Error(`kernel size should be greater than zero, but got ${shapeText(k)}`);
  if (s.some((v) => v <= 0)) throw new Error(`stride should be greater than zero, but got ${shapeText(s)}`);
  if (d.some((v) => v <= 0)) throw new Error(`dilation should be greater than zero, but got ${shapeText(d)}`);
  for (let i = 0; i < spatial; i++) {
    if (p[i] < 0 || p[i] > Math.floor(k[i] / 2)) {
      throw new Error(`pad should be at most half of kernel size, but got pad=${p[i]} and kernel_size=${k[i]}`);
    }
  }
  const inSpatial = input._shape.slice(dim - spatial);
  const outSpatial = inSpatial.map((v, i) => pooledSize(v, k[i], p[i], s[i], d[i], ceilMode));
  if (outSpatial.some((v) => v <= 0)) {
    throw new Error(
      `Given input size: (${input._shape.slice(dim - spatial - 1).join('x')}). Calculated output size: (${[input._shape[dim - spatial - 1], ...outSpatial].join('x')}). Output size is too small`,
    );
  }
  const lead = input._shape.slice(0, dim - spatial);
  const planes = lead.reduce((a, b) => a * b, 1);
  const two = <T>(v: T[], one: T): T[] => (spatial === 1 ? [one, v[0]] : v);
  const [H, W] = two(inSpatial, 1);
  const [kh, kw] = two(k, 1);
  const [sh, sw] = two(s, 1);
  const [ph, pw] = two(p, 0);
  const [dh, dw] = two(d, 1);
  const [oh, ow] = two(outSpatial, 1);
  return {
    geom: { planes, H, W, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow },
    outShape: [...lead, ...outSpatial],
    x: input.isContiguous() ? input : input.contiguous(),
  };
}

/**
 * The common 2x2, stride 2 pooling with every window inside the input: the general loop's result
 * (same scan order, same rule for ties and nan) without its per-element bounds tests.
 */
function maxPool2x2(
  xv: ArrayLike<number>, planes: number, H: number, W: number, oh: number, ow: number, out: FloatArray, idx: Float64Array,
): void {
  let oi = 0;
  for (let p = 0; p < planes; p++) {
    const base = p * H * W;
    for (let oy = 0; oy < oh; oy++) {
      const top = 2 * oy * W;
      for (let ox = 0; ox < ow; ox++, oi++) {
        const at0 = top + 2 * ox;
        let best = -Infinity;
        let bestAt = -1;
        // The window in scan order: (0,0), (0,1), (1,0), (1,1); the first nan wins and ends the scan.
        for (let k = 0; k < 4; k++) {
          const at = at0 + (k >> 1) * W + (k & 1);
          const v = xv[base + at];
          if (v > best || v !== v) {
            best = v;
            bestAt = at;
            if (v !== v) break;
          }
        }
        out[oi] = best;
        idx[oi] = bestAt;
      }
    }
  }
}

function maxPoolNd(fn: string, node: string, spatial: 1 | 2, input: Tensor, args: unknown[]): Tensor | [Tensor, Tensor] {
  const o = bindArgs(fn, args, ['kernelSize', 'stride', 'padding', 'dilation', 'ceilMode', 'returnIndices'], {
    kernelSize: null as unknown, stride: null as unknown, padding: 0 as unknown, dilation: 1 as unknown,
    ceilMode: false, returnIndices: false,
  });
  const { geom, outShape, x } = poolSetup(fn, spatial, input, o.kernelSize, o.stride, o.padding, o.dilation, o.ceilMode);
  const { planes, H, W, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow } = geom;
  const dtype = x.dtype;
  const xv = x._values();
  const outN = planes * oh * ow;
  const native = outN > 0 && (xv instanceof Float32Array || xv instanceof Float64Array) ? nativeConvKernels() : null;
  const FloatType = dtype.ArrayType as Float32ArrayConstructor | Float64ArrayConstructor;
  const out = native ? allocForOverwrite(FloatType, outN) : (new FloatType(outN) as FloatArray);
  const idx = native ? allocForOverwrite(Float64Array, outN) : new Float64Array(outN);
  const geomArray = native ? Int32Array.of(planes, H, W, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow) : null;
  if (native !== null) {
    native.maxPool2dForward(geomArray!, xv as FloatArray, out, idx, getNumThreads());
  } else if (kh === 2 && kw === 2 && sh === 2 && sw === 2 && ph === 0 && pw === 0 && dh === 1 && dw === 1 && 2 * oh <= H && 2 * ow <= W) {
    maxPool2x2(xv, planes, H, W, oh, ow, out, idx);
  } else for (let p = 0; p < planes; p++) {
    const base = p * H * W;
    for (let oy = 0; oy < oh; oy++) {
      const y0 = oy * sh - ph;
      for (let ox = 0; ox < ow; ox++) {
        const x0 = ox * sw - pw;
        let best = -Infinity;
        let bestAt = -1;
        for (let ki = 0; ki < kh; ki++) {
          const iy = y0 + ki * dh;
          if (iy < 0 || iy >= H) continue;
          for (let kj = 0; kj < kw; kj++) {
            const ix = x0 + kj * dw;
            if (ix < 0 || ix >= W) continue;
            const v = xv[base + iy * W + ix];
            // NaN wins, as in PyTorch's kernel.
            if (v > best || v !== v) {
              best = v;
              bestAt = iy * W + ix;
              if (v !== v) break;
            }
          }
          if (best !== best) break;
        }
        const oi = (p * oh + oy) * ow + ox;
        out[oi] = best;
        idx[oi] = bestAt;
      }
    }
  }
  const result = new Tensor(out, outShape, dtype);
  if (anyNeedsGrad([input])) {
    recordOp(result, node, [input], (g) => {
      const gv = g.contiguous()._values();
      if (native !== null) {
        const gx = allocForOverwrite(FloatType, planes * H * W);
        native.maxPool2dBackward(geomArray!, gv as FloatArray, idx, gx, getNumThreads());
        return [new Tensor(gx, input.shape, dtype)];
      }
      const gx = new FloatType(planes * H * W);
      for (let p = 0; p < planes; p++) {
        const base = p * H * W;
        const obase = p * oh * ow;
        for (let i = 0; i < oh * ow; i++) {
          const at = idx[obase + i];
          if (at >= 0) gx[base + at] += gv[obase + i];
        }
      }
      return [new Tensor(gx, input.shape, dtype)];
    });
  }
  if (!o.returnIndices) return result;
  return namedTuple([result, new Tensor(idx, outShape.slice(), int64)], ['values', 'indices']) as unknown as [Tensor, Tensor];
}

/**
 * `F.maxPool2d(input, kernelSize, stride = kernelSize, padding = 0, dilation = 1, ceilMode = false,
 * returnIndices = false)`; with returnIndices, [output, indices] (flat positions in each H·W plane).
 */
export function maxPool2d(input: Tensor, ...args: unknown[]): any {
  return maxPoolNd('max_pool2d', 'MaxPool2DWithIndicesBackward0', 2, input, args);
}

export function maxPool1d(input: Tensor, ...args: unknown[]): any {
  return maxPoolNd('max_pool1d', 'MaxPool2DWithIndicesBackward0', 1, input, args);
}

function avgPoolNd(fn: string, node: string, spatial: 1 | 2, input: Tensor, args: unknown[]): Tensor {
  const names: ('kernelSize' | 'stride' | 'padding' | 'ceilMode' | 'countIncludePad' | 'divisorOverride')[] = spatial === 2
    ? ['kernelSize', 'stride', 'padding', 'ceilMode', 'countIncludePad', 'divisorOverride']
    : ['kernelSize', 'stride', 'padding', 'ceilMode', 'countIncludePad'];
  const o = bindArgs(fn, args, names, {
    kernelSize: null as unknown, stride: null as unknown, padding: 0 as unknown, ceilMode: false,
    countIncludePad: true, divisorOverride: null as number | null,
  });
  if (o.divisorOverride !== null && o.divisorOverride !== undefined && !(o.divisorOverride !== 0)) {
    throw new Error('divisor must be not zero');
  }
  const { geom, outShape, x } = poolSetup(fn, spatial, input, o.kernelSize, o.stride, o.padding, 1, o.ceilMode);
  const { planes, H, W, kh, kw, sh, sw, ph, pw, oh, ow } = geom;
  const dtype = x.dtype;
  const xv = x._values();
  const outN = planes * oh * ow;
  const out = new (dtype.ArrayType)(outN) as FloatArray;
  // Per output position (the same for every plane): window bounds and divisor.
  const win = new Int32Array(oh * ow * 4);
  const div = new Float64Array(oh * ow);
  for (let oy = 0; oy < oh; oy++) {
    for (let ox = 0; ox < ow; ox++) {
      let y0 = oy * sh - ph;
      let x0 = ox * sw - pw;
      let y1 = Math.min(y0 + kh, H + ph);
      let x1 = Math.min(x0 + kw, W + pw);
      const poolSize = (y1 - y0) * (x1 - x0);
      y0 = Math.max(y0, 0);
      x0 = Math.max(x0, 0);
      y1 = Math.min(y1, H);
      x1 = Math.min(x1, W);
      const i = oy * ow + ox;
      win.set([y0, y1, x0, x1], i * 4);
      div[i] = o.divisorOverride ? o.divisorOverride : o.countIncludePad ? poolSize : (y1 - y0) * (x1 - x0);
    }
  }
  for (let p = 0; p < planes; p++) {
    const base = p * H * W;
    for (let i = 0; i < oh * ow; i++) {
      const [y0, y1, x0, x1] = [win[i * 4], win[i * 4 + 1], win[i * 4 + 2], win[i * 4 + 3]];
      let s = 0;
      for (let iy = y0; iy < y1; iy++) for (let ix = x0; ix < x1; ix++) s += xv[base + iy * W + ix];
      out[p * oh * ow + i] = s / div[i];
    }
  }
  const result = new Tensor(out, outShape, dtype);
  if (anyNeedsGrad([input])) {
    recordOp(result, node, [input], (g) => {
      const gv = g.contiguous()._values();
      const gx = new (dtype.ArrayType)(planes * H * W) as FloatArray;
      for (let p = 0; p < planes; p++) {
        const base = p * H * W;
        for (let i = 0; i < oh * ow; i++) {
          const [y0, y1, x0, x1] = [win[i * 4], win[i * 4 + 1], win[i * 4 + 2], win[i * 4 + 3]];
          const share = gv[p * oh * ow + i] / div[i];
          for (let iy = y0; iy < y1; iy++) for (let ix = x0; ix < x1; ix++) gx[base + iy * W + ix] += share;
        }
      }
      return [new Tensor(gx, input.shape, dtype)];
    });
  }
  return result;
}

/** `F.avgPool2d(input, kernelSize, stride = kernelSize, padding = 0, ceilMode = false, countIncludePad = true, divisorOverride?)`. */
export function avgPool2d(input: Tensor, ...args: unknown[]): Tensor {
  return avgPoolNd('avg_pool2d', 'AvgPool2DBackward0', 2, input, args);
}

export function avgPool1d(input: Tensor, ...args: unknown[]): Tensor {
  return avgPoolNd('avg_pool1d', 'AvgPool2DBackward0', 1, input, args);
}

/** Window [start, end) of adaptive output cell i (PyTorch's start_index/end_index). */
function adaptiveRange(i: number, out: number, size: number): [number, number] {
  return [Math.floor((i * size) / out), Math.ceil(((i + 1) * size) / out)];
}

function adaptiveSetup(fn: string, spatial: 1 | 2, input: Tensor, outputSize: unknown): { x: Tensor; planes: number; H: number; W: number; oh: number; ow: number; outShape: number[] } {
  if (!(input instanceof Tensor)) throw new TypeError(`${fn}(): argument 'input' must be Tensor`);
  const dim = input.dim();
  if (dim !== spatial + 1 && dim !== spatial + 2) {
    throw new Error(`${fn}(): Expected ${spatial + 1}D or ${spatial + 2}D tensor, but got ${shapeText(input._shape)}`);
  }
  const inSpatial = input._shape.slice(dim - spatial);
  const raw = typeof outputSize === 'number' || outputSize === null ? new Array(spatial).fill(outputSize) : (outputSize as (number | null)[]);
  if (!Array.isArray(raw) || raw.length !== spatial) throw new TypeError(`output_size must be an int or a tuple of ${spatial} ints`);
  const outSpatial = raw.map((v, i) => (v === null || v === undefined ? inSpatial[i] : v));
  if (outSpatial.some((v) => !Number.isInteger(v) || v < 0)) throw new Error(`${fn}: output_size must be non-negative integers`);
  for (let i = 0; i < spatial; i++) {
    if (inSpatial[i] === 0) {
      throw new Error(`${fn}(): Expected input to have non-zero size for non-batch dimensions, but input has sizes ${shapeText(input._shape)} with dimension ${dim - spatial + i} being empty`);
    }
  }
  const lead = input._shape.slice(0, dim - spatial);
  const planes = lead.reduce((a, b) => a * b, 1);
  const [H, W] = spatial === 1 ? [1, inSpatial[0]] : inSpatial;
  const [oh, ow] = spatial === 1 ? [1, outSpatial[0]] : outSpatial;
  return { x: input.isContiguous() ? input : input.contiguous(), planes, H, W, oh, ow, outShape: [...lead, ...outSpatial] };
}

function adaptiveAvgNd(fn: string, node: string, spatial: 1 | 2, input: Tensor, outputSize: unknown): Tensor {
  const { x, planes, H, W, oh, ow, outShape } = adaptiveSetup(fn, spatial, input, outputSize);
  const dtype = x.dtype;
  const xv = x._values();
  const out = new (dtype.ArrayType)(planes * oh * ow) as FloatArray;
  for (let p = 0; p < planes; p++) {
    for (let oy = 0; oy < oh; oy++) {
      const [y0, y1] = adaptiveRange(oy, oh, H);
      for (let ox = 0; ox < ow; ox++) {
        const [x0, x1] = adaptiveRange(ox, ow, W);
        let s = 0;
        for (let iy = y0; iy < y1; iy++) for (let ix = x0; ix < x1; ix++) s += xv[p * H * W + iy * W + ix];
        out[(p * oh + oy) * ow + ox] = s / ((y1 - y0) * (x1 - x0));
      }
    }
  }
  const result = new Tensor(out, outShape, dtype);
  if (anyNeedsGrad([input])) {
    recordOp(result, node, [input], (g) => {
      const gv = g.contiguous()._values();
      const gx = new (dtype.ArrayType)(planes * H * W) as FloatArray;
      for (let p = 0; p < planes; p++) {
        for (let oy = 0; oy < oh; oy++) {
          const [y0, y1] = adaptiveRange(oy, oh, H);
          for (let ox = 0; ox < ow; ox++) {
            const [x0, x1] = adaptiveRange(ox, ow, W);
            const share = gv[(p * oh + oy) * ow + ox] / ((y1 - y0) * (x1 - x0));
            for (let iy = y0; iy < y1; iy++) for (let ix = x0; ix < x1; ix++) gx[p * H * W + iy * W + ix] += share;
          }
        }
      }
      return [new Tensor(gx, input.shape, dtype)];
    });
  }
  return result;
}

/** `F.adaptiveAvgPool2d(input, outputSize)`; outputSize an int, or [h, w] where null keeps the input's size. */
export function adaptiveAvgPool2d(input: Tensor, outputSize: number | (number | null)[]): Tensor {
  return adaptiveAvgNd('adaptive_avg_pool2d', 'AdaptiveAvgPool2DBackward0', 2, input, outputSize);
}

export function adaptiveAvgPool1d(input: Tensor, outputSize: number | [number]): Tensor {
  return adaptiveAvgNd('adaptive_avg_pool1d', 'AdaptiveAvgPool2DBackward0', 1, input, outputSize);
}

function adaptiveMaxNd(fn: string, spatial: 1 | 2, input: Tensor, outputSize: unknown, returnIndices: boolean): any {
  const { x, planes, H, W, oh, ow, outShape } = adaptiveSetup(fn, spatial, input, outputSize);
  const dtype: DType = x.dtype;
  const xv = x._values();
  const n = planes * oh * ow;
  const out = new (dtype.ArrayType)(n) as TypedArray;
  const idx = new Float64Array(n);
  for (let p = 0; p < planes; p++) {
    for (let oy = 0; oy < oh; oy++) {
      const [y0, y1] = adaptiveRange(oy, oh, H);
      for (let ox = 0; ox < ow; ox++) {
        const [x0, x1] = adaptiveRange(ox, ow, W);
        let best = -Infinity;
        let at = y0 * W + x0;
        for (let iy = y0; iy < y1; iy++) {
          for (let ix = x0; ix < x1; ix++) {
            const v = xv[p * H * W + iy * W + ix];
            if (v > best || v !== v) {
              best = v;
              at = iy * W + ix;
            }
          }
        }
        out[(p * oh + oy) * ow + ox] = best;
        idx[(p * oh + oy) * ow + ox] = at;
      }
    }
  }
  const result = new Tensor(out, outShape, dtype);
  if (anyNeedsGrad([input])) {
    recordOp(result, 'AdaptiveMaxPool2DBackward0', [input], (g) => {
      const gv = g.contiguous()._values();
      const gx = new (dtype.ArrayType)(planes * H * W) as FloatArray;
      for (let p = 0; p < planes; p++) {
        for (let i = 0; i < oh * ow; i++) gx[p * H * W + idx[p * oh * ow + i]] += gv[p * oh * ow + i];
      }
      return [new Tensor(gx, input.shape, dtype)];
    });
  }
  if (!returnIndices) return result;
  return namedTuple([result, new Tensor(idx, outShape.slice(), int64)], ['values', 'indices']);
}

export function adaptiveMaxPool2d(input: Tensor, outputSize: number | (number | null)[], returnIndices = false): any {
  return adaptiveMaxNd('adaptive_max_pool2d', 2, input, outputSize, returnIndices);
}

export function adaptiveMaxPool1d(input: Tensor, outputSize: number | [number], returnIndices = false): any {
  return adaptiveMaxNd('adaptive_max_pool1d', 1, input, outputSize, returnIndices);
}
