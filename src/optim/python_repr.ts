// Python's repr() of the plain values an optimizer holds (numbers, booleans, None, tuples), so that
// toString() and error messages read exactly as PyTorch prints them.

/** Python's repr of a float: shortest round-trip digits, scientific below 1e-4 and from 1e16 on. */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mantissa, expText] = x.toExponential().split('e');
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const exp = Number(expText);
  let body: string;
  if (exp >= -4 && exp < 16) {
    if (exp >= 0) {
      const whole = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
      const frac = digits.slice(exp + 1);
      body = `${whole}.${frac.length > 0 ? frac : '0'}`;
    } else {
      body = `0.${'0'.repeat(-exp - 1)}${digits}`;
    }
  } else {
    const rest = digits.slice(1);
    const e = Math.abs(exp).toString().padStart(2, '0');
    body = `${digits[0]}${rest.length > 0 ? '.' + rest : ''}e${exp < 0 ? '-' : '+'}${e}`;
  }
  return negative ? `-${body}` : body;
}

/**
 * A JS number as Python would print it. JavaScript cannot tell 1 from 1.0, so whole numbers print as
 * Python ints unless the caller knows the value is a float in PyTorch (`asFloat`).
 */
export function pyNumberRepr(x: number, asFloat = false): string {
  if (!asFloat && Number.isInteger(x)) return Math.abs(x) < 1e16 ? String(x) : BigInt(x).toString();
  return pyFloatRepr(x);
}

export function pyRepr(v: unknown, asFloat = false): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return pyNumberRepr(v, asFloat);
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (Array.isArray(v)) {
    // PyTorch keeps betas, etas and step_sizes as tuples.
    const items = v.map((x) => pyRepr(x));
    return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
  }
  if (typeof v === 'function') return `<function ${v.name || '<lambda>'}>`;
  return String(v);
}
