/**
 * Double-precision `log`, `sin` and `cos` rounded correctly (to nearest) in practice.
 *
 * The float64 normal and exponential samplers feed these into the last bit of their output.
 * PyTorch calls glibc there, whose results are the correctly rounded ones for all but about
 * 0.1% of arguments; V8's `Math.log`/`Math.sin`/`Math.cos` differ from glibc on several
 * percent of them. Evaluating with about 90 correct bits (double-double arithmetic, tables
 * from scripts/gen_rng_math_tables.py) and rounding once gets as close to glibc as a
 * correctly rounded function can.
 *
 * On glibc Linux the samplers call glibc itself instead, through the native addon, and match
 * PyTorch exactly (platform-libm.ts); these functions are the portable answer everywhere else.
 *
 * The double-double steps rely on two error-free transforms: TwoSum (Knuth) and TwoProduct
 * (Dekker, with Veltkamp's splitting); they are written out inline because these functions
 * run once or twice per float64 sample.
 */
import {
  LN2_HI,
  LN2_LO,
  LOG_TABLE,
  LOG_TABLE_J_MIN,
  PIO2_1,
  PIO2_2,
  PIO2_3,
  PIO2_4,
  SIXTH_HI,
  SIXTH_LO,
  THIRD_HI,
  THIRD_LO,
  TRIG_TABLE,
  TWO_OVER_PI,
} from './double-math-tables.js';

const SPLIT = 134217729; // 2^27 + 1
const MIN_NORMAL = 2.2250738585072014e-308;
const TWO_54 = 18014398509481984;
/** Arguments beyond this fall back to Math.sin/Math.cos (the samplers stay within [0, 2*pi)). */
const MAX_TRIG_ARG = 1048576;

const bitsF64 = new Float64Array(1);
const bitsU32 = new Uint32Array(bitsF64.buffer);
const HI_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

function splitHi(a: number): number {
  const t = SPLIT * a;
  return t - (t - a);
}

const LN2_HI_H = splitHi(LN2_HI);
const LN2_HI_L = LN2_HI - LN2_HI_H;
const THIRD_HI_H = splitHi(THIRD_HI);
const THIRD_HI_L = THIRD_HI - THIRD_HI_H;
const SIXTH_HI_H = splitHi(SIXTH_HI);
const SIXTH_HI_L = SIXTH_HI - SIXTH_HI_H;

/** Natural logarithm, correctly rounded in practice. */
export function log(x: number): number {
  if (!(x > 0)) return x === 0 ? -Infinity : NaN;
  if (x === Infinity) return x;
  if (x === 1) return 0;
  let e = 0;
  if (x < MIN_NORMAL) {
    x *= TWO_54;
    e = -54;
  }
  // x = 2^e * m with m in [sqrt(1/2), sqrt(2)].
  bitsF64[0] = x;
  const hiWord = bitsU32[HI_WORD]!;
  e += ((hiWord >>> 20) & 0x7ff) - 1023;
  bitsU32[HI_WORD] = (hiWord & 0x000fffff) | 0x3ff00000;
  let m = bitsF64[0]!;
  if (m > Math.SQRT2) {
    m *= 0.5;
    e += 1;
  }
  // m = c * (1 + r) with c = j/256 the nearest table point; |r| < 2^-8.5.
  const j = Math.round(m * 256);
  const c = j / 256;
  const d = m - c; // exact (Sterbenz)
  const rh = d / c;
  let t = SPLIT * rh;
  const rhh = t - (t - rh);
  const rhl = rh - rhh;
  const rl = (d - rhh * c - rhl * c) / c; // the remainder d - rh*c is formed exactly

  // r^2 and r^3 as double-doubles.
  const r2h = rh * rh;
  const r2l = rhh * rhh - r2h + 2 * rhh * rhl + rhl * rhl + 2 * rh * rl;
  t = SPLIT * r2h;
  const r2hh = t - (t - r2h);
  const r2hl = r2h - r2hh;
  const r3h = r2h * rh;
  const r3l = r2hh * rhh - r3h + r2hh * rhl + r2hl * rhh + r2hl * rhl + r2h * rl + r2l * rh;
  // r^3/3 as a double-double.
  t = SPLIT * r3h;
  const r3hh = t - (t - r3h);
  const r3hl = r3h - r3hh;
  const qh = r3h * THIRD_HI;
  const ql =
    r3hh * THIRD_HI_H - qh + r3hh * THIRD_HI_L + r3hl * THIRD_HI_H + r3hl * THIRD_HI_L +
    r3h * THIRD_LO + r3l * THIRD_HI;
  // -r^4/4 + r^5/5 - ... + r^13/13: below 2^-36 of r, so plain doubles suffice.
  let p = 1 / 13;
  p = p * rh - 1 / 12;
  p = p * rh + 1 / 11;
  p = p * rh - 1 / 10;
  p = p * rh + 1 / 9;
  p = p * rh - 1 / 8;
  p = p * rh + 1 / 7;
  p = p * rh - 1 / 6;
  p = p * rh + 1 / 5;
  p = p * rh - 1 / 4;
  const tail = p * r2h * r2h;

  // e*ln2 as a double-double (e has at most 11 bits, so each partial product is exact).
  const kh = e * LN2_HI;
  const kl = e * LN2_HI_H - kh + e * LN2_HI_L + e * LN2_LO;
  const idx = 2 * (j - LOG_TABLE_J_MIN);
  const lch = LOG_TABLE[idx]!;
  const lcl = LOG_TABLE[idx + 1]!;

  // Sum the leading terms with TwoSum, keeping every rounding error in `err`.
  let s = kh + lch;
  let bv = s - kh;
  let err = kh - (s - bv) + (lch - bv);
  let s2 = s + rh;
  bv = s2 - s;
  err += s - (s2 - bv) + (rh - bv);
  s = s2;
  const half = -0.5 * r2h;
  s2 = s + half;
  bv = s2 - s;
  err += s - (s2 - bv) + (half - bv);
  s = s2;
  s2 = s + qh;
  bv = s2 - s;
  err += s - (s2 - bv) + (qh - bv);
  s = s2;
  return s + (err + kl + lcl + rl - 0.5 * r2l + ql + tail);
}

/** [sin(x), cos(x)] of the last `sinCos` call; read it before the next call. */
export const sinCosResult = new Float64Array(2);

/**
 * sin(x) and cos(x) together (Box-Muller needs both of one angle), correctly rounded in
 * practice for |x| <= 2^20; written to `sinCosResult`. Larger arguments use Math.sin/cos.
 */
export function sinCos(x: number): void {
  if (!(Math.abs(x) <= MAX_TRIG_ARG)) {
    sinCosResult[0] = Math.sin(x);
    sinCosResult[1] = Math.cos(x);
    return;
  }
  if (x === 0) {
    sinCosResult[0] = x;
    sinCosResult[1] = 1;
    return;
  }
  // y = x - k*pi/2 as yh + yl, |y| <= pi/4 (plus rounding slack).
  const k = Math.round(x * TWO_OVER_PI);
  let yh: number;
  let yl: number;
  if (k === 0) {
    yh = x;
    yl = 0;
  } else {
    const t1 = x - k * PIO2_1; // exact: k*PIO2_1 is exact and close to x
    const a2 = -k * PIO2_2;
    let s = t1 + a2;
    let bv = s - t1;
    let err = t1 - (s - bv) + (a2 - bv);
    const a3 = -k * PIO2_3;
    const s2 = s + a3;
    bv = s2 - s;
    err += s - (s2 - bv) + (a3 - bv);
    s = s2;
    err -= k * PIO2_4;
    yh = s + err;
    yl = err - (yh - s);
  }
  let negative = false;
  if (yh < 0) {
    yh = -yh;
    yl = -yl;
    negative = true;
  }
  // y = a + t with a = i/64 from the table, |t| <= 1/128.
  const i = Math.round(yh * 64);
  const d = yh - i / 64; // exact (Sterbenz)
  const th = d + yl;
  let bv = th - d;
  const tl = d - (th - bv) + (yl - bv);

  // t^2, t^3 and t^3/6 as double-doubles.
  let t = SPLIT * th;
  const thh = t - (t - th);
  const thl = th - thh;
  const z = th * th;
  const zl = thh * thh - z + 2 * thh * thl + thl * thl + 2 * th * tl;
  t = SPLIT * z;
  const zh_ = t - (t - z);
  const zl_ = z - zh_;
  const t3h = z * th;
  const t3l = zh_ * thh - t3h + zh_ * thl + zl_ * thh + zl_ * thl + z * tl + zl * th;
  t = SPLIT * t3h;
  const t3hh = t - (t - t3h);
  const t3hl = t3h - t3hh;
  const uh = t3h * SIXTH_HI;
  const ul =
    t3hh * SIXTH_HI_H - uh + t3hh * SIXTH_HI_L + t3hl * SIXTH_HI_H + t3hl * SIXTH_HI_L +
    t3h * SIXTH_LO + t3l * SIXTH_HI;
  // sin t = t - t^3/6 + t^5/120 - ...  (terms past t^3 stay below 2^-34 of t)
  const sinTail = t3h * z * (1 / 120 + z * (-1 / 5040 + z * (1 / 362880 + z * (-1 / 39916800))));
  let sh = th - uh;
  bv = sh - th;
  let sl = th - (sh - bv) + (-uh - bv) + (tl - ul + sinTail);
  let n = sh + sl;
  sl = sl - (n - sh);
  sh = n;
  // cos t - 1 = -t^2/2 + t^4/24 - ...
  const cosTail = z * z * (1 / 24 + z * (-1 / 720 + z * (1 / 40320 + z * (-1 / 3628800))));
  let ch = -0.5 * z;
  let cl = -0.5 * zl + cosTail;
  n = ch + cl;
  cl = cl - (n - ch);
  ch = n;

  let sinY: number;
  let cosY: number;
  if (i === 0) {
    sinY = sh + sl;
    const c0 = 1 + ch;
    const cErr = 1 - c0 + ch;
    cosY = c0 + (cErr + cl);
  } else {
    const b = 4 * i;
    const sah = TRIG_TABLE[b]!;
    const sal = TRIG_TABLE[b + 1]!;
    const cah = TRIG_TABLE[b + 2]!;
    const cal = TRIG_TABLE[b + 3]!;
    t = SPLIT * sah;
    const sahH = t - (t - sah);
    const sahL = sah - sahH;
    t = SPLIT * cah;
    const cahH = t - (t - cah);
    const cahL = cah - cahH;
    t = SPLIT * sh;
    const shH = t - (t - sh);
    const shL = sh - shH;
    t = SPLIT * ch;
    const chH = t - (t - ch);
    const chL = ch - chH;

    // sin(a + t) = sa + ca*sin t + sa*(cos t - 1)
    const p1 = cah * sh;
    const p1e = cahH * shH - p1 + cahH * shL + cahL * shH + cahL * shL + cah * sl + cal * sh;
    const p2 = sah * ch;
    const p2e = sahH * chH - p2 + sahH * chL + sahL * chH + sahL * chL + sah * cl + sal * ch;
    let s = sah + p1;
    bv = s - sah;
    let err = sah - (s - bv) + (p1 - bv);
    let s2 = s + p2;
    bv = s2 - s;
    err += s - (s2 - bv) + (p2 - bv);
    sinY = s2 + (err + sal + p1e + p2e);

    // cos(a + t) = ca + ca*(cos t - 1) - sa*sin t
    const q1 = cah * ch;
    const q1e = cahH * chH - q1 + cahH * chL + cahL * chH + cahL * chL + cah * cl + cal * ch;
    const q2 = -(sah * sh);
    const q2e = -(sahH * shH + q2 + sahH * shL + sahL * shH + sahL * shL + sah * sl + sal * sh);
    s = cah + q1;
    bv = s - cah;
    err = cah - (s - bv) + (q1 - bv);
    s2 = s + q2;
    bv = s2 - s;
    err += s - (s2 - bv) + (q2 - bv);
    cosY = s2 + (err + cal + q1e + q2e);
  }
  if (negative) sinY = -sinY;
  switch (k & 3) {
    case 0:
      sinCosResult[0] = sinY;
      sinCosResult[1] = cosY;
      break;
    case 1:
      sinCosResult[0] = cosY;
      sinCosResult[1] = -sinY;
      break;
    case 2:
      sinCosResult[0] = -sinY;
      sinCosResult[1] = -cosY;
      break;
    default:
      sinCosResult[0] = -cosY;
      sinCosResult[1] = sinY;
  }
}

/** sin(x), correctly rounded in practice for |x| <= 2^20. */
export function sin(x: number): number {
  sinCos(x);
  return sinCosResult[0]!;
}

/** cos(x), correctly rounded in practice for |x| <= 2^20. */
export function cos(x: number): number {
  sinCos(x);
  return sinCosResult[1]!;
}
