// The `{:.4e}` format PyTorch's verbose schedulers print lrs with (1.0000e-02).
export function formatLrForLog(lr: number): string {
  if (!Number.isFinite(lr)) return Number.isNaN(lr) ? 'nan' : lr > 0 ? 'inf' : '-inf';
  const [mantissa, exp] = lr.toExponential(4).split('e');
  const e = Number(exp);
  return `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
}
