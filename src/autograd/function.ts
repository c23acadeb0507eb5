// How an op records itself in the graph. Ops call `recordOp` after computing their output, giving
// the backward as a closure next to the forward (micrograd style).
import type { Tensor } from '../tensor/tensor.js';
import { gradMode } from './grad_mode.js';
import { Node, type BackwardFn, type Edge } from './node.js';

export function edgeOf(t: Tensor | null | undefined): Edge {
  if (!t || !t._requiresGrad) return null;
  return t.gradFn ?? t;
}

export function needsGrad(a: Tensor): boolean {
  return gradMode.enabled && a._requiresGrad;
}

export function needsGrad2(a: Tensor, b: Tensor | null | undefined): boolean {
  return gradMode.enabled && (a._requiresGrad || (b != null && b._requiresGrad));
}

export function anyNeedsGrad(ts: readonly (Tensor | null | undefined)[]): boolean {
  if (!gradMode.enabled) return false;
  for (const t of ts) if (t && t._requiresGrad) return true;
  return false;
}

/**
 * Makes `out` the result of a differentiable op. `saved` lists tensors the backward reads whose
 * in-place modification would make it wrong. Works for in-place ops too (out is one of the inputs):
 * the edges are taken before out's own grad_fn is replaced.
 */
export function recordOp(
  out: Tensor,
  name: string,
  inputs: readonly (Tensor | null | undefined)[],
  backward: BackwardFn,
  saved: Tensor[] | null = null,
): Tensor {
  const next = new Array<Edge>(inputs.length);
  for (let i = 0; i < inputs.length; i++) next[i] = edgeOf(inputs[i]);
  out.gradFn = new Node(name, next, backward, saved);
  out._requiresGrad = true;
  return out;
}

/** PyTorch refuses in-place writes to leaves that require grad while grad mode is on. */
export function checkInPlace(t: Tensor): void {
  if (gradMode.enabled && t._requiresGrad && t.gradFn === null && t._base === null) {
    throw new Error('a leaf Variable that requires grad is being used in an in-place operation.');
  }
  if (gradMode.enabled && t._base !== null && t._base._requiresGrad && t._base.gradFn === null) {
    throw new Error(
      'a view of a leaf Variable that requires grad is being used in an in-place operation.',
    );
  }
}
