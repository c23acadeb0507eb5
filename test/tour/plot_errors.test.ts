// The mistakes a newcomer makes when plotting the tour's tensors fail at the call, naming the problem.
// Only real torchlet tensors are used here; test/plot covers every message in detail with stand-ins.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as torch from '../../src/index.js';
import { figure } from '../../src/plot/index.js';

const x = torch.unsqueeze(torch.linspace(-1, 1, 100), 1); // [100, 1], as in the regression example

test('x and y of different lengths', () => {
  assert.throws(() => figure().scatter(x, x.narrow(0, 0, 99)), /x and y must have the same length, but have lengths 100 and 99/);
  assert.throws(() => figure().line(x, torch.zeros(3)), /lengths 100 and 3/);
});

test('data that is not 1-D (or [n, 1]) is refused with its shape', () => {
  assert.throws(() => figure().line(x.t(), x.t()), /must be 1-D .*\[1, 100\]/);
  assert.throws(() => figure().scatter(torch.zeros(2, 3, 4), torch.zeros(24)), /x must be 1-D .*\[2, 3, 4\]/);
});

test('an unknown file extension is refused before anything is written', () => {
  const dir = mkdtempSync(join(tmpdir(), 'torchlet-plot-'));
  const fig = figure().scatter(x, x.pow(2));
  assert.throws(() => fig.save(join(dir, 'regression.jpg')), /unsupported file extension '\.jpg'.*\.svg or \.png/);
  assert.throws(() => fig.save(join(dir, 'regression.html')), /use saveAnimation\(\) for \.html/);
  assert.equal(existsSync(join(dir, 'regression.jpg')), false);
});

test('a tensor that still requires grad plots as its values', () => {
  const w = torch.ones(1, { requiresGrad: true });
  const svg = figure().line(x, x.mul(w)).toSVG();
  assert.match(svg, /^<svg/);
});
