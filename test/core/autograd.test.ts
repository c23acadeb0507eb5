// Autograd semantics as in PyTorch: leaves, .grad accumulation, backward with a gradient,
// retainGraph, autograd.grad, detach, grad modes, hooks, and the errors PyTorch raises.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../../src/index.js';
import { Tensor } from '../../src/tensor/tensor.js';

const f64 = (v: number[]): Tensor => torch.tensor(v, { dtype: torch.float64, requiresGrad: true });
const vals = (t: Tensor | null): number[] => Array.from(t!._values());

test('leaves, non-leaves and requiresGrad', () => {
  const x = torch.ones([2], { requiresGrad: true });
  const y = x.mul(2);
  assert.equal(x.isLeaf, true);
  assert.equal(y.isLeaf, false);
  assert.equal(y.requiresGrad, true);
  assert.equal(y.gradFn!.name, 'MulBackward0');
  assert.equal(x.detach().requiresGrad, false);
  assert.equal(torch.ones([2]).mul(x.detach()).requiresGrad, false);
  assert.throws(() => y.requiresGrad_(false), /you can only change requires_grad flags of leaf variables/);
  assert.throws(() => torch.ones([2], { dtype: torch.int64 }).requiresGrad_(), /only Tensors of floating point dtype can require gradients/);
  assert.throws(() => torch.ones([2], { dtype: torch.int64, requiresGrad: true }), /floating point/);
});

test('.grad accumulates across backward calls and keeps its identity', () => {
  const x = f64([1, 2, 3]);
  const y = x.mul(x).sum();
  y.backward({ retainGraph: true });
  const g = x.grad!;
  assert.deepEqual(vals(g), [2, 4, 6]);
  y.backward();
  assert.equal(x.grad, g, 'accumulated in place');
  assert.deepEqual(vals(x.grad), [4, 8, 12]);
  x.grad!.zero_();
  x.mul(3).sum().backward();
  assert.deepEqual(vals(x.grad), [3, 3, 3]);
});

test('backward of a non-scalar needs a gradient; with one it is a vector-Jacobian product', () => {
  const x = f64([1, 2]);
  const y = x.mul(x);
  assert.throws(() => y.backward(), /grad can be implicitly created only for scalar outputs/);
  y.backward(torch.tensor([1, 10], { dtype: torch.float64 }));
  assert.deepEqual(vals(x.grad), [2, 40]);
  const z = x.mul(3);
  assert.throws(() => z.backward(torch.ones([3], { dtype: torch.float64 })), /Mismatch in shape/);
});

test('a second backward through a freed graph fails; retainGraph keeps it', () => {
  const x = f64([1, 2]);
  const y = x.mul(x).sum();
  y.backward();
  assert.throws(() => y.backward(), /Trying to backward through the graph a second time/);
  const z = x.mul(x).sum();
  z.backward({ retainGraph: true });
  z.backward();
  assert.deepEqual(vals(x.grad), [2 + 4, 4 + 8]);
  // A graph without saved tensors can be walked again, as in PyTorch.
  const w = torch.ones([2], { requiresGrad: true });
  const s = w.add(1).sum();
  s.backward();
  s.backward();
  assert.deepEqual(vals(w.grad), [2, 2]);
});

test('backward on a tensor outside the graph fails', () => {
  assert.throws(() => torch.ones([1]).sum().backward(), /element 0 of tensors does not require grad and does not have a grad_fn/);
});

test('autograd.grad returns gradients without touching .grad', () => {
  const x = f64([1, 2]);
  const w = f64([3, 4]);
  const y = x.mul(w).sum();
  const [gx, gw] = torch.autograd.grad(y, [x, w]);
  assert.deepEqual(vals(gx), [3, 4]);
  assert.deepEqual(vals(gw), [1, 2]);
  assert.equal(x.grad, null);
  assert.equal(gx.requiresGrad, false);
  const unused = f64([0]);
  assert.throws(() => torch.autograd.grad(x.sum(), [unused]), /appears to not have been used in the graph/);
  assert.deepEqual(torch.autograd.grad(x.sum(), [unused], { allowUnused: true }), [null]);
  assert.throws(() => torch.autograd.grad(x.sum(), [torch.ones([1])]), /does not require grad/);
});

test('autograd.grad with createGraph gives differentiable gradients (x^3: 3x^2, then 6x)', () => {
  const x = f64([1, 2]);
  const [g] = torch.autograd.grad(x.pow(3).sum(), x, { createGraph: true });
  assert.deepEqual(vals(g), [3, 12]);
  assert.equal(g.requiresGrad, true);
  const [gg] = torch.autograd.grad(g.sum(), x);
  assert.deepEqual(vals(gg), [6, 12]);
  // backward through a createGraph gradient accumulates into the leaf.
  const [g2] = torch.autograd.grad(x.mul(x).sum(), x, { createGraph: true });
  g2.mul(x).sum().backward();
  assert.deepEqual(vals(x.grad), [4, 8]);
});

test('noGrad and enableGrad', () => {
  const x = torch.ones([2], { requiresGrad: true });
  const y = torch.noGrad(() => x.mul(2));
  assert.equal(y.requiresGrad, false);
  assert.equal(y.gradFn, null);
  const z = torch.noGrad(() => torch.enableGrad(() => x.mul(2)));
  assert.equal(z.requiresGrad, true);
  assert.equal(torch.isGradEnabled(), true);
  // In-place on a leaf is allowed under noGrad (how optimizers update parameters) and keeps it a leaf.
  torch.noGrad(() => x.sub_(0.5));
  torch.noGrad(() => x.copy_(torch.tensor([3, 4])));
  torch.noGrad(() => x.index(0).fill_(7));
  assert.equal(x.isLeaf, true);
  assert.equal(x.gradFn, null);
  assert.deepEqual(vals(x), [7, 4]);
});

test('in-place errors: leaves, views of leaves, and values backward needs', () => {
  const x = torch.ones([3], { requiresGrad: true });
  assert.throws(() => x.add_(1), /a leaf Variable that requires grad is being used in an in-place operation/);
  assert.throws(() => x.index(0).mul_(2), /a view of a leaf Variable that requires grad is being used in an in-place operation/);
  assert.throws(() => x.indexPut_([0], 2), /a view of a leaf Variable/);
  const y = x.sin();
  const z = y.mul(2);
  y.add_(1);
  z.sum().backward(); // sin saved x, and the product by a scalar saved nothing of y
  const d = x.mul(2);
  const q = d.mul(d.detach());
  d.add_(1); // the product saved d's detached alias: same storage, same version counter
  assert.throws(() => q.sum().backward(), /modified by an inplace operation: \[torch.FloatTensor \[3\]\] is at version 1; expected version 0/);
  const e = x.exp();
  e.mul_(2); // exp saved its result, now overwritten
  assert.throws(
    () => e.sum().backward(),
    /one of the variables needed for gradient computation has been modified by an inplace operation: \[torch.FloatTensor \[3\]\], which is output 0 of ExpBackward0, is at version 1; expected version 0 instead/,
  );
});

test('in-place on a view of a non-leaf: CopySlices on the base, regenerated views', () => {
  const x = f64([1, 2, 3, 4]);
  const y = x.mul(2);
  const v = y.index('1:3');
  const early = y.index(0);
  v.mul_(10);
  assert.equal(y.gradFn!.name, 'CopySlices');
  assert.equal(v.gradFn!.name, 'AsStridedBackward0');
  assert.deepEqual(vals(y), [2, 40, 60, 8]);
  assert.equal(String(early), 'tensor(2., dtype=torch.float64, grad_fn=<AsStridedBackward0>)', 'a view made earlier reads the base\'s new history');
  y.sum().backward();
  assert.deepEqual(vals(x.grad), [2, 20, 20, 2]);
  // A view of a base that did not require grad starts requiring it when a value with grad is written in.
  const w = f64([5, 6]);
  const base = torch.zeros([2, 2], { dtype: torch.float64 });
  const row = base.index(1);
  base.index(0).copy_(w);
  assert.equal(base.requiresGrad, true);
  assert.equal(row.requiresGrad, true, 'a view of a base that now requires grad requires it too');
  assert.equal(torch.mul(row, 1).requiresGrad, true);
  base.sum().backward();
  assert.deepEqual(vals(w.grad), [1, 1]);
});

test('gradients have their tensor\'s dtype', () => {
  const a = torch.tensor([1, 2], { requiresGrad: true });
  const b = torch.tensor([3, 4], { dtype: torch.float64, requiresGrad: true });
  const y = a.mul(b);
  assert.equal(y.dtype, torch.float64);
  y.sum().backward();
  assert.equal(a.grad!.dtype, torch.float32);
  assert.equal(b.grad!.dtype, torch.float64);
  const c = torch.tensor([1.5], { requiresGrad: true });
  c.double().mul(2).sum().backward();
  assert.equal(c.grad!.dtype, torch.float32);
});

test('retainGrad keeps a non-leaf gradient; hooks see and may replace gradients', () => {
  const x = f64([1, 2]);
  const y = x.mul(3);
  y.retainGrad();
  const seen: number[][] = [];
  y.registerHook((g) => { seen.push(vals(g)); });
  const h = x.registerHook((g) => g.mul(10));
  y.mul(y).sum().backward();
  assert.deepEqual(vals(y.grad), [6, 12]);
  assert.deepEqual(seen, [[6, 12]]);
  assert.deepEqual(vals(x.grad), [180, 360]);
  h.remove();
  x.grad = null;
  x.mul(1).sum().backward();
  assert.deepEqual(vals(x.grad), [1, 1]);
  assert.throws(() => torch.ones([1]).registerHook(() => undefined), /doesn't require gradient/);
});

test('detach shares storage and version with the original', () => {
  const x = torch.ones([2], { requiresGrad: true });
  const d = x.detach();
  assert.equal(d._data, x._data);
  torch.noGrad(() => d.add_(1));
  assert.deepEqual(vals(x), [2, 2]);
  assert.equal(d._version, x._version);
});
