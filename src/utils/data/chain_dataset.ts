/** `ChainDataset`: iterable-style datasets streamed one after another. */
import { IterableDataset, datasetLength } from './dataset.js';

export class ChainDataset<T> extends IterableDataset<T> {
  constructor(readonly datasets: Iterable<IterableDataset<T>>) {
    super();
  }

  *[Symbol.iterator](): Iterator<T> {
    for (const d of this.datasets) {
      if (!(d instanceof IterableDataset)) throw new TypeError('ChainDataset only supports IterableDataset');
      yield* d;
    }
  }

  get length(): number {
    let total = 0;
    for (const d of this.datasets) {
      if (!(d instanceof IterableDataset)) throw new TypeError('ChainDataset only supports IterableDataset');
      total += datasetLength(d);
    }
    return total;
  }
}

declare module './dataset.js' {
  interface IterableDataset<T> {
    /** Python's `stream + other`: a ChainDataset that yields one after the other. */
    add(other: IterableDataset<T>): ChainDataset<T>;
  }
}

IterableDataset.prototype.add = function add<T>(this: IterableDataset<T>, other: IterableDataset<T>): ChainDataset<T> {
  return new ChainDataset<T>([this, other]);
};
