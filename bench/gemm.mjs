// GEMM throughput of torch.mm on float32 n x n matrices, for the default kernel tier (the rows
// bench/run.mjs compares with bench/gemm_torch.py) and then for every available tier by name.
// Prints JSON lines {name, unit, value}. Options: --sizes 128,512 --threads 2 --tiers native,js
// --max-call-ms 4000 (a tier whose call would take longer at a size is skipped there), --clock cpu
// (time by this process's CPU time instead of the wall clock: on a machine busy with other programs
// this measures the kernel's own speed; meaningful with --threads 1, since waiting threads spin).
import * as torch from '../dist/index.js';
import { availableKernelTiers, getKernelTier, setKernelTier, setNumThreads } from '../dist/backend/tier.js';
import { nativeAddon } from '../dist/backend/native.js';
import { timePerCall } from './timing.mjs';

/** Best-of CPU milliseconds per call (process.cpuUsage), for --clock cpu. */
function cpuPerCall(fn, targetMs) {
  const cpuMs = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  fn();
  let best = Infinity;
  const end = performance.now() + targetMs * 5;
  while (performance.now() < end) {
    const t0 = cpuMs();
    fn();
    best = Math.min(best, Math.max(cpuMs() - t0, 1e-3));
  }
  return best;
}

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const sizes = opt('--sizes', '128,512,1024,2048').split(',').map(Number);
const threads = Number(opt('--threads', '2'));
const tiers = opt('--tiers', availableKernelTiers().join(',')).split(',').filter((t) => t && t !== 'none');
const maxCallMs = Number(opt('--max-call-ms', '4000'));
const cpuClock = opt('--clock', 'wall') === 'cpu';
setNumThreads(threads);

function matrix(n, seed) {
  const data = new Float32Array(n * n);
  let s = seed >>> 0;
  for (let i = 0; i < n * n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    data[i] = s / 2 ** 31 - 1;
  }
  return torch.from(data, [n, n]);
}

function gflops(n) {
  const a = matrix(n, 1);
  const b = matrix(n, 2);
  const ms = cpuClock ? cpuPerCall(() => torch.mm(a, b), 400) : timePerCall(() => torch.mm(a, b), 400);
  return (2 * n ** 3) / (ms * 1e6);
}

const defaultTier = getKernelTier();
const label = (t) => (t === 'native' ? `native ${nativeAddon().isa()}` : t);
for (const n of sizes) console.log(JSON.stringify({ name: `GEMM n=${n}`, unit: 'GFLOP/s', value: gflops(n), tier: label(defaultTier), threads }));
for (const t of tiers) {
  setKernelTier(t);
  let rate = null;
  for (const n of sizes) {
    // Skip sizes whose single call would take longer than allowed, judged from the rate at the last size.
    if (rate !== null && (2 * n ** 3) / (rate * 1e6) > maxCallMs) {
      console.log(JSON.stringify({ name: `GEMM n=${n} [${label(t)}]`, unit: 'GFLOP/s', value: null, skipped: `over ${maxCallMs} ms a call` }));
      continue;
    }
    rate = gflops(n);
    console.log(JSON.stringify({ name: `GEMM n=${n} [${label(t)}]`, unit: 'GFLOP/s', value: rate, threads }));
  }
}
setKernelTier(defaultTier);
