// Batch norm and layer norm with their own forward loops and backward nodes (the statistics are
// computed in double, once per channel or row), group norm composed from ops.
import { Tensor } from '../../tensor/tensor.js';
import type { TypedArray } from '../../tensor/dtype.js';
import { anyNeedsGrad, recordOp } from '../../autograd/function.js';
import '../../ops/view.js';
import '../../ops/reduce.js';
import '../../ops/binary.js';
import '../../ops/unary.js';
import { bindArgs } from '../args.js';
import { torchSize } from '../repr.js';

type FloatArray = Float32Array | Float64Array;

/**
 * `F.batchNorm(input, runningMean, runningVar, weight?, bias?, training = false, momentum = 0.1, eps = 1e-5)`.
 * Input [N, C, *]. In training the batch statistics normalise (biased variance) and the running
 * buffers, when given, move toward them by `momentum` (the unbiased variance), in place.
 */
export function batchNorm(input: Tensor, runningMean: Tensor | null, runningVar: Tensor | null, ...args: unknown[]): Tensor {
  const o = bindArgs('batch_norm', args, ['weight', 'bias', 'training', 'momentum', 'eps'], {
    weight: null as Tensor | null, bias: null as Tensor | null, training: false, momentum: 0.1, eps: 1e-5,
  });
  if (!(input instanceof Tensor)) throw new TypeError("batch_norm(): argument 'input' must be Tensor");
  if (input.dim() < 2) throw new Error(`batch_norm: expected an input of at least 2 dimensions [N, C, *], got ${torchSize(input._shape)}`);
  const dtype = input.dtype;
  if (!dtype.isFloatingPoint) throw new TypeError(`"batch_norm" not implemented for '${dtype.name}'`);
  const shape = input._shape;
  const N = shape[0];
  const C = shape[1];
  let S = 1;
  for (let i = 2; i < shape.length; i++) S *= shape[i];
  const M = N * S;
  const checkC = (t: Tensor | null, name: string): void => {
    if (t !== null && t !== undefined && t.numel() !== C) {
      throw new Error(`running_mean should contain ${C} elements not ${t.numel()}`.replace('running_mean', name));
    }
  };
  checkC(runningMean, 'running_mean');
  checkC(runningVar, 'running_var');
  checkC(o.weight, 'weight');
  checkC(o.bias, 'bias');
  const training = Boolean(o.training);
  if (training && M <= 1) {
    throw new Error(`Expected more than 1 value per channel when training, got input size ${torchSize(shape)}`);
  }
  if (!training && (runningMean === null || runningVar === null)) {
    throw new Error('running_mean and running_var must be defined in evaluation mode');
  }
  const xv = input._values();
  const mean = new Float64Array(C);
  const invstd = new Float64Array(C);
  if (training) {
    for (let c = 0; c < C; c++) {
      let s = 0;
      for (let n = 0; n < N; n++) {
        const base = (n * C + c) * S;
        for (let i = 0; i < S; i++) s += xv[base + i];
      }
      const m = s / M;
      let ss = 0;
      for (let n = 0; n < N; n++) {
        const base = (n * C + c) * S;
        for (let i = 0; i < S; i++) {
          const d = xv[base + i] - m;
          ss += d * d;
        }
      }
      mean[c] = m;
      invstd[c] = 1 / Math.sqrt(ss / M + o.eps);
      if (runningMean) updateRunning(runningMean, c, m, o.momentum);
      if (runningVar) updateRunning(runningVar, c, ss / (M - 1), o.momentum);
    }
    if (runningMean) runningMean._version.version++;
    if (runningVar) runningVar._version.version++;
  } else {
    const rm = runningMean!._values();
    const rv = runningVar!._values();
    for (let c = 0; c < C; c++) {
      mean[c] = rm[c];
      invstd[c] = 1 / Math.sqrt(rv[c] + o.eps);
    }
  }
  const wv = o.weight ? o.weight._values() : null;
  const bv = o.bias ? o.bias._values() : null;
  const out = new (dtype.ArrayType)(xv.length) as FloatArray;
  for (let c = 0; c < C; c++) {
    const scale = invstd[c] * (wv ? wv[c] : 1);
    const shift = (bv ? bv[c] : 0) - mean[c] * scale;
    for (let n = 0; n < N; n++) {
      const base = (n * C + c) * S;
      for (let i = 0; i < S; i++) out[base + i] = xv[base + i] * scale + shift;
    }
  }
  const result = new Tensor(out, input.shape, dtype);
  const weight = o.weight;
  const bias = o.bias;
  if (anyNeedsGrad([input, weight, bias])) {
    recordOp(result, 'NativeBatchNormBackward0', [input, weight, bias], (g) => {
      const gv = g.contiguous()._values();
      const gx = input._requiresGrad ? new (dtype.ArrayType)(xv.length) as FloatArray : null;
      const gw = weight && weight._requiresGrad ? new (dtype.ArrayType)(C) as FloatArray : null;
      const gb = bias && bias._requiresGrad ? new (dtype.ArrayType)(C) as FloatArray : null;
      for (let c = 0; c < C; c++) {
        let sumG = 0;
        let sumGX = 0;
        for (let n = 0; n < N; n++) {
          const base = (n * C + c) * S;
          for (let i = 0; i < S; i++) {
            sumG += gv[base + i];
            sumGX += gv[base + i] * (xv[base + i] - mean[c]);
          }
        }
        const is = invstd[c];
        if (gw) gw[c] = sumGX * is;
        if (gb) gb[c] = sumG;
        if (gx) {
          const w = wv ? wv[c] : 1;
          if (training) {
            // dx = w·is·(g - mean(g) - xhat·mean(g·xhat))
            const meanG = sumG / M;
            const k = (sumGX * is * is) / M;
            for (let n = 0; n < N; n++) {
              const base = (n * C + c) * S;
              for (let i = 0; i < S; i++) gx[base + i] = w * is * (gv[base + i] - meanG - (xv[base + i] - mean[c]) * k);
            }
          } else {
            for (let n = 0; n < N; n++) {
              const base = (n * C + c) * S;
              for (let i = 0; i < S; i++) gx[base + i] = gv[base + i] * w * is;
            }
          }
        }
      }
      return [
        gx ? new Tensor(gx, input.shape, dtype) : null,
        gw ? new Tensor(gw, weight!.shape, dtype) : null,
        gb ? new Tensor(gb, bias!.shape, dtype) : null,
      ];
    }, [input]);
  }
  return result;
}

function updateRunning(buf: Tensor, c: number, stat: number, momentum: number): void {
  // Buffers are contiguous 1-D tensors of C elements (their storage may be shared with views).
  const data = buf._data as TypedArray;
  const at = buf._offset + c * (buf._strides[0] ?? 1);
  data[at] = (1 - momentum) * data[at] + momentum * stat;
}

/**
 * `F.layerNorm(input, normalizedShape, weight?, bias?, eps = 1e-5)`: normalises over the trailing
 * dims named by normalizedShape.
 */
export function layerNorm(input: Tensor, normalizedShape: number | number[], ...args: unknown[]): Tensor {
  const o = bindArgs('layer_norm', args, ['weight', 'bias', 'eps'], { weight: null as Tensor | null, bias: null as Tensor | null, eps: 1e-5 });
  if (!(input instanceof Tensor)) throw new TypeError("layer_norm(): argument 'input' must be Tensor");
  const ns = typeof normalizedShape === 'number' ? [normalizedShape] : normalizedShape.slice();
  const shape = input._shape;
  const k = ns.length;
  const tail = shape.slice(shape.length - k);
  if (k === 0 || shape.length < k || tail.some((s, i) => s !== ns[i])) {
    throw new Error(
      `Given normalized_shape=[${ns.join(', ')}], expected input with shape [*, ${ns.join(', ')}], but got input of size[${shape.join(', ')}]`,
    );
  }
  const weight = o.weight;
  const bias = o.bias;
  for (const [t, name] of [[weight, 'weight'], [bias, 'bias']] as const) {
    if (t && (t.dim() !== k || t._shape.some((s, i) => s !== ns[i]))) {
      throw new Error(`Expected ${name} to be of same shape as normalized_shape, but got ${name} of shape [${t._shape.join(', ')}] and normalized_shape = [${ns.join(', ')}]`);
    }
  }
  const dtype = input.dtype;
  if (!dtype.isFloatingPoint) throw new TypeError(`"layer_norm" not implemented for '${dtype.name}'`);
  const D = ns.reduce((a, b) => a * b, 1);
  const xv = input._values();
  const R = D === 0 ? 0 : xv.length / D;
  const mean = new Float64Array(R);
  const rstd = new Float64Array(R);
  const wv = weight ? weight._values() : null;
  const bv = bias ? bias._values() : null;
  const out = new (dtype.ArrayType)(xv.length) as FloatArray;
  for (let r = 0; r < R; r++) {
    const base = r * D;
    let s = 0;
    for (let i = 0; i < D; i++) s += xv[base + i];
    const m = s / D;
    let ss = 0;
    for (let i = 0; i < D; i++) {
      const d = xv[base + i] - m;
      ss += d * d;
    }
    const is = 1 / Math.sqrt(ss / D + o.eps);
    mean[r] = m;
    rstd[r] = is;
    for (let i = 0; i < D; i++) out[base + i] = (xv[base + i] - m) * is * (wv ? wv[i] : 1) + (bv ? bv[i] : 0);
  }
  const result = new Tensor(out, input.shape, dtype);
  if (anyNeedsGrad([input, weight, bias])) {
    recordOp(result, 'NativeLayerNormBackward0', [input, weight, bias], (g) => {
      const gv = g.contiguous()._values();
      const gx = input._requiresGrad ? new (dtype.ArrayType)(xv.length) as FloatArray : null;
      const gw = weight && weight._requiresGrad ? new Float64Array(D) : null;
      const gb = bias && bias._requiresGrad ? new Float64Array(D) : null;
      for (let r = 0; r < R; r++) {
        const base = r * D;
        const m = mean[r];
        const is = rstd[r];
        let sumDy = 0;
        let sumDyX = 0;
        for (let i = 0; i < D; i++) {
          const xhat = (xv[base + i] - m) * is;
          const dy = gv[base + i] * (wv ? wv[i] : 1);
          sumDy += dy;
          sumDyX += dy * xhat;
          if (gw) gw[i] += gv[base + i] * xhat;
          if (gb) gb[i] += gv[base + i];
        }
        if (gx) {
          for (let i = 0; i < D; i++) {
            const xhat = (xv[base + i] - m) * is;
            const dy = gv[base + i] * (wv ? wv[i] : 1);
            gx[base + i] = (is / D) * (D * dy - sumDy - xhat * sumDyX);
          }
        }
      }
      const cast = (a: Float64Array, like: Tensor): Tensor => new Tensor((dtype.ArrayType as any).from(a), like.shape, dtype);
      return [
        gx ? new Tensor(gx, input.shape, dtype) : null,
        gw ? cast(gw, weight!) : null,
        gb ? cast(gb, bias!) : null,
      ];
    }, [input]);
  }
  return result;
}

/** `F.groupNorm(input, numGroups, weight?, bias?, eps = 1e-5)`: input [N, C, *], statistics per (sample, group). */
export function groupNorm(input: Tensor, numGroups: number, ...args: unknown[]): Tensor {
  const o = bindArgs('group_norm', args, ['weight', 'bias', 'eps'], { weight: null as Tensor | null, bias: null as Tensor | null, eps: 1e-5 });
  if (!(input instanceof Tensor)) throw new TypeError("group_norm(): argument 'input' must be Tensor");
  if (input.dim() < 2) throw new Error(`Expected at least 2 dimensions for input tensor but received ${input.dim()}`);
  const shape = input._shape;
  const N = shape[0];
  const C = shape[1];
  if (C % numGroups !== 0) {
    throw new Error(`Expected number of channels in input to be divisible by num_groups, but got input of shape ${torchSize(shape)} and num_groups=${numGroups}`);
  }
  const grouped = input.reshape([N, numGroups, -1]);
  const mean = grouped.mean(2, true);
  const centered = grouped.sub(mean);
  const variance = centered.mul(centered).mean(2, true);
  let y = centered.mul(variance.add(o.eps).rsqrt()).reshape(shape);
  const affineShape = shape.map((s, i) => (i === 1 ? C : 1));
  if (o.weight) y = y.mul(o.weight.reshape(affineShape));
  if (o.bias) y = y.add(o.bias.reshape(affineShape));
  return y;
}
