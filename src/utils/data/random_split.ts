/**
 * `randomSplit`: non-overlapping random Subsets of given lengths (or fractions of the
 * dataset), cut from one `randperm(sum(lengths))`, as PyTorch 1.13.1 does. Without a
 * generator the permutation is drawn straight from the global generator.
 *
 * Fractions that sum to 1 become `floor(fraction * n)` each, and the remainder is handed out
 * one at a time, round-robin from the first split.
 */
import { Generator, defaultGenerator } from '../../random/generator.js';
import { asMapDataset, datasetLength, type MapDatasetLike } from './dataset.js';
import { Subset } from './subset.js';
import { randperm } from './random_draws.js';
import { readArgs } from './args.js';
import { checkGenerator } from './generator_arg.js';

export function randomSplit<T>(
  dataset: MapDatasetLike<T> | readonly T[],
  lengths: readonly number[],
  generator?: Generator | null | { generator?: Generator | null },
): Subset<T>[];
export function randomSplit<T>(dataset: MapDatasetLike<T> | readonly T[], lengths: readonly number[], ...rest: unknown[]): Subset<T>[] {
  const a = readArgs('randomSplit', rest, ['generator']);
  const gen = checkGenerator(a.generator, 'randomSplit') ?? defaultGenerator;
  const ds = asMapDataset(dataset, 'randomSplit');
  if (!Array.isArray(lengths) || lengths.some((l) => typeof l !== 'number' || Number.isNaN(l))) {
    throw new TypeError('randomSplit: lengths must be an array of numbers');
  }
  const n = datasetLength(ds, 'randomSplit');
  let sizes = lengths.slice();
  const total = sizes.reduce((s, x) => s + x, 0);
  if (isClose(total, 1) && total <= 1) {
    sizes = lengths.map((frac, i) => {
      if (frac < 0 || frac > 1) throw new RangeError(`Fraction at index ${i} is not between 0 and 1`);
      return Math.floor(n * frac);
    });
    const remainder = n - sizes.reduce((s, x) => s + x, 0);
    for (let i = 0; i < remainder; i++) sizes[i % sizes.length]! += 1;
    sizes.forEach((len, i) => {
      if (len === 0) console.warn(`Length of split at index ${i} is 0. This might result in an empty dataset.`);
    });
  }
  sizes.forEach((len, i) => {
    if (!Number.isInteger(len) || len < 0) {
      throw new RangeError(`randomSplit: length at index ${i} must be a non-negative integer, but got ${len}`);
    }
  });
  const sum = sizes.reduce((s, x) => s + x, 0);
  if (sum !== n) throw new RangeError('Sum of input lengths does not equal the length of the input dataset!');
  const perm = randperm(sum, gen);
  const out: Subset<T>[] = [];
  let offset = 0;
  for (const len of sizes) {
    out.push(new Subset(ds, perm.slice(offset, offset + len)));
    offset += len;
  }
  return out;
}

/** Python's math.isclose with its default relative tolerance of 1e-9. */
function isClose(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}
