/**
 * The 32-bit Mersenne Twister (MT19937) exactly as PyTorch's CPU generator runs it.
 *
 * Shape of the engine (mirrors at::mt19937 so that get_rng_state round-trips):
 *   - `state`: 624 words, held in a Uint32Array;
 *   - `left`:  draws remaining before the next twist, counting down; seeding sets it to 1 so
 *              the very first draw twists (PyTorch stores this value in its state bytes);
 *   - `next`:  index of the next word to temper.
 * Only the low 32 bits of a seed reach the state; the caller keeps the full 64-bit seed
 * for reporting (see generator.ts).
 */

export const MT_STATE_WORDS = 624;
const SHIFT_SIZE = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

export class MT19937 {
  readonly state = new Uint32Array(MT_STATE_WORDS);
  left = 1;
  next = 0;

  constructor(seedLow32 = 5489) {
    this.seed(seedLow32);
  }

  /** Initialise from the low 32 bits of a seed (`seedLow32` must already be in [0, 2^32)). */
  seed(seedLow32: number): void {
    const mt = this.state;
    mt[0] = seedLow32 >>> 0;
    for (let j = 1; j < MT_STATE_WORDS; j++) {
      const prev = mt[j - 1]!;
      mt[j] = (Math.imul(1812433253, prev ^ (prev >>> 30)) + j) >>> 0;
    }
    this.left = 1;
    this.next = 0;
  }

  /** The standard twist; each step sees words already replaced by earlier steps. */
  private regenerate(): void {
    const mt = this.state;
    let k = 0;
    for (; k < MT_STATE_WORDS - SHIFT_SIZE; k++) {
      const y = (mt[k]! & UPPER_MASK) | (mt[k + 1]! & LOWER_MASK);
      mt[k] = mt[k + SHIFT_SIZE]! ^ (y >>> 1) ^ (mt[k + 1]! & 1 ? MATRIX_A : 0);
    }
    for (; k < MT_STATE_WORDS - 1; k++) {
      const y = (mt[k]! & UPPER_MASK) | (mt[k + 1]! & LOWER_MASK);
      mt[k] = mt[k + SHIFT_SIZE - MT_STATE_WORDS]! ^ (y >>> 1) ^ (mt[k + 1]! & 1 ? MATRIX_A : 0);
    }
    const y = (mt[MT_STATE_WORDS - 1]! & UPPER_MASK) | (mt[0]! & LOWER_MASK);
    mt[MT_STATE_WORDS - 1] = mt[SHIFT_SIZE - 1]! ^ (y >>> 1) ^ (mt[0]! & 1 ? MATRIX_A : 0);
    this.left = MT_STATE_WORDS;
    this.next = 0;
  }

  /** One tempered 32-bit output, as an unsigned number in [0, 2^32). */
  nextU32(): number {
    if (--this.left === 0) this.regenerate();
    let y = this.state[this.next++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }
}
