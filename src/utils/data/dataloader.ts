/**
 * `DataLoader`: batches of a dataset, in the order a sampler gives, collated into tensors.
 *
 * Random draws follow PyTorch 1.13.1 exactly (RNG_SPEC.md §9): every pass (`for ... of loader`,
 * `loader.entries()`) first takes a 63-bit base seed from the generator (the loader's, else the
 * global one), then the default RandomSampler takes its own seed at the first batch. So after
 * `torch.manualSeed(s)` the batches, and every random number drawn after them, match PyTorch's.
 *
 * With `numWorkers: 0` (the default) batches are loaded on the calling thread and the loader
 * iterates synchronously (`for (const batch of loader)`) or asynchronously. With `numWorkers > 0`
 * they are loaded by Node worker threads and the loader must be iterated with `for await`; see
 * worker_spec.ts for how a worker gets its own copy of the dataset.
 */
import { Generator, defaultGenerator } from '../../random/generator.js';
import {
  asMapDataset, isIterableDataset, datasetLength, typeName, IterableDataset, type MapDatasetLike,
} from './dataset.js';
import { SequentialSampler, samplerLength } from './sampler.js';
import { RandomSampler } from './random_sampler.js';
import { BatchSampler, checkBatchSize } from './batch_sampler.js';
import { defaultCollate, defaultConvert, type Collated } from './collate.js';
import { fetchMapBatch } from './fetch_batch.js';
import { drawInt64Seed } from './random_draws.js';
import { readArgs, showValue } from './args.js';
import { checkGenerator } from './generator_arg.js';
import { hasWorkerSpec, serializeSpec, type SerializedWorkerSpec } from './worker_spec.js';
import { MultiWorkerIterator } from './multi_worker_iterator.js';
import type { WorkerPoolLike } from './worker_pool_types.js';
import type { WorkerInit } from './worker_protocol.js';

/** What a DataLoader accepts as its dataset: map-style, iterable-style, or a plain array. */
export type DatasetInput<T> = MapDatasetLike<T> | IterableDataset<T> | readonly T[];

export interface DataLoaderOptions<T, B> {
  /** Samples per batch; `null` turns automatic batching off (each sample is its own "batch"). Default 1. */
  batchSize?: number | null;
  /** Reshuffle every pass (a RandomSampler). Default false. */
  shuffle?: boolean | null;
  /** Order of the indices; mutually exclusive with shuffle. */
  sampler?: Iterable<number> | null;
  /** Yields whole lists of indices; mutually exclusive with batchSize, shuffle, sampler and dropLast. */
  batchSampler?: Iterable<number[]> | null;
  /** Worker threads loading batches in parallel (Node only; iterate with `for await`). Default 0. */
  numWorkers?: number;
  /** Merges a list of samples into a batch (with `batchSize: null`, converts one sample). Default defaultCollate. */
  collateFn?: ((batch: T[]) => B) | null;
  /** Accepted for compatibility; there is no pinned memory on the CPU. */
  pinMemory?: boolean;
  /** Drop the last batch if it is short. Default false. */
  dropLast?: boolean;
  /** Seconds to wait for a batch from the workers (0: no limit). */
  timeout?: number;
  /** Where the base seed and the shuffle's randomness come from (default: the global generator). */
  generator?: Generator | null;
  /** Batches each worker loads ahead. Default 2; only with numWorkers > 0. */
  prefetchFactor?: number;
  /** Keep the worker threads alive between passes. Default false. */
  persistentWorkers?: boolean;
  /** Module a worker imports to build its copy of the dataset (exporting `createDataset(args)` or a default). */
  workerModule?: string | URL;
  /** Structured-cloneable value handed to the worker module's `createDataset`. */
  workerArgs?: unknown;
}

/** `loader.entries()`: `[step, batch]` pairs, like Python's `enumerate(loader)`. */
export interface LoaderEntries<B> extends IterableIterator<[number, B]>, AsyncIterable<[number, B]> {}

const POSITIONAL = [
  'batchSize', 'shuffle', 'sampler', 'batchSampler', 'numWorkers', 'collateFn', 'pinMemory', 'dropLast',
  'timeout', 'workerInitFn', 'multiprocessingContext', 'generator',
] as const;
const KEYWORD_ONLY = ['prefetchFactor', 'persistentWorkers', 'pinMemoryDevice', 'workerModule', 'workerArgs'] as const;

interface PersistentWorkers {
  pool: Promise<WorkerPoolLike>;
}

export class DataLoader<T = unknown, B = Collated<T>> implements Iterable<B>, AsyncIterable<B> {
  readonly dataset: MapDatasetLike<T> | IterableDataset<T>;
  readonly batchSize: number | null;
  readonly dropLast: boolean;
  /** The index sampler (null for an iterable-style dataset, which has no indices). */
  readonly sampler: Iterable<number> | null;
  readonly batchSampler: Iterable<number[]> | null;
  readonly numWorkers: number;
  readonly collateFn: (batch: any) => B;
  readonly pinMemory: boolean;
  readonly timeout: number;
  readonly generator: Generator | null;
  readonly prefetchFactor: number;
  readonly persistentWorkers: boolean;
  private readonly isIterable: boolean;
  private readonly collateIsDefault: boolean;
  private readonly workerSpecSource: (() => SerializedWorkerSpec) | null;
  private persistent: PersistentWorkers | null = null;

  constructor(dataset: DatasetInput<T>, options?: DataLoaderOptions<T, B>);
  constructor(dataset: DatasetInput<T>, batchSize: number | null, ...rest: unknown[]);
  constructor(dataset: DatasetInput<T>, ...rest: unknown[]) {
    const a = readArgs('DataLoader', rest, POSITIONAL, KEYWORD_ONLY);

    const numWorkers = a.numWorkers ?? 0;
    if (typeof numWorkers !== 'number' || !Number.isInteger(numWorkers)) {
      throw new TypeError(`num_workers should be an integer, but got num_workers=${showValue(numWorkers)}`);
    }
    if (numWorkers < 0) {
      throw new RangeError('num_workers option should be non-negative; use num_workers=0 to disable multiprocessing.');
    }
    const timeout = a.timeout ?? 0;
    if (typeof timeout !== 'number' || Number.isNaN(timeout)) throw new TypeError(`timeout must be a number, but got ${showValue(timeout)}`);
    if (timeout < 0) throw new RangeError('timeout option should be non-negative');
    if (numWorkers === 0 && a.prefetchFactor !== undefined && a.prefetchFactor !== 2) {
      throw new RangeError(
        'prefetch_factor option could only be specified in multiprocessing. Let num_workers > 0 to enable multiprocessing.',
      );
    }
    const prefetchFactor = a.prefetchFactor ?? 2;
    if (typeof prefetchFactor !== 'number' || !Number.isInteger(prefetchFactor) || prefetchFactor <= 0) {
      throw new RangeError(`prefetch_factor should be a positive integer, but got prefetch_factor=${showValue(prefetchFactor)}`);
    }
    const persistentWorkers = a.persistentWorkers ?? false;
    if (typeof persistentWorkers !== 'boolean') throw new TypeError('persistent_workers should be a boolean value');
    if (persistentWorkers && numWorkers === 0) throw new RangeError('persistent_workers option needs num_workers > 0');
    if (a.workerInitFn !== undefined && a.workerInitFn !== null) {
      throw new TypeError(
        'workerInitFn cannot cross to a worker thread: export `workerInitFn(workerId)` from the worker module instead',
      );
    }

    let shuffle = a.shuffle ?? null;
    let sampler = (a.sampler ?? null) as Iterable<number> | null;
    let batchSampler = (a.batchSampler ?? null) as Iterable<number[]> | null;
    let batchSize = (a.batchSize === undefined ? 1 : a.batchSize) as number | null;
    let dropLast = (a.dropLast ?? false) as boolean;
    if (typeof dropLast !== 'boolean') {
      throw new RangeError(`drop_last should be a boolean value, but got drop_last=${showValue(dropLast)}`);
    }
    if (shuffle !== null && typeof shuffle !== 'boolean') {
      throw new TypeError(`shuffle should be a boolean value, but got shuffle=${showValue(shuffle)}`);
    }

    if (isIterableDataset(dataset)) {
      this.isIterable = true;
      this.dataset = dataset as IterableDataset<T>;
      if (shuffle !== null && shuffle !== false) {
        throw new RangeError(`DataLoader with IterableDataset: expected unspecified shuffle option, but got shuffle=${shuffle}`);
      }
      if (sampler !== null) {
        throw new RangeError(
          `DataLoader with IterableDataset: expected unspecified sampler option, but got sampler=${showValue(sampler)}`,
        );
      }
      if (batchSampler !== null) {
        throw new RangeError(
          `DataLoader with IterableDataset: expected unspecified batch_sampler option, but got batch_sampler=${showValue(batchSampler)}`,
        );
      }
      if (numWorkers > 0) {
        throw new RangeError('DataLoader: numWorkers > 0 is supported for map-style datasets only (got an IterableDataset)');
      }
    } else {
      this.isIterable = false;
      this.dataset = asMapDataset(dataset as MapDatasetLike<T> | readonly T[], 'DataLoader');
      shuffle = Boolean(shuffle);
    }

    if (sampler !== null && shuffle) throw new RangeError('sampler option is mutually exclusive with shuffle');

    if (batchSampler !== null) {
      if (batchSize !== 1 || shuffle || sampler !== null || dropLast) {
        throw new RangeError('batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, and drop_last');
      }
      batchSize = null;
      dropLast = false;
    } else if (batchSize === null) {
      if (dropLast) {
        throw new RangeError('batch_size=None option disables auto-batching and is mutually exclusive with drop_last');
      }
    }

    if (sampler === null && !this.isIterable) {
      const mapDs = this.dataset as MapDatasetLike<T>;
      sampler = shuffle ? new RandomSampler(mapDs, { generator: checkGenerator(a.generator, 'DataLoader') }) : new SequentialSampler(mapDs);
    }
    if (sampler !== null) checkIterable(sampler, 'sampler');
    if (batchSampler !== null) checkIterable(batchSampler, 'batch_sampler');

    if (batchSize !== null) {
      checkBatchSize(batchSize);
      if (batchSampler === null && sampler !== null) batchSampler = new BatchSampler(sampler, batchSize, dropLast);
    }

    this.batchSize = batchSize;
    this.dropLast = dropLast;
    this.sampler = sampler;
    this.batchSampler = batchSampler;
    this.numWorkers = numWorkers;
    this.timeout = timeout;
    this.prefetchFactor = prefetchFactor;
    this.persistentWorkers = persistentWorkers;
    this.pinMemory = Boolean(a.pinMemory ?? false);
    this.generator = checkGenerator(a.generator, 'DataLoader');

    const collateFn = a.collateFn ?? null;
    if (collateFn !== null && typeof collateFn !== 'function') {
      throw new TypeError(`collate_fn must be a function, but got ${showValue(collateFn)}`);
    }
    const builtin = this.autoCollation ? defaultCollate : defaultConvert;
    this.collateIsDefault = collateFn === null || collateFn === builtin;
    this.collateFn = (collateFn ?? builtin) as (batch: any) => B;

    this.workerSpecSource = numWorkers > 0 ? this.resolveWorkerSpec(a.workerModule, a.workerArgs) : null;
  }

  /** Whether samples are grouped into batches (a batch size or a batch sampler was given). */
  get autoCollation(): boolean {
    return this.batchSampler !== null || (this.isIterable && this.batchSize !== null);
  }

  /** Number of batches in one pass (Python's `len(loader)`). */
  get length(): number {
    if (this.isIterable) {
      const n = datasetLength(this.dataset, 'DataLoader length');
      if (this.batchSize === null) return n;
      return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
    }
    return samplerLength(this.indexSampler());
  }

  /** One pass on this thread. Draws the base seed now; the sampler draws at the first batch. */
  [Symbol.iterator](): IterableIterator<B> {
    if (this.numWorkers > 0) {
      throw new TypeError(
        'DataLoader with numWorkers > 0 loads batches in worker threads: iterate it with `for await (const batch of loader)`',
      );
    }
    if (this.isIterable) {
      drawInt64Seed(this.generator ?? defaultGenerator);
      return this.streamBatches((this.dataset as IterableDataset<T>)[Symbol.iterator]());
    }
    const indexIter = this.indexSampler()[Symbol.iterator]();
    drawInt64Seed(this.generator ?? defaultGenerator);
    return this.mapBatches(indexIter);
  }

  /** One pass, awaitable; with numWorkers > 0 the batches are loaded by worker threads. */
  [Symbol.asyncIterator](): AsyncIterableIterator<B> {
    if (this.numWorkers === 0) return toAsync(this[Symbol.iterator]());
    return this.workerPass();
  }

  /** `[step, batch]` pairs of one pass, like Python's `enumerate(loader)` (the pass starts now). */
  entries(): LoaderEntries<B> {
    if (this.numWorkers === 0) {
      const inner = this[Symbol.iterator]();
      let step = 0;
      const it: LoaderEntries<B> = {
        next(): IteratorResult<[number, B]> {
          const r = inner.next();
          return r.done ? { done: true, value: undefined } : { done: false, value: [step++, r.value] };
        },
        return(): IteratorResult<[number, B]> {
          inner.return?.();
          return { done: true, value: undefined };
        },
        [Symbol.iterator]() {
          return it;
        },
        [Symbol.asyncIterator]() {
          return toAsync(it);
        },
      };
      return it;
    }
    const inner = this.workerPass();
    let step = 0;
    return {
      next(): IteratorResult<[number, B]> {
        throw new TypeError(
          'DataLoader with numWorkers > 0 loads batches in worker threads: iterate entries() with `for await`',
        );
      },
      [Symbol.iterator]() {
        return this;
      },
      async *[Symbol.asyncIterator]() {
        for await (const batch of { [Symbol.asyncIterator]: () => inner }) yield [step++, batch] as [number, B];
      },
    };
  }

  /** Stops persistent worker threads (non-persistent ones stop at the end of each pass). */
  async close(): Promise<void> {
    const p = this.persistent;
    this.persistent = null;
    if (p !== null) await (await p.pool.catch(() => null))?.terminate();
  }

  /** What the loader iterates: the batch sampler when batching, else the sampler. */
  private indexSampler(): Iterable<number[] | number> {
    return (this.batchSampler ?? this.sampler) as Iterable<number[] | number>;
  }

  private *mapBatches(indexIter: Iterator<number[] | number>): IterableIterator<B> {
    const ds = this.dataset as MapDatasetLike<T>;
    for (;;) {
      const r = indexIter.next();
      if (r.done) return;
      yield fetchMapBatch(ds, r.value, this.autoCollation, this.collateFn, this.collateIsDefault) as B;
    }
  }

  private *streamBatches(it: Iterator<T>): IterableIterator<B> {
    if (this.batchSize === null) {
      for (;;) {
        const r = it.next();
        if (r.done) return;
        yield this.collateFn(r.value);
      }
    }
    const size = this.batchSize;
    for (;;) {
      const samples: T[] = [];
      let ended = false;
      while (samples.length < size) {
        const r = it.next();
        if (r.done) {
          ended = true;
          break;
        }
        samples.push(r.value);
      }
      if (samples.length === 0 || (this.dropLast && samples.length < size)) return;
      yield this.collateFn(samples);
      if (ended) return;
    }
  }

  private resolveWorkerSpec(workerModule: unknown, workerArgs: unknown): () => SerializedWorkerSpec {
    if (workerModule !== undefined && workerModule !== null) {
      if (typeof workerModule !== 'string' && !(workerModule instanceof URL)) {
        throw new TypeError(`workerModule must be a URL or a module specifier string, but got ${showValue(workerModule)}`);
      }
      return () => serializeSpec({ module: workerModule, args: workerArgs });
    }
    const ds = this.dataset;
    if (hasWorkerSpec(ds)) return () => serializeSpec(ds.workerSpec());
    throw new TypeError(
      `DataLoader with numWorkers > 0 must build the dataset (${typeName(ds)}) inside each worker thread: pass ` +
        "{ workerModule: new URL('./my_dataset.js', import.meta.url) } (a module exporting createDataset(workerArgs)), " +
        'or give the dataset a workerSpec() method',
    );
  }

  /**
   * A pass with worker threads. As PyTorch's multi-process iterator, the base seed is drawn when
   * the workers start (once for persistent workers), then the sampler starts and the first
   * batches are handed out before anything is awaited.
   */
  private workerPass(): MultiWorkerIterator<B> {
    let pool: Promise<WorkerPoolLike>;
    if (this.persistent !== null) {
      pool = this.persistent.pool;
    } else {
      const baseSeed = drawInt64Seed(this.generator ?? defaultGenerator);
      pool = this.startWorkers(baseSeed);
      if (this.persistentWorkers) this.persistent = { pool };
    }
    const mainCollate = this.collateIsDefault ? null : (raw: unknown) => this.collateFn(raw);
    return new MultiWorkerIterator<B>({
      pool,
      indexIter: this.indexSampler()[Symbol.iterator](),
      numWorkers: this.numWorkers,
      prefetchFactor: this.prefetchFactor,
      timeout: this.timeout,
      finish: mainCollate,
      onEnd: async (p, failed) => {
        if (p === null) return;
        if (this.persistentWorkers && !failed && this.persistent?.pool === pool) return;
        if (this.persistent?.pool === pool) this.persistent = null;
        await p.terminate();
      },
    });
  }

  private startWorkers(baseSeed: bigint): Promise<WorkerPoolLike> {
    const init: Omit<WorkerInit, 'workerId'> = {
      numWorkers: this.numWorkers,
      baseSeed: baseSeed.toString(),
      spec: this.workerSpecSource!(),
      collate: !this.collateIsDefault ? 'none' : this.autoCollation ? 'default' : 'convert',
      autoCollation: this.autoCollation,
    };
    const pool = import('./worker_pool.js').then(
      (m) => new m.WorkerPool(init) as WorkerPoolLike,
      (e: unknown) => {
        throw new Error(`DataLoader with numWorkers > 0 needs Node's worker_threads, which could not be loaded: ${String(e)}`);
      },
    );
    pool.catch(() => undefined);
    return pool;
  }
}

function checkIterable(x: unknown, name: string): void {
  if (x === null || typeof (x as Partial<Iterable<unknown>>)[Symbol.iterator] !== 'function') {
    throw new TypeError(`${name} must be iterable, but got ${showValue(x)}`);
  }
}

function toAsync<V>(it: Iterator<V>): AsyncIterableIterator<V> {
  const out: AsyncIterableIterator<V> = {
    next: async () => it.next(),
    return: async () => (it.return?.() ?? { done: true, value: undefined }) as IteratorResult<V>,
    [Symbol.asyncIterator]: () => out,
  };
  return out;
}
