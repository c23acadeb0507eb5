"""The seed programs' random tensors as PyTorch 1.13.1 makes them after torch.manual_seed(1): the
regression data (03/05: x, y with uniform noise; 07: x, y with normal noise) and the nets' initial
parameters, in the order the programs create them. Values are float32 bit patterns (8 hex digits).

    /usr/bin/python3 scripts/gen_seed_program_tensors.py  ->  test/fixtures/random/seed_program_tensors.json
"""
import json
import os
import struct

import torch
import torch.nn as nn
import torch.nn.functional as F


def bits(t):
    return [format(struct.unpack('<I', struct.pack('<f', v))[0], '08x') for v in t.detach().reshape(-1).tolist()]


def params(module):
    return {k: {'shape': list(v.shape), 'bits': bits(v)} for k, v in module.state_dict().items()}


class Net(nn.Module):
    def __init__(self, n_feature, n_hidden, n_output):
        super().__init__()
        self.hidden = nn.Linear(n_feature, n_hidden)
        self.predict = nn.Linear(n_hidden, n_output)

    def forward(self, x):
        return self.predict(F.relu(self.hidden(x)))


out = {'torch': torch.__version__}

torch.manual_seed(1)
x = torch.unsqueeze(torch.linspace(-1, 1, 100), dim=1)
y = x.pow(2) + 0.2 * torch.rand(x.size())
net = Net(1, 10, 1)
out['regression'] = {'x': bits(x), 'y': bits(y), 'net': params(net)}

torch.manual_seed(1)
x = torch.unsqueeze(torch.linspace(-1, 1, 100), dim=1)
y = x.pow(2) + 0.2 * torch.rand(x.size())
seq = nn.Sequential(nn.Linear(1, 10), nn.ReLU(), nn.Linear(10, 1))
out['save_reload'] = {'y': bits(y), 'net': params(seq)}

torch.manual_seed(1)
x = torch.unsqueeze(torch.linspace(-1, 1, 1000), dim=1)
y = x.pow(2) + 0.1 * torch.normal(torch.zeros(*x.size()))
nets = [Net(1, 20, 1) for _ in range(5)]
out['optimizers'] = {'x': bits(x), 'y': bits(y), 'nets': [params(n) for n in nets]}

path = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'random', 'seed_program_tensors.json')
with open(path, 'w') as f:
    json.dump(out, f, separators=(',', ':'))
print('wrote', os.path.normpath(path))
