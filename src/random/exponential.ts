/**
 * Tensor.exponential_(lambd) on CPU (non-MKL kernel): per element one float64 uniform u and
 * (-1/lambd) * log(1 - u) in double, then rounded once to the output dtype.
 */
import type { Generator } from './generator.js';
import { log } from './double-math.js';
import { formatDouble } from './format.js';
import type { FloatArray } from './dtypes.js';

const TWO_POW_M53 = 1 / 9007199254740992;

export function checkExponentialLambda(lambd: number): void {
  if (!(lambd >= 0)) {
    throw new RangeError(`exponential_ expects lambda >= 0.0, but found lambda=${formatDouble(lambd)}`);
  }
}

export function fillExponential(gen: Generator, out: FloatArray, lambd = 1): void {
  checkExponentialLambda(lambd);
  const scale = -1 / lambd;
  const eng = gen.engine;
  for (let i = 0; i < out.length; i++) {
    const hi = eng.nextU32();
    const u = ((hi & 0x1fffff) * 4294967296 + eng.nextU32()) * TWO_POW_M53;
    out[i] = scale * log(1 - u);
  }
}
