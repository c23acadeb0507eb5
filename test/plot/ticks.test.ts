import { test } from 'node:test';
import assert from 'node:assert/strict';
import { autoLimits, axisTicks, finiteExtent } from '../../src/plot/ticks.js';

test('automatic limits add matplotlib 5% margins', () => {
  const [lo, hi] = autoLimits(finiteExtent([Float64Array.from([-1, 0, 1, NaN])]));
  assert.ok(Math.abs(lo + 1.1) < 1e-12 && Math.abs(hi - 1.1) < 1e-12);
  assert.deepEqual(autoLimits(null), [0, 1]);
  const [a, b] = autoLimits([2, 2]);
  assert.ok(a < 2 && b > 2);
});

test('ticks are nice steps with just enough decimals and a real minus sign', () => {
  const t = axisTicks([-1.1, 1.1], 580, true);
  assert.deepEqual(t.labels, ['\u22121.00', '\u22120.75', '\u22120.50', '\u22120.25', '0.00', '0.25', '0.50', '0.75', '1.00']);
  const y = axisTicks([0, 0.2], 400, false);
  assert.deepEqual(y.labels, ['0.000', '0.025', '0.050', '0.075', '0.100', '0.125', '0.150', '0.175', '0.200']);
  const ints = axisTicks([-19.15, 402.15], 700, true);
  assert.deepEqual(ints.values, [0, 50, 100, 150, 200, 250, 300, 350, 400]);
  assert.equal(ints.labels[1], '50');
});

test('short axes get fewer ticks, and inverted limits still tick', () => {
  assert.ok(axisTicks([0, 100], 60, true).values.length <= 3);
  assert.deepEqual(axisTicks([1, 0], 300, false).values, axisTicks([0, 1], 300, false).values);
});

test('very large or small values are scaled and show an offset', () => {
  const big = axisTicks([0, 3e6], 400, false);
  assert.equal(big.offsetText, '1e6');
  assert.ok(big.labels.includes('1.0'));
  const small = axisTicks([0, 0.0004], 400, false);
  assert.equal(small.offsetText, '1e\u22124');
});
