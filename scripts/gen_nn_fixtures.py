"""Golden fixtures for torchlet's nn: run with /usr/bin/python3 (PyTorch 1.13.1).

Writes small JSON files into test/fixtures/nn/. Tensors are stored as nested lists of float32
(or int64) values; float32 values are exact in JSON doubles.
"""
import math
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

from fixture_files import fixture_path, write_json


def tl(t):
    """A tensor as a JSON value: nested lists, with its dtype and shape alongside."""
    if t is None:
        return None
    t = t.detach()
    return {'dtype': str(t.dtype).replace('torch.', ''), 'shape': list(t.shape), 'data': t.tolist()}


def write(name, obj):
    write_json(fixture_path('nn', name), obj, allow_nan=False)


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
    torch.manual_seed(6)
    layers = nn.Sequential(nn.Conv2d(2, 3, 3), nn.Conv1d(4, 2, 5, groups=2), nn.Embedding(20, 5, padding_idx=2),
                           nn.Embedding(3, 2), nn.LSTM(3, 4, 2, bidirectional=True), nn.GRUCell(2, 3), nn.BatchNorm1d(2))
    out['layers_after_seed6'] = {k: tl(v) for k, v in layers.state_dict().items()}
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


# ---- layers: forward and gradients from fixed weights ---------------------------------------------

def layer_case(name, module, inputs, train=True, seed=0, extra=None):
    """Runs `module` on `inputs` (with grad) and backpropagates fixed random output gradients."""
    g = torch.Generator().manual_seed(seed)
    module.train(train)
    params = {k: tl(v) for k, v in module.state_dict().items()}
    leaves = []

    def prep(x):
        if isinstance(x, tuple):
            return tuple(prep(v) for v in x)
        c = x.clone().requires_grad_(x.is_floating_point())
        leaves.append(c)
        return c
    xs = [prep(x) for x in inputs]
    out = module(*xs)
    outs = []
    def collect(o):
        if isinstance(o, torch.Tensor):
            outs.append(o)
        else:
            for p in o:
                collect(p)
    collect(out)
    float_outs = [o for o in outs if o.is_floating_point()]
    gouts = [torch.randn(o.shape, generator=g) for o in float_outs]
    torch.autograd.backward(float_outs, gouts)
    case = {
        'name': name, 'train': train, 'stateDict': params,
        'inputs': [[tl(v) for v in x] if isinstance(x, tuple) else tl(x) for x in inputs],
        'outputs': [tl(o) for o in outs],
        'gradOutputs': [tl(o) for o in gouts],
        'inputGrads': [tl(x.grad) if x.grad is not None else None for x in leaves],
        'paramGrads': {k: tl(p.grad) for k, p in module.named_parameters() if p.grad is not None},
        'stateAfter': {k: tl(v) for k, v in module.state_dict().items()},
        'gradFn': type(outs[0].grad_fn).__name__ if outs[0].grad_fn is not None else None,
        'repr': str(module),
    }
    if extra:
        case.update(extra)
    return case


def layers():
    torch.manual_seed(0)
    r = lambda *s: torch.randn(*s)
    L = []
    L.append(layer_case('linear', nn.Linear(3, 4), [r(2, 3)]))
    L.append(layer_case('linear_3d', nn.Linear(3, 4), [r(2, 5, 3)]))
    L.append(layer_case('linear_4d_nobias', nn.Linear(3, 2, bias=False), [r(2, 2, 2, 3)]))
    L.append(layer_case('linear_1d', nn.Linear(3, 2), [r(3)]))
    L.append(layer_case('bilinear', nn.Bilinear(2, 3, 4), [r(5, 2), r(5, 3)]))
    L.append(layer_case('conv2d', nn.Conv2d(3, 4, 3), [r(2, 3, 6, 5)]))
    L.append(layer_case('conv2d_stride_pad', nn.Conv2d(2, 3, (3, 2), stride=2, padding=1), [r(2, 2, 7, 6)]))
    L.append(layer_case('conv2d_dilation', nn.Conv2d(2, 2, 3, dilation=2, padding=(2, 1)), [r(1, 2, 7, 7)]))
    L.append(layer_case('conv2d_groups', nn.Conv2d(4, 6, 3, groups=2, bias=False), [r(2, 4, 5, 5)]))
    L.append(layer_case('conv2d_same_even', nn.Conv2d(2, 3, 4, padding='same'), [r(1, 2, 5, 6)]))
    L.append(layer_case('conv2d_unbatched', nn.Conv2d(1, 2, 2), [r(1, 4, 4)]))
    L.append(layer_case('conv1d', nn.Conv1d(2, 3, 3, stride=2, padding=1), [r(2, 2, 9)]))
    L.append(layer_case('conv1d_same_dil', nn.Conv1d(2, 2, 3, padding='same', dilation=2), [r(2, 2, 8)]))
    L.append(layer_case('maxpool2d', nn.MaxPool2d(2), [r(2, 3, 6, 5)]))
    L.append(layer_case('maxpool2d_s2p1', nn.MaxPool2d(3, stride=2, padding=1), [r(1, 2, 7, 6)]))
    L.append(layer_case('maxpool2d_ceil', nn.MaxPool2d(2, ceil_mode=True), [r(1, 1, 5, 5)]))
    L.append(layer_case('maxpool2d_dil_idx', nn.MaxPool2d(2, stride=1, dilation=2, return_indices=True), [r(1, 2, 5, 5)]))
    L.append(layer_case('maxpool1d', nn.MaxPool1d(3, stride=2), [r(2, 3, 9)]))
    L.append(layer_case('avgpool2d', nn.AvgPool2d(2), [r(2, 3, 6, 5)]))
    L.append(layer_case('avgpool2d_pad_excl', nn.AvgPool2d(3, stride=2, padding=1, count_include_pad=False), [r(1, 2, 7, 6)]))
    L.append(layer_case('avgpool2d_ceil_div', nn.AvgPool2d(2, ceil_mode=True, divisor_override=3), [r(1, 1, 5, 5)]))
    L.append(layer_case('avgpool1d', nn.AvgPool1d(3, stride=2, padding=1), [r(2, 3, 9)]))
    L.append(layer_case('adaptive_avg2d', nn.AdaptiveAvgPool2d((2, 3)), [r(2, 3, 5, 7)]))
    L.append(layer_case('adaptive_avg2d_1', nn.AdaptiveAvgPool2d(1), [r(2, 3, 4, 4)]))
    L.append(layer_case('adaptive_max2d', nn.AdaptiveMaxPool2d((3, 2)), [r(1, 2, 5, 5)]))
    bn = nn.BatchNorm1d(3)
    L.append(layer_case('batchnorm1d_train', bn, [r(4, 3)]))
    L.append(layer_case('batchnorm1d_eval', bn, [r(4, 3)], train=False))
    L.append(layer_case('batchnorm1d_3d', nn.BatchNorm1d(3, momentum=None), [r(4, 3, 5)]))
    bn2 = nn.BatchNorm2d(3)
    with torch.no_grad():
        bn2.weight.copy_(torch.tensor([1.5, 0.5, -1.0]))
        bn2.bias.copy_(torch.tensor([0.1, -0.2, 0.3]))
    L.append(layer_case('batchnorm2d_train', bn2, [r(2, 3, 4, 4)]))
    L.append(layer_case('batchnorm2d_noaffine', nn.BatchNorm2d(2, affine=False, track_running_stats=False), [r(2, 2, 3, 3)]))
    ln = nn.LayerNorm(4)
    with torch.no_grad():
        ln.weight.copy_(torch.tensor([1.0, 2.0, 0.5, -1.0]))
        ln.bias.copy_(torch.tensor([0.0, 0.1, 0.2, 0.3]))
    L.append(layer_case('layernorm', ln, [r(2, 3, 4)]))
    L.append(layer_case('layernorm_2d', nn.LayerNorm([3, 4], eps=1e-3), [r(2, 3, 4)]))
    L.append(layer_case('groupnorm', nn.GroupNorm(2, 4), [r(2, 4, 3)]))
    L.append(layer_case('embedding', nn.Embedding(10, 3, padding_idx=1), [torch.tensor([[1, 2, 4], [4, 3, 9]])]))
    L.append(layer_case('embedding_maxnorm', nn.Embedding(6, 4, max_norm=1.0), [torch.tensor([0, 2, 2, 5])]))
    L.append(layer_case('rnn', nn.RNN(3, 4, 2), [r(5, 2, 3)]))
    L.append(layer_case('rnn_relu_bf', nn.RNN(3, 4, nonlinearity='relu', batch_first=True), [r(2, 5, 3), r(1, 2, 4)]))
    L.append(layer_case('lstm', nn.LSTM(3, 4), [r(5, 2, 3)]))
    L.append(layer_case('lstm_bi_2l_bf', nn.LSTM(3, 4, 2, batch_first=True, bidirectional=True), [r(2, 5, 3)]))
    L.append(layer_case('gru_bi', nn.GRU(3, 4, bidirectional=True), [r(4, 2, 3)]))
    L.append(layer_case('gru_unbatched', nn.GRU(3, 4), [r(4, 3), r(1, 4)]))
    L.append(layer_case('lstm_nobias_h0', nn.LSTM(2, 3, bias=False), [r(3, 1, 2), (r(1, 1, 3), r(1, 1, 3))]))
    L.append(layer_case('rnncell', nn.RNNCell(3, 4), [r(2, 3), r(2, 4)]))
    L.append(layer_case('lstmcell', nn.LSTMCell(3, 4), [r(2, 3)]))
    L.append(layer_case('grucell', nn.GRUCell(3, 4), [r(3), r(4)]))
    return L


def dropout_cases():
    out = {}
    torch.manual_seed(0)
    out['f_dropout_0.3'] = tl(F.dropout(torch.ones(20), 0.3))
    out['after_rand'] = tl(torch.rand(2))
    torch.manual_seed(1)
    d = nn.Dropout(0.5)
    x = torch.arange(12.0).reshape(3, 4).requires_grad_()
    y = d(x)
    y.sum().backward()
    out['module_0.5'] = {'out': tl(y), 'grad': tl(x.grad), 'gradFn': type(y.grad_fn).__name__}
    d.eval()
    out['eval_same'] = bool(torch.equal(d(x), x))
    torch.manual_seed(2)
    out['dropout2d'] = tl(F.dropout2d(torch.ones(2, 3, 2, 2), 0.5))
    return out


# ---- small CNN and LSTM classifiers trained with a hand-written SGD loop ----------------------------

class SmallCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2))
        self.conv2 = nn.Sequential(nn.Conv2d(4, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2))
        self.out = nn.Linear(8 * 2 * 2, 2)

    def forward(self, x):
        x = self.conv2(self.conv1(x))
        return self.out(x.view(x.size(0), -1))


class LSTMClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.LSTM(input_size=1, hidden_size=8, batch_first=True)
        self.out = nn.Linear(8, 2)

    def forward(self, x):
        r_out, (h_n, h_c) = self.rnn(x, None)
        return self.out(r_out[:, -1, :])


def train_classifier(model, x, y, steps, lr):
    loss_func = nn.CrossEntropyLoss()
    losses = []
    first_grads = None
    for step in range(steps):
        out = model(x)
        loss = loss_func(out, y)
        model.zero_grad()
        loss.backward()
        if step == 0:
            first_grads = {k: tl(p.grad) for k, p in model.named_parameters()}
        with torch.no_grad():
            for p in model.parameters():
                p.sub_(p.grad * lr)
        losses.append(loss.item())
    with torch.no_grad():
        acc = (model(x).argmax(1) == y).float().mean().item()
    return {'losses': losses, 'firstGrads': first_grads, 'accuracy': acc,
            'final': {k: tl(v) for k, v in model.state_dict().items()}}


def training():
    g = torch.Generator().manual_seed(123)
    n = 32
    y = torch.arange(n) % 2
    imgs = torch.randn(n, 1, 8, 8, generator=g) * 0.3
    for i in range(n):
        pos = int(torch.randint(1, 7, (1,), generator=g))
        if y[i] == 0:
            imgs[i, 0, pos, :] += 1.0   # horizontal bar
        else:
            imgs[i, 0, :, pos] += 1.0   # vertical bar
    torch.manual_seed(0)
    cnn = SmallCNN()
    cnn_result = train_classifier(cnn, imgs, y, 40, 0.1)
    cnn_result.update({'x': tl(imgs), 'y': tl(y), 'repr': str(SmallCNN())})

    steps = torch.randn(n, 6, 1, generator=g).abs() * 0.5
    seqs = torch.cumsum(steps, 1)
    ly = torch.arange(n) % 2
    seqs[ly == 1] = seqs[ly == 1].flip(1)   # class 1: decreasing sequences
    seqs = seqs - seqs.mean()
    torch.manual_seed(0)
    lstm = LSTMClassifier()
    lstm_result = train_classifier(lstm, seqs, ly, 60, 0.5)
    lstm_result.update({'x': tl(seqs), 'y': tl(ly), 'repr': str(LSTMClassifier())})
    return {'cnn': cnn_result, 'lstm': lstm_result}


def layer_errors():
    z = torch.zeros
    return {
        'linear_width': error_of(lambda: nn.Linear(1, 10)(z(100, 2))),
        'conv2d_channels': error_of(lambda: nn.Conv2d(3, 6, 5)(z(1, 1, 28, 28))),
        'conv2d_dims': error_of(lambda: nn.Conv2d(3, 6, 5)(z(28, 28))),
        'conv2d_kernel_big': error_of(lambda: nn.Conv2d(1, 1, 5)(z(1, 1, 3, 3))),
        'conv2d_bias': error_of(lambda: F.conv2d(z(1, 3, 5, 5), z(6, 3, 3, 3), z(5))),
        'conv2d_groups_ctor': error_of(lambda: nn.Conv2d(3, 6, 3, groups=2)),
        'conv2d_same_strided': error_of(lambda: nn.Conv2d(3, 6, 3, stride=2, padding='same')),
        'maxpool_pad': error_of(lambda: nn.MaxPool2d(3, padding=2)(z(1, 1, 8, 8))),
        'bn_one_value': error_of(lambda: nn.BatchNorm1d(3)(z(1, 3))),
        'bn2d_dims': error_of(lambda: nn.BatchNorm2d(3)(z(2, 3, 4))),
        'layernorm_shape': error_of(lambda: nn.LayerNorm(4)(z(2, 3))),
        'embedding_range': error_of(lambda: nn.Embedding(5, 2)(torch.tensor([5]))),
        'embedding_dtype': error_of(lambda: nn.Embedding(5, 2)(torch.tensor([1.0]))),
        'lstm_input_size': error_of(lambda: nn.LSTM(3, 4)(z(5, 2, 2))),
        'lstm_hidden': error_of(lambda: nn.LSTM(3, 4)(z(5, 2, 3), (z(2, 2, 4), z(1, 2, 4)))),
        'gru_hidden': error_of(lambda: nn.GRU(3, 4)(z(5, 2, 3), z(1, 3, 4))),
        'gru_dims': error_of(lambda: nn.GRU(3, 4)(z(5, 2, 3, 1))),
        'dropout_p': error_of(lambda: nn.Dropout(1.5)),
        'flatten_repr': str(nn.Flatten(0, 2)),
    }


def misc():
    torch.manual_seed(5)
    a = torch.randn(3, 4, requires_grad=True)
    b = torch.randn(5, requires_grad=True)
    (a.pow(2).sum() * 3 + b.sum() * 2).backward()
    ga, gb = a.grad.clone(), b.grad.clone()
    total = nn.utils.clip_grad_norm_([a, b], 1.5)
    out = {'clip': {'a': tl(a.detach()), 'b': tl(b.detach()), 'ga': tl(ga), 'gb': tl(gb), 'total': tl(total),
                    'ga_after': tl(a.grad), 'gb_after': tl(b.grad)}}
    a.grad, b.grad = ga.clone(), gb.clone()
    total_inf = nn.utils.clip_grad_norm_([a, b], 2.0, norm_type=float('inf'))
    out['clip_inf'] = {'total': tl(total_inf), 'ga_after': tl(a.grad), 'gb_after': tl(b.grad)}
    x = torch.randn(2, 3, 4, requires_grad=True)
    y = F.pad(x, (1, 2, -1, 1), value=0.5)
    y.backward(torch.linspace(0, 1, y.numel()).reshape(y.shape))
    out['pad'] = {'x': tl(x.detach()), 'y': tl(y), 'grad': tl(x.grad)}
    x2 = torch.randn(3, 4, requires_grad=True)
    n = F.normalize(x2, dim=1)
    n.backward(torch.linspace(-1, 1, 12).reshape(3, 4))
    out['normalize'] = {'x': tl(x2.detach()), 'y': tl(n), 'grad': tl(x2.grad)}
    out['one_hot'] = tl(F.one_hot(torch.tensor([[0, 2], [1, 3]]), 5))
    return out


def main():
    write('losses.json', {'cases': loss_cases(), 'errors': loss_errors()})
    write('reprs.json', reprs())
    write('state_dict.json', state_dicts())
    write('init.json', inits())
    write('seed_regression.json', seed_regression())
    write('training.json', training())
    write('misc.json', misc())
    write('layers.json', {'cases': layers(), 'dropout': dropout_cases(), 'errors': layer_errors()})


if __name__ == '__main__':
    main()
