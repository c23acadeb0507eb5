// torch.nn.init: in-place initialisers that draw exactly PyTorch's random numbers (RNG_SPEC.md §8).
// Bounds are computed in double in PyTorch's order; the draws go straight into the tensor's
// storage through the generator's fills, outside autograd (PyTorch runs them under no_grad).
import { Tensor } from '../tensor/tensor.js';
import type { TypedArray } from '../tensor/dtype.js';
import { noGrad } from '../autograd/grad_mode.js';
import { erf } from '../ops/unary.js';
import '../ops/convert.js';
import { defaultGenerator, fillNormal, fillUniform, type Generator, type FloatArray } from '../random/index.js';
import { bindArgs } from './args.js';

type GenOpt = { generator?: Generator | null };

function genOf(g: Generator | null | undefined): Generator {
  return g ?? defaultGenerator;
}

function checkFloatTensor(t: unknown, fn: string): asserts t is Tensor {
  if (!(t instanceof Tensor)) throw new TypeError(`${fn}: expected a Tensor, got ${t === null ? 'null' : typeof t}`);
  if (!t.dtype.isFloatingPoint) {
    throw new TypeError(`${fn}: expected a floating point tensor, got ${t.dtype.toString()}`);
  }
}

/**
 * Runs `fill` on the tensor's elements in row-major order: directly on the storage when the tensor
 * is contiguous, through a scratch array otherwise.
 */
function fillElements(t: Tensor, fill: (out: FloatArray, contiguous: boolean) => void): Tensor {
  const n = t.numel();
  if (t.isContiguous()) {
    fill(t._data.subarray(t._offset, t._offset + n) as FloatArray, true);
    t._version.version++;
  } else {
    const tmp = new (t.dtype.ArrayType)(n) as TypedArray;
    fill(tmp as FloatArray, false);
    noGrad(() => t.copy_(new Tensor(tmp, t.shape, t.dtype)));
  }
  return t;
}

/** PyTorch's recommended gain for a nonlinearity (`calculate_gain`). */
export function calculateGain(nonlinearity: string, param?: number | null): number {
  const linear = ['linear', 'conv1d', 'conv2d', 'conv3d', 'conv_transpose1d', 'conv_transpose2d', 'conv_transpose3d'];
  if (linear.includes(nonlinearity) || nonlinearity === 'sigmoid') return 1;
  if (nonlinearity === 'tanh') return 5.0 / 3;
  if (nonlinearity === 'relu') return Math.sqrt(2.0);
  if (nonlinearity === 'leaky_relu') {
    let slope: number;
    if (param === undefined || param === null) slope = 0.01;
    else if (typeof param === 'number') slope = param;
    else throw new Error(`negative_slope ${String(param)} not a valid number`);
    return Math.sqrt(2.0 / (1 + slope * slope));
  }
  if (nonlinearity === 'selu') return 3.0 / 4;
  throw new Error(`Unsupported nonlinearity ${nonlinearity}`);
}

/** [fan_in, fan_out] of a weight: size(1)·receptive field and size(0)·receptive field. */
export function calculateFanInAndFanOut(t: Tensor): [number, number] {
  const dim = t.dim();
  if (dim < 2) {
    throw new Error('Fan in and fan out can not be computed for tensor with fewer than 2 dimensions');
  }
  const shape = t._shape;
  let receptive = 1;
  for (let i = 2; i < dim; i++) receptive *= shape[i];
  return [shape[1] * receptive, shape[0] * receptive];
}

function calculateCorrectFan(t: Tensor, mode: string): number {
  const m = mode.toLowerCase();
  if (m !== 'fan_in' && m !== 'fan_out') {
    throw new Error(`Mode ${mode} not supported, please use one of fan_in, fan_out`);
  }
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  return m === 'fan_in' ? fanIn : fanOut;
}

/** U(a, b), drawn as `Tensor.uniform_`. */
export function uniform_(tensor: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs('uniform_', args, ['a', 'b', 'generator'], { a: 0, b: 1, generator: null as Generator | null });
  checkFloatTensor(tensor, 'uniform_');
  const gen = genOf(o.generator);
  return fillElements(tensor, (out) => fillUniform(gen, out, o.a, o.b));
}

/** N(mean, std²), drawn as `Tensor.normal_` (the path depends on size and contiguity, as in PyTorch). */
export function normal_(tensor: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs('normal_', args, ['mean', 'std', 'generator'], { mean: 0, std: 1, generator: null as Generator | null });
  checkFloatTensor(tensor, 'normal_');
  const gen = genOf(o.generator);
  return fillElements(tensor, (out, contiguous) => fillNormal(gen, out, o.mean, o.std, contiguous));
}

/**
 * A normal truncated to [a, b], by inverse CDF as PyTorch does: uniform in [2l-1, 2u-1], erfinv,
 * scale, shift, clamp.
 */
export function truncNormal_(tensor: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs('trunc_normal_', args, ['mean', 'std', 'a', 'b', 'generator'], {
    mean: 0, std: 1, a: -2, b: 2, generator: null as Generator | null,
  });
  checkFloatTensor(tensor, 'trunc_normal_');
  const normCdf = (x: number): number => (1 + erf(x / Math.sqrt(2))) / 2;
  const l = normCdf((o.a - o.mean) / o.std);
  const u = normCdf((o.b - o.mean) / o.std);
  const gen = genOf(o.generator);
  const f32 = tensor.dtype.itemsize === 4;
  const round = f32 ? Math.fround : (x: number) => x;
  const scale = round(o.std * Math.sqrt(2));
  const mean = round(o.mean);
  const lo = round(o.a);
  const hi = round(o.b);
  return fillElements(tensor, (out) => {
    fillUniform(gen, out, 2 * l - 1, 2 * u - 1);
    for (let i = 0; i < out.length; i++) {
      let v = round(erfinv(out[i]));
      v = round(round(v * scale) + mean);
      out[i] = v < lo ? lo : v > hi ? hi : v;
    }
  });
}

export function constant_(tensor: Tensor, val: number): Tensor {
  checkFloatTensor(tensor, 'constant_');
  return noGrad(() => tensor.fill_(val));
}

export function ones_(tensor: Tensor): Tensor {
  return constant_(tensor, 1);
}

export function zeros_(tensor: Tensor): Tensor {
  return constant_(tensor, 0);
}

/** The identity matrix, for 2-D tensors. */
export function eye_(tensor: Tensor): Tensor {
  if (!(tensor instanceof Tensor) || tensor.dim() !== 2) throw new Error('Only tensors with 2 dimensions are supported');
  const [r, c] = tensor._shape;
  const data = new (tensor.dtype.ArrayType)(r * c) as TypedArray;
  for (let i = 0; i < Math.min(r, c); i++) data[i * c + i] = 1;
  return noGrad(() => tensor.copy_(new Tensor(data, [r, c], tensor.dtype)));
}

/** The Dirac delta for 3-, 4- and 5-D conv weights: each output channel passes one input channel through. */
export function dirac_(tensor: Tensor, groups = 1): Tensor {
  const dim = tensor.dim();
  if (dim < 3 || dim > 5) throw new Error('Only tensors with 3, 4, or 5 dimensions are supported');
  const shape = tensor._shape;
  if (shape[0] % groups !== 0) throw new Error('dim 0 must be divisible by groups');
  const outPerGroup = shape[0] / groups;
  const minDim = Math.min(outPerGroup, shape[1]);
  const data = new (tensor.dtype.ArrayType)(tensor.numel()) as TypedArray;
  const spatial = shape.slice(2);
  const strides: number[] = [];
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  for (let g = 0; g < groups; g++) {
    for (let d = 0; d < minDim; d++) {
      let idx = (g * outPerGroup + d) * strides[0] + d * strides[1];
      spatial.forEach((k, j) => { idx += Math.floor(k / 2) * strides[j + 2]; });
      data[idx] = 1;
    }
  }
  return noGrad(() => tensor.copy_(new Tensor(data, shape.slice(), tensor.dtype)));
}

/** Glorot uniform: U(±gain·sqrt(6/(fan_in+fan_out))). */
export function xavierUniform_(tensor: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs('xavier_uniform_', args, ['gain', 'generator'], { gain: 1, generator: null as Generator | null });
  const [fanIn, fanOut] = calculateFanInAndFanOut(tensor);
  const std = o.gain * Math.sqrt(2.0 / (fanIn + fanOut));
  const a = Math.sqrt(3.0) * std;
  return uniform_(tensor, -a, a, { generator: o.generator });
}

/** Glorot normal: N(0, gain²·2/(fan_in+fan_out)). */
export function xavierNormal_(tensor: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs('xavier_normal_', args, ['gain', 'generator'], { gain: 1, generator: null as Generator | null });
  const [fanIn, fanOut] = calculateFanInAndFanOut(tensor);
  const std = o.gain * Math.sqrt(2.0 / (fanIn + fanOut));
  return normal_(tensor, 0, std, { generator: o.generator });
}

interface KaimingArgs extends Record<string, unknown> {
  a: number;
  mode: string;
  nonlinearity: string;
  generator: Generator | null;
}
const KAIMING_NAMES = ['a', 'mode', 'nonlinearity', 'generator'] as const;
const KAIMING_DEFAULTS: KaimingArgs = { a: 0, mode: 'fan_in', nonlinearity: 'leaky_relu', generator: null };

/** He uniform: U(±sqrt(3)·gain/sqrt(fan)); what Linear and Conv use with a = sqrt(5). */
export function kaimingUniform_(tensor: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs<KaimingArgs>('kaiming_uniform_', args, [...KAIMING_NAMES], KAIMING_DEFAULTS);
  checkFloatTensor(tensor, 'kaiming_uniform_');
  if (tensor._shape.includes(0)) return tensor;
  const fan = calculateCorrectFan(tensor, o.mode);
  const gain = calculateGain(o.nonlinearity, o.a);
  const std = gain / Math.sqrt(fan);
  const bound = Math.sqrt(3.0) * std;
  return uniform_(tensor, -bound, bound, { generator: o.generator });
}

/** He normal: N(0, (gain/sqrt(fan))²). */
export function kaimingNormal_(tensor: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs<KaimingArgs>('kaiming_normal_', args, [...KAIMING_NAMES], KAIMING_DEFAULTS);
  checkFloatTensor(tensor, 'kaiming_normal_');
  if (tensor._shape.includes(0)) return tensor;
  const fan = calculateCorrectFan(tensor, o.mode);
  const gain = calculateGain(o.nonlinearity, o.a);
  const std = gain / Math.sqrt(fan);
  return normal_(tensor, 0, std, { generator: o.generator });
}

/**
 * A (semi-)orthogonal matrix from the QR decomposition of a standard normal one, signs fixed so
 * R's diagonal is positive (which makes the result independent of the QR algorithm).
 */
export function orthogonal_(tensor: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs('orthogonal_', args, ['gain', 'generator'], { gain: 1, generator: null as Generator | null });
  checkFloatTensor(tensor, 'orthogonal_');
  if (tensor.dim() < 2) throw new Error('Only tensors with 2 or more dimensions are supported');
  const n = tensor.numel();
  if (n === 0) return tensor;
  const rows = tensor._shape[0];
  const cols = n / rows;
  const flat = new (tensor.dtype.ArrayType)(n) as FloatArray;
  fillNormal(genOf(o.generator), flat, 0, 1, true);
  // QR of the tall orientation: A is m x k with m >= k (the transpose when rows < cols).
  const tall = rows >= cols;
  const m = tall ? rows : cols;
  const k = tall ? cols : rows;
  const a = new Float64Array(m * k);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = flat[r * cols + c];
      if (tall) a[r * k + c] = v;
      else a[c * k + r] = v;
    }
  }
  // Modified Gram-Schmidt, done twice per column for orthogonality in finite precision.
  const q = new Float64Array(m * k);
  for (let j = 0; j < k; j++) {
    for (let i = 0; i < m; i++) q[i * k + j] = a[i * k + j];
    for (let pass = 0; pass < 2; pass++) {
      for (let p = 0; p < j; p++) {
        let dot = 0;
        for (let i = 0; i < m; i++) dot += q[i * k + p] * q[i * k + j];
        for (let i = 0; i < m; i++) q[i * k + j] -= dot * q[i * k + p];
      }
    }
    let norm = 0;
    for (let i = 0; i < m; i++) norm += q[i * k + j] * q[i * k + j];
    norm = Math.sqrt(norm);
    for (let i = 0; i < m; i++) q[i * k + j] = norm === 0 ? 0 : q[i * k + j] / norm;
  }
  const out = new (tensor.dtype.ArrayType)(n) as TypedArray;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) out[r * cols + c] = (tall ? q[r * k + c] : q[c * k + r]) * o.gain;
  }
  return noGrad(() => tensor.copy_(new Tensor(out, tensor.shape, tensor.dtype)));
}

/** Inverse error function in double: a rational first guess refined by two Newton steps. */
export function erfinv(y: number): number {
  if (y !== y || y < -1 || y > 1) return NaN;
  if (y === 1) return Infinity;
  if (y === -1) return -Infinity;
  const w = -Math.log((1 - y) * (1 + y));
  let x: number;
  if (w < 5) {
    const t = w - 2.5;
    let p = 2.81022636e-8;
    p = 3.43273939e-7 + p * t;
    p = -3.5233877e-6 + p * t;
    p = -4.39150654e-6 + p * t;
    p = 0.00021858087 + p * t;
    p = -0.00125372503 + p * t;
    p = -0.00417768164 + p * t;
    p = 0.246640727 + p * t;
    p = 1.50140941 + p * t;
    x = p * y;
  } else {
    const t = Math.sqrt(w) - 3;
    let p = -0.000200214257;
    p = 0.000100950558 + p * t;
    p = 0.00134934322 + p * t;
    p = -0.00367342844 + p * t;
    p = 0.00573950773 + p * t;
    p = -0.0076224613 + p * t;
    p = 0.00943887047 + p * t;
    p = 1.00167406 + p * t;
    p = 2.83297682 + p * t;
    x = p * y;
  }
  for (let i = 0; i < 2; i++) {
    const err = erf(x) - y;
    x -= err / ((2 / Math.sqrt(Math.PI)) * Math.exp(-x * x));
  }
  return x;
}

export type { GenOpt };
