// Turns whatever the caller plots (number arrays, typed arrays, tensors) into a flat Float64Array,
// without importing the tensor library: tensors are recognised by their shape and export methods.

/** A tensor as seen from the plotting side: a shape plus a way to read its values. */
export interface TensorLike {
  readonly shape: readonly number[];
  toArray?(): unknown;
  toTypedArray?(): unknown;
}

export type NumericArray =
  | ArrayLike<number>
  | ArrayLike<number | null>
  | Float32Array
  | Float64Array
  | Int8Array
  | Int16Array
  | Int32Array
  | Uint8Array
  | Uint16Array
  | Uint32Array
  | Uint8ClampedArray
  | BigInt64Array
  | BigUint64Array;

/** Anything accepted as one series of numbers. */
export type Data = NumericArray | readonly (readonly number[])[] | TensorLike;

function isTensorLike(value: unknown): value is TensorLike {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return Array.isArray(v.shape) && (typeof v.toArray === 'function' || typeof v.toTypedArray === 'function');
}

/** True when `value` can be plotted as data (used to tell `line(y, opts)` from `line(x, y)`). */
export function isData(value: unknown): value is Data {
  return Array.isArray(value) || ArrayBuffer.isView(value) || isTensorLike(value);
}

function shapeText(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

function toNumber(value: unknown, name: string, index: number): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  // matplotlib draws None as a gap; null is its nearest JavaScript spelling.
  if (value === null) return NaN;
  const shown = typeof value === 'string' ? `'${value}'` : String(value);
  throw new TypeError(`${name} must hold numbers, but element ${index} is ${shown}`);
}

function fromFlat(values: ArrayLike<unknown>, name: string): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = toNumber(values[i], name, i);
  return out;
}

// Nested arrays are accepted only when they are a column ([n, 1]), the shape unsqueeze(x, 1) gives.
function fromNested(rows: readonly unknown[], name: string): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (Array.isArray(row) || ArrayBuffer.isView(row)) {
      const r = row as ArrayLike<unknown>;
      if (r.length !== 1) {
        throw new RangeError(`${name} must be 1-D (shape [n] or [n, 1]), but got shape [${rows.length}, ${r.length}]`);
      }
      out[i] = toNumber(r[0], name, i);
    } else {
      throw new TypeError(`${name} mixes numbers and arrays at element ${i}`);
    }
  }
  return out;
}

function fromTensor(t: TensorLike, name: string): Float64Array {
  const shape = t.shape;
  const is1d = shape.length === 1 || (shape.length === 2 && shape[1] === 1);
  if (!is1d) throw new RangeError(`${name} must be 1-D (shape [n] or [n, 1]), but got shape ${shapeText(shape)}`);
  const n = shape[0]!;
  const raw = typeof t.toTypedArray === 'function' ? t.toTypedArray() : t.toArray!();
  let out: Float64Array;
  if (ArrayBuffer.isView(raw)) out = fromFlat(raw as unknown as ArrayLike<unknown>, name);
  else if (Array.isArray(raw)) out = raw.length > 0 && typeof raw[0] === 'object' && raw[0] !== null ? fromNested(raw, name) : fromFlat(raw, name);
  else throw new TypeError(`${name}: the tensor's values could not be read (toArray returned ${typeof raw})`);
  if (out.length !== n) {
    throw new RangeError(`${name}: tensor of shape ${shapeText(shape)} produced ${out.length} values`);
  }
  return out;
}

/** Reads one 1-D series; `name` ('x', 'y') is used in error messages. */
export function toSeries(value: unknown, name: string): Float64Array {
  if (isTensorLike(value)) return fromTensor(value, name);
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return fromFlat(value as unknown as ArrayLike<unknown>, name);
  if (Array.isArray(value)) {
    const nested = value.some((v) => Array.isArray(v) || ArrayBuffer.isView(v));
    return nested ? fromNested(value, name) : fromFlat(value, name);
  }
  const shown = value === null ? 'null' : typeof value === 'object' ? 'an object without shape/toArray' : typeof value;
  throw new TypeError(`${name} must be a number array, a typed array or a tensor, but got ${shown}`);
}

/** The series 0, 1, ..., n-1 used as x when only y is given. */
export function indexSeries(n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

/** Checks that x and y pair up and that at least one (x, y) point is drawable. */
export function checkPairs(kind: string, x: Float64Array, y: Float64Array): void {
  if (x.length !== y.length) {
    throw new RangeError(`${kind}: x and y must have the same length, but have lengths ${x.length} and ${y.length}`);
  }
  if (x.length === 0) throw new RangeError(`${kind}: x and y are empty; there is nothing to plot`);
  for (let i = 0; i < x.length; i++) if (Number.isFinite(x[i]!) && Number.isFinite(y[i]!)) return;
  const allBad = (a: Float64Array) => a.every((v) => !Number.isFinite(v));
  const culprit = allBad(y) && allBad(x) ? 'x and y are' : allBad(y) ? 'y is' : allBad(x) ? 'x is' : 'no (x, y) pair is';
  throw new RangeError(`${kind}: ${culprit} all NaN or infinite (${x.length} points); there is nothing to plot`);
}
