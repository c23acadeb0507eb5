// How a loss reduces: 'mean' | 'sum' | 'none', including PyTorch's deprecated sizeAverage/reduce.
import { Tensor } from '../../tensor/tensor.js';
import '../../ops/reduce.js';

export type Reduction = 'mean' | 'sum' | 'none';

/** PyTorch's `_Reduction.legacy_get_string`: the old flags, when given, override `reduction`. */
export function resolveReduction(
  sizeAverage: boolean | null | undefined,
  reduce: boolean | null | undefined,
  reduction: string,
): Reduction {
  if ((sizeAverage !== null && sizeAverage !== undefined) || (reduce !== null && reduce !== undefined)) {
    const sa = sizeAverage ?? true;
    const rd = reduce ?? true;
    if (sa && rd) return 'mean';
    if (rd) return 'sum';
    return 'none';
  }
  if (reduction !== 'mean' && reduction !== 'sum' && reduction !== 'none') {
    throw new Error(`${reduction} is not a valid value for reduction`);
  }
  return reduction;
}

export function applyReduction(loss: Tensor, reduction: Reduction): Tensor {
  if (reduction === 'mean') return loss.mean();
  if (reduction === 'sum') return loss.sum();
  return loss;
}

export const LOSS_ARG_NAMES = ['sizeAverage', 'reduce', 'reduction'] as const;
export const LOSS_ARG_DEFAULTS = {
  sizeAverage: null as boolean | null,
  reduce: null as boolean | null,
  reduction: 'mean' as string,
};
