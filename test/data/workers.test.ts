// DataLoader with worker threads: same batches as the main thread, PyTorch's worker seeding,
// errors carrying the worker's stack, persistent workers, custom collate, early exit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../../src/index.js';
import { cases, f32Bits } from './fixtures.js';
import { SlowSquares } from './worker_modules/slow_squares.js';
import { SeedProbe } from './worker_modules/seed_probe.js';

const { DataLoader, TensorDataset, Subset, ConcatDataset } = torch.utils.data;

async function collect<B>(loader: AsyncIterable<B>): Promise<B[]> {
  const out: B[] = [];
  for await (const b of loader) out.push(b);
  return out;
}

const asArrays = (batches: torch.Tensor[][]): unknown[] => batches.map((b) => b.map((t) => t.toArray()));

test('numWorkers: 2 yields the same batches, in order, as numWorkers: 0', async () => {
  const ds = new TensorDataset(torch.arange(23).reshape(23, 1).mul(1.5), torch.arange(23));
  torch.manualSeed(8);
  const main = Array.from(new DataLoader(ds, { batchSize: 4, shuffle: true }));
  const mainRand = f32Bits(torch.rand(2));
  torch.manualSeed(8);
  const loader = new DataLoader(ds, { batchSize: 4, shuffle: true, numWorkers: 2 });
  const workers = await collect(loader);
  assert.deepEqual(asArrays(workers), asArrays(main));
  assert.deepEqual(f32Bits(torch.rand(2)), mainRand, 'both consume the same global draws');
  assert.equal(workers[0]![0]!.dtype, torch.float32);
  assert.equal(workers[0]![1]!.dtype, torch.int64);
});

test('each worker is seeded base seed + id, as PyTorch seeds its workers', async () => {
  const c = cases.workerSeeds;
  torch.manualSeed(c.seed);
  const loader = new DataLoader(new SeedProbe(8), {
    batchSize: 2,
    numWorkers: 2,
    collateFn: (b: unknown[]) => b,
    workerModule: new URL('./worker_modules/seed_probe.ts', import.meta.url),
    workerArgs: { size: 8 },
  });
  assert.deepEqual(await collect(loader), c.batches);
  assert.deepEqual(f32Bits(torch.rand(1)), c.randAfter);
  assert.equal(torch.utils.data.getWorkerInfo(), null);
});

test('persistent workers draw the base seed once, as PyTorch does', async () => {
  const c = cases.persistentWorkers;
  torch.manualSeed(c.seed);
  const loader = new DataLoader(new TensorDataset(torch.arange(10)), {
    batchSize: 4, shuffle: true, numWorkers: 2, persistentWorkers: true,
  });
  const epochs = [];
  for (let e = 0; e < 3; e++) epochs.push((await collect(loader)).map(([b]) => b!.toArray()));
  assert.deepEqual(epochs, c.epochs);
  assert.deepEqual(f32Bits(torch.rand(2)), c.randAfter);
  await loader.close();
});

test('an error thrown in a worker reaches the caller with the worker stack', async () => {
  const loader = new DataLoader(new SlowSquares({ size: 10, failAt: 5 }), { batchSize: 2, numWorkers: 2 });
  const seen: number[][] = [];
  await assert.rejects(
    async () => {
      for await (const [x] of loader) seen.push((x.toArray() as number[][]).map((r) => r[0]!));
    },
    (e: Error) => {
      assert.ok(e instanceof RangeError);
      assert.match(e.message, /^Caught RangeError in DataLoader worker 0\./);
      assert.match(e.message, /RangeError: sample 5 is corrupt/);
      assert.match(e.message, /at SlowSquares.getItem \(.*slow_squares\.ts/);
      return true;
    },
  );
  assert.deepEqual(seen, [[0, 1], [2, 3]], 'batches before the failing one arrive in order');
});

test('a dataset that fails to build in the worker is reported', async () => {
  const loader = new DataLoader(new SlowSquares({ size: 4 }), {
    batchSize: 2,
    numWorkers: 2,
    workerModule: new URL('./worker_modules/slow_squares.ts', import.meta.url),
    workerArgs: { size: 4, failOnBuild: true },
  });
  await assert.rejects(collect(loader), (e: Error) => e instanceof TypeError && /SlowSquares refused to build/.test(e.message));
});

test('custom collate runs on the main thread; unbatched loading and wrapped datasets work', async () => {
  const ds = new SlowSquares({ size: 6, work: 10 });
  const sums = await collect(new DataLoader(ds, { batchSize: 3, numWorkers: 2, collateFn: (b: [torch.Tensor, number][]) => b.map(([, y]) => y) }));
  assert.deepEqual(sums, [[0, 1, 2], [0, 1, 2]]);
  const single = await collect(new DataLoader(ds, { batchSize: null, numWorkers: 1 }));
  assert.equal(single.length, 6);
  assert.deepEqual(single[4]![0].toArray(), [4, 16, 1]);
  assert.equal(single[4]![1], 1);
  const wrapped = new ConcatDataset([new Subset(new TensorDataset(torch.arange(5)), [4, 2]), new TensorDataset(torch.arange(3).neg())]);
  const batches = await collect(new DataLoader(wrapped, { batchSize: 2, numWorkers: 1 }));
  assert.deepEqual(batches.map(([b]) => b!.toArray()), [[4, 2], [0, -1], [-2]]);
});

test('leaving a pass early stops it; the next pass starts afresh', async () => {
  const loader = new DataLoader(new TensorDataset(torch.arange(12)), { batchSize: 2, numWorkers: 2 });
  for await (const [b] of loader) {
    assert.deepEqual(b!.toArray(), [0, 1]);
    break;
  }
  const all = await collect(loader);
  assert.deepEqual(all.map(([b]) => b!.toArray()).flat(), Array.from({ length: 12 }, (_, i) => i));
  const steps: number[] = [];
  for await (const [step] of loader.entries()) steps.push(step);
  assert.deepEqual(steps, [0, 1, 2, 3, 4, 5]);
});

test('a batch that takes longer than timeout seconds fails the pass', async () => {
  const loader = new DataLoader(new SlowSquares({ size: 4, work: 10 }), { batchSize: 2, numWorkers: 1, timeout: 0.001 });
  await assert.rejects(collect(loader), { message: 'DataLoader timed out after 0.001 seconds' });
});

test('tensors in workerArgs arrive in the worker as tensors', async () => {
  const table = torch.tensor([[1, 2], [3, 4], [5, 6]]);
  const loader = new DataLoader({ length: 3, getItem: (i: number) => table.select(0, i) }, {
    batchSize: 3,
    numWorkers: 1,
    workerModule: new URL('./worker_modules/scaled_rows.ts', import.meta.url),
    workerArgs: { table, scale: 10 },
  });
  const [batch] = await collect(loader);
  assert.deepEqual(batch!.toArray(), [[10, 20], [30, 40], [50, 60]]);
});
