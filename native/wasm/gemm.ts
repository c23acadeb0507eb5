// WebAssembly SIMD128 GEMM micro-kernels (AssemblyScript), for browsers and for Node without the
// native library. The TypeScript side (src/backend/gemm_wasm.ts) does the cache blocking and packs
// the operands into this module's memory; these functions multiply one packed block:
//   C[0:mp, 0:np] (+)= Apacked[0:mp, 0:kc] @ Bpacked[0:kc, 0:np]
// A is packed in panels of MR rows (element (k, r) at k*MR + r), B in panels of NR columns (element
// (k, j) at k*NR + j), C is a padded row-major buffer (row stride ldc) so every tile is whole.
// Built by scripts/build-wasm.mjs into src/backend/gemm_wasm_binary.ts.

// float32: 4 rows x 8 columns (two f32x4 per row): 8 accumulators, 2 B vectors, 1 broadcast.
export function blockF32(pa: usize, pb: usize, c: usize, mp: i32, np: i32, kc: i32, ldc: i32, accumulate: i32): void {
  const ldcBytes = <usize>ldc << 2;
  for (let jr = 0; jr < np; jr += 8) {
    const bPanel = pb + (<usize>jr * <usize>kc << 2);
    for (let ir = 0; ir < mp; ir += 4) {
      let ap = pa + (<usize>ir * <usize>kc << 2);
      let bp = bPanel;
      let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
      let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
      for (let k = 0; k < kc; k++) {
        const b0 = v128.load(bp);
        const b1 = v128.load(bp, 16);
        let a = v128.load_splat<f32>(ap);
        c00 = f32x4.add(c00, f32x4.mul(a, b0));
        c01 = f32x4.add(c01, f32x4.mul(a, b1));
        a = v128.load_splat<f32>(ap, 4);
        c10 = f32x4.add(c10, f32x4.mul(a, b0));
        c11 = f32x4.add(c11, f32x4.mul(a, b1));
        a = v128.load_splat<f32>(ap, 8);
        c20 = f32x4.add(c20, f32x4.mul(a, b0));
        c21 = f32x4.add(c21, f32x4.mul(a, b1));
        a = v128.load_splat<f32>(ap, 12);
        c30 = f32x4.add(c30, f32x4.mul(a, b0));
        c31 = f32x4.add(c31, f32x4.mul(a, b1));
        ap += 16;
        bp += 32;
      }
      let cp = c + <usize>ir * ldcBytes + (<usize>jr << 2);
      if (accumulate) {
        c00 = f32x4.add(c00, v128.load(cp)); c01 = f32x4.add(c01, v128.load(cp, 16)); cp += ldcBytes;
        c10 = f32x4.add(c10, v128.load(cp)); c11 = f32x4.add(c11, v128.load(cp, 16)); cp += ldcBytes;
        c20 = f32x4.add(c20, v128.load(cp)); c21 = f32x4.add(c21, v128.load(cp, 16)); cp += ldcBytes;
        c30 = f32x4.add(c30, v128.load(cp)); c31 = f32x4.add(c31, v128.load(cp, 16));
        cp = c + <usize>ir * ldcBytes + (<usize>jr << 2);
      }
      v128.store(cp, c00); v128.store(cp, c01, 16); cp += ldcBytes;
      v128.store(cp, c10); v128.store(cp, c11, 16); cp += ldcBytes;
      v128.store(cp, c20); v128.store(cp, c21, 16); cp += ldcBytes;
      v128.store(cp, c30); v128.store(cp, c31, 16);
    }
  }
}

// float64: 4 rows x 4 columns (two f64x2 per row).
export function blockF64(pa: usize, pb: usize, c: usize, mp: i32, np: i32, kc: i32, ldc: i32, accumulate: i32): void {
  const ldcBytes = <usize>ldc << 3;
  for (let jr = 0; jr < np; jr += 4) {
    const bPanel = pb + (<usize>jr * <usize>kc << 3);
    for (let ir = 0; ir < mp; ir += 4) {
      let ap = pa + (<usize>ir * <usize>kc << 3);
      let bp = bPanel;
      let c00 = f64x2.splat(0), c01 = f64x2.splat(0), c10 = f64x2.splat(0), c11 = f64x2.splat(0);
      let c20 = f64x2.splat(0), c21 = f64x2.splat(0), c30 = f64x2.splat(0), c31 = f64x2.splat(0);
      for (let k = 0; k < kc; k++) {
        const b0 = v128.load(bp);
        const b1 = v128.load(bp, 16);
        let a = v128.load_splat<f64>(ap);
        c00 = f64x2.add(c00, f64x2.mul(a, b0));
        c01 = f64x2.add(c01, f64x2.mul(a, b1));
        a = v128.load_splat<f64>(ap, 8);
        c10 = f64x2.add(c10, f64x2.mul(a, b0));
        c11 = f64x2.add(c11, f64x2.mul(a, b1));
        a = v128.load_splat<f64>(ap, 16);
        c20 = f64x2.add(c20, f64x2.mul(a, b0));
        c21 = f64x2.add(c21, f64x2.mul(a, b1));
        a = v128.load_splat<f64>(ap, 24);
        c30 = f64x2.add(c30, f64x2.mul(a, b0));
        c31 = f64x2.add(c31, f64x2.mul(a, b1));
        ap += 32;
        bp += 32;
      }
      let cp = c + <usize>ir * ldcBytes + (<usize>jr << 3);
      if (accumulate) {
        c00 = f64x2.add(c00, v128.load(cp)); c01 = f64x2.add(c01, v128.load(cp, 16)); cp += ldcBytes;
        c10 = f64x2.add(c10, v128.load(cp)); c11 = f64x2.add(c11, v128.load(cp, 16)); cp += ldcBytes;
        c20 = f64x2.add(c20, v128.load(cp)); c21 = f64x2.add(c21, v128.load(cp, 16)); cp += ldcBytes;
        c30 = f64x2.add(c30, v128.load(cp)); c31 = f64x2.add(c31, v128.load(cp, 16));
        cp = c + <usize>ir * ldcBytes + (<usize>jr << 3);
      }
      v128.store(cp, c00); v128.store(cp, c01, 16); cp += ldcBytes;
      v128.store(cp, c10); v128.store(cp, c11, 16); cp += ldcBytes;
      v128.store(cp, c20); v128.store(cp, c21, 16); cp += ldcBytes;
      v128.store(cp, c30); v128.store(cp, c31, 16);
    }
  }
}
