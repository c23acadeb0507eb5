/**
 * `SubsetRandomSampler`: the given indices in a random order, `indices[randperm(len)]`. Unlike
 * RandomSampler it draws the permutation straight from the (global or given) generator, with
 * no intermediate seed, as PyTorch 1.13.1 does.
 */
import { Generator, defaultGenerator } from '../../random/generator.js';
import { Sampler, indexChunks } from './sampler.js';
import { randperm } from './random_draws.js';
import { readArgs } from './args.js';
import { checkGenerator } from './generator_arg.js';

export class SubsetRandomSampler extends Sampler<number> {
  readonly indices: readonly number[];
  readonly generator: Generator | null;

  constructor(indices: readonly number[], generator?: Generator | null | { generator?: Generator | null });
  constructor(indices: readonly number[], ...rest: unknown[]) {
    super();
    if (!Array.isArray(indices)) throw new TypeError('SubsetRandomSampler: indices must be an array of integers');
    const a = readArgs('SubsetRandomSampler', rest, ['generator']);
    this.indices = indices;
    this.generator = checkGenerator(a.generator, 'SubsetRandomSampler');
  }

  get length(): number {
    return this.indices.length;
  }

  *[Symbol.iterator](): Iterator<number> {
    const chunks = this[indexChunks]();
    for (let c = chunks.next(); !c.done; c = chunks.next()) yield* c.value;
  }

  *[indexChunks](): Iterator<readonly number[]> {
    const order = randperm(this.indices.length, this.generator ?? defaultGenerator);
    yield order.map((i) => this.indices[i]!);
  }
}
