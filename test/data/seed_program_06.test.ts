// seed-programs/06-batch-train.ts runs unchanged against the source and prints PyTorch's batches
// (x = linspace(1, 10, 10), y = linspace(10, 1, 10), batch 5, shuffle, manual seed 1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cases } from './fixtures.js';

const repoRoot = resolve(import.meta.dirname, '..', '..');
const program = join(repoRoot, 'examples', '06-batch-train.ts');

test('06-batch-train prints the batches PyTorch prints', { skip: !existsSync(program) && 'examples/06-batch-train.ts is absent' }, () => {
  const r = spawnSync(
    process.execPath,
    ['--import', import.meta.resolve('tsx'), '--import', join(import.meta.dirname, 'torchlet_from_source.mjs'), program],
    { encoding: 'utf8', timeout: 120_000, env: { ...process.env, NODE_OPTIONS: '' } },
  );
  assert.equal(r.status, 0, r.stderr);
  const show = (v: number[]): string => `[ ${v.join(', ')} ]`;
  const expected = cases.seedProgram06.steps.map(
    (s: { epoch: number; step: number; x: number[]; y: number[] }) =>
      `Epoch: ${s.epoch} | Step: ${s.step} | batch x: ${show(s.x)} | batch y: ${show(s.y)}`,
  );
  assert.deepEqual(r.stdout.trimEnd().split('\n'), expected);
});
