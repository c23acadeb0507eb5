// Bad arguments are refused with PyTorch's wording and the offending value, before anything is drawn.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Generator,
  fillUniform,
  fillNormal,
  fillNormalTensorParams,
  fillRandomInt,
  fillRandomFull,
  randperm,
  fillBernoulli,
  fillBernoulliTensor,
  fillDropoutNoise,
  fillExponential,
  multinomial,
} from '../../src/random/index.js';

/** Asserts `fn` throws `pattern` and leaves the generator's state untouched. */
function refuses(g: Generator, fn: () => unknown, pattern: RegExp): void {
  const before = g.getState();
  assert.throws(fn, pattern);
  assert.deepEqual(g.getState(), before);
}

test('randint / random_ bounds', () => {
  const g = new Generator(0);
  const i64 = new Float64Array(3);
  refuses(g, () => fillRandomInt(g, i64, 5, 5), /random_ expects 'from' to be less than 'to', but got from=5 >= to=5/);
  refuses(g, () => fillRandomInt(g, i64, 5, 2), /but got from=5 >= to=2/);
  refuses(g, () => fillRandomInt(g, new Uint8Array(3), 0, 300), /to - 1 is out of bounds for unsigned char/);
  refuses(g, () => fillRandomInt(g, new Uint8Array(3), -1, 3), /from is out of bounds for unsigned char/);
  refuses(g, () => fillRandomInt(g, new Int32Array(3), 0, 2 ** 40), /to - 1 is out of bounds for int/);
  refuses(g, () => fillRandomInt(g, new Int16Array(3), 0, 2 ** 15 + 1), /to - 1 is out of bounds for short int/);
  refuses(g, () => fillRandomInt(g, new Int8Array(3), 0, 129), /to - 1 is out of bounds for signed char/);
  refuses(g, () => fillRandomInt(g, new Uint8Array(3), 0, 3, 'bool'), /to - 1 is out of bounds for bool/);
  refuses(g, () => fillRandomInt(g, i64, 1.5, 4), /integer bounds, but got from=1\.5/);
  refuses(g, () => fillRandomInt(g, i64, 0, 2n ** 64n), /Overflow when unpacking long/);
  refuses(g, () => fillRandomInt(g, new Int32Array(3), -(2n ** 63n), null), /handles only int64, double, float/);
  refuses(g, () => fillRandomInt(g, new Float32Array(3), 0, 10, 'int64'), /Float32Array cannot hold dtype int64/);
  refuses(g, () => fillRandomFull(g, new Int32Array(3), 'float32'), /Int32Array cannot hold dtype float32/);
});

test('randperm n', () => {
  const g = new Generator(0);
  refuses(g, () => randperm(g, -1), /Trying to create tensor with negative dimension -1: \[-1\]/);
  refuses(g, () => randperm(g, 2.5), /integer n, but got 2\.5/);
  refuses(g, () => randperm(g, 2 ** 24 + 2, 'float32'), /n cannot be greater than 2\^24\+1 for Float type/);
  refuses(g, () => randperm(g, 257, 'uint8'), /cannot be converted to type uint8_t without overflow/);
  refuses(g, () => randperm(g, 3, 'bool' as 'int64'), /"randperm" not implemented for 'bool'/);
  assert.equal(randperm(g, 256, 'uint8').length, 256);
  assert.equal(randperm(g, 0).length, 0);
});

test('bernoulli p and dropout p', () => {
  const g = new Generator(0);
  const out = new Float32Array(4);
  refuses(g, () => fillBernoulli(g, out, 1.5), /bernoulli_ expects p to be in \[0, 1\], but got p=1\.5/);
  refuses(g, () => fillBernoulli(g, out, -0.1), /but got p=-0\.1/);
  refuses(g, () => fillBernoulli(g, out, NaN), /but got p=nan/);
  refuses(g, () => fillDropoutNoise(g, out, 1.2), /dropout probability has to be between 0 and 1, but got 1\.2/);
  // Tensor probabilities are checked element by element, as PyTorch does while drawing.
  assert.throws(() => fillBernoulliTensor(g, out, new Float32Array([0.5, 0.5, 1.5, 0])), /p=1\.5 at index 2/);
  assert.throws(() => fillBernoulliTensor(g, out, new Float64Array([0.5, NaN, 0, 0])), /p=nan at index 1/);
  assert.throws(() => fillBernoulliTensor(g, out, new Float32Array(3)), /probs has 3 elements but the output has 4/);
});

test('normal std, uniform range, exponential lambda', () => {
  const g = new Generator(0);
  const out = new Float32Array(20);
  refuses(g, () => fillNormal(g, out, 0, -1), /normal expects std >= 0\.0, but found std -1/);
  refuses(g, () => fillNormal(g, out, 0, NaN), /found std nan/);
  refuses(g, () => fillNormalTensorParams(g, out, new Float32Array(20), -2), /found std -2/);
  const stds = new Float32Array(20).fill(1);
  stds[7] = -1;
  refuses(g, () => fillNormalTensorParams(g, out, 0, stds), /normal expects all elements of std >= 0\.0/);
  refuses(g, () => fillNormalTensorParams(g, out, new Float32Array(3), 1), /mean has 3 elements but the output has 20/);
  refuses(g, () => fillUniform(g, out, 2, 1), /uniform_ expects to return a \[from, to\) range, but found from=2 > to=1/);
  refuses(
    g,
    () => fillUniform(g, out, -3e38, 3e38),
    /to-from <= std::numeric_limits<Float>::max\(\), but found to=3e\+38 and from=-3e\+38/,
  );
  refuses(g, () => fillUniform(g, new Float64Array(3), -1e308, 1e308), /numeric_limits<Double>::max\(\)/);
  refuses(g, () => fillUniform(g, out, NaN, 1), /from is out of bounds for float/);
  refuses(g, () => fillUniform(g, out, 0, 1e39), /to is out of bounds for float/);
  refuses(g, () => fillExponential(g, out, -1), /exponential_ expects lambda >= 0\.0, but found lambda=-1/);
  refuses(g, () => fillExponential(g, out, NaN), /found lambda=nan/);
});

test('multinomial', () => {
  const g = new Generator(0);
  const p = (...xs: number[]) => new Float32Array(xs);
  refuses(g, () => multinomial(g, p(0, 0), 1, 2, 1), /invalid multinomial distribution \(sum of probabilities <= 0\)/);
  refuses(g, () => multinomial(g, p(0, 0), 1, 2, 2, true), /sum of probabilities <= 0/);
  refuses(g, () => multinomial(g, p(1, -1), 1, 2, 1), /probability tensor contains either `inf`, `nan` or element < 0/);
  refuses(g, () => multinomial(g, p(1, NaN), 1, 2, 1), /contains either `inf`, `nan` or element < 0/);
  refuses(g, () => multinomial(g, p(1, -1), 1, 2, 2, true), /encountering probability entry < 0/);
  refuses(g, () => multinomial(g, p(1, Infinity), 1, 2, 2, true), /encountering probability entry = infinity or NaN/);
  refuses(g, () => multinomial(g, p(1, 1), 1, 2, 3), /cannot sample n_sample > prob_dist.size\(-1\) samples without replacement/);
  refuses(g, () => multinomial(g, p(1, 1), 1, 2, 0), /cannot sample n_sample <= 0 samples/);
  refuses(g, () => multinomial(g, p(1, 0, 0, 0), 2, 2, 1), /sum of probabilities <= 0/);
  refuses(g, () => multinomial(g, p(1, 1, 1), 2, 2, 1), /needs 4 probabilities, got 3/);
  refuses(g, () => multinomial(g, new Int32Array(2) as unknown as Float32Array, 1, 2, 1), /floating-point dtypes/);
  // With replacement PyTorch samples row by row, so a bad second row fails after the first drew.
  const before = g.getState();
  assert.throws(() => multinomial(g, p(1, 1, 0, 0), 2, 2, 3, true), /sum of probabilities <= 0/);
  assert.notDeepEqual(g.getState(), before);
});
