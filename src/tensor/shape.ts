// Shape arithmetic shared by every op: strides, broadcasting, dim normalisation.

export type Shape = number[];

export function numelOf(shape: readonly number[]): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i];
  return n;
}

export function contiguousStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

export function shapesEqual(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** PyTorch's broadcasting rule; the error names both shapes and the dim that disagrees. */
export function broadcastShapes(a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = i < n - a.length ? 1 : a[i - (n - a.length)];
    const db = i < n - b.length ? 1 : b[i - (n - b.length)];
    if (da === db || db === 1) out[i] = da;
    else if (da === 1) out[i] = db;
    else {
      throw new RangeError(
        `The size of tensor a (${da}) must match the size of tensor b (${db}) at non-singleton dimension ${i}` +
          ` (shapes ${formatShape(a)} and ${formatShape(b)} cannot be broadcast)`,
      );
    }
  }
  return out;
}

export function broadcastShapesMany(shapes: readonly (readonly number[])[]): number[] {
  let out: number[] = [];
  for (const s of shapes) out = broadcastShapes(out, s);
  return out;
}

/** Strides that read a tensor of `shape`/`strides` as if it had the (broadcast) `target` shape. */
export function broadcastStrides(shape: readonly number[], strides: readonly number[], target: readonly number[]): number[] {
  const out = new Array<number>(target.length).fill(0);
  const off = target.length - shape.length;
  for (let i = 0; i < shape.length; i++) {
    out[i + off] = shape[i] === 1 && target[i + off] !== 1 ? 0 : strides[i];
  }
  return out;
}

export function normalizeDim(dim: number, ndim: number): number {
  if (typeof dim !== 'number' || !Number.isInteger(dim)) {
    throw new TypeError(`dim must be an integer, got ${String(dim)}`);
  }
  // A 0-d tensor accepts dim 0 and -1, as PyTorch wraps scalars as if they had one dim.
  const n = Math.max(ndim, 1);
  if (dim < -n || dim >= n) {
    throw new RangeError(`Dimension out of range (expected to be in range of [${-n}, ${n - 1}], but got ${dim})`);
  }
  return dim < 0 ? dim + n : dim;
}

/** Validates a shape given by a user: non-negative integers, at most one -1 when `allowInfer`. */
export function checkShape(shape: readonly number[], what = 'shape'): void {
  for (const s of shape) {
    if (typeof s === 'number' && Number.isInteger(s) && s < 0) {
      throw new RangeError(`Trying to create tensor with negative dimension ${s}: ${formatShape(shape as number[])}`);
    }
    if (typeof s !== 'number' || !Number.isInteger(s)) {
      throw new TypeError(`${what} must be a list of non-negative integers, got ${formatShape(shape as number[])}`);
    }
  }
}

/** Resolves a single -1 in a view/reshape target shape. */
export function inferShape(shape: readonly number[], numel: number): number[] {
  let infer = -1;
  let known = 1;
  for (let i = 0; i < shape.length; i++) {
    const s = shape[i];
    if (s === -1) {
      if (infer >= 0) throw new RangeError('only one dimension can be inferred');
      infer = i;
    } else if (typeof s !== 'number' || !Number.isInteger(s) || s < 0) {
      throw new RangeError(`invalid shape dimension ${s}`);
    } else known *= s;
  }
  const out = shape.slice();
  if (infer >= 0) {
    if (known === 0 || numel % known !== 0) {
      throw new RangeError(`shape '${formatShape(shape)}' is invalid for input of size ${numel}`);
    }
    out[infer] = numel / known;
  } else if (known !== numel) {
    throw new RangeError(`shape '${formatShape(shape)}' is invalid for input of size ${numel}`);
  }
  return out;
}

/** Accepts `f([2, 3])`, `f(2, 3)` and `f()` as PyTorch accepts `f((2, 3))` and `f(2, 3)`. */
export function shapeFromArgs(args: readonly unknown[]): number[] {
  if (args.length === 1 && Array.isArray(args[0])) return (args[0] as number[]).slice();
  if (args.length === 1 && args[0] && typeof args[0] === 'object' && 'length' in (args[0] as object)) {
    return Array.from(args[0] as ArrayLike<number>);
  }
  for (const a of args) {
    if (typeof a !== 'number') throw new TypeError(`size must be numbers or one array of numbers, got ${String(a)}`);
  }
  return args as number[];
}
