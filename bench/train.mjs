// Training throughput on models where kernels, not per-op overhead, set the pace:
//   W5 MLP 784-512-256-10 (ReLU), batch 128, CrossEntropyLoss, Adam lr 1e-3;
//   W6 CNN on [64,1,28,28]: Conv2d(1,16,5,pad 2)-ReLU-MaxPool2d(2)-Conv2d(16,32,5,pad 2)-ReLU-
//      MaxPool2d(2)-Flatten-Linear(1568,10), CrossEntropyLoss, Adam lr 1e-3.
// Random inputs and labels, fixed across steps; steps/s from the median of 5 timed samples of at
// least a second each (the same as PyTorch's side, bench/train_torch.py).
// `--only mlp-rss` runs the MLP alone (a fixed number of steps) and prints this process's peak
// resident memory, so bench/run.mjs can compare it with PyTorch's in a fresh process of each.
// `--tier js|wasm|native` picks the kernel tier for the large products.
import * as torch from '../dist/index.js';
import { setKernelTier, setNumThreads, getKernelTier } from '../dist/backend/tier.js';
import { timePerCall } from './timing.mjs';

const { nn, optim } = torch;
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
if (opt('--tier')) setKernelTier(opt('--tier'));
setNumThreads(Number(opt('--threads', '2')));
const only = opt('--only', 'mlp,cnn').split(',');

function trainer(model, x, y) {
  const optimizer = new optim.Adam(model.parameters(), { lr: 1e-3 });
  const lossFunc = new nn.CrossEntropyLoss();
  return () => {
    optimizer.zeroGrad();
    const loss = lossFunc.forward(model.forward(x), y);
    loss.backward();
    optimizer.step();
    return loss;
  };
}

function mlpStep() {
  torch.manualSeed(5);
  const model = new nn.Sequential(
    new nn.Linear(784, 512), new nn.ReLU(), new nn.Linear(512, 256), new nn.ReLU(), new nn.Linear(256, 10),
  );
  return trainer(model, torch.randn(128, 784), torch.randint(0, 10, [128]));
}

function cnnStep() {
  torch.manualSeed(6);
  const model = new nn.Sequential(
    new nn.Conv2d(1, 16, 5, { padding: 2 }), new nn.ReLU(), new nn.MaxPool2d(2),
    new nn.Conv2d(16, 32, 5, { padding: 2 }), new nn.ReLU(), new nn.MaxPool2d(2),
    new nn.Flatten(), new nn.Linear(32 * 7 * 7, 10),
  );
  return trainer(model, torch.randn(64, 1, 28, 28), torch.randint(0, 10, [64]));
}

const stepsPerSecond = (step) => 1000 / timePerCall(step, 1000);
const tier = getKernelTier();

if (only.includes('mlp-rss')) {
  // As many steps as PyTorch's side runs (bench/train_torch.py --only mlp-rss).
  const step = mlpStep();
  for (let i = 0; i < 200; i++) step();
  const peakMiB = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ name: 'W5 MLP peak RSS (200 steps, own process)', unit: 'MiB', value: peakMiB, tier }));
}
if (only.includes('mlp')) {
  console.log(JSON.stringify({ name: 'W5 MLP 784-512-256-10 Adam, batch 128', unit: 'steps/s', value: stepsPerSecond(mlpStep()), tier }));
}
if (only.includes('cnn')) {
  console.log(JSON.stringify({ name: 'W6 CNN conv5x5x2 + Linear, batch 64', unit: 'steps/s', value: stepsPerSecond(cnnStep()), tier }));
}
