/**
 * The random draws torch.utils.data makes, taken from the PyTorch-exact random layer and
 * handed back as plain JS numbers: samplers give indices to `getItem`, as Python's samplers
 * call `.tolist()` first.
 */
import type { Generator } from '../../random/generator.js';
import { randperm as randpermFill } from '../../random/randperm.js';
import { fillRandomInt } from '../../random/integers.js';
import { multinomial as multinomialFill } from '../../random/multinomial.js';
import { int64SeedFrom } from '../../random/sampler.js';

/** `torch.empty((), dtype=torch.int64).random_(generator=gen).item()`: a value in [0, 2^63). */
export function drawInt64Seed(gen: Generator): bigint {
  return int64SeedFrom(gen);
}

/** A typed array's values as a plain array (a counted loop: Array.from's iterator path is several times slower). */
function toList(values: Float64Array): number[] {
  const out = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i]!;
  return out;
}

/** `torch.randperm(n, generator=gen).tolist()`. */
export function randperm(n: number, gen: Generator): number[] {
  return toList(randpermFill(gen, n));
}

/** `torch.randint(high, (count,), dtype=torch.int64, generator=gen).tolist()`. */
export function randint(high: number, count: number, gen: Generator): number[] {
  if (count === 0) return [];
  const out = new Float64Array(count);
  fillRandomInt(gen, out, 0, high, 'int64');
  return toList(out);
}

/** `torch.multinomial(weights (float64, 1-D), numSamples, replacement, generator=gen).tolist()`. */
export function multinomial(weights: Float64Array, numSamples: number, replacement: boolean, gen: Generator): number[] {
  if (replacement && numSamples === 1) return [oneSampleWithReplacement(weights, gen)];
  return toList(multinomialFill(gen, weights, 1, weights.length, numSamples, replacement));
}

/**
 * PyTorch 1.13.1 draws a single sample with replacement like any other number of samples with
 * replacement (one float64 uniform searched in the normalised running sum: 2 u32), while
 * src/random's multinomial takes the exponential race there (one random64 per category).
 * The search is done here so that WeightedRandomSampler(weights, 1) stays aligned with PyTorch.
 */
function oneSampleWithReplacement(weights: Float64Array, gen: Generator): number {
  const n = weights.length;
  if (n > 2 ** 24) throw new RangeError('number of categories cannot exceed 2^24');
  const cumulative = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const w = weights[i]!;
    if (!(w >= 0)) throw new RangeError('invalid multinomial distribution (encountering probability entry < 0)');
    if (w === Infinity) throw new RangeError('invalid multinomial distribution (encountering probability entry = infinity or NaN)');
    sum += w;
    cumulative[i] = sum;
  }
  if (!(sum > 0)) throw new RangeError('invalid multinomial distribution (sum of probabilities <= 0)');
  for (let i = 0; i < n; i++) cumulative[i] = cumulative[i]! / sum;
  cumulative[n - 1] = 1;
  const hi = gen.random();
  const lo = gen.random();
  const u = ((hi & 0x1fffff) * 4294967296 + lo) / 9007199254740992;
  let left = 0;
  let right = n;
  while (right > left) {
    const mid = left + ((right - left) >> 1);
    if (cumulative[mid]! < u) left = mid + 1;
    else right = mid;
  }
  return left;
}
