// The golden tests (values checked against PyTorch) run again on every kernel tier available here,
// with 1 and with 2 threads, and with TORCHLET_KERNEL_DISPATCH=always so that every product and
// kernel call, however small, goes through that tier's kernels rather than the small-size path.
// TORCHLET_EXPECT_TIERS (set by CI, where a C compiler is present) names tiers that must be there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { availableKernelTiers } from '../../src/backend/tier.js';

const root = resolve(import.meta.dirname, '..', '..');
const GOLDEN_FILES = [
  'test/backend/requested_tier.test.ts',
  'test/core/golden.test.ts',
  'test/core/fuzz.test.ts',
  'test/nn/layers.test.ts',
  'test/nn/losses.test.ts',
  'test/nn/training.test.ts',
  'test/optim/optimizers.test.ts',
];

const tiers = availableKernelTiers();

test('the tiers CI expects are available', () => {
  const expected = (process.env.TORCHLET_EXPECT_TIERS ?? '').split(',').filter(Boolean);
  for (const t of expected) assert.ok(tiers.includes(t as never), `kernel tier '${t}' is not available (have: ${tiers.join(', ')})`);
});

for (const tier of tiers) {
  for (const threads of [1, 2]) {
    test(`golden tests on the ${tier} tier with ${threads} thread${threads > 1 ? 's' : ''}`, () => {
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        TORCHLET_KERNEL_TIER: tier,
        TORCHLET_KERNEL_DISPATCH: 'always',
        OMP_NUM_THREADS: String(threads),
      };
      delete env.NODE_TEST_CONTEXT;
      const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=dot', ...GOLDEN_FILES], {
        cwd: root, env, encoding: 'utf8', maxBuffer: 64 << 20,
      });
      const out = `${r.stdout}${r.stderr}`;
      assert.equal(r.status, 0, `golden tests failed on ${tier} with ${threads} threads:\n${out.slice(-6000)}`);
    });
  }
}
