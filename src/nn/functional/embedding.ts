// F.embedding: rows of a weight matrix picked by integer indices; the backward adds each output
// row's gradient into its weight row (skipping paddingIdx), as PyTorch's EmbeddingBackward0.
import { Tensor } from '../../tensor/tensor.js';
import { int32, int64, type TypedArray } from '../../tensor/dtype.js';
import { needsGrad, recordOp } from '../../autograd/function.js';
import { noGrad } from '../../autograd/grad_mode.js';
import { bindArgs } from '../args.js';

type FloatArray = Float32Array | Float64Array;

/** Scales, in place, each row of `weight` that `indices` reference whose p-norm exceeds maxNorm. */
export function embeddingRenorm_(weight: Tensor, indices: Tensor, maxNorm: number, normType: number): void {
  noGrad(() => {
    const w = weight.contiguous();
    const D = w._shape[1];
    const data = w._data as FloatArray;
    const base = w._offset;
    const seen = new Set<number>();
    const rows = indices._values();
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      if (seen.has(r)) continue;
      seen.add(r);
      let norm = 0;
      for (let j = 0; j < D; j++) norm += Math.abs(data[base + r * D + j]) ** normType;
      norm = norm ** (1 / normType);
      if (norm > maxNorm) {
        const scale = maxNorm / (norm + 1e-7);
        for (let j = 0; j < D; j++) data[base + r * D + j] *= scale;
      }
    }
    if (w !== weight) weight.copy_(w);
    else weight._version.version++;
  });
}

/** `F.embedding(input, weight, paddingIdx?, maxNorm?, normType = 2, scaleGradByFreq = false, sparse = false)`. */
export function embedding(input: Tensor, weight: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs('embedding', args, ['paddingIdx', 'maxNorm', 'normType', 'scaleGradByFreq', 'sparse'], {
    paddingIdx: null as number | null, maxNorm: null as number | null, normType: 2, scaleGradByFreq: false, sparse: false,
  });
  if (!(input instanceof Tensor)) throw new TypeError("embedding(): argument 'input' must be Tensor");
  if (input.dtype !== int64 && input.dtype !== int32) {
    throw new TypeError(
      "Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; " +
        `but got ${input.type()} instead (while checking arguments for embedding)`,
    );
  }
  if (weight.dim() !== 2) throw new Error("'weight' must be 2-D");
  const [V, D] = weight._shape;
  let pad = o.paddingIdx;
  if (pad !== null && pad !== undefined) {
    if (pad >= V || pad < -V) throw new Error('Padding_idx must be within num_embeddings');
    if (pad < 0) pad += V;
  } else {
    pad = -1;
  }
  if (o.sparse) throw new Error('sparse embedding gradients are not supported; use sparse: false');
  const idx = input._values();
  for (let i = 0; i < idx.length; i++) {
    if (!(idx[i] >= 0 && idx[i] < V)) throw new RangeError('index out of range in self');
  }
  if (o.maxNorm !== null && o.maxNorm !== undefined) embeddingRenorm_(weight, input, o.maxNorm, o.normType);
  const dtype = weight.dtype;
  const w = weight.contiguous()._values();
  const n = idx.length;
  const out = new (dtype.ArrayType)(n * D) as FloatArray;
  for (let i = 0; i < n; i++) out.set(w.subarray(idx[i] * D, idx[i] * D + D) as FloatArray, i * D);
  const result = new Tensor(out, [...input.shape, D], dtype);
  if (needsGrad(weight)) {
    const padIdx = pad;
    const byFreq = o.scaleGradByFreq;
    recordOp(result, 'EmbeddingBackward0', [weight], (g) => {
      const gv = g.contiguous()._values();
      const gw = new (dtype.ArrayType)(V * D) as TypedArray;
      let counts: Float64Array | null = null;
      if (byFreq) {
        counts = new Float64Array(V);
        for (let i = 0; i < n; i++) counts[idx[i]]++;
      }
      for (let i = 0; i < n; i++) {
        const r = idx[i];
        if (r === padIdx) continue;
        const scale = counts ? 1 / counts[r] : 1;
        for (let j = 0; j < D; j++) gw[r * D + j] += gv[i * D + j] * scale;
      }
      return [new Tensor(gw, [V, D], dtype)];
    });
  }
  return result;
}
