/**
 * Random integers: torch.randint / Tensor.random_(from, to) / Tensor.random_() (RNG_SPEC.md §5).
 *
 * One draw per element, in order. A range of 2^32 or more takes a random64 for int64, float32
 * and float64 outputs; everything else takes one u32. Values are `v % range + from` with no
 * rejection (PyTorch's modulo bias included), wrapped to int64 and then converted to the
 * output dtype. Bounds are validated first, with PyTorch's checks and messages.
 */
import type { Generator } from './generator.js';
import { bigintToFloat32 } from './float-rounding.js';
import {
  CPP_TYPE_NAME,
  FLOAT_DIGITS,
  INTEGRAL_BOUNDS,
  inferDType,
  isFloatingDType,
  type NumericArray,
  type RandomDType,
} from './dtypes.js';

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const TWO_POW_32 = 4294967296;

function toInt64(value: number | bigint, name: string): bigint {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) {
      throw new TypeError(`random_ expects integer bounds, but got ${name}=${value}`);
    }
    value = BigInt(value);
  } else if (typeof value !== 'bigint') {
    throw new TypeError(`random_ expects integer bounds, but got ${name} of type ${typeof value}`);
  }
  if (value < INT64_MIN || value > INT64_MAX) {
    throw new RangeError(`Overflow when unpacking long: ${name}=${value} does not fit in int64`);
  }
  return value;
}

/** static_cast<int64_t>(static_cast<float or double>(v)). */
function throughFloat(v: bigint, dtype: 'float32' | 'float64'): bigint {
  return BigInt(dtype === 'float32' ? bigintToFloat32(v) : Number(v));
}

function floorLog2(v: bigint): number {
  return v.toString(2).length - 1;
}

/** PyTorch nudges a `from` that its float dtype cannot hold up to the next representable bound. */
function updateFrom(from: bigint, dtype: 'float32' | 'float64'): bigint {
  const fromPlus1 = throughFloat(from + 1n, dtype);
  if (fromPlus1 < from) {
    const a = from + 1n < 0n ? -(from + 1n) : from + 1n;
    return fromPlus1 + (1n << BigInt(floorLog2(a) - FLOAT_DIGITS[dtype]! + 1));
  }
  return from;
}

/** ...and a `to` down to the previous one. */
function updateTo(to: bigint, dtype: 'float32' | 'float64'): bigint {
  const toMinus1 = throughFloat(to - 1n, dtype);
  if (toMinus1 >= to) {
    const a = to - 1n < 0n ? -(to - 1n) : to - 1n;
    return toMinus1 - (1n << BigInt(floorLog2(a) - FLOAT_DIGITS[dtype]! + 1));
  }
  return to;
}

function checkInRange(from: bigint, toInclusive: bigint, dtype: RandomDType): void {
  const bounds = INTEGRAL_BOUNDS[dtype];
  if (bounds === undefined) return; // float dtypes: every int64 is within their range
  const [min, max] = bounds;
  const name = CPP_TYPE_NAME[dtype];
  if (from < min || from > max) throw new RangeError(`from is out of bounds for ${name}`);
  if (toInclusive < min || toInclusive > max) throw new RangeError(`to - 1 is out of bounds for ${name}`);
}

/**
 * Fills `out` with integers in [low, high) (torch.randint(low, high), Tensor.random_(low, high);
 * random_(to) is low = 0). With `high` null or undefined the range is [low, largest value of the
 * dtype] (random_(from, None)), and low = -2^63 then means the full 64-bit range.
 * `dtype` disambiguates Float64Array (int64 by default, or float64) and Uint8Array
 * (uint8 by default, or bool).
 */
export function fillRandomInt(
  gen: Generator,
  out: NumericArray,
  low: number | bigint,
  high?: number | bigint | null,
  dtype?: RandomDType,
): void {
  const dt = inferDType(out, dtype);
  let from = toInt64(low, 'from');
  let range: bigint;
  if (high !== undefined && high !== null) {
    let to = toInt64(high, 'to');
    if (!(from < to)) {
      throw new RangeError(`random_ expects 'from' to be less than 'to', but got from=${from} >= to=${to}`);
    }
    if (isFloatingDType(dt)) {
      from = updateFrom(from, dt);
      to = updateTo(to, dt);
      if (!(from < to)) {
        throw new RangeError(
          `random_ expects 'from' casted to dtype to be less than 'to' casted to dtype, but got from=${from} >= to=${to}`,
        );
      }
    }
    checkInRange(from, to - 1n, dt);
    range = to - from;
  } else if (from !== INT64_MIN) {
    let toInclusive: bigint;
    if (isFloatingDType(dt)) {
      toInclusive = 1n << BigInt(FLOAT_DIGITS[dt]!);
      from = updateFrom(from, dt);
      if (!(from < toInclusive)) {
        throw new RangeError(
          `random_ expects 'from' casted to dtype to be less than or equal to 'to_inc' casted to dtype, but got from=${from} > to_inc=${toInclusive}`,
        );
      }
    } else {
      toInclusive = INTEGRAL_BOUNDS[dt]![1];
    }
    checkInRange(from, toInclusive, dt);
    range = toInclusive - from + 1n;
  } else {
    fillFull64(gen, out, dt);
    return;
  }

  const wide = range >= 1n << 32n && (dt === 'int64' || dt === 'float32' || dt === 'float64');
  const n = out.length;
  const eng = gen.engine;
  if (!wide && from >= -(1n << 52n) && from + range <= 1n << 52n) {
    // Everything fits in exact double arithmetic.
    const r = Number(range);
    const f = Number(from);
    if (dt === 'bool') {
      for (let i = 0; i < n; i++) out[i] = (eng.nextU32() % r) + f !== 0 ? 1 : 0;
    } else {
      for (let i = 0; i < n; i++) out[i] = (eng.nextU32() % r) + f;
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    let v: bigint;
    if (wide) {
      const hi = eng.nextU32();
      v = (BigInt(hi) << 32n) | BigInt(eng.nextU32());
    } else {
      v = BigInt(eng.nextU32());
    }
    out[i] = convertInt64(BigInt.asIntN(64, (v % range) + from), dt);
  }
}

function convertInt64(v: bigint, dt: RandomDType): number {
  switch (dt) {
    case 'float32':
      return bigintToFloat32(v);
    case 'bool':
      return v !== 0n ? 1 : 0;
    case 'int64':
    case 'float64':
      return Number(v);
    default:
      return Number(BigInt.asIntN(32, v)); // the typed array narrows further
  }
}

/** random_(-2^63, None): each element is a random64 reinterpreted as int64. */
function fillFull64(gen: Generator, out: NumericArray, dt: RandomDType): void {
  if (dt !== 'int64' && dt !== 'float32' && dt !== 'float64') {
    throw new TypeError(
      `random_full_64_bits_range_kernel_cpu handles only int64, double, float and bfloat16, got ${dt}`,
    );
  }
  const eng = gen.engine;
  for (let i = 0; i < out.length; i++) {
    const hi = eng.nextU32();
    const v = BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(eng.nextU32()));
    out[i] = dt === 'float32' ? bigintToFloat32(v) : Number(v);
  }
}

/** random_() on the narrower dtypes is one u32 mod 2^31, 2^15, 2^7, 2^8 or 2 (spec §5.2): its low bits. */
const LOW_BITS_MASK = { int32: 0x7fffffff, int16: 0x7fff, int8: 0x7f, uint8: 0xff, bool: 1 } as const;

/**
 * Tensor.random_() with no bounds: one draw per element, reduced per dtype (spec §5.2):
 * int64 random64 mod 2^63, float64 random64 mod (2^53 + 1), int32 u32 mod 2^31, int16 mod 2^15,
 * int8 mod 2^7, uint8 mod 2^8, float32 u32 mod (2^24 + 1), bool u32 & 1.
 */
export function fillRandomFull(gen: Generator, out: NumericArray, dtype?: RandomDType): void {
  const dt = inferDType(out, dtype);
  const eng = gen.engine;
  const n = out.length;
  switch (dt) {
    case 'int64':
      for (let i = 0; i < n; i++) {
        const hi = eng.nextU32() & 0x7fffffff;
        out[i] = hi * TWO_POW_32 + eng.nextU32();
      }
      return;
    case 'float64':
      for (let i = 0; i < n; i++) {
        // hi*2^32 + lo mod (2^53 + 1), using 2^53 = -1 (mod 2^53 + 1).
        const hi = eng.nextU32();
        const lo = eng.nextU32();
        const r = (hi & 0x1fffff) * TWO_POW_32 + lo - (hi >>> 21);
        out[i] = r >= 0 ? r : 9007199254740992 + (r + 1);
      }
      return;
    case 'float32':
      for (let i = 0; i < n; i++) out[i] = eng.nextU32() % 16777217;
      return;
    default: {
      const mask = LOW_BITS_MASK[dt];
      for (let i = 0; i < n; i++) out[i] = eng.nextU32() & mask;
    }
  }
}
