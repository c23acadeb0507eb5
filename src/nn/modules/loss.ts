// Loss modules: each stores its reduction (and options) and calls the functional form. PyTorch
// prints them with no configuration (`MSELoss()`); class weights are buffers named as PyTorch's
// (`weight`, `pos_weight`), so they appear in stateDict under the same keys.
import type { Tensor } from '../../tensor/tensor.js';
import { Module } from '../module.js';
import { bindArgs } from '../args.js';
import { LOSS_ARG_DEFAULTS, LOSS_ARG_NAMES, resolveReduction, type Reduction } from '../functional/reduction.js';
import { mseLossWith } from '../functional/mse_loss.js';
import { l1Loss, smoothL1Loss, huberLoss, binaryCrossEntropy, binaryCrossEntropyWithLogits } from '../functional/pointwise_loss.js';
import { nllLoss, crossEntropy } from '../functional/nll_loss.js';
import { klDiv } from '../functional/kl_div.js';

/** PyTorch's `_Loss`: the (deprecated) sizeAverage/reduce flags folded into `reduction`. */
export abstract class Loss extends Module {
  reduction: string;
  constructor(reduction: string) {
    super();
    this.reduction = reduction;
  }
}

/** A bare string as the first argument is read as the reduction, the usual intent. */
function lossArgs<T extends Record<string, unknown>>(name: string, args: unknown[], names: (keyof T & string)[], defaults: T): T {
  if (typeof args[0] === 'string' && names[0] !== 'reduction') return bindArgs(name, [{ reduction: args[0] }], names, defaults);
  return bindArgs(name, args, names, defaults);
}

function reductionOf(o: { sizeAverage?: boolean | null; reduce?: boolean | null; reduction: string }): Reduction {
  return resolveReduction(o.sizeAverage, o.reduce, o.reduction);
}

/** Mean squared error. `new MSELoss()`, `new MSELoss({ reduction: 'sum' })`. */
export class MSELoss extends Loss {
  constructor(...args: unknown[]) {
    super(reductionOf(lossArgs('MSELoss', args, [...LOSS_ARG_NAMES], LOSS_ARG_DEFAULTS)));
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return mseLossWith(input, target, this.reduction as Reduction);
  }
}

export class L1Loss extends Loss {
  constructor(...args: unknown[]) {
    super(reductionOf(lossArgs('L1Loss', args, [...LOSS_ARG_NAMES], LOSS_ARG_DEFAULTS)));
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return l1Loss(input, target, { reduction: this.reduction });
  }
}

export class SmoothL1Loss extends Loss {
  beta: number;
  constructor(...args: unknown[]) {
    const o = lossArgs('SmoothL1Loss', args, [...LOSS_ARG_NAMES, 'beta'], { ...LOSS_ARG_DEFAULTS, beta: 1.0 });
    super(reductionOf(o));
    this.beta = o.beta;
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return smoothL1Loss(input, target, { reduction: this.reduction, beta: this.beta });
  }
}

export class HuberLoss extends Loss {
  delta: number;
  constructor(...args: unknown[]) {
    const o = bindArgs('HuberLoss', args, ['reduction', 'delta'], { reduction: 'mean', delta: 1.0 });
    super(resolveReduction(null, null, o.reduction));
    this.delta = o.delta;
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return huberLoss(input, target, { reduction: this.reduction, delta: this.delta });
  }
}

const WEIGHTED_NAMES = ['weight', 'sizeAverage', 'ignoreIndex', 'reduce', 'reduction'] as const;
const WEIGHTED_DEFAULTS = {
  weight: null as Tensor | null, sizeAverage: null as boolean | null, ignoreIndex: -100,
  reduce: null as boolean | null, reduction: 'mean',
};

export class NLLLoss extends Loss {
  declare weight: Tensor | null;
  ignoreIndex: number;
  constructor(...args: unknown[]) {
    const o = lossArgs('NLLLoss', args, [...WEIGHTED_NAMES], WEIGHTED_DEFAULTS);
    super(reductionOf(o));
    this.registerBuffer('weight', o.weight);
    this.ignoreIndex = o.ignoreIndex;
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return nllLoss(input, target, this.weight, { ignoreIndex: this.ignoreIndex, reduction: this.reduction });
  }
}

export class CrossEntropyLoss extends Loss {
  declare weight: Tensor | null;
  ignoreIndex: number;
  labelSmoothing: number;
  constructor(...args: unknown[]) {
    const o = lossArgs('CrossEntropyLoss', args, [...WEIGHTED_NAMES, 'labelSmoothing'], { ...WEIGHTED_DEFAULTS, labelSmoothing: 0.0 });
    super(reductionOf(o));
    this.registerBuffer('weight', o.weight);
    this.ignoreIndex = o.ignoreIndex;
    this.labelSmoothing = o.labelSmoothing;
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return crossEntropy(input, target, this.weight, {
      ignoreIndex: this.ignoreIndex, reduction: this.reduction, labelSmoothing: this.labelSmoothing,
    });
  }
}

export class BCELoss extends Loss {
  declare weight: Tensor | null;
  constructor(...args: unknown[]) {
    const o = lossArgs('BCELoss', args, ['weight', ...LOSS_ARG_NAMES], { weight: null as Tensor | null, ...LOSS_ARG_DEFAULTS });
    super(reductionOf(o));
    this.registerBuffer('weight', o.weight);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropy(input, target, this.weight, { reduction: this.reduction });
  }
}

export class BCEWithLogitsLoss extends Loss {
  declare weight: Tensor | null;
  // PyTorch's buffer name, which is also the state-dict key.
  declare pos_weight: Tensor | null;
  constructor(...args: unknown[]) {
    const o = lossArgs('BCEWithLogitsLoss', args, ['weight', ...LOSS_ARG_NAMES, 'posWeight'], {
      weight: null as Tensor | null, ...LOSS_ARG_DEFAULTS, posWeight: null as Tensor | null,
    });
    super(reductionOf(o));
    this.registerBuffer('weight', o.weight);
    this.registerBuffer('pos_weight', o.posWeight);
  }
  get posWeight(): Tensor | null {
    return this.pos_weight;
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropyWithLogits(input, target, this.weight, { reduction: this.reduction, posWeight: this.pos_weight });
  }
}

export class KLDivLoss extends Loss {
  logTarget: boolean;
  constructor(...args: unknown[]) {
    const o = lossArgs('KLDivLoss', args, [...LOSS_ARG_NAMES, 'logTarget'], { ...LOSS_ARG_DEFAULTS, logTarget: false });
    // 'batchmean' is KLDivLoss's own reduction; the legacy flags still apply.
    const legacy = (o.sizeAverage ?? null) !== null || (o.reduce ?? null) !== null;
    super(legacy ? resolveReduction(o.sizeAverage, o.reduce, 'mean') : o.reduction);
    this.logTarget = o.logTarget;
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return klDiv(input, target, { reduction: this.reduction, logTarget: this.logTarget });
  }
}
