/**
 * `getWorkerInfo()`: inside a DataLoader worker thread, which worker this is and how it was
 * seeded (PyTorch's torch.utils.data.get_worker_info); `null` on the main thread.
 */
export interface WorkerInfo {
  /** 0-based index of this worker. */
  readonly id: number;
  readonly numWorkers: number;
  /** baseSeed + id: the seed this worker's global generator was given. */
  readonly seed: bigint;
  /** This worker's own copy of the dataset. */
  readonly dataset: unknown;
}

let current: WorkerInfo | null = null;

export function getWorkerInfo(): WorkerInfo | null {
  return current;
}

/** Called once by the worker entry point, before the dataset serves any index. */
export function setWorkerInfo(info: WorkerInfo): void {
  current = Object.freeze({ ...info });
}
