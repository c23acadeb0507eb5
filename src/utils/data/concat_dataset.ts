/**
 * `ConcatDataset`: several map-style datasets seen as one, in order. Index i goes to the
 * first dataset whose running total of lengths exceeds i (Python's bisect_right on
 * `cumulative_sizes`).
 */
import { BUILTIN_WORKER_MODULE, nestedSpec } from './worker_spec_helpers.js';
import type { WorkerDatasetSpec } from './worker_spec.js';
import { Dataset, isIterableDataset, isMapDatasetLike, datasetLength, typeName, type MapDatasetLike } from './dataset.js';

export class ConcatDataset<T> extends Dataset<T> {
  readonly datasets: MapDatasetLike<T>[];
  /** Running totals of the datasets' lengths (Python's `cumulative_sizes`). */
  readonly cumulativeSizes: number[];

  constructor(datasets: Iterable<MapDatasetLike<T>>) {
    super();
    this.datasets = Array.from(datasets);
    if (this.datasets.length === 0) throw new RangeError('datasets should not be an empty iterable');
    this.cumulativeSizes = [];
    let total = 0;
    for (const d of this.datasets) {
      if (isIterableDataset(d)) throw new TypeError('ConcatDataset does not support IterableDataset');
      if (!isMapDatasetLike(d)) {
        throw new TypeError(`ConcatDataset: expected map-style datasets (length and getItem), but got ${typeName(d)}`);
      }
      total += datasetLength(d, 'ConcatDataset');
      this.cumulativeSizes.push(total);
    }
  }

  get length(): number {
    return this.cumulativeSizes[this.cumulativeSizes.length - 1]!;
  }

  getItem(index: number): T {
    const n = this.length;
    if (!Number.isInteger(index)) throw new TypeError(`ConcatDataset index must be an integer, but got ${index}`);
    if (index < 0) {
      if (-index > n) throw new RangeError('absolute value of index should not exceed dataset length');
      index += n;
    }
    if (index >= n) throw new RangeError(`index ${index} is out of range for a ConcatDataset of length ${n}`);
    // First dataset whose cumulative size is strictly greater than the index.
    const sizes = this.cumulativeSizes;
    let lo = 0;
    let hi = sizes.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sizes[mid]! <= index) lo = mid + 1;
      else hi = mid;
    }
    const sampleIndex = lo === 0 ? index : index - sizes[lo - 1]!;
    return this.datasets[lo]!.getItem(sampleIndex);
  }

  /** Rebuilt in a worker thread from the parts' own specs. */
  workerSpec(): WorkerDatasetSpec {
    return {
      module: BUILTIN_WORKER_MODULE,
      exportName: 'concatDataset',
      args: { parts: this.datasets.map((d) => nestedSpec(d, 'ConcatDataset')) },
    };
  }
}

declare module './dataset.js' {
  interface Dataset<T> {
    /** Python's `dataset + other`: a ConcatDataset of both. */
    add(other: MapDatasetLike<T>): ConcatDataset<T>;
  }
}

Dataset.prototype.add = function add<T>(this: Dataset<T>, other: MapDatasetLike<T>): ConcatDataset<T> {
  return new ConcatDataset<T>([this, other]);
};
