/**
 * The DataLoader's worker threads (Node only: this is the one module besides the worker entry
 * that touches node:worker_threads, and the DataLoader imports it only when numWorkers > 0).
 *
 * Each worker builds its own copy of the dataset from a spec, seeds its global generator with
 * baseSeed + id, and answers index batches in the order it receives them. Idle workers are
 * unref'd so a program that stops iterating can still exit.
 */
import { Worker } from 'node:worker_threads';
import type { WorkerPoolLike } from './worker_pool_types.js';
import { decodeValue, reviveWorkerError, type FromWorker, type ToWorker, type WorkerInit } from './worker_protocol.js';
import { siblingModuleUrl } from './module_url.js';

/**
 * Worker threads do not inherit the TypeScript loader (tsx) of the main thread, so when the
 * worker code or the dataset module is TypeScript source, the worker first registers tsx itself.
 */
const TS_BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
(async () => {
  const loader = await import(workerData.bootstrap.tsLoader);
  loader.register();
  await import(workerData.bootstrap.entry);
})();
`;

/** tsx's ESM API when one of `modules` is TypeScript and tsx can be found; else null. */
function typeScriptLoaderFor(modules: readonly string[]): string | null {
  if (!modules.some((m) => /\.[cm]?ts$/.test(m.split(/[?#]/)[0]!))) return null;
  try {
    return import.meta.resolve('tsx/esm/api');
  } catch {
    return null; // the import in the worker will then fail with Node's own "Unknown file extension" error
  }
}

interface Pending {
  worker: number;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

export class WorkerPool implements WorkerPoolLike {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextTaskId = 0;
  private failure: Error | null = null;
  private terminating = false;

  constructor(init: Omit<WorkerInit, 'workerId'>) {
    const entry = siblingModuleUrl('worker_main', import.meta.url);
    const tsLoader = typeScriptLoaderFor([entry, init.spec.module]);
    for (let id = 0; id < init.numWorkers; id++) {
      const data: WorkerInit = { ...init, workerId: id };
      const name = `torchlet DataLoader worker ${id}`;
      const w =
        tsLoader === null
          ? new Worker(new URL(entry), { workerData: data, name })
          : new Worker(TS_BOOTSTRAP, { eval: true, workerData: { ...data, bootstrap: { tsLoader, entry } }, name });
      w.on('message', (msg: FromWorker) => this.onMessage(id, msg));
      w.on('error', (err: Error) => this.fail(reviveWorkerError({ name: err.name, message: err.message, stack: err.stack ?? String(err) }, id)));
      w.on('exit', (code) => {
        if (!this.terminating) this.fail(new Error(`DataLoader worker ${id} exited unexpectedly with exit code ${code}`));
      });
      w.unref();
      this.workers.push(w);
    }
  }

  get numWorkers(): number {
    return this.workers.length;
  }

  submit(worker: number, index: number | number[]): Promise<unknown> {
    if (this.failure !== null) return Promise.reject(this.failure);
    if (this.terminating) return Promise.reject(new Error('DataLoader workers have been shut down'));
    const taskId = this.nextTaskId++;
    const p = new Promise<unknown>((resolve, reject) => this.pending.set(taskId, { worker, resolve, reject }));
    // A batch that fails after its pass was abandoned must not become an unhandled rejection.
    p.catch(() => undefined);
    this.workers[worker]!.ref();
    const msg: ToWorker = { type: 'fetch', taskId, index };
    this.workers[worker]!.postMessage(msg);
    return p;
  }

  async terminate(): Promise<void> {
    if (this.terminating) return;
    this.terminating = true;
    this.rejectAll(new Error('DataLoader workers have been shut down'));
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private onMessage(workerId: number, msg: FromWorker): void {
    if (msg.type === 'ready') return;
    if (msg.type === 'error' && msg.taskId === null) {
      this.fail(reviveWorkerError(msg.error, workerId));
      return;
    }
    const taskId = msg.taskId as number;
    const task = this.pending.get(taskId);
    if (task === undefined) return;
    this.pending.delete(taskId);
    this.refreshRef(workerId);
    if (msg.type === 'data') task.resolve(decodeValue(msg.value));
    else task.reject(reviveWorkerError(msg.error, workerId));
  }

  /** A worker that can no longer serve (start-up failure, crash): every outstanding batch fails with its error. */
  private fail(err: Error): void {
    if (this.terminating || this.failure !== null) return;
    this.failure = err;
    this.rejectAll(err);
  }

  private rejectAll(err: Error): void {
    for (const task of this.pending.values()) task.reject(err);
    this.pending.clear();
    for (const w of this.workers) w.unref();
  }

  private refreshRef(workerId: number): void {
    for (const t of this.pending.values()) if (t.worker === workerId) return;
    this.workers[workerId]!.unref();
  }
}
