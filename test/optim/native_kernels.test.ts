// The native optimizer updates give the TypeScript loops' results bit for bit: every option
// combination, float32 and float64, lengths that leave SIMD tails and lengths split among threads,
// each native instruction-set variant. The same optimizer runs the same steps on the 'js' tier and on
// the 'native' one, and every parameter and state element must have the same bits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor } from '../../src/tensor/tensor.js';
import { float32, float64, type DType } from '../../src/tensor/dtype.js';
import { Adam, AdamW, Adagrad, RMSprop, SGD } from '../../src/optim/index.js';
import type { Optimizer } from '../../src/optim/optimizer.js';
import { availableKernelTiers, getKernelTier, setKernelTier } from '../../src/backend/tier.js';
import { ISAS, kernels, skip } from '../backend/native_elementwise_isas.js';

// Every length goes to the native library, not only those past the size threshold.
process.env.TORCHLET_KERNEL_DISPATCH = 'always';

/** Tails of every length mod 8, past the size threshold, and split into chunks among threads. */
const LENGTHS = [1, 7, 33, 520, 65543];
/** A million-element run for the combination with every option on (a slow loop on the 'js' tier). */
const LARGE = 1000003;

/** Deterministic values spread over several magnitudes, with zeros, signs and a few large ones. */
function values(n: number, seed: number): Float64Array {
  const out = new Float64Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const u = s / 4294967296;
    const k = s % 17;
    out[i] = k === 0 ? 0 : (u - 0.5) * 10 ** ((s >>> 8) % 7 - 4) * (k === 1 ? 1e4 : 1);
  }
  return out;
}

function tensorOf(data: Float64Array, dtype: DType): Tensor {
  return new Tensor(dtype === float32 ? Float32Array.from(data) : Float64Array.from(data), [data.length], dtype);
}

type Make = (p: Tensor) => Optimizer;

/** Every tensor the run ends with (the parameter, then each state tensor by key), as raw bits. */
function run(tier: 'js' | 'native', make: Make, dtype: DType, n: number, steps: number): Map<string, Uint32Array> {
  const before = getKernelTier();
  setKernelTier(tier);
  try {
    const p = tensorOf(values(n, 1), dtype).requiresGrad_();
    const opt = make(p);
    for (let s = 0; s < steps; s++) {
      p.grad = tensorOf(values(n, 100 + s), dtype);
      opt.step();
    }
    const out = new Map<string, Uint32Array>();
    const bits = (t: Tensor) => {
      const v = t._values() as Float32Array | Float64Array;
      return new Uint32Array(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength));
    };
    out.set('param', bits(p));
    const state = opt.state.get(p) ?? {};
    for (const [k, v] of Object.entries(state)) if (v instanceof Tensor && v.numel() === n) out.set(k, bits(v));
    return out;
  } finally {
    setKernelTier(before);
  }
}

function assertSameBits(expected: Map<string, Uint32Array>, actual: Map<string, Uint32Array>, what: string): void {
  assert.deepEqual([...actual.keys()], [...expected.keys()], `${what}: state keys`);
  for (const [k, e] of expected) {
    const a = actual.get(k)!;
    assert.equal(a.length, e.length, `${what}: ${k} length`);
    for (let i = 0; i < e.length; i++) {
      if (a[i] !== e[i]) assert.fail(`${what}: ${k} differs at word ${i}: ${a[i].toString(16)} vs ${e[i].toString(16)} expected`);
    }
  }
}

function checkCase(name: string, make: Make, large = false): void {
  for (const dtype of [float32, float64]) {
    test(`${name} (${dtype}): native updates equal the TypeScript loop bit for bit`, { skip }, () => {
      for (const n of large ? [...LENGTHS, LARGE] : LENGTHS) {
        const steps = n === LARGE ? 2 : 3;
        const expected = run('js', make, dtype, n, steps);
        for (const isa of ISAS) {
          assert.ok(kernels!.setElementwiseIsa(isa));
          try {
            assertSameBits(expected, run('native', make, dtype, n, steps), `${name} ${dtype} n=${n} ${isa}`);
          } finally {
            kernels!.setElementwiseIsa('best');
          }
        }
      }
    });
  }
}

for (const amsgrad of [false, true]) {
  for (const maximize of [false, true]) {
    for (const weightDecay of [0, 0.05]) {
      const opts = { lr: 0.01, betas: [0.8, 0.99] as [number, number], eps: 1e-6, weightDecay, amsgrad, maximize };
      const tag = `amsgrad=${amsgrad} maximize=${maximize} weightDecay=${weightDecay}`;
      const all = amsgrad && maximize && weightDecay !== 0;
      checkCase(`Adam ${tag}`, (p) => new Adam([p], opts), all);
      checkCase(`AdamW ${tag}`, (p) => new AdamW([p], opts), all);
    }
  }
}

for (const momentum of [0, 0.9]) {
  for (const dampening of [0, 0.3]) {
    for (const nesterov of momentum > 0 && dampening === 0 ? [false, true] : [false]) {
      for (const weightDecay of [0, 0.01]) {
        for (const maximize of [false, true]) {
          const opts = { lr: 0.05, momentum, dampening, nesterov, weightDecay, maximize };
          checkCase(`SGD ${JSON.stringify(opts)}`, (p) => new SGD([p], opts), nesterov && weightDecay !== 0 && maximize);
        }
      }
    }
  }
}

for (const centered of [false, true]) {
  for (const momentum of [0, 0.5]) {
    for (const weightDecay of [0, 0.01]) {
      for (const maximize of [false, true]) {
        const opts = { lr: 0.01, alpha: 0.9, eps: 1e-7, centered, momentum, weightDecay, maximize };
        const all = centered && momentum > 0 && weightDecay !== 0 && maximize;
        checkCase(`RMSprop ${JSON.stringify(opts)}`, (p) => new RMSprop([p], opts), all);
      }
    }
  }
}

for (const weightDecay of [0, 0.01]) {
  for (const maximize of [false, true]) {
    const opts = { lr: 0.1, lrDecay: 0.01, weightDecay, eps: 1e-9, initialAccumulatorValue: 0.1, maximize };
    checkCase(`Adagrad ${JSON.stringify(opts)}`, (p) => new Adagrad([p], opts), weightDecay !== 0 && maximize);
  }
}

test('an amsgrad maximum with nan gives nan, as the TypeScript loop does', { skip }, () => {
  const make: Make = (p) => new Adam([p], { amsgrad: true });
  for (const tier of ['js', 'native'] as const) {
    setKernelTier(tier);
    const p = new Tensor(Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]), [9], float32).requiresGrad_();
    const opt = make(p);
    p.grad = new Tensor(Float32Array.from([0.1, NaN, 0.3, 0.4, 0.5, 0.6, 0.7, NaN, 0.9]), [9], float32);
    opt.step();
    const v = opt.state.get(p)!.max_exp_avg_sq as Tensor;
    assert.deepEqual(Array.from(v._values(), Number.isNaN), [false, true, false, false, false, false, false, true, false], tier);
  }
  setKernelTier(availableKernelTiers()[0]);
});
