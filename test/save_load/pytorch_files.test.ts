// Files written by real PyTorch 1.13.1 (scripts/gen_save_load_fixtures.py) load with the same
// values bit for bit, the same geometry and the same storage sharing; state dicts and optimizer
// state go into torchlet modules and optimizers, and whole models rebuild and run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../../src/index.js';
import { checkAgainstPyTorch, expected, fixtureBytes, fixturePath } from './helpers.js';

const { nn, optim } = torch;

for (const name of Object.keys(expected.files)) {
  test(`${name} loads as PyTorch loads it`, () => {
    checkAgainstPyTorch(torch.load(fixturePath(name)), expected.files[name]!);
  });
}

test('loading from bytes gives the same values as from the path, and never aliases the bytes', () => {
  const bytes = fixtureBytes('dtypes.pt');
  const fromBytes = torch.load(bytes);
  checkAgainstPyTorch(fromBytes, expected.files['dtypes.pt']!);
  checkAgainstPyTorch(torch.load(bytes.buffer as ArrayBuffer), expected.files['dtypes.pt']!);
  const before = fromBytes.i32.clone();
  bytes.fill(0);
  assert.ok(torch.equal(fromBytes.i32, before));
});

test('state dicts keep _metadata and go into torchlet modules', () => {
  const sd = torch.load(fixturePath('sd_linear.pt'));
  assert.deepEqual([...sd._metadata], [['', { version: 1 }]]);
  const linear = new nn.Linear(3, 4);
  linear.loadStateDict(sd);
  assert.ok(torch.equal(linear.weight, sd.weight));
  assert.ok(linear.weight.requiresGrad, 'loading keeps the parameter trainable');
  assert.notEqual(linear.weight._data, sd.weight._data, 'loadStateDict copies');

  new nn.Linear(3, 2, { bias: false }).loadStateDict(torch.load(fixturePath('sd_linear_nobias.pt')));
  new nn.Bilinear(2, 3, 2).loadStateDict(torch.load(fixturePath('sd_bilinear.pt')));
  const nll = new nn.NLLLoss({ weight: torch.ones(3) });
  nll.loadStateDict(torch.load(fixturePath('sd_nllloss_weight.pt')));
  assert.deepEqual(nll.weight!.tolist(), [0.2, 0.3, 0.5].map(Math.fround));
  const plist = new nn.ParameterList([torch.zeros(2), torch.zeros(1, 2)]);
  plist.loadStateDict(torch.load(fixturePath('sd_parameter_list.pt')));
  const pdict = new nn.ParameterDict({ alpha: torch.zeros(3), beta: torch.zeros(1) });
  pdict.loadStateDict(torch.load(fixturePath('sd_parameter_dict.pt')));
  assert.deepEqual(pdict.get('beta').tolist(), [1]);
});

test("every layer family's PyTorch state dict loads into the torchlet layer", () => {
  const layers: [string, torch.nn.Module][] = [
    ['sd_conv1d.pt', new nn.Conv1d(2, 3, 3)],
    ['sd_conv2d.pt', new nn.Conv2d(2, 3, [2, 3], { stride: 2, padding: 1, bias: false })],
    ['sd_batchnorm1d.pt', new nn.BatchNorm1d(3)],
    ['sd_batchnorm2d.pt', new nn.BatchNorm2d(2)],
    ['sd_layernorm.pt', new nn.LayerNorm([3, 2])],
    ['sd_groupnorm.pt', new nn.GroupNorm(2, 4)],
    ['sd_embedding.pt', new nn.Embedding(6, 3, { paddingIdx: 0 })],
    ['sd_rnn.pt', new nn.RNN(2, 3)],
    ['sd_lstm.pt', new nn.LSTM(2, 3, 2, { bidirectional: true })],
    ['sd_gru.pt', new nn.GRU(3, 2, { batchFirst: true })],
  ];
  for (const [file, layer] of layers) {
    const sd = torch.load(fixturePath(file));
    layer.loadStateDict(sd);
    const back = layer.stateDict();
    assert.deepEqual(Object.keys(back), Object.keys(sd), file);
    for (const k of Object.keys(sd)) assert.ok(torch.equal(back[k]!, sd[k]), `${file} ${k}`);
  }
});

test('a strict load names the keys a PyTorch state dict has that the model lacks', () => {
  assert.throws(
    () => new nn.Linear(3, 4, { bias: false }).loadStateDict(torch.load(fixturePath('sd_linear.pt'))),
    /Unexpected key\(s\) in state_dict: "bias"/,
  );
});

test('BatchNorm keeps its int64 0-d num_batches_tracked, LSTM all its weights', () => {
  const bn = torch.load(fixturePath('sd_batchnorm2d.pt'));
  assert.deepEqual(Object.keys(bn), ['weight', 'bias', 'running_mean', 'running_var', 'num_batches_tracked']);
  assert.equal(bn.num_batches_tracked.dtype, torch.int64);
  assert.deepEqual(bn.num_batches_tracked.shape, []);
  assert.equal(bn.num_batches_tracked.item(), 1);
  assert.equal(bn._metadata.get('').version, 2);
  const lstm = torch.load(fixturePath('sd_lstm.pt'));
  assert.equal(Object.keys(lstm).length, 16);
  assert.deepEqual(lstm.weight_ih_l1_reverse.shape, [12, 6]);
});

test('views and shared storages stay views of one storage', () => {
  const v = torch.load(fixturePath('views.pt'));
  assert.equal(v.transposed._data, v.base._data);
  assert.ok(!v.transposed.isContiguous());
  assert.deepEqual(v.transposed.tolist(), v.base.t().tolist());
  assert.deepEqual(v.expanded.stride(), [0, 1]);
  v.base.index(0).fill_(-1);
  assert.deepEqual(v.expanded.tolist(), [new Array(6).fill(-1), new Array(6).fill(-1), new Array(6).fill(-1)]);
  const s = torch.load(fixturePath('shared.pt'));
  assert.equal(s.same_object.x, s.same_object.y, 'one tensor saved twice is one tensor');
  assert.equal(s.tied_state_dict['0.weight']._data, s.tied_state_dict['1.weight']._data);
});

test('Parameters come back as Parameters with their requires_grad', () => {
  const p = torch.load(fixturePath('parameters.pt'));
  assert.ok(p.param instanceof nn.Parameter && p.param.requiresGrad);
  assert.ok(p.frozen instanceof nn.Parameter && !p.frozen.requiresGrad);
  assert.ok(!(p.leaf instanceof nn.Parameter) && p.leaf.requiresGrad && p.leaf.isLeaf);
  assert.equal(p.double_param.dtype, torch.float64);
});

test('a nested checkpoint: numbers, strings, None, tuples as arrays, int keys, dtypes', () => {
  const ck = torch.load(fixturePath('checkpoint.pt'));
  assert.equal(ck.epoch, 7);
  assert.equal(ck.global_step, 12345678901);
  assert.deepEqual(ck.config.betas, [0.9, 0.99]);
  assert.equal(ck.config.dtype, torch.float64);
  assert.equal(ck.config.name, 'run-\u00e9\u4e2d\u{1F600}');
  assert.deepEqual(ck.int_keys, { 1: 'one', 3: 'three' });
  assert.deepEqual(Object.keys(ck.optimizer.state), ['0', '1', '2', '3']);
  assert.deepEqual(ck.nested.deep[1], []);
});

interface OptimCase {
  make: (params: torch.Tensor[]) => torch.optim.Optimizer;
}

const OPTIMIZERS: Record<string, OptimCase> = {
  sgd: { make: (ps) => new optim.SGD(ps, { lr: 0.5 }) },
  adam: { make: (ps) => new optim.Adam(ps) },
  adamw: { make: (ps) => new optim.AdamW(ps) },
  rmsprop: { make: (ps) => new optim.RMSprop(ps) },
  adagrad: { make: (ps) => new optim.Adagrad(ps) },
};

for (const [name, { make }] of Object.entries(OPTIMIZERS)) {
  test(`${name}: PyTorch's optimizer state loads into a torchlet optimizer and training continues as in PyTorch`, () => {
    const ck = torch.load(fixturePath(`optim_${name}.pt`));
    const net = new nn.Sequential(new nn.Linear(2, 8), new nn.Tanh(), new nn.Linear(8, 1));
    net.loadStateDict(ck.model);
    // Constructed with other hyperparameters on purpose: the loaded param_groups replace them.
    const opt = make(net.parameters());
    opt.loadStateDict(ck.optimizer);
    for (let i = 0; i < 3; i++) {
      opt.zeroGrad();
      net.forward(ck.x).sub(ck.y).pow(2).mean().backward();
      opt.step();
    }
    const sd = net.stateDict();
    for (const [k, want] of Object.entries(ck.after as Record<string, torch.Tensor>)) {
      assert.ok(torch.allclose(sd[k]!, want, { rtol: 1e-6, atol: 1e-7 }), `${k}: ${String(sd[k])} vs ${String(want)}`);
    }
  });
}

test('whole PyTorch models rebuild as torchlet modules with the same repr and outputs', () => {
  const io = torch.load(fixturePath('model_io.pt'));
  const seq = torch.load(fixturePath('model_seq.pt'));
  assert.ok(seq instanceof nn.Sequential);
  assert.equal(String(seq), expected.reprs['model_seq.pt']);
  assert.ok(torch.allclose(seq.forward(io.x), io.seq, { rtol: 1e-6, atol: 1e-7 }));
  const many = torch.load(fixturePath('model_many.pt'));
  assert.equal(String(many), expected.reprs['model_many.pt']);
  assert.equal(many.training, false);
  assert.ok(torch.allclose(many.forward(io.x), io.many, { rtol: 1e-5, atol: 1e-6 }));
  for (const name of ['model_losses.pt', 'model_containers.pt']) {
    assert.equal(String(torch.load(fixturePath(name))), expected.reprs[name], name);
  }
  const losses = torch.load(fixturePath('model_losses.pt'));
  assert.deepEqual(losses.at(1).weight.tolist(), [1, 2]);
  assert.equal(losses.at(1).labelSmoothing, 0.1);
  assert.deepEqual(losses.at(2).pos_weight.tolist(), [3]);
});

test('loading a model draws no random numbers', () => {
  torch.manualSeed(5);
  const a = torch.rand(3);
  torch.manualSeed(5);
  torch.load(fixturePath('model_many.pt'));
  assert.ok(torch.equal(torch.rand(3), a));
});

class Net extends nn.Module {
  hidden: torch.nn.Linear;
  predict: torch.nn.Linear;
  nHidden: number;
  tag = '';
  declare offset: torch.Tensor;
  constructor(nFeature = 1, nHidden = 1, nOutput = 1) {
    super();
    this.hidden = new nn.Linear(nFeature, nHidden);
    this.predict = new nn.Linear(nHidden, nOutput);
    this.nHidden = nHidden;
    this.registerBuffer('offset', torch.zeros(1));
  }
  forward(x: torch.Tensor): torch.Tensor {
    return this.predict.forward(torch.relu(this.hidden.forward(x))).add(this.offset);
  }
}

test('a custom class needs registering, and the error says how', () => {
  assert.throws(
    () => torch.load(fixturePath('model_custom.pt')),
    (e: Error) => e instanceof torch.serialization.SerializationError && /__main__\.Net/.test(e.message) && /registerModule\(Net\)/.test(e.message),
  );
  torch.serialization.registerModule(Net);
  const net = torch.load(fixturePath('model_custom.pt')) as Net;
  assert.ok(net instanceof Net);
  assert.equal(String(net), expected.reprs['model_custom.pt']);
  assert.equal(net.nHidden, 5);
  assert.equal(net.tag, 'regression');
  assert.deepEqual(net.offset.tolist(), [0.5]);
  const io = torch.load(fixturePath('model_custom_io.pt'));
  assert.ok(torch.allclose(net.forward(io.x), io.y, { rtol: 1e-6, atol: 1e-7 }));
});

test('weightsOnly accepts tensors and plain data, and refuses whole modules', () => {
  checkAgainstPyTorch(torch.load(fixturePath('checkpoint.pt'), { weightsOnly: true }), expected.files['checkpoint.pt']!);
  assert.throws(
    () => torch.load(fixturePath('model_seq.pt'), { weightsOnly: true }),
    /Weights only load failed: .*torch\.nn\.modules\.container\.Sequential/,
  );
});

test('storages saved on a GPU need mapLocation, as in PyTorch', () => {
  assert.throws(() => torch.load(fixturePath('cuda.pt')), /CUDA device but torch\.cuda\.isAvailable\(\) is false.*mapLocation/);
  for (const mapLocation of ['cpu', { 'cuda:0': 'cpu' }, new Map([['cuda:0', 'cpu']]), (loc: string) => (loc.startsWith('cuda') ? 'cpu' : loc)]) {
    assert.deepEqual(torch.load(fixturePath('cuda.pt'), { mapLocation }).w.tolist(), [1, 1]);
  }
  assert.deepEqual(torch.load(fixturePath('cuda.pt'), 'cpu').w.tolist(), [1, 1]);
  assert.throws(() => torch.load(fixturePath('cuda.pt'), { mapLocation: 'cuda:1' }), /CUDA device/);
});

test('the legacy (pre-1.6) format is refused with a clear message', () => {
  assert.throws(() => torch.load(fixturePath('legacy.pt')), /legacy \(pre-1\.6\) torch\.save format is not supported/);
});
