// DataLoader(shuffle=True) draws (RNG_SPEC.md §9) against rng_vectors.json, using the helpers the
// DataLoader is meant to call: a base seed at iter(), then a sampler generator and randperm.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  defaultGenerator as G,
  manualSeed,
  fillUniform,
  randperm,
  int64SeedFrom,
  samplerGenerator,
  samplerSeed,
} from '../../src/random/index.js';
import { encode, loadFixture } from './helpers.js';

type Case = { name: string; epochs?: number[][][]; values?: string[]; [k: string]: unknown };
const cases = new Map(loadFixture<{ cases: Case[] }>('rng_vectors.json').cases.map((c) => [c.name, c]));

function epoch(n: number, batchSize: number): number[][] {
  int64SeedFrom(G); // _base_seed, drawn when the iterator is created
  const perm = Array.from(randperm(samplerGenerator(G), n));
  const batches: number[][] = [];
  for (let i = 0; i < n; i += batchSize) batches.push(perm.slice(i, i + batchSize));
  return batches;
}

function rand1(): string[] {
  const x = new Float32Array(1);
  fillUniform(G, x);
  return encode(x, 'float32') as string[];
}

test('three shuffled epochs of 10 items, then the stream continues at u32 #12', () => {
  manualSeed(1);
  const epochs = [epoch(10, 5), epoch(10, 5), epoch(10, 5)];
  assert.deepEqual(epochs, cases.get('dataloader_shuffle_10_bs5_3epochs_seed1')!.epochs);
  assert.deepEqual(rand1(), cases.get('rand1_after_dataloader_3epochs_seed1')!.values);
});

test('two epochs of 7 items in batches of 3 (last batch partial)', () => {
  manualSeed(0);
  assert.deepEqual([epoch(7, 3), epoch(7, 3)], cases.get('dataloader_shuffle_7_bs3_2epochs_seed0')!.epochs);
});

test('the base seed is drawn at iter(), the sampler seed at the first next()', () => {
  const c = cases.get('dataloader_iter_then_rand_seed2')!;
  manualSeed(2);
  int64SeedFrom(G);
  assert.deepEqual(rand1(), c.rand_after_iter);
  const perm = randperm(samplerGenerator(G), 10);
  assert.deepEqual(Array.from(perm.subarray(0, 5)), c.first_batch);
  assert.deepEqual(rand1(), c.rand_after_next);
});

test('samplerSeed is torch.empty((), dtype=torch.int64).random_().item()', () => {
  manualSeed(0);
  const seed = samplerSeed(G);
  assert.equal(typeof seed, 'bigint');
  assert.ok(seed >= 0n && seed < 1n << 63n);
  manualSeed(0);
  const hi = BigInt(G.random());
  const lo = BigInt(G.random());
  assert.equal(seed, ((hi << 32n) | lo) & ((1n << 63n) - 1n));
});
