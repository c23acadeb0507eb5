// PyTorch's type promotion for every pair of dtypes, 0-d and 1-d operands, and Python scalars
// (fixture from scripts/gen_core_fixtures.py). JS numbers: 2 acts as a Python int, 2.5 as a float.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../../src/index.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { dtypeFromName } from '../../src/tensor/dtype.js';
import { loadFixture } from './golden_helpers.js';

interface Row { op: string; a: string; b: string; adim: number; bdim: number | boolean; dtype?: string; error?: string }

const OPS: Record<string, (a: Tensor, b: Tensor | number | boolean) => Tensor> = {
  add: (a, b) => a.add(b),
  sub: (a, b) => a.sub(b),
  mul: (a, b) => a.mul(b),
  div: (a, b) => a.div(b),
  eq: (a, b) => a.eq(b),
  maximum: (a, b) => torch.maximum(a, b as Tensor),
  where: (a, b) => torch.where(torch.tensor(true), a, b) as Tensor,
};

const ones = (dtype: string, dim: number): Tensor => torch.ones(dim === 0 ? [] : [2], { dtype: dtypeFromName(dtype) });

const rows = loadFixture<Row[]>('promotion');
const byOp = new Map<string, Row[]>();
for (const r of rows) byOp.set(r.op, [...(byOp.get(r.op) ?? []), r]);

for (const [op, list] of byOp) {
  test(`type promotion: ${op} (${list.length} dtype pairs)`, () => {
    for (const r of list) {
      const a = ones(r.a, r.adim);
      const b = r.b === 'scalar' ? (r.bdim as number | boolean) : ones(r.b, r.bdim as number);
      const what = `${r.a}${r.adim ? '[2]' : '[]'} ${op} ${r.b === 'scalar' ? String(r.bdim) : `${r.b}${r.bdim ? '[2]' : '[]'}`}`;
      if (r.error !== undefined) {
        assert.throws(() => OPS[op](a, b), (e: Error) => e.message.startsWith(r.error!.slice(0, 40)), `${what} should throw '${r.error}'`);
        continue;
      }
      let out: Tensor;
      try {
        out = OPS[op](a, b);
      } catch (e) {
        assert.fail(`${what} threw '${(e as Error).message}', PyTorch gives ${r.dtype}`);
      }
      assert.equal(out.dtype.name, r.dtype, what);
    }
  });
}
