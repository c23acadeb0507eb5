// `npm run bench`: runs each torchlet workload script and, where Debian's python3-torch is installed,
// the same workload in PyTorch (2 threads, on OpenBLAS: see openblas_env.mjs), then prints one table
// with both numbers and the ratio (PyTorch time / torchlet time, so above 1 means torchlet is
// faster; for steps/s and GFLOP/s it is torchlet's rate over PyTorch's), and which targets are met.
// Every suite runs in its own processes, one side after the other.
//
//   --runs N        run every suite N times (alternating which side goes first) and report medians
//   --only a,b      suites to run: core, seed, gemm, train, rss, save_load, rng (default: all)
//   --tier T        kernel tier for torchlet's large products: js, wasm or native
//   --torch-threads N   PyTorch's threads (default 2; 1 shows it without its thread pool on a busy machine)
//   --all-tiers     also time GEMM on every available tier by name
//   --json          print the results as JSON instead of a table
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg, cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { torchEnv } from './openblas_env.mjs';
import { median } from './timing.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const PY = '/usr/bin/python3';
const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : dflt;
};
const runs = Math.max(1, Number(opt('--runs', '1')) || 1);
const tier = opt('--tier', null);
const asJson = argv.includes('--json');

const torchThreads = opt('--torch-threads', '2');
const threads = ['--threads', torchThreads];
const SUITES = [
  { id: 'core', js: ['core.mjs'], py: ['core_torch.py', ...threads] },
  { id: 'seed', js: ['seed.mjs'], py: ['seed_torch.py', ...threads] },
  { id: 'gemm', js: ['gemm.mjs', ...(argv.includes('--all-tiers') ? [] : ['--tiers', 'none'])], py: ['gemm_torch.py', ...threads] },
  { id: 'train', js: ['train.mjs'], py: ['train_torch.py', ...threads] },
  // Peak memory needs a process of its own on each side: the MLP alone, 200 steps.
  { id: 'rss', js: ['train.mjs', '--only', 'mlp-rss'], py: ['train_torch.py', '--only', 'mlp-rss', ...threads] },
  { id: 'save_load', js: ['save_load.mjs'], py: ['save_load_torch.py'] },
  { id: 'rng', js: ['rng.mjs'], py: ['rng_torch.py'] },
];
const only = opt('--only', null)?.split(',');
const suites = only ? SUITES.filter((s) => only.includes(s.id)) : SUITES;

// What this work aims for, as a ratio in the table's sense (for memory: PyTorch's peak over ours, so
// 1/1.5 means ours is at most 1.5 times PyTorch's).
const TARGETS = [
  { workload: 'W3 add [10] no grad', atLeast: 10 },
  { workload: 'W3 add [10] requires_grad', atLeast: 7 },
  { workload: 'W1 seed regression, 200 steps', atLeast: 8 },
  { workload: 'W2 optimizer comparison, 5 nets x 12 epochs', atLeast: 5 },
  { workload: 'W5 MLP 784-512-256-10 Adam, batch 128', atLeast: 0.7 },
  { workload: 'W6 CNN conv5x5x2 + Linear, batch 64', atLeast: 0.5 },
  { workload: 'W5 MLP peak RSS (200 steps, own process)', atLeast: 1 / 1.5 },
];

function runLines(cmd, args, env = process.env) {
  const r = spawnSync(cmd, args, { cwd: here, env, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) {
    process.stderr.write(`${cmd} ${args.join(' ')} failed:\n${r.stderr}\n`);
    return [];
  }
  return r.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
}

const ourEnv = { ...process.env };
if (tier !== null) {
  const check = spawnSync(process.execPath, ['--input-type=module', '-e',
    `import { setKernelTier } from '../dist/backend/tier.js'; setKernelTier(${JSON.stringify(tier)});`], { cwd: here, encoding: 'utf8' });
  if (check.status !== 0) {
    process.stderr.write(`--tier ${tier}: ${check.stderr.split('\n').find((l) => /^\w*Error: /.test(l)) ?? check.stderr}\n`);
    process.exit(2);
  }
  ourEnv.TORCHLET_KERNEL_TIER = tier;
}
const hasTorch = existsSync(PY) && spawnSync(PY, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;
// PyTorch runs on OpenBLAS (unpacked into bench/.scratch), not the reference BLAS Debian links by default.
const pyEnv = hasTorch ? torchEnv() : process.env;

const load = [loadavg()];
// name -> { unit, ours: number[], theirs: number[], tier }
const results = new Map();
const record = (side, row) => {
  if (row.value === null || row.value === undefined) return;
  let r = results.get(row.name);
  if (!r) results.set(row.name, (r = { unit: row.unit, ours: [], theirs: [], tier: null }));
  r[side].push(row.value);
  if (side === 'ours' && row.tier) r.tier = row.tier;
};
for (let run = 0; run < runs; run++) {
  for (const s of suites) {
    const ours = () => runLines(process.execPath, s.js.map((a, i) => (i === 0 ? join(here, a) : a)), ourEnv).forEach((r) => record('ours', r));
    const theirs = () => hasTorch && runLines(PY, s.py.map((a, i) => (i === 0 ? join(here, a) : a)), pyEnv).forEach((r) => record('theirs', r));
    // Alternate who goes first, so a slow spell of a shared machine does not always fall on one side.
    if (run % 2 === 0) { ours(); theirs(); } else { theirs(); ours(); }
  }
  load.push(loadavg());
}

const rows = [];
for (const [name, r] of results) {
  if (r.ours.length === 0) continue;
  const torchlet = median(r.ours);
  const pytorch = r.theirs.length > 0 ? median(r.theirs) : null;
  const lowerIsBetter = !/\/s$/.test(r.unit);
  const ratio = pytorch === null ? null : lowerIsBetter ? pytorch / torchlet : torchlet / pytorch;
  rows.push({ workload: name, unit: r.unit, torchlet, pytorch, ratio, samples: { torchlet: r.ours, pytorch: r.theirs }, ...(r.tier ? { tier: r.tier } : {}) });
}
const targets = TARGETS.filter((t) => rows.some((r) => r.workload === t.workload)).map((t) => {
  const r = rows.find((x) => x.workload === t.workload);
  return { ...t, ratio: r.ratio, met: r.ratio === null ? null : r.ratio >= t.atLeast };
});
const machine = {
  cpus: cpus().length, node: process.version, runs, torchThreads: Number(torchThreads), loadavg: load.map((l) => l.map((v) => +v.toFixed(2))),
};

if (asJson) console.log(JSON.stringify({ machine, rows, targets }, null, 2));
else {
  const fmt = (v) => (v === null ? '-' : v >= 100 ? v.toFixed(0) : v >= 1 ? v.toFixed(2) : v.toFixed(3));
  console.log(`| workload | unit | torchlet | PyTorch | ratio |`);
  console.log(`|---|---|---:|---:|---:|`);
  for (const r of rows) console.log(`| ${r.workload} | ${r.unit} | ${fmt(r.torchlet)} | ${fmt(r.pytorch)} | ${r.ratio === null ? '-' : r.ratio.toFixed(2) + 'x'} |`);
  console.log(`\nratio: PyTorch time / torchlet time (torchlet rate / PyTorch rate for /s units; PyTorch memory / torchlet memory for MiB); ` +
    `medians of ${runs} run${runs > 1 ? 's' : ''}; PyTorch with ${torchThreads} thread${torchThreads === '1' ? '' : 's'} on OpenBLAS.`);
  console.log(`load average (1, 5, 15 min) before and after each run: ${machine.loadavg.map((l) => l.join(' ')).join(' | ')} on ${machine.cpus} CPUs`);
  if (targets.length > 0) {
    console.log('\nTargets:');
    for (const t of targets) {
      const need = t.workload.includes('RSS') ? 'peak RSS <= 1.5x PyTorch' : `>= ${t.atLeast}x`;
      console.log(`  ${t.met === null ? '?  ' : t.met ? 'met' : 'NOT'}  ${t.workload}: ${t.ratio === null ? '-' : t.ratio.toFixed(2) + 'x'} (target ${need})`);
    }
  }
  if (!hasTorch) console.log('\n(PyTorch not installed: apt-get install -y python3-torch to compare)');
}
