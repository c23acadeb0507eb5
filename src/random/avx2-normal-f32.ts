/**
 * The float32 normal fill PyTorch's AVX2 build runs for contiguous tensors of 16 or more
 * elements (RNG_SPEC.md §4.1): Box-Muller on blocks of 16 uniforms, eight lanes at a time,
 * with Cephes-style polynomial `log` and `sincos` evaluated in float32. Each step below is one
 * float32 operation rounded once (`f`); `fma32` marks where GCC fused a multiply and an add.
 *
 * The eight SIMD lanes are independent, so each routine loops over them. Lane results go
 * through small Float64Arrays rather than return values, which keeps V8 from boxing doubles.
 *
 * Fused steps are written out by hand as
 *     t = a * b + c;  v = (r = f(t)) === t || f(2 * t - r) !== 2 * t - r ? r : fma32(a, b, c);
 * which is fma32's own fast path (the double sum only misleads float32 rounding when it lands
 * exactly on a float32 midpoint, and then fma32 settles it). V8 stops inlining a function
 * after about ten calls in one routine and boxes the doubles of the calls it leaves, so
 * calling fma32 at all 25 sites would dominate the cost of the fill.
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
const LOG_Q1 = f(-2.1219444e-4);
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

/** Per-lane inputs and outputs of the two routines. */
export const laneIn = new Float64Array(8);
export const laneLog = new Float64Array(8);
export const laneSin = new Float64Array(8);
export const laneCos = new Float64Array(8);

/** laneLog[j] = the routine's natural log of laneIn[j], a float32 in (0, 1]. */
export function logLanes(): void {
  let t: number;
  let r: number;
  for (let j = 0; j < 8; j++) {
    let x = laneIn[j]!;
    if (x < MIN_NORMAL_F32) x = MIN_NORMAL_F32;
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
    t = LOG_P0 * x + LOG_P1;
    let y = (r = f(t)) === t || f(2 * t - r) !== 2 * t - r ? r : fma32(LOG_P0, x, LOG_P1);
    t = y * x + LOG_P2;
    y = (r = f(t)) === t || f(2 * t - r) !== 2 * t - r ? r : fma32(y, x, LOG_P2);
    t = y * x + LOG_P3;
    y = (r = f(t)) === t || f(2 * t - r) !== 2 * t - r ? r : fma32(y, x, LOG_P3);
    t = y * x + LOG_P4;
    y = (r = f(t)) === t || f(2 * t - r) !== 2 * t - r ? r : fma32(y, x, LOG_P4);
    t = y * x + LOG_P5;
    y = (r = f(t)) === t || f(2 * t - r) !== 2 * t - r ? r : fma32(y, x, LOG_P5);
    t = y * x + LOG_P6;
    y = (r = f(t)) === t || f(2 * t - r) !== 2 * t - r ? r : fma32(y, x, LOG_P6);
    t = y * x + LOG_P7;
    y = (r = f(t)) === t || f(2 * t - r) !== 2 * t - r ? r : fma32(y, x, LOG_P7);
    t = y * x + LOG_P8;
    y = (r = f(t)) === t || f(2 * t - r) !== 2 * t - r ? r : fma32(y, x, LOG_P8);
    y = f(y * x);
    t = y * z + f(e * LOG_Q1);
    y = (r = f(t)) === t || f(2 * t - r) !== 2 * t - r ? r : fma32(y, z, f(e * LOG_Q1));
    t = -z * 0.5 + y;
    y = (r = f(t)) === t || f(2 * t - r) !== 2 * t - r ? r : fma32(-z, 0.5, y);
    x = f(x + y);
    t = e * LOG_Q2 + x;
    laneLog[j] = (r = f(t)) === t || f(2 * t - r) !== 2 * t - r ? r : fma32(e, LOG_Q2, x);
  }
}

/** laneSin[j], laneCos[j] = the routine's float32 sin and cos of laneIn[j]. */
export function sinCosLanes(): void {
  let t: number;
  let r: number;
  for (let j = 0; j < 8; j++) {
    const input = laneIn[j]!;
    const signIn = input < 0 || 1 / input === -Infinity; // sign bit, -0 included
    let x = Math.abs(input);
    let q = Math.trunc(f(x * FOPI)) | 0;
    q = (q + 1) & ~1;
    const y = q;
    const negateSin = signIn !== ((q & 4) !== 0);
    const cosBranch = (q & 2) === 0;
    const negateCos = (~(q - 2) & 4) !== 0;
    t = y * DP1 + x;
    x = (r = f(t)) === t || f(2 * t - r) !== 2 * t - r ? r : fma32(y, DP1, x);
    t = y * DP2 + x;
    x = (r = f(t)) === t || f(2 * t - r) !== 2 * t - r ? r : fma32(y, DP2, x);
    t = y * DP3 + x;
    x = (r = f(t)) === t || f(2 * t - r) !== 2 * t - r ? r : fma32(y, DP3, x);
    const z = f(x * x);
    t = COS_C0 * z + COS_C1;
    let yc = (r = f(t)) === t || f(2 * t - r) !== 2 * t - r ? r : fma32(COS_C0, z, COS_C1);
    t = yc * z + COS_C2;
    yc = (r = f(t)) === t || f(2 * t - r) !== 2 * t - r ? r : fma32(yc, z, COS_C2);
    yc = f(yc * z);
    t = yc * z + -f(z * 0.5);
    yc = (r = f(t)) === t || f(2 * t - r) !== 2 * t - r ? r : fma32(yc, z, -f(z * 0.5));
    yc = f(yc + 1);
    t = SIN_S0 * z + SIN_S1;
    let ys = (r = f(t)) === t || f(2 * t - r) !== 2 * t - r ? r : fma32(SIN_S0, z, SIN_S1);
    t = ys * z + SIN_S2;
    ys = (r = f(t)) === t || f(2 * t - r) !== 2 * t - r ? r : fma32(ys, z, SIN_S2);
    ys = f(ys * z);
    t = ys * x + x;
    ys = (r = f(t)) === t || f(2 * t - r) !== 2 * t - r ? r : fma32(ys, x, x);
    // The SIMD code blends with bit masks; these adds and subtracts of +0 keep its signed zeros.
    const sinPart = cosBranch ? ys : 0;
    const cosSel = cosBranch ? 0 : yc;
    const s = f(cosSel + sinPart);
    const c = f(f(yc - cosSel) + f(ys - sinPart));
    laneSin[j] = negateSin ? -s : s;
    laneCos[j] = negateCos ? -c : c;
  }
}

/**
 * Box-Muller on data[o .. o+15], which holds 16 float32 uniforms: output j pairs with j + 8
 * (cosine at j, sine at j + 8), then scaled by std and shifted by mean with one fused step.
 */
export function normalBlock16Avx2(data: Float32Array, o: number, mean32: number, std32: number): void {
  for (let j = 0; j < 8; j++) laneIn[j] = f(1 - data[o + j]!);
  logLanes();
  for (let j = 0; j < 8; j++) laneIn[j] = f(TWO_PI_F * data[o + j + 8]!);
  sinCosLanes();
  const plain = std32 === 1 && mean32 === 0;
  let t: number;
  let r: number;
  for (let j = 0; j < 8; j++) {
    const radius = f(Math.sqrt(f(-2 * laneLog[j]!)));
    const n1 = f(radius * laneCos[j]!);
    const n2 = f(radius * laneSin[j]!);
    if (plain) {
      data[o + j] = n1 + 0;
      data[o + j + 8] = n2 + 0;
    } else {
      t = n1 * std32 + mean32;
      data[o + j] = (r = f(t)) === t || f(2 * t - r) !== 2 * t - r ? r : fma32(n1, std32, mean32);
      t = n2 * std32 + mean32;
      data[o + j + 8] = (r = f(t)) === t || f(2 * t - r) !== 2 * t - r ? r : fma32(n2, std32, mean32);
    }
  }
}
