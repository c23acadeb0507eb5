// Builds the optional native kernel library (native/*.c -> native/build/torchlet_native.node) with
// the C compiler found on PATH (or $CC), against the Node-API headers that ship with Node. Run by
// `npm install`; it never fails the install: without a compiler or headers, or when a step fails,
// it prints one line and exits 0, and torchlet then uses its portable kernels.
//
//   node scripts/build-native.mjs [--out DIR] [--force] [--verbose]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'native');
const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const outDir = resolve(opt('--out') ?? join(src, 'build'));
const verbose = args.includes('--verbose');
const target = join(outDir, 'torchlet_native.node');

let objDir = null;

function skip(why) {
  if (objDir) rmSync(objDir, { recursive: true, force: true });
  console.log(`torchlet: native kernels not built (${why}); using the portable kernels`);
  process.exit(0);
}

function run(cmd, argv) {
  if (verbose) console.log([cmd, ...argv].join(' '));
  const r = spawnSync(cmd, argv, { encoding: 'utf8' });
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}`, missing: r.error?.code === 'ENOENT' };
}

/** The compiler's first error line (its first line when none says "error"). */
function firstError(out) {
  const lines = out.trim().split('\n');
  return (lines.find((l) => /error/i.test(l)) ?? lines[0] ?? '').trim();
}

function findCompiler() {
  const candidates = [process.env.CC, 'cc', 'gcc', 'clang'].filter(Boolean);
  for (const c of candidates) {
    const parts = c.split(/\s+/);
    const r = run(parts[0], [...parts.slice(1), '--version']);
    if (r.ok) return parts;
  }
  return null;
}

function findNodeApiHeaders() {
  const prefix = resolve(dirname(process.execPath), '..');
  const dirs = [join(prefix, 'include', 'node'), '/usr/include/node', '/usr/local/include/node'];
  if (process.env.npm_config_nodedir) dirs.unshift(join(process.env.npm_config_nodedir, 'include', 'node'));
  return dirs.find((d) => existsSync(join(d, 'node_api.h'))) ?? null;
}

function upToDate() {
  if (!existsSync(target)) return false;
  const built = statSync(target).mtimeMs;
  return readdirSync(src).every((f) => !/\.[ch]$/.test(f) || statSync(join(src, f)).mtimeMs <= built);
}

try {
  if (process.platform === 'win32') skip('Windows builds are not set up');
  if (!args.includes('--force') && upToDate()) {
    console.log(`torchlet: native kernels up to date (${target})`);
    process.exit(0);
  }
  const cc = findCompiler();
  if (!cc) skip('no C compiler found: set CC or install gcc/clang');
  const headers = findNodeApiHeaders();
  if (!headers) skip('Node-API headers (node_api.h) not found next to this Node');

  const x86 = process.arch === 'x64';
  // One object folder per build process: two builds at once (an install while tests rebuild) must not
  // delete each other's objects.
  objDir = join(outDir, `obj.${process.pid}`);
  mkdirSync(objDir, { recursive: true });
  const common = ['-std=gnu11', '-O3', '-fPIC', '-fvisibility=hidden', '-pthread', `-I${headers}`, `-I${src}`];
  if (x86) common.push('-DTORCHLET_X86');
  // Every native/*.c file is one unit. A file named *_avx2.c or *_avx512.c is an instruction-set
  // variant: only it is compiled with that ISA's flags (and only on x86-64), and the code that calls
  // it chooses among the variants at run time from the CPU's features.
  const ISA_FLAGS = { avx2: ['-mavx2', '-mfma'], avx512: ['-mavx512f', '-mavx2', '-mfma'] };
  const units = [];
  for (const file of readdirSync(src).filter((f) => f.endsWith('.c')).sort()) {
    const isa = /_(avx2|avx512)\.c$/.exec(file)?.[1];
    if (isa && !x86) continue;
    units.push([file, isa ? ISA_FLAGS[isa] : []]);
  }
  const objects = [];
  for (const [file, flags] of units) {
    const obj = join(objDir, file.replace(/\.c$/, '.o'));
    const r = run(cc[0], [...cc.slice(1), ...common, ...flags, '-c', join(src, file), '-o', obj]);
    if (!r.ok) skip(`compiling ${file} failed: ${firstError(r.out)}`);
    objects.push(obj);
  }
  const tmp = join(outDir, `torchlet_native.${process.pid}.tmp.node`);
  const shared = process.platform === 'darwin' ? ['-bundle', '-undefined', 'dynamic_lookup'] : ['-shared'];
  const link = run(cc[0], [...cc.slice(1), ...shared, '-pthread', ...objects, '-lm', '-o', tmp]);
  if (!link.ok) skip(`linking failed: ${firstError(link.out)}`);
  // Load it in a separate process before publishing it, so a broken library never replaces a good one.
  const probe = spawnSync(process.execPath, ['-e', `const m = require(${JSON.stringify(tmp)}); process.stdout.write(m.isa())`], { encoding: 'utf8' });
  if (probe.status !== 0) {
    rmSync(tmp, { force: true });
    skip(`the built library does not load: ${(probe.stderr ?? '').trim().split('\n')[0]}`);
  }
  renameSync(tmp, target);
  rmSync(objDir, { recursive: true, force: true });
  console.log(`torchlet: native kernels built (${probe.stdout}) at ${target}`);
} catch (e) {
  skip(e instanceof Error ? e.message.split('\n')[0] : String(e));
}
