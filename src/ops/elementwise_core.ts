// The shared machinery of elementwise ops: computing a binary or unary result with the cheapest loop
// for the operands' layout, and writing a result back into a tensor in place.
import { DType, bool, float32, int64, castValue, type TypedArray } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import { broadcastShapes, broadcastStrides, numelOf, shapesEqual, formatShape } from '../tensor/shape.js';
import { scatterStrided } from '../tensor/strided.js';
import { binaryStrided, type BinaryFn, type UnaryFn } from '../backend/elementwise.js';
import { valuesAs } from './util.js';

/**
 * Values of an operand as the op computes them. PyTorch converts operands to the op's compute dtype
 * before the arithmetic; for float32 that rounding matters for bitwise-equal results.
 */
function operandFor(t: Tensor, compute: DType): Tensor {
  if (t.dtype === compute || t.dtype === bool || compute === bool) return t;
  if (compute === float32) {
    if (t.dtype.isFloatingPoint || t.dtype.itemsize >= 4) return new Tensor(valuesAs(t, float32), t._shape, float32);
    return t;
  }
  // An operand whose values may not fit (a 0-d tensor or scalar of lower priority) wraps into the
  // integer compute dtype first: uint8 compared with -3 compares with 253, int8 with uint8 200 with -56.
  if (!compute.isFloatingPoint && (t.dtype.isFloatingPoint || !fitsIn(t.dtype, compute))) {
    return new Tensor(valuesAs(t, compute), t._shape, compute);
  }
  return t;
}

const INT_RANGE: Record<string, [number, number]> = {
  uint8: [0, 255], int8: [-128, 127], int16: [-32768, 32767], int32: [-2147483648, 2147483647],
  int64: [-(2 ** 63), 2 ** 63 - 1],
};

function fitsIn(from: DType, to: DType): boolean {
  const a = INT_RANGE[from.name];
  const b = INT_RANGE[to.name];
  return a !== undefined && b !== undefined && a[0] >= b[0] && a[1] <= b[1];
}

/** out = f(a, b) with broadcasting; the result has `outDtype`, computed from operands cast to `compute`. */
export function binaryMap(a: Tensor, b: Tensor, outDtype: DType, f: BinaryFn, compute: DType = outDtype): Tensor {
  a = operandFor(a, compute);
  b = operandFor(b, compute);
  if (shapesEqual(a._shape, b._shape) && a._contiguous && b._contiguous) {
    const av = a._values();
    const bv = b._values();
    const out = new (outDtype.ArrayType)(av.length) as TypedArray;
    for (let i = 0; i < out.length; i++) out[i] = f(av[i], bv[i]);
    return finishInt(new Tensor(out, a._shape.slice(), outDtype));
  }
  const shape = broadcastShapes(a._shape, b._shape);
  const out = new (outDtype.ArrayType)(numelOf(shape)) as TypedArray;
  if (b._shape.length === 0 || numelOf(b._shape) === 1) {
    const s = b._contiguous ? b._data[b._offset] : b._values()[0];
    if (a._contiguous && shapesEqual(a._shape, shape)) {
      const av = a._values();
      for (let i = 0; i < out.length; i++) out[i] = f(av[i], s);
      return finishInt(new Tensor(out, shape, outDtype));
    }
  }
  binaryStrided(
    { data: a._data, strides: broadcastStrides(a._shape, a._strides, shape), offset: a._offset },
    { data: b._data, strides: broadcastStrides(b._shape, b._strides, shape), offset: b._offset },
    shape,
    out,
    f,
  );
  return finishInt(new Tensor(out, shape, outDtype));
}

/** out = f(x) elementwise. */
export function unaryMap(x: Tensor, outDtype: DType, f: UnaryFn): Tensor {
  const v = x._values();
  const out = new (outDtype.ArrayType)(v.length) as TypedArray;
  for (let i = 0; i < out.length; i++) out[i] = f(v[i]);
  return finishInt(new Tensor(out, x._shape.slice(), outDtype));
}

/**
 * Normalises a fresh result: bool stays 0/1, and int64 (held in doubles) never keeps a -0 (0 * -1 is
 * -0 in a double but 0 in an integer; it would print as '-0.' once converted to float).
 */
export function finishInt(t: Tensor): Tensor {
  const d = t._data;
  if (t.dtype === bool) {
    for (let i = 0; i < d.length; i++) if (d[i] > 1) d[i] = 1;
  } else if (t.dtype === int64) {
    for (let i = 0; i < d.length; i++) if (d[i] === 0) d[i] = 0;
  }
  return t;
}

/**
 * Copies `result` (already of `self`'s shape or broadcastable to it) into `self` in place, bumping its
 * version. An in-place op cannot change the shape: broadcasting must land on self's shape.
 */
export function writeInPlace(self: Tensor, result: Tensor): void {
  if (!shapesEqual(self._shape, result._shape)) {
    const b = broadcastShapes(self._shape, result._shape);
    if (!shapesEqual(b, self._shape)) {
      throw new RangeError(
        `output with shape ${formatShape(self._shape)} doesn't match the broadcast shape ${formatShape(b)}`,
      );
    }
  }
  if (numelOf(self._shape) === 0) {
    self._version.version++;
    return;
  }
  let vals = shapesEqual(self._shape, result._shape) ? result._values() : expandValues(result, self._shape);
  // Reading and writing one storage (x.t().copy_(x)): read everything before writing.
  if (vals.buffer === self._data.buffer && !self._contiguous) vals = vals.slice() as TypedArray;
  if (self._contiguous) {
    const d = self._data;
    const o = self._offset;
    if (self.dtype === result.dtype || self.dtype.isFloatingPoint) {
      if (self.dtype === result.dtype) (d as Float64Array).set(vals as Float64Array, o);
      else for (let i = 0; i < vals.length; i++) d[o + i] = vals[i];
    } else for (let i = 0; i < vals.length; i++) d[o + i] = castValue(vals[i], self.dtype);
  } else {
    scatterStrided(self._data, self._shape, self._strides, self._offset, vals);
  }
  self._version.version++;
}

function expandValues(t: Tensor, shape: number[]): TypedArray {
  const n = numelOf(shape);
  const out = new (t.dtype.ArrayType)(n) as TypedArray;
  const zero = new (t.dtype.ArrayType)(1) as TypedArray;
  binaryStrided(
    { data: t._data, strides: broadcastStrides(t._shape, t._strides, shape), offset: t._offset },
    { data: zero, strides: new Array(shape.length).fill(0), offset: 0 },
    shape,
    out,
    (x) => x,
  );
  return out;
}

/** PyTorch refuses in-place results that would need a higher category than self's dtype. */
export function checkInPlaceDtype(self: Tensor, result: DType): void {
  const cat = (d: DType): number => (d === bool ? 0 : d.isFloatingPoint ? 2 : 1);
  if (cat(result) > cat(self.dtype)) {
    throw new TypeError(`result type ${typeName(result)} can't be cast to the desired output type ${typeName(self.dtype)}`);
  }
}

function typeName(d: DType): string {
  const names: Record<string, string> = {
    float32: 'Float', float64: 'Double', int64: 'Long', int32: 'Int', int16: 'Short', int8: 'Char',
    uint8: 'Byte', bool: 'Bool',
  };
  return names[d.name];
}
