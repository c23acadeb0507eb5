// Legend box layout: sizes from the label widths, position by name or, for 'best', the candidate
// spot that hides the fewest data points and line segments (matplotlib's rule, in its order).
import { LEGEND_LOCATIONS, type AxesState, type LegendLocation, type Mark } from './axes.js';
import { STYLE } from './style.js';
import { centredBaselineOffset, textWidth } from './text-measure.js';

export interface LegendEntry {
  readonly kind: 'line' | 'scatter';
  readonly label: string;
  readonly color: string;
  readonly opacity: number;
  /** Line width, or marker diameter for scatter. */
  readonly size: number;
  readonly dash: number[] | null;
  /** Handle from hx1 to hx2 at height cy; label baseline at (tx, ty). All relative to the box. */
  readonly hx1: number;
  readonly hx2: number;
  readonly cy: number;
  readonly tx: number;
  readonly ty: number;
}

export interface LegendLayout {
  /** Box position and size relative to the plot area's top-left corner. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly entries: LegendEntry[];
}

/** Maps data coordinates to the plot area's pixels. */
export interface PixelMap {
  readonly width: number;
  readonly height: number;
  px(x: number): number;
  py(y: number): number;
}

/** The spots 'best' tries, in matplotlib's order: the first of equally good ones wins. */
const CANDIDATES = LEGEND_LOCATIONS.filter((loc): loc is Exclude<LegendLocation, 'best'> => loc !== 'best');

function placeAt(loc: Exclude<LegendLocation, 'best'>, w: number, h: number, map: PixelMap, pad: number): [number, number] {
  const left = pad;
  const right = map.width - pad - w;
  const midX = (map.width - w) / 2;
  const top = pad;
  const bottom = map.height - pad - h;
  const midY = (map.height - h) / 2;
  switch (loc) {
    case 'upper right':
      return [right, top];
    case 'upper left':
      return [left, top];
    case 'lower left':
      return [left, bottom];
    case 'lower right':
      return [right, bottom];
    case 'right':
    case 'center right':
      return [right, midY];
    case 'center left':
      return [left, midY];
    case 'lower center':
      return [midX, bottom];
    case 'upper center':
      return [midX, top];
    case 'center':
      return [midX, midY];
  }
}

// Liang-Barsky: does the segment (x0,y0)-(x1,y1) pass through the box?
function segmentHitsBox(x0: number, y0: number, x1: number, y1: number, bx: number, by: number, bw: number, bh: number): boolean {
  let t0 = 0;
  let t1 = 1;
  const dx = x1 - x0;
  const dy = y1 - y0;
  const edges: [number, number][] = [
    [-dx, x0 - bx],
    [dx, bx + bw - x0],
    [-dy, y0 - by],
    [dy, by + bh - y0],
  ];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return false;
    } else {
      const r = q / p;
      if (p < 0) {
        if (r > t1) return false;
        if (r > t0) t0 = r;
      } else {
        if (r < t0) return false;
        if (r < t1) t1 = r;
      }
    }
  }
  return true;
}

function badness(marks: readonly Mark[], map: PixelMap, bx: number, by: number, bw: number, bh: number): number {
  let score = 0;
  const inside = (px: number, py: number) => px >= bx && px <= bx + bw && py >= by && py <= by + bh;
  for (const m of marks) {
    if (m.kind === 'text') {
      const tx = map.px(m.x);
      const ty = map.py(m.y);
      const tw = textWidth(m.text, m.size);
      const left = m.align === 'left' ? tx : m.align === 'right' ? tx - tw : tx - tw / 2;
      const overlaps = left < bx + bw && left + tw > bx && ty - m.size < by + bh && ty > by;
      if (overlaps) score += 10;
      continue;
    }
    let prevX = NaN;
    let prevY = NaN;
    for (let i = 0; i < m.x.length; i++) {
      const px = map.px(m.x[i]!);
      const py = map.py(m.y[i]!);
      if (!Number.isFinite(px) || !Number.isFinite(py)) {
        prevX = NaN;
        continue;
      }
      if (inside(px, py)) score += 1;
      else if (m.kind === 'line' && !Number.isNaN(prevX) && segmentHitsBox(prevX, prevY, px, py, bx, by, bw, bh)) score += 1;
      prevX = px;
      prevY = py;
    }
  }
  return score;
}

/** Lays out the legend of one panel, or returns null when nothing in it has a label. */
export function layoutLegend(state: AxesState, map: PixelMap): LegendLayout | null {
  if (state.legend === null) return null;
  const labelled = state.marks.filter(
    (m): m is Exclude<Mark, { kind: 'text' }> => m.kind !== 'text' && m.label !== null && m.label !== '',
  );
  if (labelled.length === 0) return null;
  const fs = STYLE.legendFontSize;
  const L = STYLE.legend;
  const pad = L.borderPadEm * fs;
  const rowHeight = fs * 1.1;
  const spacing = L.labelSpacingEm * fs;
  const handle = L.handleLengthEm * fs;
  const gap = L.handleTextPadEm * fs;
  const labelWidth = Math.max(...labelled.map((m) => textWidth(m.label!, fs)));
  const width = Math.ceil(2 * pad + handle + gap + labelWidth + 1);
  const height = Math.ceil(2 * pad + labelled.length * rowHeight + (labelled.length - 1) * spacing);

  const axesPad = L.axesPadEm * fs;
  let where: [number, number];
  if (state.legend === 'best') {
    let best = Infinity;
    where = placeAt('upper right', width, height, map, axesPad);
    for (const loc of CANDIDATES) {
      const [bx, by] = placeAt(loc, width, height, map, axesPad);
      const score = badness(state.marks, map, bx, by, width, height);
      if (score < best) {
        best = score;
        where = [bx, by];
        if (score === 0) break;
      }
    }
  } else {
    where = placeAt(state.legend, width, height, map, axesPad);
  }

  const entries = labelled.map((m, i): LegendEntry => {
    const cy = pad + i * (rowHeight + spacing) + rowHeight / 2;
    return {
      kind: m.kind,
      label: m.label!,
      color: m.color,
      opacity: m.opacity,
      // A very thick line would swamp the legend row; matplotlib draws it as is, we cap it.
      size: m.kind === 'line' ? Math.min(m.width, rowHeight * 0.6) : Math.min(m.size, rowHeight),
      dash: m.kind === 'line' ? m.dash : null,
      hx1: pad,
      hx2: pad + handle,
      cy,
      tx: pad + handle + gap,
      ty: cy + centredBaselineOffset(fs),
    };
  });
  return { x: Math.round(where[0]), y: Math.round(where[1]), width, height, entries };
}
