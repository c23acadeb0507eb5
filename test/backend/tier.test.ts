// The tier and thread settings behind torch.backends / torch.setNumThreads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  availableKernelTiers, getKernelInfo, getKernelTier, getNumThreads, setKernelTier, setNumThreads, type KernelTier,
} from '../../src/backend/tier.js';
import { gemmBatched, NATIVE_MIN_MACS } from '../../src/backend/gemm.js';
import { nativeAddon, nativeLoadError } from '../../src/backend/native.js';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');

test('the best available tier is chosen by default and js is always available', () => {
  const tiers = availableKernelTiers();
  assert.ok(tiers.includes('js'));
  if (!process.env.TORCHLET_KERNEL_TIER) assert.equal(getKernelTier(), tiers[0]);
  if (nativeAddon() === null) assert.equal(typeof nativeLoadError(), 'string');
});

test('setKernelTier switches tiers and rejects unknown or unavailable ones', () => {
  const before = getKernelTier();
  try {
    setKernelTier('js');
    assert.equal(getKernelTier(), 'js');
    assert.throws(() => setKernelTier('gpu' as KernelTier), /expected one of native, wasm, js, but got gpu/);
    for (const t of ['native', 'wasm'] as const) {
      if (!availableKernelTiers().includes(t)) assert.throws(() => setKernelTier(t), /not available here/);
    }
  } finally {
    setKernelTier(before);
  }
});

test('setNumThreads accepts positive integers only', () => {
  const before = getNumThreads();
  assert.ok(Number.isInteger(before) && before >= 1);
  try {
    setNumThreads(3);
    assert.equal(getNumThreads(), 3);
    for (const bad of [0, -1, 1.5, Number.NaN]) assert.throws(() => setNumThreads(bad), RangeError);
  } finally {
    setNumThreads(before);
  }
});

test('gemmBatched gives the same product on every tier, below and above the size thresholds', () => {
  const before = getKernelTier();
  try {
    for (const n of [3, Math.ceil(Math.cbrt(NATIVE_MIN_MACS)) + 1, 70]) {
      const a = Float32Array.from({ length: n * n }, (_, i) => ((i * 37) % 11) - 5);
      const b = Float32Array.from({ length: n * n }, (_, i) => ((i * 53) % 7) - 3);
      const results = availableKernelTiers().map((t) => {
        setKernelTier(t);
        const c = new Float32Array(n * n);
        gemmBatched(1, n, n, n, { data: a, offset: 0, batchStride: 0, rowStride: n, colStride: 1 },
          { data: b, offset: 0, batchStride: 0, rowStride: n, colStride: 1 }, c);
        return c;
      });
      // Small integers: every summation order is exact.
      for (const r of results) assert.deepEqual(r, results[0]);
    }
  } finally {
    setKernelTier(before);
  }
});

test('getKernelInfo reports the tier, threads and native variant', () => {
  const info = getKernelInfo();
  assert.equal(info.tier, getKernelTier());
  assert.deepEqual(info.available, availableKernelTiers());
  assert.equal(info.threads, getNumThreads());
  if (info.available.includes('native')) assert.match(info.nativeIsa!, /^(avx512|avx2|generic)$/);
  else assert.equal(typeof info.nativeError, 'string');
});

test('OMP_NUM_THREADS sets the default thread count, as in PyTorch', () => {
  const probe = spawnSync(
    process.execPath,
    ['--import', 'tsx', '-e', `import('./src/backend/tier.ts').then((m) => console.log(m.getNumThreads()))`],
    { cwd: root, env: { ...process.env, OMP_NUM_THREADS: '3' }, encoding: 'utf8' },
  );
  assert.equal(probe.status, 0, probe.stderr);
  assert.equal(probe.stdout.trim(), '3');
});
