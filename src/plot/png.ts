// SVG to PNG through resvg. It is a native module, so it is loaded only when a PNG is asked for:
// SVG output keeps working on a platform resvg has no binary for.
import { nodeBuiltin } from './node_builtins.js';

type ResvgModule = typeof import('@resvg/resvg-js');

let resvg: ResvgModule | null = null;

function loadResvg(): ResvgModule {
  if (resvg) return resvg;
  const { createRequire } = nodeBuiltin<typeof import('node:module')>('node:module', 'saving PNG');
  try {
    resvg = createRequire(import.meta.url)('@resvg/resvg-js') as ResvgModule;
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new Error(`saving PNG needs @resvg/resvg-js, which could not be loaded (${why}); save as .svg instead`);
  }
  return resvg;
}

/** Rasterises an SVG at `scale` device pixels per SVG pixel, drawing text with the system's fonts. */
export function svgToPNG(svg: string, scale: number): Uint8Array {
  const { Resvg } = loadResvg();
  const image = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  });
  return image.render().asPng();
}
