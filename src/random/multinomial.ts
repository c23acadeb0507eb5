/**
 * torch.multinomial on CPU as in PyTorch 1.13.1.
 *
 * Without replacement PyTorch avoids sequential renormalisation:
 * it fills q with exponential_(1) draws (one random64 per probability, row-major, in the probs'
 * dtype), forms probs / q and takes argmax (one sample) or topk (several) of each row —
 * the exponential-race form of the Gumbel-max trick. With replacement (even one sample) it
 * builds each row's cumulative distribution in the probs' dtype, normalises it, and
 * binary-searches one float64 uniform (one random64) per sample, row by row.
 */
import type { Generator } from './generator.js';
import { fillExponential } from './exponential.js';
import { topkIndices } from './topk-order.js';
import type { FloatArray } from './dtypes.js';

const TWO_POW_M53 = 1 / 9007199254740992;
const MAX_CATEGORIES = 2 ** 24;

/**
 * Samples `numSamples` category indices per row of a `rows` x `cols` row-major probability
 * matrix (a 1-D input is rows = 1). Returns int64 indices in a Float64Array of
 * rows * numSamples, row-major. The caller checks that the input is 1-D or 2-D
 * ("prob_dist must be 1 or 2 dim").
 */
export function multinomial(
  gen: Generator,
  probs: FloatArray,
  rows: number,
  cols: number,
  numSamples: number,
  replacement = false,
): Float64Array {
  if (!(probs instanceof Float32Array || probs instanceof Float64Array)) {
    throw new TypeError('multinomial only supports floating-point dtypes for input');
  }
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0 || rows * cols !== probs.length) {
    throw new RangeError(`multinomial: a ${rows} x ${cols} distribution needs ${rows * cols} probabilities, got ${probs.length}`);
  }
  if (!Number.isInteger(numSamples)) {
    throw new TypeError(`multinomial expects an integer number of samples, but got ${numSamples}`);
  }
  if (numSamples <= 0) throw new RangeError('cannot sample n_sample <= 0 samples');
  if (!replacement && numSamples > cols) {
    throw new RangeError('cannot sample n_sample > prob_dist.size(-1) samples without replacement');
  }
  if (cols > MAX_CATEGORIES) throw new RangeError('number of categories cannot exceed 2^24');
  const result = new Float64Array(rows * numSamples);
  if (result.length === 0) return result;
  // PyTorch 1.13.1 takes the race only without replacement: one sample with replacement still draws
  // from the cumulative distribution (one uniform), which keeps the stream after it in step.
  if (!replacement) {
    sampleByExponentialRace(gen, probs, rows, cols, numSamples, result);
  } else {
    sampleWithReplacement(gen, probs, rows, cols, numSamples, result);
  }
  return result;
}

function sampleByExponentialRace(
  gen: Generator,
  probs: FloatArray,
  rows: number,
  cols: number,
  numSamples: number,
  result: Float64Array,
): void {
  for (let i = 0; i < probs.length; i++) {
    const p = probs[i]!;
    if (!(p >= 0 && p < Infinity)) {
      throw new RangeError('probability tensor contains either `inf`, `nan` or element < 0');
    }
  }
  for (let r = 0; r < rows; r++) {
    let allZero = true;
    for (let c = 0; c < cols && allZero; c++) allZero = probs[r * cols + c] === 0;
    if (allZero) throw new RangeError('invalid multinomial distribution (sum of probabilities <= 0)');
  }
  // q = exponential_(1) in the probs' dtype, then q = probs / q (same dtype).
  const q = probs instanceof Float32Array ? new Float32Array(probs.length) : new Float64Array(probs.length);
  fillExponential(gen, q, 1);
  for (let i = 0; i < q.length; i++) q[i] = probs[i]! / q[i]!;

  if (numSamples === 1) {
    for (let r = 0; r < rows; r++) result[r] = argmaxRow(q, r * cols, cols);
    return;
  }
  const workVals = new Float64Array(cols);
  const workIdxs = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    topkIndices(q.subarray(r * cols, (r + 1) * cols), numSamples, result, r * numSamples, workVals, workIdxs);
  }
}

/** First index of the row's maximum, NaN counting as the maximum (PyTorch's argmax). */
function argmaxRow(q: FloatArray, offset: number, cols: number): number {
  let best = 0;
  let bestVal = q[offset]!;
  if (bestVal !== bestVal) return 0;
  for (let c = 1; c < cols; c++) {
    const v = q[offset + c]!;
    if (v !== v) return c;
    if (v > bestVal) {
      bestVal = v;
      best = c;
    }
  }
  return best;
}

function sampleWithReplacement(
  gen: Generator,
  probs: FloatArray,
  rows: number,
  cols: number,
  numSamples: number,
  result: Float64Array,
): void {
  const single = probs instanceof Float32Array;
  const cum = single ? new Float32Array(cols) : new Float64Array(cols);
  const eng = gen.engine;
  for (let r = 0; r < rows; r++) {
    // Rows are validated one at a time, after earlier rows have drawn, as in PyTorch.
    let sum = 0;
    for (let c = 0; c < cols; c++) {
      const v = probs[r * cols + c]!;
      if (!(v >= 0)) throw new RangeError('invalid multinomial distribution (encountering probability entry < 0)');
      if (v === Infinity) {
        throw new RangeError('invalid multinomial distribution (encountering probability entry = infinity or NaN)');
      }
      sum = single ? Math.fround(sum + v) : sum + v;
      cum[c] = sum;
    }
    if (!(sum > 0)) throw new RangeError('invalid multinomial distribution (sum of probabilities <= 0)');
    for (let c = 0; c < cols; c++) cum[c] = cum[c]! / sum;
    cum[cols - 1] = 1;
    for (let s = 0; s < numSamples; s++) {
      const hi = eng.nextU32();
      const u = ((hi & 0x1fffff) * 4294967296 + eng.nextU32()) * TWO_POW_M53;
      let left = 0;
      let right = cols;
      while (right - left > 0) {
        const mid = left + Math.floor((right - left) / 2);
        if (cum[mid]! < u) left = mid + 1;
        else right = mid;
      }
      result[r * numSamples + s] = left;
    }
  }
}
