// Reproduces every case of RNG_SPEC's rng_vectors.json (made by real PyTorch 1.13.1) bit for bit.
// The layer-initialisation cases live in nn-init.test.ts and the DataLoader ones in sampler.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  Generator,
  defaultGenerator as G,
  manualSeed,
  fillUniform,
  fillNormal,
  fillRandomInt,
  fillRandomFull,
  randperm,
  fillBernoulli,
  fillBernoulliTensor,
  fillDropoutNoise,
} from '../../src/random/index.js';
import { platformLibm, platformLibmAvailable, setPlatformLibmEnabled } from '../../src/random/platform-libm.js';
import { encode, loadFixture, sha256Of } from './helpers.js';

type Case = {
  name: string;
  dtype: string;
  values?: (string | number)[];
  count?: number;
  sha256?: string;
  head?: (string | number)[];
  initial_seed?: number;
  [k: string]: unknown;
};

const fixtureText = readFileSync(
  join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'random', 'rng_vectors.json'),
  'utf8',
);
const cases: Case[] = loadFixture<{ cases: Case[] }>('rng_vectors.json').cases;

/** Integers of a case's "values" (or another field) read from the raw JSON text, exactly. */
function rawBigInts(name: string, field = 'values'): bigint[] {
  const at = fixtureText.indexOf(`"name": "${name}"`);
  const from = fixtureText.indexOf(`"${field}": `, at);
  const rest = fixtureText.slice(from + field.length + 4);
  const text = rest.startsWith('[') ? rest.slice(1, rest.indexOf(']')) : rest.slice(0, rest.search(/[,\n}]/));
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => BigInt(s));
}

type Result = { values: ArrayLike<number>; dtype: string };
const f32 = (n: number) => new Float32Array(n);
const f64 = (n: number) => new Float64Array(n);

function rand(n: number, dtype = 'float32', gen: Generator = G): Result {
  const out = dtype === 'float32' ? f32(n) : f64(n);
  fillUniform(gen, out);
  return { values: out, dtype };
}
function randn(n: number, dtype = 'float32', mean = 0, std = 1, contiguous = true): Result {
  const out = dtype === 'float32' ? f32(n) : f64(n);
  fillNormal(G, out, mean, std, contiguous);
  return { values: out, dtype };
}
function uniform(n: number, dtype: string, lo: number, hi: number): Result {
  const out = dtype === 'float32' ? f32(n) : f64(n);
  fillUniform(G, out, lo, hi);
  return { values: out, dtype };
}
function randint(n: number, lo: number, hi: number): Result {
  const out = f64(n);
  fillRandomInt(G, out, lo, hi);
  return { values: out, dtype: 'int64' };
}
function dropoutOnes(n: number, p: number): Result {
  const noise = f32(n);
  fillDropoutNoise(G, noise, p);
  const x = f32(n).fill(1);
  for (let i = 0; i < n; i++) x[i] = x[i]! * noise[i]!;
  return { values: x, dtype: 'float32' };
}

/** Runs the scenarios of gen_rng_vectors.py in its order, on the default generator. */
function computeAll(): Map<string, Result> {
  const R = new Map<string, Result>();
  const put = (name: string, r: Result) => R.set(name, r);

  for (const s of [0, 7]) {
    manualSeed(s);
    const out = new Int32Array(4);
    fillRandomFull(G, out);
    put(`random_int32_seed${s}`, { values: out, dtype: 'int32' });
  }
  for (let s = 0; s < 4; s++) {
    manualSeed(s); put(`rand5_f32_seed${s}`, rand(5));
    manualSeed(s); put(`rand20_f32_seed${s}`, rand(20));
    manualSeed(s); put(`rand5_f64_seed${s}`, rand(5, 'float64'));
    manualSeed(s); put(`randn5_f32_seed${s}`, randn(5));
    manualSeed(s); put(`randn20_f32_seed${s}`, randn(20));
    manualSeed(s); put(`randn5_f64_seed${s}`, randn(5, 'float64'));
    manualSeed(s); put(`randn20_f64_seed${s}`, randn(20, 'float64'));
    manualSeed(s);
    put(`randn17_f32_seed${s}`, randn(17));
    put(`randn3_after_randn17_f32_seed${s}`, randn(3));
    manualSeed(s);
    put(`randn3_f32_seed${s}`, randn(3));
    put(`randn3_second_f32_seed${s}`, randn(3));
    put(`rand2_after_2x_randn3_seed${s}`, rand(2));
    manualSeed(s);
    put(`randn1_f32_seed${s}`, randn(1));
    put(`randn1_f64_after_randn1_f32_seed${s}`, randn(1, 'float64'));
    put(`randn16_f32_after_seed${s}`, randn(16));
    put(`randn1_f32_after_randn16_seed${s}`, randn(1));
    manualSeed(s); put(`randint_0_10_n10_seed${s}`, randint(10, 0, 10));
    manualSeed(s); put(`randperm10_seed${s}`, { values: randperm(G, 10), dtype: 'int64' });
    manualSeed(s); put(`randperm100_first20_seed${s}`, { values: randperm(G, 100).subarray(0, 20), dtype: 'int64' });
    manualSeed(s); put(`uniform_m2.5_7.1_f64_n5_seed${s}`, uniform(5, 'float64', -2.5, 7.1));
    manualSeed(s); put(`uniform_m2.5_7.1_f32_n20_seed${s}`, uniform(20, 'float32', -2.5, 7.1));
  }
  for (const n of [15, 16, 31, 32, 33, 100]) {
    manualSeed(5); put(`randn${n}_f32_seed5`, randn(n));
    manualSeed(5); put(`randn${n}_f64_seed5`, randn(n, 'float64'));
  }
  manualSeed(5); put('randn_2x8_f32_seed5', randn(16));
  for (const s of [0, 1]) {
    manualSeed(s); put(`normal_2_3_f32_n5_seed${s}`, randn(5, 'float32', 2, 3));
    manualSeed(s); put(`normal_2_3_f32_n20_seed${s}`, randn(20, 'float32', 2, 3));
    manualSeed(s); put(`normal_0.1_0.7_f64_n5_seed${s}`, randn(5, 'float64', 0.1, 0.7));
    manualSeed(s); put(`normal_0.1_0.7_f64_n20_seed${s}`, randn(20, 'float64', 0.1, 0.7));
    manualSeed(s); put(`normal_m1_0.02_f32_n40_seed${s}`, randn(40, 'float32', -1, 0.02));
  }
  manualSeed(11); put('normal_noncontig_f32_n2000_seed11', randn(2000, 'float32', 0, 1, false));
  manualSeed(11); put('normal_noncontig_0.5_2_f64_n2000_seed11', randn(2000, 'float64', 0.5, 2, false));
  manualSeed(123); put('randn100000_f32_seed123', randn(100000));
  manualSeed(123); put('randn5000_f64_seed123', randn(5000, 'float64'));
  manualSeed(123); put('rand100000_f32_seed123', rand(100000));
  manualSeed(9); put('normal_3_0.5_f32_n50000_seed9', randn(50000, 'float32', 3, 0.5));

  manualSeed(0); put('randint_m5_1000000_n10_seed0', randint(10, -5, 1000000));
  manualSeed(0); put('randint_0_2p40_n5_seed0', randint(5, 0, 2 ** 40));
  manualSeed(0);
  {
    const out = new Int32Array(10);
    fillRandomInt(G, out, 0, 10);
    put('randint_0_10_int32_n10_seed0', { values: out, dtype: 'int32' });
  }
  manualSeed(0);
  {
    const out = f32(10);
    fillRandomInt(G, out, 0, 10);
    put('randint_0_10_f32_n10_seed0', { values: out, dtype: 'float32' });
  }
  manualSeed(0); put('random_3_9_int64_n10_seed0', randint(10, 3, 9));
  manualSeed(0); put('random_to100_int64_n10_seed0', randint(10, 0, 100));
  const full = (n: number, out: Float32Array | Float64Array | Uint8Array, dtype: 'float32' | 'float64' | 'bool' | 'uint8') => {
    manualSeed(0);
    fillRandomFull(G, out, dtype);
    return { values: out, dtype };
  };
  put('random_f32_n5_seed0', full(5, f32(5), 'float32'));
  put('random_f64_n5_seed0', full(5, f64(5), 'float64'));
  put('random_bool_n10_seed0', full(10, new Uint8Array(10), 'bool'));
  put('random_uint8_n10_seed0', full(10, new Uint8Array(10), 'uint8'));

  manualSeed(0); put('randperm1000_seed0', { values: randperm(G, 1000), dtype: 'int64' });
  manualSeed(0); put('randperm5_int32_seed0', { values: randperm(G, 5, 'int32'), dtype: 'int32' });
  manualSeed(0); put('randperm1_seed0', { values: randperm(G, 1), dtype: 'int64' });
  manualSeed(0); randperm(G, 0); put('rand1_after_randperm0_seed0', rand(1));
  manualSeed(0); randperm(G, 1); put('rand1_after_randperm1_seed0', rand(1));
  put('generator1234_randperm10', { values: randperm(new Generator(1234), 10), dtype: 'int64' });
  put('generator_default_seed_rand3', rand(3, 'float32', new Generator()));

  manualSeed(0);
  {
    const out = f32(20);
    fillBernoulli(G, out, 0.3);
    put('bernoulli_0.3_f32_n20_seed0', { values: out, dtype: 'float32' });
  }
  manualSeed(0); put('dropout_0.5_ones20_seed0', dropoutOnes(20, 0.5));
  manualSeed(1); put('dropout_0.2_ones20_seed1', dropoutOnes(20, 0.2));
  manualSeed(0); put('dropout_module_0.5_ones20_seed0', dropoutOnes(20, 0.5));
  const probs = [0.1, 0.5, 0.9, 0.0, 1.0, 0.25];
  manualSeed(0);
  {
    const out = f32(6);
    fillBernoulliTensor(G, out, new Float32Array(probs));
    put('bernoulli_tensorp_f32_seed0', { values: out, dtype: 'float32' });
  }
  manualSeed(0);
  {
    const out = f64(6);
    fillBernoulliTensor(G, out, new Float64Array(probs));
    put('bernoulli_tensorp_f64_seed0', { values: out, dtype: 'float64' });
  }
  return R;
}

/**
 * float64 normal samples go through log/sin/cos. PyTorch calls glibc, which misrounds about 0.1%
 * of arguments. With the platform's glibc (the native addon on glibc Linux) every case matches
 * bit for bit; the correctly rounded TypeScript functions differ from glibc in a few last bits in
 * these four cases (glibc-fidelity.test.ts checks them element by element against full values).
 */
const GLIBC_ROUNDING_CASES = new Set([
  'randn20_f64_seed1',
  'normal_0.1_0.7_f64_n20_seed1',
  'normal_noncontig_0.5_2_f64_n2000_seed11',
  'randn5000_f64_seed123',
]);

const handledElsewhere = /^(linear_|conv2d_|seq_|kaiming_|xavier_|init_normal_|dataloader_|rand1_after_dataloader)/;
const special = new Set(['mixed_sequence_seed42', 'rng_state_bytes_after_seed3_rand1']);

/** Checks every value case; `exactLibm` says whether the four glibc-rounding cases must be exact too. */
function checkAllCases(exactLibm: boolean): number {
  const R = computeAll();
  let checked = 0;
  for (const c of cases) {
    if (handledElsewhere.test(c.name) || special.has(c.name) || c.name.startsWith('random_int64_seed')) continue;
    const got = R.get(c.name);
    assert.ok(got, `case ${c.name} is not computed`);
    assert.equal(got.dtype, c.dtype, c.name);
    if (!exactLibm && GLIBC_ROUNDING_CASES.has(c.name)) {
      const want = c.values ?? c.head!;
      const mine = encode(Array.from(got.values).slice(0, want.length), c.dtype);
      const same = mine.filter((v, i) => v === want[i]).length;
      assert.ok(same >= want.length - 2, `${c.name}: ${same} of ${want.length} equal`);
      checked++;
      continue;
    }
    if (c.sha256 !== undefined) {
      assert.equal(got.values.length, c.count, c.name);
      assert.deepEqual(encode(Array.from(got.values).slice(0, c.head!.length), c.dtype), c.head, c.name);
      assert.equal(sha256Of(got.values, c.dtype), c.sha256, `${c.name}: sha256 of all values`);
    } else {
      assert.deepEqual(encode(got.values, c.dtype), c.values, c.name);
    }
    checked++;
  }
  assert.equal(checked, R.size);
  return checked;
}

test(
  'every value case of rng_vectors.json matches bit for bit (platform glibc libm)',
  { skip: platformLibmAvailable() ? false : 'the native addon with glibc\'s libm is not available here' },
  () => {
    assert.ok(platformLibm(), 'the samplers use the platform libm');
    // All cases of the file: the value cases here plus the ones the other tests below and the
    // init/sampler test files check.
    assert.equal(cases.length, 170);
    checkAllCases(true);
  },
);

test('every value case of rng_vectors.json with the correctly rounded TypeScript libm: exact but for four float64 normal cases, within 2 values each', () => {
  const was = setPlatformLibmEnabled(false);
  try {
    checkAllCases(false);
  } finally {
    setPlatformLibmEnabled(was);
  }
});

test('random_() on int64 after seeds incl. 2^32+5, -1 and 2^63-1, with initial_seed', () => {
  const seeds: bigint[] = [0n, 1n, 2n, 3n, 42n, 2n ** 32n + 5n, -1n, 2n ** 63n - 1n];
  for (const s of seeds) {
    const name = `random_int64_seed${s}`;
    manualSeed(s);
    const got = [0, 1, 2, 3].map(() => G.random64() & ((1n << 63n) - 1n));
    assert.deepEqual(got, rawBigInts(name), name);
    assert.equal(BigInt(G.initialSeed()), rawBigInts(name, 'initial_seed')[0], `${name} initial_seed`);
    // The same draws through the Float64Array fill (values rounded to doubles).
    manualSeed(s);
    const out = new Float64Array(4);
    fillRandomFull(G, out, 'int64');
    assert.deepEqual(Array.from(out), got.map(Number), `${name} via fillRandomFull`);
  }
  // Seeding with a number gives the same stream as the bigint.
  manualSeed(-1);
  assert.equal(G.initialSeed(), 2n ** 64n - 1n);
});

test('a mixed sequence keeps the stream and the Box-Muller cache aligned', () => {
  const c = cases.find((x) => x.name === 'mixed_sequence_seed42')!;
  const seq = c.seq as Record<string, (string | number)[]>;
  manualSeed(42);
  assert.deepEqual(encode(rand(3).values, 'float32'), seq.a_rand3);
  assert.deepEqual(encode(randn(2).values, 'float32'), seq.b_randn2);
  assert.deepEqual(Array.from(randint(4, 0, 100).values), seq.c_randint_0_100_4);
  assert.deepEqual(encode(randn(3).values, 'float32'), seq.d_randn3);
  assert.deepEqual(Array.from(randperm(G, 6)), seq.e_randperm6);
  assert.deepEqual(encode(rand(2, 'float64').values, 'float64'), seq.f_rand2_f64);
  assert.deepEqual(encode(randn(20).values, 'float32'), seq.g_randn20);
  assert.deepEqual(encode(randn(1).values, 'float32'), seq.h_randn1);
});

test('get_rng_state bytes after manual_seed(3); rand(1)', () => {
  const c = cases.find((x) => x.name === 'rng_state_bytes_after_seed3_rand1')!;
  manualSeed(3);
  rand(1);
  const st = G.getState();
  assert.equal(st.length, c.len);
  assert.deepEqual(Array.from(st.subarray(0, 32)), c.head);
  assert.equal(createHash('sha256').update(st).digest('hex'), c.sha256);
});
