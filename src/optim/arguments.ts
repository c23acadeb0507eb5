// Constructor arguments the PyTorch way (DESIGN.md): positional in PyTorch's order, and from any point
// on the rest as one trailing options object with camelCase names (keyword-only ones only that way).
import { isOptions } from '../ops/options.js';

/**
 * The argument lists a constructor accepts after its fixed leading arguments: a prefix of the
 * positional parameters `P`, optionally followed by one options object `O`.
 */
export type PositionalThenOptions<P extends readonly unknown[], O> = P extends readonly [infer H, ...infer R]
  ? [] | [options: O] | [H, ...PositionalThenOptions<R, O>]
  : [] | [options: O];

/**
 * Binds `args` to names. Returns only what the caller passed (undefined positionals are skipped), so the
 * caller's defaults fill the rest. Unknown option names are an error: a misspelt `weight_decay` would
 * otherwise be silently ignored.
 */
export function bindArguments(
  owner: string,
  args: readonly unknown[],
  positional: readonly string[],
  keywordOnly: readonly string[] = [],
): Record<string, unknown> {
  const bound: Record<string, unknown> = {};
  let rest = args;
  if (rest.length > 0 && isOptions(rest[rest.length - 1])) {
    const options = rest[rest.length - 1] as Record<string, unknown>;
    rest = rest.slice(0, -1);
    for (const [key, value] of Object.entries(options)) {
      if (!positional.includes(key) && !keywordOnly.includes(key)) {
        throw new TypeError(`${owner}() got an unexpected keyword argument '${key}'`);
      }
      if (value !== undefined) bound[key] = value;
    }
  }
  if (rest.length > positional.length) {
    throw new TypeError(
      `${owner}() takes at most ${positional.length} positional arguments after the first but ${rest.length} were given`,
    );
  }
  rest.forEach((value, i) => {
    if (value === undefined) return;
    const key = positional[i];
    if (key in bound) throw new TypeError(`${owner}() got multiple values for argument '${key}'`);
    bound[key] = value;
  });
  return bound;
}

/** Defaults overridden by what was bound, in the defaults' key order (PyTorch's dict order). */
export function withDefaults<T extends Record<string, unknown>>(defaults: T, bound: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(defaults)) out[key] = key in bound ? bound[key] : defaults[key];
  return out as T;
}

/** PyTorch's error for a missing required argument, e.g. "StepLR() missing required argument: 'step_size'". */
export function requireArguments(owner: string, bound: Record<string, unknown>, names: readonly string[], pyNames: readonly string[]): void {
  names.forEach((name, i) => {
    if (!(name in bound)) throw new TypeError(`${owner}() missing required argument: '${pyNames[i]}'`);
  });
}
