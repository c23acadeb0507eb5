// float64 normal (and exponential) samples through torchlet's public entry points, against
// scripts/gen_rng_f64_normal_fixtures.py (real PyTorch 1.13.1): randn, Tensor.normal_ on
// contiguous and strided tensors, torch.normal's overloads, the Box-Muller cache across calls,
// the nn.init normal fills and exponential_. With the platform's glibc libm every value is exact;
// with the correctly rounded TypeScript functions a few values differ in their last bits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../../src/index.js';
import { platformLibmAvailable, setPlatformLibmEnabled } from '../../src/random/platform-libm.js';
import { fromHex64, hex64, loadFixture, sha256Of, ulpDistance64 } from './helpers.js';

type Op = Record<string, any> & { op: string; shape?: number[] };
type Result = { values?: string[]; count?: number; head?: string[]; sha256?: string };
type Case = { name: string; seed: number; ops: Op[]; results: Result[] };

const cases = loadFixture<{ cases: Case[] }>('f64_normal_paths.json').cases;
const F64 = { dtype: torch.float64 };

/** An n-element float64 tensor with stride 2, as x[:, 0] of an n x 2 tensor. */
function strided(n: number): torch.Tensor {
  return torch.empty(n, 2, F64).select(1, 0);
}

function target(op: Op): torch.Tensor {
  const n = op.shape!.reduce((a, b) => a * b, 1);
  return op.strided ? strided(n) : torch.empty(...op.shape!, F64);
}

function apply(op: Op): torch.Tensor {
  const { init } = torch.nn;
  const t64 = (xs: number[]) => torch.tensor(xs, F64);
  switch (op.op) {
    case 'randn':
      return torch.randn(...op.shape!, F64);
    case 'normal_':
      return target(op).normal_(op.mean, op.std);
    case 'normal_sizes':
      return torch.normal(op.mean, op.std, op.shape!, F64);
    case 'normal_tensor_mean':
      return torch.normal(t64(op.means), op.std);
    case 'normal_tensor_std':
      return torch.normal(op.mean, t64(op.stds));
    case 'normal_tensor_both':
      return torch.normal(t64(op.means), t64(op.stds));
    case 'init_normal_':
      return init.normal_(torch.empty(...op.shape!, F64), op.mean, op.std);
    case 'init_kaiming_normal_':
      return init.kaimingNormal_(torch.empty(...op.shape!, F64));
    case 'init_xavier_normal_':
      return init.xavierNormal_(torch.empty(...op.shape!, F64));
    case 'init_trunc_normal_':
      return init.truncNormal_(torch.empty(...op.shape!, F64), { mean: op.mean, std: op.std, a: op.a, b: op.b });
    case 'exponential_':
      return target(op).exponential_(op.lambd);
    default:
      throw new Error(`unknown op ${op.op}`);
  }
}

function valuesOf(t: torch.Tensor): Float64Array {
  assert.equal(t.dtype, torch.float64);
  return Float64Array.from(t.contiguous()._values() as Float64Array);
}

/** Values compared exactly, or (TypeScript libm) within 4 ulp for at most 1% of them plus one. */
function check(what: string, got: Float64Array, want: Result, exact: boolean): void {
  const expected = want.values ?? want.head!;
  if (want.values === undefined) {
    assert.equal(got.length, want.count, `${what}: count`);
  } else {
    assert.equal(got.length, expected.length, `${what}: count`);
  }
  if (exact) {
    assert.deepEqual(hex64(got.subarray(0, expected.length)), expected, what);
    if (want.sha256 !== undefined) assert.equal(sha256Of(got, 'float64'), want.sha256, `${what}: sha256`);
    return;
  }
  const ref = fromHex64(expected);
  let differing = 0;
  for (let i = 0; i < ref.length; i++) {
    if (got[i] !== ref[i]) {
      differing++;
      assert.ok(ulpDistance64(got[i]!, ref[i]!) <= 4, `${what}[${i}]: ${got[i]} vs ${ref[i]}`);
    }
  }
  assert.ok(differing <= ref.length / 100 + 1, `${what}: ${differing} of ${ref.length} differ`);
}

/**
 * trunc_normal_ draws uniforms and maps them through erfinv, which PyTorch computes with a rational
 * guess and Newton steps on libm's erf and exp; torchlet's erf/erfinv (nn/init.ts, ops/unary.ts)
 * are other formulas, so these values are close (the draws are the same) but not bit-exact.
 */
function checkClose(what: string, got: Float64Array, want: Result): void {
  const ref = fromHex64(want.values!);
  assert.equal(got.length, ref.length, `${what}: count`);
  for (let i = 0; i < ref.length; i++) {
    assert.ok(Math.abs(got[i]! - ref[i]!) <= 1e-13 * Math.max(1, Math.abs(ref[i]!)), `${what}[${i}]: ${got[i]} vs ${ref[i]}`);
  }
}

function runCase(c: Case, exact: boolean): void {
  torch.manualSeed(c.seed);
  c.ops.forEach((op, k) => {
    const what = `${c.name} op ${k} (${op.op})`;
    if (op.op === 'init_trunc_normal_') checkClose(what, valuesOf(apply(op)), c.results[k]!);
    else check(what, valuesOf(apply(op)), c.results[k]!, exact);
  });
}

const nativeSkip = platformLibmAvailable() ? false : "the native addon with glibc's libm is not available here";

for (const c of cases) {
  if (c.ops.some((op) => op.op === 'init_trunc_normal_')) {
    test(`${c.name}: close to PyTorch (erfinv is not PyTorch's formula)`, () => runCase(c, false));
    continue;
  }
  test(`${c.name}: bit for bit with the platform's glibc libm`, { skip: nativeSkip }, () => runCase(c, true));
  test(`${c.name}: within a few ulp with the correctly rounded TypeScript libm`, () => {
    const was = setPlatformLibmEnabled(false);
    try {
      runCase(c, false);
    } finally {
      setPlatformLibmEnabled(was);
    }
  });
}
