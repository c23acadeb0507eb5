/**
 * PyTorch-style argument lists (DESIGN.md): arguments PyTorch takes positionally may come
 * positionally, in PyTorch's order, and from any point on as one trailing options object with
 * camelCase names. `readArgs` merges both into one record and rejects unknown or doubled names,
 * as Python rejects unexpected keyword arguments.
 */
import { splitOptions } from '../../ops/options.js';

export function readArgs(
  fnName: string,
  args: readonly unknown[],
  positionalNames: readonly string[],
  keywordOnlyNames: readonly string[] = [],
): Record<string, unknown> {
  const [positional, options] = splitOptions(args);
  if (positional.length > positionalNames.length) {
    throw new TypeError(
      `${fnName} takes at most ${positionalNames.length} positional argument(s) after the first, but ${positional.length} were given`,
    );
  }
  const out: Record<string, unknown> = {};
  positional.forEach((v, i) => {
    out[positionalNames[i]!] = v;
  });
  for (const [key, value] of Object.entries(options)) {
    if (!positionalNames.includes(key) && !keywordOnlyNames.includes(key)) {
      throw new TypeError(`${fnName} got an unexpected keyword argument '${key}'`);
    }
    if (key in out && out[key] !== undefined) {
      throw new TypeError(`${fnName} got multiple values for argument '${key}'`);
    }
    out[key] = value;
  }
  return out;
}

/** A value as Python would print it in an error message (true, null, 2.5, 'text'). */
export function showValue(v: unknown): string {
  if (typeof v === 'string') return `'${v}'`;
  if (typeof v === 'bigint') return String(v);
  if (v === undefined) return 'undefined';
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) return (v as object).constructor?.name ?? 'Object';
  if (Array.isArray(v)) return `[${v.map(showValue).join(', ')}]`;
  return String(v);
}
