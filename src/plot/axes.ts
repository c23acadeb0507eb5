import { resolveColor, TAB10 } from './colors.js';
import { checkPairs, indexSeries, isData, toSeries, type Data } from './data.js';
import { resolveDash, STYLE, type DashStyle } from './style.js';

/** Options for `line` and `scatter`. Sizes are in px. */
export interface MarkOptions {
  /** Name shown by `legend()`; unlabelled marks stay out of the legend. */
  label?: string;
  /** CSS colour, 'C0'..'C9', 'tab:blue' or a matplotlib letter; default: the next colour of the cycle. */
  color?: string;
  /** Line width (default 2). */
  width?: number;
  /** Marker diameter for `scatter` (default 7). */
  size?: number;
  /** 0 (invisible) to 1 (opaque). */
  opacity?: number;
  /** true or 'dashed', 'dotted', 'dashdot' (or '--', ':', '-.'), or an explicit dash array. */
  dash?: DashStyle;
}

/** Options for `text`. */
export interface TextOptions {
  color?: string;
  /** Font size in px (default 14). */
  size?: number;
  opacity?: number;
  /** Which end of the text sits at x (default 'left', as in matplotlib). */
  align?: 'left' | 'center' | 'right';
}

export const LEGEND_LOCATIONS = [
  'best',
  'upper right',
  'upper left',
  'lower left',
  'lower right',
  'right',
  'center left',
  'center right',
  'lower center',
  'upper center',
  'center',
] as const;
export type LegendLocation = (typeof LEGEND_LOCATIONS)[number];

export interface LegendOptions {
  /** Where the legend goes inside the axes; 'best' (default) picks the corner covering the least data. */
  loc?: LegendLocation;
}

export interface LineMark {
  readonly kind: 'line';
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly label: string | null;
  readonly color: string;
  readonly width: number;
  readonly opacity: number;
  readonly dash: number[] | null;
}

export interface ScatterMark {
  readonly kind: 'scatter';
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly label: string | null;
  readonly color: string;
  readonly size: number;
  readonly opacity: number;
}

export interface TextMark {
  readonly kind: 'text';
  readonly x: number;
  readonly y: number;
  readonly text: string;
  readonly color: string;
  readonly size: number;
  readonly opacity: number;
  readonly align: 'left' | 'center' | 'right';
}

export type Mark = LineMark | ScatterMark | TextMark;

/** Everything one panel draws; frames keep these, so nothing in it is ever mutated. */
export interface AxesState {
  readonly marks: readonly Mark[];
  readonly title: string;
  readonly xlabel: string;
  readonly ylabel: string;
  readonly xlim: readonly [number, number] | null;
  readonly ylim: readonly [number, number] | null;
  readonly legend: LegendLocation | null;
}

const MARK_KEYS = ['label', 'color', 'width', 'size', 'opacity', 'dash'];
const TEXT_KEYS = ['color', 'size', 'opacity', 'align'];

function checkKeys(what: string, opts: object, allowed: readonly string[]): void {
  for (const key of Object.keys(opts)) {
    if (!allowed.includes(key)) throw new TypeError(`${what}: unknown option '${key}' (expected ${allowed.join(', ')})`);
  }
}

function positive(what: string, name: string, v: unknown, fallback: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
    throw new RangeError(`${what}: ${name} must be a positive number, but got ${String(v)}`);
  }
  return v;
}

function opacityOf(what: string, v: unknown): number {
  if (v === undefined) return 1;
  if (typeof v !== 'number' || !(v >= 0 && v <= 1)) {
    throw new RangeError(`${what}: opacity must be between 0 and 1, but got ${String(v)}`);
  }
  return v;
}

function labelOf(what: string, v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') throw new TypeError(`${what}: label must be a string, but got ${typeof v}`);
  return v;
}

function optionsObject<T extends object>(what: string, v: unknown): T {
  if (v === undefined) return {} as T;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new TypeError(`${what}: options must be an object, but got ${v === null ? 'null' : typeof v}`);
  }
  return v as T;
}

function limitsOf(name: string, a: unknown, b: unknown): readonly [number, number] {
  const pair = Array.isArray(a) && b === undefined ? a : [a, b];
  const [lo, hi] = pair as unknown[];
  if (typeof lo !== 'number' || typeof hi !== 'number' || !Number.isFinite(lo) || !Number.isFinite(hi)) {
    throw new RangeError(`${name}: limits must be two finite numbers, but got (${String(lo)}, ${String(hi)})`);
  }
  if (lo === hi) throw new RangeError(`${name}: the lower and upper limits are both ${lo}; they must differ`);
  return [lo, hi];
}

function stringOf(name: string, v: unknown): string {
  if (typeof v !== 'string') throw new TypeError(`${name} must be a string, but got ${typeof v}`);
  return v;
}

/** One panel of a figure: its marks, labels and limits. Every method returns the axes for chaining. */
export class Axes {
  #marks: Mark[] = [];
  #cycle = 0;
  #title = '';
  #xlabel = '';
  #ylabel = '';
  #xlim: readonly [number, number] | null = null;
  #ylim: readonly [number, number] | null = null;
  #legend: LegendLocation | null = null;

  #nextColor(requested: unknown): string {
    if (requested !== undefined) return resolveColor(requested);
    const c = TAB10[this.#cycle % TAB10.length]!;
    this.#cycle += 1;
    return c;
  }

  /** Draws y against x, or against 0..n-1 when only y is given. */
  line(y: Data, opts?: MarkOptions): this;
  line(x: Data, y: Data, opts?: MarkOptions): this;
  line(a: Data, b?: Data | MarkOptions, c?: MarkOptions): this {
    const yOnly = b === undefined || !isData(b);
    const y = toSeries(yOnly ? a : b, 'y');
    const x = yOnly ? indexSeries(y.length) : toSeries(a, 'x');
    const opts = optionsObject<MarkOptions>('line', yOnly ? b : c);
    checkKeys('line', opts, MARK_KEYS);
    checkPairs('line', x, y);
    const width = positive('line', 'width', opts.width, STYLE.lineWidth);
    const mark: LineMark = {
      kind: 'line',
      x,
      y,
      label: labelOf('line', opts.label),
      width,
      opacity: opacityOf('line', opts.opacity),
      dash: resolveDash(opts.dash, width),
      color: this.#nextColor(opts.color),
    };
    this.#marks.push(mark);
    return this;
  }

  /** Draws one marker per (x, y) point. */
  scatter(x: Data, y: Data, opts?: MarkOptions): this {
    if (!isData(y)) throw new TypeError('scatter: expected scatter(x, y, options?), but y is not data');
    const xs = toSeries(x, 'x');
    const ys = toSeries(y, 'y');
    const o = optionsObject<MarkOptions>('scatter', opts);
    checkKeys('scatter', o, MARK_KEYS);
    checkPairs('scatter', xs, ys);
    const mark: ScatterMark = {
      kind: 'scatter',
      x: xs,
      y: ys,
      label: labelOf('scatter', o.label),
      size: positive('scatter', 'size', o.size, STYLE.markerDiameter),
      opacity: opacityOf('scatter', o.opacity),
      color: this.#nextColor(o.color),
    };
    this.#marks.push(mark);
    return this;
  }

  /** Writes `str` with its left end (by default) at data point (x, y). */
  text(x: number, y: number, str: string, opts?: TextOptions): this {
    if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) {
      throw new RangeError(`text: position must be two finite numbers, but got (${String(x)}, ${String(y)})`);
    }
    const o = optionsObject<TextOptions>('text', opts);
    checkKeys('text', o, TEXT_KEYS);
    const align = o.align ?? 'left';
    if (!['left', 'center', 'right'].includes(align)) {
      throw new RangeError(`text: align must be 'left', 'center' or 'right', but got '${String(align)}'`);
    }
    this.#marks.push({
      kind: 'text',
      x,
      y,
      text: String(str),
      color: o.color === undefined ? STYLE.textColor : resolveColor(o.color),
      size: positive('text', 'size', o.size, STYLE.textFontSize),
      opacity: opacityOf('text', o.opacity),
      align,
    });
    return this;
  }

  /** Shows a legend of the labelled lines and scatters. */
  legend(opts?: LegendOptions | LegendLocation): this {
    const loc = typeof opts === 'string' ? opts : optionsObject<LegendOptions>('legend', opts).loc ?? 'best';
    if (!(LEGEND_LOCATIONS as readonly string[]).includes(loc)) {
      throw new RangeError(`legend: unknown location '${loc}' (expected one of ${LEGEND_LOCATIONS.join(', ')})`);
    }
    this.#legend = loc;
    return this;
  }

  xlabel(s: string): this {
    this.#xlabel = stringOf('xlabel', s);
    return this;
  }

  ylabel(s: string): this {
    this.#ylabel = stringOf('ylabel', s);
    return this;
  }

  title(s: string): this {
    this.#title = stringOf('title', s);
    return this;
  }

  /** Fixes the x range (a > b flips the axis); `xlim([a, b])` works too. */
  xlim(a: number | readonly [number, number], b?: number): this {
    this.#xlim = limitsOf('xlim', a, b);
    return this;
  }

  /** Fixes the y range (a > b flips the axis); `ylim([a, b])` works too. */
  ylim(a: number | readonly [number, number], b?: number): this {
    this.#ylim = limitsOf('ylim', a, b);
    return this;
  }

  /** Removes the marks and restarts the colour cycle; labels, limits and legend stay. */
  clear(): this {
    this.#marks = [];
    this.#cycle = 0;
    return this;
  }

  /** A frozen copy of what the panel draws now (used for rendering and animation frames). */
  state(): AxesState {
    return {
      marks: this.#marks.slice(),
      title: this.#title,
      xlabel: this.#xlabel,
      ylabel: this.#ylabel,
      xlim: this.#xlim,
      ylim: this.#ylim,
      legend: this.#legend,
    };
  }
}
