// The native port of the float32 AVX2 normal fill (native/libm.c) gives the TypeScript fill's
// results bit for bit, in both of its variants (FMA instruction and portable fused step).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Generator, fillNormal } from '../../src/random/index.js';
import { normalBlock16Avx2 } from '../../src/random/avx2-normal-f32.js';
import { nativeNormalF32, setNativeNormalF32Enabled, type NativeNormalF32 } from '../../src/random/native-normal-f32.js';

const skip = nativeNormalF32() ? false : 'the native addon is not available here';
const native = (): NativeNormalF32 => nativeNormalF32()!;
const TWO_POW_M24 = 1 / 16777216;

/**
 * Blocks whose lanes take the uniforms k * 2^-24 for the given k, each both as the radius input
 * (lane j) and as the angle input (lane j + 8).
 */
function blocksOf(ks: number[]): Float32Array {
  const blocks = Math.ceil(ks.length / 8);
  const d = new Float32Array(16 * blocks);
  ks.forEach((k, i) => {
    const b = i >> 3;
    const j = i & 7;
    d[16 * b + j] = d[16 * b + 8 + j] = k * TWO_POW_M24;
  });
  return d;
}

/** Uniforms that reach the routines' edges: 0 and 1 - 2^-24, every octant boundary of the angle, a sweep. */
function interestingKs(): number[] {
  const ks = [0, 1, 2, 3, 16777215, 16777214, 8388608, 8388607, 8388609];
  for (let m = 1; m < 8; m++) {
    const k = Math.round((m / 8) * 16777216);
    for (let d = -3; d <= 3; d++) ks.push(k + d);
  }
  // sqrt(1/2) boundary of the log's range reduction.
  const k = Math.round((1 - Math.SQRT1_2) * 16777216);
  for (let d = -3; d <= 3; d++) ks.push(k + d);
  for (let k2 = 5; k2 < 16777216; k2 += 389) ks.push(k2);
  return ks;
}

const PARAMS: [number, number][] = [[0, 1], [0.5, 2], [-1, 0.02], [3, 0], [1e-3, 7.25]];

test('native float32 blocks equal the TypeScript blocks bit for bit (both native variants)', { skip }, () => {
  const input = blocksOf(interestingKs());
  for (const [mean, std] of PARAMS) {
    const mean32 = Math.fround(mean);
    const std32 = Math.fround(std);
    const want = input.slice();
    for (let o = 0; o < want.length; o += 16) normalBlock16Avx2(want, o, mean32, std32);
    for (const portable of [false, true]) {
      const got = input.slice();
      native().normalF32Blocks(got, 0, got.length / 16, mean32, std32, portable);
      const a = new Uint32Array(got.buffer);
      const b = new Uint32Array(want.buffer);
      for (let i = 0; i < a.length; i++) {
        if (a[i] !== b[i]) assert.fail(`mean=${mean} std=${std} portable=${portable} [${i}]: ${got[i]} vs ${want[i]}`);
      }
    }
  }
});

test('randn / normal_ in float32 draw the same stream with and without the native fill', { skip }, () => {
  for (const n of [16, 17, 31, 100, 1000, 4099]) {
    for (const [mean, std] of PARAMS) {
      const run = (enabled: boolean) => {
        const was = setNativeNormalF32Enabled(enabled);
        try {
          const g = new Generator(n);
          const out = new Float32Array(n);
          fillNormal(g, out, mean, std);
          return { out, state: g.getState() };
        } finally {
          setNativeNormalF32Enabled(was);
        }
      };
      const a = run(true);
      const b = run(false);
      assert.deepEqual(new Uint32Array(a.out.buffer), new Uint32Array(b.out.buffer), `n=${n} mean=${mean} std=${std}`);
      assert.deepEqual(a.state, b.state);
    }
  }
});

test('the native float32 fill checks its arguments and stays inside the array', { skip }, () => {
  const k = native();
  assert.throws(() => k.normalF32Blocks(new Float32Array(15), 0, 1, 0, 1), RangeError);
  assert.throws(() => k.normalF32Blocks(new Float32Array(32), 17, 1, 0, 1), RangeError);
  assert.throws(() => k.normalF32Blocks(new Float32Array(32), -16, 1, 0, 1), RangeError);
  assert.throws(() => k.normalF32Blocks(new Float32Array(32), 0, -1, 0, 1), RangeError);
  assert.throws(() => k.normalF32Blocks(new Float64Array(32) as never, 0, 1, 0, 1), TypeError);
  assert.throws(() => k.normalF32Blocks(new Float32Array(32), 0, 1, 0, 1, 'yes' as never), TypeError);
  const buffer = new Float32Array(48).fill(0.5);
  k.normalF32Blocks(buffer.subarray(16, 32), 0, 1, 0, 1);
  assert.ok(buffer.subarray(0, 16).every((v) => v === 0.5));
  assert.ok(buffer.subarray(32).every((v) => v === 0.5));
  assert.ok(buffer.subarray(16, 32).every((v) => v !== 0.5));
});
