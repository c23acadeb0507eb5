// The native elementwise loops (relu, bias rows) give the TypeScript loops' bits, and every native
// elementwise function throws on a bad call instead of touching memory it was not given.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getKernelTier, setKernelTier } from '../../src/backend/tier.js';
import type { ElementwiseKernels } from '../../src/backend/elementwise_native.js';
import { reluBackward, reluForward } from '../../src/ops/relu_kernels.js';
import { ISAS, kernels, skip } from './native_elementwise_isas.js';

const LENGTHS = [1024, 1031, 4099, 65543];

/** Values with both zeros, nans, infinities and both signs, at every position mod 8. */
function values(n: number, seed: number): Float64Array {
  const special = [0, -0, NaN, Infinity, -Infinity, 1e-40, -1e-40];
  const out = new Float64Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s % 13 === 0 ? special[(s >>> 8) % special.length] : (s / 4294967296 - 0.5) * 8;
  }
  return out;
}

function bitsOf(a: Float32Array | Float64Array): number[] {
  return Array.from(new Uint32Array(a.buffer, a.byteOffset, a.byteLength / 4));
}

function onTier<T>(tier: 'js' | 'native', f: () => T): T {
  const before = getKernelTier();
  setKernelTier(tier);
  try {
    return f();
  } finally {
    setKernelTier(before);
  }
}

function eachIsa(f: (isa: string) => void): void {
  for (const isa of ISAS) {
    assert.ok(kernels!.setElementwiseIsa(isa));
    try {
      f(isa);
    } finally {
      kernels!.setElementwiseIsa('best');
    }
  }
}

for (const Ctor of [Float32Array, Float64Array]) {
  test(`relu forward and backward (${Ctor.name}): native loops keep the TypeScript loops' bits`, { skip }, () => {
    for (const n of LENGTHS) {
      const v = Ctor.from(values(n, 1));
      const g = Ctor.from(values(n, 2));
      const fwd = onTier('js', () => {
        const out = new Ctor(n);
        reluForward(v, out);
        return out;
      });
      const bwd = onTier('js', () => {
        const out = new Ctor(n);
        reluBackward(v, g, out);
        return out;
      });
      eachIsa((isa) => {
        onTier('native', () => {
          const out = new Ctor(n);
          reluForward(v, out);
          assert.deepEqual(bitsOf(out), bitsOf(fwd), `forward n=${n} ${isa}`);
          const back = new Ctor(n);
          reluBackward(v, g, back);
          assert.deepEqual(bitsOf(back), bitsOf(bwd), `backward n=${n} ${isa}`);
          const inPlace = Ctor.from(v);
          reluForward(inPlace, inPlace);
          assert.deepEqual(bitsOf(inPlace), bitsOf(fwd), `forward in place n=${n} ${isa}`);
        });
      });
    }
  });

  test(`addRowBias (${Ctor.name}): each sum rounded once, as the TypeScript loop adds`, { skip }, () => {
    for (const [rows, cols] of [[128, 10], [3, 1031], [1, 1], [7, 1]] as const) {
      const out = Ctor.from(values(rows * cols, 3));
      const bias = Ctor.from(values(cols + 5, 4));
      const expected = Ctor.from(out);
      for (let r = 0; r < rows; r++) for (let j = 0; j < cols; j++) expected[r * cols + j] = expected[r * cols + j] + bias[5 + j];
      kernels!.addRowBias(out, bias, 5, cols);
      assert.deepEqual(bitsOf(out), bitsOf(expected), `${rows}x${cols}`);
    }
  });
}

/** Calls that must throw, each with the reason it is wrong. */
function badCalls(k: ElementwiseKernels): [string, () => unknown][] {
  const f = new Float32Array(8);
  const f2 = new Float32Array(8);
  const f3 = new Float32Array(8);
  const f4 = new Float32Array(8);
  const short = new Float32Array(7);
  const d = new Float64Array(8);
  const ints = new Int32Array(8);
  const adam = (...a: unknown[]) => (k.adamUpdate as (...b: unknown[]) => unknown)(...a);
  const hyper = [0.9, 0.999, 0.1, 0.001, -0.001, 1, 1e-8, 1, 0];
  return [
    ['adamUpdate with no arguments', () => adam()],
    ['adamUpdate with a plain array', () => adam([1, 2], f2, f3, f4, null, ...hyper, 0, 1)],
    ['adamUpdate with an Int32Array', () => adam(ints, f2, f3, f4, null, ...hyper, 0, 1)],
    ['adamUpdate with a short state', () => adam(f, f2, f3, short, null, ...hyper, 0, 1)],
    ['adamUpdate mixing dtypes', () => adam(f, d, f3, f4, null, ...hyper, 0, 1)],
    ['adamUpdate with a non-number hyperparameter', () => adam(f, f2, f3, f4, null, 'x', ...hyper.slice(1), 0, 1)],
    ['adamUpdate with unknown flags', () => adam(f, f2, f3, f4, null, ...hyper, 64, 1)],
    ['adamUpdate with fractional flags', () => adam(f, f2, f3, f4, null, ...hyper, 0.5, 1)],
    ['adamUpdate with zero threads', () => adam(f, f2, f3, f4, null, ...hyper, 0, 0)],
    ['adamUpdate with a short max_exp_avg_sq', () => adam(f, f2, f3, f4, short, ...hyper, 0, 1)],
    ['sgdUpdate with a short buffer', () => k.sgdUpdate(f, f2, short, 0.9, 1, -0.1, 0, 0, 1)],
    ['sgdUpdate with nesterov flags out of range', () => k.sgdUpdate(f, f2, null, 0.9, 1, -0.1, 0, 32, 1)],
    ['rmspropUpdate mixing dtypes', () => k.rmspropUpdate(f, f2, d, null, null, 0.9, 0.1, 1e-8, 0, -0.01, 0, 0, 1)],
    ['rmspropUpdate with too few arguments', () => (k.rmspropUpdate as (...a: unknown[]) => unknown)(f, f2, f3)],
    ['adagradUpdate with a missing sum', () => k.adagradUpdate(f, f2, null as never, 1e-10, -0.01, 0, 0, 1)],
    ['reluForward with a short out', () => k.reluForward(f, short)],
    ['reluForward into a shifted view of its input', () => k.reluForward(f.subarray(0, 7), f.subarray(1, 8))],
    ['reluBackward mixing dtypes', () => k.reluBackward(f, d, f2)],
    ['addRowBias past the end of bias', () => k.addRowBias(f, f2, 1, 8)],
    ['addRowBias with a negative offset', () => k.addRowBias(f, f2, -1, 4)],
    ['addRowBias with a row length that does not divide out', () => k.addRowBias(f, f2, 0, 3)],
    ['addRowBias with a zero row length', () => k.addRowBias(f, f2, 0, 0)],
    ['addRowBias mixing dtypes', () => k.addRowBias(f, d, 0, 4)],
    ['addRowBias onto its own bias', () => k.addRowBias(f, f, 0, 8)],
  ];
}

test('every native elementwise function throws on a bad call', { skip }, () => {
  for (const [what, call] of badCalls(kernels!)) assert.throws(call, Error, what);
});

test('an update whose arrays overlap is left to the TypeScript loop', { skip }, () => {
  const buf = new Float32Array(16).fill(1);
  const x = buf.subarray(0, 8);
  const g = buf.subarray(4, 12);
  const m = new Float32Array(8);
  const v = new Float32Array(8);
  assert.equal(kernels!.adamUpdate(x, g, m, v, null, 0.9, 0.999, 0.1, 0.001, -0.001, 1, 1e-8, 1, 0, 0, 1), false);
  assert.deepEqual(Array.from(buf), new Array(16).fill(1));
  assert.deepEqual(Array.from(m), new Array(8).fill(0));
  assert.equal(kernels!.sgdUpdate(x, x, null, 0, 1, -0.1, 0, 0, 1), false);
});
