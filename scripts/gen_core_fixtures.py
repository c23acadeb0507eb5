#!/usr/bin/python3
"""Golden outputs of the core ops (tensor, ops, autograd), computed by real PyTorch 1.13.1.

Run with the system interpreter that has python3-torch:
    /usr/bin/python3 scripts/gen_core_fixtures.py

Every case is one row of a table: an op key, its inputs (shape, dtype, how to fill them) and
keyword arguments. The key names a function here and the same key names the torchlet call in
test/core/golden_*.test.ts, so a case reads the same on both sides. For each case the fixture
stores the inputs (exactly), the outputs (shape, dtype, values), the grad_fn name, and the
gradients of the inputs for a stored random output gradient.

Floats are stored as JSON numbers printed by repr(float(x)), which round-trips exactly (a float32
value is exactly representable as a double); NaN and infinities as the strings 'nan', 'inf', '-inf'.

Writes test/fixtures/core/<family>.json and test/fixtures/core/repr.json.
"""
import json
import math
import os

import torch
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures', 'core')

D = {
    'float32': torch.float32, 'float64': torch.float64, 'int64': torch.int64, 'int32': torch.int32,
    'int16': torch.int16, 'int8': torch.int8, 'uint8': torch.uint8, 'bool': torch.bool,
}


# ---------------------------------------------------------------------------------------------
# Encoding
# ---------------------------------------------------------------------------------------------
def num(v):
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, int):
        return v
    if math.isnan(v):
        return 'nan'
    if math.isinf(v):
        return 'inf' if v > 0 else '-inf'
    return float(v)


def enc_tensor(t):
    t = t.detach()
    return {'shape': list(t.shape), 'dtype': str(t.dtype)[6:], 'data': [num(v) for v in t.reshape(-1).tolist()]}


def enc_out(o):
    if isinstance(o, torch.Tensor):
        d = enc_tensor(o)
        d['kind'] = 'tensor'
        if o.grad_fn is not None:
            d['gradFn'] = type(o.grad_fn).__name__
        d['requiresGrad'] = o.requires_grad
        return d
    if isinstance(o, (tuple, list)):
        return {'kind': 'list', 'items': [enc_out(x) for x in o]}
    if isinstance(o, (bool, int, float)):
        return {'kind': 'value', 'value': num(o) if not isinstance(o, bool) else o}
    raise TypeError(type(o))


# ---------------------------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------------------------
class In:
    """How to make one input: shape, dtype, a fill kind, and whether it requires grad."""

    def __init__(self, shape=(), dtype='float32', kind='randn', grad=None, values=None, lo=None, hi=None):
        self.shape, self.dtype, self.kind, self.grad, self.values = tuple(shape), dtype, kind, grad, values
        self.lo, self.hi = lo, hi

    def make(self, gen):
        dt = D[self.dtype]
        if self.values is not None:
            return torch.tensor(self.values, dtype=dt).reshape(self.shape)
        n = self.shape
        if self.kind == 'randn':
            t = torch.randn(n, generator=gen, dtype=torch.float64)
        elif self.kind == 'uniform':
            t = torch.rand(n, generator=gen, dtype=torch.float64) * (self.hi - self.lo) + self.lo
        elif self.kind == 'int':
            t = torch.randint(self.lo if self.lo is not None else -5, self.hi if self.hi is not None else 6, n,
                              generator=gen, dtype=torch.int64)
        elif self.kind == 'bool':
            t = torch.rand(n, generator=gen) > 0.5
        else:
            raise ValueError(self.kind)
        return t.to(dt)


def R(*shape, **kw):
    return In(shape, **kw)


def U(lo, hi, *shape, **kw):
    return In(shape, kind='uniform', lo=lo, hi=hi, **kw)


def I(*shape, dtype='int64', lo=-5, hi=6, **kw):
    return In(shape, dtype=dtype, kind='int', lo=lo, hi=hi, **kw)


def B(*shape, **kw):
    return In(shape, dtype='bool', kind='bool', **kw)


def V(values, dtype='float32', shape=None, **kw):
    t = torch.tensor(values)
    return In(tuple(t.shape) if shape is None else shape, dtype=dtype, values=values, **kw)


# ---------------------------------------------------------------------------------------------
# Ops: key -> function(inputs, kwargs). The TypeScript tests hold the same keys.
# ---------------------------------------------------------------------------------------------
def cp(x):
    """A fresh non-leaf copy, so a case may modify it in place."""
    return x * 1 if x.requires_grad else x.clone()


def scen_inplace_chain(x, k):
    y = x * 2
    y.add_(1)
    y.mul_(y.detach())
    return y


def scen_copyslices_select(x, k):
    y = x * 2
    y[0].mul_(3)
    return y


def scen_copyslices_narrow_zero(x, k):
    y = x * 2
    y.narrow(0, 0, 1).zero_()
    return y


def scen_copyslices_view_chain(x, k):
    y = x.exp()
    v = y.view(-1)
    v.narrow(0, 1, 2).mul_(5)
    return y * y


def scen_inplace_chain_ok(x, k):
    y = x * 2
    y.add_(1)
    y.mul_(3)
    return y * y


def scen_view_chain_ok(x, k):
    y = x * 1.5
    v = y.view(-1)
    v.narrow(0, 1, 2).mul_(5)
    return y * y


def scen_setitem_tensor(x, w, k):
    y = x * 1
    y[:, 1] = w
    return y


def scen_setitem_mask(x, k):
    y = x * 1
    y[y > 0] = 0.5
    return y


def scen_indexput_accumulate(x, w, k):
    y = x * 1
    y.index_put_((torch.tensor([0, 2, 0]),), w, accumulate=True)
    return y


def scen_relu_inplace(x, k):
    y = x * 3
    y.relu_()
    return y.sum(0)


def scen_transpose_inplace(x, k):
    y = x * 1
    y.t().add_(torch.arange(6.).reshape(3, 2))
    return y


def scen_view_then_base(x, k):
    y = x + 1
    v = y[1:]
    y.mul_(2)
    return v * 1


def scen_diamond(x, k):
    a = x.sin()
    b = a * a
    c = a.exp()
    return b + c


def scen_shared_input(x, k):
    return x * x + x


def scen_detach(x, k):
    return x * x.detach()


def scen_setitem_slice_grad(x, w, k):
    y = x.clone()
    y[1:3] = w
    return y.exp()


def scen_copy_(x, w, k):
    y = x * 1
    y[0].copy_(w)
    return y


def scen_masked_fill_(x, m, k):
    y = x * 1
    y.masked_fill_(m, 2.0)
    return y


def scen_clamp_(x, k):
    y = x * 1
    y.clamp_(-0.5, 0.5)
    return y


def scen_sigmoid_(x, k):
    y = x * 1
    y.sigmoid_()
    return y


def scen_two_views(x, k):
    y = x * 1
    y[0, 0] = 10
    y[:, 2].mul_(3)
    return y


def scen_scatter_(x, w, k):
    y = x * 1
    y.scatter_(1, torch.tensor([[0, 2], [1, 0]]), w)
    return y


def scen_div_(x, w, k):
    y = x * 1
    y.div_(w)
    return y


def scen_sub_alpha(x, w, k):
    y = x * 1
    y.sub_(w, alpha=2)
    return y


OPS = {
    # creation
    'zeros': lambda xs, k: torch.zeros(2, 3),
    'zeros_int': lambda xs, k: torch.zeros(2, 2, dtype=torch.int32),
    'ones': lambda xs, k: torch.ones([3]),
    'ones_f64': lambda xs, k: torch.ones(2, 1, dtype=torch.float64),
    'full': lambda xs, k: torch.full((2, 2), 7.5),
    'full_long': lambda xs, k: torch.full((3,), 4, dtype=torch.int64),
    'eye': lambda xs, k: torch.eye(3),
    'eye_rect': lambda xs, k: torch.eye(2, 4),
    'arange_end': lambda xs, k: torch.arange(5),
    'arange_step': lambda xs, k: torch.arange(1, 10, 3),
    'arange_neg': lambda xs, k: torch.arange(5, -3, -2),
    'arange_float': lambda xs, k: torch.arange(0, 1, 0.1),
    'arange_f64': lambda xs, k: torch.arange(-1, 1, 0.25, dtype=torch.float64),
    'linspace': lambda xs, k: torch.linspace(0, 1, 5),
    'linspace_long': lambda xs, k: torch.linspace(-3.3, 7.1, 37),
    'linspace_f64': lambda xs, k: torch.linspace(-1, 2, 7, dtype=torch.float64),
    'tensor_nested': lambda xs, k: torch.tensor([[1., 2.5], [3., -4.]]),
    'tensor_int': lambda xs, k: torch.tensor([[1, 2], [3, 4]]),
    'tensor_bool': lambda xs, k: torch.tensor([True, False, True]),
    'tensor_scalar': lambda xs, k: torch.tensor(3.5),
    'tensor_dtype': lambda xs, k: torch.tensor([1.7, -2.7, 3.2], dtype=torch.int32),
    'zeros_like': lambda xs, k: torch.zeros_like(xs[0]),
    'ones_like': lambda xs, k: torch.ones_like(xs[0]),
    'full_like': lambda xs, k: torch.full_like(xs[0], 2.5),
    'empty_shape': lambda xs, k: torch.empty(0, 3),

    # dtype conversion
    'to': lambda xs, k: xs[0].to(D[k['dtype']]),
    'float': lambda xs, k: xs[0].float(),
    'double': lambda xs, k: xs[0].double(),
    'long': lambda xs, k: xs[0].long(),
    'int': lambda xs, k: xs[0].int(),
    'bool': lambda xs, k: xs[0].bool(),
    'byte': lambda xs, k: xs[0].byte(),
    'short': lambda xs, k: xs[0].short(),
    'char': lambda xs, k: xs[0].char(),
    'clone': lambda xs, k: xs[0].clone(),

    # binary arithmetic
    'add': lambda xs, k: xs[0] + xs[1],
    'add_alpha': lambda xs, k: torch.add(xs[0], xs[1], alpha=k['alpha']),
    'add_scalar': lambda xs, k: xs[0] + k['s'],
    'radd_scalar': lambda xs, k: k['s'] + xs[0],
    'sub': lambda xs, k: xs[0] - xs[1],
    'sub_alpha': lambda xs, k: torch.sub(xs[0], xs[1], alpha=k['alpha']),
    'sub_scalar': lambda xs, k: xs[0] - k['s'],
    'rsub_scalar': lambda xs, k: k['s'] - xs[0],
    'mul': lambda xs, k: xs[0] * xs[1],
    'mul_scalar': lambda xs, k: xs[0] * k['s'],
    'div': lambda xs, k: xs[0] / xs[1],
    'div_scalar': lambda xs, k: xs[0] / k['s'],
    'rdiv_scalar': lambda xs, k: k['s'] / xs[0],
    'div_mode': lambda xs, k: torch.div(xs[0], xs[1], rounding_mode=k['mode']),
    'div_mode_scalar': lambda xs, k: torch.div(xs[0], k['s'], rounding_mode=k['mode']),
    'floor_divide': lambda xs, k: torch.floor_divide(xs[0], xs[1]),
    'pow': lambda xs, k: xs[0] ** xs[1],
    'pow_scalar': lambda xs, k: xs[0] ** k['s'],
    'rpow_scalar': lambda xs, k: torch.pow(k['s'], xs[0]),
    'remainder': lambda xs, k: torch.remainder(xs[0], xs[1]),
    'remainder_scalar': lambda xs, k: torch.remainder(xs[0], k['s']),
    'fmod': lambda xs, k: torch.fmod(xs[0], xs[1]),
    'fmod_scalar': lambda xs, k: torch.fmod(xs[0], k['s']),
    'atan2': lambda xs, k: torch.atan2(xs[0], xs[1]),
    'maximum': lambda xs, k: torch.maximum(xs[0], xs[1]),
    'minimum': lambda xs, k: torch.minimum(xs[0], xs[1]),
    'square': lambda xs, k: xs[0].square(),
    'add_': lambda xs, k: cp(xs[0]).add_(xs[1]),
    'sub_': lambda xs, k: cp(xs[0]).sub_(xs[1]),
    'mul_': lambda xs, k: cp(xs[0]).mul_(xs[1]),
    'div_': lambda xs, k: cp(xs[0]).div_(xs[1]),
    'pow_': lambda xs, k: cp(xs[0]).pow_(k['s']),
    'add_scalar_': lambda xs, k: cp(xs[0]).add_(k['s']),
    'mul_scalar_': lambda xs, k: cp(xs[0]).mul_(k['s']),

    # unary
    **{n: (lambda n: lambda xs, k: getattr(torch, n)(xs[0]))(n) for n in [
        'neg', 'abs', 'sign', 'sqrt', 'rsqrt', 'exp', 'exp2', 'expm1', 'log', 'log2', 'log10', 'log1p', 'sin',
        'cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh', 'sigmoid',
        'floor', 'ceil', 'round', 'trunc', 'frac', 'reciprocal', 'erf']},
    'exp_': lambda xs, k: cp(xs[0]).exp_(),
    'log_': lambda xs, k: cp(xs[0]).log_(),
    'neg_': lambda xs, k: cp(xs[0]).neg_(),
    'clamp': lambda xs, k: torch.clamp(xs[0], k.get('min'), k.get('max')),
    'clamp_t': lambda xs, k: torch.clamp(xs[0], xs[1], xs[2]),
    'clamp_': lambda xs, k: cp(xs[0]).clamp_(k.get('min'), k.get('max')),

    # comparison and logic
    'eq': lambda xs, k: xs[0] == xs[1], 'ne': lambda xs, k: xs[0] != xs[1],
    'lt': lambda xs, k: xs[0] < xs[1], 'le': lambda xs, k: xs[0] <= xs[1],
    'gt': lambda xs, k: xs[0] > xs[1], 'ge': lambda xs, k: xs[0] >= xs[1],
    'eq_scalar': lambda xs, k: xs[0] == k['s'], 'lt_scalar': lambda xs, k: xs[0] < k['s'],
    'ge_scalar': lambda xs, k: xs[0] >= k['s'],
    'logical_and': lambda xs, k: torch.logical_and(xs[0], xs[1]),
    'logical_or': lambda xs, k: torch.logical_or(xs[0], xs[1]),
    'logical_xor': lambda xs, k: torch.logical_xor(xs[0], xs[1]),
    'logical_not': lambda xs, k: torch.logical_not(xs[0]),
    'isnan': lambda xs, k: torch.isnan(xs[0]), 'isinf': lambda xs, k: torch.isinf(xs[0]),
    'isfinite': lambda xs, k: torch.isfinite(xs[0]),
    'where': lambda xs, k: torch.where(xs[0], xs[1], xs[2]),
    'where_scalar': lambda xs, k: torch.where(xs[0], xs[1], k['s']),
    'equal': lambda xs, k: torch.equal(xs[0], xs[1]),
    'allclose': lambda xs, k: torch.allclose(xs[0], xs[1], rtol=k.get('rtol', 1e-5), atol=k.get('atol', 1e-8),
                                             equal_nan=k.get('equalNan', False)),
    'isclose': lambda xs, k: torch.isclose(xs[0], xs[1], equal_nan=k.get('equalNan', False)),

    # reductions
    'sum': lambda xs, k: xs[0].sum(),
    'sum_dim': lambda xs, k: xs[0].sum(k['dim'], keepdim=k.get('keepdim', False)),
    'sum_dtype': lambda xs, k: xs[0].sum(dtype=D[k['dtype']]),
    'mean': lambda xs, k: xs[0].mean(),
    'mean_dim': lambda xs, k: xs[0].mean(k['dim'], keepdim=k.get('keepdim', False)),
    'prod': lambda xs, k: xs[0].prod(),
    'prod_dim': lambda xs, k: xs[0].prod(k['dim'], keepdim=k.get('keepdim', False)),
    'max': lambda xs, k: xs[0].max(), 'min': lambda xs, k: xs[0].min(),
    'max_dim': lambda xs, k: tuple(xs[0].max(k['dim'], keepdim=k.get('keepdim', False))),
    'min_dim': lambda xs, k: tuple(xs[0].min(k['dim'], keepdim=k.get('keepdim', False))),
    'max_other': lambda xs, k: xs[0].max(xs[1]),
    'amax': lambda xs, k: xs[0].amax(k['dim'], keepdim=k.get('keepdim', False)),
    'amin': lambda xs, k: xs[0].amin(k['dim'], keepdim=k.get('keepdim', False)),
    'argmax': lambda xs, k: xs[0].argmax(), 'argmin': lambda xs, k: xs[0].argmin(),
    'argmax_dim': lambda xs, k: xs[0].argmax(k['dim'], keepdim=k.get('keepdim', False)),
    'argmin_dim': lambda xs, k: xs[0].argmin(k['dim'], keepdim=k.get('keepdim', False)),
    'var': lambda xs, k: xs[0].var(), 'std': lambda xs, k: xs[0].std(),
    'var_dim': lambda xs, k: xs[0].var(k['dim'], unbiased=k.get('unbiased', True), keepdim=k.get('keepdim', False)),
    'std_dim': lambda xs, k: xs[0].std(k['dim'], unbiased=k.get('unbiased', True), keepdim=k.get('keepdim', False)),
    'var_biased': lambda xs, k: xs[0].var(unbiased=False),
    'norm': lambda xs, k: xs[0].norm(),
    'norm_p': lambda xs, k: xs[0].norm(p=k['p'], dim=k.get('dim'), keepdim=k.get('keepdim', False)),
    'logsumexp': lambda xs, k: xs[0].logsumexp(k['dim'], keepdim=k.get('keepdim', False)),
    'cumsum': lambda xs, k: xs[0].cumsum(k['dim']),
    'cumprod': lambda xs, k: xs[0].cumprod(k['dim']),
    'all': lambda xs, k: xs[0].all(), 'any': lambda xs, k: xs[0].any(),
    'all_dim': lambda xs, k: xs[0].all(k['dim'], keepdim=k.get('keepdim', False)),
    'any_dim': lambda xs, k: xs[0].any(k['dim'], keepdim=k.get('keepdim', False)),

    # matrix products
    'dot': lambda xs, k: torch.dot(xs[0], xs[1]),
    'mv': lambda xs, k: torch.mv(xs[0], xs[1]),
    'mm': lambda xs, k: torch.mm(xs[0], xs[1]),
    'matmul': lambda xs, k: torch.matmul(xs[0], xs[1]),
    'bmm': lambda xs, k: torch.bmm(xs[0], xs[1]),
    'outer': lambda xs, k: torch.outer(xs[0], xs[1]),
    'addmm': lambda xs, k: torch.addmm(xs[0], xs[1], xs[2], beta=k.get('beta', 1), alpha=k.get('alpha', 1)),
    'mm_t': lambda xs, k: torch.mm(xs[0].t(), xs[1].t()),

    # activations
    'relu': lambda xs, k: F.relu(xs[0]),
    'relu6': lambda xs, k: F.relu6(xs[0]),
    'leaky_relu': lambda xs, k: F.leaky_relu(xs[0], k.get('slope', 0.01)),
    'elu': lambda xs, k: F.elu(xs[0], k.get('alpha', 1.0)),
    'selu': lambda xs, k: F.selu(xs[0]),
    'gelu': lambda xs, k: F.gelu(xs[0], approximate=k.get('approximate', 'none')),
    'silu': lambda xs, k: F.silu(xs[0]),
    'softplus': lambda xs, k: F.softplus(xs[0], beta=k.get('beta', 1), threshold=k.get('threshold', 20)),
    'softsign': lambda xs, k: F.softsign(xs[0]),
    'hardtanh': lambda xs, k: F.hardtanh(xs[0], k.get('min', -1.0), k.get('max', 1.0)),
    'sigmoid_f': lambda xs, k: torch.sigmoid(xs[0]),
    'tanh_f': lambda xs, k: torch.tanh(xs[0]),
    'softmax': lambda xs, k: F.softmax(xs[0], dim=k['dim']),
    'log_softmax': lambda xs, k: F.log_softmax(xs[0], dim=k['dim']),

    # views and joins
    'view': lambda xs, k: xs[0].view(*k['shape']),
    'reshape': lambda xs, k: xs[0].reshape(*k['shape']),
    'reshape_t': lambda xs, k: xs[0].t().reshape(*k['shape']),
    'flatten': lambda xs, k: xs[0].flatten(k.get('start', 0), k.get('end', -1)),
    'unsqueeze': lambda xs, k: xs[0].unsqueeze(k['dim']),
    'squeeze': lambda xs, k: xs[0].squeeze(),
    'squeeze_dim': lambda xs, k: xs[0].squeeze(k['dim']),
    'transpose': lambda xs, k: xs[0].transpose(k['d0'], k['d1']),
    't': lambda xs, k: xs[0].t(),
    'permute': lambda xs, k: xs[0].permute(*k['dims']),
    'expand': lambda xs, k: xs[0].expand(*k['shape']),
    'contiguous_t': lambda xs, k: xs[0].t().contiguous(),
    'narrow': lambda xs, k: xs[0].narrow(k['dim'], k['start'], k['length']),
    'select': lambda xs, k: xs[0].select(k['dim'], k['index']),
    'chunk': lambda xs, k: xs[0].chunk(k['chunks'], k.get('dim', 0)),
    'split': lambda xs, k: xs[0].split(k['size'], k.get('dim', 0)),
    'unbind': lambda xs, k: xs[0].unbind(k.get('dim', 0)),
    'cat': lambda xs, k: torch.cat(xs, k.get('dim', 0)),
    'stack': lambda xs, k: torch.stack(xs, k.get('dim', 0)),
    'flip': lambda xs, k: xs[0].flip(k['dims']),
    'repeat': lambda xs, k: xs[0].repeat(*k['reps']),
    'view_chain': lambda xs, k: xs[0].permute(2, 0, 1).narrow(2, 1, 2).transpose(0, 2).reshape(-1, 2),

    # indexing
    'index': lambda xs, k: xs[0][tuple(idx_py(a) for a in k['idx'])],
    'index_t': lambda xs, k: xs[0][tuple(xs[1] if a == '$1' else idx_py(a) for a in k['idx'])],
    'index_put': lambda xs, k: index_put_py(xs, k),
    'gather': lambda xs, k: torch.gather(xs[0], k['dim'], xs[1]),
    'scatter': lambda xs, k: torch.scatter(xs[0], k['dim'], xs[1], xs[2]),
    'scatter_value': lambda xs, k: torch.scatter(xs[0], k['dim'], xs[1], k['value']),
    'scatter_add': lambda xs, k: torch.scatter_add(xs[0], k['dim'], xs[1], xs[2]),
    'index_select': lambda xs, k: torch.index_select(xs[0], k['dim'], xs[1]),
    'masked_fill': lambda xs, k: xs[0].masked_fill(xs[1], k['value']),
    'masked_select': lambda xs, k: xs[0].masked_select(xs[1]),
    'nonzero': lambda xs, k: xs[0].nonzero(),

    # autograd scenarios
    'scen_inplace_chain': lambda xs, k: scen_inplace_chain(*xs, k),
    'scen_copyslices_select': lambda xs, k: scen_copyslices_select(*xs, k),
    'scen_copyslices_narrow_zero': lambda xs, k: scen_copyslices_narrow_zero(*xs, k),
    'scen_copyslices_view_chain': lambda xs, k: scen_copyslices_view_chain(*xs, k),
    'scen_setitem_tensor': lambda xs, k: scen_setitem_tensor(*xs, k),
    'scen_inplace_chain_ok': lambda xs, k: scen_inplace_chain_ok(*xs, k),
    'scen_view_chain_ok': lambda xs, k: scen_view_chain_ok(*xs, k),
    'scen_setitem_mask': lambda xs, k: scen_setitem_mask(*xs, k),
    'scen_indexput_accumulate': lambda xs, k: scen_indexput_accumulate(*xs, k),
    'scen_relu_inplace': lambda xs, k: scen_relu_inplace(*xs, k),
    'scen_transpose_inplace': lambda xs, k: scen_transpose_inplace(*xs, k),
    'scen_view_then_base': lambda xs, k: scen_view_then_base(*xs, k),
    'scen_diamond': lambda xs, k: scen_diamond(*xs, k),
    'scen_shared_input': lambda xs, k: scen_shared_input(*xs, k),
    'scen_detach': lambda xs, k: scen_detach(*xs, k),
    'scen_setitem_slice_grad': lambda xs, k: scen_setitem_slice_grad(*xs, k),
    'scen_copy_': lambda xs, k: scen_copy_(*xs, k),
    'scen_masked_fill_': lambda xs, k: scen_masked_fill_(*xs, k),
    'scen_clamp_': lambda xs, k: scen_clamp_(*xs, k),
    'scen_sigmoid_': lambda xs, k: scen_sigmoid_(*xs, k),
    'scen_two_views': lambda xs, k: scen_two_views(*xs, k),
    'scen_scatter_': lambda xs, k: scen_scatter_(*xs, k),
    'scen_div_': lambda xs, k: scen_div_(*xs, k),
    'scen_sub_alpha': lambda xs, k: scen_sub_alpha(*xs, k),
}


def idx_py(a):
    """The Python index for one element of the JSON index list (the TS side reads the same list)."""
    if a is None or isinstance(a, int):
        return a
    if a == '...':
        return Ellipsis
    if isinstance(a, list):
        return torch.tensor(a)
    if isinstance(a, str):
        parts = [int(p) if p.strip() else None for p in a.split(':')]
        return slice(*parts)
    raise TypeError(a)


def index_put_py(xs, k):
    y = cp(xs[0])
    idx = tuple(xs[2] if a == '$2' else idx_py(a) for a in k['idx'])
    if k.get('accumulate'):
        y.index_put_(idx, xs[1], accumulate=True)
    else:
        y[idx] = xs[1]
    return y


# ---------------------------------------------------------------------------------------------
# Cases, by family: (op key, inputs, kwargs). Float inputs require grad unless grad=False.
# ---------------------------------------------------------------------------------------------
def C(op, inputs=(), grad=True, **kw):
    return (op, list(inputs), kw, grad)


A34 = R(3, 4)
SH = [((3, 4), (3, 4)), ((3, 1), (1, 4)), ((2, 3, 4), (4,)), ((), (3,)), ((2, 1, 3), (4, 1)), ((5,), ())]

FAMILIES = {}

FAMILIES['creation'] = [
    C('zeros'), C('zeros_int'), C('ones'), C('ones_f64'), C('full'), C('full_long'), C('eye'), C('eye_rect'),
    C('arange_end'), C('arange_step'), C('arange_neg'), C('arange_float'), C('arange_f64'), C('linspace'),
    C('linspace_long'), C('linspace_f64'), C('tensor_nested'), C('tensor_int'), C('tensor_bool'),
    C('tensor_scalar'), C('tensor_dtype'), C('zeros_like', [I(2, 3)]), C('ones_like', [R(2, dtype='float64')]),
    C('full_like', [R(3)]), C('empty_shape'),
    C('to', [R(2, 3)], dtype='float64'), C('to', [U(-20, 20, 7)], dtype='int32'), C('to', [U(-20, 20, 7)], dtype='int64'),
    C('to', [I(6)], dtype='float32'), C('to', [V([0., 1.5, -2., 0.], dtype='float32')], dtype='bool'),
    C('to', [V([0, 3, 0, 1], dtype='int64')], dtype='bool'), C('to', [B(5)], dtype='float32'),
    C('to', [V([-129, 127, 300, -1], dtype='int64')], dtype='int8'), C('to', [V([1.1, 2.9, 250.7], dtype='float64')], dtype='uint8'),
    C('to', [V([3.4028234663852886e+38, 1e-46, 0.1, 1 / 3], dtype='float64')], dtype='float32'),
    C('to', [V([2 ** 31 - 1, -(2 ** 31), 2 ** 40 + 1], dtype='int64')], dtype='float32'),
    C('float', [I(4)]), C('double', [R(4)]), C('long', [U(-9, 9, 6)]), C('int', [U(-9, 9, 6, dtype='float64')]),
    C('bool', [V([0, -1, 2], dtype='int32')]), C('byte', [V([0, 17, 255], dtype='int64')]),
    C('short', [V([1.9, -1.9, 1000.5])]), C('char', [V([5, -7, 100], dtype='int32')]), C('clone', [R(2, 2)]),
]

binary = []
for op in ['add', 'sub', 'mul', 'div']:
    for sa, sb in SH:
        binary.append(C(op, [R(*sa), R(*sb) if op != 'div' else U(0.5, 2, *sb)]))
binary += [
    C('add', [R(3, dtype='float64'), R(3, dtype='float64')]),
    C('add', [I(3, 2), I(2)]), C('sub', [I(4, dtype='int32'), I(4, dtype='int32')]), C('mul', [I(4), I(4)]),
    C('add', [I(3), R(3)]), C('add', [R(3), R(3, dtype='float64')]), C('mul', [I(2, 3, dtype='int32'), I(3)]),
    C('add', [I(3, dtype='uint8', lo=0, hi=200), I(3, dtype='int8')]), C('add', [B(4), I(4)]),
    C('add', [B(4), B(4)]), C('mul', [B(4), B(4)]), C('add', [B(4), R(4)]),
    C('add', [R(2, 3), R(dtype='float64')]), C('add', [I(2, 3), R()]), C('mul', [I(3, dtype='int32'), I(dtype='int64')]),
    C('add', [R(3, dtype='float64'), R()]), C('add', [I(3, dtype='int16'), I(3, dtype='int8')]),
    C('add', [I(3, dtype='uint8', lo=0, hi=250), I(3, dtype='uint8', lo=0, hi=250)]),
    C('div', [I(5, lo=-9, hi=10), V([2, -3, 4, 5, -7], dtype='int64')]), C('div', [I(4, dtype='int32'), R(4)]),
    C('add_alpha', [R(2, 3), R(3)], alpha=2.5), C('add_alpha', [I(3), I(3)], alpha=3),
    C('sub_alpha', [R(2, 3), R(2, 1)], alpha=-0.5),
    C('add_scalar', [R(3, 2)], s=1.5), C('add_scalar', [I(3)], s=2), C('add_scalar', [I(3)], s=2.5),
    C('add_scalar', [R(3, dtype='float64')], s=0.1), C('add_scalar', [B(3)], s=1), C('add_scalar', [B(3)], s=True),
    C('add_scalar', [I(3, dtype='int32')], s=7), C('add_scalar', [I(3, dtype='uint8', lo=0, hi=9)], s=3),
    C('radd_scalar', [R(3)], s=2), C('sub_scalar', [R(2, 2)], s=0.25), C('sub_scalar', [I(3)], s=4),
    C('rsub_scalar', [R(4)], s=1), C('rsub_scalar', [I(3)], s=10), C('mul_scalar', [R(2, 3)], s=-3.5),
    C('mul_scalar', [I(3)], s=3), C('mul_scalar', [I(3)], s=0.5), C('mul_scalar', [R(3, dtype='float64')], s=0.1),
    C('div_scalar', [R(3)], s=3), C('div_scalar', [I(4)], s=2), C('div_scalar', [R(3, dtype='float64')], s=0.3),
    C('rdiv_scalar', [U(0.5, 2, 3)], s=2),
    C('div_mode', [U(-9, 9, 6), V([2., -2., 3., -3., 0.5, 4.], dtype='float32', grad=False)], mode='trunc'),
    C('div_mode', [U(-9, 9, 6), V([2., -2., 3., -3., 0.5, 4.], dtype='float32', grad=False)], mode='floor'),
    C('div_mode', [V([7, -7, 7, -7, 0], dtype='int64'), V([2, 2, -2, -2, 3], dtype='int64')], mode='floor'),
    C('div_mode', [V([7, -7, 7, -7, 0], dtype='int64'), V([2, 2, -2, -2, 3], dtype='int64')], mode='trunc'),
    C('div_mode_scalar', [I(5)], s=2, mode='floor'), C('div_mode_scalar', [U(-5, 5, 5)], s=1.5, mode='trunc'),
    C('floor_divide', [V([7., -7., 7.5, -0.5], dtype='float32'), V([2., 2., -2., 3.], dtype='float32')]),
    C('floor_divide', [V([7, -7, 9, -9], dtype='int64'), V([2, 2, -4, 4], dtype='int64')]),
    C('pow', [U(0.5, 2, 3, 4), R(4)]), C('pow', [U(0.5, 2, 3, 1), U(-1, 2, 2, 1, 4)]),
    C('pow', [V([2, 3, -2, 0], dtype='int64'), V([3, 0, 3, 2], dtype='int64')]),
    C('pow_scalar', [R(3, 2)], s=2), C('pow_scalar', [R(4)], s=3), C('pow_scalar', [U(0.1, 3, 4)], s=0.5),
    C('pow_scalar', [U(0.1, 3, 4)], s=-1.5), C('pow_scalar', [I(4)], s=2), C('pow_scalar', [I(4, lo=1)], s=0.5),
    C('pow_scalar', [R(3)], s=0), C('rpow_scalar', [R(4)], s=2), C('rpow_scalar', [R(3)], s=0.5),
    C('remainder', [U(-9, 9, 8), V([2., -2., 3., -3., 2.5, -2.5, 4., 1.5], grad=False)]),
    C('remainder', [V([7, -7, 7, -7], dtype='int64'), V([3, 3, -3, -3], dtype='int64')]),
    C('remainder_scalar', [U(-9, 9, 6)], s=2.5), C('remainder_scalar', [I(6)], s=-3),
    C('fmod', [U(-9, 9, 8), V([2., -2., 3., -3., 2.5, -2.5, 4., 1.5], grad=False)]),
    C('fmod_scalar', [U(-9, 9, 6)], s=2.5), C('fmod_scalar', [I(6)], s=3),
    C('atan2', [R(3, 4), R(4)]), C('atan2', [I(3), I(3, lo=1)]),
    C('maximum', [R(3, 4), R(4)]), C('minimum', [R(2, 3), R(2, 1)]),
    C('maximum', [V([1., 2., float('nan'), 4.]), V([2., 2., 1., float('nan')], grad=False)]),
    C('maximum', [I(5), I(5)]), C('minimum', [I(4, dtype='int32'), R(4)]),
    C('square', [R(3)]), C('square', [I(3)]),
    C('add_', [R(3, 4), R(4)]), C('sub_', [R(3, 4), R(3, 1)]), C('mul_', [R(2, 3), R(2, 3)]), C('div_', [R(2, 3), U(1, 2, 3)]),
    C('add_', [I(3), I(3)]), C('add_', [R(3), I(3)]), C('pow_', [U(0.5, 2, 4)], s=3),
    C('add_scalar_', [R(2, 2)], s=0.5), C('mul_scalar_', [R(2, 2)], s=3), C('add_scalar_', [I(3)], s=2),
]
FAMILIES['binary'] = binary

unary = []
DOMAIN = {'sqrt': (0.1, 4), 'rsqrt': (0.1, 4), 'log': (0.1, 4), 'log2': (0.1, 4), 'log10': (0.1, 4),
          'log1p': (-0.9, 4), 'asin': (-0.95, 0.95), 'acos': (-0.95, 0.95), 'atanh': (-0.95, 0.95),
          'acosh': (1.1, 4), 'reciprocal': (0.5, 3)}
for n in ['neg', 'abs', 'sign', 'sqrt', 'rsqrt', 'exp', 'exp2', 'expm1', 'log', 'log2', 'log10', 'log1p', 'sin',
          'cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh', 'sigmoid',
          'floor', 'ceil', 'round', 'trunc', 'frac', 'reciprocal', 'erf']:
    lo, hi = DOMAIN.get(n, (-3, 3))
    unary.append(C(n, [U(lo, hi, 2, 5)]))
    unary.append(C(n, [U(lo, hi, 4, dtype='float64')]))
unary += [
    C('round', [V([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4999, 3.5000001])]),
    C('sign', [V([0., -0., 2., -3., float('nan')], grad=False)]),
    C('neg', [I(4)]), C('abs', [I(4)]), C('abs', [V([-3, 4], dtype='int8')]), C('sign', [I(4)]),
    C('sqrt', [I(4, lo=0, hi=9)]), C('exp', [I(3)]), C('sin', [B(3)]), C('floor', [I(3)]),
    C('exp', [V([-200., 0., 100., float('inf'), float('-inf')], grad=False)]),
    C('log', [V([0., -1., 1e-30, float('inf')], grad=False)]),
    C('sqrt', [V([-1., 0., 1e-20], grad=False)]),
    C('sigmoid', [V([-100., -20., 0., 20., 100.])]), C('tanh', [V([-30., -1e-8, 0., 10.])]),
    C('erf', [V([-5., -0.5, 1e-10, 2.5, 6.])]),
    C('exp_', [R(3)]), C('log_', [U(0.5, 2, 3)]), C('neg_', [R(2, 2)]),
    C('clamp', [R(3, 4)], min=-0.5, max=0.5), C('clamp', [R(5)], min=0.1), C('clamp', [R(5)], max=-0.2),
    C('clamp', [I(6)], min=-2, max=3), C('clamp', [I(4)], min=-2, max=2),
    C('clamp_t', [R(3, 4), R(4, grad=False), U(1, 2, 3, 1, grad=False)]),
    C('clamp_', [R(2, 3)], min=-0.3, max=0.3),
]
FAMILIES['unary'] = unary

compare = []
for op in ['eq', 'ne', 'lt', 'le', 'gt', 'ge']:
    compare.append(C(op, [I(3, 4, lo=-2, hi=3), I(4, lo=-2, hi=3)]))
    compare.append(C(op, [V([1., float('nan'), 3., 0., -0.]), V([1., float('nan'), 2., -0., 1.])]))
compare += [
    C('eq', [I(3), R(3)]), C('lt', [R(2, 3, dtype='float64'), R(2, 3)]),
    C('eq_scalar', [V([0.1, 0.2, 0.1], dtype='float64')], s=0.1), C('eq_scalar', [V([0.1, 0.2], dtype='float32')], s=0.1),
    C('lt_scalar', [I(5)], s=0.5), C('ge_scalar', [R(2, 3)], s=0), C('eq_scalar', [I(4, lo=0, hi=3)], s=1),
    C('eq_scalar', [B(4)], s=True),
    C('logical_and', [B(3, 4), B(4)]), C('logical_or', [I(4, lo=0, hi=2), V([0., 0.5, 0., 1.])]),
    C('logical_xor', [B(5), B(5)]), C('logical_not', [V([0., 1., -2., float('nan')])]), C('logical_not', [B(4)]),
    C('isnan', [V([0., float('nan'), float('inf'), -1.])]), C('isinf', [V([0., float('nan'), float('inf'), float('-inf')])]),
    C('isfinite', [V([0., float('nan'), float('inf'), -1.])]), C('isnan', [I(3)]),
    C('where', [B(3, 4), R(3, 4), R(4)]), C('where', [B(3, 1), R(1, 4), R(3, 4, dtype='float64')]),
    C('where', [B(4), I(4), R(4)]), C('where_scalar', [B(2, 3), R(2, 3)], s=0.5),
    C('where_scalar', [B(3), R(3, dtype='float64')], s=0.1), C('where_scalar', [B(3), I(3)], s=7),
    C('equal', [V([1., 2.]), V([1., 2.])]), C('equal', [V([1., 2.]), V([1., 2.5])]), C('equal', [V([1., 2.]), V([[1., 2.]])]),
    C('allclose', [V([1., 2.]), V([1.000001, 2.])]), C('allclose', [V([1., 2.]), V([1.1, 2.])]),
    C('allclose', [V([1., 2.]), V([1.1, 2.])], rtol=0.2), C('allclose', [V([float('nan')]), V([float('nan')])]),
    C('allclose', [V([float('nan')]), V([float('nan')])], equalNan=True),
    C('allclose', [V([float('inf'), 1.]), V([float('inf'), 1.])]),
    C('isclose', [V([1., float('nan'), float('inf'), 1e-9]), V([1.00001, float('nan'), float('inf'), 0.])]),
]
FAMILIES['compare'] = compare

reduce = [
    C('sum', [R(3, 4)]), C('sum', [R()]), C('sum', [I(5)]), C('sum', [B(6)]), C('sum', [R(0)]), C('sum', [R(2, 3, dtype='float64')]),
    C('sum', [I(4, dtype='int32')]), C('sum_dim', [R(2, 3, 4)], dim=1), C('sum_dim', [R(2, 3, 4)], dim=-1, keepdim=True),
    C('sum_dim', [R(2, 3, 4)], dim=[0, 2]), C('sum_dim', [R(2, 3, 4)], dim=[-1, 0], keepdim=True),
    C('sum_dim', [I(3, 4)], dim=0), C('sum_dim', [R(3)], dim=0, keepdim=True), C('sum_dim', [R()], dim=0),
    C('sum_dtype', [R(3)], dtype='float64'), C('sum_dtype', [I(3)], dtype='float32'),
    C('mean', [R(3, 4)]), C('mean', [R(2, 2, dtype='float64')]), C('mean_dim', [R(2, 3, 4)], dim=[0, 1]),
    C('mean_dim', [R(2, 3, 4)], dim=-2, keepdim=True),
    C('prod', [U(0.5, 1.5, 2, 3)]), C('prod', [I(4, lo=1, hi=4)]), C('prod_dim', [R(3, 4)], dim=1),
    C('prod_dim', [V([[1., 0., 3.], [0., 0., 2.]])], dim=1, keepdim=True), C('prod', [V([1., 0., 3., 4.])]),
    C('max', [R(3, 4)]), C('min', [R(3, 4)]), C('max', [I(6)]),
    C('max', [V([1., 3., 3., 2.])]), C('min', [V([1., float('nan'), 0.])]),
    C('max_dim', [R(3, 4)], dim=1), C('max_dim', [R(2, 3, 4)], dim=0, keepdim=True), C('min_dim', [R(3, 4)], dim=-1),
    C('max_dim', [V([[1., 5., 5.], [2., 2., 0.]])], dim=1), C('min_dim', [I(3, 4)], dim=0),
    C('max_dim', [V([[1., float('nan'), 5.], [2., 2., 0.]], grad=False)], dim=1),
    C('max_other', [R(3, 4), R(4)]),
    C('amax', [R(3, 4)], dim=1), C('amax', [V([[1., 5., 5.], [2., 2., 0.]])], dim=-1, keepdim=True),
    C('amin', [R(2, 3, 4)], dim=[0, 2]),
    C('argmax', [R(3, 4)]), C('argmin', [R(3, 4)]), C('argmax', [V([1., 3., 3., 2.])]),
    C('argmax_dim', [R(3, 4)], dim=1), C('argmax_dim', [R(3, 4)], dim=0, keepdim=True), C('argmin_dim', [I(3, 4)], dim=-1),
    C('var', [R(10)]), C('std', [R(3, 4)]), C('var_biased', [R(6)]),
    C('var_dim', [R(3, 4)], dim=1), C('var_dim', [R(3, 4)], dim=0, unbiased=False, keepdim=True),
    C('std_dim', [R(2, 3, 4)], dim=[0, 2]), C('std_dim', [R(3, 5)], dim=-1, keepdim=True),
    C('var_dim', [R(4, 3, dtype='float64')], dim=0),
    C('norm', [R(3, 4)]), C('norm_p', [R(3, 4)], p=1), C('norm_p', [R(3, 4)], p=3, dim=1),
    C('norm_p', [R(3, 4)], p=2, dim=0, keepdim=True), C('norm_p', [R(3, 4)], p=float('inf'), dim=1),
    C('norm_p', [R(5)], p=float('inf')), C('norm_p', [R(2, 3)], p=0.5), C('norm_p', [V([0., 0., 0.])], p=2),
    C('logsumexp', [R(3, 4)], dim=1), C('logsumexp', [R(3, 4)], dim=0, keepdim=True),
    C('logsumexp', [V([[1000., 1000.], [-1000., 0.]])], dim=1), C('logsumexp', [R(2, 3, 4)], dim=[0, 2]),
    C('cumsum', [R(3, 4)], dim=1), C('cumsum', [R(3, 4)], dim=0), C('cumsum', [I(5)], dim=0), C('cumsum', [R(2, 3, 2)], dim=-2),
    C('cumprod', [U(0.5, 1.5, 2, 4)], dim=1), C('cumprod', [I(4, lo=1, hi=4)], dim=0),
    C('all', [B(4)]), C('any', [B(4)]), C('all', [V([1., 2., 0.5])]), C('any', [I(3, lo=0, hi=1)]),
    C('all_dim', [B(3, 4)], dim=1), C('any_dim', [B(3, 4)], dim=0, keepdim=True), C('all', [B(0)]), C('any', [B(0)]),
    C('sum_dim', [R(0, 3)], dim=0), C('max_dim', [R(0, 3)], dim=1), C('mean', [R(0)]), C('prod', [R(0)]),
    C('amax', [R(0, 3)], dim=1), C('norm', [R(0)]), C('var_dim', [R(3, 1)], dim=1),
    C('cumsum', [R(0, 2)], dim=0), C('argmax_dim', [R(0, 3)], dim=1), C('logsumexp', [R(2, 0)], dim=1),
]
FAMILIES['reduce'] = reduce

matmul = [
    C('dot', [R(5), R(5)]), C('dot', [I(4), I(4)]), C('dot', [R(3, dtype='float64'), R(3, dtype='float64')]),
    C('mv', [R(3, 4), R(4)]), C('mm', [R(3, 4), R(4, 2)]), C('mm', [I(2, 3), I(3, 2)]), C('mm_t', [R(4, 3), R(2, 4)]),
    C('mm', [R(2, 0), R(0, 3)]),
    C('matmul', [R(4), R(4)]), C('matmul', [R(3, 4), R(4)]), C('matmul', [R(4), R(4, 2)]), C('matmul', [R(3, 4), R(4, 5)]),
    C('matmul', [R(2, 3, 4), R(2, 4, 5)]), C('matmul', [R(2, 3, 4), R(4, 5)]), C('matmul', [R(3, 4), R(2, 4, 5)]),
    C('matmul', [R(4), R(2, 4, 3)]), C('matmul', [R(2, 3, 4), R(4)]), C('matmul', [R(2, 1, 3, 4), R(5, 4, 2)]),
    C('matmul', [R(1, 2, 3), R(3, 1, 3, 2)]),
    C('bmm', [R(2, 3, 4), R(2, 4, 2)]), C('outer', [R(3), R(4)]),
    C('addmm', [R(2), R(3, 4), R(4, 2)]), C('addmm', [R(3, 2), R(3, 4), R(4, 2)], beta=0.5, alpha=2),
    C('addmm', [R(1, 2), R(3, 4), R(4, 2)], beta=0),
]
FAMILIES['matmul'] = matmul

act = [
    C('relu', [R(3, 4)]), C('relu', [I(5)]), C('relu6', [U(-3, 9, 8)]), C('leaky_relu', [R(6)]),
    C('leaky_relu', [R(2, 3)], slope=0.2), C('elu', [R(6)]), C('elu', [R(6)], alpha=0.5), C('selu', [R(6)]),
    C('gelu', [R(8)]), C('gelu', [R(8)], approximate='tanh'), C('gelu', [R(4, dtype='float64')]), C('silu', [R(6)]),
    C('softplus', [U(-30, 30, 8)]), C('softplus', [U(-5, 5, 8)], beta=2, threshold=3), C('softsign', [R(6)]),
    C('hardtanh', [U(-3, 3, 8)]), C('hardtanh', [U(-3, 3, 8)], min=-2.0, max=0.5), C('sigmoid_f', [R(6)]), C('tanh_f', [R(6)]),
    C('softmax', [R(3, 4)], dim=1), C('softmax', [R(3, 4)], dim=0), C('softmax', [R(2, 3, 4)], dim=-2),
    C('softmax', [V([[1000., 0., -1000.]])], dim=1), C('log_softmax', [R(3, 4)], dim=1),
    C('log_softmax', [R(2, 3, 4)], dim=0), C('log_softmax', [V([[1000., 0., -1000.]])], dim=1),
    C('softmax', [R(5, dtype='float64')], dim=0),
]
FAMILIES['activation'] = act

views = [
    C('view', [R(3, 4)], shape=[2, 6]), C('view', [R(3, 4)], shape=[-1]), C('view', [R(2, 3, 4)], shape=[6, -1]),
    C('reshape', [R(3, 4)], shape=[4, 3]), C('reshape_t', [R(3, 4)], shape=[12]), C('reshape', [R(2, 3)], shape=[3, -1]),
    C('reshape', [R(6)], shape=[1, 2, 1, 3]),
    C('flatten', [R(2, 3, 4)]), C('flatten', [R(2, 3, 4)], start=1), C('flatten', [R(2, 3, 4, 2)], start=1, end=2),
    C('flatten', [R()]),
    C('unsqueeze', [R(3, 4)], dim=0), C('unsqueeze', [R(3, 4)], dim=-1), C('unsqueeze', [R()], dim=0),
    C('squeeze', [R(1, 3, 1, 2)]), C('squeeze_dim', [R(1, 3, 1)], dim=2), C('squeeze_dim', [R(2, 3)], dim=0),
    C('transpose', [R(2, 3, 4)], d0=0, d1=2), C('transpose', [R(3, 4)], d0=-1, d1=0), C('t', [R(3, 4)]), C('t', [R(3)]),
    C('permute', [R(2, 3, 4)], dims=[2, 0, 1]), C('permute', [R(2, 3, 4)], dims=[-1, 1, 0]),
    C('expand', [R(3, 1)], shape=[3, 4]), C('expand', [R(4)], shape=[2, 3, 4]), C('expand', [R(1, 2)], shape=[3, -1]),
    C('contiguous_t', [R(3, 4)]),
    C('narrow', [R(5, 3)], dim=0, start=1, length=3), C('narrow', [R(3, 5)], dim=-1, start=-3, length=2),
    C('select', [R(3, 4)], dim=0, index=1), C('select', [R(3, 4)], dim=1, index=-1),
    C('chunk', [R(7, 2)], chunks=3), C('chunk', [R(2, 6)], chunks=4, dim=1),
    C('split', [R(7, 2)], size=3), C('split', [R(2, 6)], size=[1, 3, 2], dim=1),
    C('unbind', [R(3, 2)]), C('unbind', [R(3, 2)], dim=1),
    C('cat', [R(2, 3), R(1, 3)]), C('cat', [R(2, 3), R(2, 2)], dim=1), C('cat', [R(2, 3), I(2, 3)]),
    C('cat', [R(2), R(0), R(3)]), C('cat', [R(2, 3, dtype='float64'), R(2, 3)], dim=-1),
    C('stack', [R(2, 3), R(2, 3)]), C('stack', [R(2, 3), R(2, 3), R(2, 3)], dim=2), C('stack', [R(), R()]),
    C('flip', [R(3, 4)], dims=[0]), C('flip', [R(2, 3, 4)], dims=[0, 2]),
    C('repeat', [R(2, 3)], reps=[2, 1]), C('repeat', [R(3)], reps=[2, 2]),
    C('view_chain', [R(2, 3, 4)]),
    C('expand', [R(2, 3)], shape=[2, 3]), C('t', [R(0, 3)]), C('reshape', [R(0, 3)], shape=[3, 0]),
    C('flip', [R()], dims=[]), C('repeat', [R()], reps=[2, 3]),
    C('split', [R(4, 3)], size=[0, 4]), C('cat', [R(0, 3), R(2, 3)]), C('stack', [R(0, 2), R(0, 2)], dim=1),
]
FAMILIES['views'] = views

indexing = [
    C('index', [R(3, 4)], idx=[0]), C('index', [R(3, 4)], idx=[-1, 2]), C('index', [R(3, 4)], idx=[':', '1:3']),
    C('index', [R(5, 4)], idx=['::2']), C('index', [R(5, 4)], idx=['1::2', '-3:']), C('index', [R(3, 4)], idx=[None, ':', None]),
    C('index', [R(2, 3, 4)], idx=['...', 1]), C('index', [R(2, 3, 4)], idx=[0, '...', None]),
    C('index', [R(4, 5)], idx=['10:', ':']), C('index', [R(4, 5)], idx=['-100:2', '3:1']),
    C('index', [R(4, 3)], idx=[[0, 2, -1]]), C('index', [R(4, 3)], idx=[[0, 2], [1, 0]]),
    C('index', [R(4, 3)], idx=[':', [2, 2, 0]]), C('index', [R(2, 3, 4)], idx=[[0, 1], ':', [3, 0]]),
    C('index', [R(2, 3, 4)], idx=[':', [0, 2], [1, 3]]), C('index', [R(2, 3, 4)], idx=[1, ':', [0, 0, 3]]),
    C('index', [R(2, 3, 4)], idx=[[1, 0], 2]), C('index', [R(4, 3)], idx=[[True, False, True, True]]),
    C('index_t', [R(3, 4), B(3, 4)], idx=['$1']), C('index_t', [R(3, 4), B(4)], idx=[':', '$1']),
    C('index_t', [R(3, 4), V([[0, 2], [1, 1]], dtype='int64')], idx=['$1']),
    C('index_t', [R(3, 4), V([[0, 2], [1, 1]], dtype='int64')], idx=['$1', '1:']),
    C('index_t', [R(2, 3, 4), V([0, 3], dtype='int64')], idx=[':', 1, '$1']),
    C('index_t', [I(3, 4), B(3, 4)], idx=['$1']),
    C('index_put', [R(3, 4), R(4)], idx=[1]), C('index_put', [R(3, 4), R(3, 1)], idx=[':', '1:3']),
    C('index_put', [R(3, 4), R()], idx=[[0, 2]]), C('index_put', [R(3, 4), R(2)], idx=[[0, 2], [1, 3]]),
    C('index_put', [R(3, 4), R(4), V([0, 0, 1], dtype='int64', grad=False)], idx=['$2'], accumulate=True),
    C('index_put', [R(3, 4), R(1), B(3, 4)], idx=['$2']), C('index_put', [I(3, 4), I(4)], idx=[0]),
    C('index_put', [R(2, 3, dtype='float64'), R(1, dtype='float64')], idx=['...', 0]),
    C('gather', [R(3, 4), V([[0, 3], [1, 1], [2, 0]], dtype='int64')], dim=1),
    C('gather', [R(3, 4), V([[0, 2, 1, 0], [2, 2, 0, 1]], dtype='int64')], dim=0),
    C('scatter', [R(3, 4), V([[0, 3], [1, 2]], dtype='int64'), R(2, 2)], dim=1),
    C('scatter', [R(3, 4), V([[0, 1, 2, 0]], dtype='int64'), R(1, 4)], dim=0),
    C('scatter_value', [R(2, 3), V([[2], [0]], dtype='int64')], dim=1, value=9.5),
    C('scatter_add', [R(3, 4), V([[0, 0], [1, 3], [2, 2]], dtype='int64'), R(3, 2)], dim=1),
    C('index_select', [R(4, 3), V([3, 0, 3], dtype='int64')], dim=0), C('index_select', [R(2, 3, 4), V([1], dtype='int64')], dim=-1),
    C('masked_fill', [R(3, 4), B(3, 4)], value=0.5), C('masked_fill', [R(3, 4), B(4)], value=-1.5),
    C('masked_fill', [R(3, dtype='float64'), B(3)], value=0.1), C('masked_fill', [I(5), B(5)], value=7),
    C('masked_select', [R(3, 4), B(3, 4)]), C('masked_select', [R(3, 4), B(4)]),
    C('nonzero', [V([[0., 1., 0.], [2., 0., 3.]])]), C('nonzero', [V([0, 0], dtype='int64')]),
]
FAMILIES['indexing'] = indexing

autograd = [
    C('scen_inplace_chain', [R(3)]), C('scen_copyslices_select', [R(3, 2)]), C('scen_copyslices_narrow_zero', [R(3, 2)]),
    C('scen_copyslices_view_chain', [R(2, 2)]), C('scen_setitem_tensor', [R(3, 4), R(3)]), C('scen_setitem_mask', [R(3, 3)]),
    C('scen_indexput_accumulate', [R(4, 2), R(3, 2)]), C('scen_relu_inplace', [R(3, 2)]), C('scen_transpose_inplace', [R(2, 3)]),
    C('scen_view_then_base', [R(3, 2)]), C('scen_diamond', [R(4)]), C('scen_shared_input', [R(4)]), C('scen_detach', [R(4)]),
    C('scen_setitem_slice_grad', [R(4, 2), R(2, 2)]), C('scen_copy_', [R(3, 2), R(2, dtype='float64')]),
    C('scen_masked_fill_', [R(2, 3), B(2, 3)]), C('scen_clamp_', [R(6)]), C('scen_sigmoid_', [R(4)]),
    C('scen_two_views', [R(3, 3)]), C('scen_scatter_', [R(2, 3), R(2, 2)]), C('scen_div_', [R(2, 3), U(1, 2, 3)]),
    C('scen_sub_alpha', [R(2, 2), R(2)]), C('scen_inplace_chain_ok', [R(3)]), C('scen_view_chain_ok', [R(2, 2)]),
]
FAMILIES['autograd'] = autograd


# ---------------------------------------------------------------------------------------------
# Running the cases
# ---------------------------------------------------------------------------------------------
def flat_outputs(o):
    if isinstance(o, torch.Tensor):
        return [o]
    if isinstance(o, (tuple, list)):
        return [t for x in o for t in flat_outputs(x)]
    return []


def run_case(op, inputs, kw, grad, seed):
    gen = torch.Generator().manual_seed(seed)
    xs = []
    for spec in inputs:
        t = spec.make(gen)
        want = spec.grad if spec.grad is not None else (grad and t.dtype.is_floating_point)
        if want:
            t.requires_grad_(True)
        xs.append(t)
    out = OPS[op](xs, kw)
    case = {
        'op': op,
        'kw': {k: num(v) if isinstance(v, float) else v for k, v in kw.items()},
        'inputs': [dict(enc_tensor(t), requiresGrad=t.requires_grad) for t in xs],
        'out': enc_out(out),
    }
    diff_outs = [t for t in flat_outputs(out) if t.requires_grad]
    leaves = [t for t in xs if t.requires_grad]
    if diff_outs and leaves:
        gouts = [torch.randn(t.shape, generator=gen, dtype=torch.float64).to(t.dtype) for t in diff_outs]
        case['gradOutputs'] = [enc_tensor(g) for g in gouts]
        try:
            grads = torch.autograd.grad(diff_outs, leaves, gouts, allow_unused=True)
            case['grads'] = [None if g is None else enc_tensor(g) for g in grads]
        except RuntimeError as e:
            case['gradError'] = str(e).split('\n')[0]
    return case


def write(name, obj):
    path = os.path.join(OUT, name)
    with open(path, 'w') as f:
        json.dump(obj, f, separators=(',', ':'))
    return os.path.getsize(path)


# ---------------------------------------------------------------------------------------------
# Printing: str(t) for tensors described by how to build them. Each entry is data (nested list),
# dtype, and an optional 'how' the TypeScript side repeats (requiresGrad leaf, an op for grad_fn).
# ---------------------------------------------------------------------------------------------
def repr_cases():
    g = torch.Generator().manual_seed(7)
    rnd = lambda *s: torch.randn(*s, generator=g)
    cases = []

    def add(t, how=None):
        base = t.detach()
        entry = {'data': enc_tensor(base), 'how': how}
        if how == 'leaf':
            t = base.clone().requires_grad_(True)
        elif how == 'mul2':
            t = base.clone().requires_grad_(True) * 2
        elif how == 'sum':
            t = base.clone().requires_grad_(True).sum()
        elif how == 'param':
            t = torch.nn.Parameter(base.clone())
        entry['str'] = str(t)
        cases.append(entry)

    add(torch.tensor(3.5))
    add(torch.tensor(-0.0))
    add(torch.tensor(2))
    add(torch.tensor(True))
    add(torch.tensor(1e-5))
    add(torch.tensor(123456789.0))
    add(torch.tensor(float('nan')))
    add(torch.tensor([1.0, 2.0, 3.0]))
    add(torch.tensor([-1.0, 2.0, -0.0]))
    add(torch.tensor([0.0, -0.0]))
    add(torch.tensor([1.5, -2.25, 3.125]))
    add(torch.tensor([1, -22, 333]))
    add(torch.tensor([True, False]))
    add(torch.tensor([1e-5, 1.0]))
    add(torch.tensor([1e5, 1.0]))
    add(torch.tensor([1e8, 1.0]))
    add(torch.tensor([1e9, 1.0]))
    add(torch.tensor([123456.0, 0.001]))
    add(torch.tensor([1e-10, 2e-10]))
    add(torch.tensor([0.1, float('nan'), float('inf'), float('-inf')]))
    add(torch.tensor([float('nan'), 1.0, 2.0]))
    add(torch.tensor([float('inf'), 1.0]))
    add(torch.tensor([1.0, 2.0], dtype=torch.float64))
    add(torch.tensor([0.1, 0.2], dtype=torch.float64))
    add(torch.tensor([1, 2], dtype=torch.int32))
    add(torch.tensor([1, 2], dtype=torch.int16))
    add(torch.tensor([-1, 2], dtype=torch.int8))
    add(torch.tensor([1, 255], dtype=torch.uint8))
    add(torch.tensor([[1.0, 2.0], [3.0, 4.0]]))
    add(torch.tensor([[1, 2], [3, 4]]))
    add(rnd(3, 4))
    add(rnd(2, 3, 4))
    add(rnd(2, 1, 2, 3))
    add(rnd(3, 4) * 1000)
    add(rnd(3, 4) * 1e-3)
    add(rnd(20))
    add(rnd(30) * 100)
    add(torch.arange(1000.))
    add(torch.arange(1001.))
    add(torch.arange(2000).reshape(40, 50))
    add(rnd(40, 30))
    add(torch.arange(3000.).reshape(10, 10, 30))
    add(torch.arange(100))
    add(torch.arange(40) * 1000003)
    add(torch.zeros(0))
    add(torch.zeros(0, 3))
    add(torch.zeros(2, 0, 1))
    add(torch.zeros(0, dtype=torch.int64))
    add(torch.zeros(0, dtype=torch.float64))
    add(torch.zeros(0, dtype=torch.bool))
    add(torch.zeros(3))
    add(torch.ones(2, 2, dtype=torch.bool))
    add(rnd(3), 'leaf')
    add(rnd(2, 2), 'mul2')
    add(rnd(4), 'sum')
    add(rnd(2, 3), 'param')
    add(rnd(30), 'mul2')
    add(rnd(7) * 100, 'mul2')
    add(torch.tensor([0.5, 100.0]))
    add(torch.tensor([1.0e-4, 1.0]))
    add(torch.tensor([9.99996e-5, 1.0]))
    add(torch.tensor([2.5, 3.5, 0.125]))
    add(torch.tensor([12345.678, 1.0]))
    add(torch.tensor([1e20, -1e-20]))
    add(torch.tensor([1e20, -1e-20], dtype=torch.float64))
    add(torch.tensor([65504.0, 1.0]))
    add(torch.tensor([-5, 1], dtype=torch.int64) * 10 ** 12)
    add(rnd(3, 4) * 1e5)
    add(rnd(2, 3) * 1e-5)
    add(-rnd(4).abs() - 1)
    add(torch.tensor([0.00015, 0.5]))
    add(torch.tensor([1.0, 1000.0]))
    add(torch.tensor([1.0, 1001.0]))
    add(torch.tensor([1.5, 1000.0]))
    add(torch.tensor([1.5, 1001.0]))
    add(torch.tensor([3e8, 1.0, -2.0]))
    add(torch.tensor([1.0, float('nan'), float('inf'), -3.0]))
    add(torch.tensor([100.0, -7.0], dtype=torch.float64))
    add(torch.tensor([[0.1, -0.2], [1e-3, 12.5]], dtype=torch.float64))
    add(torch.rand(40, 30, generator=g) > 0.5)
    add(torch.arange(-600, 600).reshape(2, 600))
    add(rnd(1, 1500))
    add(rnd(1500, 1))
    add(rnd(2, 600, 2))
    add(rnd(12, 10, 11))
    add(rnd(25) * 10, 'mul2')
    add(rnd(9, 9), 'mul2')
    add(rnd(3).double(), 'leaf')
    add(torch.zeros(0), 'leaf')
    add(torch.zeros(0, dtype=torch.float64), 'leaf')
    add(torch.zeros(2, 0), 'leaf')
    add(torch.tensor(2.5), 'leaf')
    add(torch.tensor(2.5, dtype=torch.float64), 'mul2')
    add(rnd(2, 2).double(), 'param')
    add(torch.tensor([1e-8, 1e-9, 0.0]))
    add(torch.tensor([0.0, 0.0, 1.0]))
    add(torch.tensor([1234567.0, 0.5]))
    add(torch.tensor([99999.5, 0.25]))
    add(torch.tensor([float('-inf'), 0.0001]))
    add(torch.tensor([[[True]]]))
    add(torch.tensor([[1, 2]], dtype=torch.uint8))
    add(torch.arange(24, dtype=torch.int32).reshape(2, 3, 4))
    return cases


# ---------------------------------------------------------------------------------------------
# Type promotion: the result dtype (or the error) of tensor-tensor and tensor-scalar arithmetic for
# every pair of dtypes, with 0-d and 1-d operands (0-d tensors rank below dimensioned ones).
# ---------------------------------------------------------------------------------------------
PROMO_OPS = {
    'add': lambda a, b: a + b, 'sub': lambda a, b: a - b, 'mul': lambda a, b: a * b, 'div': lambda a, b: a / b,
    'eq': lambda a, b: a == b, 'maximum': lambda a, b: torch.maximum(a, b) if isinstance(b, torch.Tensor) else None,
    'where': lambda a, b: torch.where(torch.tensor(True), a, b),
}


def promotion_cases():
    names = list(D)
    rows = []
    for op, f in PROMO_OPS.items():
        for a in names:
            for b in names:
                for adim, bdim in [(1, 1), (1, 0), (0, 1), (0, 0)]:
                    x = torch.ones([2] * adim, dtype=D[a])
                    y = torch.ones([2] * bdim, dtype=D[b])
                    rows.append(promo_row(op, f, x, y, a, b, adim, bdim))
            for scalar in [2, 2.5, True]:
                x = torch.ones([2], dtype=D[a])
                rows.append(promo_row(op, f, x, scalar, a, 'scalar', 1, scalar))
    return rows


def promo_row(op, f, x, y, a, b, adim, bdim):
    row = {'op': op, 'a': a, 'b': b, 'adim': adim, 'bdim': bdim}
    try:
        r = f(x, y)
        if r is None:
            return None
        row['dtype'] = str(r.dtype)[6:]
    except RuntimeError as e:
        row['error'] = str(e).split('\n')[0]
    return row


# ---------------------------------------------------------------------------------------------
# Differential fuzz: random ops on random dtypes, shapes (broadcasting, transposed layouts) and
# values (with zeros, infinities and nans). Each row is an op key of FUZZ_OPS, its inputs, and the
# output or PyTorch's error; test/core/fuzz.test.ts holds the same keys.
# ---------------------------------------------------------------------------------------------
FUZZ_BINARY = {
    'add': lambda a, b: a + b, 'sub': lambda a, b: a - b, 'mul': lambda a, b: a * b, 'div': lambda a, b: a / b,
    'div_floor': lambda a, b: torch.div(a, b, rounding_mode='floor'),
    'div_trunc': lambda a, b: torch.div(a, b, rounding_mode='trunc'),
    'remainder': torch.remainder, 'fmod': torch.fmod, 'pow': torch.pow, 'maximum': torch.maximum,
    'minimum': torch.minimum, 'atan2': torch.atan2, 'eq': torch.eq, 'lt': torch.lt, 'ge': torch.ge,
    'logical_and': torch.logical_and, 'logical_or': torch.logical_or,
}
FUZZ_UNARY = {
    'neg': torch.neg, 'abs': torch.abs, 'sign': torch.sign, 'exp': torch.exp, 'log': torch.log, 'sqrt': torch.sqrt,
    'sin': torch.sin, 'floor': torch.floor, 'round': torch.round, 'sigmoid': torch.sigmoid, 'tanh': torch.tanh,
    'relu': torch.relu, 'reciprocal': torch.reciprocal, 'logical_not': torch.logical_not,
    'clamp': lambda a: torch.clamp(a, -1, 2), 'square': torch.square, 'isnan': torch.isnan, 'isinf': torch.isinf,
}
FUZZ_REDUCE = {
    'sum': lambda a, d, k: a.sum(d, keepdim=k), 'mean': lambda a, d, k: a.mean(d, keepdim=k),
    'prod': lambda a, d, k: a.prod(d, keepdim=k), 'max': lambda a, d, k: a.max(d, keepdim=k),
    'min': lambda a, d, k: a.min(d, keepdim=k), 'argmax': lambda a, d, k: a.argmax(d, keepdim=k),
    'amin': lambda a, d, k: a.amin(d, keepdim=k), 'var': lambda a, d, k: a.var(d, keepdim=k),
    'std': lambda a, d, k: a.std(d, keepdim=k), 'logsumexp': lambda a, d, k: a.logsumexp(d, keepdim=k),
    'cumsum': lambda a, d, k: a.cumsum(d), 'all': lambda a, d, k: a.all(d, keepdim=k),
    'any': lambda a, d, k: a.any(d, keepdim=k), 'norm': lambda a, d, k: a.norm(dim=d, keepdim=k),
    'softmax': lambda a, d, k: a.softmax(d),
}
FUZZ_DTYPES = ['float32', 'float32', 'float64', 'int64', 'int32', 'uint8', 'int8', 'bool']


def fuzz_tensor(rng, shape, dtype, gen):
    n = 1
    for s in shape:
        n *= s
    if dtype == 'bool':
        vals = [rng.random() < 0.5 for _ in range(n)]
    elif dtype in ('float32', 'float64'):
        special = [0.0, -0.0, float('inf'), float('-inf'), float('nan'), 1.0, -1.0, 0.5, 2.0]
        vals = [rng.choice(special) if rng.random() < 0.15 else round(rng.gauss(0, 2), 3) for _ in range(n)]
    elif dtype == 'uint8':
        vals = [rng.randrange(0, 256) for _ in range(n)]
    elif dtype == 'int8':
        vals = [rng.randrange(-128, 128) for _ in range(n)]
    else:
        vals = [rng.randrange(-20, 21) for _ in range(n)]
    t = torch.tensor(vals, dtype=D[dtype]).reshape(shape)
    return t


def fuzz_shape(rng):
    return [rng.randrange(1, 4) for _ in range(rng.randrange(0, 4))]


def fuzz_cases():
    import random
    rng = random.Random(20240601)
    rows = []
    for i in range(800):
        kind = rng.choice(['binary', 'binary', 'unary', 'reduce'])
        if kind == 'binary':
            op = rng.choice(list(FUZZ_BINARY))
            sa = fuzz_shape(rng)
            sb = [s if rng.random() < 0.6 else 1 for s in sa][rng.randrange(0, len(sa) + 1):] if sa else []
            if rng.random() < 0.3:
                sa, sb = sb, sa
            xs = [fuzz_tensor(rng, sa, rng.choice(FUZZ_DTYPES), None), fuzz_tensor(rng, sb, rng.choice(FUZZ_DTYPES), None)]
            f = lambda xs, k, op=op: FUZZ_BINARY[op](xs[0], xs[1])
            kw = {}
        elif kind == 'unary':
            op = rng.choice(list(FUZZ_UNARY))
            xs = [fuzz_tensor(rng, fuzz_shape(rng), rng.choice(FUZZ_DTYPES), None)]
            f = lambda xs, k, op=op: FUZZ_UNARY[op](xs[0])
            kw = {}
        else:
            op = rng.choice(list(FUZZ_REDUCE))
            shape = [rng.randrange(1, 4) for _ in range(rng.randrange(1, 4))]
            xs = [fuzz_tensor(rng, shape, rng.choice(FUZZ_DTYPES), None)]
            kw = {'dim': rng.randrange(-len(shape), len(shape)), 'keepdim': rng.random() < 0.5}
            f = lambda xs, k, op=op: FUZZ_REDUCE[op](xs[0], k['dim'], k['keepdim'])
        transposed = [len(t.shape) >= 2 and rng.random() < 0.4 for t in xs]
        row = {'kind': kind, 'op': op, 'kw': kw, 'transposed': transposed,
               'inputs': [enc_tensor(t) for t in xs]}
        # A transposed input is the same values laid out transposed in memory.
        ins = [t.transpose(-1, -2).contiguous().transpose(-1, -2) if tr else t for t, tr in zip(xs, transposed)]
        try:
            row['out'] = enc_out(f(ins, kw))
        except (RuntimeError, TypeError, ValueError, IndexError) as e:
            row['error'] = str(e).split('\n')[0]
        rows.append(row)
    return rows


def main():
    os.makedirs(OUT, exist_ok=True)
    total = 0
    for fam, cases in FAMILIES.items():
        rows = []
        for i, (op, inputs, kw, grad) in enumerate(cases):
            rows.append(run_case(op, inputs, kw, grad, seed=1000 * len(fam) + i))
        total += write(f'{fam}.json', rows)
    total += write('repr.json', repr_cases())
    total += write('promotion.json', [r for r in promotion_cases() if r is not None])
    total += write('fuzz.json', fuzz_cases())
    print(f'wrote {OUT} ({total} bytes)')


if __name__ == '__main__':
    main()
