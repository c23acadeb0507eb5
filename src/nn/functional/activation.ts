// The activations of torch.nn.functional: the core ops (src/ops/activation.ts) plus PyTorch's
// `inplace` flag. In place means the input's storage receives the result; when the input takes
// part in autograd the result is returned out of place instead, as that is always correct.
import { Tensor } from '../../tensor/tensor.js';
import { gradMode } from '../../autograd/grad_mode.js';
import * as A from '../../ops/activation.js';
import '../../ops/unary.js';
import '../../ops/convert.js';
import { bindArgs } from '../args.js';

/** PyTorch's `inplace` flag, given positionally or as `{ inplace }`. */
function inplaceFlag(inplace: boolean | { inplace?: boolean }): boolean {
  return typeof inplace === 'object' ? Boolean(inplace.inplace) : inplace;
}

function maybeInplace(input: Tensor, inplace: boolean | { inplace?: boolean }, compute: () => Tensor): Tensor {
  if (!inplaceFlag(inplace)) return compute();
  if (gradMode.enabled && input._requiresGrad) return compute();
  const r = compute();
  input.copy_(r);
  return input;
}

export function relu(input: Tensor, inplace: boolean | { inplace?: boolean } = false): Tensor {
  return inplaceFlag(inplace) ? input.relu_() : A.relu(input);
}

export function relu6(input: Tensor, inplace: boolean | { inplace?: boolean } = false): Tensor {
  return maybeInplace(input, inplace, () => A.hardtanh(input, 0, 6));
}

export function leakyRelu(input: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs('leaky_relu', args, ['negativeSlope', 'inplace'], { negativeSlope: 0.01, inplace: false });
  return maybeInplace(input, o.inplace, () => A.leakyRelu(input, o.negativeSlope));
}

export function elu(input: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs('elu', args, ['alpha', 'inplace'], { alpha: 1, inplace: false });
  return maybeInplace(input, o.inplace, () => A.elu(input, o.alpha));
}

export function selu(input: Tensor, inplace: boolean | { inplace?: boolean } = false): Tensor {
  return maybeInplace(input, inplace, () => A.selu(input));
}

export function celu(input: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs('celu', args, ['alpha', 'inplace'], { alpha: 1, inplace: false });
  return maybeInplace(input, o.inplace, () => A.celu(input, o.alpha));
}

export function gelu(input: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs('gelu', args, ['approximate'], { approximate: 'none' });
  return A.gelu(input, o.approximate);
}

export function silu(input: Tensor, inplace: boolean | { inplace?: boolean } = false): Tensor {
  return maybeInplace(input, inplace, () => A.silu(input));
}

export function mish(input: Tensor, inplace: boolean | { inplace?: boolean } = false): Tensor {
  return maybeInplace(input, inplace, () => A.mish(input));
}

export function softplus(input: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs('softplus', args, ['beta', 'threshold'], { beta: 1, threshold: 20 });
  return A.softplus(input, o.beta, o.threshold);
}

export function hardtanh(input: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs('hardtanh', args, ['minVal', 'maxVal', 'inplace'], { minVal: -1, maxVal: 1, inplace: false });
  return maybeInplace(input, o.inplace, () => A.hardtanh(input, o.minVal, o.maxVal));
}

export function hardsigmoid(input: Tensor, inplace: boolean | { inplace?: boolean } = false): Tensor {
  return maybeInplace(input, inplace, () => A.hardsigmoid(input));
}

export function hardswish(input: Tensor, inplace: boolean | { inplace?: boolean } = false): Tensor {
  return maybeInplace(input, inplace, () => A.hardswish(input));
}

export function threshold(input: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs('threshold', args, ['threshold', 'value', 'inplace'], { threshold: NaN, value: NaN, inplace: false });
  if (Number.isNaN(o.threshold) || Number.isNaN(o.value)) {
    throw new TypeError("threshold() missing required arguments: 'threshold' and 'value'");
  }
  return maybeInplace(input, o.inplace, () => A.threshold(input, o.threshold, o.value));
}

export function softshrink(input: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs('softshrink', args, ['lambd'], { lambd: 0.5 });
  return A.softshrink(input, o.lambd);
}

export function hardshrink(input: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs('hardshrink', args, ['lambd'], { lambd: 0.5 });
  return A.hardshrink(input, o.lambd);
}

export function tanh(input: Tensor): Tensor {
  return input.tanh();
}

export function sigmoid(input: Tensor): Tensor {
  return input.sigmoid();
}

/** `F.softmax(input, dim, { dtype })`: PyTorch's third positional (_stacklevel) is not taken. */
export function softmax(input: Tensor, dim?: number | null | { dim?: number; dtype?: unknown }, opts?: { dtype?: unknown }): Tensor {
  return softmaxLike(A.softmax, input, dim, opts);
}

export function logSoftmax(input: Tensor, dim?: number | null | { dim?: number; dtype?: unknown }, opts?: { dtype?: unknown }): Tensor {
  return softmaxLike(A.logSoftmax, input, dim, opts);
}

export function softmin(input: Tensor, dim?: number | null | { dim?: number; dtype?: unknown }, opts?: { dtype?: unknown }): Tensor {
  return softmaxLike(A.softmin, input, dim, opts);
}

function softmaxLike(
  f: (x: Tensor, d?: number | Record<string, unknown>) => Tensor,
  input: Tensor,
  dim: number | null | undefined | { dim?: number; dtype?: unknown },
  opts?: { dtype?: unknown },
): Tensor {
  if (dim !== null && typeof dim === 'object') return f(input, dim as Record<string, unknown>);
  const d = dim === null ? undefined : dim;
  if (opts && opts.dtype !== undefined) return f(input, { dim: d, dtype: opts.dtype });
  return f(input, d);
}

export const logsigmoid = A.logsigmoid;
export const softsign = A.softsign;
export const tanhshrink = A.tanhshrink;
