/**
 * UTF-8 and Latin-1 conversions with Python's semantics where the formats need them.
 *
 * Python's pickle encodes str with 'surrogatepass', so a lone surrogate (legal in a Python str and
 * in a JS string) travels as its 3-byte form. TextEncoder/TextDecoder would replace it with U+FFFD,
 * so those cases take a slow exact path; well-formed text keeps the fast built-in path.
 */
const strictDecoder = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Encodes to UTF-8; lone surrogates are kept as 3-byte sequences (Python's 'surrogatepass'). */
export function encodeUtf8(s: string): Uint8Array {
  if (!LONE_SURROGATE.test(s)) return encoder.encode(s);
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(out);
}

/**
 * Decodes UTF-8 (surrogatepass). `fail(message)` builds the error thrown for invalid bytes, so each
 * format reports it with its own error class.
 */
export function decodeUtf8(bytes: Uint8Array, fail: (message: string) => Error): string {
  try {
    return strictDecoder.decode(bytes);
  } catch {
    return decodeUtf8Slow(bytes, fail);
  }
}

function decodeUtf8Slow(b: Uint8Array, fail: (message: string) => Error): string {
  const units: number[] = [];
  let i = 0;
  const bad = (reason: string): Error =>
    fail(`'utf-8' codec can't decode byte 0x${b[i]!.toString(16).padStart(2, '0')} in position ${i}: ${reason}`);
  while (i < b.length) {
    const c = b[i]!;
    let need: number;
    let cp: number;
    let min: number;
    if (c < 0x80) {
      units.push(c);
      i++;
      continue;
    } else if (c >= 0xc2 && c <= 0xdf) {
      need = 1;
      cp = c & 0x1f;
      min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      cp = c & 0x0f;
      min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      cp = c & 0x07;
      min = 0x10000;
    } else {
      throw bad('invalid start byte');
    }
    if (i + need >= b.length) throw bad('unexpected end of data');
    for (let k = 1; k <= need; k++) {
      const cc = b[i + k]!;
      if ((cc & 0xc0) !== 0x80) throw bad('invalid continuation byte');
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (cp < min || cp > 0x10ffff) throw bad('invalid start byte');
    if (cp >= 0x10000) {
      const v = cp - 0x10000;
      units.push(0xd800 + (v >> 10), 0xdc00 + (v & 0x3ff));
    } else {
      units.push(cp); // includes surrogates: that is what 'surrogatepass' allows
    }
    i += need + 1;
  }
  let s = '';
  for (let k = 0; k < units.length; k += 8192) s += String.fromCharCode(...units.slice(k, k + 8192));
  return s;
}

/** Bytes to a string of code points 0-255 (Python's 'latin1' codec). */
export function decodeLatin1(bytes: Uint8Array): string {
  let s = '';
  for (let k = 0; k < bytes.length; k += 8192) s += String.fromCharCode(...bytes.subarray(k, k + 8192));
  return s;
}

/** The inverse of decodeLatin1; undefined when a code point is above 255. */
export function encodeLatin1(s: string): Uint8Array | undefined {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 255) return undefined;
    out[i] = c;
  }
  return out;
}

/** True when every byte is 7-bit ASCII. */
export function isAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! > 0x7f) return false;
  return true;
}
