// Joining tensors: cat (concatenate along an existing dim) and stack (along a new one).
import { Tensor } from '../tensor/tensor.js';
import { formatShape, normalizeDim } from '../tensor/shape.js';
import { promoteTypes, type TypedArray } from '../tensor/dtype.js';
import { scatterStrided } from '../tensor/strided.js';
import { anyNeedsGrad, recordOp } from '../autograd/function.js';
import { describe } from './util.js';

export function cat(tensors: Tensor[], dim = 0): Tensor {
  if (!Array.isArray(tensors) || tensors.length === 0) {
    throw new RangeError('torch.cat(): expected a non-empty list of Tensors');
  }
  tensors.forEach((t, i) => {
    if (!(t instanceof Tensor)) throw new TypeError(`torch.cat(): expected Tensor as element ${i} in argument 0, but got ${describe(t)}`);
  });
  // PyTorch skips legacy empty 1-D tensors of shape [0] when concatenating.
  const parts = tensors.filter((t) => !(t.dim() === 1 && t._shape[0] === 0));
  if (parts.length === 0) return tensors[0].clone();
  const ref = parts[0];
  if (ref.dim() === 0) throw new RangeError('zero-dimensional tensor (at position 0) cannot be concatenated');
  const d = normalizeDim(dim, ref.dim());
  let dtype = ref.dtype;
  let total = 0;
  parts.forEach((t, i) => {
    if (t.dim() !== ref.dim()) {
      throw new RangeError(`Tensors must have same number of dimensions: got ${ref.dim()} and ${t.dim()}`);
    }
    for (let k = 0; k < ref.dim(); k++) {
      if (k !== d && t._shape[k] !== ref._shape[k]) {
        throw new RangeError(
          `Sizes of tensors must match except in dimension ${d}. Expected size ${ref._shape[k]} but got size ${t._shape[k]} for tensor number ${i} in the list.`,
        );
      }
    }
    dtype = promoteTypes(dtype, t.dtype);
    total += t._shape[d];
  });
  const shape = ref._shape.slice();
  shape[d] = total;
  let n = 1;
  for (const s of shape) n *= s;
  const out = new (dtype.ArrayType)(n) as TypedArray;
  const outStrides = new Array<number>(shape.length);
  for (let k = shape.length - 1, s = 1; k >= 0; k--) {
    outStrides[k] = s;
    s *= shape[k];
  }
  let start = 0;
  for (const t of parts) {
    const v = t.dtype === dtype ? t._values() : t.to(dtype)._values();
    scatterStrided(out, t._shape, outStrides, start * outStrides[d], v);
    start += t._shape[d];
  }
  const r = new Tensor(out, shape, dtype);
  if (anyNeedsGrad(tensors)) {
    const sizes = parts.map((t) => t._shape[d]);
    recordOp(r, 'CatBackward0', tensors, (g) => {
      const pieces = g.split(sizes, d);
      // The skipped empty 1-D inputs get empty gradients.
      let k = 0;
      return tensors.map((t) => (parts.includes(t) ? pieces[k++] : new Tensor(new (g.dtype.ArrayType)(0), [0], g.dtype)));
    });
  }
  return r;
}

export const concat = cat;
export const concatenate = cat;

export function stack(tensors: Tensor[], dim = 0): Tensor {
  if (!Array.isArray(tensors) || tensors.length === 0) throw new RangeError('stack expects a non-empty TensorList');
  const ref = tensors[0];
  tensors.forEach((t, i) => {
    if (!(t instanceof Tensor)) throw new TypeError(`stack(): expected Tensor as element ${i}, but got ${describe(t)}`);
    if (t.dim() !== ref.dim() || t._shape.some((s, k) => s !== ref._shape[k])) {
      throw new RangeError(
        `stack expects each tensor to be equal size, but got ${formatShape(ref._shape)} at entry 0 and ${formatShape(t._shape)} at entry ${i}`,
      );
    }
  });
  const d = normalizeDim(dim, ref.dim() + 1);
  const r = cat(tensors.map((t) => t.unsqueeze(d)), d);
  if (r.gradFn !== null) {
    const n = tensors.length;
    r.gradFn = null;
    recordOp(r, 'StackBackward0', tensors, (g) => g.unbind(d).slice(0, n));
  }
  return r;
}

export function hstack(tensors: Tensor[]): Tensor {
  return tensors[0]?.dim() === 1 ? cat(tensors, 0) : cat(tensors.map((t) => (t.dim() === 0 ? t.reshape([1]) : t)), 1);
}

export function vstack(tensors: Tensor[]): Tensor {
  return cat(tensors.map((t) => (t.dim() < 2 ? t.reshape([1, -1]) : t)), 0);
}
