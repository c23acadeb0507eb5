// Random-number throughput: torch.rand and torch.randn of 1e6 float32 values, in millions of numbers
// per second (the streams are PyTorch's exactly, so this is the cost of exactness too).
import * as torch from '../dist/index.js';
import { timePerCall } from './timing.mjs';

const N = 1_000_000;
torch.manualSeed(0);
for (const [name, fn] of [
  ['rand 1e6 float32', () => torch.rand(N)],
  ['randn 1e6 float32', () => torch.randn(N)],
]) {
  const ms = timePerCall(fn, 500);
  console.log(JSON.stringify({ name, unit: 'M numbers/s', value: N / ms / 1000 }));
}
