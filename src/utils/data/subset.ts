/** `Subset`: a dataset restricted to (and reordered by) a list of indices into another one. */
import { Dataset, asMapDataset, type MapDatasetLike } from './dataset.js';
import { batchFastPath, type BatchFastPath } from './batch_fast_path.js';
import { BUILTIN_WORKER_MODULE, nestedSpec } from './worker_spec_helpers.js';
import type { WorkerDatasetSpec } from './worker_spec.js';
import { listIndex } from './list_index.js';

export class Subset<T> extends Dataset<T> {
  readonly dataset: MapDatasetLike<T>;

  constructor(
    dataset: MapDatasetLike<T> | readonly T[],
    readonly indices: readonly number[],
  ) {
    super();
    this.dataset = asMapDataset(dataset, 'Subset');
    if (!Array.isArray(indices)) throw new TypeError('Subset: indices must be an array of integers');
  }

  get length(): number {
    return this.indices.length;
  }

  getItem(index: number): T {
    return this.dataset.getItem(this.indices[listIndex(index, this.indices.length, 'a Subset')]!);
  }

  /** Rebuilt in a worker thread around the wrapped dataset's own spec. */
  workerSpec(): WorkerDatasetSpec {
    return {
      module: BUILTIN_WORKER_MODULE,
      exportName: 'subset',
      args: { source: nestedSpec(this.dataset, 'Subset'), indices: this.indices.slice() },
    };
  }

  /** Gathers through the wrapped dataset's fast path when it has one. */
  [batchFastPath](indices: readonly number[]): unknown {
    const inner = this.dataset as Partial<BatchFastPath>;
    const mapped = indices.map((i) => this.indices[listIndex(i, this.indices.length, 'a Subset')]!);
    return inner[batchFastPath]?.(mapped);
  }
}
