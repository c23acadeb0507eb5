// Every kernel tier (and every native instruction-set variant this CPU runs), with 1 and 2 threads,
// against the reference kernel on awkward shapes and strided views.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gemmOnTier, gemmReference, type MatrixOperand } from '../../src/backend/gemm.js';
import { availableKernelTiers, type KernelTier } from '../../src/backend/tier.js';
import { nativeAddon } from '../../src/backend/native.js';

type Layout = 'row' | 'col' | 'gappy' | 'broadcast';
type FloatCtor = Float32ArrayConstructor | Float64ArrayConstructor;

let seed = 12345;
function rand(): number {
  // xorshift: deterministic inputs without depending on the library's generator.
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return ((seed >>> 0) / 4294967296) * 2 - 1;
}

/** A [batch, rows, cols] operand with the given memory layout. */
function operand(Ctor: FloatCtor, batch: number, rows: number, cols: number, layout: Layout): MatrixOperand {
  const offset = 3;
  let rowStride: number, colStride: number, per: number;
  if (layout === 'col') {
    rowStride = 1; colStride = rows; per = rows * cols;
  } else if (layout === 'gappy') {
    colStride = 2; rowStride = 2 * cols + 1; per = rows * rowStride + 1;
  } else {
    rowStride = cols; colStride = 1; per = rows * cols;
  }
  const batchStride = layout === 'broadcast' ? 0 : per;
  const data = new Ctor(offset + (layout === 'broadcast' ? per : per * batch) + 2);
  for (let i = 0; i < data.length; i++) data[i] = rand();
  return { data, offset, batchStride, rowStride, colStride };
}

const absOf = (op: MatrixOperand): MatrixOperand => ({ ...op, data: (op.data as Float64Array).map(Math.abs) });

interface Case { batch: number; M: number; K: number; N: number; a: Layout; b: Layout }

const CASES: Case[] = [
  { batch: 1, M: 1, K: 1, N: 1, a: 'row', b: 'row' },
  { batch: 1, M: 7, K: 13, N: 5, a: 'row', b: 'row' },
  { batch: 1, M: 1000, K: 1, N: 1, a: 'row', b: 'row' },
  { batch: 1, M: 1, K: 1, N: 1000, a: 'row', b: 'row' },
  { batch: 1, M: 1, K: 1000, N: 1, a: 'row', b: 'row' },
  { batch: 1, M: 1000, K: 3, N: 1, a: 'col', b: 'row' },
  { batch: 1, M: 37, K: 300, N: 29, a: 'col', b: 'col' },
  { batch: 1, M: 53, K: 61, N: 47, a: 'gappy', b: 'gappy' },
  { batch: 3, M: 19, K: 23, N: 41, a: 'row', b: 'broadcast' },
  { batch: 3, M: 19, K: 23, N: 41, a: 'broadcast', b: 'col' },
  { batch: 5, M: 9, K: 17, N: 33, a: 'gappy', b: 'row' },
  { batch: 2, M: 8, K: 0, N: 6, a: 'row', b: 'row' },
  // Not a multiple of any register tile or cache block (MR 4..12, NR 8..32, KC 256, MC 64..192, NC 2048).
  { batch: 1, M: 203, K: 517, N: 131, a: 'row', b: 'row' },
  { batch: 1, M: 13, K: 259, N: 2100, a: 'row', b: 'col' },
];

interface Prepared { c: Case; A: MatrixOperand; B: MatrixOperand; want: Float32Array | Float64Array; bound: Float64Array }

/** Inputs, reference result and per-element error bound for every case, computed once per dtype. */
function prepare(Ctor: FloatCtor): Prepared[] {
  return CASES.map((c) => {
    const A = operand(Ctor, c.batch, c.M, c.K, c.a);
    const B = operand(Ctor, c.batch, c.K, c.N, c.b);
    const want = new Ctor(c.batch * c.M * c.N);
    gemmReference(c.batch, c.M, c.K, c.N, A, B, want);
    // Error bound of a length-K dot product in the element type: eps * sqrt(K) * sum |a_ik b_kj|.
    const bound = new Float64Array(want.length);
    gemmReference(c.batch, c.M, c.K, c.N, absOf(A), absOf(B), bound);
    const eps = Ctor === Float32Array ? 1e-5 : 1e-13;
    const scale = eps * Math.sqrt(Math.max(c.K, 1));
    for (let i = 0; i < bound.length; i++) bound[i] *= scale;
    return { c, A, B, want, bound };
  });
}

const PREPARED = new Map<FloatCtor, Prepared[]>();

function check(Ctor: FloatCtor, tier: KernelTier, threads: number, label: string) {
  if (!PREPARED.has(Ctor)) PREPARED.set(Ctor, prepare(Ctor));
  for (const { c, A, B, want, bound } of PREPARED.get(Ctor)!) {
    const got = new Ctor(want.length).fill(Number.NaN); // K = 0 must write zeros, not leave the fill
    gemmOnTier(tier, threads, c.batch, c.M, c.K, c.N, A, B, got);
    for (let idx = 0; idx < want.length; idx++) {
      if (!(Math.abs(got[idx] - want[idx]) <= bound[idx])) {
        assert.fail(`${label} ${JSON.stringify(c)}: C.flat[${idx}] = ${got[idx]}, reference ${want[idx]}`);
      }
    }
  }
}

/** (tier, variant) pairs to run: each tier, and for native each instruction-set variant. */
function targets(): { tier: KernelTier; isa?: string }[] {
  const out: { tier: KernelTier; isa?: string }[] = [];
  for (const tier of availableKernelTiers()) {
    if (tier === 'native') for (const isa of [...nativeAddon()!.isas(), ...nativeAddon()!.testIsas()]) out.push({ tier, isa });
    else out.push({ tier });
  }
  return out;
}

for (const { tier, isa } of targets()) {
  for (const threads of [1, 2]) {
    for (const Ctor of [Float32Array, Float64Array]) {
      const label = `${tier}${isa ? `/${isa}` : ''} ${Ctor.name} threads=${threads}`;
      test(`gemm ${label} matches the reference kernel`, () => {
        if (isa) assert.ok(nativeAddon()!.setIsa(isa));
        try {
          check(Ctor, tier, threads, label);
        } finally {
          if (isa) nativeAddon()!.setIsa('best');
        }
      });
    }
  }
}

test('every tier propagates NaN from 0 * inf and 0 * NaN', () => {
  for (const { tier } of targets()) {
    for (const Ctor of [Float32Array, Float64Array]) {
      const M = 20, K = 20, N = 40;
      const a = new Ctor(M * K); // all zeros
      const b = new Ctor(K * N).fill(1);
      b[5 * N + 7] = Infinity;
      b[9 * N + 30] = Number.NaN;
      const c = new Ctor(M * N);
      const op = (data: Float32Array | Float64Array, cols: number): MatrixOperand => ({ data, offset: 0, batchStride: 0, rowStride: cols, colStride: 1 });
      gemmOnTier(tier, 2, 1, M, K, N, op(a, K), op(b, N), c);
      for (let i = 0; i < M; i++) {
        assert.ok(Number.isNaN(c[i * N + 7]) && Number.isNaN(c[i * N + 30]), `${tier} ${Ctor.name} row ${i}`);
        assert.equal(c[i * N + 8], 0);
      }
    }
  }
});

test('non-float arrays take the reference loop on every tier', () => {
  for (const { tier } of targets()) {
    const a = new Int32Array([1, 2, 3, 4, 5, 6]);
    const b = new Int32Array([7, 8, 9, 10, 11, 12]);
    const c = new Int32Array(4);
    gemmOnTier(tier, 1, 1, 2, 3, 2, { data: a, offset: 0, batchStride: 0, rowStride: 3, colStride: 1 },
      { data: b, offset: 0, batchStride: 0, rowStride: 2, colStride: 1 }, c);
    assert.deepEqual([...c], [58, 64, 139, 154]);
  }
});

test('the native library rejects views that reach outside their storage instead of reading past it', (t) => {
  const addon = nativeAddon();
  if (!addon) return t.skip('native tier not built');
  const a = new Float32Array(12), b = new Float32Array(12), c = new Float32Array(9);
  // 3x4 @ 4x3 fits; a row stride of 5 does not (last element at 2*5+3 = 13).
  addon.gemm(1, 3, 4, 3, a, 0, 0, 4, 1, b, 0, 0, 3, 1, c, 1);
  assert.throws(() => addon.gemm(1, 3, 4, 3, a, 0, 0, 5, 1, b, 0, 0, 3, 1, c, 1), RangeError);
  assert.throws(() => addon.gemm(1, 3, 4, 3, a, -1, 0, 4, 1, b, 0, 0, 3, 1, c, 1), RangeError);
  assert.throws(() => addon.gemm(2, 3, 4, 3, a, 0, 0, 4, 1, b, 0, 0, 3, 1, c, 1), RangeError); // C too small
  assert.throws(() => addon.gemm(1, 3, 4, 3, a, 0, 0, 4, 1, new Float64Array(12), 0, 0, 3, 1, c, 1), TypeError);
  assert.throws(() => addon.gemm(1, 3, 4, 3, a, 0, 0, 4, 1, b, 0, 0, 3, 1, c, 1.5), TypeError);
});
