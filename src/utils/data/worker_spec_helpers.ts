/**
 * What the built-in datasets need to describe themselves to a worker thread (worker_spec.ts):
 * the URL of the module holding their worker-side factories, tensors copied into shared memory,
 * and the specs of the datasets they wrap.
 */
import type { Tensor } from '../../tensor/tensor.js';
import type { TypedArray } from '../../tensor/dtype.js';
import { hasWorkerSpec, serializeSpec, type SerializedWorkerSpec } from './worker_spec.js';
import type { EncodedTensor } from './worker_protocol.js';
import { siblingModuleUrl } from './module_url.js';

/** The module with the worker-side factories of the built-in datasets. */
export const BUILTIN_WORKER_MODULE = siblingModuleUrl('worker_builtin_datasets', import.meta.url);

/** A tensor's elements copied once into shared memory, ready to be read by every worker. */
export function shareTensor(t: Tensor): EncodedTensor {
  const values = t._values();
  const shared = new SharedArrayBuffer(values.byteLength);
  const data = new (t.dtype.ArrayType as new (b: SharedArrayBuffer) => TypedArray)(shared);
  data.set(values as never);
  return { __torchletTensor__: true, dtype: t.dtype.name, shape: t._shape.slice(), data };
}

/** The spec of a dataset nested in another one (a Subset's source, a ConcatDataset's part). */
export function nestedSpec(ds: unknown, owner: string): SerializedWorkerSpec {
  if (!hasWorkerSpec(ds)) {
    throw new TypeError(
      `${owner} cannot be rebuilt in a worker thread: the dataset it wraps has no workerSpec(); ` +
        'pass the DataLoader a workerModule instead',
    );
  }
  return serializeSpec(ds.workerSpec());
}

