// F.mse_loss with its own forward loop and backward (one node, MseLossBackward0, as in PyTorch):
// the regression seeds call it every step, so it avoids the three nodes sub/pow/mean would make.
import { Tensor } from '../../tensor/tensor.js';
import type { TypedArray } from '../../tensor/dtype.js';
import { allocStorage } from '../../tensor/storage.js';
import { broadcastShapes } from '../../tensor/shape.js';
import { anyNeedsGrad, recordOp } from '../../autograd/function.js';
import '../../ops/view.js';
import '../../ops/convert.js';
import { bindArgs } from '../args.js';
import { LOSS_ARG_DEFAULTS, LOSS_ARG_NAMES, resolveReduction, type Reduction } from './reduction.js';
import { warnOnce } from './warn.js';
import { torchSize } from '../repr.js';

/** Brings input and target to one shape (warning as PyTorch does when they differ) and one dtype. */
export function alignLossOperands(name: string, input: Tensor, target: Tensor): [Tensor, Tensor] {
  if (!(input instanceof Tensor)) throw new TypeError(`${name}(): argument 'input' must be Tensor`);
  if (!(target instanceof Tensor)) throw new TypeError(`${name}(): argument 'target' must be Tensor`);
  let x = input;
  let y = target;
  if (!sameShape(x._shape, y._shape)) {
    warnOnce(
      `Using a target size (${torchSize(y._shape)}) that is different to the input size (${torchSize(x._shape)}). ` +
        'This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size.',
    );
    const shape = broadcastShapes(x._shape, y._shape);
    x = x.expand(shape);
    y = y.expand(shape);
  }
  if (!x.dtype.isFloatingPoint) {
    throw new TypeError(`"${name}" not implemented for '${x.dtype.toString()}': the input must be a floating point tensor`);
  }
  if (y.dtype !== x.dtype) y = y.to(x.dtype);
  return [x, y];
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** `F.mseLoss(input, target, { reduction })`: mean of (input - target)². */
export function mseLoss(input: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs('mse_loss', args, [...LOSS_ARG_NAMES], LOSS_ARG_DEFAULTS);
  const reduction = resolveReduction(o.sizeAverage, o.reduce, o.reduction);
  const [x, y] = alignLossOperands('mse_loss', input, target);
  return mseCore(x, y, reduction);
}

/** The module's path: the reduction is already resolved, so no argument parsing per call. */
export function mseLossWith(input: Tensor, target: Tensor, reduction: Reduction): Tensor {
  const [x, y] = alignLossOperands('mse_loss', input, target);
  return mseCore(x, y, reduction);
}

function mseCore(x: Tensor, y: Tensor, reduction: Reduction): Tensor {
  const dtype = x.dtype;
  const f32 = dtype.itemsize === 4;
  const xv = x._values();
  const yv = y._values();
  const n = xv.length;
  let out: Tensor;
  if (reduction === 'none') {
    const r = allocStorage(dtype, n);
    const round = f32 ? Math.fround : (v: number) => v;
    for (let i = 0; i < n; i++) {
      const d = round(xv[i] - yv[i]);
      r[i] = d * d;
    }
    out = new Tensor(r, x._shape, dtype);
  } else {
    let s = 0;
    if (f32) {
      for (let i = 0; i < n; i++) {
        const d = Math.fround(xv[i] - yv[i]);
        s += Math.fround(d * d);
      }
    } else {
      for (let i = 0; i < n; i++) {
        const d = xv[i] - yv[i];
        s += d * d;
      }
    }
    const r = new (dtype.ArrayType)(1) as TypedArray;
    r[0] = reduction === 'mean' ? s / n : s;
    out = new Tensor(r, [], dtype);
  }
  if (anyNeedsGrad([x, y])) {
    const xNeeds = x._requiresGrad;
    const yNeeds = y._requiresGrad;
    recordOp(out, 'MseLossBackward0', [x, y], (g) => {
      const gi = mseGrad(x, y, g, reduction);
      return [xNeeds ? gi : null, yNeeds ? gi.neg() : null];
    }, [x, y]);
  }
  return out;
}

/** d loss / d input = norm·(x - y)·g with norm = 2/n (mean) or 2, in the input's precision. */
function mseGrad(x: Tensor, y: Tensor, g: Tensor, reduction: Reduction): Tensor {
  const dtype = x.dtype;
  const f32 = dtype.itemsize === 4;
  const xv = x._values();
  const yv = y._values();
  const n = xv.length;
  const r = allocStorage(dtype, n);
  const twoOverN = reduction === 'mean' ? 2 / n : 2;
  const norm = f32 ? Math.fround(twoOverN) : twoOverN;
  if (reduction === 'none') {
    const gv = g.expand(x._shape)._values();
    const round = f32 ? Math.fround : (v: number) => v;
    for (let i = 0; i < n; i++) r[i] = round(norm * round(xv[i] - yv[i])) * gv[i];
  } else {
    // The loss is one element: read it directly (item() would check its size again).
    const gs = g._contiguous ? g._data[g._offset] : g.item();
    // Math.fround written out in the float32 loop keeps it monomorphic (one loop per precision).
    if (f32) for (let i = 0; i < n; i++) r[i] = Math.fround(norm * Math.fround(xv[i] - yv[i])) * gs;
    else for (let i = 0; i < n; i++) r[i] = norm * (xv[i] - yv[i]) * gs;
  }
  return new Tensor(r, x._shape, dtype);
}
