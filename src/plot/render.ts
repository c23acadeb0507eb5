// Renders a figure to an SVG string synchronously with Vega. Vega's own toSVG() is async only
// because it may load data or images; a plot has neither, so the dataflow runs to completion in
// view.run() and the headless SVG renderer writes the scene straight away.
import { parse, renderModule, View, type Spec } from 'vega';
import { layoutFigure, type FigureState } from './layout.js';
import { buildSpec, type BuiltSpec } from './spec.js';

interface HeadlessSvg {
  initialize(el: null, width: number, height: number, origin: readonly number[], scale?: number): HeadlessSvg;
  background(color: string): HeadlessSvg;
  render(scene: unknown): HeadlessSvg;
  svg(): string;
}
type HeadlessSvgClass = new (loader: unknown) => HeadlessSvg;

// Compiled views by spec skeleton: animation frames of one figure differ only in signals and data,
// so they reuse a view and Vega recomputes just what changed.
const CACHE_LIMIT = 8;

interface CachedView {
  readonly view: View;
  // What the view holds now, serialised: only what differs is pushed, so unchanged axes and
  // data sets are not recomputed.
  readonly signals: Map<string, string>;
  readonly data: Map<string, string>;
}

const views = new Map<string, CachedView>();

class CollectingLogger {
  readonly errors: string[] = [];
  #level = 1;
  level(): number;
  level(l: number): this;
  level(l?: number): number | this {
    if (l === undefined) return this.#level;
    this.#level = l;
    return this;
  }
  error(...args: readonly unknown[]): this {
    this.errors.push(args.map((a) => (a instanceof Error ? a.message : String(a))).join(' '));
    return this;
  }
  warn(): this {
    return this;
  }
  info(): this {
    return this;
  }
  debug(): this {
    return this;
  }
}

function fill(built: BuiltSpec): Spec {
  const s = built.skeleton;
  return {
    ...s,
    signals: [...built.signals].map(([name, value]) => ({ name, value })),
    data: [...built.data].map(([name, values]) => ({ name, values })),
  } as unknown as Spec;
}

function viewFor(built: BuiltSpec, logger: CollectingLogger): View {
  const key = JSON.stringify(built.skeleton);
  const cached = views.get(key);
  if (cached) {
    views.delete(key);
    views.set(key, cached);
    const { view } = cached;
    view.logger(logger);
    for (const [name, value] of built.signals) {
      const text = JSON.stringify(value);
      if (cached.signals.get(name) === text) continue;
      cached.signals.set(name, text);
      view.signal(name, value as never);
    }
    for (const [name, rows] of built.data) {
      const text = JSON.stringify(rows);
      if (cached.data.get(name) === text) continue;
      cached.data.set(name, text);
      view.data(name, rows);
    }
    return view;
  }
  const view = new View(parse(fill(built)), { renderer: 'none', logger });
  const serialise = (m: Map<string, unknown>) => new Map([...m].map(([k, v]) => [k, JSON.stringify(v)]));
  views.set(key, { view, signals: serialise(built.signals), data: serialise(built.data) });
  if (views.size > CACHE_LIMIT) {
    const [oldest] = views.keys();
    views.get(oldest!)!.view.finalize();
    views.delete(oldest!);
  }
  return view;
}

function dropView(view: View): void {
  for (const [key, v] of views) if (v.view === view) views.delete(key);
  view.finalize();
}

export function renderSVG(fig: FigureState): string {
  const built = buildSpec(fig, layoutFigure(fig));
  const logger = new CollectingLogger();
  const view = viewFor(built, logger);
  view.run();
  if (logger.errors.length > 0) {
    dropView(view);
    throw new Error(`plot rendering failed: ${logger.errors.join('; ')}`);
  }
  // Called with one argument renderModule reads the registry; a second argument, even undefined, writes it.
  const lookup = renderModule as unknown as (name: string) => { headless: HeadlessSvgClass };
  const Headless = lookup('svg').headless;
  const svg = new Headless(view.loader())
    .initialize(null, fig.width, fig.height, [0, 0], 1)
    .background(String(built.skeleton.background))
    .render((view.scenegraph() as unknown as { root: unknown }).root)
    .svg();
  return svg;
}
