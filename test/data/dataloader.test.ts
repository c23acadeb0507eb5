// DataLoader: batch arithmetic, PyTorch-exact shuffling and stream alignment, options and errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../../src/index.js';
import { cases, f32Bits, range } from './fixtures.js';

const { DataLoader, TensorDataset, SequentialSampler, BatchSampler, RandomSampler, IterableDataset } = torch.utils.data;

function batchesOf(loader: Iterable<torch.Tensor>): number[][] {
  return Array.from(loader, (b) => b.toArray() as number[]);
}

test('80 samples in batches of 8: 10 steps, every sample once per epoch', () => {
  const loader = new DataLoader(torch.arange(80).toArray() as number[], { batchSize: 8, shuffle: true });
  assert.equal(loader.length, 10);
  const seen = batchesOf(loader);
  assert.equal(seen.length, 10);
  assert.ok(seen.every((b) => b.length === 8));
  assert.deepEqual(seen.flat().sort((a, b) => a - b), range(80));
});

test('87 samples in batches of 8: 11 steps ending with 7, or 10 with dropLast', () => {
  const data = range(87);
  const all = new DataLoader(data, { batchSize: 8, shuffle: true });
  assert.equal(all.length, 11);
  const b = batchesOf(all);
  assert.equal(b.length, 11);
  assert.equal(b[10]!.length, 7);
  assert.deepEqual(b.flat().sort((x, y) => x - y), data);

  const dropped = new DataLoader(data, { batchSize: 8, shuffle: true, dropLast: true });
  assert.equal(dropped.length, 10);
  const d = batchesOf(dropped);
  assert.equal(d.length, 10);
  assert.equal(new Set(d.flat()).size, 80);
});

test('without shuffle the batches are consecutive', () => {
  assert.deepEqual(batchesOf(new DataLoader(range(7), { batchSize: 3 })), [[0, 1, 2], [3, 4, 5], [6]]);
  assert.deepEqual(batchesOf(new DataLoader(range(7), 3)), [[0, 1, 2], [3, 4, 5], [6]]);
});

test('shuffle differs per epoch and is reproducible under manualSeed', () => {
  torch.manualSeed(123);
  const loader = new DataLoader(range(20), { batchSize: 20, shuffle: true });
  const e1 = batchesOf(loader);
  const e2 = batchesOf(loader);
  assert.notDeepEqual(e1, e2);
  torch.manualSeed(123);
  assert.deepEqual(batchesOf(loader), e1);
  assert.deepEqual(batchesOf(loader), e2);
});

test('shuffled batches and the random stream after them match PyTorch', () => {
  for (const c of cases.shuffledLoader) {
    torch.manualSeed(c.seed);
    const loader = new DataLoader(range(c.n), { batchSize: c.batchSize, shuffle: true, dropLast: c.dropLast });
    const epochs = [batchesOf(loader), batchesOf(loader), batchesOf(loader)];
    assert.deepEqual(epochs, c.epochs, `n=${c.n} batch=${c.batchSize} dropLast=${c.dropLast}`);
    assert.deepEqual(f32Bits(torch.rand(3)), c.randAfter, `rand after n=${c.n}`);
  }
});

test('the PyTorch batch orders for 10 samples, batch 5, seed 1', () => {
  torch.manualSeed(1);
  const loader = new DataLoader(range(10), { batchSize: 5, shuffle: true });
  assert.deepEqual(batchesOf(loader), [[4, 2, 0, 6, 8], [7, 9, 1, 5, 3]]);
  assert.deepEqual(batchesOf(loader), [[4, 8, 1, 5, 0], [2, 3, 6, 9, 7]]);
  assert.deepEqual(batchesOf(loader), [[5, 8, 3, 7, 6], [9, 2, 1, 0, 4]]);
});

test('entries() numbers the steps of one pass, like enumerate(loader)', () => {
  const loader = new DataLoader(range(5), { batchSize: 2 });
  assert.deepEqual(
    Array.from(loader.entries(), ([step, b]) => [step, b.toArray()]),
    [[0, [0, 1]], [1, [2, 3]], [2, [4]]],
  );
});

test('the base seed is drawn when iteration starts and the sampler seed at the first batch', () => {
  const c = cases.firstNext;
  torch.manualSeed(5);
  const loader = new DataLoader(range(6), { batchSize: 6, shuffle: true });
  const it = loader[Symbol.iterator]();
  assert.deepEqual(f32Bits(torch.rand(1)), c.between);
  assert.deepEqual(it.next().value!.toArray(), c.batch);
  assert.deepEqual(f32Bits(torch.rand(1)), c.randAfter);
});

test('a loader generator supplies every draw and leaves the global stream alone', () => {
  const c = cases.generatorLoader;
  torch.manualSeed(11);
  const g = new torch.Generator().manualSeed(42);
  const loader = new DataLoader(range(12), { batchSize: 5, shuffle: true, generator: g });
  assert.deepEqual([batchesOf(loader), batchesOf(loader)], c.epochs);
  assert.deepEqual(f32Bits(torch.rand(2)), c.globalRandAfter);
  assert.deepEqual(f32Bits(torch.rand([2], { generator: g })), c.generatorRandAfter);
});

test('async iteration with numWorkers 0 gives the same batches', async () => {
  torch.manualSeed(3);
  const loader = new DataLoader(range(9), { batchSize: 4, shuffle: true });
  const sync = batchesOf(loader);
  torch.manualSeed(3);
  const asyncBatches: number[][] = [];
  for await (const b of loader) asyncBatches.push(b.toArray() as number[]);
  assert.deepEqual(asyncBatches, sync);
  torch.manualSeed(3);
  const entries: [number, number[]][] = [];
  for await (const [i, b] of loader.entries()) entries.push([i, b.toArray() as number[]]);
  assert.deepEqual(entries.map((e) => e[1]), sync);
});

test('batchSize null loads one sample at a time without collating', () => {
  const ds = new TensorDataset(torch.tensor([[1, 2], [3, 4]]), torch.tensor([5, 6]));
  const loader = new DataLoader(ds, { batchSize: null });
  assert.equal(loader.length, 2);
  const items = Array.from(loader);
  assert.deepEqual(items.map(([x, y]) => [x.toArray(), y.item()]), [[[1, 2], 5], [[3, 4], 6]]);
  assert.deepEqual(Array.from(new DataLoader([1.5, 2], { batchSize: null })), [1.5, 2]);
});

test('custom sampler, batchSampler and collateFn', () => {
  const data = range(6).map((i) => i * 10);
  const bySampler = new DataLoader(data, { batchSize: 2, sampler: [5, 4, 3, 2, 1, 0] });
  assert.deepEqual(batchesOf(bySampler), [[50, 40], [30, 20], [10, 0]]);
  const byBatches = new DataLoader(data, { batchSampler: [[0, 5], [1]] });
  assert.equal(byBatches.length, 2);
  assert.deepEqual(batchesOf(byBatches), [[0, 50], [10]]);
  const summed = new DataLoader(data, { batchSize: 4, collateFn: (b: number[]) => b.reduce((s, x) => s + x, 0) });
  assert.deepEqual(Array.from(summed), [60, 90]);
  const viaSamplers = new DataLoader(data, { batchSampler: new BatchSampler(new SequentialSampler(data), 4, true) });
  assert.deepEqual(batchesOf(viaSamplers), [[0, 10, 20, 30]]);
  const positional = new DataLoader(data, 3, false, new RandomSampler(data, { generator: new torch.Generator() }));
  assert.equal(positional.length, 2);
});

test('TensorDataset batches: fast path equals per-sample stacking', () => {
  const x = torch.arange(24, { dtype: torch.float32 }).reshape(6, 2, 2);
  const y = torch.tensor([0n, 1n, 2n, 3n, 4n, 5n]);
  const ds = new TensorDataset(x, y);
  const order = [4, 1, 5];
  const fast = new DataLoader(ds, { batchSize: 3, sampler: order });
  const slow = new DataLoader(ds, { batchSize: 3, sampler: order, collateFn: (b: torch.Tensor[][]) => [torch.stack(b.map((s) => s[0]!)), torch.stack(b.map((s) => s[1]!))] });
  const [fx, fy] = fast[Symbol.iterator]().next().value!;
  const [sx, sy] = slow[Symbol.iterator]().next().value! as torch.Tensor[];
  assert.deepEqual(fx.shape, [3, 2, 2]);
  assert.equal(fx.dtype, torch.float32);
  assert.equal(fy.dtype, torch.int64);
  assert.deepEqual(fx.toArray(), sx!.toArray());
  assert.deepEqual(fy.toArray(), sy!.toArray());
  // A non-contiguous source takes the strided copy.
  const xt = torch.arange(12, { dtype: torch.float32 }).reshape(3, 4).t();
  const [b] = new DataLoader(new TensorDataset(xt), { batchSize: 2, sampler: [3, 0] })[Symbol.iterator]().next().value!;
  assert.deepEqual(b.toArray(), [[3, 7, 11], [0, 4, 8]]);
});

test('an IterableDataset streams through the loader in batches', () => {
  class Counter extends IterableDataset<number> {
    constructor(readonly n: number) {
      super();
    }
    get length(): number {
      return this.n;
    }
    *[Symbol.iterator](): Iterator<number> {
      for (let i = 0; i < this.n; i++) yield i;
    }
  }
  assert.deepEqual(batchesOf(new DataLoader(new Counter(7), { batchSize: 3 })), [[0, 1, 2], [3, 4, 5], [6]]);
  assert.deepEqual(batchesOf(new DataLoader(new Counter(7), { batchSize: 3, dropLast: true })), [[0, 1, 2], [3, 4, 5]]);
  assert.equal(new DataLoader(new Counter(7), { batchSize: 3 }).length, 3);
  assert.equal(new DataLoader(new Counter(7), { batchSize: 3, dropLast: true }).length, 2);
  assert.deepEqual(Array.from(new DataLoader(new Counter(2), { batchSize: null })), [0, 1]);
  assert.throws(() => new DataLoader(new Counter(3), { shuffle: true }), /expected unspecified shuffle option, but got shuffle=true/);
  assert.throws(() => new DataLoader(new Counter(3), { sampler: [0] }), /expected unspecified sampler option/);
  assert.throws(() => new DataLoader(new Counter(3), { batchSampler: [[0]] }), /expected unspecified batch_sampler option/);
});

test('bad options are refused with PyTorch messages', () => {
  const data = range(4);
  for (const bad of [0, -1, 2.5, true]) {
    assert.throws(
      () => new DataLoader(data, { batchSize: bad as number }),
      { message: `batch_size should be a positive integer value, but got batch_size=${bad}` },
    );
  }
  assert.throws(() => new DataLoader(data, { shuffle: true, sampler: [0, 1] }), { message: 'sampler option is mutually exclusive with shuffle' });
  assert.throws(
    () => new DataLoader(data, { batchSampler: [[0]], batchSize: 2 }),
    { message: 'batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, and drop_last' },
  );
  assert.throws(() => new DataLoader(data, { batchSize: null, dropLast: true }), /mutually exclusive with drop_last/);
  assert.throws(() => new DataLoader(data, { numWorkers: -1 }), /num_workers option should be non-negative/);
  assert.throws(() => new DataLoader(data, { timeout: -1 }), { message: 'timeout option should be non-negative' });
  assert.throws(() => new DataLoader(data, { prefetchFactor: 4 }), /prefetch_factor option could only be specified in multiprocessing/);
  assert.throws(() => new DataLoader(data, { persistentWorkers: true }), { message: 'persistent_workers option needs num_workers > 0' });
  assert.throws(() => new DataLoader(data, { batchsize: 2 } as never), /unexpected keyword argument 'batchsize'/);
  assert.throws(() => new DataLoader(42 as never), /expected a map-style dataset/);
  assert.throws(() => new DataLoader([], { shuffle: true }), /num_samples should be a positive integer value, but got num_samples=0/);
});

test('an out-of-range index in a TensorDataset is reported', () => {
  const ds = new TensorDataset(torch.zeros(3, 2));
  assert.throws(() => Array.from(new DataLoader(ds, { batchSize: 2, sampler: [0, 3] })), {
    message: 'index 3 is out of bounds for dimension 0 with size 3',
  });
  assert.throws(() => ds.getItem(-4), { message: 'index -4 is out of bounds for dimension 0 with size 3' });
});

test('a loader with workers refuses synchronous iteration', () => {
  const loader = new DataLoader(new TensorDataset(torch.zeros(4)), { numWorkers: 2 });
  assert.throws(() => loader[Symbol.iterator](), /iterate it with `for await/);
  assert.throws(() => new DataLoader(range(3), { numWorkers: 1 }), /must build the dataset \(ArrayDataset\) inside each worker thread/);
});
