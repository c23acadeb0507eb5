// Timing helpers shared by torchlet's benchmark workloads: median of repeated runs after warm-up,
// measured in-process with a monotonic clock (performance.now), never asserted in tests.

export const REPEATS = 5;

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Median milliseconds of one call of fn; the inner loop count is sized from a warm-up call. */
export function timePerCall(fn, targetMs = 300, repeats = REPEATS) {
  let single = 0;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    fn();
    single = Math.max(performance.now() - t0, 1e-4);
  }
  const inner = Math.max(1, Math.round(targetMs / single));
  const samples = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    for (let i = 0; i < inner; i++) fn();
    samples.push((performance.now() - t0) / inner);
  }
  return median(samples);
}

/**
 * Median milliseconds of a whole workload run, after `warmups` untimed runs (one by default; small
 * workloads need more before V8 has compiled their hot paths with its optimizing tier).
 */
export function timeWhole(once, repeats = REPEATS, warmups = 1) {
  for (let i = 0; i < warmups; i++) once();
  const samples = [];
  for (let r = 0; r < repeats; r++) samples.push(once());
  return median(samples);
}
