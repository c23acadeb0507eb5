// Finite-difference gradient checks in float64 (PyTorch's gradcheck, in its fast form): for random
// output weights v, the analytic vector-Jacobian product from autograd must match the central
// difference of sum(v * f(x)) in every input element.
import assert from 'node:assert/strict';
import { Tensor } from '../../src/tensor/tensor.js';
import { float64, type TypedArray } from '../../src/tensor/dtype.js';
import { noGrad, enableGrad } from '../../src/autograd/grad_mode.js';
import { grad } from '../../src/autograd/api.js';
import '../../src/index.js';

/** A small deterministic generator (xorshift) so the checks do not depend on torchlet's RNG. */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

/** A float64 leaf requiring grad with values uniform in [lo, hi). */
export function rand(shape: number[], seed: number, lo = -1, hi = 1): Tensor {
  const r = rng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = lo + (hi - lo) * r();
  return new Tensor(data, shape.slice(), float64).requiresGrad_(true);
}

/** A float64 leaf requiring grad with the given values. */
export function leaf(values: number[], shape: number[] = [values.length]): Tensor {
  return new Tensor(Float64Array.from(values), shape.slice(), float64).requiresGrad_(true);
}

function asList(y: Tensor | Tensor[]): Tensor[] {
  return Array.isArray(y) ? y : [y];
}

/** sum_k <v_k, f(x)[which[k]]>, computed with grad mode off. */
function weighted(f: () => Tensor | Tensor[], which: number[], vs: Float64Array[]): number {
  return noGrad(() => {
    const outs = asList(f());
    let s = 0;
    which.forEach((j, k) => {
      const ov = outs[j]._values();
      const v = vs[k];
      for (let i = 0; i < ov.length; i++) s += v[i] * ov[i];
    });
    return s;
  });
}

export interface GradcheckOptions {
  eps?: number;
  atol?: number;
  rtol?: number;
  seed?: number;
}

/**
 * Checks the gradients of `f` with respect to `inputs` (float64 leaves the function reads). `f` must
 * not modify its inputs in place (copy them first, e.g. `x.mul(1)`).
 */
export function gradcheck(f: (...xs: Tensor[]) => Tensor | Tensor[], inputs: Tensor[], opts: GradcheckOptions = {}): void {
  const eps = opts.eps ?? 1e-6;
  const atol = opts.atol ?? 1e-5;
  const rtol = opts.rtol ?? 1e-3;
  const r = rng(opts.seed ?? 12345);
  const all = asList(f(...inputs));
  const which = all.map((o, i) => (o.requiresGrad ? i : -1)).filter((i) => i >= 0);
  const outs = which.map((i) => all[i]);
  assert.ok(outs.length > 0, 'gradcheck: no output requires grad');
  for (const o of outs) assert.equal(o.dtype, float64, 'gradcheck: outputs must be float64');
  const vs = outs.map((o) => Float64Array.from({ length: o.numel() }, () => r() * 2 - 1));
  const vTensors = outs.map((o, k) => new Tensor(vs[k], o.shape, float64));
  const diffInputs = inputs.filter((t) => t.requiresGrad);
  const analytic = grad(outs, diffInputs, vTensors, { allowUnused: true });
  const call = (): Tensor | Tensor[] => f(...inputs);
  diffInputs.forEach((x, xi) => {
    assert.ok(x._contiguous && x._offset === 0, 'gradcheck: inputs must be contiguous leaves');
    const data = x._data as TypedArray;
    const a = analytic[xi];
    const av = a === null ? new Float64Array(x.numel()) : a._values();
    if (a !== null) assert.deepEqual(a.shape, x.shape, `gradient ${xi} has the input's shape`);
    for (let i = 0; i < data.length; i++) {
      const old = data[i];
      data[i] = old + eps;
      const plus = weighted(call, which, vs);
      data[i] = old - eps;
      const minus = weighted(call, which, vs);
      data[i] = old;
      const numeric = (plus - minus) / (2 * eps);
      const err = Math.abs(numeric - av[i]);
      assert.ok(
        err <= atol + rtol * Math.abs(numeric),
        `input ${xi}, element ${i}: analytic ${av[i]} vs numeric ${numeric}`,
      );
    }
  });
}

/**
 * Checks second derivatives: the gradient of f computed with createGraph must itself pass gradcheck
 * (PyTorch's gradgradcheck with a fixed output weight).
 */
export function gradgradcheck(f: (...xs: Tensor[]) => Tensor, inputs: Tensor[], opts: GradcheckOptions = {}): void {
  const r = rng((opts.seed ?? 999) + 1);
  const y0 = f(...inputs);
  const v = new Tensor(Float64Array.from({ length: y0.numel() }, () => r() * 2 - 1), y0.shape, float64);
  // The gradient function needs the graph even while gradcheck evaluates it under noGrad.
  const g = (...xs: Tensor[]): Tensor[] =>
    enableGrad(() => grad([f(...xs)], xs, [v], { createGraph: true, allowUnused: true }).filter((t) => t !== null));
  gradcheck(g, inputs, opts);
}
