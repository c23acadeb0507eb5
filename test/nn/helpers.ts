// Shared by the nn tests: fixture loading (test/fixtures/nn, made by scripts/gen_nn_fixtures.py)
// and tensor comparisons.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'nn');

export function loadFixture<T = any>(name: string): T {
  return JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as T;
}

export interface TensorFx {
  dtype: string;
  shape: number[];
  data: unknown;
}

const DTYPES: Record<string, torch.DType> = {
  float32: torch.float32, float64: torch.float64, int64: torch.int64, int32: torch.int32, bool: torch.bool,
};

export function fx(t: TensorFx): Tensor;
export function fx(t: TensorFx | null): Tensor | null;
export function fx(t: TensorFx | null): Tensor | null {
  if (t === null) return null;
  const flat = ([] as number[]).concat(...flatten(t.data));
  return torch.tensor(flat, { dtype: DTYPES[t.dtype] }).reshape(t.shape);
}

function flatten(d: unknown): number[] {
  if (!Array.isArray(d)) return [d as number];
  return d.flatMap((x) => flatten(x));
}

/** Elementwise |a - e| <= atol + rtol·|e|, with shapes equal. */
export function assertClose(actual: Tensor, expected: Tensor | TensorFx, msg = '', rtol = 1e-5, atol = 1e-6): void {
  const e = 'data' in (expected as object) && !(expected instanceof torch.Tensor) ? fx(expected as TensorFx) : (expected as Tensor);
  assert.deepEqual(actual.shape, e.shape, `${msg}: shape ${JSON.stringify(actual.shape)} vs ${JSON.stringify(e.shape)}`);
  const a = Array.from(actual.detach().double()._values());
  const b = Array.from(e.double()._values());
  for (let i = 0; i < a.length; i++) {
    const ok = Math.abs(a[i] - b[i]) <= atol + rtol * Math.abs(b[i]) || (Number.isNaN(a[i]) && Number.isNaN(b[i]));
    if (!ok) assert.fail(`${msg}: element ${i}: ${a[i]} vs expected ${b[i]}`);
  }
}

/** Bit-for-bit equality of values (for RNG-made weights). */
export function assertExact(actual: Tensor, expected: TensorFx, msg = ''): void {
  assert.deepEqual(actual.shape, expected.shape, msg);
  assert.deepEqual(Array.from(actual.detach()._values()), flatten(expected.data), msg);
}

export function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  return '(no error)';
}

/** The seed programs' regression net, Linear -> ReLU -> Linear, named Net as in 03-regression.ts (its repr prints the name). */
export class Net extends torch.nn.Module {
  hidden: torch.nn.Linear;
  predict: torch.nn.Linear;
  constructor(nFeature: number, nHidden: number, nOutput: number) {
    super();
    this.hidden = new torch.nn.Linear(nFeature, nHidden);
    this.predict = new torch.nn.Linear(nHidden, nOutput);
  }
  forward(x: Tensor): Tensor {
    return this.predict.forward(torch.nn.functional.relu(this.hidden.forward(x)));
  }
}
