// How an op records itself in the graph. Ops call `recordOp` after computing their output, giving
// the backward as a closure next to the forward (micrograd style). In-place ops build their node with
// `makeNode` and hand it to `commitInPlace`, which also keeps the history of views right.
import type { Tensor } from '../tensor/tensor.js';
import { gradMode } from './grad_mode.js';
import { Node, type BackwardFn, type Edge } from './node.js';
import { isStaleView, refreshView, commitInPlace } from './view_history.js';

export { commitInPlace };

export function edgeOf(t: Tensor | null | undefined): Edge {
  if (!t) return null;
  if (t._viewVersion >= 0 && isStaleView(t)) refreshView(t);
  if (!t._requiresGrad) return null;
  return t.gradFn ?? t;
}

/** Whether `a` takes part in autograd now (a view whose base was written in place is brought up to date). */
export function needsGrad(a: Tensor): boolean {
  if (!gradMode.enabled) return false;
  if (a._viewVersion >= 0 && isStaleView(a)) refreshView(a);
  return a._requiresGrad;
}

export function needsGrad2(a: Tensor, b: Tensor | null | undefined): boolean {
  if (!gradMode.enabled) return false;
  return needsGrad(a) || (b != null && needsGrad(b));
}

export function anyNeedsGrad(ts: readonly (Tensor | null | undefined)[]): boolean {
  if (!gradMode.enabled) return false;
  let any = false;
  for (const t of ts) if (t && needsGrad(t)) any = true;
  return any;
}

/** A graph node for an op on `inputs` (edges taken from their current history). */
export function makeNode(
  name: string,
  inputs: readonly (Tensor | null | undefined)[],
  backward: BackwardFn,
  saved: Tensor[] | null = null,
): Node {
  const next = new Array<Edge>(inputs.length);
  for (let i = 0; i < inputs.length; i++) next[i] = edgeOf(inputs[i]);
  return new Node(name, next, backward, saved);
}

/**
 * Makes `out` the result of a differentiable op. `saved` lists tensors the backward reads whose
 * in-place modification would make it wrong.
 */
export function recordOp(
  out: Tensor,
  name: string,
  inputs: readonly (Tensor | null | undefined)[],
  backward: BackwardFn,
  saved: Tensor[] | null = null,
): Tensor {
  const node = makeNode(name, inputs, backward, saved);
  node.dtype = out.dtype;
  // A saved output is made by this very node.
  if (saved !== null) for (let i = 0; i < saved.length; i++) if (saved[i] === out) node.savedState![2 * i + 1] = node;
  out.gradFn = node;
  out._requiresGrad = true;
  return out;
}

/** PyTorch refuses in-place writes to leaves that require grad (and their views) while grad mode is on. */
export function checkInPlace(t: Tensor): void {
  if (!gradMode.enabled) return;
  if (t._requiresGrad && t.gradFn === null && t._base === null) {
    throw new Error('a leaf Variable that requires grad is being used in an in-place operation.');
  }
  if (t._base !== null && t._base._requiresGrad && t._base.gradFn === null) {
    throw new Error(
      'a view of a leaf Variable that requires grad is being used in an in-place operation.',
    );
  }
}
