/**
 * The .npy header is the repr of a Python dict literal. This parses the small literal subset it
 * uses (str, int, bool, None, tuple, list, dict) without evaluating anything.
 */
import { NpyFormatError } from './errors.js';

export type PyLiteral = string | number | bigint | boolean | null | PyLiteral[] | { tuple: PyLiteral[] } | Map<PyLiteral, PyLiteral>;

const MAX_NESTING = 32;

export function parsePyLiteral(text: string): PyLiteral {
  let i = 0;
  const fail = (what: string): NpyFormatError =>
    new NpyFormatError(`Cannot parse header: ${what} at character ${i} of ${JSON.stringify(text)}`);
  const skip = (): void => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };

  const value = (depth: number): PyLiteral => {
    if (depth > MAX_NESTING) throw fail('nesting too deep');
    skip();
    const c = text[i];
    if (c === undefined) throw fail('unexpected end');
    if (c === "'" || c === '"') return str();
    if (c === '(' || c === '[') return sequence(c, depth);
    if (c === '{') return dict(depth);
    const word = /^[A-Za-z_]+/.exec(text.slice(i))?.[0];
    if (word === 'True' || word === 'False' || word === 'None') {
      i += word.length;
      return word === 'True' ? true : word === 'False' ? false : null;
    }
    const num = /^[+-]?\d+L?/.exec(text.slice(i))?.[0];
    if (num) {
      i += num.length;
      const digits = num.replace(/L$/, '');
      if (digits.replace(/^[+-]/, '').length > 30) throw fail('integer too long');
      const big = BigInt(digits);
      return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
    }
    throw fail(`unexpected ${JSON.stringify(c)}`);
  };

  const str = (): string => {
    const quote = text[i++];
    let out = '';
    while (i < text.length && text[i] !== quote) {
      let c = text[i++]!;
      if (c === '\\') {
        const e = text[i++];
        if (e === undefined) throw fail('unterminated string');
        const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0' };
        if (e in simple) c = simple[e]!;
        else if (e === 'x' || e === 'u' || e === 'U') {
          const width = e === 'x' ? 2 : e === 'u' ? 4 : 8;
          const hex = text.slice(i, i + width);
          if (!new RegExp(`^[0-9a-fA-F]{${width}}$`).test(hex)) throw fail('bad escape');
          const cp = parseInt(hex, 16);
          if (cp > 0x10ffff) throw fail('bad escape');
          c = String.fromCodePoint(cp);
          i += width;
        } else {
          c = '\\' + e;
        }
      }
      out += c;
    }
    if (text[i] !== quote) throw fail('unterminated string');
    i++;
    return out;
  };

  const sequence = (open: string, depth: number): PyLiteral => {
    const close = open === '(' ? ')' : ']';
    i++;
    const items: PyLiteral[] = [];
    let sawComma = false;
    for (;;) {
      skip();
      if (text[i] === close) {
        i++;
        break;
      }
      items.push(value(depth + 1));
      skip();
      if (text[i] === ',') {
        i++;
        sawComma = true;
      } else if (text[i] !== close) {
        throw fail(`expected ',' or '${close}'`);
      }
    }
    if (open === '[') return items;
    // (x) is just x in Python; (x,) is a tuple.
    if (items.length === 1 && !sawComma) return items[0]!;
    return { tuple: items };
  };

  const dict = (depth: number): PyLiteral => {
    i++;
    const m = new Map<PyLiteral, PyLiteral>();
    for (;;) {
      skip();
      if (text[i] === '}') {
        i++;
        break;
      }
      const k = value(depth + 1);
      skip();
      if (text[i] !== ':') throw fail("expected ':'");
      i++;
      m.set(k, value(depth + 1));
      skip();
      if (text[i] === ',') i++;
      else if (text[i] !== '}') throw fail("expected ',' or '}'");
    }
    return m;
  };

  const result = value(0);
  skip();
  if (i !== text.length) throw fail('trailing characters');
  return result;
}

/** Python's repr of a str as numpy writes it into headers (single quotes). */
export function pyReprString(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += '\\' + quote;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + quote;
}
