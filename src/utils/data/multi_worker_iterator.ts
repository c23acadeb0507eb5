/**
 * One pass over a DataLoader whose batches are loaded by worker threads (numWorkers > 0).
 *
 * As in PyTorch, up to `prefetchFactor * numWorkers` batches are in flight, handed to the
 * workers round-robin, and batches come back in sampler order whatever order the workers
 * finish in. The first index batches are taken from the sampler when the iterator is made, so
 * the sampler's random draws happen at the same point of the global stream as PyTorch's.
 */
import type { WorkerPoolLike } from './worker_pool_types.js';

export interface MultiWorkerIteratorConfig<B> {
  pool: Promise<WorkerPoolLike>;
  indexIter: Iterator<number | number[]>;
  numWorkers: number;
  prefetchFactor: number;
  /** Seconds to wait for one batch; 0 waits forever. */
  timeout: number;
  /** Runs on the main thread on what the worker sent (a custom collateFn), or null to pass it on. */
  finish: ((raw: unknown) => B) | null;
  /** Called once when the pass ends (exhausted, abandoned or failed). */
  onEnd: (pool: WorkerPoolLike | null, failed: boolean) => Promise<void>;
}

interface Queued {
  worker: number;
  index: number | number[];
}

export class MultiWorkerIterator<B> implements AsyncIterableIterator<B> {
  private pool: WorkerPoolLike | null = null;
  /** Batches taken from the sampler before the pool was ready. */
  private readonly queued: Queued[] = [];
  /** In-flight batches in sampler order; the head is the next one to yield. */
  private readonly inflight: Promise<unknown>[] = [];
  private nextWorker = 0;
  private samplerDone = false;
  private ended = false;

  constructor(private readonly cfg: MultiWorkerIteratorConfig<B>) {
    for (let i = 0; i < cfg.prefetchFactor * cfg.numWorkers; i++) this.putIndex();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<B>> {
    if (this.ended) return { done: true, value: undefined };
    try {
      if (this.pool === null) {
        this.pool = await this.cfg.pool;
        for (const q of this.queued.splice(0)) this.inflight.push(this.pool.submit(q.worker, q.index));
      }
      const head = this.inflight.shift();
      if (head === undefined) {
        await this.end(false);
        return { done: true, value: undefined };
      }
      const raw = await withTimeout(head, this.cfg.timeout);
      this.putIndex();
      const value = this.cfg.finish !== null ? this.cfg.finish(raw) : (raw as B);
      return { done: false, value };
    } catch (e) {
      await this.end(true);
      throw e;
    }
  }

  /** Leaving a `for await` early lands here: the pass ends and non-persistent workers stop. */
  async return(): Promise<IteratorResult<B>> {
    await this.end(false);
    return { done: true, value: undefined };
  }

  private putIndex(): void {
    if (this.samplerDone) return;
    const r = this.cfg.indexIter.next();
    if (r.done) {
      this.samplerDone = true;
      return;
    }
    const worker = this.nextWorker;
    this.nextWorker = (worker + 1) % this.cfg.numWorkers;
    if (this.pool === null) this.queued.push({ worker, index: r.value });
    else this.inflight.push(this.pool.submit(worker, r.value));
  }

  private async end(failed: boolean): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    this.inflight.length = 0;
    this.queued.length = 0;
    let pool = this.pool;
    if (pool === null) {
      // Failed before the pool was ever awaited: still shut down whatever was started.
      pool = await this.cfg.pool.catch(() => null);
    }
    await this.cfg.onEnd(pool, failed);
  }
}

function withTimeout<T>(p: Promise<T>, seconds: number): Promise<T> {
  if (!(seconds > 0)) return p;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`DataLoader timed out after ${seconds} seconds`)), seconds * 1000);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
