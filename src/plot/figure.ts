import { animationHTML, type AnimationOptions } from './animation.js';
import { Axes, type LegendLocation, type LegendOptions, type MarkOptions, type TextOptions } from './axes.js';
import { isData, type Data } from './data.js';
import type { FigureState } from './layout.js';
import { nodeBuiltin } from './node_builtins.js';
import { svgToPNG } from './png.js';
import { renderSVG } from './render.js';

export interface FigureOptions {
  /** Grid of panels, filled row by row (default 1 x 1). */
  rows?: number;
  cols?: number;
  /** Size of the whole figure in px (default 640 x 480, matplotlib's). */
  width?: number;
  height?: number;
  /** Title over the whole figure. */
  title?: string;
}

export interface SaveOptions {
  /** PNG only: device pixels per figure pixel (default 1; 2 for high-DPI screens). */
  scale?: number;
}

const MAX_GRID = 16;
const MIN_SIZE = 50;
const MAX_SIZE = 10000;

function gridSize(name: string, v: unknown): number {
  if (v === undefined) return 1;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > MAX_GRID) {
    throw new RangeError(`figure: ${name} must be an integer from 1 to ${MAX_GRID}, but got ${String(v)}`);
  }
  return v;
}

function pixelSize(name: string, v: unknown, fallback: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < MIN_SIZE || v > MAX_SIZE) {
    throw new RangeError(`figure: ${name} must be a number of px from ${MIN_SIZE} to ${MAX_SIZE}, but got ${String(v)}`);
  }
  return Math.round(v);
}

// The extension as node:path's extname gives it ('' for none or a leading-dot name), kept free of
// Node so that checking a path works in a browser too.
function extname(path: string): string {
  const base = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot) : '';
}

function writeFile(path: string, contents: string | Uint8Array, what: string): void {
  const { mkdirSync, writeFileSync } = nodeBuiltin<typeof import('node:fs')>('node:fs', what);
  const { dirname } = nodeBuiltin<typeof import('node:path')>('node:path', what);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, contents);
}

/**
 * A figure of one or more panels (`Axes`). Drawing methods called on the figure go to the current
 * panel, the one last chosen with `subplot` (the first at the start), and return the figure.
 */
export class Figure {
  readonly rows: number;
  readonly cols: number;
  readonly width: number;
  readonly height: number;
  #title: string;
  readonly #axes: Axes[];
  #current = 0;
  #frames: FigureState[] = [];

  constructor(options: FigureOptions = {}) {
    if (typeof options !== 'object' || options === null) throw new TypeError('figure: options must be an object');
    const known = ['rows', 'cols', 'width', 'height', 'title'];
    for (const key of Object.keys(options)) {
      if (!known.includes(key)) throw new TypeError(`figure: unknown option '${key}' (expected ${known.join(', ')})`);
    }
    this.rows = gridSize('rows', options.rows);
    this.cols = gridSize('cols', options.cols);
    this.width = pixelSize('width', options.width, 640);
    this.height = pixelSize('height', options.height, 480);
    if (options.title !== undefined && typeof options.title !== 'string') {
      throw new TypeError(`figure: title must be a string, but got ${typeof options.title}`);
    }
    this.#title = options.title ?? '';
    this.#axes = Array.from({ length: this.rows * this.cols }, () => new Axes());
  }

  /** All panels in row-major order. */
  get axes(): readonly Axes[] {
    return this.#axes;
  }

  /** Panel `i` (0-based, row-major); it also becomes the current panel. */
  subplot(i: number): Axes {
    const n = this.#axes.length;
    if (typeof i !== 'number' || !Number.isInteger(i) || i < 0 || i >= n) {
      throw new RangeError(`subplot: index ${String(i)} is out of range for a ${this.rows}x${this.cols} figure (0..${n - 1})`);
    }
    this.#current = i;
    return this.#axes[i]!;
  }

  /** The current panel. */
  gca(): Axes {
    return this.#axes[this.#current]!;
  }

  line(y: Data, opts?: MarkOptions): this;
  line(x: Data, y: Data, opts?: MarkOptions): this;
  line(a: Data, b?: Data | MarkOptions, c?: MarkOptions): this {
    const ax = this.gca();
    if (isData(b)) ax.line(a, b, c);
    else ax.line(a, b);
    return this;
  }

  scatter(x: Data, y: Data, opts?: MarkOptions): this {
    this.gca().scatter(x, y, opts);
    return this;
  }

  text(x: number, y: number, str: string, opts?: TextOptions): this {
    this.gca().text(x, y, str, opts);
    return this;
  }

  legend(opts?: LegendOptions | LegendLocation): this {
    this.gca().legend(opts);
    return this;
  }

  xlabel(s: string): this {
    this.gca().xlabel(s);
    return this;
  }

  ylabel(s: string): this {
    this.gca().ylabel(s);
    return this;
  }

  /** Title of the current panel; `suptitle` titles the whole figure. */
  title(s: string): this {
    this.gca().title(s);
    return this;
  }

  suptitle(s: string): this {
    if (typeof s !== 'string') throw new TypeError(`suptitle must be a string, but got ${typeof s}`);
    this.#title = s;
    return this;
  }

  xlim(a: number | readonly [number, number], b?: number): this {
    this.gca().xlim(a, b);
    return this;
  }

  ylim(a: number | readonly [number, number], b?: number): this {
    this.gca().ylim(a, b);
    return this;
  }

  /** Removes every panel's marks (labels, limits, legends and size stay), as plt.cla() before redrawing. */
  clear(): this {
    for (const ax of this.#axes) ax.clear();
    return this;
  }

  #state(): FigureState {
    return {
      width: this.width,
      height: this.height,
      rows: this.rows,
      cols: this.cols,
      title: this.#title,
      panels: this.#axes.map((ax) => ax.state()),
    };
  }

  /** Records the figure as it is now as one animation frame (cheap: rendering waits for saveAnimation). */
  frame(): this {
    this.#frames.push(this.#state());
    return this;
  }

  /** Number of frames recorded so far. */
  get frameCount(): number {
    return this.#frames.length;
  }

  /** The figure as it is now, as an SVG document. */
  toSVG(): string {
    return renderSVG(this.#state());
  }

  /** Writes the figure as it is now to `path`, an .svg or .png file; missing folders are created. */
  save(path: string, options: SaveOptions = {}): this {
    if (typeof path !== 'string' || path === '') throw new TypeError('save: path must be a non-empty string');
    const ext = extname(path).toLowerCase();
    if (ext !== '.svg' && ext !== '.png') {
      const hint = ext === '.html' ? '; use saveAnimation() for .html' : '';
      throw new RangeError(
        `save: unsupported file extension '${ext || '(none)'}' in '${path}': save writes .svg or .png${hint}`,
      );
    }
    const scale = options.scale ?? 1;
    if (typeof scale !== 'number' || !Number.isFinite(scale) || scale <= 0 || scale > 10) {
      throw new RangeError(`save: scale must be a number in (0, 10], but got ${String(scale)}`);
    }
    const svg = this.toSVG();
    writeFile(path, ext === '.svg' ? svg : svgToPNG(svg, scale), 'save');
    return this;
  }

  /** Writes every recorded frame to one self-contained .html page that plays them. */
  saveAnimation(path: string, options: AnimationOptions = {}): this {
    if (typeof path !== 'string' || path === '') throw new TypeError('saveAnimation: path must be a non-empty string');
    const ext = extname(path).toLowerCase();
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
    const svgs = this.#frames.map(renderSVG);
    const html = animationHTML(svgs, this.width, {
      fps,
      loop: options.loop ?? true,
      title: options.title ?? (this.#title || 'torchlet figure'),
    });
    writeFile(path, html, 'saveAnimation');
    return this;
  }
}

/** Creates a figure, as matplotlib's plt.figure / plt.subplots. */
export function figure(options?: FigureOptions): Figure {
  return new Figure(options);
}
