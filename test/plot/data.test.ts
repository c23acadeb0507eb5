import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPairs, isData, toSeries } from '../../src/plot/data.js';
import { tensor } from './fake_tensor.js';

test('plain arrays, typed arrays and bigint arrays become float64 series', () => {
  assert.deepEqual([...toSeries([1, 2, 3], 'y')], [1, 2, 3]);
  assert.deepEqual([...toSeries(new Float32Array([0.5, 1.5]), 'y')], [0.5, 1.5]);
  assert.deepEqual([...toSeries(new Int32Array([-1, 4]), 'y')], [-1, 4]);
  assert.deepEqual([...toSeries(new BigInt64Array([3n, 4n]), 'y')], [3, 4]);
});

test('null is a gap, like matplotlib None', () => {
  assert.ok(Number.isNaN(toSeries([1, null, 3], 'y')[1]!));
});

test('tensors of shape [n] and [n, 1] are 1-D data', () => {
  assert.deepEqual([...toSeries(tensor([1, 2, 3], [3]), 'x')], [1, 2, 3]);
  assert.deepEqual([...toSeries(tensor([1, 2, 3], [3, 1]), 'x')], [1, 2, 3]);
  const typed = { shape: [2, 1], toTypedArray: () => new Float32Array([7, 8]) };
  assert.deepEqual([...toSeries(typed, 'x')], [7, 8]);
  assert.deepEqual([...toSeries([[1], [2]], 'x')], [1, 2]);
});

test('data that is not 1-D is refused with its shape', () => {
  assert.throws(() => toSeries(tensor(new Array(12).fill(0), [3, 4]), 'y'), /y must be 1-D .*shape \[3, 4\]/);
  assert.throws(() => toSeries({ shape: [2, 2, 1], toArray: () => [] }, 'x'), /shape \[2, 2, 1\]/);
  assert.throws(() => toSeries([[1, 2], [3, 4]], 'y'), /shape \[2, 2\]/);
});

test('non-numeric values and non-data are refused by name', () => {
  assert.throws(() => toSeries([1, 'a', 3], 'x'), /x must hold numbers, but element 1 is 'a'/);
  assert.throws(() => toSeries('abc', 'y'), /y must be a number array, a typed array or a tensor/);
  assert.throws(() => toSeries({ length: 3 }, 'y'), /without shape\/toArray/);
});

test('isData tells data from an options object', () => {
  assert.equal(isData([1]), true);
  assert.equal(isData(new Float64Array(1)), true);
  assert.equal(isData(tensor([1], [1])), true);
  assert.equal(isData({ label: 'a' }), false);
});

test('x and y must pair up and hold at least one finite point', () => {
  const f = (a: number[]) => Float64Array.from(a);
  assert.throws(() => checkPairs('line', f([1, 2, 3]), f([1, 2])), /x and y must have the same length, but have lengths 3 and 2/);
  assert.throws(() => checkPairs('line', f([1, 2]), f([NaN, NaN])), /y is all NaN/);
  assert.throws(() => checkPairs('scatter', f([NaN]), f([NaN])), /x and y are all NaN/);
  assert.throws(() => checkPairs('line', f([1, NaN]), f([NaN, 2])), /no \(x, y\) pair/);
  assert.throws(() => checkPairs('line', f([]), f([])), /empty/);
  checkPairs('line', f([1, NaN]), f([1, 2]));
});
