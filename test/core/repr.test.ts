// Printing: String(t) must equal PyTorch's str(t) exactly (fixtures from scripts/gen_core_fixtures.py).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import '../../src/index.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { loadFixture, makeTensor, type TensorFx } from './golden_helpers.js';

interface ReprFx {
  data: TensorFx;
  how: null | 'leaf' | 'mul2' | 'sum' | 'param';
  str: string;
}

/** Builds the tensor the way the generator did: plain, a leaf requiring grad, or an op's result. */
function build(c: ReprFx): Tensor {
  const t = makeTensor(c.data);
  if (c.how === 'leaf') return t.requiresGrad_(true);
  if (c.how === 'mul2') return t.requiresGrad_(true).mul(2);
  if (c.how === 'sum') return t.requiresGrad_(true).sum();
  if (c.how === 'param') {
    t.requiresGrad_(true);
    t._isParameter = true;
  }
  return t;
}

loadFixture<ReprFx[]>('repr').forEach((c, i) => {
  const first = c.str.split('\n')[0].slice(0, 60);
  test(`repr #${i} ${c.data.dtype}[${c.data.shape}] ${c.how ?? ''}: ${first}`, () => {
    assert.equal(String(build(c)), c.str);
  });
});

test('a view and a non-contiguous tensor print their logical values', () => {
  const t = makeTensor({ shape: [2, 3], dtype: 'float32', data: [1, 2, 3, 4, 5, 6] });
  assert.equal(String(t.t()), 'tensor([[1., 4.],\n        [2., 5.],\n        [3., 6.]])');
  assert.equal(String(t.index(':', 1)), 'tensor([2., 5.])');
});
