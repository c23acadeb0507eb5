// Data types. int64 values live in a Float64Array: every kernel can then treat all numeric data as
// plain JS numbers, and values stay exact up to 2^53 (indices, labels and counts never come close).
// The real 64-bit layout is produced where bytes cross to other programs (.pt, .npy, toTypedArray).

export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array | Int16Array | Int8Array;
export type TypedArrayCtor =
  | Float32ArrayConstructor
  | Float64ArrayConstructor
  | Int32ArrayConstructor
  | Uint8ArrayConstructor
  | Int16ArrayConstructor
  | Int8ArrayConstructor;

export type DTypeName = 'float32' | 'float64' | 'int64' | 'int32' | 'int16' | 'int8' | 'uint8' | 'bool';

export class DType {
  constructor(
    /** torchlet's name, also PyTorch's: `torch.float32` prints as `torch.float32`. */
    readonly name: DTypeName,
    readonly ArrayType: TypedArrayCtor,
    readonly isFloatingPoint: boolean,
    /** Position in PyTorch's promotion lattice: bool < uint8 < int8 < int16 < int32 < int64 < float32 < float64. */
    readonly rank: number,
    /** Bytes per element as PyTorch stores it (int64 is 8 even though we hold it in a Float64Array). */
    readonly itemsize: number,
  ) {}
  get isComplex(): boolean {
    return false;
  }
  get isSigned(): boolean {
    return this.name !== 'uint8' && this.name !== 'bool';
  }
  toString(): string {
    return `torch.${this.name}`;
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

export const bool = new DType('bool', Uint8Array, false, 0, 1);
export const uint8 = new DType('uint8', Uint8Array, false, 1, 1);
export const int8 = new DType('int8', Int8Array, false, 2, 1);
export const int16 = new DType('int16', Int16Array, false, 3, 2);
export const int32 = new DType('int32', Int32Array, false, 4, 4);
export const int64 = new DType('int64', Float64Array, false, 5, 8);
export const float32 = new DType('float32', Float32Array, true, 6, 4);
export const float64 = new DType('float64', Float64Array, true, 7, 8);

export const float = float32;
export const double = float64;
export const long = int64;
export const int = int32;
export const short = int16;

export const ALL_DTYPES: readonly DType[] = [bool, uint8, int8, int16, int32, int64, float32, float64];

let defaultDtype: DType = float32;
export function getDefaultDtype(): DType {
  return defaultDtype;
}
export function setDefaultDtype(d: DType): void {
  if (!(d instanceof DType) || !d.isFloatingPoint) {
    throw new TypeError(`only floating-point types are supported as the default type, got ${String(d)}`);
  }
  defaultDtype = d;
}

export function dtypeFromName(name: string): DType {
  const d = ALL_DTYPES.find((x) => x.name === name);
  if (!d) throw new TypeError(`unknown dtype '${name}'`);
  return d;
}

/** Accepts a DType or its name ('float32', 'torch.float32'), as users write both. */
export function toDType(d: DType | string): DType {
  if (d instanceof DType) return d;
  if (typeof d === 'string') return dtypeFromName(d.startsWith('torch.') ? d.slice(6) : d);
  throw new TypeError(`expected a dtype, got ${String(d)}`);
}

/** PyTorch's promote_types for two tensor operands. */
export function promoteTypes(a: DType, b: DType): DType {
  if (a === b) return a;
  // uint8 with a signed integer goes to the wider signed type that holds both ranges.
  if ((a === uint8 && b === int8) || (a === int8 && b === uint8)) return int16;
  return a.rank >= b.rank ? a : b;
}

export type ScalarKind = 'bool' | 'int' | 'float';

export function scalarKind(v: number | boolean | bigint): ScalarKind {
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'bigint') return 'int';
  return 'float';
}

/**
 * Result type of `tensor op scalar`. A JS number is a Python float (JS cannot tell 1 from 1.0), so it
 * lifts integer tensors to the default float dtype, except where the op keeps integer semantics
 * (callers pass `intLike` for numbers that are whole when the op is integral, e.g. `x.add(1)` on an int64
 * tensor stays int64 as in PyTorch with a Python int).
 */
export function resultTypeWithScalar(t: DType, v: number | boolean | bigint, intLike = true): DType {
  const kind = scalarKind(v);
  if (kind === 'bool') return t;
  if (t.isFloatingPoint) return t;
  if (kind === 'int' || (intLike && typeof v === 'number' && Number.isInteger(v))) return t === bool ? int64 : t;
  return getDefaultDtype();
}

/** Converts one JS value into what the dtype stores (truncation toward zero, wrap-around as C casts). */
export function castValue(v: number, d: DType): number {
  switch (d.name) {
    case 'bool':
      return v !== 0 ? 1 : 0;
    case 'float32':
      return Math.fround(v);
    case 'float64':
      return v;
    case 'int64':
      // `+ 0` turns a -0 from truncating (-0.5) into the integer 0.
      return Number.isFinite(v) ? Math.trunc(v) + 0 : v;
    default:
      return v; // the typed array's own store wraps int32/int16/int8/uint8 like C does
  }
}
