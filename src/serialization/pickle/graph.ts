import type { SerializationError } from '../errors.js';

/** The children of an object the walker does not know (a hook-made record); undefined for a leaf. */
export type ChildrenOf = (value: object) => Iterable<unknown> | undefined;

type ErrorClass = new (message: string) => SerializationError;

function knownChildren(v: object, childrenOf: ChildrenOf | undefined): Iterable<unknown> | undefined {
  if (Array.isArray(v)) return v;
  if (v instanceof Map) return mapChildren(v);
  if (v instanceof Set) return v;
  if (ArrayBuffer.isView(v)) return undefined;
  return childrenOf?.(v);
}

function* mapChildren(m: Map<unknown, unknown>): Iterable<unknown> {
  for (const [k, v] of m) {
    yield k;
    yield v;
  }
}

interface Frame {
  node: object;
  children: Iterator<unknown>;
  depth: number;
}

/**
 * Refuses object graphs that recursive consumers could not walk: nesting deeper than `maxDepth`
 * containers, or reference cycles. Shared sub-objects (a DAG) are fine and each is walked once, so
 * the cost is linear in the graph however much it shares. Iterative, so it cannot overflow the JS
 * stack itself.
 */
export function checkGraph(root: unknown, maxDepth: number, childrenOf: ChildrenOf | undefined, Err: ErrorClass): void {
  const done = new Map<object, number>(); // node -> its depth, once finished
  const active = new Set<object>();
  const stack: Frame[] = [];

  const enter = (v: unknown): number | undefined => {
    if (v === null || typeof v !== 'object') return 0;
    const known = done.get(v);
    if (known !== undefined) return known;
    if (active.has(v)) throw new Err('the data contains a reference cycle, which is not supported');
    const children = knownChildren(v, childrenOf);
    if (children === undefined) {
      done.set(v, 0);
      return 0;
    }
    if (stack.length >= maxDepth) throw new Err(`the data is nested deeper than ${maxDepth} levels`);
    active.add(v);
    stack.push({ node: v, children: children[Symbol.iterator](), depth: 1 });
    return undefined;
  };

  enter(root);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    const next = frame.children.next();
    if (next.done) {
      stack.pop();
      active.delete(frame.node);
      done.set(frame.node, frame.depth);
      const parent = stack[stack.length - 1];
      if (parent) parent.depth = Math.max(parent.depth, frame.depth + 1);
      continue;
    }
    const d = enter(next.value);
    if (d !== undefined) frame.depth = Math.max(frame.depth, d + 1);
  }
}
