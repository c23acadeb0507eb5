/**
 * `Generator`: PyTorch's CPU generator (at::CPUGeneratorImpl) — an MT19937 engine, the full
 * 64-bit seed it was given, and the one cached double-precision normal sample that the scalar
 * Box-Muller path leaves behind (spec §1, §4.3).
 *
 * Every draw is one u32 from the engine (`random()`); a 64-bit draw is two of them, the first
 * becoming the high word (`random64()`). Hot fills call `engine.nextU32()` directly, in
 * PyTorch's element order. `getState()`/`setState()` speak the 5056-byte layout of
 * `torch.get_rng_state()`.
 */
import { MT19937, MT_STATE_WORDS } from './mt19937.js';
import { sin } from './double-math.js';
import { platformLibm } from './platform-libm.js';

/** The seed of a freshly constructed `torch.Generator()` (c10's default_rng_seed_val). */
export const DEFAULT_RNG_SEED = 67280421310721n;

const U64_MASK = (1n << 64n) - 1n;
const STATE_BYTES = 5056;
const LEGACY_STATE_BYTES = 5048;

/**
 * Turns a user seed into PyTorch's u64: values in [0, 2^64) as is, values in [-2^63, 0) as
 * their two's complement, anything else is refused (Python raises "Overflow when unpacking long").
 */
export function seedToUint64(seed: number | bigint): bigint {
  let s: bigint;
  if (typeof seed === 'bigint') {
    s = seed;
  } else if (typeof seed === 'number') {
    if (!Number.isInteger(seed)) {
      throw new TypeError(`manualSeed expects an integer seed, but got ${seed}`);
    }
    s = BigInt(seed);
  } else {
    throw new TypeError(`manualSeed expects a number or bigint seed, but got ${typeof seed}`);
  }
  if (s < -(1n << 63n) || s > U64_MASK) {
    throw new RangeError(
      `Overflow when unpacking long: seed ${s} is outside [-2^63, 2^64 - 1]`,
    );
  }
  return s & U64_MASK;
}

/** A non-deterministic 53-bit seed, exactly representable as a JS number. */
function nonDeterministicSeed(): number {
  const words = new Uint32Array(2);
  globalThis.crypto.getRandomValues(words);
  return (words[0]! & 0x1fffff) * 4294967296 + words[1]!;
}

export class Generator {
  /** The engine; exposed for speed-critical fills, which must keep PyTorch's draw order. */
  readonly engine = new MT19937();
  /** Only CPU generators exist here. */
  readonly device = 'cpu';
  private seedU64 = DEFAULT_RNG_SEED;
  /** Cached sin-sample of the scalar Box-Muller path (spec §4.3); valid when `hasNextDoubleNormal`. */
  nextDoubleNormal = 0;
  hasNextDoubleNormal = false;
  /** Float cache: no 1.13.1 CPU kernel uses it, but it travels through get/setState. */
  nextFloatNormal = 0;
  hasNextFloatNormal = false;

  /**
   * `new Generator()` is `torch.Generator()` (seeded with DEFAULT_RNG_SEED); the device may be
   * given as PyTorch allows ('cpu' or { device: 'cpu' }). A number or bigint seeds it directly,
   * a shorthand for `new Generator().manualSeed(seed)`.
   */
  constructor(seedOrDevice: number | bigint | string | { device?: string } = DEFAULT_RNG_SEED) {
    let seed: number | bigint = DEFAULT_RNG_SEED;
    if (typeof seedOrDevice === 'number' || typeof seedOrDevice === 'bigint') {
      seed = seedOrDevice;
    } else {
      const device = typeof seedOrDevice === 'string' ? seedOrDevice : (seedOrDevice?.device ?? 'cpu');
      if (String(device).split(':')[0] !== 'cpu') {
        throw new Error(`Device type ${String(device).toUpperCase()} is not supported for torch.Generator() api.`);
      }
    }
    this.manualSeed(seed);
  }

  /** `torch.manual_seed` / `Generator.manual_seed`: reseeds and clears both normal caches. */
  manualSeed(seed: number | bigint): this {
    const s = seedToUint64(seed);
    this.seedU64 = s;
    this.engine.seed(Number(s & 0xffffffffn));
    this.hasNextDoubleNormal = false;
    this.nextDoubleNormal = 0;
    this.hasNextFloatNormal = false;
    this.nextFloatNormal = 0;
    return this;
  }

  /** The full seed last given; a bigint only when it exceeds Number.MAX_SAFE_INTEGER. */
  initialSeed(): number | bigint {
    return this.seedU64 <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(this.seedU64) : this.seedU64;
  }

  /**
   * Reseeds from a non-deterministic source and returns the seed used. PyTorch draws 64 bits;
   * 53 keep the seed exact as a number (only its low 32 bits reach the engine anyway).
   */
  seed(): number {
    const s = nonDeterministicSeed();
    this.manualSeed(s);
    return s;
  }

  /** One u32 draw (PyTorch's `random()`). */
  random(): number {
    return this.engine.nextU32();
  }

  /** Two draws, the first becoming the high word (PyTorch's `random64()`), as a bigint. */
  random64(): bigint {
    const hi = this.engine.nextU32();
    const lo = this.engine.nextU32();
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  /** `torch.get_rng_state()`: 5056 little-endian bytes (layout in RNG_SPEC.md §1). */
  getState(): Uint8Array {
    const bytes = new Uint8Array(STATE_BYTES);
    const view = new DataView(bytes.buffer);
    view.setBigUint64(0, this.seedU64, true);
    view.setInt32(8, this.engine.left, true);
    view.setInt32(12, 1, true);
    view.setBigUint64(16, BigInt(this.engine.next), true);
    const mt = this.engine.state;
    for (let i = 0; i < MT_STATE_WORDS; i++) {
      view.setUint32(24 + 8 * i, mt[i]!, true);
    }
    if (this.hasNextDoubleNormal) {
      view.setFloat64(5024, this.nextDoubleNormal, true);
      view.setInt32(5040, 1, true);
    }
    if (this.hasNextFloatNormal) {
      view.setFloat32(5048, this.nextFloatNormal, true);
      bytes[5052] = 1;
    }
    return bytes;
  }

  /**
   * `torch.set_rng_state()`: accepts the 5056-byte layout and the older 5048-byte one
   * (whose cached normal is stored as rho and x and rebuilt as rho*sin(2*pi*x), as PyTorch does).
   */
  setState(state: Uint8Array): this {
    if (!(state instanceof Uint8Array)) {
      throw new TypeError('RNG state must be a Uint8Array (torch.ByteTensor)');
    }
    if (state.length !== STATE_BYTES && state.length !== LEGACY_STATE_BYTES) {
      throw new Error(
        `Expected either a CPUGeneratorImplStateLegacy of size ${LEGACY_STATE_BYTES} or a ` +
          `CPUGeneratorImplState of size ${STATE_BYTES} but found the input RNG state size to be ${state.length}`,
      );
    }
    const view = new DataView(state.buffer, state.byteOffset, state.length);
    const seed = view.getBigUint64(0, true);
    const left = view.getInt32(8, true);
    const seeded = view.getInt32(12, true);
    // PyTorch narrows `next` to 32 bits before validating it.
    const next = Number(view.getBigUint64(16, true) & 0xffffffffn);
    if (seeded === 0 || left <= 0 || left > MT_STATE_WORDS || next > MT_STATE_WORDS) {
      throw new Error(`Invalid mt19937 state (left=${left}, seeded=${seeded}, next=${next})`);
    }
    // PyTorch would accept these but then read past the end of its state array.
    if (next + left > MT_STATE_WORDS + 1) {
      throw new Error(
        `Invalid mt19937 state: next=${next} and left=${left} would read past the ${MT_STATE_WORDS} state words`,
      );
    }
    const mt = this.engine.state;
    for (let i = 0; i < MT_STATE_WORDS; i++) {
      mt[i] = view.getUint32(24 + 8 * i, true);
    }
    this.engine.left = left;
    this.engine.next = next;
    this.seedU64 = seed;

    this.hasNextDoubleNormal = false;
    this.nextDoubleNormal = 0;
    this.hasNextFloatNormal = false;
    this.nextFloatNormal = 0;
    if (state.length === STATE_BYTES) {
      if (view.getInt32(5040, true) !== 0) {
        this.hasNextDoubleNormal = true;
        this.nextDoubleNormal = view.getFloat64(5024, true);
      }
      if (state[5052] !== 0) {
        this.hasNextFloatNormal = true;
        this.nextFloatNormal = view.getFloat32(5048, true);
      }
    } else if (view.getInt32(5040, true) !== 0) {
      const x = view.getFloat64(5016, true);
      const rho = view.getFloat64(5032, true);
      this.hasNextDoubleNormal = true;
      const theta = 2 * Math.PI * x;
      const lib = platformLibm();
      this.nextDoubleNormal = rho * (lib ? lib.libmSin(theta) : sin(theta));
    }
    return this;
  }
}

/**
 * The process-wide generator behind `torch.manualSeed` and every sampling function that is not
 * given an explicit generator. Like PyTorch's, it starts from a non-deterministic seed;
 * reproducible programs call `manualSeed` first.
 */
export const defaultGenerator = new Generator(nonDeterministicSeed());
