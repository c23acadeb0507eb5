// Layer initialisation from the raw fills, in nn.Linear / nn.Conv2d order (RNG_SPEC.md §8), against
// the rng_vectors.json cases made by PyTorch 1.13.1. The nn layer only has to call the fills this way:
//   weight: kaiming_uniform_(a = sqrt(5)) = fillUniform(gen, w, -bound, bound), bound computed in double;
//   bias:   fillUniform(gen, b, -1/sqrt(fan_in), 1/sqrt(fan_in)) right after its own weight.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultGenerator as G, manualSeed, fillUniform, fillNormal } from '../../src/random/index.js';
import { encode, loadFixture, sha256Of } from './helpers.js';

type Case = { name: string; values?: string[]; sha256?: string; count?: number; head?: string[] };
const cases = new Map(loadFixture<{ cases: Case[] }>('rng_vectors.json').cases.map((c) => [c.name, c]));

function expectCase(name: string, values: Float32Array): void {
  const c = cases.get(name)!;
  assert.ok(c, name);
  if (c.sha256 !== undefined) {
    assert.equal(values.length, c.count, name);
    assert.deepEqual(encode(values.subarray(0, c.head!.length), 'float32'), c.head, name);
    assert.equal(sha256Of(values, 'float32'), c.sha256, name);
  } else {
    assert.deepEqual(encode(values, 'float32'), c.values, name);
  }
}

/** fan_in and fan_out of a weight shape, as torch.nn.init._calculate_fan_in_and_fan_out. */
function fans(shape: number[]): [number, number] {
  const receptive = shape.slice(2).reduce((a, b) => a * b, 1);
  return [shape[1]! * receptive, shape[0]! * receptive];
}

function kaimingUniformBound(shape: number[], a = Math.sqrt(5)): number {
  const gain = Math.sqrt(2.0 / (1 + a * a));
  const std = gain / Math.sqrt(fans(shape)[0]);
  return Math.sqrt(3.0) * std;
}

/** reset_parameters of Linear/Conv: weight first, then bias (bias only when fan_in != 0). */
function initLayer(weightShape: number[], outFeatures: number): [Float32Array, Float32Array] {
  const w = new Float32Array(weightShape.reduce((a, b) => a * b, 1));
  const bound = kaimingUniformBound(weightShape);
  fillUniform(G, w, -bound, bound);
  const b = new Float32Array(outFeatures);
  const fanIn = fans(weightShape)[0];
  const biasBound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
  fillUniform(G, b, -biasBound, biasBound);
  return [w, b];
}

test('nn.Linear(1, 10), (784, 512) and (3, 4)', () => {
  manualSeed(1);
  let [w, b] = initLayer([10, 1], 10);
  expectCase('linear_1_10_weight_seed1', w);
  expectCase('linear_1_10_bias_seed1', b);
  manualSeed(1);
  [w, b] = initLayer([512, 784], 512);
  expectCase('linear_784_512_weight_seed1', w);
  expectCase('linear_784_512_bias_seed1', b);
  manualSeed(0);
  [w, b] = initLayer([4, 3], 4);
  expectCase('linear_3_4_weight_seed0', w);
  expectCase('linear_3_4_bias_seed0', b);
});

test('nn.Conv2d(3, 8, 3) and nn.Conv2d(4, 6, (3, 5), groups=2)', () => {
  manualSeed(0);
  let [w, b] = initLayer([8, 3, 3, 3], 8);
  expectCase('conv2d_3_8_3_weight_seed0', w);
  expectCase('conv2d_3_8_3_bias_seed0', b);
  manualSeed(0);
  [w, b] = initLayer([6, 4 / 2, 3, 5], 6);
  expectCase('conv2d_4_6_3x5_g2_weight_seed0', w);
  expectCase('conv2d_4_6_3x5_g2_bias_seed0', b);
});

test('nn.Sequential(Linear(5, 7), ReLU(), Linear(7, 2)) initialises layer by layer', () => {
  manualSeed(0);
  const [w0, b0] = initLayer([7, 5], 7);
  const [w2, b2] = initLayer([2, 7], 2);
  expectCase('seq_l0_weight_seed0', w0);
  expectCase('seq_l0_bias_seed0', b0);
  expectCase('seq_l2_weight_seed0', w2);
  expectCase('seq_l2_bias_seed0', b2);
});

test('nn.init: kaiming_uniform_, xavier_uniform_, kaiming_normal_, normal_', () => {
  manualSeed(0);
  const w = new Float32Array(30);
  const bound = kaimingUniformBound([6, 5]);
  fillUniform(G, w, -bound, bound);
  expectCase('kaiming_uniform_sqrt5_6x5_seed0', w);

  manualSeed(0);
  const [fanIn, fanOut] = fans([6, 5]);
  const a = Math.sqrt(3.0) * (1.0 * Math.sqrt(2.0 / (fanIn + fanOut)));
  fillUniform(G, w, -a, a);
  expectCase('xavier_uniform_6x5_seed0', w);

  manualSeed(0);
  fillNormal(G, w, 0, Math.sqrt(2.0) / Math.sqrt(fanIn));
  expectCase('kaiming_normal_6x5_seed0', w);

  manualSeed(0);
  const e = new Float32Array(100);
  fillNormal(G, e, 0, 0.02);
  expectCase('init_normal_0_0.02_20x5_seed0', e);
});
