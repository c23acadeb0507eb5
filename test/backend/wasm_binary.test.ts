// The committed WebAssembly kernels (src/backend/gemm_wasm_binary.ts) must be what the AssemblyScript
// source compiles to, and must load wherever WebAssembly SIMD exists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { wasmKernels, wasmLoadError } from '../../src/backend/gemm_wasm.js';

const root = resolve(import.meta.dirname, '..', '..');

test('the WebAssembly kernels load in Node', () => {
  const k = wasmKernels();
  assert.ok(k, wasmLoadError());
  assert.equal(typeof k.blockF32, 'function');
  assert.equal(typeof k.blockF64, 'function');
});

test('the committed WebAssembly binary is up to date with native/wasm/gemm.ts', (t) => {
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'build-wasm.mjs'), '--check'], { encoding: 'utf8' });
  if (r.status === 2) return t.skip('AssemblyScript is not installed');
  assert.equal(r.status, 0, r.stdout + r.stderr);
});
