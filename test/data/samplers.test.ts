// Samplers and randomSplit against PyTorch 1.13.1's draws (fixtures from scripts/gen_data_fixtures.py).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../../src/index.js';
import { cases, f32Bits, range } from './fixtures.js';

const {
  SequentialSampler, RandomSampler, SubsetRandomSampler, WeightedRandomSampler, BatchSampler, randomSplit, TensorDataset,
} = torch.utils.data;

test('SequentialSampler visits every index in order', () => {
  const s = new SequentialSampler(range(4));
  assert.deepEqual([...s], [0, 1, 2, 3]);
  assert.equal(s.length, 4);
});

test('RandomSampler, with and without replacement, with and without a generator, matches PyTorch', () => {
  for (const c of cases.randomSampler) {
    torch.manualSeed(3);
    const generator = c.generatorSeed === null ? null : new torch.Generator().manualSeed(c.generatorSeed);
    const s = new RandomSampler(range(c.n), { replacement: c.replacement, numSamples: c.numSamples, generator });
    assert.equal(s.length, c.numSamples);
    const label = `n=${c.n} numSamples=${c.numSamples} replacement=${c.replacement} generator=${c.generatorSeed}`;
    assert.deepEqual([[...s], [...s]], c.epochs, label);
    assert.deepEqual(f32Bits(torch.rand(2)), c.randAfter, `global stream after ${label}`);
    if (generator !== null) assert.deepEqual(f32Bits(torch.rand([2], { generator })), c.generatorRandAfter, `generator after ${label}`);
  }
});

test('RandomSampler arguments may come positionally', () => {
  const g = new torch.Generator().manualSeed(9);
  const a = [...new RandomSampler(range(10), true, 70, g)];
  assert.deepEqual(a, cases.randomSampler[1].epochs[0]);
});

test('RandomSampler rejects bad arguments', () => {
  assert.throws(() => new RandomSampler(range(3), { replacement: 1 as never }), {
    message: 'replacement should be a boolean value, but got replacement=1',
  });
  assert.throws(() => new RandomSampler(range(3), { numSamples: 0 }), {
    message: 'num_samples should be a positive integer value, but got num_samples=0',
  });
  assert.throws(() => new RandomSampler(range(3), { generator: 5 as never }), /generator must be a torch.Generator/);
});

test('SubsetRandomSampler draws randperm straight from the generator', () => {
  const c = cases.subsetRandomSampler;
  torch.manualSeed(4);
  const s = new SubsetRandomSampler([10, 20, 30, 40, 50, 60]);
  assert.deepEqual([[...s], [...s]], c.global);
  assert.deepEqual(f32Bits(torch.rand(2)), c.randAfter);
  assert.deepEqual([...new SubsetRandomSampler([3, 1, 4, 1, 5], new torch.Generator().manualSeed(8))], c.withGenerator);
  assert.equal(s.length, 6);
});

test('WeightedRandomSampler matches torch.multinomial', () => {
  for (const c of cases.weightedSampler) {
    torch.manualSeed(6);
    const s = new WeightedRandomSampler(c.weights, c.numSamples, c.replacement);
    const label = `weights=${c.weights} numSamples=${c.numSamples} replacement=${c.replacement}`;
    assert.deepEqual([[...s], [...s]], c.epochs, label);
    assert.deepEqual(f32Bits(torch.rand(2)), c.randAfter, label);
    const g = new torch.Generator().manualSeed(13);
    assert.deepEqual([...new WeightedRandomSampler(c.weights, c.numSamples, { replacement: c.replacement, generator: g })], c.withGenerator13, label);
  }
  const fromTensor = new WeightedRandomSampler(torch.tensor([1, 2, 3]), 2);
  assert.deepEqual(Array.from(fromTensor.weights), [1, 2, 3]);
});

test('WeightedRandomSampler rejects bad arguments', () => {
  assert.throws(() => new WeightedRandomSampler([1, 2], 0), { message: 'num_samples should be a positive integer value, but got num_samples=0' });
  assert.throws(() => new WeightedRandomSampler([[1, 2]] as never, 2), { message: 'weights should be a 1d sequence but given weights have shape (1, 2)' });
  assert.throws(() => new WeightedRandomSampler([1, 2], 2, 'yes' as never), /replacement should be a boolean value, but got replacement='yes'/);
  assert.throws(() => [...new WeightedRandomSampler([1, 2], 3, false)], /cannot sample n_sample > prob_dist.size\(-1\) samples without replacement/);
  assert.throws(() => [...new WeightedRandomSampler([0, 0], 2)], /invalid multinomial distribution \(sum of probabilities <= 0\)/);
  assert.throws(() => [...new WeightedRandomSampler([-1, 2], 2)], /invalid multinomial distribution \(encountering probability entry < 0\)/);
});

test('BatchSampler groups indices, keeping or dropping the short last batch', () => {
  for (const c of cases.batchSampler) {
    const b = new BatchSampler(range(c.n), c.batchSize, c.dropLast);
    assert.deepEqual([...b], c.batches);
    assert.equal(b.length, c.batches.length);
  }
  assert.deepEqual([...new BatchSampler(range(4), { batchSize: 2, dropLast: false })], [[0, 1], [2, 3]]);
  assert.throws(() => new BatchSampler(range(4), 0, false), { message: 'batch_size should be a positive integer value, but got batch_size=0' });
  assert.throws(() => new BatchSampler(range(4), 2, 1 as never), { message: 'drop_last should be a boolean value, but got drop_last=1' });
});

test('randomSplit cuts one randperm as PyTorch does, for lengths and fractions', () => {
  for (const c of cases.randomSplit) {
    let parts;
    if (c.generatorSeed !== undefined) {
      parts = randomSplit(range(c.n), c.lengths, { generator: new torch.Generator().manualSeed(c.generatorSeed) });
    } else {
      torch.manualSeed(c.globalSeed);
      parts = randomSplit(range(c.n), c.lengths);
      assert.deepEqual(f32Bits(torch.rand(2)), c.randAfter);
    }
    assert.deepEqual(parts.map((p) => [...p]), c.splits, `n=${c.n} lengths=${c.lengths}`);
  }
});

test('randomSplit subsets index into the dataset', () => {
  const ds = new TensorDataset(torch.arange(10).mul(3));
  const [a, b] = randomSplit(ds, [7, 3], new torch.Generator().manualSeed(42));
  assert.equal(a!.length, 7);
  assert.equal(b!.length, 3);
  const values = [...a!, ...b!].map(([t]) => t!.item()).sort((x, y) => x - y);
  assert.deepEqual(values, range(10).map((i) => i * 3));
});

test('randomSplit rejects lengths that do not add up', () => {
  assert.throws(() => randomSplit(range(10), [3, 3]), { message: 'Sum of input lengths does not equal the length of the input dataset!' });
  assert.throws(() => randomSplit(range(10), [1.5, -0.5]), { message: 'Fraction at index 0 is not between 0 and 1' });
});
