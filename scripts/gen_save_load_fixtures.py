#!/usr/bin/python3
"""Generates the golden files for test/save_load/ with real PyTorch 1.13.1.

Run with the system interpreter that has python3-torch:
    /usr/bin/python3 scripts/gen_save_load_fixtures.py

Writes into test/fixtures/save_load/:
  sd_<layer>.pt        state_dicts of each layer type, after a training-mode forward where the
                       layer keeps running statistics
  dtypes.pt, views.pt, shared.pt, parameters.pt, checkpoint.pt, cuda.pt
                       tensors of every dtype, non-contiguous views, shared storages, Parameters,
                       a nested checkpoint, and storages saved as if from a GPU
  optim_<name>.pt      {model, optimizer, x, y, after}: a model and optimizer after a few steps, the
                       data, and the parameters PyTorch reaches after three more steps
  model_*.pt           whole pickled models, with model_io.pt holding an input and each output
  npy_*.npy            arrays saved by numpy (C and Fortran order, big-endian, half, bool)
  expected.json        what torch.load gives for each file, flattened to path -> description, and
                       the repr of each whole model
"""
import json
import math
import os
import sys
from collections import OrderedDict

import numpy as np
import torch
import torch.nn as nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures', 'save_load')


class Describer:
    """Flattens a loaded value to [path, description] pairs. Paths use JSON-quoted keys ('["a"]'),
    with int keys as strings, which is how the TypeScript side sees them. Storages are numbered in
    order of first appearance so shared ones carry the same number."""

    def __init__(self):
        self.storages = {}
        self.rows = []

    def storage(self, t):
        s = t.storage()
        ident = s._cdata
        if ident not in self.storages:
            whole = torch.empty(0, dtype=s.dtype).set_(s)
            raw = whole.view(torch.uint8).numpy().tobytes() if whole.numel() else b''
            self.storages[ident] = len(self.storages)
            return {'id': self.storages[ident], 'hex': raw.hex()}
        return {'id': self.storages[ident]}

    def leaf(self, v):
        if v is None:
            return {'type': 'none'}
        if isinstance(v, bool):
            return {'type': 'bool', 'value': v}
        if isinstance(v, int):
            return {'type': 'int', 'value': str(v)}
        if isinstance(v, float):
            if math.isnan(v):
                return {'type': 'float', 'value': 'nan'}
            if math.isinf(v):
                return {'type': 'float', 'value': 'inf' if v > 0 else '-inf'}
            return {'type': 'float', 'value': v}
        if isinstance(v, str):
            return {'type': 'str', 'value': v}
        if isinstance(v, bytes):
            return {'type': 'bytes', 'hex': v.hex()}
        if isinstance(v, torch.dtype):
            return {'type': 'dtype', 'value': str(v)[6:]}
        raise TypeError('cannot describe %r' % type(v))

    def walk(self, v, path):
        if isinstance(v, torch.Tensor):
            self.rows.append([path, {
                'type': 'parameter' if isinstance(v, nn.Parameter) else 'tensor',
                'dtype': str(v.dtype)[6:],
                'shape': list(v.shape),
                'stride': list(v.stride()),
                'offset': v.storage_offset(),
                'requires_grad': v.requires_grad,
                'storage': self.storage(v),
            }])
        elif isinstance(v, dict):
            ordered = isinstance(v, OrderedDict)
            self.rows.append([path, {'type': 'odict' if ordered else 'dict', 'keys': [str(k) for k in v]}])
            md = getattr(v, '_metadata', None)
            if md is not None:
                self.rows.append([path + '._metadata', {'type': 'metadata', 'items': [[k, x] for k, x in md.items()]}])
            for k, x in v.items():
                self.walk(x, path + '[' + json.dumps(str(k)) + ']')
        elif isinstance(v, (list, tuple)):
            self.rows.append([path, {'type': 'list', 'length': len(v)}])
            for i, x in enumerate(v):
                self.walk(x, path + '[%d]' % i)
        else:
            self.rows.append([path, self.leaf(v)])


def describe(v):
    d = Describer()
    d.walk(v, '')
    return d.rows


expected = {}


reprs = {}


def save(name, obj, describe_it=True):
    path = os.path.join(OUT, name)
    torch.save(obj, path)
    if describe_it:
        expected[name] = describe(torch.load(path))
    if isinstance(obj, nn.Module):
        reprs[name] = repr(torch.load(path))
    assert os.path.getsize(path) < 200_000, name


def trained(layer, x):
    """One training-mode forward, so layers with running statistics have non-trivial buffers."""
    layer.train()
    layer(x)
    return layer


def layer_state_dicts():
    torch.manual_seed(10)
    layers = {
        'linear': nn.Linear(3, 4),
        'linear_nobias': nn.Linear(3, 2, bias=False),
        'bilinear': nn.Bilinear(2, 3, 2),
        'conv1d': nn.Conv1d(2, 3, 3),
        'conv2d': nn.Conv2d(2, 3, (2, 3), stride=2, padding=1, bias=False),
        'batchnorm1d': trained(nn.BatchNorm1d(3), torch.randn(4, 3)),
        'batchnorm2d': trained(nn.BatchNorm2d(2), torch.randn(2, 2, 3, 3)),
        'layernorm': nn.LayerNorm([3, 2]),
        'groupnorm': nn.GroupNorm(2, 4),
        'embedding': nn.Embedding(6, 3, padding_idx=0),
        'rnn': nn.RNN(2, 3),
        'lstm': nn.LSTM(2, 3, num_layers=2, bidirectional=True),
        'gru': nn.GRU(3, 2, batch_first=True),
        'nllloss_weight': nn.NLLLoss(weight=torch.tensor([0.2, 0.3, 0.5])),
        'bce_pos_weight': nn.BCEWithLogitsLoss(pos_weight=torch.tensor([2.0])),
        'parameter_list': nn.ParameterList([nn.Parameter(torch.randn(2)), nn.Parameter(torch.randn(1, 2))]),
        'parameter_dict': nn.ParameterDict({'alpha': nn.Parameter(torch.randn(3)), 'beta': nn.Parameter(torch.ones(1))}),
    }
    for name, layer in layers.items():
        save('sd_%s.pt' % name, layer.state_dict())

    class Composite(nn.Module):
        def __init__(self):
            super().__init__()
            self.features = nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2), nn.ReLU())
            self.head = nn.ModuleDict({'fc': nn.Linear(8, 2), 'act': nn.Tanh()})
            self.register_buffer('scale', torch.tensor(2.0))
            self.register_buffer('cache', torch.zeros(1), persistent=False)

    save('sd_composite.pt', Composite().state_dict())


def tensors_of_every_dtype():
    g = torch.Generator().manual_seed(7)
    base = torch.randn(2, 3, generator=g)
    special = torch.tensor([float('nan'), float('inf'), float('-inf'), -0.0, 1e-40, 3.4028234663852886e38])
    return OrderedDict([
        ('f32', torch.cat([base.flatten(), special]).reshape(3, 4)),
        ('f64', torch.tensor([1 / 3, -2.5e300, 5e-324, float('nan'), -0.0], dtype=torch.float64)),
        ('f16', torch.tensor([0.1, -2.0, 65504.0, 6e-8, float('inf'), float('nan')], dtype=torch.float16)),
        ('bf16', torch.tensor([0.1, -2.0, 3.0e38, float('-inf')], dtype=torch.bfloat16)),
        ('i64', torch.tensor([0, -1, 2 ** 53, -2 ** 53, 2 ** 62, -2 ** 63, 123456789012345], dtype=torch.int64)),
        ('i32', torch.tensor([[1, -2], [2 ** 31 - 1, -2 ** 31]], dtype=torch.int32)),
        ('i16', torch.tensor([-32768, 32767, 0], dtype=torch.int16)),
        ('i8', torch.tensor([-128, 127, 5], dtype=torch.int8)),
        ('u8', torch.tensor([0, 255, 17], dtype=torch.uint8)),
        ('bool', torch.tensor([[True, False, True]])),
        ('scalar', torch.tensor(3.5)),
        ('long_scalar', torch.tensor(42)),
        ('empty', torch.zeros(0, 3)),
        ('four_d', torch.arange(24, dtype=torch.float32).reshape(2, 3, 2, 2)),
        ('five_d', torch.arange(32, dtype=torch.int16).reshape(2, 2, 2, 2, 2)),
    ])


def views():
    base = torch.arange(24, dtype=torch.float32).reshape(4, 6)
    longs = torch.arange(10, dtype=torch.int64) * 3
    return {
        'base': base,
        'transposed': base.t(),
        'sliced': base[1:, 2:],
        'stepped': base[::2, 1::3],
        'expanded': base[0:1, :].expand(3, 6),
        'selected': base[2],
        'permuted': base.reshape(2, 2, 6).permute(2, 0, 1),
        'narrow_long': longs.narrow(0, 3, 4),
        'long_stepped': longs[1::4],
        'empty_view': base[2:2],
        'as_strided': torch.as_strided(base, (3, 3), (7, 1), 2),
    }


def shared():
    a = torch.arange(10, dtype=torch.int64)
    w = torch.randn(3, 3)
    tied = nn.Sequential(nn.Linear(3, 3), nn.Linear(3, 3))
    tied[1].weight = tied[0].weight
    return {
        'list': [a, a[2:5], (a, 'again')],
        'same_object': {'x': w, 'y': w},
        'tied_state_dict': tied.state_dict(),
    }


def parameters():
    return {
        'param': nn.Parameter(torch.tensor([1.0, 2.0])),
        'frozen': nn.Parameter(torch.tensor([3.0]), requires_grad=False),
        'leaf': torch.ones(2, requires_grad=True),
        'double_param': nn.Parameter(torch.tensor([[0.5]], dtype=torch.float64)),
    }


def model():
    return nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, 1))


def optimizers():
    makers = {
        'sgd': lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.01),
        'adam': lambda ps: torch.optim.Adam(ps, lr=0.01, betas=(0.8, 0.99), amsgrad=True),
        'adamw': lambda ps: torch.optim.AdamW(ps, lr=0.01),
        'rmsprop': lambda ps: torch.optim.RMSprop(ps, lr=0.01, momentum=0.5, centered=True),
        'adagrad': lambda ps: torch.optim.Adagrad(ps, lr=0.1),
    }
    for name, make in makers.items():
        torch.manual_seed(20)
        net = model()
        opt = make(net.parameters())
        x = torch.randn(16, 2)
        y = x[:, :1] * 2 - x[:, 1:] ** 2

        def step():
            opt.zero_grad()
            loss = (net(x) - y).pow(2).mean()
            loss.backward()
            opt.step()

        for _ in range(3):
            step()
        checkpoint = {'model': net.state_dict(), 'optimizer': opt.state_dict(), 'x': x, 'y': y}
        # Saved before the steps below change the live tensors the state dicts refer to.
        path = os.path.join(OUT, 'optim_%s.pt' % name)
        torch.save(checkpoint, path)
        for _ in range(3):
            step()
        loaded = torch.load(path)
        loaded['after'] = OrderedDict((k, v.detach().clone()) for k, v in net.state_dict().items())
        torch.save(loaded, path)
        expected['optim_%s.pt' % name] = describe(torch.load(path))


def checkpoint():
    torch.manual_seed(30)
    net = model()
    opt = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9)
    x = torch.randn(4, 2)
    opt.zero_grad()
    net(x).sum().backward()
    opt.step()
    return {
        'epoch': 7,
        'global_step': 12345678901,
        'model': net.state_dict(),
        'optimizer': opt.state_dict(),
        'losses': [0.5, 0.25, float('nan'), 1.0],
        'config': {
            'name': 'run-\u00e9\u4e2d\U0001F600',
            'lr': 0.001,
            'betas': (0.9, 0.99),
            'layers': [2, 8, 1],
            'done': True,
            'best': None,
            'dtype': torch.float64,
        },
        'int_keys': {3: 'three', 1: 'one'},
        'nested': {'deep': [{'t': torch.tensor([1, 2], dtype=torch.int32)}, ()]},
    }


def models():
    torch.manual_seed(40)
    x = torch.linspace(-2, 2, 12).reshape(6, 2)
    seq = nn.Sequential(nn.Linear(2, 10), nn.ReLU(), nn.Linear(10, 1))
    many = nn.Sequential(
        nn.Linear(2, 6), nn.Tanh(), nn.Dropout(0.25), nn.LeakyReLU(0.1), nn.Linear(6, 6), nn.ELU(alpha=0.5),
        nn.Softplus(beta=2, threshold=10), nn.Hardtanh(-0.5, 0.5), nn.GELU(approximate='tanh'), nn.SiLU(),
        nn.Linear(6, 4, bias=False), nn.Sigmoid(), nn.Softmax(dim=1), nn.Identity(), nn.Unflatten(1, (2, 2)),
        nn.Flatten(), nn.Threshold(0.1, 20), nn.ReLU6(), nn.LogSoftmax(dim=-1),
    )
    many.eval()
    losses = nn.ModuleList([
        nn.MSELoss(reduction='sum'), nn.CrossEntropyLoss(weight=torch.tensor([1.0, 2.0]), label_smoothing=0.1),
        nn.BCEWithLogitsLoss(pos_weight=torch.tensor([3.0])), nn.SmoothL1Loss(beta=0.5), nn.HuberLoss(delta=2.0),
        nn.KLDivLoss(reduction='batchmean', log_target=True), nn.NLLLoss(ignore_index=1),
    ])
    containers = nn.ModuleDict({
        'params': nn.ParameterList([nn.Parameter(torch.randn(2))]),
        'named': nn.ParameterDict({'w': nn.Parameter(torch.randn(2, 2))}),
        'blocks': nn.ModuleList([nn.Linear(2, 2), nn.Dropout2d(0.1)]),
        'bilinear': nn.Bilinear(2, 2, 1),
    })
    save('model_seq.pt', seq, describe_it=False)
    save('model_many.pt', many, describe_it=False)
    save('model_losses.pt', losses, describe_it=False)
    save('model_containers.pt', containers, describe_it=False)
    with torch.no_grad():
        save('model_io.pt', {'x': x, 'seq': seq(x), 'many': many(x)})

    class Net(nn.Module):
        def __init__(self, n_feature, n_hidden, n_output):
            super().__init__()
            self.hidden = nn.Linear(n_feature, n_hidden)
            self.predict = nn.Linear(n_hidden, n_output)
            self.n_hidden = n_hidden
            self.tag = 'regression'
            self.register_buffer('offset', torch.tensor([0.5]))

        def forward(self, x):
            return self.predict(torch.relu(self.hidden(x))) + self.offset

    Net.__module__ = '__main__'
    Net.__qualname__ = 'Net'
    setattr(sys.modules['__main__'], 'Net', Net)
    net = Net(2, 5, 1)
    save('model_custom.pt', net, describe_it=False)
    with torch.no_grad():
        save('model_custom_io.pt', {'x': x, 'y': net(x)})


def cuda_located():
    # No GPU here: record the storages as cuda:0 the way torch.save would on one.
    original = torch.serialization.location_tag
    torch.serialization.location_tag = lambda storage: 'cuda:0'
    try:
        torch.save({'w': torch.ones(2)}, os.path.join(OUT, 'cuda.pt'))
    finally:
        torch.serialization.location_tag = original


npys = {}


def numpy_arrays():
    arrays = {
        'npy_f4': np.arange(6, dtype=np.float32).reshape(2, 3) / 3,
        'npy_f8_scalar': np.array(2.5),
        'npy_i8_fortran': np.asfortranarray(np.arange(6, dtype=np.int64).reshape(2, 3) - 3),
        'npy_i2_big_endian': np.array([1, -2, 300], dtype='>i2'),
        'npy_f2': np.array([1.5, -2.0, 65504.0], dtype=np.float16),
        'npy_b1': np.array([True, False, True]),
        'npy_u1_empty': np.zeros((0, 4), dtype=np.uint8),
    }
    for name, a in arrays.items():
        np.save(os.path.join(OUT, name + '.npy'), a)
        npys[name] = {'shape': list(a.shape), 'values': a.ravel(order='C').tolist(), 'fortran': bool(a.flags['F_CONTIGUOUS'] and not a.flags['C_CONTIGUOUS'])}


def main():
    os.makedirs(OUT, exist_ok=True)
    layer_state_dicts()
    save('dtypes.pt', tensors_of_every_dtype())
    save('views.pt', views())
    save('shared.pt', shared())
    save('parameters.pt', parameters())
    save('checkpoint.pt', checkpoint())
    optimizers()
    models()
    cuda_located()
    numpy_arrays()
    torch.save({'w': torch.ones(2)}, os.path.join(OUT, 'legacy.pt'), _use_new_zipfile_serialization=False)
    with open(os.path.join(OUT, 'expected.json'), 'w') as f:
        json.dump({'files': expected, 'reprs': reprs, 'npy': npys}, f, indent=1, sort_keys=True)
        f.write('\n')


if __name__ == '__main__':
    main()
