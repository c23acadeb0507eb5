// Places the panels of a figure: each grid cell gives its axes what the tick labels, axis labels
// and title need (measured with the font's real widths), so nothing is clipped, and panels in
// the same column or row line up.
import type { AxesState } from './axes.js';
import { layoutLegend, type LegendLayout, type PixelMap } from './legend.js';
import { STYLE } from './style.js';
import { textAscent, textDescent, textWidth } from './text-measure.js';
import { autoLimits, axisTicks, finiteExtent, type AxisTicks } from './ticks.js';

export interface FigureState {
  readonly width: number;
  readonly height: number;
  readonly rows: number;
  readonly cols: number;
  readonly title: string;
  readonly panels: readonly AxesState[];
}

export interface PanelLayout {
  /** Plot area (inside the frame) in figure px. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly xlim: readonly [number, number];
  readonly ylim: readonly [number, number];
  readonly xticks: AxisTicks;
  readonly yticks: AxisTicks;
  /** Baseline positions of the panel's own texts, relative to the plot area. */
  readonly titleY: number;
  readonly xlabelY: number;
  readonly ylabelX: number;
  readonly xOffsetY: number;
  readonly legend: LegendLayout | null;
}

export interface FigureLayout {
  readonly titleY: number;
  readonly panels: PanelLayout[];
}

const lineHeight = (fs: number) => textAscent(fs) + textDescent(fs);

function limitsOf(state: AxesState): [readonly [number, number], readonly [number, number]] {
  const xs: Float64Array[] = [];
  const ys: Float64Array[] = [];
  for (const m of state.marks) {
    if (m.kind === 'text') continue;
    // Only points drawn in full count, so a NaN in y does not stretch x to its partner.
    const keepX = new Float64Array(m.x.length);
    const keepY = new Float64Array(m.y.length);
    let n = 0;
    for (let i = 0; i < m.x.length; i++) {
      if (Number.isFinite(m.x[i]!) && Number.isFinite(m.y[i]!)) {
        keepX[n] = m.x[i]!;
        keepY[n] = m.y[i]!;
        n++;
      }
    }
    xs.push(keepX.subarray(0, n));
    ys.push(keepY.subarray(0, n));
  }
  return [state.xlim ?? autoLimits(finiteExtent(xs)), state.ylim ?? autoLimits(finiteExtent(ys))];
}

interface Needs {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

function widest(labels: readonly string[], fs: number): number {
  return labels.reduce((w, l) => Math.max(w, textWidth(l, fs)), 0);
}

function needsOf(state: AxesState, xt: AxisTicks, yt: AxisTicks): Needs {
  const tick = STYLE.tickLength + STYLE.tickPad;
  const tickFs = STYLE.tickFontSize;
  let left = tick + widest(yt.labels, tickFs);
  if (state.ylabel) left += STYLE.axisLabelPad + lineHeight(STYLE.labelFontSize);
  let bottom = tick + lineHeight(tickFs);
  if (xt.offsetText) bottom += lineHeight(tickFs);
  if (state.xlabel) bottom += STYLE.axisLabelPad + lineHeight(STYLE.labelFontSize);
  let top = lineHeight(tickFs) / 2;
  if (yt.offsetText) top = Math.max(top, lineHeight(tickFs) + 2);
  if (state.title) top = Math.max(top, lineHeight(STYLE.titleFontSize) + STYLE.titlePad);
  // The last x label is centred on its tick and may hang past the frame by half its width.
  const last = xt.labels.at(-1) ?? '';
  const right = Math.max(4, textWidth(last, tickFs) / 2 + 2);
  return { left, right, top, bottom };
}

function pixelMap(xlim: readonly [number, number], ylim: readonly [number, number], w: number, h: number): PixelMap {
  const sx = w / (xlim[1] - xlim[0]);
  const sy = h / (ylim[1] - ylim[0]);
  return { width: w, height: h, px: (x) => (x - xlim[0]) * sx, py: (y) => h - (y - ylim[0]) * sy };
}

export function layoutFigure(fig: FigureState): FigureLayout {
  const pad = STYLE.figurePad;
  const titleSpace = fig.title ? lineHeight(STYLE.figureTitleFontSize) + STYLE.titlePad : 0;
  const gap = STYLE.panelGap;
  const cellW = (fig.width - 2 * pad - (fig.cols - 1) * gap) / fig.cols;
  const cellH = (fig.height - 2 * pad - titleSpace - (fig.rows - 1) * gap) / fig.rows;
  const limits = fig.panels.map(limitsOf);

  // Tick choice depends on the axis length, which depends on the label widths: two rounds settle it.
  let lengths = fig.panels.map(() => [cellW * 0.8, cellH * 0.8] as [number, number]);
  let ticks: [AxisTicks, AxisTicks][] = [];
  let colLeft: number[] = [];
  let colRight: number[] = [];
  let rowTop: number[] = [];
  let rowBottom: number[] = [];
  for (let round = 0; round < 2; round++) {
    ticks = fig.panels.map((_, i) => [
      axisTicks(limits[i]![0], lengths[i]![0], true),
      axisTicks(limits[i]![1], lengths[i]![1], false),
    ]);
    const needs = fig.panels.map((s, i) => needsOf(s, ticks[i]![0], ticks[i]![1]));
    colLeft = Array.from({ length: fig.cols }, () => 0);
    colRight = Array.from({ length: fig.cols }, () => 0);
    rowTop = Array.from({ length: fig.rows }, () => 0);
    rowBottom = Array.from({ length: fig.rows }, () => 0);
    needs.forEach((n, i) => {
      const r = Math.floor(i / fig.cols);
      const c = i % fig.cols;
      colLeft[c] = Math.max(colLeft[c]!, n.left);
      colRight[c] = Math.max(colRight[c]!, n.right);
      rowTop[r] = Math.max(rowTop[r]!, n.top);
      rowBottom[r] = Math.max(rowBottom[r]!, n.bottom);
    });
    lengths = fig.panels.map((_, i) => {
      const r = Math.floor(i / fig.cols);
      const c = i % fig.cols;
      return [
        Math.max(10, cellW - colLeft[c]! - colRight[c]!),
        Math.max(10, cellH - rowTop[r]! - rowBottom[r]!),
      ];
    });
  }

  const tick = STYLE.tickLength + STYLE.tickPad;
  const panels = fig.panels.map((state, i): PanelLayout => {
    const r = Math.floor(i / fig.cols);
    const c = i % fig.cols;
    const x = Math.round(pad + c * (cellW + gap) + colLeft[c]!);
    const y = Math.round(pad + titleSpace + r * (cellH + gap) + rowTop[r]!);
    const width = Math.round(lengths[i]![0]);
    const height = Math.round(lengths[i]![1]);
    const [xt, yt] = ticks[i]!;
    const [xlim, ylim] = limits[i]!;
    const labelFs = STYLE.labelFontSize;
    const tickRow = tick + lineHeight(STYLE.tickFontSize);
    const xOffsetY = tickRow + textAscent(STYLE.tickFontSize);
    const xlabelTop = tickRow + (xt.offsetText ? lineHeight(STYLE.tickFontSize) : 0) + STYLE.axisLabelPad;
    return {
      x,
      y,
      width,
      height,
      xlim,
      ylim,
      xticks: xt,
      yticks: yt,
      titleY: -STYLE.titlePad - textDescent(STYLE.titleFontSize),
      xlabelY: height + xlabelTop + textAscent(labelFs),
      // Rotated a quarter turn, the label's ascent points left: the baseline sits its descent away.
      ylabelX: -(tick + widest(yt.labels, STYLE.tickFontSize) + STYLE.axisLabelPad + textDescent(labelFs)),
      xOffsetY: height + xOffsetY,
      legend: layoutLegend(state, pixelMap(xlim, ylim, width, height)),
    };
  });
  return { titleY: pad + textAscent(STYLE.figureTitleFontSize), panels };
}
