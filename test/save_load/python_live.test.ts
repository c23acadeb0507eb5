// Live round trips with real PyTorch (skipped, saying so, when /usr/bin/python3 cannot import
// torch): files torchlet writes load in Python's torch.load with bit-equal tensors, the same
// storage sharing, equal module reprs and outputs, and a PyTorch optimizer carries on from a
// torchlet optimizer's state as torchlet does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import * as torch from '../../src/index.js';
import { NO_TORCH, checkAgainstPyTorch, hasTorch, runPython, scratchDir } from './helpers.js';

const { nn, optim } = torch;

type Rows = [string, Record<string, unknown>][];

interface PythonView {
  files: Record<string, Rows>;
  weightsOnly: Rows;
  models: Record<string, { repr: string; state: Rows; training: boolean[]; output?: number[][] }>;
  after: Record<string, Record<string, number[]>>;
  attributes: Record<string, unknown>;
}

const PYTHON_SCRIPT = String.raw`
import json, os, sys
import torch, torch.nn as nn
sys.path.insert(0, 'scripts')
from gen_save_load_fixtures import describe

class Net(nn.Module):
    def forward(self, x):
        return self.predict(torch.relu(self.hidden(x)))

d = sys.argv[1]
p = lambda name: os.path.join(d, name)
out = {'files': {}, 'models': {}, 'after': {}}
for name in ['tensors.pt', 'state_dict.pt', 'checkpoint.pt']:
    out['files'][name] = describe(torch.load(p(name)))
out['weightsOnly'] = describe(torch.load(p('state_dict.pt'), weights_only=True))
x = torch.load(p('checkpoint.pt'))['x']
for name in ['seq.pt', 'builtins.pt', 'custom.pt']:
    m = torch.load(p(name))
    entry = {'repr': repr(m), 'state': describe(m.state_dict()), 'training': [s.training for s in m.modules()]}
    if name != 'builtins.pt':
        with torch.no_grad():
            entry['output'] = m(x).tolist()
    out['models'][name] = entry
custom = torch.load(p('custom.pt'))
out['attributes'] = {'n_hidden': custom.n_hidden, 'tag': custom.tag, 'type': type(custom).__module__ + '.' + type(custom).__name__}

ck = torch.load(p('checkpoint.pt'))
for name, make in [('adam', lambda ps: torch.optim.Adam(ps)), ('sgd', lambda ps: torch.optim.SGD(ps, lr=1))]:
    net = nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, 1))
    net.load_state_dict(ck['model_' + name])
    opt = make(net.parameters())
    opt.load_state_dict(ck['optimizer_' + name])
    for _ in range(3):
        opt.zero_grad()
        (net(ck['x']) - ck['y']).pow(2).mean().backward()
        opt.step()
    out['after'][name] = {k: v.flatten().tolist() for k, v in net.state_dict().items()}
print(json.dumps(out))
`;

function mlp(): torch.nn.Sequential {
  return new nn.Sequential(new nn.Linear(2, 8), new nn.Tanh(), new nn.Linear(8, 1));
}

class Net extends nn.Module {
  hidden: torch.nn.Linear;
  predict: torch.nn.Linear;
  nHidden: number;
  tag = 'live';
  constructor(nHidden = 4) {
    super();
    this.hidden = new nn.Linear(2, nHidden);
    this.predict = new nn.Linear(nHidden, 1);
    this.nHidden = nHidden;
  }
  forward(x: torch.Tensor): torch.Tensor {
    return this.predict.forward(torch.relu(this.hidden.forward(x)));
  }
}

function everyBuiltin(): torch.nn.ModuleDict {
  return new nn.ModuleDict({
    Identity: new nn.Identity(), Linear: new nn.Linear(3, 2), LinearNoBias: new nn.Linear(2, 2, { bias: false }),
    Bilinear: new nn.Bilinear(2, 3, 4), Flatten: new nn.Flatten(0, 1), Unflatten: new nn.Unflatten(1, [2, 2]),
    Dropout: new nn.Dropout(0), Dropout1d: new nn.Dropout1d(0.1), Dropout2d: new nn.Dropout2d(0.2, true), Dropout3d: new nn.Dropout3d(),
    ReLU: new nn.ReLU(true), ReLU6: new nn.ReLU6(), LeakyReLU: new nn.LeakyReLU(0.2), ELU: new nn.ELU(2), SELU: new nn.SELU(),
    CELU: new nn.CELU(1.5), GELU: new nn.GELU('tanh'), SiLU: new nn.SiLU(), Mish: new nn.Mish(), Softplus: new nn.Softplus(2, 15),
    Softsign: new nn.Softsign(), Hardtanh: new nn.Hardtanh(-3, 3, true), Hardsigmoid: new nn.Hardsigmoid(), Hardswish: new nn.Hardswish(),
    LogSigmoid: new nn.LogSigmoid(), Tanh: new nn.Tanh(), Sigmoid: new nn.Sigmoid(), Softmax: new nn.Softmax(0),
    LogSoftmax: new nn.LogSoftmax(1), Softmin: new nn.Softmin(), Tanhshrink: new nn.Tanhshrink(), Softshrink: new nn.Softshrink(0.3),
    Hardshrink: new nn.Hardshrink(), Threshold: new nn.Threshold(0.5, -1),
    MSELoss: new nn.MSELoss({ reduction: 'sum' }), L1Loss: new nn.L1Loss(), SmoothL1Loss: new nn.SmoothL1Loss({ beta: 2 }),
    HuberLoss: new nn.HuberLoss({ delta: 0.5 }), NLLLoss: new nn.NLLLoss({ weight: torch.tensor([1, 2]), ignoreIndex: 2 }),
    CrossEntropyLoss: new nn.CrossEntropyLoss({ labelSmoothing: 0.2 }), BCELoss: new nn.BCELoss({ weight: torch.tensor([0.5]) }),
    BCEWithLogitsLoss: new nn.BCEWithLogitsLoss({ posWeight: torch.tensor([3]) }), KLDivLoss: new nn.KLDivLoss({ logTarget: true }),
    Sequential: new nn.Sequential(new nn.Linear(1, 1), new nn.Tanh()).eval(),
    ModuleList: new nn.ModuleList([new nn.ReLU(), new nn.Linear(1, 2)]),
    ParameterList: new nn.ParameterList([torch.ones(2), torch.zeros(1, 3)]),
    ParameterDict: new nn.ParameterDict({ a: torch.ones(2) }),
  });
}

test('files torchlet writes load in PyTorch: tensors, state dicts, checkpoints, whole models, optimizer state', { skip: hasTorch() ? false : NO_TORCH }, () => {
  const dir = scratchDir();
  torch.manualSeed(3);
  const base = torch.arange(12, { dtype: torch.float32 }).reshape(3, 4);
  const tensors = {
    f32: torch.rand(2, 3), f64: torch.tensor([1 / 3, -0], { dtype: torch.float64 }),
    i64: torch.tensor([-(2n ** 63n), 2n ** 53n, -1n, 7n]), i32: torch.tensor([-7, 2 ** 31 - 1], { dtype: torch.int32 }),
    i16: torch.tensor([-3], { dtype: torch.int16 }), i8: torch.tensor([-128], { dtype: torch.int8 }),
    u8: torch.tensor([200], { dtype: torch.uint8 }), b: torch.tensor([true, false]), scalar: torch.tensor(1.5),
    base, t: base.t(), slice: base.index('1:', '::2'), expanded: base.index(0).expand(2, 4),
    param: new nn.Parameter(torch.ones(2)), frozen: new nn.Parameter(torch.ones(1), false), grad: torch.zeros(1, { requiresGrad: true }),
    same: [base, base],
  };
  torch.save(tensors, join(dir, 'tensors.pt'));

  const seq = new nn.Sequential(new nn.Linear(2, 10), new nn.ReLU(), new nn.Linear(10, 1));
  torch.save(seq.stateDict(), join(dir, 'state_dict.pt'));
  torch.save(seq, join(dir, 'seq.pt'));
  const builtins = everyBuiltin();
  builtins.get('Dropout').eval();
  torch.save(builtins, join(dir, 'builtins.pt'));
  const net = new Net(5);
  torch.save(net, join(dir, 'custom.pt'));

  const x = torch.randn(16, 2);
  const y = x.index(':', '0:1').mul(2).sub(x.index(':', '1:').pow(2));
  const trainers = { adam: (ps: torch.Tensor[]) => new optim.Adam(ps, { lr: 0.01, betas: [0.8, 0.99] }), sgd: (ps: torch.Tensor[]) => new optim.SGD(ps, { lr: 0.1, momentum: 0.9 }) };
  const checkpoint: Record<string, unknown> = { epoch: 3, x, y };
  const continued: Record<string, Record<string, torch.Tensor>> = {};
  for (const [name, make] of Object.entries(trainers)) {
    const model = mlp();
    const opt = make(model.parameters());
    const step = (): void => {
      opt.zeroGrad();
      model.forward(x).sub(y).pow(2).mean().backward();
      opt.step();
    };
    for (let i = 0; i < 3; i++) step();
    // Saved now; the live tensors move on below.
    checkpoint[`model_${name}`] = torch.load(torch.save(model.stateDict()));
    checkpoint[`optimizer_${name}`] = torch.load(torch.save(opt.stateDict()));
    for (let i = 0; i < 3; i++) step();
    continued[name] = model.stateDict();
  }
  torch.save(checkpoint, join(dir, 'checkpoint.pt'));

  const py = runPython<PythonView>(PYTHON_SCRIPT, [dir]);
  checkAgainstPyTorch(tensors, py.files['tensors.pt']!);
  checkAgainstPyTorch(seq.stateDict(), py.files['state_dict.pt']!);
  checkAgainstPyTorch(seq.stateDict(), py.weightsOnly);
  checkAgainstPyTorch(checkpoint, py.files['checkpoint.pt']!);

  assert.equal(py.models['seq.pt']!.repr, String(seq));
  checkAgainstPyTorch(seq.stateDict(), py.models['seq.pt']!.state);
  assert.equal(py.models['builtins.pt']!.repr, String(builtins));
  checkAgainstPyTorch(builtins.stateDict(), py.models['builtins.pt']!.state);
  assert.deepEqual(py.models['builtins.pt']!.training, builtins.modules().map((m) => m.training));
  assert.equal(py.models['custom.pt']!.repr, String(net));
  assert.deepEqual(py.attributes, { n_hidden: 5, tag: 'live', type: '__main__.Net' });
  for (const [name, model] of [['seq.pt', seq], ['custom.pt', net]] as const) {
    const ours = model.forward(x);
    assert.ok(torch.allclose(ours, torch.tensor(py.models[name]!.output!), { rtol: 1e-6, atol: 1e-6 }), name);
  }

  for (const name of Object.keys(trainers)) {
    for (const [k, t] of Object.entries(continued[name]!)) {
      const theirs = torch.tensor(py.after[name]![k]!).reshape(t.shape);
      assert.ok(torch.allclose(t, theirs, { rtol: 1e-5, atol: 1e-6 }), `${name} ${k}: ${String(t)} vs ${String(theirs)}`);
    }
  }
});
