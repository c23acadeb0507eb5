/**
 * Turning one entry of the index sampler into one batch, shared by the main-thread loader and
 * the worker threads: with automatic batching the entry is a list of indices (samples fetched,
 * then collated), without it a single index (one sample, then converted).
 */
import type { MapDatasetLike } from './dataset.js';
import { batchFastPath, type BatchFastPath } from './batch_fast_path.js';

/** Python's optional `__getitems__`: a dataset may fetch a whole list of indices at once. */
interface GetItems<T> {
  getItems(indices: readonly number[]): T[];
}

export function fetchSamples<T>(ds: MapDatasetLike<T>, indices: readonly number[]): T[] {
  const many = (ds as Partial<GetItems<T>>).getItems;
  if (typeof many === 'function') return many.call(ds, indices);
  const out = new Array<T>(indices.length);
  for (let k = 0; k < indices.length; k++) out[k] = ds.getItem(indices[k]!);
  return out;
}

/** The dataset's collated batch from its fast path, or `undefined` when it has none or declines. */
export function fastBatch(ds: unknown, indices: readonly number[]): unknown {
  const fast = (ds as Partial<BatchFastPath>)[batchFastPath];
  return typeof fast === 'function' ? fast.call(ds, indices) : undefined;
}

export function fetchMapBatch<T>(
  ds: MapDatasetLike<T>,
  index: number | readonly number[],
  autoCollation: boolean,
  collate: (x: any) => unknown,
  collateIsDefault: boolean,
): unknown {
  if (autoCollation) {
    const indices = index as readonly number[];
    if (collateIsDefault) {
      const fast = fastBatch(ds, indices);
      if (fast !== undefined) return fast;
    }
    return collate(fetchSamples(ds, indices));
  }
  return collate(ds.getItem(index as number));
}
