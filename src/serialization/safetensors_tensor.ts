/**
 * `torch.safetensors`: tensors by name <-> .safetensors files, as the `safetensors` package's
 * save_file/load_file (and save/load for bytes) do.
 */
import { Tensor } from '../tensor/tensor.js';
import { SafetensorsError } from './errors.js';
import { pathOf, readFileBytes, writeFileAtomic } from './node_files.js';
import { StorageRecord, type PtDtypeName } from './pt_records.js';
import { dtypeForSafetensors, readSafetensors, safetensorsDtypeFor, writeSafetensors, type SafetensorsTensor } from './safetensors.js';
import { contiguousBytesOf } from './npy_tensor.js';
import { torchletDtypeFor, typedArrayOfStorage } from './tensor_records.js';

export interface SafetensorsSaveOptions {
  /** The file's `__metadata__`: string keys to string values. */
  metadata?: Record<string, string> | Map<string, string>;
}

/**
 * `save(tensors)` returns the file's bytes; `save(tensors, path)` writes it (atomically).
 * Each tensor is stored contiguous; views and shared storages are written as separate copies,
 * which is what the format holds.
 */
export function save(tensors: Record<string, Tensor> | Map<string, Tensor>, options?: SafetensorsSaveOptions): Uint8Array;
export function save(tensors: Record<string, Tensor> | Map<string, Tensor>, path: string | URL, options?: SafetensorsSaveOptions): void;
export function save(
  tensors: Record<string, Tensor> | Map<string, Tensor>,
  pathOrOptions?: string | URL | SafetensorsSaveOptions | null,
  options?: SafetensorsSaveOptions,
): Uint8Array | void {
  const hasPath = typeof pathOrOptions === 'string' || pathOrOptions instanceof URL;
  const opts = (hasPath ? options : (pathOrOptions ?? undefined)) ?? {};
  if (typeof tensors !== 'object' || tensors === null || tensors instanceof Tensor) {
    throw new TypeError('safetensors.save() expects an object (or Map) of name -> Tensor');
  }
  const entries = tensors instanceof Map ? [...tensors] : Object.entries(tensors);
  const records = new Map<string, SafetensorsTensor>();
  for (const [name, t] of entries) {
    if (!(t instanceof Tensor)) throw new TypeError(`safetensors.save(): '${name}' is not a Tensor`);
    records.set(name, {
      dtype: safetensorsDtypeFor(t.dtype.name as PtDtypeName),
      shape: t._shape.slice(),
      bytes: contiguousBytesOf(t),
    });
  }
  const bytes = writeSafetensors(records, opts.metadata);
  if (!hasPath) return bytes;
  const path = pathOf(pathOrOptions as string | URL, 'safetensors.save');
  writeFileAtomic(path, bytes, 'safetensors.save');
}

/** `load(path)` or `load(bytes)`: name -> Tensor, in file order (F16/BF16 widen to float32). */
export function load(f: string | URL | Uint8Array | ArrayBuffer): Record<string, Tensor> {
  let bytes: Uint8Array;
  let own = false;
  if (typeof f === 'string' || f instanceof URL) {
    bytes = readFileBytes(pathOf(f, 'safetensors.load'), 'safetensors.load');
    own = true;
  } else if (f instanceof Uint8Array) bytes = f;
  else if (f instanceof ArrayBuffer) bytes = new Uint8Array(f);
  else throw new TypeError('safetensors.load() expects a path or the file bytes (Uint8Array/ArrayBuffer)');
  const file = readSafetensors(bytes, { copy: !own });
  const out: Record<string, Tensor> = {};
  for (const [name, rec] of file.tensors) {
    const dtype = dtypeForSafetensors(rec.dtype);
    if (dtype === undefined) throw new SafetensorsError(`tensor '${name}': dtype ${rec.dtype} has no torchlet dtype`);
    const data = typedArrayOfStorage(new StorageRecord('', dtype, rec.bytes));
    const t = new Tensor(data, rec.shape.slice(), torchletDtypeFor(dtype));
    if (name === '__proto__') Object.defineProperty(out, name, { value: t, enumerable: true, writable: true, configurable: true });
    else out[name] = t;
  }
  return out;
}
