// DataLoader throughput, side by side with PyTorch:
//   1. a 60,000 x 784 float32 TensorDataset (MNIST-sized) in shuffled batches of 128, main thread,
//      with the TensorDataset fast path and with per-sample stacking (a custom collate), against
//      PyTorch's DataLoader on the same workload (bench/data_loader.py, run with /usr/bin/python3);
//   2. a dataset with an expensive getItem, loaded with numWorkers 0 and 2.
// Run: node --import tsx bench/data_loader.ts [epochs]
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as torch from '../src/index.js';
import { SlowDataset } from './data_loader.slow_dataset.js';

const { DataLoader, TensorDataset } = torch.utils.data;
const epochs = Number(process.argv[2] ?? 3);

function timePasses(loader: Iterable<unknown>, passes: number): { batches: number; seconds: number } {
  for (const _ of loader); // warm-up pass
  let batches = 0;
  const t0 = performance.now();
  for (let e = 0; e < passes; e++) for (const _ of loader) batches++;
  return { batches, seconds: (performance.now() - t0) / 1000 };
}

async function timeAsyncPasses(loader: AsyncIterable<unknown>, passes: number): Promise<{ batches: number; seconds: number }> {
  let batches = 0;
  const t0 = performance.now();
  for (let e = 0; e < passes; e++) for await (const _ of loader) batches++;
  return { batches, seconds: (performance.now() - t0) / 1000 };
}

const rate = (r: { batches: number; seconds: number }): number => r.batches / r.seconds;

torch.manualSeed(0);
const x = torch.rand(60000, 784);
const y = torch.randint(0, 10, [60000]);
const ds = new TensorDataset(x, y);

const fast = timePasses(new DataLoader(ds, { batchSize: 128, shuffle: true }), epochs);
const stackEach = (batch: torch.Tensor[][]): torch.Tensor[] => [torch.stack(batch.map((s) => s[0]!)), torch.stack(batch.map((s) => s[1]!))];
const generic = timePasses(new DataLoader(ds, { batchSize: 128, shuffle: true, collateFn: stackEach }), 1);

console.log('60,000 x 784 float32 TensorDataset, batch 128, shuffle, numWorkers 0');
console.log(`  torchlet (row-gather fast path)  ${rate(fast).toFixed(0).padStart(7)} batches/s  (${fast.batches} batches in ${fast.seconds.toFixed(2)} s)`);
console.log(`  torchlet (per-sample stack)      ${rate(generic).toFixed(0).padStart(7)} batches/s`);

const python = '/usr/bin/python3';
if (existsSync(python)) {
  const r = spawnSync(python, [new URL('./data_loader.py', import.meta.url).pathname, String(epochs)], { encoding: 'utf8' });
  if (r.status === 0) {
    const py = JSON.parse(r.stdout.trim().split('\n').pop()!);
    console.log(`  PyTorch ${py.torch} DataLoader      ${py.batchesPerSecond.toFixed(0).padStart(7)} batches/s`);
    console.log(`  ratio torchlet / PyTorch: ${(rate(fast) / py.batchesPerSecond).toFixed(1)}x`);
  } else {
    console.log(`  PyTorch run failed: ${r.stderr.trim().split('\n').pop()}`);
  }
} else {
  console.log('  PyTorch: /usr/bin/python3 not found, skipped');
}

const slowArgs = { size: 2048, work: 20000 };
const slow = new SlowDataset(slowArgs);
console.log(`\nslow getItem (${slowArgs.work} steps per sample), ${slowArgs.size} samples, batch 32`);
const single = await timeAsyncPasses(new DataLoader(slow, { batchSize: 32 }), 1);
console.log(`  numWorkers 0                     ${rate(single).toFixed(1).padStart(7)} batches/s`);
for (const numWorkers of [2]) {
  const loader = new DataLoader(slow, { batchSize: 32, numWorkers, persistentWorkers: true });
  const first = await timeAsyncPasses(loader, 1);
  const steady = await timeAsyncPasses(loader, 1);
  await loader.close();
  console.log(
    `  numWorkers ${numWorkers}                     ${rate(steady).toFixed(1).padStart(7)} batches/s  ` +
      `(speedup ${(rate(steady) / rate(single)).toFixed(2)}x; first pass with thread start-up ${rate(first).toFixed(1)} batches/s)`,
  );
}
