// Autograd history of views under in-place writes (PyTorch's CopySlices and view regeneration).
// A view shares its base's storage, so an in-place op on the view changes the base too: the base's
// history must then pass the region's gradient through the op, and every other view of the base must
// read its gradient from the base's new history instead of the one it was made with.
import { Tensor, setViewRefresher } from '../tensor/tensor.js';
import { int64 } from '../tensor/dtype.js';
import { stridedOffsets } from '../tensor/strided.js';
import { Node, type Edge } from './node.js';

/** The root base's row-major element index of every element of `view`, as an int64 index tensor. */
function indexInBase(base: Tensor, view: Tensor): Tensor {
  let offs: Int32Array | Float64Array;
  if (base._contiguous) {
    offs = stridedOffsets(view._shape, view._strides, view._offset - base._offset);
  } else {
    // A strided root base (a detached view, say): map storage positions back to its element order.
    const baseOffs = stridedOffsets(base._shape, base._strides, base._offset);
    const where = new Map<number, number>();
    for (let i = 0; i < baseOffs.length; i++) where.set(baseOffs[i], i);
    offs = stridedOffsets(view._shape, view._strides, view._offset);
    for (let i = 0; i < offs.length; i++) offs[i] = where.get(offs[i]) ?? 0;
  }
  return new Tensor(Float64Array.from(offs), [offs.length], int64);
}

function baseEdge(base: Tensor): Edge {
  return base._requiresGrad ? base.gradFn ?? base : null;
}

/** The history of `view` read out of its base's current history (PyTorch's AsStridedBackward0). */
function viewNode(base: Tensor, view: Tensor, idx: Tensor): Node {
  const baseShape = base._shape.slice();
  const n = base.numel();
  const node = new Node('AsStridedBackward0', [baseEdge(base)], (g) => {
    const zeros = new Tensor(new (g.dtype.ArrayType)(n), [n], g.dtype);
    return [zeros.indexPut([idx], g.reshape([-1])).reshape(baseShape)];
  }, null);
  node.dtype = view.dtype;
  return node;
}

/** Whether `t` is a view whose base was written in place since its history was last taken. */
export function isStaleView(t: Tensor): boolean {
  return t._viewVersion >= 0 && t._viewVersion !== t._version.version && t._base !== null;
}

/** Re-derives a stale view's history from its base (whose history an in-place op has changed). */
export function refreshView(view: Tensor): void {
  view._viewVersion = view._version.version;
  const base = view._base!;
  if (!base._requiresGrad || base._data !== view._data) return;
  view.gradFn = viewNode(base, view, indexInBase(base, view));
  view._requiresGrad = true;
}

setViewRefresher((t) => {
  if (isStaleView(t)) refreshView(t);
});

/**
 * Installs `fn`, the node of an in-place op just applied to `self` (its input 0 is self's value before
 * the write), as self's history. When self is a view, the base's history becomes a CopySlices node:
 * the base's gradient flows unchanged outside the view's region, and through `fn` inside it.
 */
export function commitInPlace(self: Tensor, fn: Node): void {
  const base = self._base;
  if (base === null || base._data !== self._data) {
    fn.dtype = self.dtype;
    self.gradFn = fn;
    self._requiresGrad = true;
    return;
  }
  const idx = indexInBase(base, self);
  const viewShape = self._shape.slice();
  const baseShape = base._shape.slice();
  const next: Edge[] = [baseEdge(base), ...fn.next.slice(1)];
  const node = new Node('CopySlices', next, (g) => {
    const inner = fn.backwardFn;
    if (inner === null) throw new Error('internal error: the in-place op inside CopySlices was freed');
    const flat = g.reshape([-1]);
    const res = inner(flat.index(idx).reshape(viewShape));
    const own = res[0];
    const gBase = own == null ? flat.indexPut([idx], 0) : flat.indexPut([idx], own.reshape([-1]));
    return [gBase.reshape(baseShape), ...res.slice(1)];
  }, fn.saved, fn.savedState);
  node.dtype = base.dtype;
  base.gradFn = node;
  base._requiresGrad = true;
  self.gradFn = viewNode(base, self, idx);
  self._requiresGrad = true;
  self._viewVersion = self._version.version;
}
