// Loads the PyTorch-generated fixtures of scripts/gen_data_fixtures.py and small helpers to
// compare against them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Tensor } from '../../src/index.js';

export const cases = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', 'fixtures', 'data', 'torch_data_cases.json'), 'utf8'),
);

/** float32 values as the 8-hex-digit bit patterns the fixtures store. */
export function f32Bits(t: Tensor): string[] {
  const view = new DataView(new ArrayBuffer(4));
  return (t.reshape(-1).toArray() as number[]).map((v) => {
    view.setFloat32(0, v);
    return view.getUint32(0).toString(16).padStart(8, '0');
  });
}

export function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
