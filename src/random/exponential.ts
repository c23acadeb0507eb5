/**
 * Tensor.exponential_(lambd) on CPU (non-MKL kernel): per element one float64 uniform u and
 * (-1/lambd) * log(1 - u) in double, then rounded once to the output dtype. The log is the
 * platform's glibc one where PyTorch's is (platform-libm.ts), else the correctly rounded one.
 */
import type { Generator } from './generator.js';
import { log } from './double-math.js';
import { formatDouble } from './format.js';
import type { FloatArray } from './dtypes.js';
import { platformLibm } from './platform-libm.js';

const TWO_POW_M53 = 1 / 9007199254740992;
/** Elements per native call when the output is not a Float64Array (bounds the scratch). */
const CHUNK = 4096;
let scratch: Float64Array | undefined;

export function checkExponentialLambda(lambd: number): void {
  if (!(lambd >= 0)) {
    throw new RangeError(`exponential_ expects lambda >= 0.0, but found lambda=${formatDouble(lambd)}`);
  }
}

export function fillExponential(gen: Generator, out: FloatArray, lambd = 1): void {
  checkExponentialLambda(lambd);
  const scale = -1 / lambd;
  const eng = gen.engine;
  const lib = platformLibm();
  if (lib) {
    const n = out.length;
    if (out instanceof Float64Array) {
      for (let i = 0; i < n; i++) {
        const hi = eng.nextU32();
        out[i] = ((hi & 0x1fffff) * 4294967296 + eng.nextU32()) * TWO_POW_M53;
      }
      lib.libmScaledLog1m(out, n, scale);
      return;
    }
    scratch ??= new Float64Array(CHUNK);
    for (let start = 0; start < n; start += CHUNK) {
      const m = Math.min(CHUNK, n - start);
      for (let i = 0; i < m; i++) {
        const hi = eng.nextU32();
        scratch[i] = ((hi & 0x1fffff) * 4294967296 + eng.nextU32()) * TWO_POW_M53;
      }
      lib.libmScaledLog1m(scratch, m, scale);
      for (let i = 0; i < m; i++) out[start + i] = scratch[i]!;
    }
    return;
  }
  for (let i = 0; i < out.length; i++) {
    const hi = eng.nextU32();
    const u = ((hi & 0x1fffff) * 4294967296 + eng.nextU32()) * TWO_POW_M53;
    out[i] = scale * log(1 - u);
  }
}
