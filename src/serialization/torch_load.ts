/**
 * torch.load: a torch.save file (PyTorch's or torchlet's) -> torchlet values. Nothing in the file
 * is ever executed: every class it names must be one a codec rebuilds (nn modules, dtypes), and
 * with `weightsOnly: true` only tensors, dtypes and plain containers are accepted, as in PyTorch.
 */
import { dtypeFromName, ALL_DTYPES } from '../tensor/dtype.js';
import { decoderFor, registerCodec } from './codecs.js';
import { Decoder, weightsOnlyError } from './decode.js';
import { SerializationError } from './errors.js';
import { PickleGlobal } from './pickle/ast.js';
import { readPtArchive } from './pt_format.js';
import type { StorageRecord } from './pt_records.js';
import { pathOf, readFileBytes } from './node_files.js';
import { TensorRebuilder } from './tensor_records.js';

/**
 * Where storages go. torchlet runs on the CPU, so every storage must end up on 'cpu': a string
 * ('cpu'), a device-like `{ type: 'cpu' }`, a table from saved location to target
 * (`{ 'cuda:0': 'cpu' }` or a Map), or a function of the saved location returning the target
 * (null/undefined keeps it).
 */
export type MapLocation =
  | string
  | { type: string; index?: number | null }
  | Record<string, string>
  | Map<string, string>
  | ((location: string) => string | { type: string } | null | undefined)
  | null
  | undefined;

export interface LoadOptions {
  mapLocation?: MapLocation;
  /**
   * Accept only tensors, parameters, dtypes and dicts/lists/tuples of strings, numbers, booleans
   * and None, as PyTorch's weights_only=True does (default false; torchlet never runs code from a
   * file either way, but this also refuses whole pickled modules).
   */
  weightsOnly?: boolean;
}

const OPTION_KEYS = new Set(['mapLocation', 'weightsOnly']);
const DTYPE_NAMES = new Set<string>(ALL_DTYPES.map((d) => d.name));

registerCodec({
  name: 'torch dtypes',
  canDecode: (module, name) => module === 'torch' && DTYPE_NAMES.has(name),
  decode: (v) => {
    if (!(v instanceof PickleGlobal)) throw new SerializationError(`torch.load: torch.${v.name} is a dtype, not a constructor`);
    return dtypeFromName(v.name);
  },
});

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function isLoadOptions(v: unknown): v is LoadOptions {
  return isPlainObject(v) && Object.keys(v).every((k) => OPTION_KEYS.has(k));
}

function deviceName(target: unknown): string {
  if (typeof target === 'string') return target;
  if (typeof target === 'object' && target !== null && typeof (target as { type?: unknown }).type === 'string') {
    const { type, index } = target as { type: string; index?: number | null };
    return index === undefined || index === null ? type : `${type}:${index}`;
  }
  throw new TypeError(`torch.load: mapLocation gave ${String(target)}, not a device`);
}

/** The device a storage saved at `location` is loaded to. */
function targetDevice(location: string, mapLocation: MapLocation): string {
  if (mapLocation === null || mapLocation === undefined) return location;
  if (typeof mapLocation === 'string') return mapLocation;
  if (typeof mapLocation === 'function') {
    const r = mapLocation(location);
    return r === null || r === undefined ? location : deviceName(r);
  }
  if (mapLocation instanceof Map) return mapLocation.get(location) ?? location;
  if (typeof (mapLocation as { type?: unknown }).type === 'string') return deviceName(mapLocation);
  const table = mapLocation as Record<string, string>;
  return Object.prototype.hasOwnProperty.call(table, location) ? deviceName(table[location]) : location;
}

function checkDevice(s: StorageRecord, mapLocation: MapLocation): void {
  const device = targetDevice(s.location, mapLocation);
  if (device === 'cpu' || device.startsWith('cpu:')) return;
  if (/^cuda(:\d+)?$/.test(device)) {
    throw new SerializationError(
      'Attempting to deserialize object on a CUDA device but torch.cuda.isAvailable() is false. ' +
        "If you are running on a CPU-only machine, please use torch.load with mapLocation: 'cpu' to map your storages to the CPU.",
    );
  }
  throw new SerializationError(`torch.load: cannot load storage '${s.key}' to device '${device}'; torchlet runs on the CPU (use mapLocation: 'cpu')`);
}

function unknownGlobal(module: string, name: string): SerializationError {
  const cls = name.split('.').pop() ?? name;
  const how =
    module === '__main__'
      ? `torch.serialization.registerModule(${cls})`
      : `torch.serialization.registerModule(${cls}, '${module}.${name}')`;
  return new SerializationError(
    `Can't get attribute '${name}' on <module '${module}'>: torchlet has no class registered as ${module}.${name}. ` +
      `If it is an nn.Module subclass, register your class before loading: ${how}.`,
  );
}

function bytesOf(f: unknown): { bytes: Uint8Array; own: boolean } {
  if (typeof f === 'string' || f instanceof URL) {
    return { bytes: readFileBytes(pathOf(f, 'torch.load'), 'torch.load'), own: true };
  }
  if (f instanceof Uint8Array) return { bytes: f, own: false };
  if (f instanceof ArrayBuffer) return { bytes: new Uint8Array(f), own: false };
  if (ArrayBuffer.isView(f)) return { bytes: new Uint8Array(f.buffer, f.byteOffset, f.byteLength), own: false };
  throw new TypeError(`torch.load: expected a path or the file's bytes (Uint8Array/ArrayBuffer), got ${f === null ? 'null' : typeof f}`);
}

/**
 * `torch.load(path)`, `torch.load(bytes)`, `torch.load(f, 'cpu')`, `torch.load(f, { weightsOnly: true })`.
 * Tensors share storage where the file shares it; dicts come back as plain objects (see decode.ts);
 * whole modules as torchlet modules. Bytes passed in are copied, so the result never aliases them.
 */
// The result's type depends on the file, as in Python; `any` lets it flow into loadStateDict() etc.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function load(f: string | URL | Uint8Array | ArrayBuffer, mapLocation?: MapLocation | LoadOptions, options?: LoadOptions): any {
  let opts: LoadOptions = {};
  if (isLoadOptions(mapLocation) && options === undefined) opts = mapLocation;
  else {
    if (options !== undefined && !isLoadOptions(options)) {
      const bad = isPlainObject(options) ? Object.keys(options).find((k) => !OPTION_KEYS.has(k)) : undefined;
      throw new TypeError(bad ? `load() got an unexpected keyword argument '${bad}'` : 'load(): options must be an object');
    }
    opts = { ...options, mapLocation: mapLocation as MapLocation };
  }
  const weightsOnly = Boolean(opts.weightsOnly);
  const { bytes, own } = bytesOf(f);
  const archive = readPtArchive(bytes, {
    // A buffer read from disk is ours: storages can view it in place. The caller's bytes are copied.
    copy: !own,
    allowedGlobals: (module, name) => {
      if (weightsOnly) {
        if (module === 'torch' && DTYPE_NAMES.has(name)) return true;
        throw weightsOnlyError(`the global ${module}.${name}`);
      }
      if (decoderFor(module, name)) return true;
      throw unknownGlobal(module, name);
    },
  });
  const rebuilder = new TensorRebuilder((s) => checkDevice(s, opts.mapLocation));
  return new Decoder(rebuilder, weightsOnly).decode(archive.root);
}
