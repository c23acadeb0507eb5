// Axis limits and ticks chosen the way matplotlib's defaults choose them: data range plus a 5% margin,
// ticks at 1, 2, 2.5 or 5 times a power of ten, and labels with just enough decimals for the step.
import { STYLE } from './style.js';
import { textWidth } from './text-measure.js';

export interface AxisTicks {
  /** Tick positions, in data units, inside the limits. */
  readonly values: number[];
  /** One label per tick. */
  readonly labels: string[];
  /** matplotlib's offset text ("1e6") shown at the end of the axis when labels are scaled; '' if not. */
  readonly offsetText: string;
}

const STEP_MULTIPLES = [1, 2, 2.5, 5, 10];
const MAX_BINS = 9;
// matplotlib derives the tick count from its 10 pt (13.9 px) label size, whatever our label size is.
const REFERENCE_FONT_PX = 13.9;
const MINUS = '\u2212';

/** Finite min and max over all series, or null when nothing is finite. */
export function finiteExtent(series: readonly Float64Array[]): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series) {
    for (let i = 0; i < s.length; i++) {
      const v = s[i]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return Number.isFinite(lo) && Number.isFinite(hi) ? [lo, hi] : null;
}

/** Automatic limits: the data range widened by the margin; a single value is widened by 5% of itself. */
export function autoLimits(extent: [number, number] | null): [number, number] {
  if (extent === null) return [0, 1];
  let [lo, hi] = extent;
  if (lo === hi) {
    const delta = lo === 0 ? 0.05 : Math.abs(lo) * 0.05;
    return [lo - delta, hi + delta];
  }
  const pad = (hi - lo) * STYLE.autoMargin;
  lo -= pad;
  hi += pad;
  return [lo, hi];
}

interface Step {
  multiple: number;
  exponent: number;
}

function stepValue(s: Step, k: number): number {
  // Dividing by a power of ten keeps 0.3 exact where 3 * 0.1 would not be.
  return s.exponent < 0 ? (k * s.multiple) / 10 ** -s.exponent : k * s.multiple * 10 ** s.exponent;
}

// matplotlib's MaxNLocator: the smallest nice step at least (hi - lo) / bins.
function chooseStep(lo: number, hi: number, bins: number): Step {
  const raw = (hi - lo) / bins;
  const exponent = Math.floor(Math.log10(raw));
  for (const m of STEP_MULTIPLES) {
    if (m * 10 ** exponent >= raw * (1 - 1e-9)) return m === 10 ? { multiple: 1, exponent: exponent + 1 } : { multiple: m, exponent };
  }
  return { multiple: 1, exponent: exponent + 1 };
}

function decimalsFor(step: Step, shift: number): number {
  const e = step.exponent - shift;
  return Math.max(0, -e + (step.multiple === 2.5 ? 1 : 0));
}

function formatFixed(v: number, decimals: number): string {
  const s = v.toFixed(decimals);
  if (/^-0(\.0*)?$/.test(s)) return s.slice(1);
  return s.startsWith('-') ? MINUS + s.slice(1) : s;
}

function ticksWithBins(lo: number, hi: number, bins: number): AxisTicks {
  const step = chooseStep(lo, hi, bins);
  const size = stepValue(step, 1);
  const values: number[] = [];
  const kFirst = Math.ceil(lo / size - 1e-9);
  const kLast = Math.floor(hi / size + 1e-9);
  for (let k = kFirst; k <= kLast; k++) values.push(stepValue(step, k) + 0);
  const biggest = Math.max(...values.map(Math.abs), 0);
  let shift = 0;
  if (biggest >= 1e5 || (biggest > 0 && biggest < 1e-3)) shift = Math.floor(Math.log10(biggest));
  const decimals = decimalsFor(step, shift);
  const scale = 10 ** shift;
  const labels = values.map((v) => formatFixed(shift === 0 ? v : v / scale, decimals));
  const offsetText = shift === 0 ? '' : `1e${shift < 0 ? MINUS + String(-shift) : String(shift)}`;
  return { values, labels, offsetText };
}

/**
 * Ticks for an axis `lengthPx` long showing `limits` (in either order). Horizontal axes also make
 * sure neighbouring labels do not touch, using fewer ticks when they would.
 */
export function axisTicks(limits: readonly [number, number], lengthPx: number, horizontal: boolean): AxisTicks {
  const lo = Math.min(limits[0], limits[1]);
  const hi = Math.max(limits[0], limits[1]);
  const perTick = REFERENCE_FONT_PX * (horizontal ? 3 : 2);
  let bins = Math.max(1, Math.min(MAX_BINS, Math.floor(lengthPx / perTick)));
  for (;;) {
    const ticks = ticksWithBins(lo, hi, bins);
    if (bins === 1 || ticks.values.length < 2) return ticks;
    const spacing = (Math.abs(ticks.values[1]! - ticks.values[0]!) / (hi - lo)) * lengthPx;
    const need = horizontal
      ? Math.max(...ticks.labels.map((l) => textWidth(l, STYLE.tickFontSize))) + STYLE.tickFontSize * 0.6
      : STYLE.tickFontSize * 1.4;
    if (spacing >= need) return ticks;
    bins -= 1;
  }
}
