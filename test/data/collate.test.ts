// defaultCollate / defaultConvert: tensors, numbers, tuples, objects, strings, and their errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../../src/index.js';
import { cases } from './fixtures.js';

const { defaultCollate, defaultConvert, DataLoader } = torch.utils.data;

test('tensors are stacked along a new batch dimension', () => {
  const b = defaultCollate([torch.tensor([1, 2]), torch.tensor([3, 4]), torch.tensor([5, 6])]);
  assert.deepEqual(b.shape, [3, 2]);
  assert.equal(b.dtype, torch.float32);
  assert.deepEqual(b.toArray(), [[1, 2], [3, 4], [5, 6]]);
  assert.throws(() => defaultCollate([torch.zeros(2), torch.zeros(3)]), /stack expects each tensor to be equal size/);
});

test('numbers become int64 when whole and float64 otherwise, as Python ints and floats do', () => {
  const ints = defaultCollate([1, 2, 3]);
  assert.equal(String(ints.dtype), cases.collate.ints.dtype);
  assert.deepEqual(ints.toArray(), cases.collate.ints.values);
  const floats = defaultCollate([1.5, 2, 3.25]);
  assert.equal(String(floats.dtype), cases.collate.floats.dtype);
  assert.deepEqual(floats.toArray(), cases.collate.floats.values);
  const bools = defaultCollate([true, false]);
  assert.equal(String(bools.dtype), cases.collate.bools.dtype);
  assert.deepEqual(bools.toArray(), cases.collate.bools.values);
  assert.equal(defaultCollate([1n, 2n]).dtype, torch.int64);
  assert.equal(defaultCollate([NaN, 1]).dtype, torch.float64);
});

test('tuples are collated position by position and objects field by field', () => {
  const c = cases.collate.nested;
  const batch = defaultCollate([
    { a: 1, b: [torch.tensor([1, 2]), 'x'] as [torch.Tensor, string] },
    { a: 2, b: [torch.tensor([3, 4]), 'y'] as [torch.Tensor, string] },
  ]);
  assert.equal(String(batch.a.dtype), c.a.dtype);
  assert.deepEqual(batch.a.toArray(), c.a.values);
  assert.deepEqual(batch.b[0].toArray(), c.b0);
  assert.deepEqual(batch.b[1], c.b1);
  const tuple = defaultCollate([[torch.tensor(1), 0.5], [torch.tensor(2), 1.5]] as [torch.Tensor, number][]);
  assert.deepEqual(tuple[0].toArray(), [1, 2]);
  assert.equal(tuple[1].dtype, torch.float64);
  const m = defaultCollate([new Map([['k', 1]]), new Map([['k', 2]])]);
  assert.deepEqual(m.get('k')!.toArray(), [1, 2]);
});

test('strings stay strings and typed arrays are stacked like numpy arrays', () => {
  assert.deepEqual(defaultCollate(['a', 'b']), ['a', 'b']);
  const t = defaultCollate([new Float64Array([1, 2]), new Float64Array([3, 4])]);
  assert.equal(t.dtype, torch.float64);
  assert.deepEqual(t.toArray(), [[1, 2], [3, 4]]);
  assert.equal(defaultCollate([new Uint8Array([1]), new Uint8Array([2])]).dtype, torch.uint8);
});

test('unsupported and inconsistent batches are refused', () => {
  assert.throws(() => defaultCollate([null]), /default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; found null/);
  class Point {
    x = 1;
  }
  assert.throws(() => defaultCollate([new Point()]), /found Point/);
  assert.throws(() => defaultCollate([[1, 2], [3]]), { message: 'each element in list of batch should be of equal size' });
  assert.throws(() => defaultCollate([1, 'a']), /found string at batch position 1/);
  assert.throws(() => defaultCollate([{ a: 1 }, { b: 2 }]), /sample 1 has no key 'a'/);
  assert.throws(() => defaultCollate([]), /cannot collate an empty batch/);
});

test('defaultConvert turns typed arrays into tensors and leaves the rest', () => {
  const data = new Float32Array([1, 2]);
  const converted = defaultConvert({ x: data, label: 3, name: 'n' }) as { x: torch.Tensor; label: number; name: string };
  assert.ok(converted.x instanceof torch.Tensor);
  assert.deepEqual(converted.x.toArray(), [1, 2]);
  assert.equal(converted.label, 3);
  assert.equal(converted.name, 'n');
});

test('the loader collates dataset samples of every kind', () => {
  const samples = [
    { image: torch.ones(2, 2), label: 0, tag: 'a' },
    { image: torch.zeros(2, 2), label: 1, tag: 'b' },
    { image: torch.ones(2, 2), label: 1, tag: 'c' },
  ];
  const [first] = new DataLoader(samples, { batchSize: 2 });
  assert.deepEqual(first!.image.shape, [2, 2, 2]);
  assert.equal(first!.label.dtype, torch.int64);
  assert.deepEqual(first!.label.toArray(), [0, 1]);
  assert.deepEqual(first!.tag, ['a', 'b']);
});
