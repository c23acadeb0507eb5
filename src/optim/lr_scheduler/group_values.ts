// Schedulers that take one value or one per parameter group (OneCycleLR's maxLr, CyclicLR's baseLr).
import type { Optimizer } from '../optimizer.js';

export function perGroup(name: string, optimizer: Optimizer, value: number | number[]): number[] {
  const n = optimizer.paramGroups.length;
  if (Array.isArray(value)) {
    if (value.length !== n) throw new RangeError(`expected ${n} values for ${name}, got ${value.length}`);
    return value.slice();
  }
  return new Array<number>(n).fill(value);
}
