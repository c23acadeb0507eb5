// Creation from JS data: nested arrays, scalars, typed arrays (copied by tensor, shared by from),
// and conversion back (toArray, item, toTypedArray). Values and dtypes as torch.tensor/from_numpy give.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../../src/index.js';

test('tensor infers PyTorch dtypes from JS values', () => {
  assert.equal(torch.tensor([1, 2]).dtype, torch.float32);
  assert.equal(torch.tensor([1n, 2n]).dtype, torch.int64);
  assert.equal(torch.tensor([true, false]).dtype, torch.bool);
  assert.equal(torch.tensor([true, 2]).dtype, torch.float32);
  assert.equal(torch.tensor([true, 2n]).dtype, torch.int64);
  assert.equal(torch.tensor(3.5).dtype, torch.float32);
  assert.equal(torch.tensor(3n).dtype, torch.int64);
  assert.equal(torch.tensor([]).dtype, torch.float32);
  assert.equal(torch.tensor(new Float64Array(2)).dtype, torch.float64);
  assert.equal(torch.tensor(new Int32Array(2)).dtype, torch.int32);
  assert.equal(torch.tensor(new Uint8Array(2)).dtype, torch.uint8);
  assert.equal(torch.tensor(new BigInt64Array(2)).dtype, torch.int64);
  assert.equal(torch.tensor([new Int16Array([1, 2])]).dtype, torch.int16);
  assert.equal(torch.tensor([torch.tensor([1n]), torch.tensor([2n])]).dtype, torch.int64);
  assert.deepEqual(torch.tensor([[1, 2], [3, 4]]).shape, [2, 2]);
  assert.deepEqual(torch.tensor([[]]).shape, [1, 0]);
  assert.deepEqual(torch.tensor([1.7, -2.7], { dtype: torch.int64 }).toArray(), [1, -2]);
});

test('tensor copies; from shares memory both ways', () => {
  const a = new Float32Array([1, 2, 3, 4]);
  const copied = torch.tensor(a);
  const shared = torch.from(a, [2, 2]);
  a[0] = 9;
  assert.equal(copied.toArray()[0], 1);
  assert.deepEqual(shared.toArray(), [[9, 2], [3, 4]]);
  shared.index(1).fill_(0);
  assert.deepEqual(Array.from(a), [9, 2, 0, 0]);
  assert.equal(torch.from(new Float64Array(6), [2, 3]).dtype, torch.float64);
  assert.equal(torch.from(new Int32Array(3)).dtype, torch.int32);
});

test('back to JS: toArray, item, toTypedArray', () => {
  const t = torch.tensor([[1.5, 2], [3, 4]]);
  assert.deepEqual(t.toArray(), [[1.5, 2], [3, 4]]);
  assert.deepEqual(t.t().toArray(), [[1.5, 3], [2, 4]]);
  assert.equal(torch.tensor([[7]]).item(), 7);
  assert.equal(torch.tensor(true).item(), true);
  assert.deepEqual(torch.tensor([true, false]).toArray(), [true, false]);
  const big = torch.tensor([5n, -6n]).toTypedArray();
  assert.ok(big instanceof BigInt64Array);
  assert.deepEqual(Array.from(big as BigInt64Array), [5n, -6n]);
  const own = t.toTypedArray();
  (own as Float32Array)[0] = 100;
  assert.equal(t.toArray()[0][0], 1.5, 'toTypedArray hands back a copy');
  // Integer results never hold a negative zero (it would print as '-0.' once converted to float).
  const z = torch.tensor([0n, 3n]).mul(-1);
  assert.ok(Object.is(z.toArray()[0], 0));
  assert.equal(String(z.float()), 'tensor([ 0., -3.])');
});

test('factories', () => {
  assert.deepEqual(torch.zeros(2, 3).shape, [2, 3]);
  assert.deepEqual(torch.zeros([2, 3]).shape, [2, 3]);
  assert.equal(torch.ones([2], { dtype: torch.int32 }).dtype, torch.int32);
  assert.deepEqual(torch.full([2], 2.5).toArray(), [2.5, 2.5]);
  assert.deepEqual(torch.eye(2, 3).toArray(), [[1, 0, 0], [0, 1, 0]]);
  assert.equal(torch.arange(5).dtype, torch.int64);
  assert.equal(torch.arange(0, 1, 0.5).dtype, torch.float32);
  assert.deepEqual(torch.linspace(0, 1, 3).toArray(), [0, 0.5, 1]);
  const like = torch.zerosLike(torch.ones([2, 2], { dtype: torch.float64 }));
  assert.equal(like.dtype, torch.float64);
  assert.equal(torch.onesLike(torch.ones([1]), { dtype: torch.int64 }).dtype, torch.int64);
  assert.equal(torch.zeros([2], { requiresGrad: true }).requiresGrad, true);
});
