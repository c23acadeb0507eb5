// Reading the golden fixtures written by scripts/gen_core_fixtures.py and comparing torchlet's
// results with them: exact for integers and bools, a tight tolerance for floats.
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { Tensor } from '../../src/tensor/tensor.js';
import { dtypeFromName, type TypedArray } from '../../src/tensor/dtype.js';
import '../../src/index.js';

export interface TensorFx {
  shape: number[];
  dtype: string;
  data: (number | string)[];
  requiresGrad?: boolean;
  gradFn?: string;
}
export type OutFx =
  | (TensorFx & { kind: 'tensor' })
  | { kind: 'list'; items: OutFx[] }
  | { kind: 'value'; value: number | string | boolean };
export interface CaseFx {
  op: string;
  kw: Record<string, any>;
  inputs: TensorFx[];
  out: OutFx;
  gradOutputs?: TensorFx[];
  grads?: (TensorFx | null)[];
  gradError?: string;
}

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'core');

export function loadFixture<T = CaseFx[]>(name: string): T {
  return JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) as T;
}

export function decodeNumber(v: number | string): number {
  if (v === 'nan') return NaN;
  if (v === 'inf') return Infinity;
  if (v === '-inf') return -Infinity;
  return v as number;
}

/** A contiguous tensor holding the fixture's values, built without any op under test. */
export function makeTensor(fx: TensorFx): Tensor {
  const dtype = dtypeFromName(fx.dtype);
  const data = new dtype.ArrayType(fx.data.length) as TypedArray;
  for (let i = 0; i < fx.data.length; i++) data[i] = decodeNumber(fx.data[i]);
  const t = new Tensor(data, fx.shape.slice(), dtype);
  if (fx.requiresGrad) t.requiresGrad_(true);
  return t;
}

/** Relative tolerances: float32 to 1e-6 of the tensor's magnitude, float64 to 1e-12. */
export const TOL = { float32: 1e-6, float64: 1e-12 };

export function assertTensorClose(actual: unknown, expected: TensorFx, where: string, rtol?: number): void {
  assert.ok(actual instanceof Tensor, `${where}: expected a Tensor, got ${String(actual)}`);
  const a = actual as Tensor;
  assert.equal(a.dtype.name, expected.dtype, `${where}: dtype`);
  assert.deepEqual(a.shape, expected.shape, `${where}: shape`);
  const got = a._values();
  const want = expected.data.map(decodeNumber);
  assert.equal(got.length, want.length, `${where}: numel`);
  const tol = rtol ?? (expected.dtype === 'float32' ? TOL.float32 : expected.dtype === 'float64' ? TOL.float64 : 0);
  let scale = 0;
  for (const w of want) if (Number.isFinite(w)) scale = Math.max(scale, Math.abs(w));
  for (let i = 0; i < want.length; i++) {
    const g = got[i];
    const w = want[i];
    if (Number.isNaN(w)) {
      assert.ok(Number.isNaN(g), `${where}: element ${i}: got ${g}, expected nan`);
      continue;
    }
    if (tol === 0 || !Number.isFinite(w)) {
      assert.ok(Object.is(g, w) || (g === w && w !== 0), `${where}: element ${i}: got ${g}, expected ${w}`);
      continue;
    }
    const err = Math.abs(g - w);
    assert.ok(
      err <= tol * Math.max(Math.abs(w), scale * 0.1) || err === 0,
      `${where}: element ${i}: got ${g}, expected ${w} (error ${err.toExponential(2)})`,
    );
  }
}

/** Every tensor of a (possibly nested) result, in order. */
export function flatTensors(x: unknown): Tensor[] {
  if (x instanceof Tensor) return [x];
  if (Array.isArray(x)) return x.flatMap(flatTensors);
  return [];
}

export function assertOutput(actual: unknown, expected: OutFx, where: string, rtol?: number): void {
  if (expected.kind === 'tensor') {
    assertTensorClose(actual, expected, where, rtol);
    const a = actual as Tensor;
    assert.equal(a.requiresGrad, expected.requiresGrad ?? false, `${where}: requiresGrad`);
    if (expected.gradFn !== undefined) assert.equal(a.gradFn?.name, expected.gradFn, `${where}: grad_fn`);
    else assert.equal(a.gradFn, null, `${where}: grad_fn`);
    return;
  }
  if (expected.kind === 'list') {
    assert.ok(Array.isArray(actual), `${where}: expected a list`);
    const arr = actual as unknown[];
    assert.equal(arr.length, expected.items.length, `${where}: number of results`);
    expected.items.forEach((e, i) => assertOutput(arr[i], e, `${where}[${i}]`, rtol));
    return;
  }
  const v = expected.value;
  if (typeof v === 'boolean') assert.equal(actual, v, where);
  else {
    assert.equal(typeof actual, 'number', `${where}: expected a number`);
    assert.ok(Math.abs((actual as number) - decodeNumber(v)) <= 1e-6 * Math.abs(decodeNumber(v)), `${where}: ${actual} vs ${v}`);
  }
}
