// Copying optimizer state in and out: a loaded state dict may come from torch.load (Maps, tuples) or
// from stateDict() here (plain objects); either way the optimizer keeps its own copies.
import { Tensor } from '../tensor/tensor.js';
import type { TypedArray } from '../tensor/dtype.js';

export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (v instanceof Tensor) return v.type();
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'object';
  return typeof v;
}

/** A dict-like value as a plain object: a Map (what unpickling a Python dict may give) or an object. */
export function asRecord(v: unknown, what: string): Record<string, unknown> {
  if (v instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of v) out[String(k)] = x;
    return out;
  }
  if (typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Tensor)) {
    return v as Record<string, unknown>;
  }
  throw new TypeError(`${what} must be a dict, got ${describeValue(v)}`);
}

/** A fresh contiguous copy of `t`, converted to `dtype`. */
export function copyTensor(t: Tensor, dtype = t.dtype): Tensor {
  const src = t._values();
  const out = new dtype.ArrayType(src.length) as TypedArray;
  out.set(src);
  return new Tensor(out, t._shape.slice(), dtype);
}

/**
 * A deep copy of a state value, tensors cast to the parameter's floating dtype, except the step
 * counters, which keep theirs (PyTorch does the same).
 */
export function copyStateValue(value: unknown, param: Tensor | null, key: string | undefined): unknown {
  if (value instanceof Tensor) {
    const castTo = param !== null && key !== 'step' && param.dtype.isFloatingPoint ? param.dtype : value.dtype;
    return copyTensor(value, castTo);
  }
  if (Array.isArray(value)) return value.map((v) => copyStateValue(v, param, undefined));
  if (value instanceof Map || (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype)) {
    const rec = asRecord(value, 'state');
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(rec)) out[k] = copyStateValue(v, param, k);
    return out;
  }
  // Unpickled Python floats that are whole (1.0) arrive wrapped so they can be told from ints.
  if (typeof value === 'object' && value !== null && typeof (value as { valueOf(): unknown }).valueOf() === 'number') {
    return (value as { valueOf(): number }).valueOf();
  }
  return value;
}

/** Whether a parameter's state is still empty (first step), without allocating a key list. */
export function isEmptyState(state: Record<string, unknown> | undefined): boolean {
  if (state === undefined) return true;
  for (const _ in state) return false;
  return true;
}
