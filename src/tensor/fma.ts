// Fused multiply-add rounded once to float32, for float32 operands. PyTorch's AVX2 kernels are
// compiled with FMA contraction, so reproducing their bits needs a*b+c with a single rounding.
// The product of two float32 values is exact in a double; the sum may not be, so its rounding error
// is tracked (TwoSum) and used to break the one case where rounding the double again goes wrong:
// a double that lands exactly halfway between two float32 values.

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

export function fmaF32(a: number, b: number, c: number): number {
  const p = a * b; // exact: 24 + 24 significant bits fit in 53
  const s = p + c;
  const bv = s - p;
  const err = p - (s - bv) + (c - bv); // s + err == p + c exactly
  const r = Math.fround(s);
  if (err === 0 || !Number.isFinite(r)) return r;
  // Is s exactly halfway between r and its float32 neighbour? Then err decides the direction.
  const diff = s - r;
  if (diff === 0) {
    // s is representable; the true value lies slightly off it but still rounds to r.
    return r;
  }
  f32[0] = r;
  const bits = u32[0];
  u32[0] = diff > 0 === r >= 0 ? bits + 1 : bits - 1;
  const neighbour = f32[0];
  const half = (neighbour - r) / 2;
  if (s - r !== half) return r;
  // Exactly at the midpoint in double: the exact value is beyond it in err's direction.
  return err > 0 === neighbour > r ? neighbour : r;
}
