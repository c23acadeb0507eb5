/**
 * Factories a worker thread uses to rebuild the built-in datasets from their `workerSpec()`
 * (see worker_spec.ts). Their tensors were copied once into SharedArrayBuffers on the main
 * thread, so every worker reads that one copy.
 */
import { TensorDataset } from './tensor_dataset.js';
import { Subset } from './subset.js';
import { ConcatDataset } from './concat_dataset.js';
import { MNIST } from './mnist.js';
import type { MapDatasetLike } from './dataset.js';
import { buildDatasetFromSpec, type SerializedWorkerSpec } from './worker_spec.js';
import type { Tensor } from '../../tensor/tensor.js';

export function tensorDataset(args: { tensors: Tensor[] }): TensorDataset {
  return new TensorDataset(...args.tensors);
}

export async function subset(args: { source: SerializedWorkerSpec; indices: number[] }): Promise<Subset<unknown>> {
  const { dataset } = await buildDatasetFromSpec(args.source);
  return new Subset(dataset as MapDatasetLike<unknown>, args.indices);
}

export async function concatDataset(args: { parts: SerializedWorkerSpec[] }): Promise<ConcatDataset<unknown>> {
  const parts = await Promise.all(args.parts.map(async (p) => (await buildDatasetFromSpec(p)).dataset));
  return new ConcatDataset(parts as MapDatasetLike<unknown>[]);
}

export function mnist(args: { data: Tensor; targets: Tensor }): MNIST {
  return new MNIST(args.data, args.targets);
}
