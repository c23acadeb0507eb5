// `torch.autograd`: grad, backward, grad mode, and the graph node type (for `gradFn` inspection).
export { grad, backward } from './api.js';
export { noGrad, enableGrad, setGradEnabled, isGradEnabled, inferenceMode } from './grad_mode.js';
export { Node, AccumulateGradRef } from './node.js';
