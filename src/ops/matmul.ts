// Matrix products: dot, vdot, mv, mm, bmm, matmul (every rank case of PyTorch, with batch
// broadcasting), outer, addmm, addmv, baddbmm. Only mm and bmm carry their own backward; the rest are
// compositions of differentiable ops.
import { DType, type TypedArray } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import { broadcastShapes, formatShape, numelOf } from '../tensor/shape.js';
import { anyNeedsGrad, needsGrad2, recordOp } from '../autograd/function.js';
import { sumTo } from './reduce.js';
import { unsafeView, squeezeNamed } from './view.js';
import { gemmBatched, type MatrixOperand } from '../backend/gemm.js';
import { isOptions, type Options } from './options.js';
import { promoteTypes } from '../tensor/dtype.js';
import { allocStorage } from '../tensor/storage.js';
import { elementwiseKernels } from '../backend/elementwise_native.js';
import { kernelCallPays } from '../backend/tier.js';

function checkFloatOrSame(a: Tensor, b: Tensor, op: string): DType {
  if (a.dtype !== b.dtype) {
    throw new TypeError(`${op}: expected m1 and m2 to have the same dtype, but got: ${a.dtype.name === 'float32' ? 'float' : a.dtype.name} != ${b.dtype.name === 'float32' ? 'float' : b.dtype.name}`);
  }
  return promoteTypes(a.dtype, b.dtype);
}

/** [batch, M, K] @ [batch, K, N] for 3-D tensors of any strides. */
function bmmRaw(a: Tensor, b: Tensor): Tensor {
  const [batch, M, K] = a._shape;
  const N = b._shape[2];
  const dtype = a.dtype;
  const out = new (dtype.ArrayType)(batch * M * N) as TypedArray;
  const op = (t: Tensor): MatrixOperand => ({
    data: t._data,
    offset: t._offset,
    batchStride: t._strides[0],
    rowStride: t._strides[1],
    colStride: t._strides[2],
  });
  gemmBatched(batch, M, K, N, op(a), op(b), out);
  return new Tensor(out, [batch, M, N], dtype);
}

/**
 * A [rows, cols] matrix as gemm reads it: a batch of one, straight from the tensor's storage. The
 * stride of a dim of size 1 is never used, so it is given its row-major value: a row or column taken
 * from a transpose then counts as contiguous, which the kernels pack more cheaply.
 */
function matrixOperand(t: Tensor, rows: number, cols: number, rowStride: number, colStride: number): MatrixOperand {
  if (cols === 1) colStride = 1;
  if (rows === 1) rowStride = cols * colStride;
  return { data: t._data, offset: t._offset, batchStride: 0, rowStride, colStride };
}

/** [M, K] @ [K, N] for matrices of any strides, with no views made on the way. */
function mmRaw(a: Tensor, b: Tensor): Tensor {
  const M = a._shape[0];
  const K = a._shape[1];
  const N = b._shape[1];
  // A fresh result has no strides array yet; its row-major strides need none to be made.
  const as = a._stridesOrNull;
  const bs = b._stridesOrNull;
  const ar = as === null ? K : as[0];
  const ac = as === null ? 1 : as[1];
  const br = bs === null ? N : bs[0];
  const bc = bs === null ? 1 : bs[1];
  const out = allocStorage(a.dtype, M * N);
  if (N === 1 && M > 1) {
    // An [M, 1] result lies in memory as the [1, M] row bᵀ aᵀ, which the kernels compute with less
    // packing (a linear layer with one output, and its weight gradient, are such products).
    gemmBatched(1, 1, K, M, matrixOperand(b, 1, K, bc, br), matrixOperand(a, K, M, ac, ar), out);
  } else {
    gemmBatched(1, M, K, N, matrixOperand(a, M, K, ar, ac), matrixOperand(b, K, N, br, bc), out);
  }
  return new Tensor(out, [M, N], a.dtype);
}

function checkMm(a: Tensor, b: Tensor): void {
  if (a.dim() !== 2) throw new RangeError(`self must be a matrix`);
  if (b.dim() !== 2) throw new RangeError(`mat2 must be a matrix`);
  if (a._shape[1] !== b._shape[0]) {
    throw new RangeError(
      `mat1 and mat2 shapes cannot be multiplied (${a._shape[0]}x${a._shape[1]} and ${b._shape[0]}x${b._shape[1]})`,
    );
  }
  checkFloatOrSame(a, b, 'mm');
}

/**
 * aᵀ @ g, the gradient of the right operand `b` of a product. When `b` is the transpose of a
 * contiguous matrix (nn.Linear's weight.t()), it is computed as (gᵀ @ a)ᵀ: the same values, but the
 * transpose backward then hands the weight a contiguous gradient instead of one that must be gathered.
 */
function rightGrad(a: Tensor, g: Tensor, b: Tensor): Tensor {
  const bs = b._strides;
  if (!b._contiguous && b.dim() === 2 && bs[0] === 1 && bs[1] === b._shape[0]) return mm(g.t(), a).t();
  return mm(a.t(), g);
}

export function mm(a: Tensor, b: Tensor): Tensor {
  checkMm(a, b);
  const r = mmRaw(a, b);
  if (needsGrad2(a, b)) {
    recordOp(r, 'MmBackward0', [a, b], (g) => [
      a._requiresGrad ? mm(g, b.t()) : null,
      b._requiresGrad ? rightGrad(a, g, b) : null,
    ], b._requiresGrad && a._requiresGrad ? [a, b] : a._requiresGrad ? [b] : [a]);
  }
  return r;
}

export function bmm(a: Tensor, b: Tensor): Tensor {
  if (a.dim() !== 3) throw new RangeError(`batch1 must be a 3D tensor`);
  if (b.dim() !== 3) throw new RangeError(`batch2 must be a 3D tensor`);
  if (a._shape[0] !== b._shape[0]) {
    throw new RangeError(`batch1 and batch2 must have same number of batches, got ${a._shape[0]} and ${b._shape[0]}`);
  }
  if (a._shape[2] !== b._shape[1]) {
    throw new RangeError(
      `Expected size for first two dimensions of batch2 tensor to be: [${a._shape[0]}, ${a._shape[2]}] but got: [${b._shape[0]}, ${b._shape[1]}].`,
    );
  }
  checkFloatOrSame(a, b, 'bmm');
  const r = bmmRaw(a.detach(), b.detach());
  if (needsGrad2(a, b)) {
    recordOp(r, 'BmmBackward0', [a, b], (g) => [
      a._requiresGrad ? bmm(g, b.transpose(1, 2)) : null,
      b._requiresGrad ? bmm(a.transpose(1, 2), g) : null,
    ], [a, b]);
  }
  return r;
}

export function dot(a: Tensor, b: Tensor): Tensor {
  if (a.dim() !== 1 || b.dim() !== 1) {
    throw new RangeError(`1D tensors expected, but got ${a.dim()}D and ${b.dim()}D tensors`);
  }
  if (a._shape[0] !== b._shape[0]) {
    throw new RangeError(
      `inconsistent tensor size, expected tensor [${a._shape[0]}] and src [${b._shape[0]}] to have the same number of elements, but got ${a._shape[0]} and ${b._shape[0]} elements respectively`,
    );
  }
  if (a.dtype !== b.dtype) {
    throw new TypeError(`dot : expected both vectors to have same dtype, but found ${a.dtype.name} and ${b.dtype.name}`);
  }
  const K = a._shape[0];
  const r3 = bmmRaw(a.detach().view([1, 1, K]), b.detach().view([1, K, 1]));
  const r = new Tensor(r3._data, [], a.dtype);
  if (needsGrad2(a, b)) {
    recordOp(r, 'DotBackward0', [a, b], (g) => [
      a._requiresGrad ? b.mul(g) : null,
      b._requiresGrad ? a.mul(g) : null,
    ], [a, b]);
  }
  return r;
}

export const vdot = dot;
export const inner = (a: Tensor, b: Tensor): Tensor => (a.dim() === 1 && b.dim() === 1 ? dot(a, b) : matmul(a, b.transpose(-1, -2)));

export function mv(a: Tensor, v: Tensor): Tensor {
  if (a.dim() !== 2 || v.dim() !== 1) {
    throw new RangeError(`vector + matrix @ vector expected, got ${a.dim()}, ${v.dim()}`);
  }
  if (a._shape[1] !== v._shape[0]) {
    throw new RangeError(`size mismatch, got ${a._shape[0]}, ${a._shape[0]}x${a._shape[1]},${v._shape[0]}`);
  }
  checkFloatOrSame(a, v, 'mv');
  const r3 = bmmRaw(a.detach().unsqueeze(0), v.detach().view([1, v._shape[0], 1]));
  const r = new Tensor(r3._data, [a._shape[0]], a.dtype);
  if (needsGrad2(a, v)) {
    recordOp(r, 'MvBackward0', [a, v], (g) => [
      a._requiresGrad ? g.unsqueeze(1).mul(v.unsqueeze(0)) : null,
      v._requiresGrad ? mv(a.t(), g) : null,
    ], [a, v]);
  }
  return r;
}

export function matmul(a: Tensor, b: Tensor): Tensor {
  const da = a.dim();
  const db = b.dim();
  if (da === 0 || db === 0) {
    throw new RangeError(`both arguments to matmul need to be at least 1D, but they are ${da}D and ${db}D`);
  }
  if (da === 1 && db === 1) return dot(a, b);
  if (da === 2 && db === 1) return mv(a, b);
  if (da === 1 && db === 2) {
    if (a._shape[0] !== b._shape[0]) {
      throw new RangeError(`mat1 and mat2 shapes cannot be multiplied (1x${a._shape[0]} and ${b._shape[0]}x${b._shape[1]})`);
    }
    return squeezeNamed(mm(a.unsqueeze(0), b), 0, 'SqueezeBackward3');
  }
  if (da === 2 && db === 2) return mm(a, b);
  const K = a._shape[da - 1];
  const K2 = db === 1 ? b._shape[0] : b._shape[db - 2];
  if (K !== K2) {
    throw new RangeError(
      `Expected size for first two dimensions of batch2 tensor to be: [${numelOf(b._shape.slice(0, -2))}, ${K}] but got: [${numelOf(b._shape.slice(0, -2))}, ${K2}]. (shapes ${formatShape(a._shape)} and ${formatShape(b._shape)})`,
    );
  }
  // The same decomposition as PyTorch's matmul (so the same graph nodes): a batch against a matrix or
  // vector folds the batch into rows of one mm/mv; otherwise broadcast the batches and use bmm.
  if (shouldFold(a, db)) return foldedMatmul(a, b);
  if (shouldFold(b, da)) {
    const r = foldedMatmul(b.mT, da === 2 ? a.t() : a);
    return da === 2 ? r.mT.contiguous() : r;
  }
  const M = da > 1 ? a._shape[da - 2] : 1;
  const N = db > 1 ? b._shape[db - 1] : 1;
  const batchShape = broadcastShapes(a._shape.slice(0, -2), b._shape.slice(0, -2));
  const batch = numelOf(batchShape);
  const a3 = a.expand([...batchShape, M, K]).reshape([batch, M, K]);
  const b3 = (db === 1 ? b.unsqueeze(1) : b).expand([...batchShape, K, N]).reshape([batch, K, N]);
  const outShape = batchShape.slice();
  if (da > 1) outShape.push(M);
  if (db > 1) outShape.push(N);
  return unsafeView(bmm(a3, b3), outShape);
}

/** PyTorch's should_fold: `t` (3-D or more) against a matrix or vector, unless it is a transposed batch. */
function shouldFold(t: Tensor, otherDim: number): boolean {
  const d = t.dim();
  if (d < 3 || (otherDim !== 1 && otherDim !== 2)) return false;
  const s = t._strides;
  return !(d === 3 && otherDim === 2 && s[2] !== 1 && s[0] === t._shape[1] * t._shape[2]);
}

function foldedMatmul(t1: Tensor, t2: Tensor): Tensor {
  const K = t1._shape[t1.dim() - 1];
  const folded = t1.reshape([-1, K]);
  const outShape = t1._shape.slice(0, -1);
  if (t2.dim() === 2) {
    outShape.push(t2._shape[1]);
    return unsafeView(mm(folded, t2), outShape);
  }
  return unsafeView(mv(folded, t2), outShape);
}

export function outer(a: Tensor, b: Tensor): Tensor {
  if (a.dim() !== 1 || b.dim() !== 1) throw new RangeError(`outer: expected 1D tensors, got ${a.dim()}D and ${b.dim()}D`);
  return a.unsqueeze(1).mul(b.unsqueeze(0));
}
export const ger = outer;

function betaAlpha(opts?: Options): [number, number] {
  return [(opts?.beta as number | undefined) ?? 1, (opts?.alpha as number | undefined) ?? 1];
}

/** beta * input + alpha * (m1 @ m2), one node as in PyTorch (what nn.Linear uses for 2-D input). */
export function addmm(input: Tensor, m1: Tensor, m2: Tensor, opts?: Options): Tensor {
  const [beta, alpha] = betaAlpha(isOptions(opts) ? opts : undefined);
  checkMm(m1, m2);
  const p = mmRaw(m1, m2);
  let r = beta === 1 && alpha === 1 ? addBiasInPlace(p, input) : null;
  if (r === null) {
    broadcastShapes(input._shape, p._shape);
    r = p;
    if (alpha !== 1) r = r.mul(alpha);
    if (beta !== 0) r = r.add(input.detach(), beta === 1 ? undefined : { alpha: beta });
    if (r.dtype !== p.dtype) r = r.to(p.dtype);
  }
  if (anyNeedsGrad([input, m1, m2])) {
    // Scaling by an alpha of 1 is left out: it would change nothing but add a node under createGraph.
    recordOp(r, 'AddmmBackward0', [input, m1, m2], (g) => [
      input._requiresGrad ? sumTo(beta === 1 ? g : g.mul(beta), input._shape) : null,
      m1._requiresGrad ? (alpha === 1 ? mm(g, m2.t()) : mm(g, m2.t()).mul(alpha)) : null,
      m2._requiresGrad ? (alpha === 1 ? rightGrad(m1, g, m2) : rightGrad(m1, g, m2).mul(alpha)) : null,
    ], m1._requiresGrad && m2._requiresGrad ? [m1, m2] : m1._requiresGrad ? [m2] : [m1]);
  }
  return r;
}

/** From this many sums a native call (about 0.2 us fixed) beats the loop (measured: 1000 sums 2.9 -> 0.56 us). */
const NATIVE_BIAS_MIN = 128;

/**
 * The product plus `bias` written into the product's own fresh storage, when the bias is a contiguous
 * row ([N] or [1, N]), one element, or the product's shape, of the product's float dtype: what
 * nn.Linear passes. Each sum is the rounded product plus the bias, as the separate add computes it.
 * Null for anything else.
 */
function addBiasInPlace(p: Tensor, bias: Tensor): Tensor | null {
  if (bias.dtype !== p.dtype || !p.dtype.isFloatingPoint || !bias._contiguous) return null;
  const [M, N] = p._shape;
  const bs = bias._shape;
  const bn = bias.numel();
  const rowLike = (bs.length === 1 && bs[0] === N) || (bs.length === 2 && bs[0] === 1 && bs[1] === N);
  const full = bs.length === 2 && bs[0] === M && bs[1] === N;
  const single = bn === 1 && bs.length <= 2;
  if (!rowLike && !full && !single) return null;
  const out = p._data;
  const bd = bias._data;
  const bo = bias._offset;
  const wantNative = kernelCallPays(out.length, NATIVE_BIAS_MIN);
  if (wantNative && (out.constructor === Float32Array || out.constructor === Float64Array)) {
    const native = elementwiseKernels();
    if (native !== null) {
      const row = single ? 1 : full ? out.length : N;
      native.addRowBias(out as Float32Array | Float64Array, bd as Float32Array | Float64Array, bo, row);
      return p;
    }
  }
  if (single) {
    const v = bd[bo];
    for (let i = 0; i < out.length; i++) out[i] = out[i] + v;
  } else if (full) {
    for (let i = 0; i < out.length; i++) out[i] = out[i] + bd[bo + i];
  } else {
    for (let r = 0; r < out.length; r += N) for (let j = 0; j < N; j++) out[r + j] = out[r + j] + bd[bo + j];
  }
  return p;
}

export function addmv(input: Tensor, mat: Tensor, vec: Tensor, opts?: Options): Tensor {
  const [beta, alpha] = betaAlpha(opts);
  return input.mul(beta).add(mv(mat, vec).mul(alpha));
}

export function baddbmm(input: Tensor, b1: Tensor, b2: Tensor, opts?: Options): Tensor {
  const [beta, alpha] = betaAlpha(opts);
  return input.mul(beta).add(bmm(b1, b2).mul(alpha));
}

declare module '../tensor/tensor.js' {
  interface Tensor {
    mm(other: Tensor): Tensor;
    bmm(other: Tensor): Tensor;
    matmul(other: Tensor): Tensor;
    dot(other: Tensor): Tensor;
    mv(vec: Tensor): Tensor;
    outer(other: Tensor): Tensor;
    addmm(m1: Tensor, m2: Tensor, opts?: Options): Tensor;
  }
}

const P = Tensor.prototype;
P.mm = function (o) { return mm(this, o); };
P.bmm = function (o) { return bmm(this, o); };
P.matmul = function (o) { return matmul(this, o); };
P.dot = function (o) { return dot(this, o); };
P.mv = function (o) { return mv(this, o); };
P.outer = function (o) { return outer(this, o); };
P.addmm = function (a, b, o) { return addmm(this, a, b, o); };
