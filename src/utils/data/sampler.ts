/**
 * Samplers decide the order in which a map-style dataset's indices are visited. A sampler is
 * anything iterable over indices; this base class only fixes the shape (`[Symbol.iterator]`
 * and, when the count is known, `length`). SequentialSampler visits 0, 1, ..., length-1.
 */
import { asMapDataset, datasetLength, type MapDatasetLike } from './dataset.js';

export abstract class Sampler<T = number> implements Iterable<T> {
  abstract [Symbol.iterator](): Iterator<T>;
}

/**
 * An optional fast lane for index samplers: the same indices as `[Symbol.iterator]`, handed out
 * as arrays, each computed (and its random draws made) only when the consumer reaches it.
 * BatchSampler slices these into batches instead of resuming a generator once per index.
 */
export const indexChunks: unique symbol = Symbol.for('torchlet.utils.data.indexChunks');

export interface ChunkedSampler {
  [indexChunks](): Iterator<readonly number[]>;
}

export function hasIndexChunks(x: unknown): x is ChunkedSampler {
  return typeof (x as Partial<ChunkedSampler> | null)?.[indexChunks] === 'function';
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

  *[indexChunks](): Iterator<readonly number[]> {
    const n = datasetLength(this.dataSource);
    const chunk = 4096;
    for (let start = 0; start < n; start += chunk) {
      const end = Math.min(n, start + chunk);
      const out = new Array<number>(end - start);
      for (let i = start; i < end; i++) out[i - start] = i;
      yield out;
    }
  }

  get length(): number {
    return datasetLength(this.dataSource);
  }
}
