"""Golden fixtures for torchlet's nn: run with /usr/bin/python3 (PyTorch 1.13.1).

Writes small JSON files into test/fixtures/nn/. Tensors are stored as nested lists of float32
(or int64) values; float32 values are exact in JSON doubles.
"""
import json
import math
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures', 'nn')
os.makedirs(OUT, exist_ok=True)


def tl(t):
    """A tensor as a JSON value: nested lists, with its dtype and shape alongside."""
    if t is None:
        return None
    t = t.detach()
    return {'dtype': str(t.dtype).replace('torch.', ''), 'shape': list(t.shape), 'data': t.tolist()}


def write(name, obj):
    path = os.path.join(OUT, name)
    with open(path, 'w') as f:
        json.dump(obj, f, separators=(',', ':'), allow_nan=False)
    print(f'{path}: {os.path.getsize(path)} bytes')


def error_of(fn):
    try:
        fn()
    except Exception as e:  # the message is the fixture
        return str(e)
    return None


# ---- losses -------------------------------------------------------------------------------------

def loss_cases():
    g = torch.Generator().manual_seed(0)
    cases = []

    def add(name, fn, inp, target, kwargs, weight=None, pos_weight=None, target_grad=False):
        for reduction in (['mean', 'sum', 'none', 'batchmean'] if name == 'kl_div' else ['mean', 'sum', 'none']):
            x = inp.clone().requires_grad_(True)
            t = target.clone()
            if target_grad:
                t.requires_grad_(True)
            kw = dict(kwargs)
            kw['reduction'] = reduction
            extra = {}
            if weight is not None:
                kw['weight'] = weight
            if pos_weight is not None:
                kw['pos_weight'] = pos_weight
            out = getattr(F, fn)(x, t, **kw)
            gout = torch.linspace(0.5, 1.5, out.numel()).reshape(out.shape) if out.dim() > 0 else torch.tensor(1.0)
            out.backward(gout)
            cases.append({
                'name': name, 'fn': fn, 'reduction': reduction,
                'kwargs': {k: v for k, v in kwargs.items()},
                'input': tl(inp), 'target': tl(target), 'weight': tl(weight), 'posWeight': tl(pos_weight),
                'gradOutput': tl(gout), 'value': tl(out), 'gradInput': tl(x.grad),
                'gradTarget': tl(t.grad) if target_grad else None,
                'gradFn': type(out.grad_fn).__name__,
            })

    x = torch.randn(4, 3, generator=g)
    y = torch.randn(4, 3, generator=g)
    add('mse', 'mse_loss', x, y, {}, target_grad=True)
    add('l1', 'l1_loss', x, y, {}, target_grad=True)
    add('smooth_l1', 'smooth_l1_loss', x * 2, y, {'beta': 0.5}, target_grad=True)
    add('smooth_l1_beta1', 'smooth_l1_loss', x * 2, y, {}, target_grad=True)
    add('huber', 'huber_loss', x * 2, y, {'delta': 0.7}, target_grad=True)
    probs = torch.rand(4, 3, generator=g) * 0.98 + 0.01
    bt = torch.rand(4, 3, generator=g)
    add('bce', 'binary_cross_entropy', probs, bt, {}, target_grad=True)
    add('bce_weight', 'binary_cross_entropy', probs, bt, {}, weight=torch.tensor([0.5, 1.0, 2.0]))
    add('bce_logits', 'binary_cross_entropy_with_logits', x * 3, bt, {}, target_grad=True)
    add('bce_logits_pos', 'binary_cross_entropy_with_logits', x * 3, bt, {},
        weight=torch.tensor([0.5, 1.0, 2.0]), pos_weight=torch.tensor([3.0, 1.0, 0.25]), target_grad=True)
    logits = torch.randn(5, 4, generator=g)
    cls = torch.tensor([0, 3, 1, 3, 2])
    cw = torch.tensor([1.0, 2.0, 0.5, 1.5])
    add('ce', 'cross_entropy', logits, cls, {})
    add('ce_weight', 'cross_entropy', logits, cls, {}, weight=cw)
    add('ce_ignore', 'cross_entropy', logits, torch.tensor([0, -100, 1, 3, -100]), {})
    add('ce_weight_ignore', 'cross_entropy', logits, torch.tensor([0, 2, 1, 3, 2]), {'ignore_index': 2}, weight=cw)
    add('ce_smooth', 'cross_entropy', logits, cls, {'label_smoothing': 0.1})
    add('ce_smooth_weight_ignore', 'cross_entropy', logits, torch.tensor([0, 3, -100, 3, 2]), {'label_smoothing': 0.2}, weight=cw)
    soft = torch.softmax(torch.randn(5, 4, generator=g), 1)
    add('ce_probs', 'cross_entropy', logits, soft, {}, target_grad=True)
    add('ce_probs_weight_smooth', 'cross_entropy', logits, soft, {'label_smoothing': 0.3}, weight=cw)
    add('ce_nd', 'cross_entropy', torch.randn(2, 3, 2, 2, generator=g), torch.tensor([[[0, 2], [1, 1]], [[2, 0], [0, 1]]]), {})
    add('ce_3d', 'cross_entropy', torch.randn(2, 3, 4, generator=g), torch.tensor([[0, 2, 1, 1], [2, 0, 0, 1]]), {})
    add('ce_nobatch', 'cross_entropy', torch.randn(4, generator=g), torch.tensor(2), {})
    add('nll', 'nll_loss', torch.log_softmax(logits, 1), cls, {})
    add('nll_weight_ignore', 'nll_loss', torch.log_softmax(logits, 1), torch.tensor([0, 1, 1, 3, 2]), {'ignore_index': 1}, weight=cw)
    lp = torch.log_softmax(torch.randn(3, 4, generator=g), 1)
    tp = torch.softmax(torch.randn(3, 4, generator=g), 1)
    add('kl_tgrad', 'kl_div', lp, tp, {}, target_grad=True)
    tp[0, 1] = 0.0
    add('kl', 'kl_div', lp, tp, {})
    add('kl_log', 'kl_div', lp, torch.log(tp + 1e-3), {'log_target': True}, target_grad=True)
    return cases


def loss_errors():
    x = torch.randn(3, 5)
    return {
        'ce_float_target_wrong_shape': error_of(lambda: F.cross_entropy(x, torch.rand(3))),
        'ce_long_target_same_shape': error_of(lambda: F.cross_entropy(x, torch.zeros(3, 5, dtype=torch.long))),
        'ce_batch_mismatch': error_of(lambda: F.cross_entropy(x, torch.zeros(4, dtype=torch.long))),
        'ce_out_of_bounds': error_of(lambda: F.cross_entropy(x, torch.tensor([0, 5, 1]))),
        'ce_weight_size': error_of(lambda: F.cross_entropy(x, torch.tensor([0, 1, 1]), weight=torch.ones(4))),
        'ce_nd_target': error_of(lambda: F.cross_entropy(torch.randn(2, 3, 4), torch.zeros(2, 5, dtype=torch.long))),
        'nll_2d_target': error_of(lambda: F.nll_loss(x, torch.zeros(3, 2, dtype=torch.long))),
        'bce_size': error_of(lambda: F.binary_cross_entropy(torch.rand(3, 1), torch.rand(3))),
        'bce_range': error_of(lambda: F.binary_cross_entropy(torch.tensor([1.5, 0.5]), torch.rand(2))),
        'bce_logits_size': error_of(lambda: F.binary_cross_entropy_with_logits(torch.rand(3, 1), torch.rand(3))),
        'mse_not_broadcastable': error_of(lambda: F.mse_loss(torch.rand(3, 2), torch.rand(4))),
        'smooth_l1_negative_beta': error_of(lambda: F.smooth_l1_loss(torch.rand(3), torch.rand(3), beta=-1.0)),
        'huber_delta': error_of(lambda: F.huber_loss(torch.rand(3), torch.rand(3), delta=0.0)),
        'bad_reduction': error_of(lambda: F.mse_loss(torch.rand(3), torch.rand(3), reduction='avg')),
    }


# ---- module reprs and state dicts ---------------------------------------------------------------

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Dropout(0.25), nn.Linear(8, 8), nn.Tanh())
        self.register_buffer('scale', torch.ones(1))
        self.gain = nn.Parameter(torch.ones(1))
        self.heads = nn.ModuleDict({'a': nn.Linear(8, 2), 'b': nn.Sequential(nn.Linear(8, 3), nn.LogSoftmax(dim=1))})
        self.extra = nn.ModuleList([nn.Identity(), nn.Flatten()])

    def forward(self, x):
        return x


def reprs():
    mods = {
        'ReLU': nn.ReLU(), 'ReLU_inplace': nn.ReLU(inplace=True), 'ReLU6': nn.ReLU6(), 'LeakyReLU': nn.LeakyReLU(),
        'LeakyReLU_0.2': nn.LeakyReLU(0.2), 'ELU': nn.ELU(), 'SELU': nn.SELU(), 'CELU': nn.CELU(alpha=0.5),
        'GELU': nn.GELU(), 'GELU_tanh': nn.GELU(approximate='tanh'), 'SiLU': nn.SiLU(), 'Mish': nn.Mish(),
        'Softplus': nn.Softplus(), 'Softplus_b': nn.Softplus(beta=0.5, threshold=10), 'Softsign': nn.Softsign(),
        'Hardtanh': nn.Hardtanh(), 'Hardtanh_b': nn.Hardtanh(-2.0, 2.5), 'Hardsigmoid': nn.Hardsigmoid(),
        'Hardswish': nn.Hardswish(), 'LogSigmoid': nn.LogSigmoid(), 'Tanh': nn.Tanh(), 'Sigmoid': nn.Sigmoid(),
        'Softmax': nn.Softmax(dim=1), 'Softmax_none': nn.Softmax(), 'LogSoftmax': nn.LogSoftmax(dim=-1),
        'Softmin': nn.Softmin(0), 'Tanhshrink': nn.Tanhshrink(), 'Softshrink': nn.Softshrink(),
        'Hardshrink': nn.Hardshrink(0.25), 'Threshold': nn.Threshold(0.1, 20.5),
        'Identity': nn.Identity(), 'Flatten': nn.Flatten(), 'Unflatten': nn.Unflatten(1, (2, 5)),
        'Dropout': nn.Dropout(), 'Dropout_0.1': nn.Dropout(0.1), 'Dropout2d': nn.Dropout2d(0.3),
        'Linear': nn.Linear(1, 10), 'Linear_nobias': nn.Linear(3, 2, bias=False), 'Bilinear': nn.Bilinear(2, 3, 4),
        'MSELoss': nn.MSELoss(), 'L1Loss': nn.L1Loss(), 'CrossEntropyLoss': nn.CrossEntropyLoss(label_smoothing=0.1),
        'NLLLoss': nn.NLLLoss(), 'BCELoss': nn.BCELoss(), 'BCEWithLogitsLoss': nn.BCEWithLogitsLoss(),
        'KLDivLoss': nn.KLDivLoss(reduction='batchmean'), 'HuberLoss': nn.HuberLoss(), 'SmoothL1Loss': nn.SmoothL1Loss(),
        'Sequential_empty': nn.Sequential(), 'Net': Net(),
        'ParameterList': nn.ParameterList([nn.Parameter(torch.zeros(3, 4)), nn.Parameter(torch.zeros(2, dtype=torch.float64))]),
        'ParameterList_one': nn.ParameterList([nn.Parameter(torch.zeros(3))]),
        'ParameterDict': nn.ParameterDict({'a': nn.Parameter(torch.zeros(3)), 'b': nn.Parameter(torch.zeros(2, 2, dtype=torch.float64))}),
    }
    return {k: str(v) for k, v in mods.items()}


def state_dicts():
    net = Net()
    sd = net.state_dict()
    seq = nn.Sequential(nn.Linear(1, 10), nn.ReLU(), nn.Linear(10, 1))
    out = {
        'net_keys': list(sd.keys()),
        'net_metadata': [[k, v['version']] for k, v in sd._metadata.items()],
        'net_named_modules': [k for k, _ in net.named_modules()],
        'net_named_parameters': [k for k, _ in net.named_parameters()],
        'net_named_buffers': [k for k, _ in net.named_buffers()],
        'net_children': [k for k, _ in net.named_children()],
        'seq_keys': list(seq.state_dict().keys()),
    }
    out['err_unexpected'] = error_of(lambda: nn.Sequential(nn.Linear(1, 10)).load_state_dict(seq.state_dict()))
    out['err_missing'] = error_of(lambda: nn.Sequential(nn.Linear(1, 10), nn.ReLU(), nn.Linear(10, 1), nn.Linear(1, 1)).load_state_dict(seq.state_dict()))
    out['err_size'] = error_of(lambda: nn.Sequential(nn.Linear(1, 20), nn.ReLU(), nn.Linear(20, 1)).load_state_dict(seq.state_dict()))
    small = {k: v for k, v in seq.state_dict().items() if not k.startswith('2.')}
    small['3.weight'] = torch.zeros(1)
    small['0.weight'] = torch.zeros(3, 1)
    out['err_all'] = error_of(lambda: nn.Sequential(nn.Linear(1, 10), nn.ReLU(), nn.Linear(10, 1)).load_state_dict(small))
    r = nn.Sequential(nn.Linear(1, 10), nn.ReLU(), nn.Linear(10, 1), nn.Linear(1, 1)).load_state_dict(
        dict(list(seq.state_dict().items()) + [('foo.bar', torch.zeros(1))]), strict=False)
    out['nonstrict'] = {'missing': r.missing_keys, 'unexpected': r.unexpected_keys}
    out['err_not_tensor'] = error_of(lambda: nn.Linear(1, 2).load_state_dict({'weight': [[1.0], [2.0]], 'bias': torch.zeros(2)}))
    return out


# ---- initialisation -------------------------------------------------------------------------------

def inits():
    out = {}
    torch.manual_seed(1)
    l = nn.Linear(1, 10)
    out['linear_1_10'] = {'weight': tl(l.weight), 'bias': tl(l.bias)}
    torch.manual_seed(2)
    s = nn.Sequential(nn.Linear(3, 5), nn.ReLU(), nn.Linear(5, 2), nn.Bilinear(2, 3, 2))
    out['seq_after_seed2'] = {k: tl(v) for k, v in s.state_dict().items()}
    out['seq_after_seed2_next_rand'] = tl(torch.rand(3))
    torch.manual_seed(3)
    w = torch.empty(5, 7)
    nn.init.xavier_uniform_(w, gain=nn.init.calculate_gain('relu'))
    out['xavier_uniform'] = tl(w)
    w = torch.empty(5, 7)
    nn.init.kaiming_normal_(w, mode='fan_out', nonlinearity='relu')
    out['kaiming_normal'] = tl(w)
    w = torch.empty(4, 4)
    nn.init.normal_(w, 0.5, 0.02)
    out['normal'] = tl(w)
    w = torch.empty(3, 2)
    nn.init.xavier_normal_(w)
    out['xavier_normal_small'] = tl(w)
    w = torch.empty(6, 3)
    nn.init.trunc_normal_(w, std=0.5, a=-0.6, b=0.6)
    out['trunc_normal'] = tl(w)
    w = torch.empty(3, 5)
    nn.init.orthogonal_(w, gain=2.0)
    out['orthogonal'] = tl(w)
    out['after_all_rand'] = tl(torch.rand(2))
    out['gains'] = {k: nn.init.calculate_gain(k) for k in ['linear', 'sigmoid', 'tanh', 'relu', 'leaky_relu', 'selu', 'conv2d']}
    out['gain_leaky_sqrt5'] = nn.init.calculate_gain('leaky_relu', math.sqrt(5))
    return out


# ---- seed programs 03/04: the regression net trained with plain SGD ----------------------------------

def seed_regression():
    torch.manual_seed(1)
    x = torch.unsqueeze(torch.linspace(-1, 1, 100), dim=1)
    y = x.pow(2) + 0.2 * torch.rand(x.size())

    class Net(nn.Module):
        def __init__(self, n_feature, n_hidden, n_output):
            super().__init__()
            self.hidden = nn.Linear(n_feature, n_hidden)
            self.predict = nn.Linear(n_hidden, n_output)

        def forward(self, x):
            return self.predict(F.relu(self.hidden(x)))

    net = Net(1, 10, 1)
    opt = torch.optim.SGD(net.parameters(), lr=0.2)
    loss_func = nn.MSELoss()
    losses = []
    for t in range(200):
        prediction = net(x)
        loss = loss_func(prediction, y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return {'repr': str(net), 'losses': losses, 'final': {k: tl(v) for k, v in net.state_dict().items()},
            'seq_repr': str(nn.Sequential(nn.Linear(1, 10), nn.ReLU(), nn.Linear(10, 1)))}


def main():
    write('losses.json', {'cases': loss_cases(), 'errors': loss_errors()})
    write('reprs.json', reprs())
    write('state_dict.json', state_dicts())
    write('init.json', inits())
    write('seed_regression.json', seed_regression())


if __name__ == '__main__':
    main()
