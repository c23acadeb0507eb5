/**
 * `RandomSampler`: a random order of the dataset's indices, drawn exactly as PyTorch 1.13.1
 * draws it (RNG_SPEC.md §9).
 *
 * Without a generator, each pass first takes a 63-bit seed from the global generator (as
 * `torch.empty((), dtype=torch.int64).random_()` does) and seeds a fresh Generator with it, so
 * a pass costs the global stream exactly two u32 draws. The draws happen when the first index
 * is requested, not when the iterator is made, as with Python's lazy generator.
 * Without replacement the order is `randperm(n)` (repeated for `numSamples > n`); with
 * replacement it is `randint(n)` in chunks of 32.
 */
import { Generator, defaultGenerator } from '../../random/generator.js';
import { asMapDataset, datasetLength, type MapDatasetLike } from './dataset.js';
import { Sampler, indexChunks } from './sampler.js';
import { drawInt64Seed, randint, randperm } from './random_draws.js';
import { readArgs, showValue } from './args.js';
import { checkGenerator } from './generator_arg.js';

export interface RandomSamplerOptions {
  replacement?: boolean;
  numSamples?: number | null;
  generator?: Generator | null;
}

export class RandomSampler extends Sampler<number> {
  readonly dataSource: MapDatasetLike<unknown>;
  readonly replacement: boolean;
  readonly generator: Generator | null;
  private readonly requestedSamples: number | null;

  constructor(dataSource: MapDatasetLike<unknown> | readonly unknown[], options?: RandomSamplerOptions);
  constructor(
    dataSource: MapDatasetLike<unknown> | readonly unknown[],
    replacement?: boolean,
    numSamples?: number | null | Omit<RandomSamplerOptions, 'replacement'>,
    generator?: Generator | null | Pick<RandomSamplerOptions, 'generator'>,
  );
  constructor(dataSource: MapDatasetLike<unknown> | readonly unknown[], ...rest: unknown[]) {
    super();
    const a = readArgs('RandomSampler', rest, ['replacement', 'numSamples', 'generator']);
    this.dataSource = asMapDataset(dataSource, 'RandomSampler');
    const replacement = a.replacement ?? false;
    if (typeof replacement !== 'boolean') {
      throw new TypeError(`replacement should be a boolean value, but got replacement=${showValue(replacement)}`);
    }
    this.replacement = replacement;
    this.requestedSamples = (a.numSamples as number | null | undefined) ?? null;
    this.generator = checkGenerator(a.generator, 'RandomSampler');
    const n = this.numSamples;
    if (typeof n !== 'number' || !Number.isInteger(n) || n <= 0) {
      throw new RangeError(`num_samples should be a positive integer value, but got num_samples=${showValue(n)}`);
    }
  }

  /** `numSamples` if given, else the dataset's current length (it may change between passes). */
  get numSamples(): number {
    return this.requestedSamples ?? datasetLength(this.dataSource);
  }

  get length(): number {
    return this.numSamples;
  }

  *[Symbol.iterator](): Iterator<number> {
    const chunks = this[indexChunks]();
    for (let c = chunks.next(); !c.done; c = chunks.next()) yield* c.value;
  }

  /** The draws, one randperm (or one chunk of 32 randints) at a time, each made when first needed. */
  *[indexChunks](): Iterator<readonly number[]> {
    const n = datasetLength(this.dataSource);
    const gen = this.generator ?? new Generator(drawInt64Seed(defaultGenerator));
    const total = this.numSamples;
    if (n === 0) throw new RangeError(`RandomSampler cannot draw ${total} samples from an empty dataset`);
    if (this.replacement) {
      for (let k = 0; k < Math.floor(total / 32); k++) yield randint(n, 32, gen);
      yield randint(n, total % 32, gen);
    } else {
      for (let k = 0; k < Math.floor(total / n); k++) yield randperm(n, gen);
      yield randperm(n, gen).slice(0, total % n);
    }
  }
}
