// Exactly rounded fma in float32 and float64, checked against exact BigInt arithmetic.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fma32, fma64, roundToFloat32 } from '../../src/random/index.js';
import { bigintToFloat32 } from '../../src/random/float-rounding.js';

/** x = m * 2^e with m an integer (x finite). */
function decompose(x: number): [bigint, number] {
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  const bits = buf.getBigUint64(0);
  const sign = bits >> 63n ? -1n : 1n;
  const biased = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & ((1n << 52n) - 1n);
  if (biased === 0) return [sign * frac, -1074];
  return [sign * (frac | (1n << 52n)), biased - 1075];
}

function pow2(e: number): number {
  let r = 1;
  while (e > 0) { const s = Math.min(e, 1000); r *= 2 ** s; e -= s; }
  while (e < 0) { const s = Math.min(-e, 1000); r *= 2 ** -s; e += s; }
  return r;
}

/** Rounds m * 2^e to `precision` bits (ties to even), smallest ulp 2^minUlpExp. */
function roundExact(m: bigint, e: number, precision: number, minUlpExp: number): number {
  if (m === 0n) return 0;
  const neg = m < 0n;
  let a = neg ? -m : m;
  const bitLen = a.toString(2).length;
  let ulpExp = Math.max(e + bitLen - precision, minUlpExp);
  if (ulpExp > e) {
    const shift = BigInt(ulpExp - e);
    const q = a >> shift;
    const rem = a - (q << shift);
    const half = 1n << (shift - 1n);
    a = rem > half || (rem === half && (q & 1n) === 1n) ? q + 1n : q;
  } else {
    ulpExp = e;
  }
  const v = Number(a) * pow2(ulpExp);
  return neg ? -v : v;
}

function exactFma(a: number, b: number, c: number, precision: number, minUlpExp: number): number {
  const [ma, ea] = decompose(a);
  const [mb, eb] = decompose(b);
  const [mc, ec] = decompose(c);
  const pm = ma * mb;
  const pe = ea + eb;
  const e = Math.min(pe, ec);
  const sum = (pm << BigInt(pe - e)) + (mc << BigInt(ec - e));
  if (sum === 0n) return a * b + c; // signed-zero rules
  return roundExact(sum, e, precision, minUlpExp);
}

// A small deterministic generator for test inputs (xorshift).
let state = 0x9e3779b9;
function rnd(): number {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) / 4294967296;
}
function randomFloat(expRange: number, single: boolean): number {
  const m = rnd() + 0.5;
  const v = (rnd() < 0.5 ? -1 : 1) * m * 2 ** Math.floor((rnd() - 0.5) * expRange);
  return single ? Math.fround(v) : v + rnd() * 2 ** -40 * v;
}

test('fma32 equals the exactly rounded a*b + c', () => {
  for (let i = 0; i < 20000; i++) {
    const a = randomFloat(40, true);
    const b = randomFloat(40, true);
    // Mix independent addends with ones that cancel most of the product.
    const c = i % 3 === 0 ? Math.fround(-a * b * (1 + (rnd() - 0.5) * 2 ** -20)) : randomFloat(60, true);
    assert.equal(fma32(a, b, c), exactFma(a, b, c, 24, -149), `fma32(${a}, ${b}, ${c})`);
  }
});

test('fma32 breaks double-rounding ties by the discarded part', () => {
  const a = Math.fround(1 + 2 ** -12);
  // a*a = 1 + 2^-11 + 2^-24 is exactly halfway between two floats.
  assert.equal(fma32(a, a, 0), 1 + 2 ** -11); // true tie: to even
  assert.equal(fma32(a, a, Math.fround(2 ** -80)), 1 + 2 ** -11 + 2 ** -23);
  assert.equal(fma32(a, a, Math.fround(-(2 ** -80))), 1 + 2 ** -11);
  assert.equal(roundToFloat32(1 + 2 ** -24, 2 ** -90), 1 + 2 ** -23);
  assert.equal(roundToFloat32(1 + 2 ** -24, -(2 ** -90)), 1);
  assert.equal(roundToFloat32(1 + 2 ** -24, 0), 1);
  // Results in the float32 subnormal range round at 2^-149.
  const t = Math.fround(2 ** -100);
  assert.equal(fma32(t, t, Math.fround(2 ** -149)), exactFma(t, t, Math.fround(2 ** -149), 24, -149));
  assert.equal(fma32(-0, 1, 0), 0);
  assert.ok(Object.is(fma32(-0, 1, -0), -0));
});

test('fma64 equals the exactly rounded a*b + c', () => {
  for (let i = 0; i < 20000; i++) {
    const a = randomFloat(60, false);
    const b = randomFloat(60, false);
    const c = i % 3 === 0 ? -(a * b) * (1 + (rnd() - 0.5) * 2 ** -30) : randomFloat(120, false);
    assert.equal(fma64(a, b, c), exactFma(a, b, c, 53, -1074), `fma64(${a}, ${b}, ${c})`);
  }
});

test('fma64 ties and exact cancellation', () => {
  const a = 1 + 2 ** -27;
  const b = 1 + 2 ** -26;
  // a*b = 1 + 2^-26 + 2^-27 + 2^-53: a double midpoint.
  assert.equal(fma64(a, b, 0), 1 + 2 ** -26 + 2 ** -27);
  assert.equal(fma64(a, b, 2 ** -100), 1 + 2 ** -26 + 2 ** -27 + 2 ** -52);
  assert.equal(fma64(a, b, -(2 ** -100)), 1 + 2 ** -26 + 2 ** -27);
  assert.equal(fma64(a, b, -1), 2 ** -26 + 2 ** -27 + 2 ** -53);
  const x = 0.1;
  assert.equal(fma64(x, x, -(x * x)), exactFma(x, x, -(x * x), 53, -1074));
  assert.equal(fma64(Infinity, 1, 2), Infinity);
  assert.ok(Number.isNaN(fma64(Infinity, 0, 2)));
});

test('bigintToFloat32 rounds once', () => {
  // 2^60 + 2^36 + 1 is just above a float32 midpoint, but its double rounds onto it.
  const v = 2n ** 60n + 2n ** 36n + 1n;
  assert.equal(bigintToFloat32(v), 2 ** 60 + 2 ** 37);
  assert.equal(Math.fround(Number(v)), 2 ** 60); // what a double rounding would give
  assert.equal(bigintToFloat32(-v), -(2 ** 60 + 2 ** 37));
  assert.equal(bigintToFloat32(12345n), 12345);
});
