// PyTorch's keyword arguments arrive as one trailing options object (DESIGN.md). These helpers split
// such an object off an argument list and read typed fields from it with clear errors.
import { DType, toDType } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';

export type Options = Record<string, unknown>;

export function isOptions(x: unknown): x is Options {
  return (
    typeof x === 'object' &&
    x !== null &&
    !Array.isArray(x) &&
    !(x instanceof Tensor) &&
    !ArrayBuffer.isView(x) &&
    !(x instanceof DType) &&
    Object.getPrototypeOf(x) === Object.prototype
  );
}

/** Splits `[...positional, options?]`. */
export function splitOptions(args: readonly unknown[]): [unknown[], Options] {
  if (args.length > 0 && isOptions(args[args.length - 1])) {
    return [args.slice(0, -1), args[args.length - 1] as Options];
  }
  return [args.slice(), {}];
}

export function optDtype(o: Options | undefined): DType | undefined {
  const d = o?.dtype;
  if (d === undefined || d === null) return undefined;
  return toDType(d as DType | string);
}

export function optBool(o: Options | undefined, key: string, dflt: boolean): boolean {
  const v = o?.[key];
  if (v === undefined) return dflt;
  if (typeof v !== 'boolean') throw new TypeError(`${key} must be a boolean, got ${String(v)}`);
  return v;
}

export function optNumber(o: Options | undefined, key: string, dflt: number): number {
  const v = o?.[key];
  if (v === undefined || v === null) return dflt;
  if (typeof v !== 'number') throw new TypeError(`${key} must be a number, got ${String(v)}`);
  return v;
}

/** Reads a positional argument or, if absent, the option of that name. */
export function argOr<T>(positional: unknown, o: Options | undefined, key: string, dflt: T): T {
  if (positional !== undefined && !isOptions(positional)) return positional as T;
  const v = o?.[key];
  return v === undefined ? dflt : (v as T);
}
