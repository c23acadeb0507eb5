// Shared helpers for the random-layer tests: bit-level encodings of float arrays and fixture loading.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

export function loadFixture<T = any>(name: string): T {
  return JSON.parse(readFileSync(join(here, '..', 'fixtures', 'random', name), 'utf8')) as T;
}

/** Float32 values as 8-hex-digit IEEE bit patterns (the fixtures' encoding). */
export function hex32(values: ArrayLike<number>): string[] {
  const f = new Float32Array(Array.from(values));
  const u = new Uint32Array(f.buffer);
  return Array.from(u, (b) => b.toString(16).padStart(8, '0'));
}

/** Float64 values as 16-hex-digit IEEE bit patterns. */
export function hex64(values: ArrayLike<number>): string[] {
  const f = new Float64Array(Array.from(values));
  const u = new BigUint64Array(f.buffer);
  return Array.from(u, (b) => b.toString(16).padStart(16, '0'));
}

export function encode(values: ArrayLike<number>, dtype: string): (string | number)[] {
  if (dtype === 'float32') return hex32(values);
  if (dtype === 'float64') return hex64(values);
  return Array.from(values, Number);
}

/** SHA-256 of the little-endian bytes of the values in `dtype`. */
export function sha256Of(values: ArrayLike<number>, dtype: string): string {
  let bytes: Uint8Array;
  const arr = Array.from(values);
  switch (dtype) {
    case 'float32':
      bytes = new Uint8Array(new Float32Array(arr).buffer);
      break;
    case 'float64':
      bytes = new Uint8Array(new Float64Array(arr).buffer);
      break;
    case 'int64':
      bytes = new Uint8Array(new BigInt64Array(arr.map((v) => BigInt(v))).buffer);
      break;
    case 'int32':
      bytes = new Uint8Array(new Int32Array(arr).buffer);
      break;
    case 'uint8':
    case 'bool':
      bytes = new Uint8Array(arr);
      break;
    default:
      throw new Error(`no byte encoding for ${dtype}`);
  }
  return createHash('sha256').update(bytes).digest('hex');
}

/** Distance in units in the last place between two doubles of the same sign. */
export function ulpDistance64(a: number, b: number): number {
  const buf = new Float64Array([a, b]);
  const bits = new BigInt64Array(buf.buffer);
  const d = bits[0]! - bits[1]!;
  return Number(d < 0n ? -d : d);
}

/** Float64 values from 16-hex-digit bit patterns. */
export function fromHex64(hex: string[]): Float64Array {
  const u = new BigUint64Array(hex.map((h) => BigInt('0x' + h)));
  return new Float64Array(u.buffer);
}

/** Float32 values from 8-hex-digit bit patterns. */
export function fromHex32(hex: string[]): Float32Array {
  const u = new Uint32Array(hex.map((h) => parseInt(h, 16)));
  return new Float32Array(u.buffer);
}
