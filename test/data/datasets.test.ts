// Datasets: TensorDataset, ConcatDataset, Subset, ChainDataset, user subclasses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../../src/index.js';

const { Dataset, IterableDataset, TensorDataset, ConcatDataset, ChainDataset, Subset, DataLoader } = torch.utils.data;

test('TensorDataset returns the i-th slice of every tensor', () => {
  const x = torch.arange(6).reshape(3, 2);
  const y = torch.tensor([7, 8, 9]);
  const ds = new TensorDataset(x, y);
  assert.equal(ds.length, 3);
  const [xi, yi] = ds.getItem(1);
  assert.deepEqual(xi.toArray(), [2, 3]);
  assert.equal(yi.item(), 8);
  assert.deepEqual(ds.getItem(-1)[0].toArray(), [4, 5]);
  assert.equal([...ds].length, 3);
  assert.equal(ds.tensors[0], x);
});

test('TensorDataset checks its tensors', () => {
  assert.throws(() => new TensorDataset(torch.zeros(3), torch.zeros(4)), /^RangeError: Size mismatch between tensors/);
  assert.throws(() => new TensorDataset(), /needs at least one tensor/);
  assert.throws(() => new TensorDataset(torch.tensor(1)), /0-dimensional/);
  assert.throws(() => new TensorDataset(torch.zeros(3)).getItem(3), { message: 'index 3 is out of bounds for dimension 0 with size 3' });
});

test('a TensorDataset subclass that overrides getItem is loaded through getItem', () => {
  class Doubled extends TensorDataset<[torch.Tensor]> {
    override getItem(i: number): [torch.Tensor] {
      return [super.getItem(i)[0].mul(2)];
    }
  }
  const [batch] = new DataLoader(new Doubled(torch.tensor([1, 2, 3])), { batchSize: 3 });
  assert.deepEqual(batch![0].toArray(), [2, 4, 6]);
});

test('gradients flow through batches of tensors that require them', () => {
  const w = torch.tensor([1, 2, 3], { requiresGrad: true });
  const [[b]] = new DataLoader(new TensorDataset(w), { batchSize: 2, sampler: [2, 0] });
  b!.sum().backward();
  assert.deepEqual(w.grad!.toArray(), [1, 0, 1]);
});

test('ConcatDataset chains map-style datasets and supports negative indices', () => {
  const a = new TensorDataset(torch.tensor([0, 1, 2]));
  const b = new TensorDataset(torch.tensor([3, 4]));
  const c = new ConcatDataset([a, b]);
  assert.equal(c.length, 5);
  assert.deepEqual(c.cumulativeSizes, [3, 5]);
  assert.deepEqual([...c].map(([t]) => t!.item()), [0, 1, 2, 3, 4]);
  assert.equal(c.getItem(-1)[0]!.item(), 4);
  assert.throws(() => c.getItem(-6), { message: 'absolute value of index should not exceed dataset length' });
  assert.throws(() => c.getItem(5), /out of range/);
  assert.throws(() => new ConcatDataset([]), { message: 'datasets should not be an empty iterable' });
  assert.equal(a.add(b).length, 5);
});

test('Subset restricts and reorders a dataset', () => {
  const ds = new TensorDataset(torch.arange(10).mul(10));
  const s = new Subset(ds, [9, 0, 5]);
  assert.equal(s.length, 3);
  assert.deepEqual([...s].map(([t]) => t!.item()), [90, 0, 50]);
  assert.throws(() => s.getItem(3), /out of range/);
  const [batch] = new DataLoader(s, { batchSize: 3 });
  assert.deepEqual(batch![0].toArray(), [90, 0, 50]);
});

test('user datasets: map-style subclasses and iterable streams', () => {
  class Squares extends Dataset<number> {
    get length(): number {
      return 4;
    }
    getItem(i: number): number {
      return i * i;
    }
  }
  assert.deepEqual([...new Squares()], [0, 1, 4, 9]);
  class Letters extends IterableDataset<string> {
    *[Symbol.iterator](): Iterator<string> {
      yield* ['a', 'b', 'c'];
    }
  }
  const chain = new ChainDataset([new Letters(), new Letters()]);
  assert.deepEqual([...chain], ['a', 'b', 'c', 'a', 'b', 'c']);
  assert.deepEqual([...new Letters().add(new Letters())].length, 6);
  assert.deepEqual(Array.from(new DataLoader(new Letters(), { batchSize: 2 })), [['a', 'b'], ['c']]);
  assert.throws(() => new DataLoader(new Letters()).length, /has no len\(\)/);
  // A plain object with length and getItem is a dataset too.
  const plain = { length: 3, getItem: (i: number) => i + 0.5 };
  assert.deepEqual(Array.from(new DataLoader(plain, { batchSize: 3 }), (t) => t.toArray()), [[0.5, 1.5, 2.5]]);
});

test('a dataset with getItems fetches a whole batch at once', () => {
  const calls: number[][] = [];
  const ds = {
    length: 5,
    getItem: (i: number) => i,
    getItems: (idx: readonly number[]) => {
      calls.push(idx.slice());
      return idx.map((i) => i * 100);
    },
  };
  assert.deepEqual(Array.from(new DataLoader(ds, { batchSize: 3 }), (t) => t.toArray()), [[0, 100, 200], [300, 400]]);
  assert.deepEqual(calls, [[0, 1, 2], [3, 4]]);
});
