// The engine's two runs (the plain `backward()` one with its bookkeeping on the nodes, and the general
// one for autograd.grad and nested calls) and the bias-gradient column sums agree with what the
// definitions give, on the cases the plain run handles specially: repeated and dependent roots, a
// leaf as a root, a root with no gradient path, and sums over large and small column counts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/tensor/tensor.js';

function sameBits(a: Tensor, b: Tensor, what: string): void {
  assert.deepEqual(a.shape, b.shape, `${what}: shape`);
  const x = a._values();
  const y = b._values();
  for (let i = 0; i < x.length; i++) assert.ok(Object.is(x[i], y[i]), `${what}: element ${i} is ${x[i]}, expected ${y[i]}`);
}

test('backward from a repeated root adds its gradient once per occurrence', () => {
  const x = torch.tensor([1, 2, 3], { requiresGrad: true });
  const y = x.mul(2).sum();
  torch.autograd.backward([y, y]);
  assert.deepEqual(x.grad!.toArray(), [4, 4, 4]);
});

test('backward from roots where one depends on the other sums both paths', () => {
  const x = torch.tensor([1, 2], { requiresGrad: true });
  const y = x.mul(3);
  const z = y.mul(y).sum();
  // dz/dx = 2*y*3 = 18x; the root y contributes 3 per element with a ones gradient.
  torch.autograd.backward([z, y], [null, torch.ones([2])]);
  assert.deepEqual(x.grad!.toArray(), [21, 39]);
  // The same through autograd.grad (the general run) gives the same numbers.
  const x2 = torch.tensor([1, 2], { requiresGrad: true });
  const y2 = x2.mul(3);
  const z2 = y2.mul(y2).sum();
  const [g] = torch.autograd.grad([z2, y2], [x2], [null, torch.ones([2])]);
  assert.deepEqual(g.toArray(), [21, 39]);
});

test('a leaf as the root receives the given gradient, cast to its dtype', () => {
  const x = torch.tensor([1, 2], { requiresGrad: true });
  x.backward(torch.tensor([0.5, 0.25], { dtype: torch.float64 }));
  assert.equal(x.grad!.dtype, torch.float32);
  assert.deepEqual(x.grad!.toArray(), [0.5, 0.25]);
  x.backward(torch.tensor([1, 1]));
  assert.deepEqual(x.grad!.toArray(), [1.5, 1.25]);
});

test('a branch whose gradient is not needed still lets the rest of the graph run', () => {
  const x = torch.tensor([1, 2], { requiresGrad: true });
  const c = torch.tensor([5, 7]);
  // mul by a constant: the constant's edge is empty; the node feeding both branches waits for both.
  const h = x.mul(2);
  const y = h.mul(c).add(h).sum();
  y.backward();
  assert.deepEqual(x.grad!.toArray(), [12, 16]);
  assert.throws(() => y.backward(), /backward through the graph a second time/);
});

test('a float64 result of a float32 input gives the input a float32 gradient', () => {
  const x = torch.tensor([1, 2], { requiresGrad: true });
  const y = x.to(torch.float64).mul(3).sum();
  y.backward();
  assert.equal(x.grad!.dtype, torch.float32);
  assert.deepEqual(x.grad!.toArray(), [3, 3]);
});

test('bias-gradient sums give the general reduction bit for bit, small and beyond the column-pass size', () => {
  for (const dtype of [torch.float32, torch.float64]) {
    for (const [rows, cols] of [[3, 1], [100, 10], [7, 4], [5, 9], [6, 7], [4, 15], [2, 16], [40000, 3], [300, 257]]) {
      torch.manualSeed(rows + cols);
      const g = torch.randn([rows, cols], { dtype }).mul(1e3);
      // A non-contiguous copy of the same values takes the general reduction.
      const strided = torch.stack([g, torch.zerosLike(g)], -1).select(-1, 0);
      sameBits(g.sumToSize(cols), strided.sumToSize(cols), `${rows}x${cols} ${dtype}`);
      sameBits(g.sumToSize(1, cols), strided.sumToSize(1, cols), `${rows}x${cols} ${dtype} keepdim`);
    }
  }
});
