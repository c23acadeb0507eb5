// Learning-rate schedulers against PyTorch 1.13.1 (test/fixtures/optim/schedulers.json): the lr and
// momentum each sets over 30 steps, closed forms from step(epoch), state dicts and argument forms.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../../src/index.js';
import { loadFixture } from './fixture_problem.js';

const { lrScheduler } = torch.optim;

interface SchedulerEntry {
  name: string;
  optimizer: string;
  optimizerOptions: Record<string, unknown>;
  scheduler: string;
  args: unknown[];
  options: Record<string, unknown>;
  lrs: number[];
  momenta: (number | null)[];
  stateDictKeys: string[];
  stateDict: Record<string, unknown>;
  groupKeys: string[];
  closedForm?: [number, number][];
}
interface PlateauEntry {
  name: string;
  options: Record<string, unknown>;
  metrics: number[];
  lrs: number[];
  stateDictKeys: string[];
}
interface SchedulerFixture {
  steps: number;
  entries: SchedulerEntry[];
  plateaus: PlateauEntry[];
  composed: { sequential: number[]; chained: number[] };
}

const fx = loadFixture<SchedulerFixture>('schedulers.json');

type AnyScheduler = torch.optim.lrScheduler.LRScheduler;
type Ctor<T> = new (...a: unknown[]) => T;

function makeOptimizer(name: string, options: Record<string, unknown>): torch.optim.Optimizer {
  const Cls = (torch.optim as unknown as Record<string, Ctor<torch.optim.Optimizer>>)[name];
  return new Cls([torch.zeros(2).requiresGrad_()], options);
}

function makeScheduler(e: SchedulerEntry, opt: torch.optim.Optimizer): AnyScheduler {
  const Cls = (lrScheduler as unknown as Record<string, Ctor<AnyScheduler>>)[e.scheduler];
  const lambdas = e.scheduler === 'LambdaLR' || e.scheduler === 'MultiplicativeLR';
  // The fixture's lambdas are Python expressions in `epoch` that read the same in JavaScript.
  const args = e.args.map((a) => (lambdas ? new Function('epoch', `return ${String(a)};`) : a));
  return Object.keys(e.options).length > 0 ? new Cls(opt, ...args, e.options) : new Cls(opt, ...args);
}

function momentumOf(opt: torch.optim.Optimizer): number | null {
  const g = opt.paramGroups[0];
  if ('betas' in g) return (g.betas as number[])[0];
  return (g.momentum as number | undefined) ?? null;
}

/** The same double arithmetic gives the same lrs; libm's cos/pow may differ from V8's in the last bit. */
function assertLrs(actual: readonly (number | null)[], expected: readonly (number | null)[], what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  expected.forEach((e, i) => {
    const a = actual[i];
    if (e === null || a === null) assert.equal(a, e, `${what}[${i}]`);
    else if (Math.abs(a - e) > 1e-13 * Math.max(Math.abs(e), 1e-300)) assert.fail(`${what}[${i}]: got ${a}, PyTorch has ${e}`);
  });
}

/** Attributes spelt differently on purpose: a JavaScript scheduler holds no bound methods to save. */
const KEY_DIFFERENCES: Record<string, { ours: string[]; theirs: string[] }> = {
  OneCycleLR: { ours: ['anneal_strategy'], theirs: ['anneal_func'] },
  CyclicLR: { ours: [], theirs: ['_scale_fn_custom', '_scale_fn_ref'] },
};

for (const e of fx.entries) {
  test(`${e.name}: ${e.scheduler} sets PyTorch's lrs over ${fx.steps} steps`, () => {
    const opt = makeOptimizer(e.optimizer, e.optimizerOptions);
    const sched = makeScheduler(e, opt);
    const lrs = [sched.getLastLr()[0]];
    const momenta = [momentumOf(opt)];
    for (let s = 0; s < fx.steps; s++) {
      opt.step();
      sched.step();
      lrs.push(sched.getLastLr()[0]);
      momenta.push(momentumOf(opt));
    }
    assertLrs(lrs, e.lrs, 'lr');
    assertLrs(momenta, e.momenta, 'momentum');
    assert.deepEqual(
      Object.keys(opt.paramGroups[0]).filter((k) => k !== 'params').map((k) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)).sort(),
      e.groupKeys,
    );
    const diff = KEY_DIFFERENCES[e.scheduler] ?? { ours: [], theirs: [] };
    const expectedKeys = e.stateDictKeys.filter((k) => !diff.theirs.includes(k)).concat(diff.ours).sort();
    const sd = sched.stateDict();
    assert.deepEqual(Object.keys(sd).sort(), expectedKeys);
    for (const [key, value] of Object.entries(e.stateDict)) {
      const mine = sd[key] instanceof Map ? Object.fromEntries([...(sd[key] as Map<number, number>)].map(([k, v]) => [String(k), v])) : sd[key];
      if (typeof value === 'number' && typeof mine === 'number') assertLrs([mine], [value], key);
      else if (key === '_last_lr') assertLrs(mine as number[], value as number[], key);
      else assert.deepEqual(mine, value, key);
    }
  });

  if (e.closedForm !== undefined) {
    test(`${e.name}: ${e.scheduler}.step(epoch) uses PyTorch's closed form`, (t) => {
      t.mock.method(process, 'emitWarning', () => {});
      const opt = makeOptimizer(e.optimizer, e.optimizerOptions);
      const sched = makeScheduler(e, opt);
      for (const [epoch, lr] of e.closedForm!) {
        sched.step(epoch);
        assertLrs([sched.getLastLr()[0]], [lr], `epoch ${epoch}`);
      }
    });
  }

  test(`${e.name}: a ${e.scheduler} restored from stateDict() continues the same schedule`, () => {
    const opt = makeOptimizer(e.optimizer, e.optimizerOptions);
    const sched = makeScheduler(e, opt);
    for (let s = 0; s < 7; s++) {
      opt.step();
      sched.step();
    }
    const saved = sched.stateDict();
    const opt2 = makeOptimizer(e.optimizer, e.optimizerOptions);
    const sched2 = makeScheduler(e, opt2);
    opt2.loadStateDict(opt.stateDict());
    sched2.loadStateDict(saved);
    for (let s = 7; s < fx.steps; s++) {
      opt.step();
      sched.step();
      opt2.step();
      sched2.step();
      assert.equal(sched2.getLastLr()[0], sched.getLastLr()[0], `step ${s + 1}`);
    }
  });
}

for (const e of fx.plateaus) {
  test(`${e.name}: ReduceLROnPlateau lowers the lr where PyTorch does`, () => {
    const opt = new torch.optim.SGD([torch.zeros(2).requiresGrad_()], { lr: 0.1 });
    const sched = new lrScheduler.ReduceLROnPlateau(opt, e.options);
    const lrs = e.metrics.map((m, i) => {
      opt.step();
      sched.step(i % 2 === 0 ? m : torch.tensor(m, { dtype: torch.float64 }));
      return opt.paramGroups[0].lr as number;
    });
    assert.deepEqual(lrs, e.lrs);
    assert.deepEqual(Object.keys(sched.stateDict()).sort(), e.stateDictKeys);
  });
}

test('SequentialLR and ChainedScheduler compose schedules as PyTorch does', () => {
  let opt = new torch.optim.SGD([torch.zeros(2).requiresGrad_()], { lr: 0.1 });
  const seq = new lrScheduler.SequentialLR(opt, [
    new lrScheduler.LinearLR(opt, { startFactor: 0.1, totalIters: 4 }),
    new lrScheduler.ExponentialLR(opt, { gamma: 0.9 }),
  ], [5]);
  const seqLrs = [seq.getLastLr()[0]];
  for (let s = 0; s < fx.steps; s++) {
    opt.step();
    seq.step();
    seqLrs.push(seq.getLastLr()[0]);
  }
  assertLrs(seqLrs, fx.composed.sequential, 'sequential');

  opt = new torch.optim.SGD([torch.zeros(2).requiresGrad_()], { lr: 0.1 });
  const chain = new lrScheduler.ChainedScheduler([
    new lrScheduler.ConstantLR(opt, { factor: 0.5, totalIters: 5 }),
    new lrScheduler.ExponentialLR(opt, 0.9),
  ]);
  const chained = [chain.getLastLr()[0]];
  for (let s = 0; s < fx.steps; s++) {
    opt.step();
    chain.step();
    chained.push(chain.getLastLr()[0]);
  }
  assertLrs(chained, fx.composed.chained, 'chained');
});

test('positional arguments and a trailing options object mean the same', () => {
  const run = (make: (o: torch.optim.Optimizer) => AnyScheduler): number[] => {
    const opt = new torch.optim.SGD([torch.zeros(1).requiresGrad_()], 0.1);
    const s = make(opt);
    return Array.from({ length: 10 }, () => {
      opt.step();
      s.step();
      return s.getLastLr()[0];
    });
  };
  const a = run((o) => new lrScheduler.StepLR(o, 4, 0.5));
  assert.deepEqual(run((o) => new lrScheduler.StepLR(o, 4, { gamma: 0.5 })), a);
  assert.deepEqual(run((o) => new lrScheduler.StepLR(o, { stepSize: 4, gamma: 0.5 })), a);
  const c = run((o) => new lrScheduler.CosineAnnealingLR(o, 5, 0.01));
  assert.deepEqual(run((o) => new lrScheduler.CosineAnnealingLR(o, { tMax: 5, etaMin: 0.01 })), c);
  const oc = run((o) => new lrScheduler.OneCycleLR(o, 1.0, 10));
  assert.deepEqual(run((o) => new lrScheduler.OneCycleLR(o, { maxLr: 1.0, totalSteps: 10 })), oc);
});

test('schedulers set initial_lr in the groups and keep base_lrs from it', () => {
  const opt = new torch.optim.SGD([{ params: [torch.zeros(1).requiresGrad_()] }, { params: [torch.zeros(1).requiresGrad_()], lr: 0.5 }], 0.1);
  const s = new lrScheduler.ExponentialLR(opt, 0.5);
  assert.deepEqual(opt.paramGroups.map((g) => g.initialLr), [0.1, 0.5]);
  assert.deepEqual(s.baseLrs, [0.1, 0.5]);
  assert.equal(s.lastEpoch, 0);
  opt.step();
  s.step();
  assert.deepEqual(s.getLastLr(), [0.05, 0.25]);
  assert.equal(opt.stateDict().param_groups[1].initial_lr, 0.5);
});

test('scheduler errors are PyTorch\'s', () => {
  const opt = new torch.optim.SGD([torch.zeros(1).requiresGrad_()], { lr: 0.1, momentum: 0.9 });
  assert.throws(() => new lrScheduler.StepLR({} as torch.optim.Optimizer, 3), { message: 'Object is not an Optimizer' });
  assert.throws(() => new lrScheduler.StepLR(opt, 3, { lastEpoch: 4 }), {
    message: "param 'initial_lr' is not specified in param_groups[0] when resuming an optimizer",
  });
  assert.throws(() => new (lrScheduler.StepLR as unknown as Ctor<AnyScheduler>)(opt), { message: "StepLR() missing required argument: 'step_size'" });
  assert.throws(() => new lrScheduler.StepLR(opt, 3, { gama: 0.5 } as never), { message: "StepLR() got an unexpected keyword argument 'gama'" });
  assert.throws(() => new lrScheduler.OneCycleLR(opt, { maxLr: 1 }), {
    message: 'You must define either total_steps OR (epochs AND steps_per_epoch)',
  });
  assert.throws(() => new lrScheduler.OneCycleLR(opt, { maxLr: 1, totalSteps: 0 }), {
    message: 'Expected positive integer total_steps, but got 0',
  });
  const oc = new lrScheduler.OneCycleLR(opt, { maxLr: 1, totalSteps: 2 });
  oc.step();
  oc.step();
  assert.throws(() => oc.step(), { message: 'Tried to step 4 times. The specified number of total steps is 2' });
  assert.throws(() => new lrScheduler.LambdaLR(opt, [(e) => e, (e) => e]), { message: 'Expected 1 lr_lambdas, but got 2' });
  assert.throws(() => new lrScheduler.ConstantLR(opt, 2), { message: 'Constant multiplicative factor expected to be between 0 and 1.' });
  assert.throws(() => new lrScheduler.CosineAnnealingWarmRestarts(opt, 0), { message: 'Expected positive integer T_0, but got 0' });
  assert.throws(() => new lrScheduler.ReduceLROnPlateau(opt, { factor: 1 }), { message: 'Factor should be < 1.0.' });
  assert.throws(() => new lrScheduler.ReduceLROnPlateau(opt, { mode: 'up' as never }), { message: 'mode up is unknown!' });
  const adam = new torch.optim.Adagrad([torch.zeros(1).requiresGrad_()]);
  assert.throws(() => new lrScheduler.OneCycleLR(adam, { maxLr: 1, totalSteps: 5 }), {
    message: 'optimizer must support momentum with `cycle_momentum` option enabled',
  });
});

test('stepping the scheduler before the optimizer warns once, as PyTorch does', (t) => {
  const warned: string[] = [];
  t.mock.method(process, 'emitWarning', (m: string) => warned.push(m));
  const opt = new torch.optim.SGD([torch.zeros(1).requiresGrad_()], 0.1);
  const s = new lrScheduler.StepLR(opt, 2);
  s.step();
  assert.equal(warned.length <= 1, true);
  if (warned.length === 1) assert.match(warned[0], /Detected call of `lr_scheduler.step\(\)` before `optimizer.step\(\)`/);
  const opt2 = new torch.optim.SGD([torch.zeros(1).requiresGrad_()], 0.1);
  const s2 = new lrScheduler.StepLR(opt2, 2);
  opt2.step();
  s2.step();
  assert.equal(opt2._stepCount, 1);
});

test('verbose schedulers print the lr as PyTorch formats it', (t) => {
  const lines: string[] = [];
  t.mock.method(console, 'log', (m: string) => lines.push(m));
  const opt = new torch.optim.SGD([torch.zeros(1).requiresGrad_()], 0.1);
  const s = new lrScheduler.StepLR(opt, 1, { gamma: 0.5, verbose: true });
  opt.step();
  s.step();
  assert.deepEqual(lines, ['Adjusting learning rate of group 0 to 1.0000e-01.', 'Adjusting learning rate of group 0 to 5.0000e-02.']);
});
