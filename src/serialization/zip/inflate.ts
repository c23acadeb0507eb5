import { Inflate } from 'fflate';
import { ZipFormatError } from '../errors.js';

/** Compressed bytes fed per step: bounds what one step can inflate (deflate tops out near 1032:1). */
const STEP = 16 * 1024;

/**
 * Inflates a raw deflate stream that must produce exactly `expectedSize` bytes. The output buffer
 * is sized from the (already bounds-checked) declared size and the stream is fed in small steps,
 * so a stream that inflates to more than it declared is stopped within one step instead of
 * filling memory.
 */
export function inflateExact(compressed: Uint8Array, expectedSize: number, entryName: string): Uint8Array {
  const out = new Uint8Array(expectedSize);
  let written = 0;
  let ended = false;
  const inflater = new Inflate((chunk, final) => {
    if (chunk.length > expectedSize - written) {
      throw new ZipFormatError(
        `entry '${entryName}' inflates to more than its declared size of ${expectedSize} bytes`,
      );
    }
    out.set(chunk, written);
    written += chunk.length;
    if (final) ended = true;
  });
  try {
    if (compressed.length === 0) inflater.push(compressed, true);
    for (let at = 0; at < compressed.length; at += STEP) {
      const end = Math.min(compressed.length, at + STEP);
      inflater.push(compressed.subarray(at, end), end === compressed.length);
      if (ended) break;
    }
  } catch (e) {
    if (e instanceof ZipFormatError) throw e;
    const reason = e instanceof Error ? e.message : String(e);
    throw new ZipFormatError(`entry '${entryName}' has invalid deflate data: ${reason}`);
  }
  if (!ended) throw new ZipFormatError(`entry '${entryName}' has a truncated deflate stream`);
  if (written !== expectedSize) {
    throw new ZipFormatError(
      `entry '${entryName}' inflates to ${written} bytes but its header declares ${expectedSize}`,
    );
  }
  return out;
}
