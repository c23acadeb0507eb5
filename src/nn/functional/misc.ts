// F.pad (constant), F.normalize and F.oneHot, composed from differentiable ops.
import { Tensor } from '../../tensor/tensor.js';
import { int64 } from '../../tensor/dtype.js';
import { cat } from '../../ops/join.js';
import { full } from '../../ops/creation.js';
import '../../ops/view.js';
import '../../ops/reduce.js';
import '../../ops/unary.js';
import '../../ops/binary.js';
import { bindArgs } from '../args.js';

/**
 * `F.pad(input, pad, mode = 'constant', value = 0)`: pad lists (before, after) pairs starting from
 * the last dim; negative amounts crop.
 */
export function pad(input: Tensor, padding: number[], ...args: unknown[]): Tensor {
  const o = bindArgs('pad', args, ['mode', 'value'], { mode: 'constant', value: 0 });
  if (!Array.isArray(padding) || padding.length % 2 !== 0) throw new Error('Padding length must be divisible by 2');
  if (padding.length / 2 > input.dim()) throw new Error('Padding length too large');
  if (o.mode !== 'constant') throw new Error(`F.pad: mode '${o.mode}' is not supported yet; only 'constant'`);
  let x = input;
  for (let i = 0; i < padding.length / 2; i++) {
    const d = x.dim() - 1 - i;
    const [before, after] = [padding[2 * i], padding[2 * i + 1]];
    if (before < 0) x = x.narrow(d, -before, x._shape[d] + before);
    if (after < 0) x = x.narrow(d, 0, x._shape[d] + after);
    const parts: Tensor[] = [];
    const side = (n: number): Tensor => full(x._shape.map((s, j) => (j === d ? n : s)), o.value, { dtype: x.dtype });
    if (before > 0) parts.push(side(before));
    parts.push(x);
    if (after > 0) parts.push(side(after));
    if (parts.length > 1) x = cat(parts, d);
  }
  return x;
}

/** `F.normalize(input, p = 2, dim = 1, eps = 1e-12)`: input / max(‖input‖_p along dim, eps). */
export function normalize(input: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs('normalize', args, ['p', 'dim', 'eps'], { p: 2, dim: 1, eps: 1e-12 });
  const denom = input.norm(o.p, o.dim, true).clamp({ min: o.eps }).expand(input.shape);
  return input.div(denom);
}

/** `F.oneHot(tensor, numClasses = -1)`: int64 [..., numClasses] with a 1 at each index. */
export function oneHot(tensor: Tensor, numClasses = -1): Tensor {
  if (!(tensor instanceof Tensor) || tensor.dtype !== int64) {
    throw new TypeError('one_hot is only applicable to index tensor.');
  }
  const v = tensor._values();
  let max = -1;
  for (let i = 0; i < v.length; i++) {
    if (v[i] < 0) throw new Error('Class values must be non-negative.');
    if (v[i] > max) max = v[i];
  }
  const C = numClasses === -1 ? max + 1 : numClasses;
  if (numClasses !== -1 && max >= numClasses) throw new Error('Class values must be smaller than num_classes.');
  const out = new Float64Array(v.length * C);
  for (let i = 0; i < v.length; i++) out[i * C + v[i]] = 1;
  return new Tensor(out, [...tensor.shape, C], int64);
}
