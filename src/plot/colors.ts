import { color as parseCssColor } from 'd3-color';

/** matplotlib's default colour cycle ("tab10"), in the order lines take them. */
export const TAB10: readonly string[] = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
];

const TAB10_NAMES = ['blue', 'orange', 'green', 'red', 'purple', 'brown', 'pink', 'gray', 'olive', 'cyan'];

// matplotlib's one-letter colours differ from CSS where CSS has no such name ('c', 'm', 'y', 'k').
const LETTERS: Readonly<Record<string, string>> = {
  b: '#0000ff',
  g: '#008000',
  r: '#ff0000',
  c: '#00bfbf',
  m: '#bf00bf',
  y: '#bfbf00',
  k: '#000000',
  w: '#ffffff',
};

/**
 * Resolves a colour the way a matplotlib user writes it ('C0'..'C9', 'tab:blue', 'r') or any CSS
 * colour ('red', '#f00', 'rgb(255 0 0)'), so an unknown name fails here instead of drawing black.
 */
export function resolveColor(spec: unknown): string {
  if (typeof spec !== 'string') throw new TypeError(`color must be a string, but got ${typeof spec}`);
  const s = spec.trim();
  const cycle = /^C(\d)$/.exec(s);
  if (cycle) return TAB10[Number(cycle[1])]!;
  if (s.startsWith('tab:')) {
    const i = TAB10_NAMES.indexOf(s.slice(4));
    if (i >= 0) return TAB10[i]!;
    if (s === 'tab:grey') return TAB10[7]!;
  }
  if (LETTERS[s]) return LETTERS[s]!;
  if (parseCssColor(s) === null) {
    throw new RangeError(`'${spec}' is not a valid color (use a CSS color, '#rrggbb', 'C0'..'C9' or 'tab:blue')`);
  }
  return s;
}
