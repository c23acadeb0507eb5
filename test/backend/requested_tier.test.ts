// When the environment asks for a kernel tier and thread count (as golden_on_every_tier.test.ts does
// for its child runs), they must be the ones in effect: a tier that silently fell back would make
// those runs check the wrong kernels.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dispatchAlways, getKernelTier, getNumThreads } from '../../src/backend/tier.js';

test('the tier, thread count and dispatch rule the environment asks for are in effect', () => {
  const tier = process.env.TORCHLET_KERNEL_TIER;
  if (tier) assert.equal(getKernelTier(), tier, `TORCHLET_KERNEL_TIER=${tier} was not applied`);
  const threads = Number(process.env.OMP_NUM_THREADS);
  if (Number.isInteger(threads) && threads >= 1) assert.equal(getNumThreads(), threads);
  assert.equal(dispatchAlways(), process.env.TORCHLET_KERNEL_DISPATCH === 'always');
});
