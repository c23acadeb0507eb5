// torch.optim.lrScheduler: learning-rate schedules that adjust an optimizer's groups each epoch.
export { LRScheduler, _LRScheduler } from './lr_scheduler.js';
export { LambdaLR, MultiplicativeLR, type LrLambda, type LambdaLROptions } from './lambda_lr.js';
export { StepLR, type StepLROptions } from './step_lr.js';
export { MultiStepLR, type MultiStepLROptions } from './multi_step_lr.js';
export {
  ConstantLR, LinearLR, PolynomialLR, type ConstantLROptions, type LinearLROptions, type PolynomialLROptions,
} from './warmup_lr.js';
export { ExponentialLR, type ExponentialLROptions } from './exponential_lr.js';
export { SequentialLR, ChainedScheduler, type SequentialLROptions } from './sequential_lr.js';
export { CosineAnnealingLR, type CosineAnnealingLROptions } from './cosine_annealing_lr.js';
export {
  ReduceLROnPlateau, type ReduceLROnPlateauOptions, type PlateauMode, type ThresholdMode,
} from './reduce_lr_on_plateau.js';
export { CyclicLR, type CyclicLROptions, type CyclicMode, type ScaleMode } from './cyclic_lr.js';
export {
  CosineAnnealingWarmRestarts, type CosineAnnealingWarmRestartsOptions,
} from './cosine_annealing_warm_restarts.js';
export { OneCycleLR, type OneCycleLROptions, type AnnealStrategy } from './one_cycle_lr.js';
