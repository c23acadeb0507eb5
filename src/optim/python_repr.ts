// Python's repr() of the plain values an optimizer holds (numbers, booleans, None, tuples), so that
// toString() and error messages read exactly as PyTorch prints them. Floats, strings, booleans and
// tuples come from the helpers nn's module reprs use, so the two print them alike.
import { pyBool, pyFloat, pyStr, pyTuple } from '../nn/repr.js';

/**
 * A JS number as Python would print it. JavaScript cannot tell 1 from 1.0, so whole numbers print as
 * Python ints unless the caller knows the value is a float in PyTorch (`asFloat`).
 */
export function pyNumberRepr(x: number, asFloat = false): string {
  if (!asFloat && Number.isInteger(x)) return Math.abs(x) < 1e16 ? String(x) : BigInt(x).toString();
  return pyFloat(x);
}

export function pyRepr(v: unknown, asFloat = false): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return pyBool(v);
  if (typeof v === 'number') return pyNumberRepr(v, asFloat);
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'string') return pyStr(v);
  // PyTorch keeps betas, etas and step_sizes as tuples.
  if (Array.isArray(v)) return pyTuple(v.map((x) => pyRepr(x)));
  if (typeof v === 'function') return `<function ${v.name || '<lambda>'}>`;
  return String(v);
}
