/**
 * `defaultCollate` and `defaultConvert`: how the DataLoader turns a list of samples into a batch
 * (PyTorch's torch.utils.data default_collate / default_convert), mapped onto JavaScript values:
 *
 * | sample element          | batch                                                              |
 * | ----------------------- | ------------------------------------------------------------------ |
 * | Tensor                  | `torch.stack(elements)` (a new leading batch dimension)            |
 * | typed array (numpy-like)| each made a tensor, then stacked                                   |
 * | number                  | int64 tensor when every one is a whole number, float64 otherwise   |
 * | bigint / boolean        | int64 / bool tensor                                                |
 * | string                  | the array of strings, unchanged                                    |
 * | array (tuple or list)   | an array, collated position by position (all of one length)        |
 * | plain object / Map      | the same keys, each collated across the batch                      |
 *
 * JavaScript has one number type, so where Python tells `1` (int64) from `1.0` (float64) this
 * looks at the values: a batch of whole numbers becomes int64, anything else float64.
 */
import { Tensor } from '../../tensor/tensor.js';
import { bool, float64, int64, type DType, type TypedArray } from '../../tensor/dtype.js';
import { stack } from '../../ops/join.js';
import { from } from '../../ops/creation.js';
import { typeName } from './dataset.js';
import { isPlainObject, mapNested, WALK_INTO } from './nested.js';

type TypedArrayLike =
  | Float32Array | Float64Array | Int32Array | Int16Array | Int8Array | Uint8Array | Uint8ClampedArray | BigInt64Array;

/** The batch type default collation makes from samples of type T. */
export type Collated<T> = T extends Tensor
  ? Tensor
  : T extends number | bigint | boolean | TypedArrayLike
    ? Tensor
    : T extends string
      ? string[]
      : T extends Map<infer K, infer V>
        ? Map<K, Collated<V>>
        : T extends readonly unknown[]
          ? { -readonly [K in keyof T]: Collated<T[K]> }
          : T extends object
            ? { [K in keyof T]: Collated<T[K]> }
            : unknown;

const COLLATE_ERROR = 'default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; found';

export function isTypedArray(x: unknown): x is TypedArrayLike {
  return ArrayBuffer.isView(x) && !(x instanceof DataView);
}

/** Merges a list of samples into a batch (see the table above). */
export function defaultCollate<T>(batch: readonly T[]): Collated<T> {
  return collate(batch as readonly unknown[]) as Collated<T>;
}

function collate(batch: readonly unknown[]): unknown {
  if (!Array.isArray(batch)) throw new TypeError(`default_collate expects an array of samples, but got ${typeName(batch)}`);
  if (batch.length === 0) throw new RangeError('default_collate: cannot collate an empty batch');
  const elem = batch[0];
  if (elem instanceof Tensor) return stack(batch as Tensor[], 0);
  if (isTypedArray(elem)) {
    return stack(
      batch.map((b, i) => {
        if (!isTypedArray(b)) throw new TypeError(`${COLLATE_ERROR} ${typeName(b)} at batch position ${i} (expected a typed array)`);
        return from(b);
      }),
      0,
    );
  }
  if (typeof elem === 'number') return numbersToTensor(batch);
  if (typeof elem === 'bigint') return scalarsToTensor(batch, 'bigint', int64);
  if (typeof elem === 'boolean') return scalarsToTensor(batch, 'boolean', bool);
  if (typeof elem === 'string') return batch.slice();
  if (Array.isArray(elem)) {
    const size = elem.length;
    batch.forEach((b, i) => {
      if (!Array.isArray(b)) throw new TypeError(`${COLLATE_ERROR} ${typeName(b)} at batch position ${i} (expected an array)`);
      if (b.length !== size) throw new RangeError('each element in list of batch should be of equal size');
    });
    const out = new Array<unknown>(size);
    for (let k = 0; k < size; k++) out[k] = collate(batch.map((b) => (b as unknown[])[k]));
    return out;
  }
  if (elem instanceof Map) {
    const out = new Map<unknown, unknown>();
    for (const key of elem.keys()) {
      out.set(key, collate(batch.map((b, i) => fieldOf(b, key, i))));
    }
    return out;
  }
  if (isPlainObject(elem)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(elem)) {
      out[key] = collate(batch.map((b, i) => fieldOf(b, key, i)));
    }
    return out;
  }
  throw new TypeError(`${COLLATE_ERROR} ${typeName(elem)}`);
}

function fieldOf(sample: unknown, key: unknown, position: number): unknown {
  if (sample instanceof Map) {
    if (!sample.has(key)) throw new RangeError(`default_collate: sample ${position} has no key ${String(key)}`);
    return sample.get(key);
  }
  if (isPlainObject(sample)) {
    if (!Object.prototype.hasOwnProperty.call(sample, key as string)) {
      throw new RangeError(`default_collate: sample ${position} has no key '${String(key)}'`);
    }
    return sample[key as string];
  }
  throw new TypeError(`${COLLATE_ERROR} ${typeName(sample)} at batch position ${position} (expected a dict-like object)`);
}

function numbersToTensor(batch: readonly unknown[]): Tensor {
  const out = new Float64Array(batch.length);
  let whole = true;
  for (let i = 0; i < batch.length; i++) {
    const v = batch[i];
    if (typeof v !== 'number') throw new TypeError(`${COLLATE_ERROR} ${typeName(v)} at batch position ${i} (expected a number)`);
    if (!Number.isSafeInteger(v)) whole = false;
    out[i] = v;
  }
  return new Tensor(out, [batch.length], whole ? int64 : float64);
}

function scalarsToTensor(batch: readonly unknown[], kind: 'bigint' | 'boolean', dtype: DType): Tensor {
  const out = new (dtype.ArrayType)(batch.length) as TypedArray;
  for (let i = 0; i < batch.length; i++) {
    const v = batch[i];
    if (typeof v !== kind) throw new TypeError(`${COLLATE_ERROR} ${typeName(v)} at batch position ${i} (expected a ${kind})`);
    out[i] = kind === 'boolean' ? (v ? 1 : 0) : Number(v);
  }
  return new Tensor(out, [batch.length], dtype);
}

/**
 * What the DataLoader does to each sample when automatic batching is off (`batchSize: null`):
 * typed arrays become tensors (sharing memory, as torch.as_tensor does with numpy arrays),
 * arrays and objects are converted element by element, everything else is returned as is.
 */
export function defaultConvert<T>(data: T): unknown {
  return mapNested(data, (v) => (v instanceof Tensor ? v : isTypedArray(v) ? from(v) : WALK_INTO));
}
