/**
 * `BatchSampler`: groups the indices of another sampler into lists of `batchSize`, dropping a
 * short final group when `dropLast` is set.
 */
import { Sampler, samplerLength, hasIndexChunks, indexChunks } from './sampler.js';
import { readArgs, showValue } from './args.js';

export class BatchSampler extends Sampler<number[]> {
  readonly sampler: Iterable<number>;
  readonly batchSize: number;
  readonly dropLast: boolean;

  constructor(sampler: Iterable<number>, batchSize: number, dropLast: boolean);
  constructor(sampler: Iterable<number>, options: { batchSize: number; dropLast: boolean });
  constructor(sampler: Iterable<number>, batchSize: number, options: { dropLast: boolean });
  constructor(sampler: Iterable<number>, ...rest: unknown[]) {
    super();
    const a = readArgs('BatchSampler', rest, ['batchSize', 'dropLast']);
    checkBatchSize(a.batchSize);
    if (typeof a.dropLast !== 'boolean') {
      throw new RangeError(`drop_last should be a boolean value, but got drop_last=${showValue(a.dropLast)}`);
    }
    if (sampler === null || typeof (sampler as Partial<Iterable<number>>)[Symbol.iterator] !== 'function') {
      throw new TypeError(`BatchSampler: sampler must be iterable, but got ${showValue(sampler)}`);
    }
    this.sampler = sampler;
    this.batchSize = a.batchSize as number;
    this.dropLast = a.dropLast;
  }

  *[Symbol.iterator](): Iterator<number[]> {
    if (hasIndexChunks(this.sampler)) {
      const batches = this.batchesFromChunks(this.sampler[indexChunks]());
      for (let b = batches.next(); !b.done; b = batches.next()) yield b.value;
      return;
    }
    const size = this.batchSize;
    let batch: number[] = [];
    for (const idx of this.sampler) {
      batch.push(idx);
      if (batch.length === size) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0 && !this.dropLast) yield batch;
  }

  /**
   * The same batches cut from the sampler's index arrays. A new array is requested only when the
   * batch being filled needs another index, so its random draws happen when they would per index.
   */
  private *batchesFromChunks(chunks: Iterator<readonly number[]>): Iterator<number[]> {
    const size = this.batchSize;
    let batch: number[] = [];
    for (let c = chunks.next(); !c.done; c = chunks.next()) {
      const chunk = c.value;
      let pos = 0;
      while (pos < chunk.length) {
        const take = Math.min(size - batch.length, chunk.length - pos);
        if (batch.length === 0 && take === size) {
          batch = chunk.slice(pos, pos + take);
        } else {
          for (let k = 0; k < take; k++) batch.push(chunk[pos + k]!);
        }
        pos += take;
        if (batch.length === size) {
          yield batch;
          batch = [];
        }
      }
    }
    if (batch.length > 0 && !this.dropLast) yield batch;
  }

  get length(): number {
    const n = samplerLength(this.sampler);
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }
}

export function checkBatchSize(batchSize: unknown): asserts batchSize is number {
  if (typeof batchSize !== 'number' || !Number.isInteger(batchSize) || batchSize <= 0) {
    throw new RangeError(`batch_size should be a positive integer value, but got batch_size=${showValue(batchSize)}`);
  }
}
