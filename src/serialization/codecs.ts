/**
 * The extension point of torch.save / torch.load for objects this layer does not know (nn.Module
 * and its subclasses, first of all): a codec turns such an object into .pt records and rebuilds it
 * from them. Upper layers register theirs on import; nothing here imports them.
 */
import type { Tensor } from '../tensor/tensor.js';
import { SerializationError } from './errors.js';
import type { PickleGlobal } from './pickle/ast.js';
import type { ObjectRecord, ParameterRecord, PtValue, TensorRecord } from './pt_records.js';

/** What torch.save hands a codec: converters for the values inside the object being saved. */
export interface SaveContext {
  /** Any savable value (tensors, containers, objects of other codecs), sharing what is shared. */
  encode(value: unknown, pathSegment?: string): PtValue;
  /** The record of one tensor: a ParameterRecord for a Parameter; storages written once. */
  tensor(t: Tensor): TensorRecord | ParameterRecord;
}

/** What torch.load hands a codec. */
export interface LoadContext {
  /** Any loaded record as torchlet values (the same record always gives the same object). */
  decode(value: PtValue, pathSegment?: string): unknown;
  /** A tensor record as a Tensor (a Parameter for a ParameterRecord). */
  tensor(r: TensorRecord | ParameterRecord): Tensor;
}

export interface ObjectCodec {
  /** For error messages. */
  readonly name: string;
  /** Save side: whether this codec writes `value` (an object none of the plain-data rules took). */
  canEncode?(value: object): boolean;
  encode?(value: object, ctx: SaveContext): PtValue;
  /**
   * Load side: whether this codec rebuilds the Python global `module.name` (instances created by
   * NEWOBJ/REDUCE arrive as ObjectRecords, bare references as PickleGlobals). Only globals some
   * codec accepts may appear in a file torch.load reads.
   */
  canDecode?(module: string, name: string): boolean;
  decode?(value: ObjectRecord | PickleGlobal, ctx: LoadContext): unknown;
}

const registry: ObjectCodec[] = [];

/** Adds a codec; codecs registered later are asked first, so they can override earlier ones. */
export function registerCodec(codec: ObjectCodec): void {
  if (typeof codec !== 'object' || codec === null || typeof codec.name !== 'string') {
    throw new TypeError('registerCodec() expects an object with a name and encode/decode functions');
  }
  if (!codec.canEncode !== !codec.encode || !codec.canDecode !== !codec.decode) {
    throw new TypeError(`codec '${codec.name}' must give canEncode with encode and canDecode with decode`);
  }
  registry.unshift(codec);
}

export function encoderFor(value: object): ObjectCodec | undefined {
  return registry.find((c) => c.canEncode?.(value));
}

export function decoderFor(module: string, name: string): ObjectCodec | undefined {
  return registry.find((c) => c.canDecode?.(module, name));
}

/** How `registerModule` reaches the nn layer, which installs it on import. */
export interface RegisterModuleOptions {
  /** The Python qualified name to save and load the class under; default `__main__.<class name>`. */
  name?: string;
  /**
   * Builds an instance for torch.load from the saved attributes (Python names); default
   * `new cls()`. Parameters, buffers, submodules and attributes from the file are set afterwards.
   */
  create?: (attributes: Record<string, unknown>) => object;
}

type ModuleRegistrar = (cls: abstract new (...args: never[]) => object, options: RegisterModuleOptions) => void;
let moduleRegistrar: ModuleRegistrar | undefined;

export function setModuleRegistrar(fn: ModuleRegistrar): void {
  moduleRegistrar = fn;
}

/**
 * Lets torch.load rebuild instances of a custom nn.Module subclass: `registerModule(Net)` (saved as
 * `__main__.Net`, as a class defined in a Python script is), or `registerModule(Net, 'models.Net')`,
 * or `registerModule(Net, { name, create })`. torch.save needs no registration.
 */
export function registerModule(
  cls: abstract new (...args: never[]) => object,
  nameOrOptions: string | RegisterModuleOptions = {},
): void {
  if (!moduleRegistrar) throw new SerializationError('registerModule() needs torch.nn, which is not loaded');
  const options = typeof nameOrOptions === 'string' ? { name: nameOrOptions } : nameOrOptions;
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('registerModule(cls, name?) expects a qualified name or { name, create } as its second argument');
  }
  moduleRegistrar(cls, options);
}
