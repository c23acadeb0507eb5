/**
 * How a dataset is rebuilt inside a DataLoader worker thread. Threads share no objects, so a
 * worker imports a module and asks it for its own copy of the dataset:
 *
 *   - `new DataLoader(ds, { numWorkers: 2, workerModule: new URL('./my_dataset.js', import.meta.url),
 *      workerArgs: {...} })`: the worker imports that module and calls its `createDataset(workerArgs)`
 *     export (or its default export), which returns the dataset (or a Promise of it);
 *   - or the dataset itself says how: a `workerSpec()` method returning `{ module, args, exportName }`.
 *     The built-in datasets (TensorDataset, Subset, ConcatDataset, CSVDataset, MNIST) have one.
 *
 * The module may also export `workerInitFn(workerId)`, run after seeding (PyTorch's worker_init_fn).
 * `args` travel by structured clone (SharedArrayBuffers are shared, not copied); tensors in
 * them arrive as tensors.
 */
import { typeName } from './dataset.js';
import { decodeValue, encodeValue } from './worker_protocol.js';

export interface WorkerDatasetSpec {
  /** Module URL (a `file:` URL or anything `import()` accepts). */
  module: string | URL;
  /** The export to call; `createDataset`, else `default`, when omitted. */
  exportName?: string;
  args?: unknown;
}

/** A spec with the module as a string, ready to cross to a worker. */
export interface SerializedWorkerSpec {
  module: string;
  exportName?: string;
  args?: unknown;
}

export interface HasWorkerSpec {
  workerSpec(): WorkerDatasetSpec;
}

export function hasWorkerSpec(x: unknown): x is HasWorkerSpec {
  return typeof (x as Partial<HasWorkerSpec> | null)?.workerSpec === 'function';
}

export function serializeSpec(spec: WorkerDatasetSpec): SerializedWorkerSpec {
  if (spec === null || typeof spec !== 'object' || (typeof spec.module !== 'string' && !(spec.module instanceof URL))) {
    throw new TypeError('a worker dataset spec needs a module (a URL or a module specifier string)');
  }
  // Tensors in the args travel as records and are rebuilt in the worker.
  const out: SerializedWorkerSpec = { module: String(spec.module), args: encodeValue(spec.args, false, []) };
  if (spec.exportName !== undefined) out.exportName = spec.exportName;
  return out;
}

/** Inside a worker: imports the spec's module and builds the dataset it describes. */
export async function buildDatasetFromSpec(spec: SerializedWorkerSpec): Promise<{ dataset: unknown; module: Record<string, unknown> }> {
  const mod = (await import(spec.module)) as Record<string, unknown>;
  const name = spec.exportName;
  const factory = name !== undefined ? mod[name] : (mod.createDataset ?? mod.default);
  if (factory === undefined) {
    const wanted = name !== undefined ? `an export named '${name}'` : "a 'createDataset' or default export";
    throw new TypeError(`DataLoader worker: module ${spec.module} has no ${wanted} to build the dataset from`);
  }
  const args = decodeValue(spec.args);
  const dataset = typeof factory === 'function' && !isDatasetObject(factory) ? await (factory as (a: unknown) => unknown)(args) : factory;
  if (!isDatasetObject(dataset)) {
    throw new TypeError(
      `DataLoader worker: ${spec.module} built ${typeName(dataset)}, which is not a map-style dataset (length and getItem)`,
    );
  }
  return { dataset, module: mod };
}

function isDatasetObject(x: unknown): boolean {
  return (
    (typeof x === 'object' || typeof x === 'function') &&
    x !== null &&
    typeof (x as { getItem?: unknown }).getItem === 'function' &&
    typeof (x as { length?: unknown }).length === 'number'
  );
}
