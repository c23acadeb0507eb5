// `npm run bench`: runs each torchlet workload script and, where Debian's python3-torch is installed,
// the same workload in PyTorch (2 threads, on OpenBLAS: see openblas_env.mjs), then prints one table
// with both numbers and the ratio (PyTorch time / torchlet time, so above 1 means torchlet is
// faster; for steps/s and GFLOP/s it is torchlet's rate over PyTorch's), and which targets are met.
// The tfjs suite (bench/tfjs.mjs) runs the same workloads in TensorFlow.js, installed on demand into
// bench/.scratch (bench/tfjs_install.mjs), on each backend that runs here; the table shows the best
// backend's number and torchlet's ratio to it. Every suite runs in its own processes, one side after
// the other.
//
//   --runs N        run every suite N times (alternating which side goes first) and report medians
//   --only a,b      suites to run: core, seed, gemm, train, rss, save_load, rng, tfjs (default: all)
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
import { ensureTfjs } from './tfjs_install.mjs';
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
  // W1-W6 in TensorFlow.js, one process per backend.
  { id: 'tfjs', tfjs: [['tfjs.mjs', '--backends', 'wasm'], ['tfjs.mjs', '--backends', 'cpu']] },
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
  { workload: 'GEMM n=1024', atLeast: 0.5 },
  { workload: 'GEMM n=2048', atLeast: 0.5 },
  { workload: 'W5 MLP peak RSS (200 steps, own process)', atLeast: 1 / 1.5 },
];
// Every workload TF.js runs: torchlet at least this many times better than its best backend here.
const TFJS_TARGET = 2;

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
// TF.js is installed only when its suite is asked for; without it that column stays empty.
const tfjsAsked = suites.some((s) => s.tfjs);
const tfjsInstall = tfjsAsked ? ensureTfjs() : null;
if (tfjsInstall?.error) process.stderr.write(`TF.js left out: ${tfjsInstall.error}\n`);
const hasTfjs = tfjsAsked && !tfjsInstall.error;

/** The processes of one suite: [side, command, script and arguments, environment]. */
const commands = (s) => [
  ...(s.js ? [['ours', process.execPath, s.js, ourEnv]] : []),
  ...(s.py && hasTorch ? [['theirs', PY, s.py, pyEnv]] : []),
  ...(s.tfjs && hasTfjs ? s.tfjs.map((args) => ['tfjs', process.execPath, args, process.env]) : []),
];

const load = [loadavg()];
// name -> { unit, ours: number[], theirs: number[], tier, tfjs: backend -> { values: number[], note?, skipped?, estimated? } }
const results = new Map();
const tfjsBackends = [];
const record = (side, row) => {
  if (side === 'tfjs' && row.tfjs) {
    if (!tfjsBackends.some((b) => b.backend === row.tfjs.backend)) tfjsBackends.push(row.tfjs);
    return;
  }
  const skipped = side === 'tfjs' && row.skipped;
  if ((row.value === null || row.value === undefined) && !skipped) return;
  let r = results.get(row.name);
  if (!r) results.set(row.name, (r = { unit: row.unit, ours: [], theirs: [], tier: null, tfjs: {} }));
  if (side === 'tfjs') {
    const b = (r.tfjs[row.backend] ??= { values: [] });
    if (skipped) b.skipped = row.skipped;
    else b.values.push(row.value);
    if (row.note) b.note = row.note;
    if (row.estimated) b.estimated = true;
    return;
  }
  r[side].push(row.value);
  if (side === 'ours' && row.tier) r.tier = row.tier;
};
for (let run = 0; run < runs; run++) {
  for (const s of suites) {
    // Alternate who goes first, so a slow spell of a shared machine does not always fall on one side.
    const sides = run % 2 === 0 ? commands(s) : commands(s).reverse();
    for (const [side, cmd, [script, ...args], env] of sides) runLines(cmd, [join(here, script), ...args], env).forEach((r) => record(side, r));
  }
  load.push(loadavg());
}

const higherIsBetter = (unit) => /\/s$/.test(unit);
/** How many times better `ours` is than `theirs` (their time over ours, our rate over theirs), or null. */
const advantage = (unit, ours, theirs) => (ours === null || theirs === null ? null : higherIsBetter(unit) ? ours / theirs : theirs / ours);
/** TF.js's best backend for a workload: the median of each, then the fastest; null when none ran it. */
function tfjsBest(unit, byBackend) {
  let best = null;
  for (const [backend, b] of Object.entries(byBackend)) {
    if (b.values.length === 0) continue;
    const value = median(b.values);
    if (best === null || advantage(unit, value, best.value) > 1) best = { backend, value, ...(b.estimated ? { estimated: true } : {}) };
  }
  return best;
}

const rows = [];
for (const [name, r] of results) {
  const hasTfjsRow = Object.keys(r.tfjs).length > 0;
  if (r.ours.length === 0 && !hasTfjsRow) continue;
  const torchlet = r.ours.length > 0 ? median(r.ours) : null;
  const pytorch = r.theirs.length > 0 ? median(r.theirs) : null;
  const row = { workload: name, unit: r.unit, torchlet, pytorch, ratio: advantage(r.unit, torchlet, pytorch), samples: { torchlet: r.ours, pytorch: r.theirs }, ...(r.tier ? { tier: r.tier } : {}) };
  if (hasTfjsRow) {
    const best = tfjsBest(r.unit, r.tfjs);
    row.tfjs = { best, ratio: advantage(r.unit, torchlet, best?.value ?? null), backends: r.tfjs };
  }
  rows.push(row);
}
const targets = [
  ...TARGETS.filter((t) => rows.some((r) => r.workload === t.workload && r.torchlet !== null)).map((t) => {
    const r = rows.find((x) => x.workload === t.workload);
    return { ...t, against: 'PyTorch', ratio: r.ratio, met: r.ratio === null ? null : r.ratio >= t.atLeast };
  }),
  ...rows.filter((r) => r.tfjs && r.torchlet !== null).map((r) => ({
    workload: r.workload, against: 'TF.js best', atLeast: TFJS_TARGET, ratio: r.tfjs.ratio, met: r.tfjs.ratio === null ? null : r.tfjs.ratio >= TFJS_TARGET,
  })),
];
const machine = {
  cpus: cpus().length, node: process.version, runs, torchThreads: Number(torchThreads), loadavg: load.map((l) => l.map((v) => +v.toFixed(2))),
  ...(tfjsAsked ? { tfjs: tfjsInstall.error ? { error: tfjsInstall.error } : { backends: tfjsBackends } } : {}),
};

if (asJson) console.log(JSON.stringify({ machine, rows, targets }, null, 2));
else {
  const fmt = (v) => (v === null ? '-' : v >= 100 ? v.toFixed(0) : v >= 1 ? v.toFixed(2) : v.toFixed(3));
  const times = (x) => (x === null || x === undefined ? '-' : x.toFixed(2) + 'x');
  const tfjsCells = (r) => (!tfjsAsked ? '' : !r.tfjs?.best ? ' - | - |' : ` ${r.tfjs.best.estimated ? '~' : ''}${fmt(r.tfjs.best.value)} (${r.tfjs.best.backend}) | ${times(r.tfjs.ratio)} |`);
  console.log(`| workload | unit | torchlet | PyTorch | ratio |${tfjsAsked ? ' TF.js best | vs TF.js |' : ''}`);
  console.log(`|---|---|---:|---:|---:|${tfjsAsked ? '---:|---:|' : ''}`);
  for (const r of rows) console.log(`| ${r.workload} | ${r.unit} | ${fmt(r.torchlet)} | ${fmt(r.pytorch)} | ${times(r.ratio)} |${tfjsCells(r)}`);
  console.log(`\nratio: PyTorch time / torchlet time (torchlet rate / PyTorch rate for /s units; PyTorch memory / torchlet memory for MiB); ` +
    `medians of ${runs} run${runs > 1 ? 's' : ''}; PyTorch with ${torchThreads} thread${torchThreads === '1' ? '' : 's'} on OpenBLAS.`);
  if (tfjsAsked) {
    const describe = (b) => `${b.backend}${b.backend === 'wasm' ? ` (SIMD ${b.simd ? 'on' : 'off'}, ${b.threads} thread${b.threads === 1 ? '' : 's'})` : ' (pure JS)'}`;
    console.log(tfjsInstall.error ? `TF.js best: empty, TF.js is unavailable (${tfjsInstall.error}).`
      : `TF.js best: the fastest of TensorFlow.js ${tfjsBackends[0]?.version ?? ''} backends ${tfjsBackends.map(describe).join(', ')}; vs TF.js: the same ratio against it; ~: an estimate (below).`);
    for (const r of rows) {
      for (const [backend, b] of Object.entries(r.tfjs?.backends ?? {})) {
        if (b.skipped || b.note) console.log(`  TF.js ${backend}, ${r.workload}: ${b.skipped ? `not run: ${b.skipped}` : b.note}`);
      }
    }
  }
  console.log(`load average (1, 5, 15 min) before and after each run: ${machine.loadavg.map((l) => l.join(' ')).join(' | ')} on ${machine.cpus} CPUs`);
  if (targets.length > 0) {
    console.log('\nTargets:');
    for (const t of targets) {
      const what = t.against === 'PyTorch' ? `${times(t.ratio)}` : `torchlet vs TF.js best: ${times(t.ratio)}`;
      const need = t.workload.includes('RSS') ? 'peak RSS <= 1.5x PyTorch' : `>= ${t.atLeast}x`;
      console.log(`  ${t.met === null ? '?  ' : t.met ? 'met' : 'NOT'}  ${t.workload}: ${what} (target ${need})`);
    }
  }
  if (!hasTorch) console.log('\n(PyTorch not installed: apt-get install -y python3-torch to compare)');
}
