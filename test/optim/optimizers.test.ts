// Every optimizer configuration against PyTorch 1.13.1 (test/fixtures/optim/optimizers.json):
// trajectories on a small MLP, bit-exact updates from given gradients, the state_dict layout, loading
// PyTorch's state mid-run, and the save/load round trip.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import {
  f32, flatValues, loadFixture, makeOptimizer, mlpParams, trainStep, type DescribedStateDict, type OptimizerFixture,
  type StateValue,
} from './fixture_problem.js';

const fx = loadFixture<OptimizerFixture>('optimizers.json');

/**
 * The MLP's loss and gradients come from torchlet's autograd, which rounds a few ops differently from
 * PyTorch (last bits), so trajectories agree to a tolerance; the replay test below is exact.
 */
function assertClose(actual: readonly number[], expected: readonly number[], what: string, rtol = 1e-5, atol = 1e-6): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  expected.forEach((e, i) => {
    const ok = Math.abs(actual[i] - e) <= rtol * Math.abs(e) + atol;
    if (!ok) assert.fail(`${what}[${i}]: got ${actual[i]}, PyTorch has ${e}`);
  });
}

function describeValue(v: unknown): StateValue | number | null {
  if (v instanceof torch.Tensor) return { tensor: v.shape, dtype: v.dtype.name };
  return v as number | null;
}

function describeLayout(sd: torch.optim.OptimizerStateDict): DescribedStateDict {
  const state: DescribedStateDict['state'] = {};
  for (const [k, s] of Object.entries(sd.state)) {
    state[k] = Object.fromEntries(Object.entries(s).map(([key, v]) => [key, describeValue(v)]));
  }
  return { state, param_groups: sd.param_groups };
}

function stripData(d: DescribedStateDict): DescribedStateDict {
  const state: DescribedStateDict['state'] = {};
  for (const [k, s] of Object.entries(d.state)) {
    state[k] = Object.fromEntries(
      Object.entries(s).map(([key, v]) => [key, v !== null && typeof v === 'object' ? { tensor: v.tensor, dtype: v.dtype } : v]),
    );
  }
  return { state, param_groups: d.param_groups };
}

/** PyTorch's state dict from the fixture, as torch.load would hand it over: tensors and plain values. */
function rebuildStateDict(d: DescribedStateDict): torch.optim.OptimizerStateDict {
  const state: Record<number, Record<string, unknown>> = {};
  for (const [k, s] of Object.entries(d.state)) {
    state[Number(k)] = Object.fromEntries(
      Object.entries(s).map(([key, v]) => {
        if (v === null || typeof v !== 'object') return [key, v];
        const dtype = v.dtype === 'float64' ? torch.float64 : torch.float32;
        const data = new dtype.ArrayType(v.data!.length);
        data.set(v.data!);
        return [key, new torch.Tensor(data, v.tensor!, dtype)];
      }),
    );
  }
  return { state, param_groups: d.param_groups.map((g) => ({ ...g })) };
}

function paramsAt(values: readonly number[]): Tensor[] {
  let at = 0;
  return fx.init.map((p) => {
    const n = p.data.length;
    const t = f32(values.slice(at, at + n) as number[], p.shape).requiresGrad_();
    at += n;
    return t;
  });
}

for (const entry of fx.entries) {
  test(`${entry.name}: MLP trajectory follows PyTorch's for ${fx.steps} steps`, () => {
    const ps = mlpParams(fx);
    const opt = makeOptimizer(entry, ps);
    for (let s = 0; s < fx.steps; s++) {
      const loss = trainStep(fx, opt, ps);
      assertClose([loss], [entry.losses[s]], `loss at step ${s + 1}`);
      assertClose(flatValues(ps), entry.trajectory[s], `params after step ${s + 1}`);
    }
  });

  test(`${entry.name}: given the same gradients, every update is bit-exact with PyTorch`, () => {
    const p = f32(fx.replayInit, [fx.replayInit.length]).requiresGrad_();
    const opt = makeOptimizer({ ...entry, groups: undefined }, [p]);
    for (let s = 0; s < fx.steps; s++) {
      p.grad = f32(fx.replayGrads[s], [fx.replayGrads[s].length]);
      opt.step();
      const expected = Float32Array.from(entry.replay[s]);
      assert.deepEqual(Array.from(p._values()), Array.from(expected), `step ${s + 1}`);
    }
  });

  test(`${entry.name}: stateDict() has PyTorch's layout, keys and group values`, () => {
    const ps = mlpParams(fx);
    const opt = makeOptimizer(entry, ps);
    for (let s = 0; s < fx.snapshotStep; s++) trainStep(fx, opt, ps);
    const atSnapshot = opt.stateDict();
    assert.deepEqual(describeLayout(atSnapshot), stripData(entry.snapshot));
    atSnapshot.param_groups.forEach((g, i) => {
      assert.deepEqual(Object.keys(g), Object.keys(entry.snapshot.param_groups[i]), 'group key order');
    });
    // The state values themselves, against PyTorch's after the same steps.
    for (const [k, s] of Object.entries(entry.snapshot.state)) {
      for (const [key, v] of Object.entries(s)) {
        const mine = atSnapshot.state[Number(k)][key];
        if (v !== null && typeof v === 'object') assertClose(Array.from((mine as Tensor)._values()), v.data!, `state ${k}.${key}`, 1e-4, 1e-6);
        else assert.equal(mine, v, `state ${k}.${key}`);
      }
    }
    for (let s = fx.snapshotStep; s < fx.steps; s++) trainStep(fx, opt, ps);
    assert.deepEqual(describeLayout(opt.stateDict()), entry.layout);
  });

  test(`${entry.name}: PyTorch's state_dict loaded mid-run continues PyTorch's trajectory`, () => {
    const ps = paramsAt(entry.trajectory[fx.snapshotStep - 1]);
    const opt = makeOptimizer(entry, ps);
    opt.loadStateDict(rebuildStateDict(entry.snapshot));
    for (let s = fx.snapshotStep; s < fx.steps; s++) {
      trainStep(fx, opt, ps);
      assertClose(flatValues(ps), entry.trajectory[s], `params after step ${s + 1}`);
    }
  });

  test(`${entry.name}: stateDict() saved mid-run and loaded into a fresh optimizer gives the same steps`, () => {
    const ps = mlpParams(fx);
    const opt = makeOptimizer(entry, ps);
    for (let s = 0; s < fx.snapshotStep; s++) trainStep(fx, opt, ps);
    const saved = opt.stateDict();
    const copies = ps.map((p) => p.detach().clone().requiresGrad_());
    const fresh = makeOptimizer(entry, copies);
    fresh.loadStateDict(saved);
    for (let s = fx.snapshotStep; s < fx.steps; s++) {
      trainStep(fx, opt, ps);
      trainStep(fx, fresh, copies);
      assert.deepEqual(flatValues(copies), flatValues(ps), `step ${s + 1}`);
    }
    // Loading copied the state: the original optimizer's tensors are not shared.
    const a = opt.state.get(ps[0])!;
    const b = fresh.state.get(copies[0])!;
    for (const key of Object.keys(a)) if (a[key] instanceof torch.Tensor) assert.notEqual(a[key], b[key]);
  });

  test(`${entry.name}: toString() prints PyTorch's repr`, () => {
    const ps = mlpParams(fx);
    const opt = makeOptimizer(entry, ps);
    for (let s = 0; s < fx.steps; s++) trainStep(fx, opt, ps);
    assert.equal(String(opt), entry.repr);
  });
}

test('each optimizer with its defaults prints as PyTorch does', () => {
  for (const [name, repr] of Object.entries(fx.defaultReprs)) {
    const Cls = (torch.optim as unknown as Record<string, new (...a: unknown[]) => torch.optim.Optimizer>)[name];
    const p = torch.zeros(2).requiresGrad_();
    const opt = name === 'SGD' ? new Cls([p], 0.1) : new Cls([p]);
    assert.equal(opt.toString(), repr, name);
  }
});

test('Adagrad has its state before the first step, as PyTorch fills it at construction', () => {
  const opt = new torch.optim.Adagrad(mlpParams(fx), { lr: 0.1 });
  assert.deepEqual(describeLayout(opt.stateDict()), stripData(fx.adagradFresh));
});
