/**
 * The float32 normal fill PyTorch's AVX2 build runs for contiguous tensors of 16 or more
 * elements (RNG_SPEC.md §4.1): Box-Muller on blocks of 16 uniforms, eight lanes at a time,
 * with Cephes-style polynomial `log` and `sincos` evaluated in float32. Each step below is one
 * float32 operation rounded once; `fma32` marks where GCC fused a multiply and an add.
 * The eight SIMD lanes are independent, so a scalar loop over them gives the same bits.
 */
import { fma32 } from './float-rounding.js';

const f = Math.fround;

const MIN_NORMAL_F32 = f(1.1754943508222875e-38);
const SQRTHF = f(0.707106781186547524);
const LOG_P0 = f(7.0376836292e-2);
const LOG_P1 = f(-1.151461031e-1);
const LOG_P2 = f(1.167699874e-1);
const LOG_P3 = f(-1.2420140846e-1);
const LOG_P4 = f(1.4249322787e-1);
const LOG_P5 = f(-1.6668057665e-1);
const LOG_P6 = f(2.0000714765e-1);
const LOG_P7 = f(-2.4999993993e-1);
const LOG_P8 = f(3.3333331174e-1);
const LOG_Q1 = f(-2.12194440e-4);
const LOG_Q2 = f(0.693359375);

const FOPI = f(1.27323954473516);
const DP1 = f(-0.78515625);
const DP2 = f(-2.4187564849853515625e-4);
const DP3 = f(-3.77489497744594108e-8);
const COS_C0 = f(2.443315711809948e-5);
const COS_C1 = f(-1.388731625493765e-3);
const COS_C2 = f(4.166664568298827e-2);
const SIN_S0 = f(-1.9515295891e-4);
const SIN_S1 = f(8.3321608736e-3);
const SIN_S2 = f(-1.6666654611e-1);
const TWO_PI_F = f(2 * Math.PI);

const bitsF32 = new Float32Array(1);
const bitsU32 = new Uint32Array(bitsF32.buffer);

/** The vectorised routine's natural log of a float32 x in (0, 1]. */
export function logAvx2(input: number): number {
  let x = input < MIN_NORMAL_F32 ? MIN_NORMAL_F32 : input;
  bitsF32[0] = x;
  const b = bitsU32[0]!;
  const exponent = (b >>> 23) - 127;
  bitsU32[0] = (b & ~0x7f800000) | 0x3f000000; // mantissa scaled into [0.5, 1)
  x = bitsF32[0]!;
  let e = f(exponent + 1);
  const below = x < SQRTHF;
  const tmp = below ? x : 0;
  x = f(x - 1);
  e = f(e - (below ? 1 : 0));
  x = f(x + tmp);
  const z = f(x * x);
  let y = LOG_P0;
  y = fma32(y, x, LOG_P1);
  y = fma32(y, x, LOG_P2);
  y = fma32(y, x, LOG_P3);
  y = fma32(y, x, LOG_P4);
  y = fma32(y, x, LOG_P5);
  y = fma32(y, x, LOG_P6);
  y = fma32(y, x, LOG_P7);
  y = fma32(y, x, LOG_P8);
  y = f(y * x);
  y = fma32(y, z, f(e * LOG_Q1));
  y = fma32(-z, 0.5, y);
  x = f(x + y);
  return fma32(e, LOG_Q2, x);
}

/** [sin, cos] of the last `sinCosAvx2` call. */
export const sinCosAvx2Result = new Float64Array(2);

/** The vectorised routine's float32 sin and cos of one angle. */
export function sinCosAvx2(input: number): void {
  const signSinIn = input < 0 || Object.is(input, -0);
  let x = Math.abs(input);
  let y = f(x * FOPI);
  let j = Math.trunc(y) | 0;
  j = (j + 1) & ~1;
  y = j;
  const swapSign = (j & 4) !== 0;
  const cosBranch = (j & 2) === 0;
  x = fma32(y, DP1, x);
  x = fma32(y, DP2, x);
  x = fma32(y, DP3, x);
  const negateCos = (~(j - 2) & 4) !== 0;
  const negateSin = signSinIn !== swapSign;
  const z = f(x * x);
  let yc = fma32(COS_C0, z, COS_C1);
  yc = fma32(yc, z, COS_C2);
  yc = f(yc * z);
  yc = fma32(yc, z, -f(z * 0.5));
  yc = f(yc + 1);
  let ys = fma32(SIN_S0, z, SIN_S1);
  ys = fma32(ys, z, SIN_S2);
  ys = f(ys * z);
  ys = fma32(ys, x, x);
  // The SIMD code blends with bit masks; these adds and subtracts of +0 keep its signed zeros.
  const sinPart = cosBranch ? ys : 0;
  const cosSel = cosBranch ? 0 : yc;
  const ys2 = f(ys - sinPart);
  const yc2 = f(yc - cosSel);
  const s = f(cosSel + sinPart);
  const c = f(yc2 + ys2);
  sinCosAvx2Result[0] = negateSin ? -s : s;
  sinCosAvx2Result[1] = negateCos ? -c : c;
}

/**
 * Box-Muller on data[o .. o+15], which holds 16 float32 uniforms: output j pairs with j + 8
 * (cosine at j, sine at j + 8), then scaled by std and shifted by mean with one fused step.
 */
export function normalBlock16Avx2(data: Float32Array, o: number, mean32: number, std32: number): void {
  const plain = std32 === 1 && mean32 === 0;
  for (let j = 0; j < 8; j++) {
    const u1 = f(1 - data[o + j]!);
    const u2 = data[o + j + 8]!;
    const radius = f(Math.sqrt(f(-2 * logAvx2(u1))));
    sinCosAvx2(f(TWO_PI_F * u2));
    const n1 = f(radius * sinCosAvx2Result[1]!);
    const n2 = f(radius * sinCosAvx2Result[0]!);
    if (plain) {
      data[o + j] = n1 + 0;
      data[o + j + 8] = n2 + 0;
    } else {
      data[o + j] = fma32(n1, std32, mean32);
      data[o + j + 8] = fma32(n2, std32, mean32);
    }
  }
}
