/**
 * torchlet's random layer: PyTorch-exact CPU random streams on raw typed arrays.
 * Nothing here knows about tensors; the tensor layer allocates arrays and calls these fills.
 */
import { defaultGenerator, type Generator } from './generator.js';

export { Generator, defaultGenerator, DEFAULT_RNG_SEED, seedToUint64 } from './generator.js';
export { MT19937 } from './mt19937.js';
export type { RandomDType, FloatArray, NumericArray } from './dtypes.js';
export { fillUniform, nextUniform32, nextUniform64 } from './uniform.js';
export { fillNormal, fillNormalScalar, fillNormalTensorParams, nextStandardNormal } from './normal.js';
export { fillRandomInt, fillRandomFull } from './integers.js';
export { randperm, checkRandpermSize, type RandpermDType } from './randperm.js';
export { fillBernoulli, fillBernoulliTensor, fillDropoutNoise } from './bernoulli.js';
export { fillExponential } from './exponential.js';
export { multinomial } from './multinomial.js';
export { int64SeedFrom, samplerSeed, samplerGenerator } from './sampler.js';
export { fma32, fma64, roundToFloat32 } from './float-rounding.js';

/** torch.manual_seed: reseeds the default generator and returns it. */
export function manualSeed(seed: number | bigint): Generator {
  return defaultGenerator.manualSeed(seed);
}

/** torch.initial_seed. */
export function initialSeed(): number | bigint {
  return defaultGenerator.initialSeed();
}

/** torch.seed: reseeds the default generator non-deterministically and returns the seed. */
export function seed(): number {
  return defaultGenerator.seed();
}

/** torch.get_rng_state: the default generator's 5056 state bytes. */
export function getRngState(): Uint8Array {
  return defaultGenerator.getState();
}

/** torch.set_rng_state. */
export function setRngState(state: Uint8Array): void {
  defaultGenerator.setState(state);
}
