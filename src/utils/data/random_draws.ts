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
  return toList(multinomialFill(gen, weights, 1, weights.length, numSamples, replacement));
}
