// matplotlib's default look, converted from points at its 100 dpi (1 pt = 100/72 px).
// Every size in the plot module is in px unless its name says otherwise.

export const STYLE = {
  tickFontSize: 13,
  labelFontSize: 14,
  titleFontSize: 16,
  figureTitleFontSize: 18,
  legendFontSize: 13,
  textFontSize: 14,
  tickLength: 5,
  tickPad: 4,
  frameWidth: 1,
  lineWidth: 2,
  markerDiameter: 7,
  /** Gap between the tick labels and the axis label. */
  axisLabelPad: 6,
  titlePad: 8,
  figurePad: 10,
  /** Space between panels of a grid, on top of each panel's own labels. */
  panelGap: 14,
  /** Share of the data range added on each side when limits are automatic (matplotlib's margins). */
  autoMargin: 0.05,
  legend: {
    borderPadEm: 0.4,
    labelSpacingEm: 0.5,
    handleLengthEm: 2,
    handleTextPadEm: 0.8,
    axesPadEm: 0.5,
    frameColor: '#cccccc',
    frameOpacity: 0.8,
    cornerRadius: 3,
  },
  textColor: '#000000',
  frameColor: '#000000',
  background: '#ffffff',
} as const;

export type DashStyle = boolean | 'solid' | 'dashed' | 'dotted' | 'dashdot' | '-' | '--' | ':' | '-.' | readonly number[];

// matplotlib's dash patterns, in multiples of the line width (it scales dashes with the width).
const PATTERNS: Readonly<Record<string, readonly number[]>> = {
  dashed: [3.7, 1.6],
  dotted: [1, 1.65],
  dashdot: [6.4, 1.6, 1, 1.6],
};
const ALIASES: Readonly<Record<string, string>> = { '--': 'dashed', ':': 'dotted', '-.': 'dashdot', '-': 'solid' };

/** Returns the SVG dash array for a dash option, or null for a solid line. */
export function resolveDash(dash: DashStyle | undefined, width: number): number[] | null {
  if (dash === undefined || dash === false) return null;
  if (dash === true) return PATTERNS.dashed!.map((d) => d * width);
  if (typeof dash === 'string') {
    const name = ALIASES[dash] ?? dash;
    if (name === 'solid') return null;
    const pattern = PATTERNS[name];
    if (!pattern) throw new RangeError(`unknown dash style '${dash}' (use 'solid', 'dashed', 'dotted', 'dashdot' or an array)`);
    return pattern.map((d) => d * width);
  }
  if (Array.isArray(dash)) {
    if (dash.length === 0) return null;
    if (!dash.every((d) => typeof d === 'number' && Number.isFinite(d) && d >= 0) || dash.every((d) => d === 0)) {
      throw new RangeError(`dash array must hold non-negative numbers, not all zero, but got [${dash.join(', ')}]`);
    }
    return [...dash];
  }
  throw new TypeError(`dash must be a boolean, a style name or an array of lengths, but got ${typeof dash}`);
}
