// The backward engine: counts, for every node reachable from the roots, how many edges lead into it,
// then runs nodes once all their incoming gradients have arrived (a topological order), summing
// gradients that meet at the same node and accumulating into leaves' `.grad`.
import { Tensor } from '../tensor/tensor.js';
import { shapesEqual, formatShape } from '../tensor/shape.js';
import { gradMode } from './grad_mode.js';
import { Node, type Edge } from './node.js';
import { add } from '../ops/binary.js';

export interface EngineOptions {
  retainGraph: boolean;
  createGraph: boolean;
  /** autograd.grad: the edges whose gradient is returned instead of accumulated. */
  capture: Edge[] | null;
}

const FREED_MESSAGE =
  'Trying to backward through the graph a second time (or directly access saved tensors after they have ' +
  'already been freed). Saved intermediate values of the graph are freed when you call .backward() or ' +
  'autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or ' +
  'if you need to access saved tensors after calling backward.';

function sum(a: Tensor | undefined, b: Tensor): Tensor {
  return a === undefined ? b : add(a, b);
}

function freshCopy(g: Tensor): Tensor {
  return new Tensor(g._values().slice() as Tensor['_data'], g.shape, g.dtype);
}

function accumulateIntoLeaf(leaf: Tensor, g: Tensor, createGraph: boolean): void {
  if (!shapesEqual(leaf._shape, g._shape)) {
    throw new Error(
      `internal error: gradient of shape ${formatShape(g._shape)} for a leaf of shape ${formatShape(leaf._shape)}`,
    );
  }
  if (leaf._hooks !== null) for (const h of leaf._hooks) g = h(g) ?? g;
  if (leaf.grad === null) {
    leaf.grad = createGraph ? g : freshCopy(g);
  } else if (createGraph || leaf.grad._requiresGrad) {
    leaf.grad = add(leaf.grad, g);
  } else {
    // In place, so references to `.grad` (e.g. an optimizer's) stay valid, as in PyTorch.
    const dst = leaf.grad;
    const src = g._values();
    if (dst._contiguous) {
      const d = dst._data;
      const o = dst._offset;
      for (let i = 0; i < src.length; i++) d[o + i] += src[i];
    } else {
      leaf.grad = add(dst, g);
    }
  }
}

function checkSaved(node: Node): void {
  const saved = node.saved;
  const state = node.savedState;
  if (saved === null || state === null) return;
  for (let i = 0; i < saved.length; i++) {
    const now = saved[i]._version.version;
    const then = state[2 * i] as number;
    if (now !== then) {
      const t = saved[i];
      const from = state[2 * i + 1] as Node | null;
      throw new Error(
        'one of the variables needed for gradient computation has been modified by an inplace operation: ' +
          `[${t.type()} ${formatShape(t._shape)}]${from ? `, which is output 0 of ${from.name},` : ''} ` +
          `is at version ${now}; expected version ${then} instead. Hint: the backtrace further above ` +
          'shows the operation that failed to compute its gradient. The variable in question was changed in ' +
          'there or anywhere later. Good luck!',
      );
    }
  }
}

/**
 * Runs backward from `roots` (edges) seeded with `grads`. Returns the gradients of the captured edges
 * (autograd.grad), in order; leaves are accumulated into `.grad` only when nothing is captured.
 */
export function runBackward(roots: Edge[], grads: Tensor[], opts: EngineOptions): (Tensor | null)[] {
  const captureIndex = new Map<Edge, number>();
  if (opts.capture) opts.capture.forEach((e, i) => e !== null && captureIndex.set(e, i));
  const captured: (Tensor | undefined)[] = new Array(opts.capture?.length ?? 0);
  const accumulateLeaves = opts.capture === null;

  // Count incoming edges per node.
  const deps = new Map<Node, number>();
  const stack: Node[] = [];
  for (const r of roots) {
    if (r instanceof Node && !deps.has(r)) {
      deps.set(r, 0);
      stack.push(r);
    }
  }
  while (stack.length > 0) {
    const n = stack.pop()!;
    for (const e of n.next) {
      if (e instanceof Node) {
        const c = deps.get(e);
        if (c === undefined) {
          deps.set(e, 1);
          stack.push(e);
        } else deps.set(e, c + 1);
      }
    }
  }

  const pending = new Map<Node, Tensor>();
  const deliver = (e: Edge, g: Tensor | null | undefined): void => {
    if (e === null || g == null) return;
    const ci = captureIndex.get(e);
    if (e instanceof Node) {
      // A gradient has its tensor's dtype (a float32 input of a float64 result gets a float32 gradient).
      if (e.dtype !== null && g.dtype !== e.dtype) g = g.to(e.dtype);
      pending.set(e, sum(pending.get(e), g));
      return;
    }
    if (g.dtype !== e.dtype) g = g.to(e.dtype);
    if (ci !== undefined) captured[ci] = sum(captured[ci], g);
    else if (accumulateLeaves) accumulateIntoLeaf(e, g, opts.createGraph);
  };
  for (let i = 0; i < roots.length; i++) deliver(roots[i], grads[i]);

  const ready: Node[] = [];
  for (const r of roots) if (r instanceof Node && deps.get(r) === 0 && !ready.includes(r)) ready.push(r);

  const prevMode = gradMode.enabled;
  gradMode.enabled = opts.createGraph;
  try {
    while (ready.length > 0) {
      const node = ready.pop()!;
      let g = pending.get(node);
      pending.delete(node);
      let results: (Tensor | null | undefined)[] | null = null;
      if (g !== undefined) {
        if (node.hooks !== null) for (const h of node.hooks) g = h(g) ?? g;
        if (node.retained !== null) {
          const t = node.retained;
          t.grad = t.grad === null ? (opts.createGraph ? g : freshCopy(g)) : add(t.grad, g);
        }
        const ci = captureIndex.get(node);
        if (ci !== undefined) captured[ci] = sum(captured[ci], g);
        if (node.backwardFn === null) throw new Error(FREED_MESSAGE);
        checkSaved(node);
        results = node.backwardFn(g);
        if (!opts.retainGraph && node.saved !== null) {
          node.backwardFn = null;
          node.freed = true;
        }
      }
      for (let i = 0; i < node.next.length; i++) {
        const e = node.next[i];
        if (results !== null) deliver(e, results[i]);
        if (e instanceof Node) {
          const c = deps.get(e)! - 1;
          deps.set(e, c);
          if (c === 0) ready.push(e);
        }
      }
    }
  } finally {
    gradMode.enabled = prevMode;
  }
  // Array.from visits the holes that map would skip (inputs no gradient reached).
  return Array.from(captured, (g) => g ?? null);
}
