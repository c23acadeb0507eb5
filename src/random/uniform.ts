/**
 * Uniform real numbers: torch.rand / Tensor.uniform_ (RNG_SPEC.md §2, §3).
 *
 * float32 takes one u32 per element and keeps its low 24 bits; float64 takes one random64
 * (high word drawn first) and keeps its low 53 bits. The affine map to [from, to) is one fused
 * multiply-add in the output's precision, as in PyTorch's AVX2 build.
 */
import type { Generator } from './generator.js';
import { fma32, fma64 } from './float-rounding.js';
import { formatDouble } from './format.js';
import type { FloatArray } from './dtypes.js';

const TWO_POW_M24 = 1 / 16777216;
const TWO_POW_M53 = 1 / 9007199254740992;
const FLOAT32_MAX = 3.4028234663852886e38;

/** One float64 uniform in [0, 1): the low 53 bits of a random64, times 2^-53. */
export function nextUniform64(gen: Generator): number {
  const eng = gen.engine;
  const hi = eng.nextU32();
  const lo = eng.nextU32();
  return ((hi & 0x1fffff) * 4294967296 + lo) * TWO_POW_M53;
}

/** One float32 uniform in [0, 1): the low 24 bits of a u32, times 2^-24 (exact in float32). */
export function nextUniform32(gen: Generator): number {
  return (gen.engine.nextU32() & 0xffffff) * TWO_POW_M24;
}

/** PyTorch's checks on `uniform_(from, to)` for a float dtype, in its order. */
export function checkUniformBounds(from: number, to: number, isFloat32: boolean): void {
  const max = isFloat32 ? FLOAT32_MAX : Number.MAX_VALUE;
  const dtypeName = isFloat32 ? 'float' : 'double';
  if (!(from >= -max && from <= max)) throw new Error(`from is out of bounds for ${dtypeName}`);
  if (!(to >= -max && to <= max)) throw new Error(`to is out of bounds for ${dtypeName}`);
  if (!(from <= to)) {
    throw new Error(
      `uniform_ expects to return a [from, to) range, but found from=${formatDouble(from)} > to=${formatDouble(to)}`,
    );
  }
  if (!(to - from <= max)) {
    throw new Error(
      `uniform_ expects to-from <= std::numeric_limits<${isFloat32 ? 'Float' : 'Double'}>::max(), but found ` +
        `to=${formatDouble(to)} and from=${formatDouble(from)} which result in to-from to exceed the limit`,
    );
  }
}

/**
 * Fills `out` with uniform samples in [from, to), element 0 first
 * (torch.rand, torch.empty(...).uniform_(from, to), nn.init.uniform_).
 */
export function fillUniform(gen: Generator, out: FloatArray, from = 0, to = 1): void {
  const isFloat32 = out instanceof Float32Array;
  checkUniformBounds(from, to, isFloat32);
  const eng = gen.engine;
  const n = out.length;
  if (isFloat32) {
    const from32 = Math.fround(from);
    const range32 = Math.fround(Math.fround(to) - from32);
    if (from32 === 0 && range32 === 1) {
      for (let i = 0; i < n; i++) out[i] = (eng.nextU32() & 0xffffff) * TWO_POW_M24;
    } else {
      for (let i = 0; i < n; i++) {
        out[i] = fma32((eng.nextU32() & 0xffffff) * TWO_POW_M24, range32, from32);
      }
    }
    return;
  }
  const range = to - from;
  if (from === 0 && range === 1) {
    for (let i = 0; i < n; i++) {
      const hi = eng.nextU32();
      out[i] = ((hi & 0x1fffff) * 4294967296 + eng.nextU32()) * TWO_POW_M53;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const hi = eng.nextU32();
      out[i] = fma64(((hi & 0x1fffff) * 4294967296 + eng.nextU32()) * TWO_POW_M53, range, from);
    }
  }
}
