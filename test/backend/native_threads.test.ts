// The native tier's thread pool: splitting a product over threads must not change a single bit
// (every element is summed by the same micro-kernel in the same order), across many back-to-back
// calls and from several JS threads at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { nativeAddon } from '../../src/backend/native.js';

function fill(n: number, seed: number, Ctor: Float32ArrayConstructor | Float64ArrayConstructor) {
  const out = new Ctor(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

const SHAPES: [number, number, number, number][] = [
  [1, 300, 700, 90], [1, 9, 600, 700], [3, 70, 300, 50], [8, 33, 20, 65], [1, 130, 1000, 17],
];

test('1, 2 and 3 threads give bit-identical products, call after call', (t) => {
  const addon = nativeAddon();
  if (!addon) return t.skip('native tier not built');
  for (const Ctor of [Float32Array, Float64Array]) {
    for (const [batch, M, K, N] of SHAPES) {
      const a = fill(batch * M * K, 1, Ctor), b = fill(batch * K * N, 2, Ctor);
      const one = new Ctor(batch * M * N);
      addon.gemm(batch, M, K, N, a, 0, M * K, K, 1, b, 0, K * N, N, 1, one, 1);
      for (let rep = 0; rep < 20; rep++) {
        const many = new Ctor(batch * M * N);
        addon.gemm(batch, M, K, N, a, 0, M * K, K, 1, b, 0, K * N, N, 1, many, 2 + (rep % 2));
        assert.deepEqual(many, one, `${Ctor.name} ${batch}x${M}x${K}x${N} rep ${rep}`);
      }
    }
  }
});

test('worker threads can use the native tier at the same time as the main thread', async (t) => {
  const addon = nativeAddon();
  if (!addon) return t.skip('native tier not built');
  const M = 200, K = 300, N = 150;
  const a = fill(M * K, 3, Float32Array), b = fill(K * N, 4, Float32Array);
  const want = new Float32Array(M * N);
  addon.gemm(1, M, K, N, a, 0, 0, K, 1, b, 0, 0, N, 1, want, 1);
  const source = `
    const { parentPort, workerData } = require('node:worker_threads');
    const addon = require(workerData.path);
    const { M, K, N, a, b } = workerData;
    let c;
    for (let i = 0; i < 30; i++) { c = new Float32Array(M * N); addon.gemm(1, M, K, N, a, 0, 0, K, 1, b, 0, 0, N, 1, c, 2); }
    parentPort.postMessage(c);
  `;
  const path = process.env.TORCHLET_NATIVE_PATH || new URL('../../native/build/torchlet_native.node', import.meta.url).pathname;
  const workers = [0, 1].map(() => new Worker(source, { eval: true, workerData: { path, M, K, N, a, b } }));
  const results = workers.map((w) => new Promise<Float32Array>((resolve, reject) => {
    w.once('message', resolve);
    w.once('error', reject);
  }));
  for (let i = 0; i < 30; i++) {
    const c = new Float32Array(M * N);
    addon.gemm(1, M, K, N, a, 0, 0, K, 1, b, 0, 0, N, 1, c, 2);
    assert.deepEqual(c, want);
  }
  for (const r of await Promise.all(results)) assert.deepEqual(r, want);
  await Promise.all(workers.map((w) => w.terminate()));
});
