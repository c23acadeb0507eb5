/**
 * An optional shortcut a dataset may offer the DataLoader: given a batch of indices, return the
 * batch already collated — exactly what `defaultCollate(indices.map((i) => ds.getItem(i)))`
 * returns — or `undefined` to decline (the loader then takes the generic path).
 *
 * TensorDataset uses it to copy whole rows out of its tensors' storage with typed-array copies
 * instead of building one view per sample and stacking them.
 */
export const batchFastPath: unique symbol = Symbol.for('torchlet.utils.data.batchFastPath');

export interface BatchFastPath {
  [batchFastPath](indices: readonly number[]): unknown;
}
