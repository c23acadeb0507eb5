/**
 * Bernoulli draws: Tensor.bernoulli_(p), torch.bernoulli(probs) and the dropout mask
 * (RNG_SPEC.md §7, the portable non-MKL kernels).
 */
import type { Generator } from './generator.js';
import { formatDouble } from './format.js';
import type { FloatArray, NumericArray } from './dtypes.js';

const TWO_POW_M24 = 1 / 16777216;
const TWO_POW_M53 = 1 / 9007199254740992;

export function checkBernoulliP(p: number): void {
  if (!(p >= 0 && p <= 1)) {
    throw new RangeError(`bernoulli_ expects p to be in [0, 1], but got p=${formatDouble(p)}`);
  }
}

/** Tensor.bernoulli_(p) with a scalar p: per element one float64 uniform u, and 1 if u < p. */
export function fillBernoulli(gen: Generator, out: NumericArray, p: number): void {
  checkBernoulliP(p);
  const eng = gen.engine;
  for (let i = 0; i < out.length; i++) {
    const hi = eng.nextU32();
    out[i] = ((hi & 0x1fffff) * 4294967296 + eng.nextU32()) * TWO_POW_M53 < p ? 1 : 0;
  }
}

/**
 * torch.bernoulli(probs) / Tensor.bernoulli_(probs), probs already broadcast to out's length.
 * float64 probs compare a float64 uniform (one random64); float32 probs compare a float32
 * uniform (one u32). Like PyTorch, each p is checked just before its own draw.
 */
export function fillBernoulliTensor(gen: Generator, out: NumericArray, probs: FloatArray): void {
  const n = out.length;
  if (probs.length !== n) {
    throw new RangeError(`bernoulli: probs has ${probs.length} elements but the output has ${n}`);
  }
  const eng = gen.engine;
  const double = probs instanceof Float64Array;
  for (let i = 0; i < n; i++) {
    const p = probs[i]!;
    if (!(p >= 0 && p <= 1)) {
      throw new RangeError(
        `bernoulli expects all elements of p to be in [0, 1], but got p=${formatDouble(p)} at index ${i}`,
      );
    }
    let u: number;
    if (double) {
      const hi = eng.nextU32();
      u = ((hi & 0x1fffff) * 4294967296 + eng.nextU32()) * TWO_POW_M53;
    } else {
      u = (eng.nextU32() & 0xffffff) * TWO_POW_M24;
    }
    out[i] = u < p ? 1 : 0;
  }
}

/**
 * The scaled mask of F.dropout(x, p, training=true) on CPU: `noise.bernoulli_(1 - p)` then
 * `noise.div_(1 - p)` in noise's dtype, so the output is `x * noise` (one rounding).
 * Kept entries become 1/(1-p) (in float32: f32(1 / f32(1 - p))), dropped ones 0.
 * PyTorch draws nothing when p == 0 (the input is returned as is; noise here is all 1) or
 * p == 1 (the input times zero; noise here is all 0).
 */
export function fillDropoutNoise(gen: Generator, noise: FloatArray, p: number): void {
  if (!(p >= 0 && p <= 1)) {
    throw new RangeError(`dropout probability has to be between 0 and 1, but got ${formatDouble(p)}`);
  }
  if (p === 0 || p === 1) {
    noise.fill(p === 0 ? 1 : 0);
    return;
  }
  const q = 1 - p;
  fillBernoulli(gen, noise, q);
  const scale = noise instanceof Float32Array ? Math.fround(1 / Math.fround(q)) : 1 / q;
  for (let i = 0; i < noise.length; i++) noise[i] = noise[i]! === 1 ? scale : 0;
}
