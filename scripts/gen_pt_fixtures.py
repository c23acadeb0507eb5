#!/usr/bin/python3
"""Generates the golden files for test/serialization/ with real PyTorch 1.13.1 and numpy.

Run with the system interpreter that has python3-torch:
    /usr/bin/python3 scripts/gen_pt_fixtures.py

Writes into test/fixtures/serialization/:
  *.pt            files saved by torch.save (state_dicts, optimizers, checkpoints, whole modules)
  *.pkl           plain pickles of the same Python value in protocols 0..5
  *.npy, *.npz    files saved by numpy
  expected.json   a neutral description of what each file holds, so the TypeScript tests can
                  compare readPt's records with what torch itself saw (dtype, geometry, raw bytes,
                  and which tensors share one storage)
"""
import io
import json
import math
import os
import pickle
import sys
import zipfile
from collections import OrderedDict

import numpy as np
import torch
import torch.nn as nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures', 'serialization')


# ---------------------------------------------------------------------------------------------
# Neutral description of a loaded Python value (mirrored by describe() in the TypeScript tests).
# Storages are numbered in order of first appearance in a depth-first walk, so two tensors that
# share a storage carry the same number.
# ---------------------------------------------------------------------------------------------
class Describer:
    def __init__(self):
        self.storages = {}

    def storage(self, s):
        ident = s._cdata
        if ident not in self.storages:
            whole = torch.empty(0, dtype=s.dtype).set_(s)
            raw = whole.view(torch.uint8).numpy().tobytes() if whole.numel() else b''
            self.storages[ident] = {'id': len(self.storages), 'dtype': str(s.dtype)[6:], 'hex': raw.hex()}
            return self.storages[ident]
        return {'id': self.storages[ident]['id']}

    def tensor(self, t, parameter):
        return {
            'type': 'parameter' if parameter else 'tensor',
            'dtype': str(t.dtype)[6:],
            'shape': list(t.shape),
            'stride': list(t.stride()),
            'offset': t.storage_offset(),
            'requires_grad': t.requires_grad,
            'storage': self.storage(t.storage()),
        }

    def float(self, v):
        if math.isnan(v):
            return 'nan'
        if math.isinf(v):
            return 'inf' if v > 0 else '-inf'
        return v

    def __call__(self, v):
        if v is None:
            return {'type': 'none'}
        if isinstance(v, bool):
            return {'type': 'bool', 'value': v}
        if isinstance(v, int):
            return {'type': 'int', 'value': str(v)}
        if isinstance(v, float):
            return {'type': 'float', 'value': self.float(v)}
        if isinstance(v, str):
            return {'type': 'str', 'value': v}
        if isinstance(v, bytes):
            return {'type': 'bytes', 'hex': v.hex()}
        if isinstance(v, torch.dtype):
            return {'type': 'global', 'name': str(v)}
        if isinstance(v, torch.storage.TypedStorage):
            return dict(self.storage(v), type='storage')
        if isinstance(v, nn.Parameter):
            return self.tensor(v, True)
        if isinstance(v, torch.Tensor):
            return self.tensor(v, False)
        if isinstance(v, tuple):
            return {'type': 'tuple', 'items': [self(x) for x in v]}
        if isinstance(v, list):
            return {'type': 'list', 'items': [self(x) for x in v]}
        if isinstance(v, (set, frozenset)):
            return {'type': 'set', 'items': sorted(repr(x) for x in v)}
        if isinstance(v, OrderedDict):
            out = {'type': 'odict', 'items': [[self(k), self(x)] for k, x in v.items()]}
            md = getattr(v, '_metadata', None)
            if md is not None:
                out['metadata'] = self(md)
            return out
        if isinstance(v, dict):
            return {'type': 'dict', 'items': [[self(k), self(x)] for k, x in v.items()]}
        if isinstance(v, nn.Module):
            cls = type(v)
            return {'type': 'object', 'module': cls.__module__, 'name': cls.__name__,
                    'state': {'type': 'dict', 'items': [[self(k), self(x)] for k, x in vars(v).items()]}}
        raise TypeError('cannot describe %r' % type(v))


def describe(v):
    return Describer()(v)


expected = {}


def save_pt(name, obj, **kw):
    path = os.path.join(OUT, name)
    torch.save(obj, path, **kw)
    loaded = torch.load(path)
    expected[name] = describe(loaded)
    assert os.path.getsize(path) < 200_000, name


def tensors_of_every_dtype():
    g = torch.Generator().manual_seed(7)
    base = torch.randn(2, 3, generator=g)
    special = torch.tensor([float('nan'), float('inf'), float('-inf'), -0.0, 1e-40, 65504.0])
    return OrderedDict([
        ('f32', torch.cat([base.flatten(), special]).reshape(3, 4)),
        ('f64', torch.tensor([1 / 3, -2.5e300, 5e-324, float('nan')], dtype=torch.float64)),
        ('f16', torch.tensor([0.1, -2.0, 65504.0, 6e-8, float('inf')], dtype=torch.float16)),
        ('bf16', torch.tensor([0.1, -2.0, 3.0e38, float('-inf')], dtype=torch.bfloat16)),
        ('i64', torch.tensor([0, -1, 2 ** 62, -2 ** 63, 2 ** 63 - 1], dtype=torch.int64)),
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


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 2)
        self.conv = nn.Conv2d(1, 2, 3)
        self.bn = nn.BatchNorm2d(2)
        self.lstm = nn.LSTM(3, 2)
        self.emb = nn.Embedding(5, 3)


def trained_optimizer(kind):
    torch.manual_seed(3)
    model = nn.Sequential(nn.Linear(3, 2), nn.Tanh(), nn.Linear(2, 1))
    if kind == 'sgd':
        opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    else:
        opt = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.99))
    x = torch.randn(4, 3)
    for _ in range(2):
        opt.zero_grad()
        model(x).pow(2).mean().backward()
        opt.step()
    return model, opt


def pt_fixtures():
    torch.manual_seed(0)
    save_pt('dtypes.pt', tensors_of_every_dtype())

    base = torch.arange(12, dtype=torch.float32).reshape(3, 4)
    save_pt('views.pt', {
        'base': base,
        'transposed': base.t(),
        'sliced': base[1:, 2:],
        'expanded': base[0:1, :].expand(3, 4),
        'strided': base[:, ::2],
        'other': torch.ones(2),
    })

    a = torch.arange(10, dtype=torch.int64)
    save_pt('shared.pt', [a, a[2:5], (a, 'again')])

    torch.manual_seed(1)
    save_pt('modules_sd.pt', Net().state_dict())
    torch.manual_seed(2)
    seq = nn.Sequential(nn.Linear(1, 10), nn.ReLU(), nn.Linear(10, 1))
    save_pt('sequential_sd.pt', seq.state_dict())
    save_pt('sequential_module.pt', seq)

    torch.manual_seed(4)
    conv_seq = nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2), nn.ReLU(), nn.Flatten(), nn.Linear(8, 2))
    conv_seq.eval()
    save_pt('conv_module.pt', conv_seq)
    torch.manual_seed(5)
    save_pt('lstm_module.pt', nn.LSTM(2, 3))

    model, sgd = trained_optimizer('sgd')
    save_pt('sgd_sd.pt', sgd.state_dict())
    model, adam = trained_optimizer('adam')
    save_pt('adam_sd.pt', adam.state_dict())

    save_pt('checkpoint.pt', {
        'epoch': 7,
        'model': model.state_dict(),
        'optimizer': adam.state_dict(),
        'name': 'run-\u00e9\u4e2d\U0001F600',
        'losses': [0.5, 0.25, 0.125],
        'lr': 0.001,
        'best': None,
        'done': True,
        'failed': False,
        'big': 2 ** 70,
        'negative': -123456789012,
        'medium': [255, 256, 65535, 65536, -1, -2 ** 31, 2 ** 31, 2 ** 63],
        'blob': b'\x00\xffab',
        'empty_blob': b'',
        'shape': (1, 2, 3, 4),
        'nested': {'a': [], 'b': {}, 'c': (), 1: 'int key', (1, 2): 'tuple key'},
    })

    param = nn.Parameter(torch.tensor([1.0, 2.0]))
    frozen = nn.Parameter(torch.tensor([3.0]), requires_grad=False)
    save_pt('parameters.pt', {'param': param, 'frozen': frozen, 'leaf': torch.ones(2, requires_grad=True)})

    save_pt('storage_only.pt', torch.tensor([1, 2, 3], dtype=torch.int16).storage())

    torch.save({'w': torch.ones(2)}, os.path.join(OUT, 'legacy.pt'), _use_new_zipfile_serialization=False)

    # torch never compresses, but other zip tools may re-pack a file; readers must still cope.
    src = os.path.join(OUT, 'sequential_sd.pt')
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(os.path.join(OUT, 'deflated.pt'), 'w',
                                                      zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            fixed_time = zipfile.ZipInfo(info.filename, date_time=(2020, 1, 1, 0, 0, 0))
            fixed_time.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(fixed_time, zin.read(info.filename))
    expected['deflated.pt'] = describe(torch.load(os.path.join(OUT, 'deflated.pt')))

    # The archive prefix comes from the file name: everything up to the last extension.
    path = os.path.join(OUT, 'dotted.name.pt')
    torch.save({'x': torch.zeros(1)}, path)
    expected['dotted.name.pt'] = describe(torch.load(path))


PICKLE_VALUE = {
    'ints': [0, 1, -1, 255, 256, 65535, 65536, 2 ** 31 - 1, -2 ** 31, 2 ** 31, 2 ** 64, -2 ** 100],
    'floats': [0.5, -0.0, 1e300, float('inf')],
    'text': ['', 'ascii', 'caf\u00e9', '\U0001F600'],
    'flags': (True, False, None),
    'blob': b'\x00\x01\xfe',
    'tuple1': (1,),
    'nested': {'k': [[1, 2], (3, (4, 5))]},
    'set': {1, 2, 3},
    'frozen': frozenset(['a']),
    'bytearray': bytearray(b'xyz'),
}


def pickle_fixtures():
    for proto in range(6):
        with open(os.path.join(OUT, 'values_p%d.pkl' % proto), 'wb') as f:
            pickle.dump(PICKLE_VALUE, f, protocol=proto)


def npy_fixtures():
    arrays = OrderedDict([
        ('f4_2x3', np.arange(6, dtype='<f4').reshape(2, 3) / 3),
        ('f8_scalar', np.array(2.5, dtype='<f8')),
        ('i8_fortran', np.asfortranarray(np.arange(6, dtype='<i8').reshape(2, 3))),
        ('b1', np.array([True, False, True])),
        ('u1_empty', np.zeros((0, 4), dtype='|u1')),
        ('f2', np.array([1.5, -2.0], dtype='<f2')),
        ('i2_big_endian', np.array([1, -2, 300], dtype='>i2')),
        ('i4_3d', np.arange(24, dtype='<i4').reshape(2, 3, 4)),
    ])
    exp = {}
    for name, a in arrays.items():
        np.save(os.path.join(OUT, name + '.npy'), a)
        fortran = bool(a.flags.f_contiguous and not a.flags.c_contiguous)
        exp[name + '.npy'] = {'descr': a.dtype.str, 'fortran_order': fortran, 'shape': list(a.shape),
                              'hex': a.tobytes(order='F' if fortran else 'C').hex()}
    with open(os.path.join(OUT, 'v2.npy'), 'wb') as f:
        np.lib.format.write_array(f, np.array([1, 2], dtype='<u2'), version=(2, 0))
    exp['v2.npy'] = {'descr': '<u2', 'fortran_order': False, 'shape': [2], 'hex': '01000200'}
    with open(os.path.join(OUT, 'v3.npy'), 'wb') as f:
        np.lib.format.write_array(f, np.array([7], dtype='<i4'), version=(3, 0))
    exp['v3.npy'] = {'descr': '<i4', 'fortran_order': False, 'shape': [1], 'hex': '07000000'}
    np.savez(os.path.join(OUT, 'stored.npz'), a=arrays['f4_2x3'], b=arrays['b1'])
    np.savez_compressed(os.path.join(OUT, 'compressed.npz'), a=arrays['f4_2x3'], b=arrays['b1'])
    expected['npy'] = exp


def main():
    # Which equal strings CPython shares (and so which ones the pickles memoize) varies with hash
    # randomisation; a fixed seed keeps the generated files identical from run to run.
    if os.environ.get('PYTHONHASHSEED') != '0':
        os.environ['PYTHONHASHSEED'] = '0'
        os.execv(sys.executable, [sys.executable] + sys.argv)
    os.makedirs(OUT, exist_ok=True)
    pt_fixtures()
    pickle_fixtures()
    npy_fixtures()
    expected['torch_version'] = torch.__version__
    with open(os.path.join(OUT, 'expected.json'), 'w') as f:
        json.dump(expected, f, indent=1, sort_keys=True)
        f.write('\n')
    print('wrote fixtures to', os.path.normpath(OUT), file=sys.stderr)


if __name__ == '__main__':
    main()
