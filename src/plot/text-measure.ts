import { ADVANCE_EM, FONT_ASCENT_EM, FONT_DESCENT_EM } from './font-metrics.js';

// DejaVu Sans first: it is matplotlib's font and the one the widths below were taken from.
// Verdana shares its proportions, so a viewer without DejaVu still lays text out as measured.
export const FONT_FAMILY = 'DejaVu Sans, Bitstream Vera Sans, Verdana, Arial, sans-serif';

const AVERAGE_EM = 0.62;
const WIDE_EM = 1.0;

function advanceEm(code: number): number {
  const known = ADVANCE_EM.get(code);
  if (known !== undefined) return known;
  // CJK, kana, hangul and full-width forms are drawn a full em wide by every fallback font.
  if (code >= 0x2e80 && code <= 0xffef) return WIDE_EM;
  if (code > 0xffff) return WIDE_EM;
  return AVERAGE_EM;
}

/** Width in px of `text` set in the plot font at `fontSize` px. */
export function textWidth(text: string, fontSize: number): number {
  let em = 0;
  for (const ch of text) em += advanceEm(ch.codePointAt(0)!);
  return em * fontSize;
}

/** Height above the baseline that the tallest glyphs reach, in px. */
export function textAscent(fontSize: number): number {
  return FONT_ASCENT_EM * fontSize;
}

/** Depth below the baseline that descenders reach, in px. */
export function textDescent(fontSize: number): number {
  return FONT_DESCENT_EM * fontSize;
}

/** Offset from a line's vertical centre to the baseline that centres capitals and digits on it. */
export function centredBaselineOffset(fontSize: number): number {
  // DejaVu's cap height is 0.73 em; half of it puts digits visually in the middle.
  return 0.365 * fontSize;
}
