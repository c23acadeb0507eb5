/**
 * The draws behind DataLoader(shuffle=True) in PyTorch 1.13.1 (RNG_SPEC.md §9).
 *
 * How the DataLoader should use these, per epoch (one `iter(loader)`):
 *  1. When the iterator is created: `int64SeedFrom(loader.generator ?? defaultGenerator)`.
 *     PyTorch draws this "base seed" even with no workers (it only seeds workers); it must
 *     be drawn anyway to keep the stream aligned.
 *  2. At the first `next()` (RandomSampler's generator starts lazily):
 *     `const g = sampler.generator ?? samplerGenerator(defaultGenerator)`, then
 *     `randperm(g, n)` once per pass over the data (more passes only when numSamples > n; the
 *     last pass is cut to numSamples % n). With replacement it draws
 *     `fillRandomInt(g, chunk, 0, n)` in chunks of 32 indices, then numSamples % 32.
 *  3. Batches are consecutive slices of those indices.
 * Without an explicit generator each epoch consumes exactly four u32 from the global stream.
 */
import { Generator } from './generator.js';

const INT64_POSITIVE_MASK = (1n << 63n) - 1n;

/**
 * `torch.empty((), dtype=torch.int64).random_().item()`: one random64 with its top bit cleared,
 * i.e. a value in [0, 2^63), as a bigint (it rarely fits a double exactly).
 */
export function int64SeedFrom(gen: Generator): bigint {
  return gen.random64() & INT64_POSITIVE_MASK;
}

/** Alias of int64SeedFrom under the name RandomSampler's use suggests. */
export const samplerSeed = int64SeedFrom;

/**
 * What RandomSampler.__iter__ does when it has no generator of its own: draw a seed from `gen`
 * and seed a fresh Generator with it (which uses only the seed's low 32 bits).
 */
export function samplerGenerator(gen: Generator): Generator {
  return new Generator(int64SeedFrom(gen));
}
