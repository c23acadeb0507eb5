// The classification example prints what the same program prints in PyTorch 1.13.1 (fixture from
// scripts/seed_torch/classification.py): same clusters, same initial weights, same losses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runExample, repoRoot } from './run_example.js';

test('08-classification prints PyTorch\'s losses and accuracy and writes its figure and animation', () => {
  const r = runExample('08-classification');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, readFileSync(join(repoRoot, 'test/fixtures/examples/08-classification.txt'), 'utf8'));
  assert.ok(existsSync(join(r.cwd, 'out/classification.svg')));
  const html = readFileSync(join(r.cwd, 'out/classification.html'), 'utf8');
  // A frame every 4 steps plus the last one.
  assert.equal((html.match(/<div class="frame" /g) ?? []).length, 26);
  assert.ok(html.includes('Accuracy=1.00'));
});
