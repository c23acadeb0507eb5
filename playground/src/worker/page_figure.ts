// torchlet/plot as a program in the page sees it: the library's Figure, drawing with the library's
// Vega renderer, except that what would go to a file goes to the page. frame() sends the chart to the
// page as training goes, at most about 30 times a second so drawing does not slow the training; the
// frames in between are drawn only if the program saves the animation.
import { Figure, type AnimationOptions, type FigureOptions, type SaveOptions } from 'torchlet/plot';
// The library's own renderer and animation page, so what the page shows and saves is what Node writes.
import { animationHTML } from '../../../src/plot/animation.js';
import type { FigureState } from '../../../src/plot/layout.js';
import { renderSVG } from '../../../src/plot/render.js';

/** Where figures and files go: the page. */
export interface FigureSink {
  show(id: number, svg: string, frames: number): void;
  write(path: string, contents: string | Uint8Array, mime: string): void;
}

const LIVE_INTERVAL_MS = 1000 / 30;

let sink: FigureSink | null = null;
let nextId = 0;
const open: PageFigure[] = [];

/** Routes every figure of the program now starting to `s`. */
export function setFigureSink(s: FigureSink): void {
  sink = s;
}

function extension(path: string): string {
  const base = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot).toLowerCase() : '';
}

interface Frame {
  state: FigureState;
  svg: string | null;
}

export class PageFigure extends Figure {
  readonly id = nextId++;
  readonly #frames: Frame[] = [];
  #title: string;
  #shown = '';
  #shownAt = -Infinity;
  // The newest frame not yet sent to the page.
  #behind = false;

  constructor(options?: FigureOptions) {
    super(options);
    this.#title = options?.title ?? '';
    open.push(this);
  }

  override suptitle(s: string): this {
    super.suptitle(s);
    this.#title = s;
    return this;
  }

  #state(): FigureState {
    const { width, height, rows, cols } = this;
    return { width, height, rows, cols, title: this.#title, panels: this.axes.map((ax) => ax.state()) };
  }

  #show(svg: string): void {
    this.#shownAt = performance.now();
    this.#behind = false;
    if (svg === this.#shown) return;
    this.#shown = svg;
    sink?.show(this.id, svg, this.#frames.length);
  }

  override frame(): this {
    super.frame();
    const frame: Frame = { state: this.#state(), svg: null };
    this.#frames.push(frame);
    if (performance.now() - this.#shownAt >= LIVE_INTERVAL_MS) {
      frame.svg = renderSVG(frame.state);
      this.#show(frame.svg);
    } else {
      this.#behind = true;
    }
    return this;
  }

  /** Shows the figure in the page and keeps the file among the program's files (.svg, or .png drawn by the page). */
  override save(path: string, options: SaveOptions = {}): this {
    if (typeof path !== 'string' || path === '') throw new TypeError('save: path must be a non-empty string');
    const ext = extension(path);
    if (ext !== '.svg' && ext !== '.png') {
      const hint = ext === '.html' ? '; use saveAnimation() for .html' : '';
      throw new RangeError(`save: unsupported file extension '${ext || '(none)'}' in '${path}': save writes .svg or .png${hint}`);
    }
    const scale = options.scale ?? 1;
    if (typeof scale !== 'number' || !Number.isFinite(scale) || scale <= 0 || scale > 10) {
      throw new RangeError(`save: scale must be a number in (0, 10], but got ${String(scale)}`);
    }
    const svg = this.toSVG();
    this.#show(svg);
    // A PNG is rasterised by the page from the SVG when it is downloaded.
    sink?.write(path, svg, ext === '.svg' ? 'image/svg+xml' : 'image/svg+xml;as=png');
    return this;
  }

  override saveAnimation(path: string, options: AnimationOptions = {}): this {
    if (typeof path !== 'string' || path === '') throw new TypeError('saveAnimation: path must be a non-empty string');
    const ext = extension(path);
    if (ext !== '.html' && ext !== '.htm') {
      throw new RangeError(`saveAnimation: unsupported file extension '${ext || '(none)'}' in '${path}': it writes .html`);
    }
    if (this.#frames.length === 0) {
      throw new Error('saveAnimation: no frames recorded; call fig.frame() after drawing each frame');
    }
    const fps = options.fps ?? 10;
    if (typeof fps !== 'number' || !Number.isFinite(fps) || fps <= 0 || fps > 120) {
      throw new RangeError(`saveAnimation: fps must be a number in (0, 120], but got ${String(fps)}`);
    }
    this.#catchUp();
    const svgs = this.#frames.map((f) => (f.svg ??= renderSVG(f.state)));
    const html = animationHTML(svgs, this.width, {
      fps,
      loop: options.loop ?? true,
      title: options.title ?? (this.#title || 'torchlet figure'),
    });
    sink?.write(path, html, 'text/html');
    return this;
  }

  // Sends the newest frame if the page has not seen it yet.
  #catchUp(): void {
    if (!this.#behind) return;
    const last = this.#frames[this.#frames.length - 1]!;
    this.#show((last.svg ??= renderSVG(last.state)));
  }

  /** Shows the figure as it ends up, as plt.show() at the end of a script. */
  flush(): void {
    this.#catchUp();
    this.#show(this.toSVG());
  }
}

/** Draws every figure of the program in its final state (the ones it never saved or framed too). */
export function flushFigures(): void {
  for (const f of open.splice(0)) {
    try {
      f.flush();
    } catch {
      // A figure the program left half-built (it threw while drawing) is simply not shown.
    }
  }
}

export function figure(options?: FigureOptions): PageFigure {
  return new PageFigure(options);
}
