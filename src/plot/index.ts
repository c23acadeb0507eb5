// torchlet/plot: matplotlib-style figures for the tutorial programs, drawn with Vega and saved as
// SVG, PNG or a self-playing HTML animation. Kept apart from the tensor library: nothing here
// imports torchlet, and torchlet never loads this.
export { figure, Figure, type FigureOptions, type SaveOptions } from './figure.js';
export {
  Axes,
  LEGEND_LOCATIONS,
  type LegendLocation,
  type LegendOptions,
  type MarkOptions,
  type TextOptions,
} from './axes.js';
export type { AnimationOptions } from './animation.js';
export type { Data, NumericArray, TensorLike } from './data.js';
export type { DashStyle } from './style.js';
export { TAB10 } from './colors.js';
