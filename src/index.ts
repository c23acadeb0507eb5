// torchlet: PyTorch's programming model in TypeScript. `import * as torch from 'torchlet'`.
// The op files install their Tensor methods when imported, so every one is imported here.
import './tensor/format.js';
import './autograd/api.js';

export {
  DType, float32, float, float64, double, int64, long, int32, int, int16, short, int8, uint8, bool,
  getDefaultDtype, setDefaultDtype,
} from './tensor/dtype.js';
export { Tensor, isTensor, type TensorLike, type Scalar } from './tensor/tensor.js';
export { setPrintoptions } from './tensor/format.js';
export { broadcastShapes } from './tensor/shape.js';

export {
  tensor, from, fromNumpy, zeros, ones, empty, full, eye, arange, linspace, logspace,
  zerosLike, onesLike, emptyLike, fullLike,
} from './ops/creation.js';
export {
  add, sub, rsub, mul, div, floorDivide, pow, remainder, fmod, atan2, maximum, minimum,
} from './ops/binary.js';
export { sub as subtract, mul as multiply, div as divide, div as trueDivide } from './ops/binary.js';
export {
  neg, negative, abs, absolute, sign, sqrt, rsqrt, exp, exp2, expm1, log, log2, log10, log1p, sin, cos, tan,
  asin, acos, atan, arcsin, arccos, arctan, sinh, cosh, tanh, asinh, acosh, atanh, sigmoid, floor, ceil,
  round, trunc, fix, frac, reciprocal, clamp, clip, erfFn as erf,
} from './ops/unary.js';
export {
  eq, ne, lt, le, gt, ge, logicalAnd, logicalOr, logicalXor, logicalNot, isnan, isinf, isfinite,
  isposinf, isneginf, where, equal, allclose, isclose,
} from './ops/compare.js';
export { gt as greater, lt as less, ge as greaterEqual, le as lessEqual, ne as notEqual } from './ops/compare.js';
export {
  sum, mean, prod, max, min, amax, amin, argmax, argmin, variance as var, std, norm, logsumexp, all, any,
  cumsum, cumprod, countNonzero,
} from './ops/reduce.js';
export {
  view, reshape, flatten, unflatten, unsqueeze, squeeze, transpose, transpose as swapaxes, t, permute,
  movedim, narrow, select, split, chunk, unbind, flip, repeat as repeatTensor, tile, asStrided,
} from './ops/view.js';
export { cat, concat, concatenate, stack, hstack, vstack } from './ops/join.js';
export { to, clone } from './ops/convert.js';
export {
  indexOp as index, gather, scatter, scatterAdd, indexSelect, maskedFill, maskedSelect, nonzero, sliceScatter, take,
  indexPut,
} from './ops/indexing.js';
export { dot, vdot, inner, mv, mm, bmm, matmul, outer, ger, addmm, addmv, baddbmm } from './ops/matmul.js';
export {
  relu, relu6, leakyRelu, elu, selu, celu, gelu, silu, mish, softplus, softsign, hardtanh, hardsigmoid,
  hardswish, logsigmoid, softmax, logSoftmax, softmin,
} from './ops/activation.js';

export { noGrad, enableGrad, setGradEnabled, isGradEnabled, inferenceMode } from './autograd/grad_mode.js';
export * as autograd from './autograd/index.js';
export {
  Generator, rand, randn, randint, randperm, randLike, randnLike, randintLike, normal, bernoulli, multinomial,
  manualSeed, seed, initialSeed, getRngState, setRngState, defaultGenerator,
} from './ops/random.js';
export * as nn from './nn/index.js';
export * as optim from './optim/index.js';
export * as utils from './utils/index.js';
export * as cuda from './cuda.js';
export * as config from './config.js';
export { version } from './version.js';
export { save, load } from './serialization/public.js';
export * as serialization from './serialization/public.js';
export { fromNpy, toNpy } from './serialization/npy_tensor.js';
export * as safetensors from './serialization/safetensors_tensor.js';
export * as backends from './backends.js';
export { getNumThreads, setNumThreads } from './backend/tier.js';
