/**
 * `WeightedRandomSampler`: indices 0..len(weights)-1 drawn with probability proportional to
 * their weights, `torch.multinomial(weights (float64), numSamples, replacement)` per pass,
 * from the given generator or straight from the global one.
 */
import { Generator, defaultGenerator } from '../../random/generator.js';
import { Tensor } from '../../tensor/tensor.js';
import { Sampler, indexChunks } from './sampler.js';
import { multinomial } from './random_draws.js';
import { readArgs, showValue } from './args.js';
import { checkGenerator } from './generator_arg.js';
import { isTypedArray } from './collate.js';

export interface WeightedRandomSamplerOptions {
  replacement?: boolean;
  generator?: Generator | null;
}

export class WeightedRandomSampler extends Sampler<number> {
  /** The weights as float64, as PyTorch keeps them in a double tensor. */
  readonly weights: Float64Array;
  readonly numSamples: number;
  readonly replacement: boolean;
  readonly generator: Generator | null;

  constructor(
    weights: readonly number[] | Tensor | ArrayLike<number>,
    numSamples: number,
    replacement?: boolean | WeightedRandomSamplerOptions,
    generator?: Generator | null | Pick<WeightedRandomSamplerOptions, 'generator'>,
  );
  constructor(weights: unknown, numSamples: unknown, ...rest: unknown[]) {
    super();
    const a = readArgs('WeightedRandomSampler', rest, ['replacement', 'generator']);
    if (typeof numSamples !== 'number' || !Number.isInteger(numSamples) || numSamples <= 0) {
      throw new RangeError(`num_samples should be a positive integer value, but got num_samples=${showValue(numSamples)}`);
    }
    const replacement = a.replacement ?? true;
    if (typeof replacement !== 'boolean') {
      throw new RangeError(`replacement should be a boolean value, but got replacement=${showValue(replacement)}`);
    }
    this.weights = weightsToFloat64(weights);
    this.numSamples = numSamples;
    this.replacement = replacement;
    this.generator = checkGenerator(a.generator, 'WeightedRandomSampler');
  }

  get length(): number {
    return this.numSamples;
  }

  *[Symbol.iterator](): Iterator<number> {
    yield* multinomial(this.weights, this.numSamples, this.replacement, this.generator ?? defaultGenerator);
  }

  *[indexChunks](): Iterator<readonly number[]> {
    yield multinomial(this.weights, this.numSamples, this.replacement, this.generator ?? defaultGenerator);
  }
}

function weightsToFloat64(w: unknown): Float64Array {
  if (w instanceof Tensor) {
    if (w.dim() !== 1) {
      throw new RangeError(`weights should be a 1d sequence but given weights have shape (${w.shape.join(', ')}${w.dim() === 1 ? ',' : ''})`);
    }
    return Float64Array.from(w._values() as ArrayLike<number>);
  }
  if (isTypedArray(w)) return Float64Array.from(w as ArrayLike<number | bigint>, (x) => Number(x));
  if (Array.isArray(w)) {
    const nested = w.findIndex((x) => Array.isArray(x) || x instanceof Tensor || isTypedArray(x));
    if (nested >= 0) {
      const inner = w[nested] as { length?: number };
      throw new RangeError(`weights should be a 1d sequence but given weights have shape (${w.length}, ${inner.length ?? '?'})`);
    }
    return Float64Array.from(w, (x, i) => {
      if (typeof x === 'number') return x;
      if (typeof x === 'boolean' || typeof x === 'bigint') return Number(x);
      throw new TypeError(`weights must be numbers, but element ${i} is ${showValue(x)}`);
    });
  }
  throw new TypeError(`weights should be a 1d sequence of numbers, but got ${showValue(w)}`);
}
