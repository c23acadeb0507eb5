/**
 * Python's list indexing, which the datasets built on a list keep (a plain array given as a dataset,
 * Subset's indices): an integer in [-n, n), the negative ones counting from the end.
 */
export function listIndex(index: number, n: number, what: string): number {
  if (!Number.isInteger(index) || index < -n || index >= n) {
    throw new RangeError(`list index ${index} out of range for ${what} of length ${n}`);
  }
  return index < 0 ? index + n : index;
}
