// The Optimizer base: parameter groups, zeroGrad, step with a closure, argument forms, errors
// (PyTorch's messages from test/fixtures/optim/errors.json) and state dict handling.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { loadFixture } from './fixture_problem.js';

const { optim } = torch;
type Ctor = new (...a: unknown[]) => torch.optim.Optimizer;

interface ErrorFixture {
  badOptions: { optimizer: string; options: Record<string, unknown>; message: string }[];
  general: Record<string, string>;
}
const errors = loadFixture<ErrorFixture>('errors.json');

function leaf(values: number[], shape = [values.length]): Tensor {
  return new torch.Tensor(Float32Array.from(values), shape, torch.float32).requiresGrad_();
}

/** Reads .grad afresh (assertions above would otherwise narrow its type). */
function gradOf(p: Tensor): Tensor {
  const g = p.grad as Tensor | null;
  if (g === null) throw new Error('no gradient');
  return g;
}

test('bad hyperparameters throw PyTorch\'s messages', () => {
  const p = leaf([0, 0]);
  for (const { optimizer, options, message } of errors.badOptions) {
    const Cls = (optim as unknown as Record<string, Ctor>)[optimizer];
    assert.throws(() => new Cls([p], options), { message }, `${optimizer} ${JSON.stringify(options)}`);
  }
  assert.throws(() => new optim.SGD([p], -1), { message: 'Invalid learning rate: -1' });
  assert.throws(() => new optim.SGD([p], NaN), { message: 'Invalid learning rate: nan' });
  assert.throws(() => new optim.SGD([p], '0.1' as never), TypeError);
});

test('bad parameter lists throw PyTorch\'s messages', () => {
  const p = leaf([1, 2]);
  const g = errors.general;
  assert.throws(() => new optim.SGD([], 0.1), { message: g.empty });
  assert.throws(() => new optim.SGD([{ params: [p] }, { params: [p] }], 0.1), { message: g.duplicate });
  assert.throws(() => new optim.SGD([p.mul(2)], 0.1), { message: g.nonLeaf });
  assert.throws(() => new optim.SGD(p as never, 0.1), { message: g.tensor });
  assert.throws(() => new optim.SGD([p]), { message: g.required });
  assert.throws(() => new optim.SGD([p, 3 as never], 0.1), {
    message: 'optimizer can only optimize Tensors, but one of the params is number',
  });
  assert.throws(() => new optim.SGD([p], { lr: 0.1, weight_decay: 0.1 } as never), {
    message: "SGD() got an unexpected keyword argument 'weight_decay'",
  });
  const opt = new optim.SGD([p], 0.1);
  assert.throws(() => opt.loadStateDict({ state: {}, param_groups: [] }), { message: g.groupCount });
  assert.throws(() => opt.loadStateDict({ state: {}, param_groups: [{ lr: 0.1, params: [0, 1] }] }), { message: g.groupSize });
  // A retained non-leaf may be optimized, as in PyTorch.
  const r = p.mul(2);
  r.retainGrad();
  assert.doesNotThrow(() => new optim.SGD([r], 0.1));
});

test('positional arguments follow PyTorch\'s order and mix with a trailing options object', () => {
  const ps = [leaf([1])];
  const a = new optim.SGD(ps, 0.1, 0.9, 0, 0.01, true);
  const b = new optim.SGD(ps, 0.1, 0.9, { weightDecay: 0.01, nesterov: true });
  const c = new optim.SGD(ps, { lr: 0.1, momentum: 0.9, weightDecay: 0.01, nesterov: true });
  assert.deepEqual(a.paramGroups[0], b.paramGroups[0]);
  assert.deepEqual(a.paramGroups[0], c.paramGroups[0]);
  const adam = new optim.Adam(ps, 1e-3, [0.9, 0.99]);
  assert.deepEqual(adam.paramGroups[0].betas, [0.9, 0.99]);
  assert.deepEqual(new optim.Adam(ps, { lr: 1e-3, betas: [0.9, 0.99] }).paramGroups[0], adam.paramGroups[0]);
  assert.throws(() => new optim.SGD(ps, 0.1, { lr: 0.2 } as never), { message: "SGD() got multiple values for argument 'lr'" });
});

test('parameter groups take their own hyperparameters, defaults fill the rest, in PyTorch\'s key order', () => {
  const w = leaf([1, 2]);
  const b = leaf([3]);
  const opt = new optim.SGD([{ params: [w] }, { params: b, lr: 0.01 }], { lr: 0.1, momentum: 0.9 });
  assert.equal(opt.paramGroups.length, 2);
  assert.deepEqual(opt.paramGroups[1].params, [b]);
  assert.equal(opt.paramGroups[1].lr, 0.01);
  assert.equal(opt.paramGroups[1].momentum, 0.9);
  assert.deepEqual(Object.keys(opt.stateDict().param_groups[1]), [
    'lr', 'momentum', 'dampening', 'weight_decay', 'nesterov', 'maximize', 'foreach', 'differentiable', 'params',
  ]);
  const extra = leaf([4]);
  opt.addParamGroup({ params: new Set([extra]), weightDecay: 0.5 });
  assert.equal(opt.paramGroups[2].weightDecay, 0.5);
  assert.equal(opt.paramGroups[2].lr, 0.1);
  assert.deepEqual(opt.stateDict().param_groups.map((g) => g.params), [[0], [1], [2]]);
  assert.throws(() => opt.addParamGroup({ params: [w] }), { message: 'some parameters appear in more than one parameter group' });
});

test('zeroGrad zeroes gradients in place by default (PyTorch 1.13), or sets them to null', () => {
  const p = leaf([1, 2]);
  const opt = new optim.SGD([p], 0.1);
  p.sum().backward();
  opt.zeroGrad({ setToNone: true });
  assert.equal(p.grad, null);
  p.mul(3).sum().backward();
  const g = gradOf(p);
  opt.zeroGrad();
  assert.equal(p.grad, g);
  assert.deepEqual(Array.from(g._values()), [0, 0]);
  p.mul(3).sum().backward();
  assert.deepEqual(Array.from(gradOf(p)._values()), [3, 3]);
  opt.zeroGrad(false);
  assert.deepEqual(Array.from(gradOf(p)._values()), [0, 0]);
  opt.zeroGrad(true);
  assert.equal(p.grad, null);
});

test('step runs the closure with grad enabled, returns its loss and records nothing', () => {
  const p = leaf([1, -2]);
  const opt = new optim.SGD([p], 0.5);
  const version = p._version.version;
  const loss = torch.noGrad(() =>
    opt.step(() => {
      opt.zeroGrad();
      const l = p.pow(2).sum();
      l.backward();
      return l;
    }),
  );
  assert.equal(loss!.item(), 5);
  assert.deepEqual(Array.from(p._values()), [0, 0]);
  assert.equal(p.isLeaf, true);
  assert.equal(p.gradFn, null);
  assert.ok(p._version.version > version, 'the in-place update bumps the version');
  assert.equal(opt.step(), undefined);
});

test('parameters without a gradient are skipped and get no state', () => {
  const a = leaf([1]);
  const b = leaf([1]);
  const opt = new optim.Adam([a, b], 0.1);
  a.mul(2).sum().backward();
  opt.step();
  assert.equal(b._values()[0], 1);
  assert.equal(opt.state.has(b), false);
  assert.deepEqual(Object.keys(opt.stateDict().state), ['0']);
});

test('SGD without momentum keeps a null momentum_buffer, as PyTorch', () => {
  const p = leaf([1]);
  const opt = new optim.SGD([p], 0.1);
  p.sum().backward();
  opt.step();
  assert.deepEqual(opt.stateDict().state, { 0: { momentum_buffer: null } });
});

test('non-contiguous parameters are updated through their view', () => {
  const base = new torch.Tensor(Float32Array.from([1, 2, 3, 4, 5, 6]), [2, 3], torch.float32);
  const p = base.t().detach().requiresGrad_();
  assert.equal(p.isContiguous(), false);
  const q = p.detach().clone().requiresGrad_();
  const grad = new torch.Tensor(Float32Array.from([0.5, -1, 2, 0.25, 1, -0.5]), [3, 2], torch.float32);
  const o1 = new optim.Adam([p], 0.1);
  const o2 = new optim.Adam([q], 0.1);
  for (let i = 0; i < 3; i++) {
    p.grad = grad;
    q.grad = grad;
    o1.step();
    o2.step();
  }
  assert.deepEqual(p.toArray(), q.toArray());
  assert.deepEqual(base.t().toArray(), q.toArray());
});

test('float64 parameters keep float64 state and arithmetic', () => {
  const p = new torch.Tensor(Float64Array.from([0.1, 0.2]), [2], torch.float64).requiresGrad_();
  const opt = new optim.Adam([p], 0.1);
  p.grad = new torch.Tensor(Float64Array.from([1e-9, 3]), [2], torch.float64);
  opt.step();
  const s = opt.state.get(p)!;
  assert.equal((s.exp_avg as Tensor).dtype, torch.float64);
  assert.equal((s.step as Tensor).dtype, torch.float32);
  // The first Adam step moves an element by lr (up to eps), computed in double.
  assert.ok(Math.abs(p._values()[1] - (0.2 - 0.1)) < 1e-9);
});

test('loadStateDict casts state to the parameter dtype, keeps step, and accepts Maps (as unpickled)', () => {
  const p = leaf([1, 2]);
  const opt = new optim.Adam([p], 0.1);
  const sd = new Map<unknown, unknown>([
    ['state', new Map([[0, {
      step: new torch.Tensor(Float64Array.from([3]), [], torch.float64),
      exp_avg: new torch.Tensor(Float64Array.from([0.1, 0.2]), [2], torch.float64),
      exp_avg_sq: new torch.Tensor(Float64Array.from([0.01, 0.04]), [2], torch.float64),
    }]])],
    ['param_groups', [new Map<string, unknown>([
      ['lr', 0.05], ['betas', [0.8, 0.9]], ['eps', 1e-8], ['weight_decay', 0], ['amsgrad', false], ['maximize', false],
      ['foreach', null], ['capturable', false], ['differentiable', false], ['fused', false], ['initial_lr', 0.1], ['params', [0]],
    ])]],
  ]);
  opt.loadStateDict(sd);
  const s = opt.state.get(p)!;
  assert.equal((s.exp_avg as Tensor).dtype, torch.float32);
  assert.equal((s.step as Tensor).dtype, torch.float64);
  assert.equal(opt.paramGroups[0].lr, 0.05);
  assert.deepEqual(opt.paramGroups[0].betas, [0.8, 0.9]);
  assert.equal(opt.paramGroups[0].initialLr, 0.1);
  assert.deepEqual(opt.paramGroups[0].params, [p]);
  // An older layout with a plain-number step is brought up to date.
  opt.loadStateDict({ state: { 0: { step: 2, exp_avg: torch.zeros(2), exp_avg_sq: torch.zeros(2) } }, param_groups: [{ lr: 0.1, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0, amsgrad: false, params: [0] }] });
  assert.ok(opt.state.get(p)!.step instanceof torch.Tensor);
  assert.equal(opt.paramGroups[0].maximize, false, 'missing keys take the defaults');
});

test('stateDict shares the live state tensors, as PyTorch\'s does', () => {
  const p = leaf([1]);
  const opt = new optim.SGD([p], 0.1, 0.9);
  p.sum().backward();
  opt.step();
  const sd = opt.stateDict();
  opt.step();
  assert.equal(sd.state[0].momentum_buffer, opt.state.get(p)!.momentum_buffer);
});

test('toString prints PyTorch\'s repr for several groups', () => {
  const opt = new optim.SGD([{ params: [leaf([1])] }, { params: [leaf([1])], lr: 0.01 }], { lr: 0.1, momentum: 0.9 });
  assert.equal(
    String(opt),
    'SGD (\nParameter Group 0\n    dampening: 0\n    differentiable: False\n    foreach: None\n    lr: 0.1\n' +
      '    maximize: False\n    momentum: 0.9\n    nesterov: False\n    weight_decay: 0\n\nParameter Group 1\n' +
      '    dampening: 0\n    differentiable: False\n    foreach: None\n    lr: 0.01\n    maximize: False\n' +
      '    momentum: 0.9\n    nesterov: False\n    weight_decay: 0\n)',
  );
});

test('a user optimizer can extend Optimizer and override step', () => {
  class SignSGD extends optim.Optimizer {
    constructor(params: Tensor[], lr: number) {
      super(params, { lr });
    }
    override step(): undefined {
      torch.noGrad(() => {
        for (const g of this.paramGroups) for (const p of g.params) if (p.grad) p.sub_(p.grad.sign().mul(g.lr));
      });
      return undefined;
    }
  }
  const p = leaf([1, -1]);
  const opt = new SignSGD([p], 0.5);
  p.mul(torch.tensor([3, -2])).sum().backward();
  opt.step();
  assert.deepEqual(p.toArray(), [0.5, -0.5]);
  const s = new optim.lrScheduler.StepLR(opt, 1, 0.5);
  opt.step();
  s.step();
  assert.equal(opt.paramGroups[0].lr, 0.25);
});

test('loadStateDict unwraps number objects (whole Python floats from unpickling)', () => {
  class WholeFloat {
    constructor(readonly value: number) {}
    valueOf(): number {
      return this.value;
    }
  }
  const p = leaf([1]);
  const opt = new optim.SGD([p], 0.1);
  opt.loadStateDict({
    state: {},
    param_groups: [{ lr: new WholeFloat(1), momentum: new WholeFloat(0), dampening: 0, weight_decay: 0, nesterov: false, params: [0] }],
  });
  assert.equal(opt.paramGroups[0].lr, 1);
  assert.equal(opt.paramGroups[0].momentum, 0);
});

test('a gradient of the wrong shape is an error naming both shapes', () => {
  const p = leaf([1, 2, 3, 4, 5, 6], [2, 3]);
  const opt = new optim.SGD([p], 0.1);
  p.grad = torch.ones(6);
  assert.throws(() => opt.step(), { message: 'the gradient of shape [6] does not match its parameter of shape [2, 3]' });
});
