// The seed's tensor tour runs unchanged and prints what PyTorch prints for the same program (the
// tensor reprs were checked against PyTorch 1.13.1; JS prints the typed array and nested arrays itself).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runExample, repoRoot } from './run_example.js';

test('01-tensor-basics prints PyTorch reprs line by line', () => {
  const r = runExample('01-tensor-basics');
  assert.equal(r.status, 0, r.stderr);
  const expected = readFileSync(join(repoRoot, 'test/fixtures/examples/01-tensor-basics.txt'), 'utf8').split('\n');
  const actual = r.stdout.split('\n');
  for (let i = 0; i < expected.length; i++) assert.equal(actual[i], expected[i], `line ${i + 1}`);
  assert.equal(actual.length, expected.length);
});
