// torch.nn.functional.
export {
  relu, relu6, leakyRelu, elu, selu, celu, gelu, silu, mish, softplus, hardtanh, hardsigmoid, hardswish,
  threshold, softshrink, hardshrink, tanh, sigmoid, softmax, logSoftmax, softmin, logsigmoid, softsign,
  tanhshrink,
} from './activation.js';
export { linear, bilinear } from './linear.js';
export { dropout, dropout1d, dropout2d, dropout3d } from './dropout.js';
export { mseLoss } from './mse_loss.js';
export { l1Loss, smoothL1Loss, huberLoss, binaryCrossEntropy, binaryCrossEntropyWithLogits } from './pointwise_loss.js';
export { nllLoss, crossEntropy } from './nll_loss.js';
export { klDiv } from './kl_div.js';
export type { Reduction } from './reduction.js';
export { conv1d, conv2d } from './conv.js';
export {
  maxPool1d, maxPool2d, avgPool1d, avgPool2d, adaptiveAvgPool1d, adaptiveAvgPool2d, adaptiveMaxPool1d, adaptiveMaxPool2d,
} from './pooling.js';
export { batchNorm, layerNorm, groupNorm } from './normalization.js';
export { embedding } from './embedding.js';
export { pad, normalize, oneHot } from './misc.js';
