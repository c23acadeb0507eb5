// Module mechanics against PyTorch 1.13.1: discovery order, stateDict keys and _metadata,
// loadStateDict (errors worded as PyTorch's, nothing changed by a failed load), reprs, modes,
// dtype conversion, containers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { loadFixture, messageOf } from './helpers.js';

const { nn } = torch;

/** The Python test model of scripts/gen_nn_fixtures.py, attribute for attribute. */
class Net extends nn.Module {
  features: torch.nn.Sequential;
  declare scale: Tensor;
  gain: Tensor;
  heads: torch.nn.ModuleDict;
  extra: torch.nn.ModuleList;
  constructor() {
    super();
    this.features = new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU(), new nn.Dropout(0.25), new nn.Linear(8, 8), new nn.Tanh());
    this.registerBuffer('scale', torch.ones(1));
    this.gain = new nn.Parameter(torch.ones(1));
    this.heads = new nn.ModuleDict({ a: new nn.Linear(8, 2), b: new nn.Sequential(new nn.Linear(8, 3), new nn.LogSoftmax({ dim: 1 })) });
    this.extra = new nn.ModuleList([new nn.Identity(), new nn.Flatten()]);
  }
  forward(x: Tensor): Tensor {
    return x;
  }
}

const SD = loadFixture('state_dict.json');
const REPRS: Record<string, string> = loadFixture('reprs.json');

test('stateDict keys, _metadata and traversal orders match PyTorch for a nested model', () => {
  const net = new Net();
  const sd = net.stateDict();
  assert.deepEqual(Object.keys(sd), SD.net_keys);
  assert.deepEqual([...nn.stateDictMetadata(sd)!].map(([k, v]) => [k, v.version]), SD.net_metadata);
  assert.deepEqual(net.namedModules().map(([k]) => k), SD.net_named_modules);
  assert.deepEqual(net.namedParameters().map(([k]) => k), SD.net_named_parameters);
  assert.deepEqual(net.namedBuffers().map(([k]) => k), SD.net_named_buffers);
  assert.deepEqual(net.namedChildren().map(([k]) => k), SD.net_children);
  assert.equal(net.parameters().length, SD.net_named_parameters.length);
  // Detached, sharing storage.
  const w = (net.features.at(0) as torch.nn.Linear).weight;
  assert.equal(sd['features.0.weight']._data, w._data);
  assert.equal(sd['features.0.weight'].requiresGrad, false);
  assert.equal(net.stateDict({ keepVars: true })['features.0.weight'], w);
  assert.deepEqual(Object.keys(new nn.Sequential(new nn.Linear(1, 10), new nn.ReLU(), new nn.Linear(10, 1)).stateDict()), SD.seq_keys);
});

test('class-field submodules register in declaration order', () => {
  class Fields extends nn.Module {
    hidden = new nn.Linear(1, 20);
    predict = new nn.Linear(20, 1);
    forward(x: Tensor): Tensor {
      return this.predict.forward(this.hidden.forward(x));
    }
  }
  const f = new Fields();
  assert.deepEqual(Object.keys(f.stateDict()), ['hidden.weight', 'hidden.bias', 'predict.weight', 'predict.bias']);
  assert.equal(String(f), 'Fields(\n  (hidden): Linear(in_features=1, out_features=20, bias=True)\n  (predict): Linear(in_features=20, out_features=1, bias=True)\n)');
});

test('shared parameters and modules are listed once', () => {
  const l = new nn.Linear(2, 2);
  const s = new nn.Sequential(l, new nn.ReLU(), l);
  assert.equal(s.parameters().length, 2);
  assert.deepEqual(s.namedModules().map(([k]) => k), ['', '0', '1']);
  assert.deepEqual(Object.keys(s.stateDict()), ['0.weight', '0.bias', '2.weight', '2.bias']);
});

function seq(a: number, b: number): torch.nn.Sequential {
  return new nn.Sequential(new nn.Linear(1, a), new nn.ReLU(), new nn.Linear(b, 1));
}

test('loadStateDict: PyTorch\'s error texts, and a failed load changes nothing', () => {
  const src = seq(10, 10);
  const sd = src.stateDict();
  assert.equal(messageOf(() => new nn.Sequential(new nn.Linear(1, 10)).loadStateDict(sd)), SD.err_unexpected);
  const four = new nn.Sequential(new nn.Linear(1, 10), new nn.ReLU(), new nn.Linear(10, 1), new nn.Linear(1, 1));
  assert.equal(messageOf(() => four.loadStateDict(sd)), SD.err_missing);
  const wide = seq(20, 20);
  const before = wide.stateDict();
  const copies = Object.fromEntries(Object.entries(before).map(([k, v]) => [k, v.clone()]));
  assert.equal(messageOf(() => wide.loadStateDict(sd)), SD.err_size);
  for (const [k, v] of Object.entries(wide.stateDict())) assert.ok(torch.equal(v, copies[k]), `${k} unchanged`);

  const small: Record<string, Tensor> = {};
  for (const [k, v] of Object.entries(sd)) if (!k.startsWith('2.')) small[k] = v;
  small['3.weight'] = torch.zeros(1);
  small['0.weight'] = torch.zeros(3, 1);
  const target = seq(10, 10);
  const bias0 = target.stateDict()['0.bias'].clone();
  assert.equal(messageOf(() => target.loadStateDict(small)), SD.err_all);
  assert.ok(torch.equal(target.stateDict()['0.bias'], bias0), 'valid entries are not copied either');

  const r = four.loadStateDict(new Map([...Object.entries(sd), ['foo.bar', torch.zeros(1)]]), { strict: false });
  assert.deepEqual(r, { missingKeys: SD.nonstrict.missing, unexpectedKeys: SD.nonstrict.unexpected });
  assert.ok(torch.equal((four.at(2) as torch.nn.Linear).weight, (src.at(2) as torch.nn.Linear).weight));

  const lin = new nn.Linear(1, 2);
  const expected = SD.err_not_tensor.replace("<class 'list'>", 'Array');
  assert.equal(messageOf(() => lin.loadStateDict({ weight: [[1], [2]], bias: torch.zeros(2) })), expected);
});

test('loadStateDict copies values (with dtype conversion) into the same Parameter objects', () => {
  const a = seq(10, 10);
  const b = seq(10, 10);
  const w = (b.at(0) as torch.nn.Linear).weight;
  assert.deepEqual(b.loadStateDict(a.stateDict()), { missingKeys: [], unexpectedKeys: [] });
  assert.equal((b.at(0) as torch.nn.Linear).weight, w);
  assert.ok(torch.equal(w, (a.at(0) as torch.nn.Linear).weight));
  const dsd = Object.fromEntries(Object.entries(a.stateDict()).map(([k, v]) => [k, v.double().mul(2)]));
  b.loadStateDict(dsd);
  assert.equal(w.dtype, torch.float32);
  assert.ok(torch.allclose(w, (a.at(0) as torch.nn.Linear).weight.mul(2)));
});

test('reprs match PyTorch\'s str(module)', () => {
  const mods: Record<string, torch.nn.Module> = {
    ReLU: new nn.ReLU(), ReLU_inplace: new nn.ReLU(true), ReLU6: new nn.ReLU6(), LeakyReLU: new nn.LeakyReLU(),
    'LeakyReLU_0.2': new nn.LeakyReLU(0.2), ELU: new nn.ELU(), SELU: new nn.SELU(), CELU: new nn.CELU({ alpha: 0.5 }),
    GELU: new nn.GELU(), GELU_tanh: new nn.GELU({ approximate: 'tanh' }), SiLU: new nn.SiLU(), Mish: new nn.Mish(),
    Softplus: new nn.Softplus(), Softplus_b: new nn.Softplus({ beta: 0.5, threshold: 10 }), Softsign: new nn.Softsign(),
    Hardtanh: new nn.Hardtanh(), Hardtanh_b: new nn.Hardtanh(-2.0, 2.5), Hardsigmoid: new nn.Hardsigmoid(),
    Hardswish: new nn.Hardswish(), LogSigmoid: new nn.LogSigmoid(), Tanh: new nn.Tanh(), Sigmoid: new nn.Sigmoid(),
    Softmax: new nn.Softmax({ dim: 1 }), Softmax_none: new nn.Softmax(), LogSoftmax: new nn.LogSoftmax({ dim: -1 }),
    Softmin: new nn.Softmin(0), Tanhshrink: new nn.Tanhshrink(), Softshrink: new nn.Softshrink(),
    Hardshrink: new nn.Hardshrink(0.25), Threshold: new nn.Threshold(0.1, 20.5),
    Identity: new nn.Identity(), Flatten: new nn.Flatten(), Unflatten: new nn.Unflatten(1, [2, 5]),
    Dropout: new nn.Dropout(), 'Dropout_0.1': new nn.Dropout(0.1), Dropout2d: new nn.Dropout2d(0.3),
    Linear: new nn.Linear(1, 10), Linear_nobias: new nn.Linear(3, 2, { bias: false }), Bilinear: new nn.Bilinear(2, 3, 4),
    MSELoss: new nn.MSELoss(), L1Loss: new nn.L1Loss(), CrossEntropyLoss: new nn.CrossEntropyLoss({ labelSmoothing: 0.1 }),
    NLLLoss: new nn.NLLLoss(), BCELoss: new nn.BCELoss(), BCEWithLogitsLoss: new nn.BCEWithLogitsLoss(),
    KLDivLoss: new nn.KLDivLoss({ reduction: 'batchmean' }), HuberLoss: new nn.HuberLoss(), SmoothL1Loss: new nn.SmoothL1Loss(),
    Sequential_empty: new nn.Sequential(), Net: new Net(),
    ParameterList: new nn.ParameterList([new nn.Parameter(torch.zeros(3, 4)), new nn.Parameter(torch.zeros(2, { dtype: torch.float64 }))]),
    ParameterList_one: new nn.ParameterList([new nn.Parameter(torch.zeros(3))]),
    ParameterDict: new nn.ParameterDict({ a: new nn.Parameter(torch.zeros(3)), b: new nn.Parameter(torch.zeros(2, 2, { dtype: torch.float64 })) }),
  };
  for (const [k, expected] of Object.entries(REPRS)) {
    assert.ok(mods[k], `module ${k} built`);
    assert.equal(String(mods[k]), expected, k);
  }
});

test('Parameter: a flagged leaf sharing storage; prints as PyTorch', () => {
  const t = torch.tensor([1, 2]);
  const p = new nn.Parameter(t);
  const isParam = (v: unknown): boolean => v instanceof nn.Parameter;
  assert.ok(p instanceof torch.Tensor);
  assert.ok(isParam(p));
  assert.ok(!isParam(t));
  assert.equal(p.requiresGrad, true);
  assert.equal(p._data, t._data);
  assert.equal(String(p), 'Parameter containing:\ntensor([1., 2.], requires_grad=True)');
  assert.equal(new nn.Parameter(t, false).requiresGrad, false);
  assert.match(messageOf(() => new nn.Parameter(torch.tensor([1n]))), /floating point/);
});

test('train/eval reach every submodule; zeroGrad; requiresGrad_; apply', () => {
  const net = new Net();
  net.eval();
  assert.ok(net.modules().every((m) => m.training === false));
  net.train();
  assert.ok(net.modules().every((m) => m.training === true));
  assert.match(messageOf(() => net.train('yes' as unknown as boolean)), /training mode is expected to be boolean/);
  const l = new nn.Linear(2, 1);
  l.forward(torch.ones(3, 2)).sum().backward();
  assert.ok(l.weight.grad !== null);
  l.zeroGrad();
  assert.ok(torch.equal(l.weight.grad!, torch.zeros(1, 2)), 'the default zeroes gradients in place, as PyTorch 1.13 does');
  l.zeroGrad({ setToNone: true });
  assert.equal(l.weight.grad, null);
  l.forward(torch.ones(3, 2)).sum().backward();
  l.zeroGrad(true);
  assert.equal(l.weight.grad, null);
  l.requiresGrad_(false);
  assert.ok(l.parameters().every((p) => !p.requiresGrad));
  const names: string[] = [];
  new nn.Sequential(new nn.ReLU(), new nn.Sequential(new nn.Tanh())).apply((m) => names.push(m._getName()));
  assert.deepEqual(names, ['ReLU', 'Tanh', 'Sequential', 'Sequential']);
});

test('registerBuffer / registerParameter / addModule / getSubmodule', () => {
  class M extends nn.Module {
    forward(x: Tensor): Tensor { return x; }
  }
  const m = new M();
  m.registerBuffer('running', torch.zeros(2));
  m.registerBuffer('tmp', torch.ones(1), false);
  m.registerParameter('w', new nn.Parameter(torch.ones(2)));
  m.registerParameter('b', null);
  m.addModule('sub', new nn.Linear(2, 2));
  assert.deepEqual(Object.keys(m.stateDict()), ['w', 'running', 'sub.weight', 'sub.bias']);
  assert.deepEqual(m.namedBuffers().map(([k]) => k), ['running', 'tmp']);
  (m as any).running = torch.full([2], 5);
  assert.equal(m.stateDict().running.sum().item(), 10);
  assert.equal(m.getSubmodule('sub')._getName(), 'Linear');
  assert.equal(m.getParameter('sub.bias').shape[0], 2);
  assert.equal(m.getBuffer('running').shape[0], 2);
  assert.match(messageOf(() => m.getSubmodule('nope')), /M has no attribute `nope`/);
  assert.match(messageOf(() => m.registerBuffer('a.b', null)), /buffer name can't contain "\."/);
  assert.match(messageOf(() => m.registerParameter('q', torch.ones(1))), /torch.nn.Parameter or None required/);
  assert.match(messageOf(() => m.addModule('x', 3 as unknown as torch.nn.Module)), /is not a Module subclass/);
});

test('double()/float()/to(dtype) convert in place, keeping Parameter identity', () => {
  const l = new nn.Linear(2, 3);
  const w = l.weight;
  l.double();
  assert.equal(l.weight, w);
  assert.equal(w.dtype, torch.float64);
  assert.equal(l.forward(torch.ones(1, 2, { dtype: torch.float64 })).dtype, torch.float64);
  l.to(torch.float32);
  assert.equal(w.dtype, torch.float32);
  assert.match(messageOf(() => l.to(torch.int64)), /only accepts floating point/);
});

test('Sequential: indexing, slicing, iteration, append/insert/pop, named construction', () => {
  const s = new nn.Sequential(new nn.Linear(1, 2), new nn.ReLU(), new nn.Linear(2, 1));
  assert.equal(s.length, 3);
  assert.equal(s.at(-1)._getName(), 'Linear');
  assert.equal(s.get(1)._getName(), 'ReLU');
  assert.deepEqual([...s].map((m) => m._getName()), ['Linear', 'ReLU', 'Linear']);
  assert.equal(s.slice(1).length, 2);
  assert.deepEqual(Object.keys(s.slice(1).stateDict()), ['2.weight', '2.bias']);
  s.append(new nn.Tanh());
  s.insert(0, new nn.Identity());
  assert.deepEqual(s.namedChildren().map(([k, m]) => `${k}:${m._getName()}`), ['0:Identity', '1:Linear', '2:ReLU', '3:Linear', '4:Tanh']);
  s.pop(0);
  assert.equal(s.forward(torch.zeros(4, 1)).shape.join(','), '4,1');
  assert.match(messageOf(() => s.at(9)), /index 9 is out of range/);
  const named = new nn.Sequential({ conv: new nn.Linear(1, 1), act: new nn.ReLU() });
  assert.deepEqual(Object.keys(named.stateDict()), ['conv.weight', 'conv.bias']);
  // Integer-like keys keep insertion order (a JS object literal would already have sorted them).
  const dict = new nn.ModuleDict(new Map<string, torch.nn.Module>([['10', new nn.ReLU()], ['2', new nn.Tanh()]]));
  assert.deepEqual(dict.keys(), ['10', '2']);
  dict.set('1', new nn.ReLU());
  assert.deepEqual(dict.namedChildren().map(([k]) => k), ['10', '2', '1']);
  assert.match(messageOf(() => new nn.ModuleList().forward()), /missing the required "forward" function/);
  const pl = new nn.ParameterList([torch.ones(2)]);
  assert.ok(pl.at(0) instanceof nn.Parameter);
  assert.equal(pl.parameters().length, 1);
  const pd = new nn.ParameterDict({ b: torch.ones(1), a: torch.zeros(2) });
  assert.deepEqual(Object.keys(pd.stateDict()), ['b', 'a']);
});
