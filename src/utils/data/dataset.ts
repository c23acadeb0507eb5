/**
 * The two kinds of dataset PyTorch's DataLoader knows.
 *
 * A map-style dataset has a `length` and answers `getItem(i)` for `0 <= i < length` (Python's
 * `__len__`/`__getitem__`). An iterable-style dataset is a stream: it only has an iterator
 * (Python's `__iter__`), and may have a `length`.
 *
 * Anything with `length` and `getItem` is accepted where a map-style dataset is expected, so a
 * plain object works as well as a subclass of `Dataset`; plain arrays are accepted by the
 * DataLoader and the samplers too, as Python accepts a list or a range.
 *
 * `dataset.add(other)` (Python's `+`) is installed by concat_dataset.ts and chain_dataset.ts,
 * which extend these classes and so cannot be imported from here.
 */
import { listIndex } from './list_index.js';

/** What every map-style consumer (samplers, DataLoader, Subset) relies on. */
export interface MapDatasetLike<T> {
  readonly length: number;
  getItem(index: number): T;
}

/** A map-style dataset: subclass it and give it `length` and `getItem`. */
export abstract class Dataset<T> implements MapDatasetLike<T>, Iterable<T> {
  abstract readonly length: number;
  abstract getItem(index: number): T;

  /** Python iterates a map-style dataset by indexing 0, 1, 2, ... until the end. */
  *[Symbol.iterator](): Iterator<T> {
    const n = this.length;
    for (let i = 0; i < n; i++) yield this.getItem(i);
  }
}

/** An iterable-style dataset: subclass it and give it `[Symbol.iterator]` (and optionally `length`). */
export abstract class IterableDataset<T> implements Iterable<T> {
  abstract [Symbol.iterator](): Iterator<T>;
}

/** An array seen as a map-style dataset (Python's `DataLoader(list_or_range)`). */
class ArrayDataset<T> implements MapDatasetLike<T> {
  constructor(private readonly items: readonly T[]) {}
  get length(): number {
    return this.items.length;
  }
  getItem(index: number): T {
    return this.items[listIndex(index, this.items.length, 'a dataset')]!;
  }
}

export function isIterableDataset(x: unknown): x is IterableDataset<unknown> {
  return x instanceof IterableDataset;
}

export function isMapDatasetLike(x: unknown): x is MapDatasetLike<unknown> {
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof (x as { getItem?: unknown }).getItem === 'function' &&
    typeof (x as { length?: unknown }).length === 'number'
  );
}

/** Arrays become ArrayDatasets; datasets pass through; anything else is refused with its type named. */
export function asMapDataset<T>(x: MapDatasetLike<T> | readonly T[], where: string): MapDatasetLike<T> {
  if (Array.isArray(x)) return new ArrayDataset<T>(x as readonly T[]);
  if (isMapDatasetLike(x)) return x as MapDatasetLike<T>;
  throw new TypeError(`${where}: expected a map-style dataset (with length and getItem) or an array, but got ${describeValue(x)}`);
}

/** Length of a dataset the way Python's `len()` asks for it; an unsized stream is a TypeError. */
export function datasetLength(x: unknown, where = 'len()'): number {
  const n = (x as { length?: unknown } | null)?.length;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw new TypeError(`${where}: object of type ${typeName(x)} has no len()`);
  }
  return n;
}

export function typeName(x: unknown): string {
  if (x === null) return 'null';
  if (typeof x !== 'object' && typeof x !== 'function') return typeof x;
  return (x as object).constructor?.name ?? 'Object';
}

export function describeValue(x: unknown): string {
  if (x === null || x === undefined) return String(x);
  if (typeof x === 'object') return `an object of type ${typeName(x)}`;
  return `${typeof x} ${String(x)}`;
}
