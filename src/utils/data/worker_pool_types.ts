/** The part of the Node-only worker pool that the rest of torch.utils.data sees. */
export interface WorkerPoolLike {
  readonly numWorkers: number;
  /** Sends one index batch to worker `worker`; resolves with what it sent back (tensors rebuilt). */
  submit(worker: number, index: number | number[]): Promise<unknown>;
  /** Stops every worker thread. */
  terminate(): Promise<void>;
}
