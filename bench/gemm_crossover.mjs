// Times one small-to-mid product on every kernel (reference loop, blocked TypeScript, WebAssembly,
// native on 1 and 2 threads) to place the dispatch thresholds in src/backend/gemm.ts. Prints a table
// of microseconds per call (best of repeated runs); not part of `npm run bench`.
import { gemmOnTier, gemmReference } from '../dist/backend/gemm.js';
import { availableKernelTiers } from '../dist/backend/tier.js';

const shapes = [[4, 4, 4], [8, 8, 8], [100, 1, 10], [100, 10, 1], [12, 12, 12], [16, 16, 16], [24, 24, 24], [32, 32, 32],
  [64, 64, 64], [96, 96, 96], [128, 128, 128], [192, 192, 192], [256, 256, 256]];
const tiers = availableKernelTiers();
const kernels = [['reference', (m, k, n, A, B, c) => gemmReference(1, m, k, n, A, B, c)]];
for (const t of tiers) {
  if (t === 'native') {
    kernels.push(['native 1t', (m, k, n, A, B, c) => gemmOnTier('native', 1, 1, m, k, n, A, B, c)]);
    kernels.push(['native 2t', (m, k, n, A, B, c) => gemmOnTier('native', 2, 1, m, k, n, A, B, c)]);
  } else {
    kernels.push([t, (m, k, n, A, B, c) => gemmOnTier(t, 1, 1, m, k, n, A, B, c)]);
  }
}

console.log(`| M x K x N | ${kernels.map(([n]) => n).join(' | ')} |`);
console.log(`|---|${kernels.map(() => '---:').join('|')}|`);
for (const [M, K, N] of shapes) {
  const A = { data: Float32Array.from({ length: M * K }, Math.random), offset: 0, batchStride: 0, rowStride: K, colStride: 1 };
  const B = { data: Float32Array.from({ length: K * N }, Math.random), offset: 0, batchStride: 0, rowStride: N, colStride: 1 };
  const cells = kernels.map(([, f]) => {
    const reps = Math.max(1, Math.floor(200000 / (M * N * K)));
    let best = Infinity;
    const end = performance.now() + 200;
    while (performance.now() < end) {
      const t0 = performance.now();
      for (let r = 0; r < reps; r++) f(M, K, N, A, B, new Float32Array(M * N));
      best = Math.min(best, (performance.now() - t0) / reps);
    }
    return `${(best * 1000).toFixed(2)}`;
  });
  console.log(`| ${M}x${K}x${N} | ${cells.join(' | ')} |`);
}
