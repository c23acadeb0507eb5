// torch.optim: the optimizers, their shared base, and the learning-rate schedulers (optim.lrScheduler).
export {
  Optimizer, required, type ParamGroup, type ParamGroupInput, type ParamsInput, type ParamState,
  type OptimizerStateDict,
} from './optimizer.js';
export { SGD, type SGDOptions } from './sgd.js';
export { Adam, type AdamOptions } from './adam.js';
export { AdamW, type AdamWOptions } from './adamw.js';
export { Adagrad, type AdagradOptions } from './adagrad.js';
export { RMSprop, type RMSpropOptions } from './rmsprop.js';
export { Adadelta, type AdadeltaOptions } from './adadelta.js';
export { Adamax, type AdamaxOptions } from './adamax.js';
export { NAdam, type NAdamOptions } from './nadam.js';
export { RAdam, type RAdamOptions } from './radam.js';
export { ASGD, type ASGDOptions } from './asgd.js';
export { Rprop, type RpropOptions } from './rprop.js';
export * as lrScheduler from './lr_scheduler/index.js';
