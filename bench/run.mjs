// `npm run bench`: runs each torchlet workload script and, where Debian's python3-torch is installed,
// the matching PyTorch script, then prints one table with both numbers and the ratio
// (PyTorch time / torchlet time: above 1 means torchlet is faster). `--json` prints the rows as JSON.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { torchEnv } from './openblas_env.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const PY = '/usr/bin/python3';
const SUITES = [
  { js: 'core.mjs', py: 'core_torch.py' },
  { js: 'gemm.mjs', py: 'gemm_torch.py' },
  { js: 'save_load.mjs', py: 'save_load_torch.py' },
  { js: 'rng.mjs', py: 'rng_torch.py' },
];

function runLines(cmd, args, env = process.env) {
  const r = spawnSync(cmd, args, { cwd: here, env, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) {
    process.stderr.write(`${cmd} ${args.join(' ')} failed:\n${r.stderr}\n`);
    return [];
  }
  return r.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
}

const hasTorch = existsSync(PY) && spawnSync(PY, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;
// PyTorch runs on OpenBLAS (unpacked into bench/.scratch), not the reference BLAS Debian links by default.
const pyEnv = hasTorch ? torchEnv() : process.env;
const rows = [];
for (const s of SUITES) {
  const ours = runLines(process.execPath, [join(here, s.js)]);
  const theirs = hasTorch ? runLines(PY, [join(here, s.py)], pyEnv) : [];
  for (const o of ours) {
    const t = theirs.find((x) => x.name === o.name);
    const lowerIsBetter = !/\/s$/.test(o.unit);
    const ratio = t ? (lowerIsBetter ? t.value / o.value : o.value / t.value) : null;
    rows.push({ workload: o.name, unit: o.unit, torchlet: o.value, pytorch: t?.value ?? null, ratio });
  }
}

if (process.argv.includes('--json')) console.log(JSON.stringify(rows, null, 2));
else {
  const fmt = (v) => (v === null ? '-' : v >= 100 ? v.toFixed(0) : v >= 1 ? v.toFixed(2) : v.toFixed(3));
  console.log(`| workload | unit | torchlet | PyTorch | ratio (PyTorch/torchlet time) |`);
  console.log(`|---|---|---:|---:|---:|`);
  for (const r of rows) console.log(`| ${r.workload} | ${r.unit} | ${fmt(r.torchlet)} | ${fmt(r.pytorch)} | ${r.ratio === null ? '-' : r.ratio.toFixed(2) + 'x'} |`);
  if (!hasTorch) console.log('\n(PyTorch not installed: apt-get install -y python3-torch to compare)');
}
