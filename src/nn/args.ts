// PyTorch's calling convention in JavaScript (DESIGN.md): arguments by position in PyTorch's order,
// and from any point on the rest as one trailing options object with camelCase names.
import { isOptions, type Options } from '../ops/options.js';

/**
 * Binds `args` to `names`: positional values first, then the trailing options object; anything
 * neither gave keeps its default. Unknown option names are refused, as Python refuses unknown
 * keyword arguments.
 */
export function bindArgs<T extends Record<string, unknown>>(
  fnName: string,
  args: readonly unknown[],
  names: readonly (keyof T & string)[],
  defaults: T,
): T {
  let n = args.length;
  while (n > 0 && args[n - 1] === undefined) n--;
  let opts: Options | undefined;
  if (n > 0 && isOptions(args[n - 1])) {
    opts = args[n - 1] as Options;
    n--;
  }
  if (n > names.length) {
    throw new TypeError(`${fnName}() takes ${names.length} positional arguments but ${n} were given`);
  }
  const out = { ...defaults } as Record<string, unknown>;
  for (let i = 0; i < n; i++) if (args[i] !== undefined) out[names[i]] = args[i];
  if (opts) {
    for (const k of Object.keys(opts)) {
      if (!(k in defaults)) throw new TypeError(`${fnName}() got an unexpected keyword argument '${k}'`);
      const idx = names.indexOf(k);
      if (idx >= 0 && idx < n && args[idx] !== undefined) {
        throw new TypeError(`${fnName}() got multiple values for argument '${k}'`);
      }
      if (opts[k] !== undefined) out[k] = opts[k];
    }
  }
  return out as T;
}
