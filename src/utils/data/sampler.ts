/**
 * Samplers decide the order in which a map-style dataset's indices are visited. A sampler is
 * anything iterable over indices; this base class only fixes the shape (`[Symbol.iterator]`
 * and, when the count is known, `length`). SequentialSampler visits 0, 1, ..., length-1.
 */
import { asMapDataset, datasetLength, type MapDatasetLike } from './dataset.js';

export abstract class Sampler<T = number> implements Iterable<T> {
  abstract [Symbol.iterator](): Iterator<T>;
}

/** Python's `len(sampler)`: a sampler without a length is a TypeError. */
export function samplerLength(s: Iterable<unknown>): number {
  const n = (s as { length?: unknown }).length;
  if (Array.isArray(s)) return s.length;
  if (typeof n !== 'number') {
    throw new TypeError(`object of type ${(s as object).constructor?.name ?? 'Object'} has no len()`);
  }
  return n;
}

export class SequentialSampler extends Sampler<number> {
  readonly dataSource: MapDatasetLike<unknown>;

  constructor(dataSource: MapDatasetLike<unknown> | readonly unknown[]) {
    super();
    this.dataSource = asMapDataset(dataSource, 'SequentialSampler');
  }

  *[Symbol.iterator](): Iterator<number> {
    const n = datasetLength(this.dataSource);
    for (let i = 0; i < n; i++) yield i;
  }

  get length(): number {
    return datasetLength(this.dataSource);
  }
}
