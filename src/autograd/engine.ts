// The backward engine: counts, for every node reachable from the roots, how many edges lead into it,
// then runs nodes once all their incoming gradients have arrived (a topological order), summing
// gradients that meet at the same node and accumulating into leaves' `.grad`.
import { Tensor, versionOf } from '../tensor/tensor.js';
import { allocStorage } from '../tensor/storage.js';
import { shapesEqual, formatShape } from '../tensor/shape.js';
import type { DType } from '../tensor/dtype.js';
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
  const v = g._values();
  const out = allocStorage(g.dtype, v.length);
  out.set(v);
  return new Tensor(out, g._shape, g.dtype);
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
    const now = versionOf(saved[i]);
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

/** Where a run keeps each node's pending count and summed gradient. */
interface RunState {
  seen(n: Node): boolean;
  /** Marks `n` as reached with `deps` incoming edges counted so far. */
  reach(n: Node, deps: number): void;
  deps(n: Node): number;
  setDeps(n: Node, deps: number): void;
  grad(n: Node): Tensor | undefined;
  setGrad(n: Node, g: Tensor | undefined): void;
}

let lastRun = 0;
let running = false;

/** The common case: the fields on the nodes, stamped with this run's number. */
class FieldState implements RunState {
  constructor(readonly run: number) {}
  seen(n: Node): boolean {
    return n._run === this.run;
  }
  reach(n: Node, deps: number): void {
    n._run = this.run;
    n._deps = deps;
    n._grad = undefined;
  }
  deps(n: Node): number {
    return n._deps;
  }
  setDeps(n: Node, deps: number): void {
    n._deps = deps;
  }
  grad(n: Node): Tensor | undefined {
    return n._grad;
  }
  setGrad(n: Node, g: Tensor | undefined): void {
    n._grad = g;
  }
}

/** A backward started inside another one (from a hook) keeps its own books, leaving the outer run's fields alone. */
class MapState implements RunState {
  private readonly d = new Map<Node, number>();
  private readonly g = new Map<Node, Tensor>();
  seen(n: Node): boolean {
    return this.d.has(n);
  }
  reach(n: Node, deps: number): void {
    this.d.set(n, deps);
  }
  deps(n: Node): number {
    return this.d.get(n)!;
  }
  setDeps(n: Node, deps: number): void {
    this.d.set(n, deps);
  }
  grad(n: Node): Tensor | undefined {
    return this.g.get(n);
  }
  setGrad(n: Node, g: Tensor | undefined): void {
    if (g === undefined) this.g.delete(n);
    else this.g.set(n, g);
  }
}

/**
 * Runs backward from `roots` (edges) seeded with `grads`. Returns the gradients of the captured edges
 * (autograd.grad), in order; leaves are accumulated into `.grad` only when nothing is captured.
 */
export function runBackward(roots: Edge[], grads: Tensor[], opts: EngineOptions): (Tensor | null)[] {
  const nested = running;
  running = true;
  try {
    if (!nested && opts.capture === null) {
      runIntoLeaves(roots, grads, opts.retainGraph, opts.createGraph);
      return [];
    }
    return runWith(nested ? new MapState() : new FieldState(++lastRun), roots, grads, opts);
  } finally {
    running = nested;
  }
}

/** A gradient in the dtype of the tensor it is for (a float32 input of a float64 result gets a float32 one). */
function castTo(g: Tensor, dtype: DType | null): Tensor {
  return dtype === null || g.dtype === dtype ? g : g.to(dtype);
}

/**
 * Runs one node on its summed gradient: its hooks, a retained gradient, the saved-tensor check, the
 * backward itself; frees what it saved unless the graph is retained. `capture` (autograd.grad) takes the
 * gradient after the hooks. Returns the gradients of its inputs, in the order of `node.next`.
 */
function runNode(
  node: Node, g: Tensor, retainGraph: boolean, createGraph: boolean, capture: ((g: Tensor) => void) | null,
): (Tensor | null | undefined)[] {
  if (node.hooks !== null) for (const h of node.hooks) g = h(g) ?? g;
  if (node.retained !== null) {
    const t = node.retained;
    t.grad = t.grad === null ? (createGraph ? g : freshCopy(g)) : add(t.grad, g);
  }
  if (capture !== null) capture(g);
  const fn = node.backwardFn;
  if (fn === null) throw new Error(FREED_MESSAGE);
  if (node.saved !== null) checkSaved(node);
  const results = fn(g);
  if (!retainGraph && node.saved !== null) {
    node.backwardFn = null;
    node.freed = true;
  }
  return results;
}

/**
 * The common run (`loss.backward()`, not nested in another, nothing captured), with its bookkeeping in
 * the nodes' own fields and no per-edge closure or lookup: for small models this loop is a good part
 * of a training step.
 */
function runIntoLeaves(roots: Edge[], grads: Tensor[], retainGraph: boolean, createGraph: boolean): void {
  const run = ++lastRun;
  // Count incoming edges per node.
  const stack: Node[] = [];
  for (let i = 0; i < roots.length; i++) {
    const r = roots[i];
    if (r instanceof Node && r._run !== run) {
      r._run = run;
      r._deps = 0;
      r._grad = undefined;
      stack.push(r);
    }
  }
  while (stack.length > 0) {
    const next = stack.pop()!.next;
    for (let i = 0; i < next.length; i++) {
      const e = next[i];
      if (e instanceof Node) {
        if (e._run !== run) {
          e._run = run;
          e._deps = 1;
          e._grad = undefined;
          stack.push(e);
        } else e._deps++;
      }
    }
  }

  const ready: Node[] = [];
  for (let i = 0; i < roots.length; i++) {
    const r = roots[i];
    const g = grads[i];
    if (r === null) continue;
    if (r instanceof Node) {
      if (g != null) {
        const gc = castTo(g, r.dtype);
        r._grad = r._grad === undefined ? gc : add(r._grad, gc);
      }
      // A root nothing leads into is ready at once; -1 marks it queued (no edge will count it down).
      if (r._deps === 0) {
        r._deps = -1;
        ready.push(r);
      }
    } else if (g != null) accumulateIntoLeaf(r, castTo(g, r.dtype), createGraph);
  }

  const prevMode = gradMode.enabled;
  gradMode.enabled = createGraph;
  try {
    while (ready.length > 0) {
      const node = ready.pop()!;
      const g = node._grad;
      node._grad = undefined;
      const results = g === undefined ? null : runNode(node, g, retainGraph, createGraph, null);
      const next = node.next;
      for (let i = 0; i < next.length; i++) {
        const e = next[i];
        if (e === null) continue;
        const gi = results === null ? undefined : results[i];
        if (e instanceof Node) {
          if (gi != null) {
            const gc = castTo(gi, e.dtype);
            e._grad = e._grad === undefined ? gc : add(e._grad, gc);
          }
          if (--e._deps === 0) ready.push(e);
        } else if (gi != null) accumulateIntoLeaf(e, castTo(gi, e.dtype), createGraph);
      }
    }
  } finally {
    gradMode.enabled = prevMode;
  }
}

/** The general run: nested in another one (from a hook), or capturing gradients for autograd.grad. */
function runWith(state: RunState, roots: Edge[], grads: Tensor[], opts: EngineOptions): (Tensor | null)[] {
  const capture = opts.capture;
  const captureIndex = capture === null ? null : new Map<Edge, number>();
  if (capture !== null) capture.forEach((e, i) => e !== null && captureIndex!.set(e, i));
  const captured: (Tensor | undefined)[] = new Array(capture?.length ?? 0);
  const accumulateLeaves = capture === null;

  // Count incoming edges per node.
  const stack: Node[] = [];
  for (const r of roots) {
    if (r instanceof Node && !state.seen(r)) {
      state.reach(r, 0);
      stack.push(r);
    }
  }
  while (stack.length > 0) {
    const n = stack.pop()!;
    const next = n.next;
    for (let i = 0; i < next.length; i++) {
      const e = next[i];
      if (e instanceof Node) {
        if (!state.seen(e)) {
          state.reach(e, 1);
          stack.push(e);
        } else state.setDeps(e, state.deps(e) + 1);
      }
    }
  }

  const deliver = (e: Edge, g: Tensor | null | undefined): void => {
    if (e === null || g == null) return;
    g = castTo(g, e.dtype);
    if (e instanceof Node) {
      state.setGrad(e, sum(state.grad(e), g));
      return;
    }
    const ci = captureIndex === null ? undefined : captureIndex.get(e);
    if (ci !== undefined) captured[ci] = sum(captured[ci], g);
    else if (accumulateLeaves) accumulateIntoLeaf(e, g, opts.createGraph);
  };
  for (let i = 0; i < roots.length; i++) deliver(roots[i], grads[i]);

  const ready: Node[] = [];
  for (const r of roots) if (r instanceof Node && state.deps(r) === 0 && !ready.includes(r)) ready.push(r);

  const prevMode = gradMode.enabled;
  gradMode.enabled = opts.createGraph;
  try {
    while (ready.length > 0) {
      const node = ready.pop()!;
      const g = state.grad(node);
      state.setGrad(node, undefined);
      let results: (Tensor | null | undefined)[] | null = null;
      if (g !== undefined) {
        const ci = captureIndex === null ? undefined : captureIndex.get(node);
        const take = ci === undefined ? null : (h: Tensor): void => {
          captured[ci] = sum(captured[ci], h);
        };
        results = runNode(node, g, opts.retainGraph, opts.createGraph, take);
      }
      const next = node.next;
      for (let i = 0; i < next.length; i++) {
        const e = next[i];
        if (results !== null) deliver(e, results[i]);
        if (e instanceof Node) {
          const c = state.deps(e) - 1;
          state.setDeps(e, c);
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
