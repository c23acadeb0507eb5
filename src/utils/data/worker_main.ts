/**
 * Entry point of a DataLoader worker thread (started by worker_pool.ts, Node only).
 *
 * Start-up, in this order: build this worker's copy of the dataset from the spec; seed the
 * global generator with baseSeed + workerId (PyTorch seeds each worker that way, so random
 * draws in getItem follow PyTorch's per-worker stream); publish getWorkerInfo(); run the
 * module's `workerInitFn(workerId)` if it has one. Then answer index batches in arrival order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { defaultGenerator } from '../../random/generator.js';
import { defaultCollate, defaultConvert } from './collate.js';
import { fetchMapBatch } from './fetch_batch.js';
import { buildDatasetFromSpec } from './worker_spec.js';
import { setWorkerInfo } from './worker_info.js';
import type { MapDatasetLike } from './dataset.js';
import { encodeValue, serializeError, type FromWorker, type ToWorker, type WorkerInit } from './worker_protocol.js';

const init = workerData as WorkerInit;
const port = parentPort!;

function send(msg: FromWorker, transfer: ArrayBuffer[] = []): void {
  port.postMessage(msg, transfer);
}

const ready: Promise<MapDatasetLike<unknown>> = (async () => {
  const seed = BigInt(init.baseSeed) + BigInt(init.workerId);
  setWorkerInfo({ id: init.workerId, numWorkers: init.numWorkers, seed, dataset: null });
  const { dataset, module } = await buildDatasetFromSpec(init.spec);
  defaultGenerator.manualSeed(seed);
  setWorkerInfo({ id: init.workerId, numWorkers: init.numWorkers, seed, dataset });
  const initFn = module.workerInitFn;
  if (typeof initFn === 'function') await (initFn as (id: number) => unknown)(init.workerId);
  return dataset as MapDatasetLike<unknown>;
})();

ready.then(
  () => send({ type: 'ready' }),
  (e: unknown) => send({ type: 'error', taskId: null, error: serializeError(e) }),
);

const collate: (x: any) => unknown =
  init.collate === 'default' ? defaultCollate : init.collate === 'convert' ? defaultConvert : (x: unknown) => x;

port.on('message', async (msg: ToWorker) => {
  if (msg.type === 'shutdown') {
    port.close();
    return;
  }
  let dataset: MapDatasetLike<unknown>;
  try {
    dataset = await ready;
  } catch {
    return; // the start-up error has been reported once already
  }
  try {
    const value = fetchMapBatch(dataset, msg.index, init.autoCollation, collate, init.collate === 'default');
    const transfer: ArrayBuffer[] = [];
    // Collated batches are new tensors: their buffers can move instead of being copied.
    const encoded = encodeValue(value, init.collate === 'default' && init.autoCollation, transfer);
    send({ type: 'data', taskId: msg.taskId, value: encoded }, transfer);
  } catch (e) {
    send({ type: 'error', taskId: msg.taskId, error: serializeError(e) });
  }
});
