// Differential fuzz against PyTorch: random elementwise and reduction ops on random dtypes, shapes
// (with broadcasting and transposed layouts) and values (zeros, infinities, nans), from
// scripts/gen_core_fixtures.py. Each row gives either PyTorch's result or the fact that it threw.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../../src/index.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { loadFixture, makeTensor, assertOutput, type TensorFx, type OutFx } from './golden_helpers.js';

interface FuzzRow {
  kind: 'binary' | 'unary' | 'reduce';
  op: string;
  kw: { dim?: number; keepdim?: boolean };
  transposed: boolean[];
  inputs: TensorFx[];
  out?: OutFx;
  error?: string;
}

const BINARY: Record<string, (a: Tensor, b: Tensor) => Tensor> = {
  add: (a, b) => a.add(b), sub: (a, b) => a.sub(b), mul: (a, b) => a.mul(b), div: (a, b) => a.div(b),
  div_floor: (a, b) => a.div(b, { roundingMode: 'floor' }), div_trunc: (a, b) => a.div(b, { roundingMode: 'trunc' }),
  remainder: (a, b) => a.remainder(b), fmod: (a, b) => a.fmod(b), pow: (a, b) => a.pow(b),
  maximum: (a, b) => torch.maximum(a, b), minimum: (a, b) => torch.minimum(a, b), atan2: (a, b) => torch.atan2(a, b),
  eq: (a, b) => a.eq(b), lt: (a, b) => a.lt(b), ge: (a, b) => a.ge(b),
  logical_and: (a, b) => a.logicalAnd(b), logical_or: (a, b) => a.logicalOr(b),
};
const UNARY: Record<string, (a: Tensor) => Tensor> = {
  neg: (a) => a.neg(), abs: (a) => a.abs(), sign: (a) => a.sign(), exp: (a) => a.exp(), log: (a) => a.log(),
  sqrt: (a) => a.sqrt(), sin: (a) => a.sin(), floor: (a) => a.floor(), round: (a) => a.round(),
  sigmoid: (a) => a.sigmoid(), tanh: (a) => a.tanh(), relu: (a) => torch.relu(a), reciprocal: (a) => a.reciprocal(),
  logical_not: (a) => a.logicalNot(), clamp: (a) => a.clamp(-1, 2), square: (a) => a.square(),
  isnan: (a) => a.isnan(), isinf: (a) => a.isinf(),
};
const REDUCE: Record<string, (a: Tensor, d: number, k: boolean) => Tensor | Tensor[]> = {
  sum: (a, d, k) => a.sum(d, k), mean: (a, d, k) => a.mean(d, k), prod: (a, d, k) => a.prod(d, k),
  max: (a, d, k) => a.max(d, k), min: (a, d, k) => a.min(d, k), argmax: (a, d, k) => a.argmax(d, k),
  amin: (a, d, k) => a.amin(d, k), var: (a, d, k) => a.var(d, { keepdim: k }), std: (a, d, k) => a.std(d, { keepdim: k }),
  logsumexp: (a, d, k) => a.logsumexp(d, k), cumsum: (a, d) => a.cumsum(d), all: (a, d, k) => a.all(d, k),
  any: (a, d, k) => a.any(d, k), norm: (a, d, k) => a.norm(2, d, k), softmax: (a, d) => a.softmax(d),
};

/** The same values laid out transposed in memory (a non-contiguous operand). */
function layout(t: Tensor, transposed: boolean): Tensor {
  return transposed ? t.transpose(-1, -2).contiguous().transpose(-1, -2) : t;
}

const rows = loadFixture<FuzzRow[]>('fuzz');
rows.forEach((r, i) => {
  const label = `fuzz #${i} ${r.op} ${r.inputs.map((t, j) => `${t.dtype}[${t.shape}]${r.transposed[j] ? 'T' : ''}`).join(' ')} ${JSON.stringify(r.kw)}`;
  test(label, () => {
    const xs = r.inputs.map((t, j) => layout(makeTensor(t), r.transposed[j]));
    const run = (): unknown =>
      r.kind === 'binary' ? BINARY[r.op](xs[0], xs[1]) : r.kind === 'unary' ? UNARY[r.op](xs[0]) : REDUCE[r.op](xs[0], r.kw.dim!, r.kw.keepdim!);
    if (r.error !== undefined) {
      assert.throws(run, Error, `PyTorch threw '${r.error}'`);
      return;
    }
    assertOutput(run(), r.out!, 'output');
  });
});
