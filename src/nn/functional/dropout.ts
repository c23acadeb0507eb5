// Dropout on the CPU as PyTorch 1.13.1 computes it (RNG_SPEC.md §7): a mask drawn with
// `bernoulli_(1 - p)` (one float64 uniform per element, row-major), scaled by 1/(1-p) in the
// input's dtype, then `input * mask`, so the graph has PyTorch's MulBackward0.
import { Tensor } from '../../tensor/tensor.js';
import type { TypedArray } from '../../tensor/dtype.js';
import '../../ops/binary.js';
import { defaultGenerator, fillDropoutNoise, type FloatArray } from '../../random/index.js';
import { bindArgs } from '../args.js';
import { pyNumber } from '../repr.js';

export function checkDropoutP(p: unknown): asserts p is number {
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
    throw new Error(`dropout probability has to be between 0 and 1, but got ${typeof p === 'number' ? pyNumber(p) : String(p)}`);
  }
}

function applyNoise(input: Tensor, noiseShape: number[], p: number, inplace: boolean): Tensor {
  if (!input.dtype.isFloatingPoint) {
    throw new TypeError(`dropout: expected a floating point input, got ${input.dtype.toString()}`);
  }
  let n = 1;
  for (const s of noiseShape) n *= s;
  const noise = new (input.dtype.ArrayType)(n) as TypedArray;
  if (p === 1) {
    // PyTorch multiplies by a zero scalar without drawing.
    const zero = new Tensor(new (input.dtype.ArrayType)(1) as TypedArray, [], input.dtype);
    return inplace ? input.mul_(zero) : input.mul(zero);
  }
  fillDropoutNoise(defaultGenerator, noise as FloatArray, p);
  const mask = new Tensor(noise, noiseShape, input.dtype);
  return inplace ? input.mul_(mask) : input.mul(mask);
}

/** `F.dropout(input, p=0.5, training=true, inplace=false)`. */
export function dropout(input: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs('dropout', args, ['p', 'training', 'inplace'], { p: 0.5, training: true, inplace: false });
  checkDropoutP(o.p);
  if (!o.training || o.p === 0 || input.numel() === 0) return input;
  return applyNoise(input, input.shape, o.p, Boolean(o.inplace));
}

/**
 * Channel-wise dropout (Dropout1d/2d/3d): one draw per (sample, channel), broadcast over the
 * remaining dims. `batched` says whether dim 0 is the batch.
 */
export function featureDropout(input: Tensor, p: number, training: boolean, inplace: boolean, batched = true): Tensor {
  checkDropoutP(p);
  if (!training || p === 0 || input.numel() === 0) return input;
  const s = input._shape;
  const lead = batched ? 2 : 1;
  const noiseShape = s.map((d, i) => (i < lead ? d : 1));
  return applyNoise(input, noiseShape, p, inplace);
}

function featureDropoutN(name: string, spatial: number, input: Tensor, args: unknown[]): Tensor {
  const o = bindArgs(name, args, ['p', 'training', 'inplace'], { p: 0.5, training: true, inplace: false });
  checkDropoutP(o.p);
  const d = input.dim();
  if (d !== spatial + 1 && d !== spatial + 2) {
    throw new Error(
      `${name}: Expected ${spatial + 1}D or ${spatial + 2}D input, but received a ${d}D input. ` +
        `Note that ${name} exists to provide channel-wise dropout on inputs with ${spatial} spatial dimension${spatial > 1 ? 's' : ''}, ` +
        `a channel dimension, and an optional batch dimension (i.e. ${spatial + 1}D or ${spatial + 2}D inputs).`,
    );
  }
  return featureDropout(input, o.p, o.training, o.inplace, d === spatial + 2);
}

export function dropout1d(input: Tensor, ...args: unknown[]): Tensor {
  return featureDropoutN('dropout1d', 1, input, args);
}
export function dropout2d(input: Tensor, ...args: unknown[]): Tensor {
  return featureDropoutN('dropout2d', 2, input, args);
}
export function dropout3d(input: Tensor, ...args: unknown[]): Tensor {
  return featureDropoutN('dropout3d', 3, input, args);
}
