// Flatten and Unflatten: reshapes as modules, for use inside Sequential.
import type { Tensor } from '../../tensor/tensor.js';
import '../../ops/view.js';
import { Module } from '../module.js';
import { bindArgs } from '../args.js';
import { pyTuple } from '../repr.js';

export class Flatten extends Module {
  startDim: number;
  endDim: number;
  constructor(...args: unknown[]) {
    super();
    const o = bindArgs('Flatten', args, ['startDim', 'endDim'], { startDim: 1, endDim: -1 });
    this.startDim = o.startDim;
    this.endDim = o.endDim;
  }
  forward(input: Tensor): Tensor {
    return input.flatten(this.startDim, this.endDim);
  }
  override extraRepr(): string {
    return `start_dim=${this.startDim}, end_dim=${this.endDim}`;
  }
}

export class Unflatten extends Module {
  dim: number;
  unflattenedSize: number[];
  constructor(dim: number, unflattenedSize: number[]) {
    super();
    if (!Number.isInteger(dim)) throw new TypeError(`invalid argument for dim: ${String(dim)} (expected an integer)`);
    if (!Array.isArray(unflattenedSize) || !unflattenedSize.every((s) => Number.isInteger(s))) {
      throw new TypeError('unflattened_size must be tuple of ints, but found element of type ' +
        (Array.isArray(unflattenedSize) ? typeof unflattenedSize.find((s) => !Number.isInteger(s)) : typeof unflattenedSize));
    }
    this.dim = dim;
    this.unflattenedSize = unflattenedSize.slice();
  }
  forward(input: Tensor): Tensor {
    return input.unflatten(this.dim, this.unflattenedSize);
  }
  override extraRepr(): string {
    return `dim=${this.dim}, unflattened_size=${pyTuple(this.unflattenedSize)}`;
  }
}
