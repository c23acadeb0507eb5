// Dtype conversion and copies: to(dtype), float/double/long/int/bool/..., clone, copy_, fill_, zero_.
import { DType, bool, float32, float64, int16, int32, int64, int8, uint8, toDType, castValue, type TypedArray } from '../tensor/dtype.js';
import { Tensor, type Scalar } from '../tensor/tensor.js';
import { needsGrad, anyNeedsGrad, recordOp, checkInPlace, makeNode, commitInPlace } from '../autograd/function.js';
import { isOptions, type Options } from './options.js';
import { cloneData } from './view.js';
import { writeInPlace } from './elementwise_core.js';
import { scalarValue, describe, zerosOf } from './util.js';
import { sumTo } from './reduce.js';

export function toDtype(x: Tensor, dtype: DType, copy = false): Tensor {
  if (dtype === x.dtype) return copy ? clone(x) : x;
  const v = x._values();
  const out = new (dtype.ArrayType)(v.length) as TypedArray;
  if (dtype === bool) for (let i = 0; i < v.length; i++) out[i] = v[i] !== 0 ? 1 : 0;
  else if (dtype === int64) for (let i = 0; i < v.length; i++) out[i] = castValue(v[i], int64);
  else if (dtype.isFloatingPoint) out.set(v as Float64Array);
  else for (let i = 0; i < v.length; i++) out[i] = Number.isFinite(v[i]) ? Math.trunc(v[i]) : 0;
  const r = new Tensor(out, x._shape.slice(), dtype);
  if (needsGrad(x) && dtype.isFloatingPoint) {
    const src = x.dtype;
    recordOp(r, 'ToCopyBackward0', [x], (g) => [toDtype(g, src)]);
  }
  return r;
}

/**
 * `t.to(dtype)`, `t.to('cpu')`, `t.to(other)`, `t.to({ dtype, copy })`. Devices other than the CPU
 * are refused by name: there is no GPU backend.
 */
export function to(x: Tensor, ...args: unknown[]): Tensor {
  let dtype: DType | undefined;
  let copy = false;
  for (const a of args) {
    if (a instanceof DType) dtype = a;
    else if (a instanceof Tensor) dtype = a.dtype;
    else if (typeof a === 'string') {
      if (a === 'cpu') continue;
      if (/^(cuda|mps|xla|meta)/.test(a)) throw new Error(`Torch not compiled with CUDA enabled (device '${a}' is not available; torchlet runs on the CPU)`);
      dtype = toDType(a);
    } else if (isOptions(a)) {
      if (a.dtype !== undefined) dtype = toDType(a.dtype as DType);
      if (a.copy !== undefined) copy = Boolean(a.copy);
      if (typeof a.device === 'string' && a.device !== 'cpu') throw new Error(`device '${a.device}' is not available; torchlet runs on the CPU`);
    } else if (a !== undefined && a !== null) throw new TypeError(`to() received an invalid argument ${describe(a)}`);
  }
  return toDtype(x, dtype ?? x.dtype, copy);
}

export function clone(x: Tensor): Tensor {
  return cloneData(x, 'CloneBackward0');
}

/** Copies `src` (broadcast, any dtype) into `self`. */
export function copy_(self: Tensor, src: Tensor | Scalar): Tensor {
  checkInPlace(self);
  const s = src instanceof Tensor ? src : new Tensor(Float64Array.of(scalarValue(src)), [], float64);
  const srcTensor = src instanceof Tensor ? src : null;
  // The node takes self's history before the write.
  const node = anyNeedsGrad([self, srcTensor])
    ? makeNode('CopyBackwards', [self, srcTensor], (g) => [
      zerosOf(g),
      srcTensor ? sumTo(g, srcTensor._shape) : null,
    ])
    : null;
  const converted = s.dtype === self.dtype ? s : toDtype(s.detach(), self.dtype);
  writeInPlace(self, converted);
  if (node !== null) commitInPlace(self, node);
  return self;
}

export function fill_(self: Tensor, value: Scalar | Tensor): Tensor {
  return fillWith(self, value, 'FillBackward2');
}

function fillWith(self: Tensor, value: Scalar | Tensor, name: string): Tensor {
  checkInPlace(self);
  const v = value instanceof Tensor ? value.item() : scalarValue(value);
  const c = castValue(Number(v), self.dtype);
  const node = needsGrad(self) ? makeNode(name, [self], (g) => [zerosOf(g)]) : null;
  if (self._contiguous) {
    self._data.fill(c, self._offset, self._offset + self.numel());
    self._version.version++;
  } else writeInPlace(self, new Tensor(new (self.dtype.ArrayType)(1).fill(c) as TypedArray, [], self.dtype));
  if (node !== null) commitInPlace(self, node);
  return self;
}

export function zero_(self: Tensor): Tensor {
  return fillWith(self, 0, 'ZeroBackward0');
}

declare module '../tensor/tensor.js' {
  interface Tensor {
    to(...args: unknown[]): Tensor;
    float(): Tensor;
    double(): Tensor;
    half(): Tensor;
    long(): Tensor;
    int(): Tensor;
    short(): Tensor;
    char(): Tensor;
    byte(): Tensor;
    bool(): Tensor;
    cpu(): Tensor;
    clone(): Tensor;
    copy_(src: Tensor | Scalar): Tensor;
    fill_(value: Scalar | Tensor): Tensor;
    zero_(): Tensor;
    typeAs(other: Tensor): Tensor;
  }
}

const P = Tensor.prototype;
P.to = function (...a) { return to(this, ...a); };
P.float = function () { return toDtype(this, float32); };
P.double = function () { return toDtype(this, float64); };
P.half = function () { throw new TypeError('float16 is not supported; use float() or double()'); };
P.long = function () { return toDtype(this, int64); };
P.int = function () { return toDtype(this, int32); };
P.short = function () { return toDtype(this, int16); };
P.char = function () { return toDtype(this, int8); };
P.byte = function () { return toDtype(this, uint8); };
P.bool = function () { return toDtype(this, bool); };
P.cpu = function () { return this; };
P.clone = function () { return clone(this); };
P.copy_ = function (s) { return copy_(this, s); };
P.fill_ = function (v) { return fill_(this, v); };
P.zero_ = function () { return zero_(this); };
P.typeAs = function (o) { return toDtype(this, o.dtype); };

export type { Options };
