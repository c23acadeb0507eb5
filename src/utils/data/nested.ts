/**
 * Samples and batches nest their tensors in arrays, Maps and plain objects (Python's lists, tuples
 * and dicts). Converting a sample for the caller and sending one to or from a worker thread both
 * rebuild that nesting around new leaves; `mapNested` is the walk they share.
 */

export function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/** What a `mapNested` visitor returns for a value it does not replace: the walk goes into it if it is a container and keeps it otherwise. */
export const WALK_INTO: unique symbol = Symbol('walk into');

/**
 * `value` with every part the visitor replaces replaced. The visitor sees a value before the walk
 * goes into it, so it can claim a container-shaped value (an encoded tensor is a plain object).
 */
export function mapNested(value: unknown, visit: (value: unknown) => unknown): unknown {
  const replaced = visit(value);
  if (replaced !== WALK_INTO) return replaced;
  if (Array.isArray(value)) return value.map((v) => mapNested(v, visit));
  if (value instanceof Map) {
    const out = new Map<unknown, unknown>();
    for (const [k, v] of value) out.set(k, mapNested(v, visit));
    return out;
  }
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) out[key] = mapNested(value[key], visit);
    return out;
  }
  return value;
}
