/**
 * JavaScript stand-ins for the Python values that have no exact JS counterpart.
 *
 * A Python tuple and list are both JS arrays here; the tuple is an Array subclass so it indexes,
 * iterates and destructures like any array while `instanceof PyTuple` keeps the difference the
 * pickle (and Python) cares about.
 */
export class PyTuple<T = unknown> extends Array<T> {
  // map/filter/slice of a tuple give plain arrays: a derived array is no longer "the tuple".
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  /** Builds a tuple from any iterable (element by element: spreading huge inputs overflows the stack). */
  static fromItems<T>(items: Iterable<T>): PyTuple<T> {
    const t = new PyTuple<T>();
    for (const item of items) t.push(item);
    return t;
  }
}

/** Shorthand for `PyTuple.fromItems([...])`. */
export function pyTuple<T>(...items: T[]): PyTuple<T> {
  return PyTuple.fromItems(items);
}

/**
 * A Python float whose value happens to be integral (`0.0`, `1.0`). A plain JS number that is a
 * safe integer is written as a Python int; wrap it to force a float.
 */
export class PyFloat {
  constructor(readonly value: number) {}

  valueOf(): number {
    return this.value;
  }
}
