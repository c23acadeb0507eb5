// Random tensors and in-place random fills, drawing from PyTorch-exact streams (src/random):
// rand, randn, randint, randperm, normal, bernoulli, multinomial, the *Like forms, uniform_,
// normal_, random_, bernoulli_, exponential_, and the global seed/state functions.
import { DType, float32, float64, int64, uint8, getDefaultDtype, type TypedArray } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import { broadcastShapes, broadcastStrides, checkShape, numelOf, shapeFromArgs } from '../tensor/shape.js';
import { gatherStrided, stridedOffsets } from '../tensor/strided.js';
import { Generator, defaultGenerator } from '../random/generator.js';
import { fillUniform } from '../random/uniform.js';
import { fillNormal, fillNormalTensorParams } from '../random/normal.js';
import { fillRandomInt, fillRandomFull } from '../random/integers.js';
import { randperm as randpermRaw } from '../random/randperm.js';
import { fillBernoulli, fillBernoulliTensor } from '../random/bernoulli.js';
import { fillExponential } from '../random/exponential.js';
import { multinomial as multinomialRaw } from '../random/multinomial.js';
import type { RandomDType, FloatArray, NumericArray } from '../random/dtypes.js';
import { checkInPlace } from '../autograd/function.js';
import { isOptions, optBool, optDtype, splitOptions, type Options } from './options.js';
import { describe } from './util.js';

export { Generator, defaultGenerator };

function genOf(o: Options | undefined): Generator {
  const g = o?.generator;
  if (g === undefined || g === null) return defaultGenerator;
  if (!(g instanceof Generator)) throw new TypeError(`generator must be a torch.Generator, got ${describe(g)}`);
  return g;
}

function finish(t: Tensor, o: Options | undefined): Tensor {
  if (optBool(o, 'requiresGrad', false)) t.requiresGrad_(true);
  return t;
}

function floatDtype(o: Options | undefined, fn: string): DType {
  const d = optDtype(o) ?? getDefaultDtype();
  if (!d.isFloatingPoint) throw new TypeError(`"${fn}" not implemented for '${d.name}': expected a floating point dtype`);
  return d;
}

function sizeArgs(args: unknown[]): [number[], Options] {
  const [pos, o] = splitOptions(args);
  const shape = shapeFromArgs(pos);
  checkShape(shape, 'size');
  return [shape, o];
}

/**
 * Fills `t` in place with values a fill function draws in PyTorch's element order: storage order for
 * contiguous tensors, and for strided ones the order of dims sorted by stride, as TensorIterator does.
 */
function fillInPlace(t: Tensor, draw: (out: NumericArray, contiguous: boolean) => void): Tensor {
  const n = t.numel();
  if (t._contiguous) {
    const view = t._data.subarray(t._offset, t._offset + n) as NumericArray;
    draw(view, true);
  } else {
    const order = t._shape.map((_, i) => i).sort((a, b) => t._strides[b] - t._strides[a] || a - b);
    const offs = stridedOffsets(order.map((d) => t._shape[d]), order.map((d) => t._strides[d]), t._offset);
    const tmp = new (t.dtype.ArrayType)(n) as NumericArray;
    draw(tmp, false);
    for (let i = 0; i < n; i++) t._data[offs[i]] = tmp[i];
  }
  t._version.version++;
  return t;
}

function rdt(d: DType): RandomDType {
  return d.name as RandomDType;
}

// ---- factories -----------------------------------------------------------------------------------

export function rand(...args: unknown[]): Tensor {
  const [shape, o] = sizeArgs(args);
  const d = floatDtype(o, 'rand');
  const out = new (d.ArrayType)(numelOf(shape)) as FloatArray;
  fillUniform(genOf(o), out, 0, 1);
  return finish(new Tensor(out, shape, d), o);
}

export function randn(...args: unknown[]): Tensor {
  const [shape, o] = sizeArgs(args);
  const d = floatDtype(o, 'randn');
  const out = new (d.ArrayType)(numelOf(shape)) as FloatArray;
  fillNormal(genOf(o), out, 0, 1);
  return finish(new Tensor(out, shape, d), o);
}

/** `randint(high, size)` or `randint(low, high, size)`, int64 unless `{ dtype }` says otherwise. */
export function randint(...args: unknown[]): Tensor {
  const [pos, o] = splitOptions(args);
  let low = 0;
  let high: number;
  let size: unknown;
  if (pos.length === 2) [high, size] = pos as [number, unknown];
  else if (pos.length === 3) [low, high, size] = pos as [number, number, unknown];
  else throw new TypeError('randint() expects (high, size) or (low, high, size)');
  if (!Array.isArray(size)) throw new TypeError(`randint(): size must be an array of integers, got ${describe(size)}`);
  checkShape(size as number[], 'size');
  for (const [name, v] of [['low', low], ['high', high]] as const) {
    if (!Number.isInteger(v)) throw new TypeError(`randint(): ${name} must be an integer, got ${v}`);
  }
  if (!(low < high)) {
    throw new RangeError(`random_ expects 'from' to be less than 'to', but got from=${low} >= to=${high}`);
  }
  const d = optDtype(o) ?? int64;
  const out = new (d.ArrayType)(numelOf(size as number[])) as NumericArray;
  fillRandomInt(genOf(o), out, low, high, rdt(d));
  return finish(new Tensor(out as TypedArray, (size as number[]).slice(), d), o);
}

export function randperm(n: number, opts?: Options): Tensor {
  if (typeof n !== 'number' || !Number.isInteger(n)) throw new TypeError(`randperm(): n must be an integer, got ${describe(n)}`);
  if (n < 0) throw new RangeError(`n must be non-negative, got${n}`);
  const d = optDtype(opts) ?? int64;
  const perm = randpermRaw(genOf(opts), n, d.name as 'int64');
  const data = perm instanceof d.ArrayType ? (perm as TypedArray) : (d.ArrayType.from(perm as ArrayLike<number>) as TypedArray);
  return finish(new Tensor(data, [n], d), opts);
}

export function randLike(t: Tensor, opts?: Options): Tensor {
  return rand(t._shape, { ...opts, dtype: optDtype(opts) ?? t.dtype });
}
export function randnLike(t: Tensor, opts?: Options): Tensor {
  return randn(t._shape, { ...opts, dtype: optDtype(opts) ?? t.dtype });
}
export function randintLike(t: Tensor, low: number, high?: number | Options, opts?: Options): Tensor {
  if (high === undefined || isOptions(high)) return randint(low, t._shape, { ...(high as Options | undefined), dtype: t.dtype });
  return randint(low, high, t._shape, { ...opts, dtype: optDtype(opts) ?? t.dtype });
}

/**
 * `normal(meanTensor, stdTensor)`, `normal(meanTensor, std)`, `normal(mean, stdTensor)`,
 * `normal(mean, std, size)`, each with an optional `{ generator }`.
 */
export function normal(mean: Tensor | number, std: Tensor | number = 1, size?: number[] | Options, opts?: Options): Tensor {
  if (isOptions(size)) {
    opts = size;
    size = undefined;
  }
  const gen = genOf(opts);
  if (!(mean instanceof Tensor) && !(std instanceof Tensor)) {
    if (!Array.isArray(size)) throw new TypeError('normal(mean, std, size): size is required when mean and std are numbers');
    const d = floatDtype(opts, 'normal');
    const out = new (d.ArrayType)(numelOf(size)) as FloatArray;
    fillNormal(gen, out, mean, std);
    return finish(new Tensor(out, size.slice(), d), opts);
  }
  const mt = mean instanceof Tensor ? mean : null;
  const st = std instanceof Tensor ? std : null;
  const ref = (mt ?? st)!;
  const d = ref.dtype.isFloatingPoint ? (mt && st ? (mt.dtype === float64 || st.dtype === float64 ? float64 : ref.dtype) : ref.dtype) : getDefaultDtype();
  const shape = mt && st ? broadcastShapes(mt._shape, st._shape) : ref._shape.slice();
  const n = numelOf(shape);
  const expand = (t: Tensor): FloatArray => {
    const out = new (d.ArrayType)(n) as FloatArray;
    gatherStrided(t._data, shape, broadcastStrides(t._shape, t._strides, shape), t._offset, out);
    return out;
  };
  if (st) {
    const sv = st._values();
    for (let i = 0; i < sv.length; i++) {
      if (sv[i] < 0) throw new RangeError(`normal expects all elements of std >= 0.0`);
    }
  }
  const out = new (d.ArrayType)(n) as FloatArray;
  fillNormalTensorParams(gen, out, mt ? expand(mt) : (mean as number), st ? expand(st) : (std as number));
  return new Tensor(out, shape, d);
}

export function bernoulli(input: Tensor, p?: number | Options, opts?: Options): Tensor {
  if (isOptions(p)) {
    opts = p;
    p = opts.p as number | undefined;
  }
  if (!(input instanceof Tensor)) throw new TypeError(`bernoulli(): input must be a Tensor, got ${describe(input)}`);
  const d = input.dtype.isFloatingPoint ? input.dtype : float32;
  const out = new (d.ArrayType)(input.numel()) as NumericArray;
  if (typeof p === 'number') fillBernoulli(genOf(opts), out, p);
  else {
    if (!input.dtype.isFloatingPoint) throw new TypeError('bernoulli: expected a floating point tensor of probabilities');
    fillBernoulliTensor(genOf(opts), out, input._values() as FloatArray);
  }
  return new Tensor(out as TypedArray, input._shape.slice(), d);
}

export function multinomial(input: Tensor, numSamples: number, replacement: boolean | Options = false, opts?: Options): Tensor {
  if (isOptions(replacement)) {
    opts = replacement;
    replacement = Boolean(opts.replacement);
  }
  if (input.dim() < 1 || input.dim() > 2) throw new RangeError('prob_dist must be 1 or 2 dim');
  if (!input.dtype.isFloatingPoint) throw new TypeError('multinomial only supports floating-point dtypes for input');
  const rows = input.dim() === 1 ? 1 : input._shape[0];
  const cols = input._shape[input.dim() - 1];
  const vals = input._values() as FloatArray;
  const idx = multinomialRaw(genOf(opts), vals, rows, cols, numSamples, replacement);
  return new Tensor(idx, input.dim() === 1 ? [numSamples] : [rows, numSamples], int64);
}

// ---- in-place fills ------------------------------------------------------------------------------

function floatArgs(a: unknown, b: unknown, keys: [string, string], dflt: [number, number]): [number, number, Options | undefined] {
  if (isOptions(a)) return [((a as Options)[keys[0]] as number) ?? dflt[0], ((a as Options)[keys[1]] as number) ?? dflt[1], a as Options];
  if (isOptions(b)) return [(a as number) ?? dflt[0], ((b as Options)[keys[1]] as number) ?? dflt[1], b as Options];
  return [(a as number | undefined) ?? dflt[0], (b as number | undefined) ?? dflt[1], undefined];
}

function requireFloat(t: Tensor, op: string): void {
  if (!t.dtype.isFloatingPoint) throw new TypeError(`${op} expects a floating point tensor, got ${t.dtype}`);
}

export function uniform_(t: Tensor, from?: number | Options, to?: number | Options, opts?: Options): Tensor {
  const [a, b, o] = floatArgs(from, to, ['from', 'to'], [0, 1]);
  requireFloat(t, 'uniform_');
  checkInPlace(t);
  const g = genOf(o ?? opts);
  return fillInPlace(t, (out) => fillUniform(g, out as FloatArray, a, b));
}

export function normal_(t: Tensor, mean?: number | Options, std?: number | Options, opts?: Options): Tensor {
  const [m, s, o] = floatArgs(mean, std, ['mean', 'std'], [0, 1]);
  requireFloat(t, 'normal_');
  checkInPlace(t);
  const g = genOf(o ?? opts);
  return fillInPlace(t, (out, contiguous) => fillNormal(g, out as FloatArray, m, s, contiguous));
}

/** `random_()`, `random_(to)`, `random_(from, to)`. */
export function random_(t: Tensor, from?: number | Options, to?: number | Options, opts?: Options): Tensor {
  let o = opts;
  if (isOptions(from)) {
    o = from;
    from = undefined;
  }
  if (isOptions(to)) {
    o = to;
    to = undefined;
  }
  checkInPlace(t);
  const g = genOf(o);
  const dt = rdt(t.dtype);
  if (from === undefined) return fillInPlace(t, (out) => fillRandomFull(g, out, dt));
  if (to === undefined) return fillInPlace(t, (out) => fillRandomInt(g, out, 0, from as number, dt));
  return fillInPlace(t, (out) => fillRandomInt(g, out, from as number, to as number, dt));
}

export function bernoulli_(t: Tensor, p: number | Tensor | Options = 0.5, opts?: Options): Tensor {
  if (isOptions(p)) {
    opts = p;
    p = (opts.p as number | undefined) ?? 0.5;
  }
  checkInPlace(t);
  const g = genOf(opts);
  if (p instanceof Tensor) {
    const probs = p.dtype === t.dtype || !t.dtype.isFloatingPoint ? p.expand(t._shape).contiguous()._values() : p.to(t.dtype).expand(t._shape).contiguous()._values();
    return fillInPlace(t, (out) => fillBernoulliTensor(g, out, probs as FloatArray));
  }
  return fillInPlace(t, (out) => fillBernoulli(g, out, p as number));
}

export function exponential_(t: Tensor, lambd: number | Options = 1, opts?: Options): Tensor {
  if (isOptions(lambd)) {
    opts = lambd;
    lambd = (opts.lambd as number | undefined) ?? 1;
  }
  requireFloat(t, 'exponential_');
  checkInPlace(t);
  const g = genOf(opts);
  return fillInPlace(t, (out) => fillExponential(g, out as FloatArray, lambd as number));
}

// ---- global generator ----------------------------------------------------------------------------

/** `torch.manualSeed(seed)`: seeds the default generator; returns it, as PyTorch does. */
export function manualSeed(seed: number | bigint): Generator {
  return defaultGenerator.manualSeed(seed);
}
export function seed(): number {
  return defaultGenerator.seed();
}
export function initialSeed(): number | bigint {
  return defaultGenerator.initialSeed();
}
/** The default generator's state as a uint8 tensor (PyTorch's 5056-byte layout). */
export function getRngState(): Tensor {
  const s = defaultGenerator.getState();
  return new Tensor(s, [s.length], uint8);
}
export function setRngState(state: Tensor): void {
  if (!(state instanceof Tensor) || state.dtype.name !== 'uint8') {
    throw new TypeError('setRngState expects a torch.uint8 tensor (as returned by getRngState)');
  }
  defaultGenerator.setState(new Uint8Array(state._values()));
}

declare module '../tensor/tensor.js' {
  interface Tensor {
    uniform_(from?: number | Options, to?: number | Options, opts?: Options): Tensor;
    normal_(mean?: number | Options, std?: number | Options, opts?: Options): Tensor;
    random_(from?: number | Options, to?: number | Options, opts?: Options): Tensor;
    bernoulli_(p?: number | Tensor | Options, opts?: Options): Tensor;
    bernoulli(p?: number | Options, opts?: Options): Tensor;
    exponential_(lambd?: number | Options, opts?: Options): Tensor;
    multinomial(numSamples: number, replacement?: boolean | Options, opts?: Options): Tensor;
  }
}

const P = Tensor.prototype;
P.uniform_ = function (a, b, o) { return uniform_(this, a, b, o); };
P.normal_ = function (a, b, o) { return normal_(this, a, b, o); };
P.random_ = function (a, b, o) { return random_(this, a, b, o); };
P.bernoulli_ = function (p, o) { return bernoulli_(this, p, o); };
P.bernoulli = function (p, o) { return bernoulli(this, p, o); };
P.exponential_ = function (l, o) { return exponential_(this, l, o); };
P.multinomial = function (n, r, o) { return multinomial(this, n, r, o); };
