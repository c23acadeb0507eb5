// Golden tests: every case of scripts/gen_core_fixtures.py run through torchlet and compared with
// what PyTorch 1.13.1 computed (values, dtypes, shapes, grad_fn names, gradients). The table below
// is the torchlet side of the generator's OPS table: one line per op key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../../src/index.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { dtypeFromName } from '../../src/tensor/dtype.js';
import { indexPut_ } from '../../src/ops/indexing.js';
import {
  loadFixture, makeTensor, assertOutput, assertTensorClose, flatTensors, decodeNumber, type CaseFx,
} from './golden_helpers.js';

type Fn = (xs: Tensor[], k: any) => unknown;
const dt = (name: string) => dtypeFromName(name);
/** A fresh non-leaf copy, so a case may modify it in place (the generator's cp()). */
const cp = (x: Tensor): Tensor => (x.requiresGrad ? x.mul(1) : x.clone());
const idx = (xs: Tensor[], list: unknown[]): any[] =>
  list.map((a) => (a === '$1' ? xs[1] : a === '$2' ? xs[2] : a));

const OPS: Record<string, Fn> = {
  // creation
  zeros: () => torch.zeros(2, 3),
  zeros_int: () => torch.zeros(2, 2, { dtype: torch.int32 }),
  ones: () => torch.ones([3]),
  ones_f64: () => torch.ones(2, 1, { dtype: torch.float64 }),
  full: () => torch.full([2, 2], 7.5),
  full_long: () => torch.full([3], 4, { dtype: torch.int64 }),
  eye: () => torch.eye(3),
  eye_rect: () => torch.eye(2, 4),
  arange_end: () => torch.arange(5),
  arange_step: () => torch.arange(1, 10, 3),
  arange_neg: () => torch.arange(5, -3, -2),
  arange_float: () => torch.arange(0, 1, 0.1),
  arange_f64: () => torch.arange(-1, 1, 0.25, { dtype: torch.float64 }),
  linspace: () => torch.linspace(0, 1, 5),
  linspace_long: () => torch.linspace(-3.3, 7.1, 37),
  linspace_f64: () => torch.linspace(-1, 2, 7, { dtype: torch.float64 }),
  tensor_nested: () => torch.tensor([[1, 2.5], [3, -4]]),
  tensor_int: () => torch.tensor([[1n, 2n], [3n, 4n]]),
  tensor_bool: () => torch.tensor([true, false, true]),
  tensor_scalar: () => torch.tensor(3.5),
  tensor_dtype: () => torch.tensor([1.7, -2.7, 3.2], { dtype: torch.int32 }),
  zeros_like: ([a]) => torch.zerosLike(a),
  ones_like: ([a]) => torch.onesLike(a),
  full_like: ([a]) => torch.fullLike(a, 2.5),
  empty_shape: () => torch.empty(0, 3),

  // dtype conversion
  to: ([a], k) => a.to(dt(k.dtype)),
  float: ([a]) => a.float(),
  double: ([a]) => a.double(),
  long: ([a]) => a.long(),
  int: ([a]) => a.int(),
  bool: ([a]) => a.bool(),
  byte: ([a]) => a.byte(),
  short: ([a]) => a.short(),
  char: ([a]) => a.char(),
  clone: ([a]) => a.clone(),

  // binary arithmetic
  add: ([a, b]) => a.add(b),
  add_alpha: ([a, b], k) => torch.add(a, b, { alpha: k.alpha }),
  add_scalar: ([a], k) => a.add(k.s),
  radd_scalar: ([a], k) => torch.add(k.s, a),
  sub: ([a, b]) => a.sub(b),
  sub_alpha: ([a, b], k) => torch.sub(a, b, { alpha: k.alpha }),
  sub_scalar: ([a], k) => a.sub(k.s),
  rsub_scalar: ([a], k) => torch.sub(k.s, a),
  mul: ([a, b]) => a.mul(b),
  mul_scalar: ([a], k) => a.mul(k.s),
  div: ([a, b]) => a.div(b),
  div_scalar: ([a], k) => a.div(k.s),
  rdiv_scalar: ([a], k) => torch.div(k.s, a),
  div_mode: ([a, b], k) => torch.div(a, b, { roundingMode: k.mode }),
  div_mode_scalar: ([a], k) => a.div(k.s, { roundingMode: k.mode }),
  floor_divide: ([a, b]) => torch.floorDivide(a, b),
  pow: ([a, b]) => a.pow(b),
  pow_scalar: ([a], k) => a.pow(k.s),
  rpow_scalar: ([a], k) => torch.pow(k.s, a),
  remainder: ([a, b]) => torch.remainder(a, b),
  remainder_scalar: ([a], k) => a.remainder(k.s),
  fmod: ([a, b]) => torch.fmod(a, b),
  fmod_scalar: ([a], k) => a.fmod(k.s),
  atan2: ([a, b]) => torch.atan2(a, b),
  maximum: ([a, b]) => torch.maximum(a, b),
  minimum: ([a, b]) => torch.minimum(a, b),
  square: ([a]) => a.square(),
  add_: ([a, b]) => cp(a).add_(b),
  sub_: ([a, b]) => cp(a).sub_(b),
  mul_: ([a, b]) => cp(a).mul_(b),
  div_: ([a, b]) => cp(a).div_(b),
  pow_: ([a], k) => cp(a).pow_(k.s),
  add_scalar_: ([a], k) => cp(a).add_(k.s),
  mul_scalar_: ([a], k) => cp(a).mul_(k.s),

  // unary
  ...Object.fromEntries(
    ['neg', 'abs', 'sign', 'sqrt', 'rsqrt', 'exp', 'exp2', 'expm1', 'log', 'log2', 'log10', 'log1p', 'sin', 'cos',
      'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh', 'sigmoid', 'floor', 'ceil',
      'round', 'trunc', 'frac', 'reciprocal', 'erf'].map((n) => [n, ([a]: Tensor[]) => (torch as any)[n](a)]),
  ),
  exp_: ([a]) => cp(a).exp_(),
  log_: ([a]) => cp(a).log_(),
  neg_: ([a]) => cp(a).neg_(),
  clamp: ([a], k) => torch.clamp(a, k.min, k.max),
  clamp_t: ([a, lo, hi]) => torch.clamp(a, lo, hi),
  clamp_: ([a], k) => cp(a).clamp_(k.min, k.max),

  // comparison and logic
  eq: ([a, b]) => a.eq(b), ne: ([a, b]) => a.ne(b), lt: ([a, b]) => a.lt(b),
  le: ([a, b]) => a.le(b), gt: ([a, b]) => a.gt(b), ge: ([a, b]) => a.ge(b),
  eq_scalar: ([a], k) => a.eq(k.s), lt_scalar: ([a], k) => a.lt(k.s), ge_scalar: ([a], k) => a.ge(k.s),
  logical_and: ([a, b]) => torch.logicalAnd(a, b),
  logical_or: ([a, b]) => torch.logicalOr(a, b),
  logical_xor: ([a, b]) => torch.logicalXor(a, b),
  logical_not: ([a]) => torch.logicalNot(a),
  isnan: ([a]) => torch.isnan(a), isinf: ([a]) => torch.isinf(a), isfinite: ([a]) => torch.isfinite(a),
  where: ([c, a, b]) => torch.where(c, a, b),
  where_scalar: ([c, a], k) => torch.where(c, a, k.s),
  equal: ([a, b]) => torch.equal(a, b),
  allclose: ([a, b], k) => torch.allclose(a, b, { rtol: k.rtol, atol: k.atol, equalNan: k.equalNan }),
  isclose: ([a, b], k) => torch.isclose(a, b, { equalNan: k.equalNan }),

  // reductions
  sum: ([a]) => a.sum(),
  sum_dim: ([a], k) => a.sum(k.dim, k.keepdim),
  sum_dtype: ([a], k) => a.sum({ dtype: dt(k.dtype) }),
  mean: ([a]) => a.mean(),
  mean_dim: ([a], k) => a.mean(k.dim, { keepdim: k.keepdim }),
  prod: ([a]) => a.prod(),
  prod_dim: ([a], k) => a.prod(k.dim, k.keepdim),
  max: ([a]) => a.max(), min: ([a]) => a.min(),
  max_dim: ([a], k) => a.max(k.dim, k.keepdim),
  min_dim: ([a], k) => torch.min(a, k.dim, { keepdim: k.keepdim }),
  max_other: ([a, b]) => a.max(b),
  amax: ([a], k) => a.amax(k.dim, k.keepdim),
  amin: ([a], k) => a.amin(k.dim, k.keepdim),
  argmax: ([a]) => a.argmax(), argmin: ([a]) => a.argmin(),
  argmax_dim: ([a], k) => a.argmax(k.dim, k.keepdim),
  argmin_dim: ([a], k) => a.argmin(k.dim, k.keepdim),
  var: ([a]) => a.var(), std: ([a]) => a.std(),
  var_dim: ([a], k) => a.var(k.dim, { unbiased: k.unbiased, keepdim: k.keepdim }),
  std_dim: ([a], k) => torch.std(a, k.dim, k.unbiased ?? true, k.keepdim),
  var_biased: ([a]) => a.var(false),
  norm: ([a]) => a.norm(),
  norm_p: ([a], k) => a.norm(decodeNumber(k.p), k.dim, k.keepdim),
  logsumexp: ([a], k) => a.logsumexp(k.dim, k.keepdim),
  cumsum: ([a], k) => a.cumsum(k.dim),
  cumprod: ([a], k) => a.cumprod(k.dim),
  all: ([a]) => a.all(), any: ([a]) => a.any(),
  all_dim: ([a], k) => a.all(k.dim, k.keepdim), any_dim: ([a], k) => a.any(k.dim, k.keepdim),

  // matrix products
  dot: ([a, b]) => torch.dot(a, b),
  mv: ([a, b]) => torch.mv(a, b),
  mm: ([a, b]) => torch.mm(a, b),
  matmul: ([a, b]) => torch.matmul(a, b),
  bmm: ([a, b]) => torch.bmm(a, b),
  outer: ([a, b]) => torch.outer(a, b),
  addmm: ([c, a, b], k) => torch.addmm(c, a, b, { beta: k.beta, alpha: k.alpha }),
  mm_t: ([a, b]) => torch.mm(a.t(), b.t()),

  // activations
  relu: ([a]) => torch.relu(a),
  relu6: ([a]) => torch.relu6(a),
  leaky_relu: ([a], k) => (k.slope === undefined ? torch.leakyRelu(a) : torch.leakyRelu(a, k.slope)),
  elu: ([a], k) => torch.elu(a, { alpha: k.alpha }),
  selu: ([a]) => torch.selu(a),
  gelu: ([a], k) => torch.gelu(a, { approximate: k.approximate }),
  silu: ([a]) => torch.silu(a),
  softplus: ([a], k) => torch.softplus(a, { beta: k.beta, threshold: k.threshold }),
  softsign: ([a]) => torch.softsign(a),
  hardtanh: ([a], k) => torch.hardtanh(a, k.min ?? -1, k.max ?? 1),
  sigmoid_f: ([a]) => torch.sigmoid(a),
  tanh_f: ([a]) => torch.tanh(a),
  softmax: ([a], k) => torch.softmax(a, k.dim),
  log_softmax: ([a], k) => torch.logSoftmax(a, { dim: k.dim }),

  // views and joins
  view: ([a], k) => a.view(...k.shape),
  reshape: ([a], k) => a.reshape(k.shape),
  reshape_t: ([a], k) => a.t().reshape(k.shape),
  flatten: ([a], k) => a.flatten(k.start ?? 0, k.end ?? -1),
  unsqueeze: ([a], k) => a.unsqueeze(k.dim),
  squeeze: ([a]) => a.squeeze(),
  squeeze_dim: ([a], k) => a.squeeze(k.dim),
  transpose: ([a], k) => a.transpose(k.d0, k.d1),
  t: ([a]) => a.t(),
  permute: ([a], k) => a.permute(...k.dims),
  expand: ([a], k) => a.expand(k.shape),
  contiguous_t: ([a]) => a.t().contiguous(),
  narrow: ([a], k) => a.narrow(k.dim, k.start, k.length),
  select: ([a], k) => a.select(k.dim, k.index),
  chunk: ([a], k) => a.chunk(k.chunks, k.dim),
  split: ([a], k) => a.split(k.size, k.dim),
  unbind: ([a], k) => a.unbind(k.dim),
  cat: (xs, k) => torch.cat(xs, k.dim),
  stack: (xs, k) => torch.stack(xs, k.dim),
  flip: ([a], k) => a.flip(k.dims),
  repeat: ([a], k) => a.repeat(...k.reps),
  view_chain: ([a]) => a.permute(2, 0, 1).narrow(2, 1, 2).transpose(0, 2).reshape(-1, 2),

  // indexing
  index: ([a], k) => a.index(...k.idx),
  index_t: (xs, k) => xs[0].index(...idx(xs, k.idx)),
  index_put: (xs, k) => cp(xs[0]).indexPut_(idx(xs, k.idx), xs[1], k.accumulate ?? false),
  gather: ([a, i], k) => torch.gather(a, k.dim, i),
  scatter: ([a, i, s], k) => torch.scatter(a, k.dim, i, s),
  scatter_value: ([a, i], k) => a.scatter(k.dim, i, k.value),
  scatter_add: ([a, i, s], k) => torch.scatterAdd(a, k.dim, i, s),
  index_select: ([a, i], k) => torch.indexSelect(a, k.dim, i),
  masked_fill: ([a, m], k) => a.maskedFill(m, k.value),
  masked_select: ([a, m]) => a.maskedSelect(m),
  nonzero: ([a]) => a.nonzero(),

  // autograd scenarios (the generator's scen_* functions, line for line)
  scen_inplace_chain: ([x]) => { const y = x.mul(2); y.add_(1); y.mul_(y.detach()); return y; },
  scen_inplace_chain_ok: ([x]) => { const y = x.mul(2); y.add_(1); y.mul_(3); return y.mul(y); },
  scen_copyslices_select: ([x]) => { const y = x.mul(2); y.index(0).mul_(3); return y; },
  scen_copyslices_narrow_zero: ([x]) => { const y = x.mul(2); y.narrow(0, 0, 1).zero_(); return y; },
  scen_copyslices_view_chain: ([x]) => {
    const y = x.exp(); const v = y.view(-1); v.narrow(0, 1, 2).mul_(5); return y.mul(y);
  },
  scen_view_chain_ok: ([x]) => {
    const y = x.mul(1.5); const v = y.view(-1); v.narrow(0, 1, 2).mul_(5); return y.mul(y);
  },
  scen_setitem_tensor: ([x, w]) => { const y = x.mul(1); y.indexPut_([':', 1], w); return y; },
  scen_setitem_mask: ([x]) => { const y = x.mul(1); y.indexPut_([y.gt(0)], 0.5); return y; },
  scen_indexput_accumulate: ([x, w]) => {
    const y = x.mul(1); indexPut_(y, [torch.tensor([0n, 2n, 0n])], w, true); return y;
  },
  scen_relu_inplace: ([x]) => { const y = x.mul(3); y.relu_(); return y.sum(0); },
  scen_transpose_inplace: ([x]) => {
    const y = x.mul(1); y.t().add_(torch.arange(6, { dtype: torch.float32 }).reshape(3, 2)); return y;
  },
  scen_view_then_base: ([x]) => { const y = x.add(1); const v = y.index('1:'); y.mul_(2); return v.mul(1); },
  scen_diamond: ([x]) => { const a = x.sin(); const b = a.mul(a); const c = a.exp(); return b.add(c); },
  scen_shared_input: ([x]) => x.mul(x).add(x),
  scen_detach: ([x]) => x.mul(x.detach()),
  scen_setitem_slice_grad: ([x, w]) => { const y = x.clone(); y.indexPut_(['1:3'], w); return y.exp(); },
  scen_copy_: ([x, w]) => { const y = x.mul(1); y.index(0).copy_(w); return y; },
  scen_masked_fill_: ([x, m]) => { const y = x.mul(1); y.maskedFill_(m, 2.0); return y; },
  scen_clamp_: ([x]) => { const y = x.mul(1); y.clamp_(-0.5, 0.5); return y; },
  scen_sigmoid_: ([x]) => { const y = x.mul(1); y.sigmoid_(); return y; },
  scen_two_views: ([x]) => {
    const y = x.mul(1); y.indexPut_([0, 0], 10); y.index(':', 2).mul_(3); return y;
  },
  scen_scatter_: ([x, w]) => { const y = x.mul(1); y.scatter_(1, torch.tensor([[0n, 2n], [1n, 0n]]), w); return y; },
  scen_div_: ([x, w]) => { const y = x.mul(1); y.div_(w); return y; },
  scen_sub_alpha: ([x, w]) => { const y = x.mul(1); y.sub_(w, { alpha: 2 }); return y; },
};

const FAMILIES = ['creation', 'binary', 'unary', 'compare', 'reduce', 'matmul', 'activation', 'views', 'indexing', 'autograd'];

function firstWords(msg: string): string {
  return msg.split(/[:\[(]/)[0].trim();
}

for (const family of FAMILIES) {
  const cases = loadFixture(family);
  cases.forEach((c: CaseFx, i) => {
    const label = `${family}#${i} ${c.op} ${c.inputs.map((t) => `${t.dtype}[${t.shape}]`).join(' ')} ${JSON.stringify(c.kw)}`;
    test(label, () => {
      const fn = OPS[c.op];
      assert.ok(fn, `no torchlet mapping for op '${c.op}'`);
      const xs = c.inputs.map(makeTensor);
      const out = fn(xs, c.kw);
      assertOutput(out, c.out, 'output');
      if (c.gradOutputs === undefined) return;
      const outs = flatTensors(out).filter((t) => t.requiresGrad);
      const leaves = xs.filter((t) => t.requiresGrad);
      const gouts = c.gradOutputs.map(makeTensor);
      if (c.gradError !== undefined) {
        assert.throws(() => torch.autograd.grad(outs, leaves, gouts, { allowUnused: true }), (e: Error) => {
          assert.ok(e.message.startsWith(firstWords(c.gradError!)), `error '${e.message}' vs PyTorch's '${c.gradError}'`);
          return true;
        });
        return;
      }
      const grads = torch.autograd.grad(outs, leaves, gouts, { allowUnused: true });
      c.grads!.forEach((g, j) => {
        if (g === null) assert.equal(grads[j], null, `grad ${j} should be None`);
        else assertTensorClose(grads[j], g, `grad ${j}`);
      });
    });
  });
}
