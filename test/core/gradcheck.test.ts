// Every differentiable op's backward against finite differences in float64, including broadcasting,
// views, indexing and in-place ops; and second derivatives (createGraph) for a set of ops.
import { test } from 'node:test';
import * as torch from '../../src/index.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { gradcheck, gradgradcheck, rand, leaf, type GradcheckOptions } from './gradcheck.js';

type F = (...xs: Tensor[]) => Tensor | Tensor[];
const R = rand;
/** Values away from 0 (for ops with a kink or a pole there), in [lo, hi) with a random sign. */
const away = (shape: number[], seed: number, lo = 0.3, hi = 1.5): Tensor => {
  const t = R(shape, seed, lo, hi);
  const s = R(shape, seed + 7);
  const d = t._data;
  for (let i = 0; i < d.length; i++) if (s._data[i] < 0) d[i] = -d[i];
  return t;
};
const long = (v: number[] | number[][], shape?: number[]): Tensor => {
  const flat = (v as number[]).flat() as number[];
  return torch.tensor(flat.map(BigInt)).reshape(shape ?? (Array.isArray(v[0]) ? [v.length, (v[0] as number[]).length] : [v.length]));
};
const mask = (v: number[], shape: number[] = [v.length]): Tensor => torch.tensor(v.map(Boolean)).reshape(shape);
/** A non-leaf copy, for cases that write in place. */
const cp = (x: Tensor): Tensor => x.mul(1);

const CASES: [string, F, () => Tensor[], GradcheckOptions?][] = [
  // binary arithmetic with broadcasting
  ['add', (a, b) => a.add(b), () => [R([3, 4], 1), R([4], 2)]],
  ['add alpha', (a, b) => torch.add(a, b, { alpha: -2.5 }), () => [R([2, 1, 3], 3), R([4, 1], 4)]],
  ['add scalar', (a) => a.add(0.7), () => [R([3], 5)]],
  ['radd scalar', (a) => torch.add(2, a), () => [R([3], 5)]],
  ['sub', (a, b) => a.sub(b), () => [R([3, 1], 6), R([1, 4], 7)]],
  ['sub alpha', (a, b) => a.sub(b, { alpha: 3 }), () => [R([2, 3], 8), R([], 9)]],
  ['rsub', (a) => torch.sub(1.5, a), () => [R([4], 10)]],
  ['mul', (a, b) => a.mul(b), () => [R([2, 3, 4], 11), R([3, 1], 12)]],
  ['mul same', (a) => a.mul(a), () => [R([5], 13)]],
  ['mul scalar', (a) => a.mul(-3), () => [R([2, 2], 14)]],
  ['div', (a, b) => a.div(b), () => [R([3, 4], 15), away([4], 16)]],
  ['div scalar', (a) => a.div(0.3), () => [R([3], 17)]],
  ['rdiv scalar', (a) => torch.div(2, a), () => [away([3], 18)]],
  ['pow tensor', (a, b) => a.pow(b), () => [R([3, 4], 19, 0.5, 2), R([4], 20)]],
  ['pow scalar', (a) => a.pow(3), () => [R([4], 21)]],
  ['pow fractional', (a) => a.pow(-1.5), () => [R([4], 22, 0.5, 2)]],
  ['pow scalar base', (a) => torch.pow(2.5, a), () => [R([4], 23)]],
  ['square', (a) => a.square(), () => [R([3], 24)]],
  ['atan2', (a, b) => torch.atan2(a, b), () => [R([3, 2], 25), away([2], 26)]],
  ['maximum', (a, b) => torch.maximum(a, b), () => [R([3, 4], 27), R([4], 28)]],
  ['minimum', (a, b) => torch.minimum(a, b), () => [R([2, 3], 29), R([2, 1], 30)]],
  ['remainder', (a, b) => torch.remainder(a, b), () => [R([4], 31, 0.1, 0.9), leaf([0.3, -0.7, 0.45, 1.1])]],
  ['fmod', (a, b) => torch.fmod(a, b), () => [R([4], 32, 0.1, 0.9), leaf([0.3, -0.7, 0.45, 1.1])]],

  // unary
  ...(['neg', 'abs', 'exp', 'exp2', 'expm1', 'sin', 'cos', 'tan', 'atan', 'sinh', 'cosh', 'tanh', 'asinh', 'sigmoid',
    'frac', 'erf'] as const).map((n, i): [string, F, () => Tensor[]] => [n, (a) => (torch as any)[n](a), () => [away([2, 3], 40 + i)]]),
  ...(['sqrt', 'rsqrt', 'log', 'log2', 'log10', 'log1p', 'reciprocal'] as const)
    .map((n, i): [string, F, () => Tensor[]] => [n, (a) => (torch as any)[n](a), () => [R([2, 3], 60 + i, 0.2, 2)]]),
  ...(['asin', 'acos', 'atanh'] as const).map((n, i): [string, F, () => Tensor[]] => [n, (a) => (torch as any)[n](a), () => [R([5], 70 + i, -0.9, 0.9)]]),
  ['acosh', (a) => a.acosh(), () => [R([5], 75, 1.2, 3)]],
  ['floor (zero gradient)', (a) => a.floor().add(a), () => [R([4], 76, -3, 3)]],
  ['round (zero gradient)', (a) => a.round().mul(a), () => [R([4], 77, -3, 3)]],
  ['clamp', (a) => a.clamp(-0.5, 0.4), () => [R([3, 4], 78)]],
  ['clamp min', (a) => a.clamp({ min: 0.1 }), () => [R([6], 79)]],
  ['clamp tensors', (a, lo, hi) => torch.clamp(a, lo, hi), () => [R([3, 4], 80), R([4], 81, -1, -0.2), R([3, 1], 82, 0.2, 1)]],

  // comparisons feeding where
  ['where', (c, a, b) => torch.where(c, a, b) as Tensor, () => [mask([1, 0, 1, 1, 0, 0], [2, 3]), R([2, 3], 83), R([3], 84)]],
  ['where scalar', (c, a) => torch.where(c, a, 0.5) as Tensor, () => [mask([1, 0, 1]), R([3], 85)]],

  // reductions
  ['sum', (a) => a.sum(), () => [R([3, 4], 90)]],
  ['sum dims keepdim', (a) => a.sum([0, 2], true), () => [R([2, 3, 4], 91)]],
  ['sum neg dim', (a) => a.sum(-1), () => [R([2, 3], 92)]],
  ['mean', (a) => a.mean([1]), () => [R([3, 4], 93)]],
  ['prod', (a) => a.prod(), () => [R([2, 3], 94, 0.5, 1.5)]],
  ['prod dim with zero', (a) => a.prod(1), () => [leaf([1.5, 0, 2, 0.5, -1, 3], [2, 3])]],
  ['max', (a) => a.max(), () => [R([3, 4], 95)]],
  ['min dim values', (a) => a.min(1).values, () => [R([3, 4], 96)]],
  ['max dim keepdim', (a) => a.max(0, true).values, () => [R([3, 4], 97)]],
  ['amax', (a) => a.amax([0, 2]), () => [R([2, 3, 4], 98)]],
  ['amin', (a) => a.amin(1, true), () => [R([3, 4], 99)]],
  ['var', (a) => a.var(), () => [R([5], 100)]],
  ['var dim biased', (a) => a.var(1, { unbiased: false }), () => [R([3, 4], 101)]],
  ['std', (a) => a.std(0, true, true), () => [R([4, 3], 102)]],
  ['norm 2', (a) => a.norm(), () => [R([3, 4], 103)]],
  ['norm 1 dim', (a) => a.norm(1, 1), () => [away([3, 4], 104)]],
  ['norm 3 dim', (a) => a.norm(3, 0, true), () => [away([3, 4], 105)]],
  ['norm 0.5', (a) => a.norm(0.5), () => [away([5], 106)]],
  ['norm inf', (a) => a.norm(Infinity, 1), () => [R([3, 4], 107)]],
  ['logsumexp', (a) => a.logsumexp(1), () => [R([3, 4], 108)]],
  ['logsumexp dims', (a) => a.logsumexp([0, 2], true), () => [R([2, 3, 4], 109)]],
  ['cumsum', (a) => a.cumsum(1), () => [R([3, 4], 110)]],
  ['cumsum dim 0', (a) => a.cumsum(0), () => [R([3, 2], 111)]],
  ['cumprod', (a) => a.cumprod(1), () => [R([2, 4], 112, 0.5, 1.5)]],
  ['cumprod with zeros', (a) => a.cumprod(1), () => [leaf([1.5, 0, 2, -0.5, 0, 0, 3, 2], [2, 4])]],

  // matrix products
  ['dot', (a, b) => torch.dot(a, b), () => [R([5], 120), R([5], 121)]],
  ['mv', (a, b) => torch.mv(a, b), () => [R([3, 4], 122), R([4], 123)]],
  ['mm', (a, b) => torch.mm(a, b), () => [R([3, 4], 124), R([4, 2], 125)]],
  ['mm transposed', (a, b) => torch.mm(a.t(), b.t()), () => [R([4, 3], 126), R([2, 4], 127)]],
  ['bmm', (a, b) => torch.bmm(a, b), () => [R([2, 3, 4], 128), R([2, 4, 2], 129)]],
  ['matmul 1d@2d', (a, b) => torch.matmul(a, b), () => [R([4], 130), R([4, 3], 131)]],
  ['matmul 3d@2d', (a, b) => torch.matmul(a, b), () => [R([2, 3, 4], 132), R([4, 2], 133)]],
  ['matmul 2d@3d', (a, b) => torch.matmul(a, b), () => [R([3, 4], 134), R([2, 4, 2], 135)]],
  ['matmul 1d@3d', (a, b) => torch.matmul(a, b), () => [R([4], 136), R([2, 4, 3], 137)]],
  ['matmul 3d@1d', (a, b) => torch.matmul(a, b), () => [R([2, 3, 4], 138), R([4], 139)]],
  ['matmul broadcast batch', (a, b) => torch.matmul(a, b), () => [R([2, 1, 3, 4], 140), R([3, 4, 2], 141)]],
  ['outer', (a, b) => torch.outer(a, b), () => [R([3], 142), R([4], 143)]],
  ['addmm', (c, a, b) => torch.addmm(c, a, b, { beta: 0.5, alpha: 2 }), () => [R([2], 144), R([3, 4], 145), R([4, 2], 146)]],

  // activations
  ['relu', (a) => torch.relu(a), () => [away([3, 4], 150, 0.05, 1)]],
  ['relu6', (a) => torch.relu6(a), () => [R([8], 151, -3, 9)]],
  ['leakyRelu', (a) => torch.leakyRelu(a, 0.2), () => [away([6], 152, 0.05, 1)]],
  ['elu', (a) => torch.elu(a, 0.7), () => [away([6], 153, 0.05, 1)]],
  ['selu', (a) => torch.selu(a), () => [away([6], 154, 0.05, 1)]],
  ['gelu', (a) => torch.gelu(a), () => [R([6], 155, -3, 3)]],
  ['gelu tanh', (a) => torch.gelu(a, 'tanh'), () => [R([6], 156, -3, 3)]],
  ['silu', (a) => torch.silu(a), () => [R([6], 157, -3, 3)]],
  ['softplus', (a) => torch.softplus(a, { beta: 2, threshold: 3 }), () => [R([8], 158, -3, 1.4)]],
  ['softsign', (a) => torch.softsign(a), () => [away([6], 159)]],
  ['hardtanh', (a) => torch.hardtanh(a, -0.5, 0.5), () => [R([8], 160)]],
  ['softmax', (a) => torch.softmax(a, 1), () => [R([3, 4], 161)]],
  ['softmax dim 0', (a) => torch.softmax(a, 0), () => [R([2, 3, 2], 162)]],
  ['logSoftmax', (a) => torch.logSoftmax(a, -1), () => [R([3, 4], 163)]],

  // views and joins
  ['view', (a) => a.view(2, 6), () => [R([3, 4], 170)]],
  ['reshape non-contiguous', (a) => a.t().reshape(-1), () => [R([3, 4], 171)]],
  ['flatten', (a) => a.flatten(1), () => [R([2, 3, 2], 172)]],
  ['unsqueeze squeeze', (a) => a.unsqueeze(1).squeeze(), () => [R([3, 1, 2], 173)]],
  ['transpose', (a) => a.transpose(0, 2), () => [R([2, 3, 4], 174)]],
  ['permute', (a) => a.permute(2, 0, 1), () => [R([2, 3, 4], 175)]],
  ['expand', (a) => a.expand(2, 3, 4), () => [R([3, 1], 176)]],
  ['narrow', (a) => a.narrow(1, 1, 2), () => [R([3, 4], 177)]],
  ['select', (a) => a.select(0, -1), () => [R([3, 4], 178)]],
  ['split', (a) => a.split([1, 3], 1), () => [R([2, 4], 179)]],
  ['chunk', (a) => a.chunk(3, 0), () => [R([7, 2], 180)]],
  ['unbind', (a) => a.unbind(1), () => [R([2, 3], 181)]],
  ['cat', (a, b) => torch.cat([a, b], 1), () => [R([2, 3], 182), R([2, 1], 183)]],
  ['stack', (a, b) => torch.stack([a, b], 1), () => [R([2, 3], 184), R([2, 3], 185)]],
  ['flip', (a) => a.flip([0, 1]), () => [R([3, 4], 186)]],
  ['repeat', (a) => a.repeat(2, 1, 3), () => [R([2, 2], 187)]],
  ['contiguous', (a) => a.t().contiguous(), () => [R([3, 4], 188)]],
  ['view chain', (a) => a.permute(2, 0, 1).narrow(2, 1, 2).transpose(0, 2).reshape(-1, 2), () => [R([2, 3, 4], 189)]],
  ['to float32 and back', (a) => a.float().double().mul(2), () => [leaf([0.5, 0.25, -2])], { eps: 1e-2 }],

  // indexing
  ['index basic', (a) => a.index(1, '1:3'), () => [R([3, 4], 200)]],
  ['index step and None', (a) => a.index('::2', null, '...'), () => [R([5, 2], 201)]],
  ['index list repeated', (a) => a.index([0, 2, 0]), () => [R([3, 2], 202)]],
  ['index two lists', (a) => a.index([0, 2], ':', [1, 0]), () => [R([3, 2, 2], 203)]],
  ['index mask', (a) => a.index(mask([1, 0, 1, 1, 0, 1], [2, 3])), () => [R([2, 3], 204)]],
  ['index tensor and slice', (a) => a.index(long([[0, 2], [1, 1]]), '1:'), () => [R([3, 4], 205)]],
  ['indexPut_ values', (a, v) => cp(a).indexPut_([long([0, 2])], v), () => [R([3, 2], 206), R([2], 207)]],
  ['indexPut_ accumulate', (a, v) => cp(a).indexPut_([long([0, 2, 0])], v, true), () => [R([3, 2], 208), R([3, 2], 209)]],
  ['indexPut_ slice', (a, v) => cp(a).indexPut_([':', '1:3'], v), () => [R([3, 4], 210), R([3, 1], 211)]],
  ['gather', (a) => a.gather(1, long([[0, 2], [1, 1], [2, 0]], [3, 2])), () => [R([3, 3], 212)]],
  ['scatter', (a, s) => a.scatter(1, long([[0, 2], [1, 0]]), s), () => [R([2, 3], 213), R([2, 2], 214)]],
  ['scatterAdd', (a, s) => a.scatterAdd(0, long([[0, 1, 0], [0, 0, 1]]), s), () => [R([2, 3], 215), R([2, 3], 216)]],
  ['indexSelect', (a) => a.indexSelect(1, long([2, 0, 2])), () => [R([2, 3], 217)]],
  ['maskedFill', (a) => a.maskedFill(mask([1, 0, 0, 1]), 0.5), () => [R([3, 4], 218)]],
  ['maskedFill tensor value', (a, v) => a.maskedFill(mask([1, 0, 0, 1]), v), () => [R([3, 4], 219), R([], 220)]],
  ['maskedSelect', (a) => a.maskedSelect(mask([1, 0, 1])), () => [R([2, 3], 221)]],

  // in place, through views (CopySlices) and on the base
  ['add_', (a, b) => cp(a).add_(b), () => [R([3, 4], 230), R([4], 231)]],
  ['mul_ with grad on both', (a, b) => cp(a).mul_(b), () => [R([3, 4], 232), R([3, 1], 233)]],
  ['div_', (a, b) => cp(a).div_(b), () => [R([3], 234), away([3], 235)]],
  ['pow_', (a) => cp(a).pow_(2), () => [R([3], 236)]],
  ['exp_ then use', (a) => { const y = cp(a); y.exp_(); return y.mul(2); }, () => [R([3], 237)]],
  ['sigmoid_', (a) => cp(a).sigmoid_(), () => [R([4], 238)]],
  ['clamp_', (a) => cp(a).clamp_(-0.3, 0.3), () => [R([5], 239)]],
  ['relu_', (a) => cp(a).relu_(), () => [away([5], 240, 0.05, 1)]],
  ['mul_ on a select view', (a) => { const y = a.mul(2); y.index(0).mul_(3); return y; }, () => [R([3, 2], 241)]],
  ['zero_ on a narrow view', (a) => { const y = a.mul(2); y.narrow(0, 0, 1).zero_(); return y.mul(y); }, () => [R([3, 2], 242)]],
  ['add_ a tensor on a column view', (a, w) => { const y = a.mul(1); y.index(':', 1).add_(w); return y; }, () => [R([3, 4], 243), R([3], 244)]],
  ['copy_ into a view', (a, w) => { const y = a.mul(1); y.index(0).copy_(w); return y.exp(); }, () => [R([3, 2], 245), R([2], 246)]],
  ['setitem slice', (a, w) => { const y = a.clone(); y.indexPut_(['1:3'], w); return y.sin(); }, () => [R([4, 2], 247), R([2, 2], 248)]],
  ['in-place on a transposed view', (a) => { const y = a.mul(1); y.t().mul_(torch.arange(6, { dtype: torch.float64 }).reshape(3, 2)); return y; }, () => [R([2, 3], 249)]],
  ['view made before base is written', (a) => { const y = a.add(1); const v = y.index('1:'); y.mul_(3); return v.mul(v); }, () => [R([3, 2], 250)]],
  ['views of views', (a) => { const y = a.mul(1.5); y.view(-1).narrow(0, 1, 2).mul_(torch.tensor([2, -3], { dtype: torch.float64 })); return y.pow(2); }, () => [R([2, 2], 251)]],
  ['two writes through views', (a, w) => { const y = a.mul(1); y.indexPut_([0, 0], 10); y.index(':', 2).mul_(w); return y; }, () => [R([3, 3], 252), R([3], 253)]],
  ['maskedFill_', (a) => { const y = a.mul(1); y.maskedFill_(mask([0, 1, 1, 0]).reshape(2, 2), 2); return y; }, () => [R([2, 2], 254)]],
  ['scatter_', (a, w) => { const y = a.mul(1); y.scatter_(1, long([[0, 2], [1, 0]]), w); return y; }, () => [R([2, 3], 255), R([2, 2], 256)]],
  ['in-place on a view of a view-free base with grad from the value', (w) => { const y = torch.zeros([2, 3], { dtype: torch.float64 }); y.index(1).add_(w); return y.mul(y); }, () => [R([3], 257)]],
];

for (const [name, f, make, opts] of CASES) {
  test(`gradcheck ${name}`, () => gradcheck(f, make(), opts));
}

// Second derivatives through autograd.grad(..., { createGraph: true }).
const SECOND: [string, (...xs: Tensor[]) => Tensor, () => Tensor[]][] = [
  ['mul', (a, b) => a.mul(b).mul(a), () => [R([3], 300), R([3], 301)]],
  ['div', (a, b) => a.div(b), () => [R([3], 302), away([3], 303)]],
  ['pow', (a) => a.pow(3), () => [R([4], 304)]],
  ['pow tensor', (a, b) => a.pow(b), () => [R([3], 305, 0.5, 2), R([3], 306)]],
  ['exp sin tanh', (a) => a.exp().sin().tanh(), () => [R([4], 307)]],
  ['sigmoid', (a) => a.sigmoid(), () => [R([4], 308)]],
  ['log sqrt', (a) => a.log().add(a.sqrt()), () => [R([4], 309, 0.5, 2)]],
  ['matmul', (a, b) => torch.matmul(a, b).tanh(), () => [R([2, 3], 310), R([3, 2], 311)]],
  ['sum mean var', (a) => a.mul(a).sum(1).add(a.var(1)).add(a.mean(1)), () => [R([2, 3], 312)]],
  ['softmax', (a) => torch.softmax(a, 1), () => [R([2, 3], 313)]],
  ['logSoftmax', (a) => torch.logSoftmax(a, 1), () => [R([2, 3], 314)]],
  ['logsumexp', (a) => a.logsumexp(1), () => [R([2, 3], 315)]],
  ['norm', (a) => a.norm(), () => [R([4], 316)]],
  ['prod', (a) => a.prod(1), () => [R([2, 3], 325, 0.5, 1.5)]],
  ['cumsum cumprod', (a) => a.cumprod(0).cumsum(0), () => [R([4], 326, 0.5, 1.5)]],
  ['relu times x', (a) => torch.relu(a).mul(a), () => [away([5], 317, 0.05, 1)]],
  ['gelu', (a) => torch.gelu(a), () => [R([5], 318, -2, 2)]],
  ['silu', (a) => torch.silu(a), () => [R([5], 319, -2, 2)]],
  ['elu', (a) => torch.elu(a), () => [away([5], 320, 0.05, 1)]],
  ['softplus', (a) => torch.softplus(a), () => [R([5], 321, -2, 2)]],
  ['leakyRelu times x', (a) => torch.leakyRelu(a, 0.1).mul(a), () => [away([5], 322, 0.05, 1)]],
  ['index and cat', (a) => torch.cat([a.index([1, 0]), a]).pow(2), () => [R([2, 2], 323)]],
  ['in-place on a view', (a) => { const y = a.mul(a); y.index(0).mul_(a.index(1)); return y; }, () => [R([2, 2], 324)]],
];

for (const [name, f, make] of SECOND) {
  test(`gradgradcheck ${name}`, () => gradgradcheck(f, make()));
}
