// One multinomial sample with replacement consumes what PyTorch 1.13.1 consumes (one uniform), so
// the draws after it stay equal to PyTorch's (values from /usr/bin/python3, torch 1.13.1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../../src/index.js';

test('multinomial(p, 1, replacement) keeps the stream in step with PyTorch', () => {
  const p = [0.1, 0.9, 0.4, 0.7, 3, 0.6];
  for (const [replacement, next] of [[true, [0.9868, 0.608]], [false, [0.6332, 0.7692]]] as const) {
    torch.manualSeed(6);
    assert.deepEqual(torch.multinomial(torch.tensor(p, { dtype: torch.float64 }), 1, replacement).toArray(), [4]);
    const r = torch.rand(2).toArray() as number[];
    r.forEach((v, i) => assert.ok(Math.abs(v - next[i]) < 1e-4, `replacement=${replacement}: ${r}`));
  }
});
