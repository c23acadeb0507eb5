/**
 * The dtypes the random layer distinguishes, and how the tensor layer's typed arrays map to
 * them: float32 -> Float32Array, float64 and int64 -> Float64Array (int64 values as plain
 * numbers, exact up to 2^53), int32 -> Int32Array, int16 -> Int16Array, int8 -> Int8Array,
 * uint8 and bool -> Uint8Array.
 */

export type RandomDType = 'float32' | 'float64' | 'int64' | 'int32' | 'int16' | 'int8' | 'uint8' | 'bool';

export type FloatArray = Float32Array | Float64Array;
export type NumericArray = Float32Array | Float64Array | Int32Array | Int16Array | Int8Array | Uint8Array;

/** The dtype an array most likely holds; Float64Array and Uint8Array are ambiguous, so callers may say. */
export function inferDType(out: NumericArray, dtype?: RandomDType): RandomDType {
  if (dtype !== undefined) {
    if (!arrayFits(out, dtype)) {
      throw new TypeError(`a ${out.constructor.name} cannot hold dtype ${dtype}`);
    }
    return dtype;
  }
  if (out instanceof Float32Array) return 'float32';
  if (out instanceof Float64Array) return 'int64';
  if (out instanceof Int32Array) return 'int32';
  if (out instanceof Int16Array) return 'int16';
  if (out instanceof Int8Array) return 'int8';
  if (out instanceof Uint8Array) return 'uint8';
  throw new TypeError(`unsupported output array ${(out as object).constructor.name}`);
}

const ARRAY_TYPES = {
  float32: Float32Array,
  float64: Float64Array,
  int64: Float64Array,
  int32: Int32Array,
  int16: Int16Array,
  int8: Int8Array,
  uint8: Uint8Array,
  bool: Uint8Array,
} as const;

/** A zero-filled array of `n` elements of `dtype`, of the class the mapping above gives it. */
export function allocateArray(dtype: RandomDType, n: number): NumericArray {
  return new ARRAY_TYPES[dtype](n);
}

function arrayFits(out: NumericArray, dtype: RandomDType): boolean {
  // Callers from JavaScript may pass any string; an unknown one fits no array.
  return Object.hasOwn(ARRAY_TYPES, dtype) && out instanceof ARRAY_TYPES[dtype];
}

/** The C++ type names PyTorch's messages use ("to - 1 is out of bounds for unsigned char"). */
export const CPP_TYPE_NAME: Record<RandomDType, string> = {
  float32: 'float',
  float64: 'double',
  int64: 'long int',
  int32: 'int',
  int16: 'short int',
  int8: 'signed char',
  uint8: 'unsigned char',
  bool: 'bool',
};

/** Inclusive integer bounds of each integral dtype. */
export const INTEGRAL_BOUNDS: Partial<Record<RandomDType, readonly [bigint, bigint]>> = {
  int64: [-(1n << 63n), (1n << 63n) - 1n],
  int32: [-(1n << 31n), (1n << 31n) - 1n],
  int16: [-(1n << 15n), (1n << 15n) - 1n],
  int8: [-128n, 127n],
  uint8: [0n, 255n],
  bool: [0n, 1n],
};

/** Significand bits of the floating dtypes (std::numeric_limits<T>::digits). */
export const FLOAT_DIGITS: Partial<Record<RandomDType, number>> = { float32: 24, float64: 53 };

export function isFloatingDType(dtype: RandomDType): dtype is 'float32' | 'float64' {
  return dtype === 'float32' || dtype === 'float64';
}
