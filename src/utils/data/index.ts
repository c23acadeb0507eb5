/**
 * torch.utils.data: datasets, samplers and the DataLoader.
 *
 * Browser-safe: nothing reached from here imports a `node:` module at the top level. Worker
 * threads (numWorkers > 0) and reading files from disk load Node's modules when first used.
 */
import './concat_dataset.js';
import './chain_dataset.js';

export { Dataset, IterableDataset, type MapDatasetLike } from './dataset.js';
export { TensorDataset, type TensorSample } from './tensor_dataset.js';
export { ConcatDataset } from './concat_dataset.js';
export { ChainDataset } from './chain_dataset.js';
export { Subset } from './subset.js';
export { randomSplit } from './random_split.js';
export { Sampler, SequentialSampler } from './sampler.js';
export { RandomSampler, type RandomSamplerOptions } from './random_sampler.js';
export { SubsetRandomSampler } from './subset_random_sampler.js';
export { WeightedRandomSampler, type WeightedRandomSamplerOptions } from './weighted_random_sampler.js';
export { BatchSampler } from './batch_sampler.js';
export { defaultCollate, defaultConvert, type Collated } from './collate.js';
export { DataLoader, type DataLoaderOptions, type DatasetInput, type LoaderEntries } from './dataloader.js';
export { getWorkerInfo, type WorkerInfo } from './worker_info.js';
export type { WorkerDatasetSpec } from './worker_spec.js';
export { CSVDataset, CSVParseError, type CSVDatasetOptions, type ColumnRef } from './csv_dataset.js';
export { MNIST, type MNISTOptions } from './mnist.js';
export { readIdx, type IdxArray } from './idx.js';
