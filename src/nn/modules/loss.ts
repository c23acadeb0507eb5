// Loss modules: each stores its reduction (and options) and calls the functional form. PyTorch
// prints them with no configuration: `MSELoss()`.
import type { Tensor } from '../../tensor/tensor.js';
import { Module } from '../module.js';
import { bindArgs } from '../args.js';
import { LOSS_ARG_DEFAULTS, LOSS_ARG_NAMES, resolveReduction, type Reduction } from '../functional/reduction.js';
import { mseLoss } from '../functional/mse_loss.js';

/** PyTorch's `_Loss`: the (deprecated) sizeAverage/reduce flags and `reduction`. */
export abstract class Loss extends Module {
  reduction: Reduction;
  constructor(name: string, args: unknown[]) {
    super();
    // A bare string first argument is read as the reduction, the common intent.
    const a = typeof args[0] === 'string' ? [null, null, ...args] : args;
    const o = bindArgs(name, a, [...LOSS_ARG_NAMES], LOSS_ARG_DEFAULTS);
    this.reduction = resolveReduction(o.sizeAverage, o.reduce, o.reduction);
  }
}

/** Mean squared error. `new MSELoss()`, `new MSELoss({ reduction: 'sum' })`. */
export class MSELoss extends Loss {
  constructor(...args: unknown[]) {
    super('MSELoss', args);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return mseLoss(input, target, { reduction: this.reduction });
  }
}
