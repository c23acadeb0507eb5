// torch.nn: modules, containers, layers, losses; `nn.functional` and `nn.init` as namespaces.
export { Module, stateDictMetadata, type StateDict, type StateDictMetadata, type IncompatibleKeys } from './module.js';
export { Parameter, isParameter } from './parameter.js';
export { Sequential, ModuleList, ModuleDict, ParameterList, ParameterDict } from './modules/container.js';
export { Identity, Linear, Bilinear } from './modules/linear.js';
export { Flatten, Unflatten } from './modules/flatten.js';
export { Dropout, Dropout1d, Dropout2d, Dropout3d } from './modules/dropout.js';
export {
  ReLU, ReLU6, LeakyReLU, ELU, SELU, CELU, GELU, SiLU, Mish, Softplus, Softsign, Hardtanh, Hardsigmoid,
  Hardswish, LogSigmoid, Tanh, Sigmoid, Softmax, LogSoftmax, Softmin, Tanhshrink, Softshrink, Hardshrink,
  Threshold,
} from './modules/activation.js';
export {
  MSELoss, L1Loss, SmoothL1Loss, HuberLoss, NLLLoss, CrossEntropyLoss, BCELoss, BCEWithLogitsLoss, KLDivLoss,
} from './modules/loss.js';
export { Conv1d, Conv2d } from './modules/conv.js';
export {
  MaxPool1d, MaxPool2d, AvgPool1d, AvgPool2d, AdaptiveAvgPool1d, AdaptiveAvgPool2d, AdaptiveMaxPool1d, AdaptiveMaxPool2d,
} from './modules/pooling.js';
export { BatchNorm1d, BatchNorm2d, BatchNorm3d, LayerNorm, GroupNorm } from './modules/normalization.js';
export { Embedding } from './modules/embedding.js';
export { RNN, LSTM, GRU, RNNCell, LSTMCell, GRUCell } from './modules/rnn.js';
export * as functional from './functional/index.js';
export * as init from './init.js';
export * as utils from './utils/index.js';
export { registerModule } from './serialization.js';
