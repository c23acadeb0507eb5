/**
 * Exactly rounded float32/float64 arithmetic that JavaScript lacks: fused multiply-add in both
 * precisions and float32 rounding of a value known as an unevaluated sum `hi + lo`.
 *
 * PyTorch's AVX2 kernels are compiled with FMA contraction, so the last bit of `uniform_`,
 * `normal_` and the vectorised `randn` depends on the product not being rounded on its own
 * (RNG_SPEC.md §0, §2). Everything here is exact for finite operands in the normal range;
 * operands near overflow or deep in the subnormal range fall back to plain arithmetic.
 */

/**
 * Rounds the exact value `hi + lo` to float32, where `hi` is that value already rounded to
 * double. `Math.fround(hi)` is right unless `hi` sits exactly halfway between two floats, in
 * which case the sign of `lo` (what the double rounding threw away) decides.
 */
export function roundToFloat32(hi: number, lo: number): number {
  const r = Math.fround(hi);
  if (r === hi || lo === 0) return r;
  const other = 2 * hi - r;
  if (Math.fround(other) !== other || r === Infinity || r === -Infinity) return r;
  // `hi` is the midpoint of r and `other`: round towards the exact value.
  if (lo > 0) return other > r ? other : r;
  return other < r ? other : r;
}

/**
 * float32 `fma(a, b, c)`: `a*b + c` rounded once. a, b, c must be float32 values.
 * The product is exact in double, so only the double sum can round; that rounding changes the
 * float32 result only when it lands exactly on a float32 midpoint, which the slow path settles.
 * Kept tiny so that V8 inlines it into hot loops.
 */
export function fma32(a: number, b: number, c: number): number {
  const s = a * b + c;
  const r = Math.fround(s);
  const other = 2 * s - r;
  return r === s || Math.fround(other) !== other ? r : fma32OnMidpoint(a * b, c, s, r, other);
}

/** `s` = RN(p + c) is the midpoint of float32 values r and other: the exact sum's side decides. */
function fma32OnMidpoint(p: number, c: number, s: number, r: number, other: number): number {
  if (r === Infinity || r === -Infinity) return r;
  const bv = s - p;
  const err = p - (s - bv) + (c - bv);
  if (err === 0) return r;
  if (err > 0) return other > r ? other : r;
  return other < r ? other : r;
}

const SPLITTER = 134217729; // 2^27 + 1, Veltkamp's constant for doubles
const SAFE_HI = 1e300;
const SAFE_LO = 1e-290;

const bitsF64 = new Float64Array(1);
const bitsU32 = new Uint32Array(bitsF64.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const LO_WORD = LITTLE_ENDIAN ? 0 : 1;
const HI_WORD = LITTLE_ENDIAN ? 1 : 0;

/**
 * `x + y` rounded to odd: the exact sum if representable, otherwise whichever neighbouring
 * double has an odd last bit. Rounding an exact sum's tail to odd and then adding it with
 * round-to-nearest gives a correctly rounded result (Boldo and Melquiond, 2008).
 */
function addRoundToOdd(x: number, y: number): number {
  const u = x + y;
  const bv = u - x;
  const err = x - (u - bv) + (y - bv);
  if (err === 0) return u;
  bitsF64[0] = u;
  const lo = bitsU32[LO_WORD]!;
  if (lo & 1) return u;
  // Step one unit in the last place towards the exact value.
  const awayFromZero = err > 0 === u > 0;
  if (awayFromZero) {
    bitsU32[LO_WORD] = lo + 1;
  } else if (lo === 0) {
    bitsU32[LO_WORD] = 0xffffffff;
    bitsU32[HI_WORD] = bitsU32[HI_WORD]! - 1;
  } else {
    bitsU32[LO_WORD] = lo - 1;
  }
  return bitsF64[0]!;
}

/** float64 `fma(a, b, c)`: `a*b + c` rounded once. */
export function fma64(a: number, b: number, c: number): number {
  const p = a * b;
  const ap = Math.abs(p);
  if (!(ap < SAFE_HI && ap > SAFE_LO && Math.abs(a) < SAFE_HI && Math.abs(b) < SAFE_HI)) {
    // Zero, non-finite or extreme products: exact splitting is unavailable or unnecessary.
    return p + c;
  }
  // Exact product p + pe (Dekker's TwoProduct with Veltkamp splitting).
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  const pe = ah * bh - p + ah * bl + al * bh + al * bl;
  // Exact sum s + se of c and the product's head (Knuth's TwoSum).
  const s = c + p;
  const bv = s - c;
  const se = c - (s - bv) + (p - bv);
  return s + addRoundToOdd(se, pe);
}

/** The float32 nearest to an integer given as a bigint (one rounding, not two). */
export function bigintToFloat32(v: bigint): number {
  const hi = Number(v);
  if (!Number.isFinite(hi)) return hi;
  return roundToFloat32(hi, Number(v - BigInt(hi)));
}
