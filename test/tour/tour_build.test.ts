// `tour.mjs --build` compiles src/ into dist/ by itself (esbuild, file by file, tsc's layout) and the
// examples then run on that build: checked in a scratch copy of the package so the shared dist/ stays.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repoRoot = resolve(import.meta.dirname, '..', '..');

test('--build writes dist/ from src/ and the examples run on it', () => {
  const pkg = mkdtempSync(join(tmpdir(), 'torchlet-build-'));
  for (const p of ['package.json', 'tsconfig.json', 'src', 'examples', 'scripts/tour.mjs']) cpSync(join(repoRoot, p), join(pkg, p), { recursive: true });
  symlinkSync(join(repoRoot, 'node_modules'), join(pkg, 'node_modules'), 'dir');
  const r = spawnSync(process.execPath, [join(pkg, 'scripts/tour.mjs'), '--build', '01-tensor', '04-quick'], {
    cwd: pkg,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^built dist\/ from src\/ in [\d.]+s/m);
  for (const f of ['index.js', 'plot/index.js', 'backend/native.js', 'config.js']) assert.ok(existsSync(join(pkg, 'dist', f)), `dist/${f}`);
  assert.match(r.stdout, /error: 1D tensors expected, but got 2D and 2D tensors/);
  assert.match(r.stdout, /\[ '0\.weight', '0\.bias', '2\.weight', '2\.bias' \]/);
  assert.match(r.stdout, /2\/2 examples ran/);
});
