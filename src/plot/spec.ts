// Translates a figure and its layout into a Vega specification. Everything that changes from one
// animation frame to the next (data, limits, ticks, positions, strings) is a signal or a data set,
// so frames of the same structure share one compiled Vega view.
import type { AxesState, Mark } from './axes.js';
import type { FigureLayout, FigureState, PanelLayout } from './layout.js';
import { STYLE } from './style.js';
import { FONT_FAMILY } from './text-measure.js';

type Json = Record<string, unknown>;

export interface BuiltSpec {
  /** The spec with signal and data values left out: equal skeletons can reuse one view. */
  readonly skeleton: Json;
  readonly signals: Map<string, unknown>;
  readonly data: Map<string, object[]>;
}

class Builder {
  readonly signals = new Map<string, unknown>();
  readonly data = new Map<string, object[]>();

  signal(name: string, value: unknown): { signal: string } {
    this.signals.set(name, value);
    return { signal: name };
  }

  dataset(name: string, rows: object[]): { data: string } {
    this.data.set(name, rows);
    return { data: name };
  }
}

const value = (v: unknown) => ({ value: v });

// `id` names the signals (an identifier); the mark's name becomes its SVG class.
function textMark(b: Builder, id: string, text: string, x: number, y: number, opts: Json): Json {
  return {
    type: 'text',
    name: id.replace(/_/g, '-'),
    encode: {
      update: {
        x: b.signal(`${id}_x`, x),
        y: b.signal(`${id}_y`, y),
        text: b.signal(`${id}_text`, text),
        font: value(FONT_FAMILY),
        fill: value(STYLE.textColor),
        baseline: value('alphabetic'),
        ...opts,
      },
    },
  };
}

function dataMark(b: Builder, id: string, m: Exclude<Mark, { kind: 'text' }>): Json {
  const at = { x: { scale: 'x', field: 'x' }, y: { scale: 'y', field: 'y' } };
  if (m.kind === 'scatter') {
    const rows: { x: number; y: number }[] = [];
    for (let i = 0; i < m.x.length; i++) {
      const x = m.x[i]!;
      const y = m.y[i]!;
      if (Number.isFinite(x) && Number.isFinite(y)) rows.push({ x, y });
    }
    return {
      type: 'symbol',
      name: `${id.replace('_', '-')}-scatter`,
      from: b.dataset(id, rows),
      encode: {
        update: {
          ...at,
          shape: value('circle'),
          // Vega sizes symbols by area; a circle of area d^2 has diameter d.
          size: value(m.size * m.size),
          fill: value(m.color),
          fillOpacity: value(m.opacity),
        },
      },
    };
  }
  let gaps = false;
  const rows: { x: number; y: number; ok: boolean }[] = [];
  for (let i = 0; i < m.x.length; i++) {
    const x = m.x[i]!;
    const y = m.y[i]!;
    const ok = Number.isFinite(x) && Number.isFinite(y);
    if (!ok) gaps = true;
    rows.push(ok ? { x, y, ok } : { x: 0, y: 0, ok });
  }
  const update: Json = {
    ...at,
    stroke: value(m.color),
    strokeWidth: value(m.width),
    strokeOpacity: value(m.opacity),
    strokeJoin: value('round'),
    strokeCap: value('butt'),
  };
  if (m.dash) update.strokeDash = value(m.dash);
  // Like matplotlib, a NaN breaks the line instead of dropping to zero.
  if (gaps) update.defined = { field: 'ok' };
  return { type: 'line', name: `${id.replace('_', '-')}-line`, from: b.dataset(id, rows), encode: { update } };
}

function axis(b: Builder, p: string, orient: 'bottom' | 'left', panel: PanelLayout): Json {
  const key = orient === 'bottom' ? 'x' : 'y';
  const ticks = orient === 'bottom' ? panel.xticks : panel.yticks;
  const values = b.signal(`${p}_${key}ticks`, ticks.values);
  const labels = b.signal(`${p}_${key}labels`, ticks.labels);
  return {
    orient,
    scale: key,
    values,
    domain: false,
    grid: false,
    ticks: true,
    tickSize: STYLE.tickLength,
    tickWidth: STYLE.frameWidth,
    tickColor: STYLE.frameColor,
    labelFont: FONT_FAMILY,
    labelFontSize: STYLE.tickFontSize,
    labelColor: STYLE.textColor,
    labelPadding: STYLE.tickPad,
    labelOverlap: false,
    labelFlush: false,
    labelBound: false,
    aria: false,
    // The labels were formatted (and measured) on our side; look each tick's text up by its value.
    encode: { labels: { update: { text: { signal: `${labels.signal}[indexof(${values.signal}, datum.value)]` } } } },
  };
}

function legendMarks(b: Builder, p: string, panel: PanelLayout): Json[] {
  const lg = panel.legend;
  if (!lg) return [];
  const lines = lg.entries.filter((e) => e.kind === 'line');
  const points = lg.entries.filter((e) => e.kind === 'scatter');
  const marks: Json[] = [
    {
      type: 'rect',
      name: `${p}-legend-frame`,
      encode: {
        update: {
          x: value(0),
          y: value(0),
          width: { field: { group: 'width' } },
          height: { field: { group: 'height' } },
          fill: value(STYLE.background),
          fillOpacity: value(STYLE.legend.frameOpacity),
          stroke: value(STYLE.legend.frameColor),
          strokeWidth: value(1),
          cornerRadius: value(STYLE.legend.cornerRadius),
        },
      },
    },
  ];
  if (lines.length > 0) {
    const rows = lines.map((e) => ({ x1: e.hx1, x2: e.hx2, y: e.cy, color: e.color, width: e.size, opacity: e.opacity, dash: e.dash ?? [] }));
    marks.push({
      type: 'rule',
      name: `${p}-legend-lines`,
      from: b.dataset(`${p}_legend_lines`, rows),
      encode: {
        update: {
          x: { field: 'x1' },
          x2: { field: 'x2' },
          y: { field: 'y' },
          stroke: { field: 'color' },
          strokeWidth: { field: 'width' },
          strokeOpacity: { field: 'opacity' },
          strokeDash: { field: 'dash' },
          strokeCap: value('butt'),
        },
      },
    });
  }
  if (points.length > 0) {
    const rows = points.map((e) => ({ x: (e.hx1 + e.hx2) / 2, y: e.cy, color: e.color, size: e.size * e.size, opacity: e.opacity }));
    marks.push({
      type: 'symbol',
      name: `${p}-legend-symbols`,
      from: b.dataset(`${p}_legend_points`, rows),
      encode: {
        update: {
          x: { field: 'x' },
          y: { field: 'y' },
          shape: value('circle'),
          size: { field: 'size' },
          fill: { field: 'color' },
          fillOpacity: { field: 'opacity' },
        },
      },
    });
  }
  marks.push({
    type: 'text',
    name: `${p}-legend-labels`,
    from: b.dataset(
      `${p}_legend_labels`,
      lg.entries.map((e) => ({ x: e.tx, y: e.ty, text: e.label })),
    ),
    encode: {
      update: {
        x: { field: 'x' },
        y: { field: 'y' },
        text: { field: 'text' },
        font: value(FONT_FAMILY),
        fontSize: value(STYLE.legendFontSize),
        fill: value(STYLE.textColor),
        baseline: value('alphabetic'),
      },
    },
  });
  return [
    {
      type: 'group',
      name: `${p}-legend`,
      encode: {
        update: {
          x: b.signal(`${p}_legend_x`, lg.x),
          y: b.signal(`${p}_legend_y`, lg.y),
          width: b.signal(`${p}_legend_w`, lg.width),
          height: b.signal(`${p}_legend_h`, lg.height),
        },
      },
      marks,
    },
  ];
}

function panelGroup(b: Builder, i: number, state: AxesState, panel: PanelLayout): Json {
  const p = `p${i}`;
  const dataMarks: Json[] = [];
  const texts: Json[] = [];
  state.marks.forEach((m, j) => {
    const id = `${p}_m${j}`;
    if (m.kind !== 'text') {
      dataMarks.push(dataMark(b, id, m));
      return;
    }
    texts.push({
      type: 'text',
      name: `${id.replace('_', '-')}-text`,
      from: b.dataset(id, [{ x: m.x, y: m.y, text: m.text }]),
      encode: {
        update: {
          x: { scale: 'x', field: 'x' },
          y: { scale: 'y', field: 'y' },
          text: { field: 'text' },
          font: value(FONT_FAMILY),
          fontSize: value(m.size),
          fill: value(m.color),
          fillOpacity: value(m.opacity),
          align: value(m.align),
          baseline: value('alphabetic'),
        },
      },
    });
  });

  const width = b.signal(`${p}_w`, panel.width);
  const height = b.signal(`${p}_h`, panel.height);
  const marks: Json[] = [
    {
      type: 'group',
      name: `${p}-plot`,
      clip: true,
      encode: { update: { width: { field: { group: 'width' } }, height: { field: { group: 'height' } } } },
      marks: dataMarks,
    },
    ...texts,
    {
      type: 'rect',
      name: `${p}-frame`,
      encode: {
        update: {
          x: value(0),
          y: value(0),
          width: { field: { group: 'width' } },
          height: { field: { group: 'height' } },
          stroke: value(STYLE.frameColor),
          strokeWidth: value(STYLE.frameWidth),
        },
      },
    },
    ...legendMarks(b, p, panel),
  ];
  const tickFs = STYLE.tickFontSize;
  if (state.title) {
    marks.push(textMark(b, `${p}_title`, state.title, panel.width / 2, panel.titleY, {
      fontSize: value(STYLE.titleFontSize),
      align: value('center'),
    }));
  }
  if (state.xlabel) {
    marks.push(textMark(b, `${p}_xlabel`, state.xlabel, panel.width / 2, panel.xlabelY, {
      fontSize: value(STYLE.labelFontSize),
      align: value('center'),
    }));
  }
  if (state.ylabel) {
    marks.push(textMark(b, `${p}_ylabel`, state.ylabel, panel.ylabelX, panel.height / 2, {
      fontSize: value(STYLE.labelFontSize),
      align: value('center'),
      angle: value(-90),
    }));
  }
  if (panel.xticks.offsetText) {
    marks.push(textMark(b, `${p}_xoffset`, panel.xticks.offsetText, panel.width, panel.xOffsetY, {
      fontSize: value(tickFs),
      align: value('right'),
    }));
  }
  if (panel.yticks.offsetText) {
    marks.push(textMark(b, `${p}_yoffset`, panel.yticks.offsetText, 0, -4, {
      fontSize: value(tickFs),
      align: value('left'),
    }));
  }

  return {
    type: 'group',
    name: `panel-${i}`,
    encode: {
      update: {
        x: b.signal(`${p}_x`, panel.x),
        y: b.signal(`${p}_y`, panel.y),
        width,
        height,
      },
    },
    scales: [
      { name: 'x', type: 'linear', domain: b.signal(`${p}_xlim`, panel.xlim), range: [0, width], zero: false, nice: false },
      { name: 'y', type: 'linear', domain: b.signal(`${p}_ylim`, panel.ylim), range: [height, 0], zero: false, nice: false },
    ],
    axes: [axis(b, p, 'bottom', panel), axis(b, p, 'left', panel)],
    marks,
  };
}

export function buildSpec(fig: FigureState, layout: FigureLayout): BuiltSpec {
  const b = new Builder();
  const marks: Json[] = fig.panels.map((state, i) => panelGroup(b, i, state, layout.panels[i]!));
  if (fig.title) {
    marks.push(textMark(b, 'figure_title', fig.title, fig.width / 2, layout.titleY, {
      fontSize: value(STYLE.figureTitleFontSize),
      align: value('center'),
    }));
  }
  const skeleton: Json = {
    $schema: 'https://vega.github.io/schema/vega/v6.json',
    width: fig.width,
    height: fig.height,
    padding: 0,
    autosize: 'none',
    background: STYLE.background,
    signals: [...b.signals.keys()].map((name) => ({ name })),
    data: [...b.data.keys()].map((name) => ({ name })),
    marks,
  };
  return { skeleton, signals: b.signals, data: b.data };
}
