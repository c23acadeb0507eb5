// The two sources of log/sin/cos for the float64 samplers: the platform's glibc (native addon)
// and the correctly rounded TypeScript functions. They must consume the same draws, leave the
// same generator state and Box-Muller cache, and differ only in the rare last bits where glibc
// rounds the other way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Generator,
  fillNormal,
  fillNormalScalar,
  fillExponential,
  fma64,
  nextStandardNormal,
  multinomial,
} from '../../src/random/index.js';
import { log, sin, cos } from '../../src/random/double-math.js';
import {
  platformLibm,
  platformLibmAvailable,
  setPlatformLibmEnabled,
  type PlatformLibmKernels,
} from '../../src/random/platform-libm.js';
import { fromHex64, loadFixture, ulpDistance64 } from './helpers.js';

const skip = platformLibmAvailable() ? false : "the native addon with glibc's libm is not available here";
const lib = (): PlatformLibmKernels => platformLibm()!;

function withLibm<T>(enabled: boolean, body: () => T): T {
  const was = setPlatformLibmEnabled(enabled);
  try {
    return body();
  } finally {
    setPlatformLibmEnabled(was);
  }
}

type Fill = (g: Generator, out: Float64Array) => void;

/** Runs `fill` from the same state on both paths; returns both outputs and both generators. */
function onBothPaths(seed: number, n: number, fill: Fill, primeCache = false) {
  const run = (enabled: boolean) =>
    withLibm(enabled, () => {
      const g = new Generator(seed);
      if (primeCache) fillNormalScalar(g, new Float64Array(1));
      const out = new Float64Array(n);
      fill(g, out);
      return { out, g };
    });
  return { native: run(true), ts: run(false) };
}

/** Same engine state on both paths, and a cached sample on both or neither (within 4 ulp). */
function assertSameState(a: Generator, b: Generator, what: string): void {
  assert.equal(a.hasNextDoubleNormal, b.hasNextDoubleNormal, `${what}: cache flag`);
  if (a.hasNextDoubleNormal) {
    assert.ok(ulpDistance64(a.nextDoubleNormal, b.nextDoubleNormal) <= 4, `${what}: cached sample`);
  }
  const withoutCache = (g: Generator) => g.getState().subarray(0, 5016);
  assert.deepEqual(withoutCache(a), withoutCache(b), `${what}: engine state`);
}

/** The spacing of doubles at |x|. */
function ulp(x: number): number {
  const a = Math.abs(x);
  return a < 2 ** -1022 ? 2 ** -1074 : 2 ** (Math.floor(Math.log2(a)) - 52);
}

/**
 * At most a few values differ, each by at most 4 ulp of the sample before the mean is added (one
 * misrounded log feeds two outputs; adding the mean can cancel leading bits), plus the final rounding.
 */
function assertClose(a: Float64Array, b: Float64Array, what: string, mean = 0): number {
  let differing = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) {
      differing++;
      const bound = 4 * ulp(a[i]! - mean) + ulp(a[i]!);
      assert.ok(Math.abs(a[i]! - b[i]!) <= bound, `${what}[${i}]: ${a[i]} vs ${b[i]}`);
    }
  }
  assert.ok(differing <= a.length * 0.005 + 2, `${what}: ${differing} of ${a.length} differ`);
  return differing;
}

const SIZES = [1, 2, 3, 15, 16, 17, 31, 33, 100, 1000, 10000];

test('normal_ on float64, contiguous and strided, every size: native and TypeScript agree within the bound', { skip }, () => {
  let differing = 0;
  let total = 0;
  for (const n of SIZES) {
    for (const contiguous of [true, false]) {
      for (const [mean, std] of [[0, 1], [0.5, 2], [-3, 1e-3]] as const) {
        const what = `n=${n} contiguous=${contiguous} mean=${mean} std=${std}`;
        const { native, ts } = onBothPaths(n + 7, n, (g, out) => fillNormal(g, out, mean, std, contiguous));
        differing += assertClose(native.out, ts.out, what, mean);
        total += n;
        assertSameState(native.g, ts.g, what);
      }
    }
  }
  // The paths are not the same function: glibc misrounds some arguments, so some values differ.
  assert.ok(differing > 0 && differing < total * 0.005, `${differing} of ${total}`);
});

test('the scalar path with a cached sample, on odd and even sizes and across the bulk chunk size', { skip }, () => {
  for (const n of [1, 2, 5, 6, 4095, 4096, 4097, 4098, 9001]) {
    const { native, ts } = onBothPaths(3, n, (g, out) => fillNormalScalar(g, out, 1, 3), true);
    assertClose(native.out, ts.out, `n=${n}`, 1);
    assertSameState(native.g, ts.g, `n=${n}`);
  }
});

test('the bulk scalar fill is the element-by-element cached Box-Muller, value for value', { skip }, () => {
  for (const [n, primed] of [[2, false], [7, false], [7, true], [8, true], [5000, true]] as const) {
    const a = new Generator(99);
    const b = new Generator(99);
    if (primed) {
      fillNormalScalar(a, new Float64Array(1));
      fillNormalScalar(b, new Float64Array(1));
    }
    const bulk = new Float64Array(n);
    fillNormalScalar(a, bulk, 0.25, 1.5);
    const single = new Float64Array(n);
    for (let i = 0; i < n; i++) single[i] = fma64(nextStandardNormal(b), 1.5, 0.25);
    assert.deepEqual(bulk, single, `n=${n}`);
    assert.deepEqual(a.getState(), b.getState(), `n=${n}: state`);
    assert.equal(a.hasNextDoubleNormal, b.hasNextDoubleNormal);
    if (a.hasNextDoubleNormal) assert.equal(a.nextDoubleNormal, b.nextDoubleNormal);
  }
});

test('float32 tensors on the scalar path use the same double samples, rounded once', { skip }, () => {
  for (const n of [1, 3, 15]) {
    const g64 = new Generator(5);
    const g32 = new Generator(5);
    const d = new Float64Array(n);
    const f = new Float32Array(n);
    fillNormal(g64, d, 2, 0.5);
    fillNormal(g32, f, 2, 0.5);
    assert.deepEqual(f, Float32Array.from(d), `n=${n}`);
  }
});

test('exponential_ and multinomial on float64: native and TypeScript agree within the bound', { skip }, () => {
  for (const n of [1, 50, 3000]) {
    const { native, ts } = onBothPaths(40, n, (g, out) => fillExponential(g, out, 0.7));
    assertClose(native.out, ts.out, `exponential n=${n}`);
    assertSameState(native.g, ts.g, `exponential n=${n}`);
    // float32 outputs are the double values rounded once.
    const f = new Float32Array(n);
    fillExponential(new Generator(40), f, 0.7);
    assert.deepEqual(f, Float32Array.from(native.out));
  }
  const probs = new Float64Array(Array.from({ length: 50 }, (_, i) => 1 + (i % 7)));
  const pick = (enabled: boolean) => withLibm(enabled, () => multinomial(new Generator(8), probs, 2, 25, 4, false));
  assert.deepEqual(pick(true), pick(false));
});

test('a legacy (5048-byte) state rebuilds its cached normal with the same sine', { skip }, () => {
  const g = new Generator(4);
  const state = g.getState().slice(0, 5048);
  const view = new DataView(state.buffer);
  view.setFloat64(5016, 0.123456789, true);
  view.setFloat64(5032, 1.75, true);
  view.setInt32(5040, 1, true);
  const native = withLibm(true, () => new Generator().setState(state).nextDoubleNormal);
  const ts = withLibm(false, () => new Generator().setState(state).nextDoubleNormal);
  assert.ok(ulpDistance64(native, ts) <= 1);
  assert.equal(native, 1.75 * lib().libmSin(2 * Math.PI * 0.123456789));
});

test('glibc log/sin/cos against the correctly rounded ones: within 1 ulp, rarely different', { skip }, () => {
  const fx = loadFixture<{ log: string[][]; sincos: string[][] }>('correctly_rounded_libm.json');
  const logArgs = fromHex64(fx.log.map((r) => r[0]!));
  const angles = fromHex64(fx.sincos.map((r) => r[0]!));
  let differing = 0;
  for (const x of logArgs) {
    const d = ulpDistance64(lib().libmLog(x), log(x));
    assert.ok(d <= 1, `log(${x})`);
    differing += d;
  }
  for (const t of angles) {
    for (const [mine, theirs] of [[lib().libmSin(t), sin(t)], [lib().libmCos(t), cos(t)]]) {
      const d = mine === theirs ? 0 : ulpDistance64(mine!, theirs!);
      assert.ok(d <= 1, `sin/cos(${t})`);
      differing += d;
    }
  }
  assert.ok(differing <= (logArgs.length + 2 * angles.length) * 0.01, `${differing} differ`);
});

test('the native kernels check their arguments and stay inside the array', { skip }, () => {
  const k = lib();
  assert.throws(() => k.libmNormalBlocks(new Float64Array(15), 0, 1, 0, 1), RangeError);
  assert.throws(() => k.libmNormalBlocks(new Float64Array(32), 17, 1, 0, 1), RangeError);
  assert.throws(() => k.libmNormalBlocks(new Float64Array(32), -1, 1, 0, 1), RangeError);
  assert.throws(() => k.libmNormalBlocks(new Float64Array(32), 0, -1, 0, 1), RangeError);
  assert.throws(() => k.libmNormalBlocks(new Float64Array(32), 0.5, 1, 0, 1), TypeError);
  assert.throws(() => k.libmNormalBlocks(new Float32Array(32) as never, 0, 1, 0, 1), TypeError);
  assert.throws(() => k.libmNormalBlocks(new Float64Array(32), 0, 1, '0' as never, 1), TypeError);
  assert.throws(() => (k.libmNormalBlocks as (...a: unknown[]) => void)(new Float64Array(32), 0), TypeError);
  assert.throws(() => k.libmBoxMullerPairs(new Float64Array(3), 2), RangeError);
  assert.throws(() => k.libmBoxMullerPairs([0.5, 0.5] as never, 1), TypeError);
  assert.throws(() => k.libmScaledLog1m(new Float64Array(3), 4, -1), RangeError);
  assert.throws(() => k.libmScaledLog1m(new Float64Array(3), 3, null as never), TypeError);
  assert.throws(() => k.libmLog('1' as never), TypeError);
  // A view writes only its own elements, wherever it starts in its buffer.
  const buffer = new Float64Array(48).fill(0.5);
  k.libmNormalBlocks(buffer.subarray(16, 32), 0, 1, 0, 1);
  assert.ok(buffer.subarray(0, 16).every((v) => v === 0.5));
  assert.ok(buffer.subarray(32).every((v) => v === 0.5));
  assert.ok(buffer.subarray(16, 32).every((v) => v !== 0.5));
  const pairs = new Float64Array(5).fill(0.25);
  k.libmBoxMullerPairs(pairs, 2);
  assert.equal(pairs[4], 0.25);
  k.libmNormalBlocks(new Float64Array(0), 0, 0, 0, 1);
  // Only a glibc addon is used.
  assert.match(k.libmGlibcVersion()!, /^\d+\.\d+/);
});

test('setPlatformLibmEnabled(false) switches every sampler to the TypeScript functions', () => {
  withLibm(false, () => assert.equal(platformLibm(), null));
  assert.equal(platformLibm() !== null, platformLibmAvailable());
});
