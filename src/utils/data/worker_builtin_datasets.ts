/**
 * Factories a worker thread uses to rebuild the built-in datasets from their `workerSpec()`
 * (see worker_spec.ts). Tensors arrive as records over SharedArrayBuffers, so every worker
 * reads the one copy made on the main thread.
 */
import { TensorDataset } from './tensor_dataset.js';
import { Subset } from './subset.js';
import { ConcatDataset } from './concat_dataset.js';
import { MNIST } from './mnist.js';
import type { MapDatasetLike } from './dataset.js';
import { buildDatasetFromSpec, type SerializedWorkerSpec } from './worker_spec.js';
import { decodeTensor, type EncodedTensor } from './worker_protocol.js';

export function tensorDataset(args: { tensors: EncodedTensor[] }): TensorDataset {
  return new TensorDataset(...args.tensors.map(decodeTensor));
}

export async function subset(args: { source: SerializedWorkerSpec; indices: number[] }): Promise<Subset<unknown>> {
  const { dataset } = await buildDatasetFromSpec(args.source);
  return new Subset(dataset as MapDatasetLike<unknown>, args.indices);
}

export async function concatDataset(args: { parts: SerializedWorkerSpec[] }): Promise<ConcatDataset<unknown>> {
  const parts = await Promise.all(args.parts.map(async (p) => (await buildDatasetFromSpec(p)).dataset));
  return new ConcatDataset(parts as MapDatasetLike<unknown>[]);
}

export function mnist(args: { data: EncodedTensor; targets: EncodedTensor }): MNIST {
  return new MNIST(decodeTensor(args.data), decodeTensor(args.targets));
}
