// Fresh, zero-filled storage for op results. V8 keeps a typed array of at most 64 bytes inside its
// own object, which is cheap (tens of nanoseconds), but gives every larger one its own ArrayBuffer: a
// zeroed allocation outside the heap plus the collector's bookkeeping for it, about a microsecond,
// more than the arithmetic on a few hundred elements costs. Training a small model makes thousands
// of such arrays a second, so mid-sized ones are cut from shared slabs instead: each slot is handed
// out once (a slab is never reused, so every slot starts at zero, as `new Float32Array(n)` does), and
// the collector frees a slab with its last view. Slabs are per power-of-two size class with a bounded
// slot count, so a long-lived tensor keeps at most SLAB_SLOTS times its own size alive. (Small arrays
// stay plain: measured in an op, a view of a slab costs more than V8's own small allocation.)
import type { DType, TypedArray, TypedArrayCtor } from './dtype.js';

/** Typed arrays up to this many bytes live inside their JS object: plain `new` is cheaper than a slab. */
const ON_HEAP_MAX_BYTES = 64;
/** From here on the allocation is small next to the work on the elements: plain `new`. */
const POOLED_MAX_BYTES = 16384;
const SLAB_SLOTS = 32;
/** Larger slabs would come from fresh pages (mmap) rather than the malloc heap. */
const MAX_SLAB_BYTES = 65536;

interface Slab {
  buffer: ArrayBuffer;
  /** Next free byte. */
  used: number;
}

// One open slab per size class: class c holds requests of (2^(c-1), 2^c] bytes.
const slabs: (Slab | null)[] = new Array(16).fill(null);

function sizeClass(bytes: number): number {
  return 32 - Math.clz32(bytes - 1);
}

/** The slab the last `carve` cut from (kept in a variable so carving allocates nothing itself). */
let carvedFrom: ArrayBuffer = new ArrayBuffer(0);

/** Reserves `bytes` in the open slab of their class; returns the byte offset within `carvedFrom`. */
function carve(bytes: number): number {
  const c = sizeClass(bytes);
  let s = slabs[c];
  // Offsets stay 8-byte aligned, as a Float64Array view needs.
  const need = (bytes + 7) & ~7;
  if (s === null || s.used + need > s.buffer.byteLength) {
    const size = Math.min(MAX_SLAB_BYTES, (1 << c) * SLAB_SLOTS);
    s = { buffer: new ArrayBuffer(size), used: 0 };
    slabs[c] = s;
  }
  const at = s.used;
  s.used = at + need;
  carvedFrom = s.buffer;
  return at;
}

/** A zeroed Float32Array of n elements. */
export function allocFloat32(n: number): Float32Array {
  const bytes = n * 4;
  if (bytes <= ON_HEAP_MAX_BYTES || bytes > POOLED_MAX_BYTES) return new Float32Array(n);
  const at = carve(bytes);
  return new Float32Array(carvedFrom, at, n);
}

/** A zeroed Float64Array of n elements. */
export function allocFloat64(n: number): Float64Array {
  const bytes = n * 8;
  if (bytes <= ON_HEAP_MAX_BYTES || bytes > POOLED_MAX_BYTES) return new Float64Array(n);
  const at = carve(bytes);
  return new Float64Array(carvedFrom, at, n);
}

/** A zeroed array of n elements of the given typed-array type. */
export function allocArray(ArrayType: TypedArrayCtor, n: number): TypedArray {
  if (ArrayType === Float32Array) return allocFloat32(n);
  if (ArrayType === Float64Array) return allocFloat64(n);
  const bytes = n * ArrayType.BYTES_PER_ELEMENT;
  if (bytes <= ON_HEAP_MAX_BYTES || bytes > POOLED_MAX_BYTES) return new ArrayType(n);
  const at = carve(bytes);
  return new ArrayType(carvedFrom, at, n);
}

/** Zeroed storage for n elements of `dtype`. */
export function allocStorage(dtype: DType, n: number): TypedArray {
  return allocArray(dtype.ArrayType, n);
}

let scratch = new Float64Array(256);

/**
 * A zeroed double-precision accumulator of at least n elements, reused between calls: for kernels that
 * sum into doubles and copy out before returning (never hold on to it across another call).
 */
export function scratchFloat64(n: number): Float64Array {
  if (scratch.length < n) scratch = new Float64Array(Math.max(n, 2 * scratch.length));
  else scratch.fill(0, 0, n);
  return scratch;
}

interface BufferLike {
  allocUnsafeSlow(size: number): { buffer: ArrayBuffer; byteOffset: number };
}
const NodeBuffer = (globalThis as { Buffer?: BufferLike }).Buffer;

/**
 * An array for a kernel that writes every element: under Node its memory is not zeroed first
 * (Buffer.allocUnsafeSlow; large results are written once, and zeroing them beforehand costs about
 * as much again). Small arrays, and everywhere but Node, a plain zeroed array.
 */
export function allocForOverwrite(ArrayType: Float32ArrayConstructor, n: number): Float32Array;
export function allocForOverwrite(ArrayType: Float64ArrayConstructor, n: number): Float64Array;
export function allocForOverwrite(
  ArrayType: Float32ArrayConstructor | Float64ArrayConstructor, n: number,
): Float32Array | Float64Array;
export function allocForOverwrite(
  ArrayType: Float32ArrayConstructor | Float64ArrayConstructor, n: number,
): Float32Array | Float64Array {
  const bytes = n * ArrayType.BYTES_PER_ELEMENT;
  // Small arrays: zeroing is cheap next to the kernel, and V8's own allocation is faster.
  if (NodeBuffer === undefined || typeof NodeBuffer.allocUnsafeSlow !== 'function' || bytes < 65536) return new ArrayType(n);
  const b = NodeBuffer.allocUnsafeSlow(bytes);
  return new ArrayType(b.buffer, b.byteOffset, n);
}
