// AdamW (Loshchilov & Hutter): Adam with the weight decay applied to the parameter, not the gradient.
import { Optimizer, type ParamGroup, type ParamsInput, type ParamState } from './optimizer.js';
import { bindArguments, withDefaults, type PositionalThenOptions } from './arguments.js';
import { adamGroup, type AdamPositional } from './adam.js';
import { checkAdamFamily } from './validation.js';
import { stepCounterToTensor } from './step_counter.js';

export interface AdamWOptions {
  lr?: number;
  betas?: [number, number];
  eps?: number;
  weightDecay?: number;
  amsgrad?: boolean;
  maximize?: boolean;
  foreach?: boolean | null;
  capturable?: boolean;
}

export class AdamW extends Optimizer {
  constructor(params: ParamsInput, ...args: PositionalThenOptions<AdamPositional, AdamWOptions>) {
    const bound = bindArguments('AdamW', args, ['lr', 'betas', 'eps', 'weightDecay', 'amsgrad'], [
      'maximize', 'foreach', 'capturable',
    ]);
    const d = withDefaults(
      {
        lr: 1e-3, betas: [0.9, 0.999] as unknown, eps: 1e-8, weightDecay: 1e-2, amsgrad: false, foreach: null,
        maximize: false, capturable: false,
      },
      bound,
    );
    checkAdamFamily(d);
    super(params, d);
  }

  protected override updateGroup(group: ParamGroup): void {
    adamGroup(this, group, true);
  }

  protected override normalizeLoadedState(state: ParamState): void {
    stepCounterToTensor(state);
  }
}
