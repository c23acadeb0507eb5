/**
 * What crosses between the DataLoader and its worker threads. Messages go through structured
 * clone, which keeps typed arrays but drops class identity, so tensors travel as
 * `{ dtype, shape, data }` records and are rebuilt on arrival; arrays, plain objects and Maps are
 * walked so tensors nested in samples and batches survive too.
 */
import { Tensor } from '../../tensor/tensor.js';
import { dtypeFromName, type DTypeName, type TypedArray } from '../../tensor/dtype.js';
import { mapNested, WALK_INTO } from './nested.js';

const TENSOR_TAG = '__torchletTensor__';

export interface EncodedTensor {
  [TENSOR_TAG]: true;
  dtype: DTypeName;
  shape: number[];
  data: TypedArray;
}

/** main -> worker */
export type ToWorker =
  | { type: 'fetch'; taskId: number; index: number | number[] }
  | { type: 'shutdown' };

/** worker -> main */
export type FromWorker =
  | { type: 'ready' }
  | { type: 'data'; taskId: number; value: unknown }
  | { type: 'error'; taskId: number | null; error: SerializedError };

export interface SerializedError {
  name: string;
  message: string;
  stack: string;
}

/** What each worker is told at start-up (its `workerData`). */
export interface WorkerInit {
  workerId: number;
  numWorkers: number;
  /** The loader's base seed, as a decimal string (it can exceed 2^53). */
  baseSeed: string;
  spec: { module: string; exportName?: string; args?: unknown };
  /** 'default': collate in the worker; 'convert': batchSize null, defaultConvert; 'none': send raw samples. */
  collate: 'default' | 'convert' | 'none';
  autoCollation: boolean;
}

/**
 * Replaces tensors by transferable records. `owned` says the tensors were made for this message
 * (a freshly collated batch) and their buffers may be transferred instead of copied.
 */
export function encodeValue(value: unknown, owned: boolean, transfer: ArrayBuffer[]): unknown {
  return mapNested(value, (v) => (v instanceof Tensor ? encodeTensor(v, owned, transfer) : WALK_INTO));
}

export function encodeTensor(t: Tensor, owned: boolean, transfer: ArrayBuffer[]): EncodedTensor {
  const n = t.numel();
  const whole =
    t._contiguous && t._offset === 0 && t._data.length === n && t._data.byteOffset === 0 &&
    t._data.buffer instanceof ArrayBuffer && t._data.buffer.byteLength === t._data.byteLength;
  let data: TypedArray;
  if (owned && whole && !transfer.includes(t._data.buffer as ArrayBuffer)) {
    data = t._data;
    transfer.push(t._data.buffer as ArrayBuffer);
  } else {
    const values = t._values();
    data = (values === t._data || values.buffer === t._data.buffer ? values.slice() : values) as TypedArray;
    if (data.buffer instanceof ArrayBuffer && !transfer.includes(data.buffer)) transfer.push(data.buffer);
  }
  return { [TENSOR_TAG]: true, dtype: t.dtype.name, shape: t._shape.slice(), data };
}

function isEncodedTensor(x: unknown): x is EncodedTensor {
  return typeof x === 'object' && x !== null && (x as Record<string, unknown>)[TENSOR_TAG] === true;
}

export function decodeTensor(e: EncodedTensor): Tensor {
  return new Tensor(e.data, e.shape, dtypeFromName(e.dtype));
}

export function decodeValue(value: unknown): unknown {
  return mapNested(value, (v) => (isEncodedTensor(v) ? decodeTensor(v) : WALK_INTO));
}

export function serializeError(e: unknown): SerializedError {
  if (e instanceof Error) {
    return { name: e.name || e.constructor?.name || 'Error', message: e.message, stack: e.stack ?? `${e.name}: ${e.message}` };
  }
  return { name: 'Error', message: String(e), stack: `thrown value: ${String(e)}` };
}

const ERROR_TYPES: Record<string, new (message: string) => Error> = {
  Error, TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError,
};

/** An error raised in worker `workerId`, re-created on the main thread with the worker's stack in its message. */
export function reviveWorkerError(e: SerializedError, workerId: number): Error {
  const Ctor = ERROR_TYPES[e.name] ?? Error;
  const err = new Ctor(`Caught ${e.name} in DataLoader worker ${workerId}.\nOriginal stack in the worker:\n${e.stack}`);
  Object.assign(err, { workerId, workerStack: e.stack, originalMessage: e.message });
  return err;
}
