// Whole modules in torch.save files, as PyTorch 1.13.1 pickles them: the class as a global
// (`torch.nn.modules.linear.Linear`), made with NEWOBJ and given its `__dict__` by BUILD —
// `training`, `_parameters`, `_buffers`, `_modules`, the hook dicts, then the class's own
// attributes under their Python names and types (`in_features` an int, Dropout's `p` a float).
// Loading goes the other way: built-in classes from the table below, custom ones from
// `registerModule`. Constructors run with the random generator's state put back afterwards, so a
// load draws no random numbers (PyTorch's unpickling calls no __init__ either).
import { Tensor } from '../tensor/tensor.js';
import { defaultGenerator } from '../random/generator.js';
import {
  ObjectRecord,
  ParameterRecord,
  PickleGlobal,
  PyFloat,
  PyTuple,
  SerializationError,
  TensorRecord,
  moduleRecord,
  moduleRecordParts,
  type PtValue,
} from '../serialization/index.js';
import {
  registerCodec,
  registerModule,
  setModuleRegistrar,
  type LoadContext,
  type RegisterModuleOptions,
  type SaveContext,
} from '../serialization/codecs.js';
import { Module } from './module.js';
import { makeParameter } from './parameter.js';
import { Sequential, ModuleList, ModuleDict, ParameterList, ParameterDict } from './modules/container.js';
import { Identity, Linear, Bilinear } from './modules/linear.js';
import { Flatten, Unflatten } from './modules/flatten.js';
import { Dropout, Dropout1d, Dropout2d, Dropout3d } from './modules/dropout.js';
import {
  ReLU, ReLU6, LeakyReLU, ELU, SELU, CELU, GELU, SiLU, Mish, Softplus, Softsign, Hardtanh, Hardsigmoid,
  Hardswish, LogSigmoid, Tanh, Sigmoid, Softmax, LogSoftmax, Softmin, Tanhshrink, Softshrink, Hardshrink,
  Threshold,
} from './modules/activation.js';
import {
  MSELoss, L1Loss, SmoothL1Loss, HuberLoss, NLLLoss, CrossEntropyLoss, BCELoss, BCEWithLogitsLoss, KLDivLoss,
} from './modules/loss.js';
import { Conv1d, Conv2d } from './modules/conv.js';
import {
  MaxPool1d, MaxPool2d, AvgPool1d, AvgPool2d, AdaptiveAvgPool1d, AdaptiveAvgPool2d, AdaptiveMaxPool1d, AdaptiveMaxPool2d,
} from './modules/pooling.js';
import { BatchNorm1d, BatchNorm2d, BatchNorm3d, LayerNorm, GroupNorm } from './modules/normalization.js';
import { Embedding } from './modules/embedding.js';
import { RNN, LSTM, GRU, RNNCell, LSTMCell, GRUCell } from './modules/rnn.js';

export { registerModule };

/** How an attribute is typed in Python: JavaScript numbers alone cannot say int or float. */
type Kind = 'int' | 'float' | 'floatOrNone' | 'intOrNone' | 'number' | 'bool' | 'str' | 'intTuple' | 'intOrTuple' | 'intTupleOrStr' | 'any';
/** [Python name, JavaScript property, Python type]. */
type AttributeSpec = readonly [python: string, js: string, kind: Kind];

/** A module record with its contents already turned into torchlet values. */
export interface DecodedModule {
  /** The class's own attributes by Python name. */
  attributes: Record<string, unknown>;
  parameters: Map<string, Tensor | null>;
  buffers: Map<string, Tensor | null>;
  modules: Map<string, Module | null>;
}

interface BuiltinSpec {
  cls: abstract new (...args: never[]) => Module;
  /** Python module of the class, e.g. 'torch.nn.modules.linear'. */
  module: string;
  /** Parameter names in PyTorch's `_parameters` order, including those that may be None. */
  parameters?: readonly string[];
  /** Buffer names, likewise (a loss's `weight` is None unless given). */
  buffers?: readonly string[];
  attributes?: readonly AttributeSpec[];
  /** `__dict__` entries PyTorch keeps besides the constructor's configuration. */
  extra?: (m: Module, ctx: SaveContext) => [string, PtValue][];
  /** `__dict__` entries that come before the configuration (RNN's `nonlinearity`). */
  leading?: readonly AttributeSpec[];
  /** The container takes its own entries in `create`; they are not set again afterwards. */
  fills?: 'modules' | 'parameters';
  /**
   * The shapes of the parameters and buffers the constructor will allocate for these attributes;
   * each listed one must be in the file with that shape. Checked before `create` runs, so a
   * hostile `in_features` cannot make a constructor allocate more than the file holds.
   */
  shapes?: (a: Record<string, unknown>, d: DecodedModule) => Record<string, unknown[]>;
  create(d: DecodedModule): Module;
}

const LINEAR = 'torch.nn.modules.linear';
const ACTIVATION = 'torch.nn.modules.activation';
const LOSS = 'torch.nn.modules.loss';
const DROPOUT = 'torch.nn.modules.dropout';
const FLATTEN = 'torch.nn.modules.flatten';
const CONTAINER = 'torch.nn.modules.container';
const CONV = 'torch.nn.modules.conv';
const POOLING = 'torch.nn.modules.pooling';
const BATCHNORM = 'torch.nn.modules.batchnorm';
const NORMALIZATION = 'torch.nn.modules.normalization';
const SPARSE = 'torch.nn.modules.sparse';
const RNN_MODULE = 'torch.nn.modules.rnn';

/** Conv's padding as PyTorch's F.pad wants it: last dim first, (before, after) per dim. */
function reversedPaddingTwice(c: Conv1d | Conv2d): PtValue {
  const k = c.kernelSize;
  if (typeof c.padding === 'string') {
    const out: number[] = new Array(2 * k.length).fill(0);
    if (c.padding === 'same') {
      k.forEach((size, d) => {
        const i = k.length - 1 - d;
        const total = c.dilation[d] * (size - 1);
        out[2 * i] = Math.floor(total / 2);
        out[2 * i + 1] = total - Math.floor(total / 2);
      });
    }
    return out;
  }
  const pads = c.padding;
  return PyTuple.fromItems([...pads].reverse().flatMap((p) => [p, p]));
}

function convSpec(cls: typeof Conv1d | typeof Conv2d): BuiltinSpec {
  return {
    cls, module: CONV, parameters: ['weight', 'bias'],
    attributes: [
      ['in_channels', 'inChannels', 'int'], ['out_channels', 'outChannels', 'int'], ['kernel_size', 'kernelSize', 'intTuple'],
      ['stride', 'stride', 'intTuple'], ['padding', 'padding', 'intTupleOrStr'], ['dilation', 'dilation', 'intTuple'],
    ],
    extra: (m) => {
      const c = m as Conv2d;
      return [
        ['transposed', false],
        ['output_padding', PyTuple.fromItems(c.kernelSize.map(() => 0))],
        ['groups', c.groups],
        ['padding_mode', c.paddingMode],
        ['_reversed_padding_repeated_twice', reversedPaddingTwice(c)],
      ];
    },
    shapes: (a, d) => {
      const perGroup = (a.in_channels as number) / (a.groups as number);
      const kernel = Array.isArray(a.kernel_size) ? a.kernel_size : [NaN];
      return withBias(d, { weight: [a.out_channels, perGroup, ...kernel] }, [a.out_channels]);
    },
    create: ({ attributes: a, parameters: p }) => new cls(a.in_channels as number, a.out_channels as number, a.kernel_size as number[], {
      stride: a.stride, padding: a.padding, dilation: a.dilation, groups: a.groups, bias: p.get('bias') != null,
      paddingMode: a.padding_mode ?? 'zeros',
    }),
  };
}

const RNN_ATTRIBUTES: AttributeSpec[] = [
  ['mode', 'mode', 'str'], ['input_size', 'inputSize', 'int'], ['hidden_size', 'hiddenSize', 'int'],
  ['num_layers', 'numLayers', 'int'], ['bias', 'bias', 'bool'], ['batch_first', 'batchFirst', 'bool'],
  ['dropout', 'dropout', 'float'], ['bidirectional', 'bidirectional', 'bool'],
];

/** RNNBase's bookkeeping: the weight names per layer and direction, and the weights themselves. */
function rnnExtra(m: Module, ctx: SaveContext): [string, PtValue][] {
  const r = m as LSTM;
  const D = r.bidirectional ? 2 : 1;
  const all: string[][] = [];
  for (let layer = 0; layer < r.numLayers; layer++) {
    for (let dir = 0; dir < D; dir++) {
      const sfx = `_l${layer}${dir === 1 ? '_reverse' : ''}`;
      all.push(r.bias ? [`weight_ih${sfx}`, `weight_hh${sfx}`, `bias_ih${sfx}`, `bias_hh${sfx}`] : [`weight_ih${sfx}`, `weight_hh${sfx}`]);
    }
  }
  const names = all.flat();
  const params = new Map(m._ownParameters());
  return [
    ['proj_size', 0],
    ['_flat_weights_names', names],
    ['_all_weights', all],
    ['_flat_weights', names.map((n) => ctx.encode(params.get(n)!, `.${n}`))],
  ];
}

/** Every weight an RNN/LSTM/GRU of these attributes has; the count is checked first, so a huge num_layers costs nothing. */
function rnnShapes(gatesPerUnit: number): (a: Record<string, unknown>, d: DecodedModule) => Record<string, unknown[]> {
  return (a, d) => {
    const D = a.bidirectional ? 2 : 1;
    const layers = a.num_layers as number;
    const perCell = a.bias ? 4 : 2;
    if (!Number.isSafeInteger(layers) || layers < 1 || layers * D * perCell !== d.parameters.size) {
      throw new SerializationError(
        `torch.load: a recurrent layer with num_layers=${String(layers)}, bidirectional=${String(a.bidirectional)}, ` +
          `bias=${String(a.bias)} has ${Number(layers) * D * perCell} weights, but the file holds ${d.parameters.size}`,
      );
    }
    const H = a.hidden_size as number;
    const G = gatesPerUnit * H;
    const out: Record<string, unknown[]> = {};
    for (let layer = 0; layer < layers; layer++) {
      for (let dir = 0; dir < D; dir++) {
        const sfx = `_l${layer}${dir === 1 ? '_reverse' : ''}`;
        out[`weight_ih${sfx}`] = [G, layer === 0 ? a.input_size : H * D];
        out[`weight_hh${sfx}`] = [G, H];
        if (a.bias) {
          out[`bias_ih${sfx}`] = [G];
          out[`bias_hh${sfx}`] = [G];
        }
      }
    }
    return out;
  };
}

function rnnCreate(cls: typeof LSTM | typeof GRU): (d: DecodedModule) => Module {
  return ({ attributes: a }) => new cls(a.input_size as number, a.hidden_size as number, {
    numLayers: a.num_layers as number, bias: a.bias as boolean, batchFirst: a.batch_first as boolean,
    dropout: a.dropout as number, bidirectional: a.bidirectional as boolean,
  });
}

/** `shapes` plus the bias's when the file has one (without one the layer is built with bias=False). */
function withBias(d: DecodedModule, shapes: Record<string, unknown[]>, bias: unknown[]): Record<string, unknown[]> {
  return d.parameters.get('bias') != null ? { ...shapes, bias } : shapes;
}

function tupleOf(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [v];
}

const POOL_ATTRS = (names: [string, string][]): AttributeSpec[] => names.map(([py, js]) => [py, js, 'intOrTuple']);

const INPLACE: AttributeSpec = ['inplace', 'inplace', 'bool'];
const REDUCTION: AttributeSpec = ['reduction', 'reduction', 'str'];

function nonNull<V>(m: Map<string, V | null>): [string, V][] {
  return [...m].filter((e): e is [string, V] => e[1] !== null);
}

/**
 * Every built-in class torch.load can rebuild and torch.save writes under PyTorch's name. To cover
 * a new layer, add one entry: its Python module, parameter/buffer names, attributes and how to
 * construct it from them.
 */
const BUILTINS: BuiltinSpec[] = [
  { cls: Identity, module: LINEAR, create: () => new Identity() },
  {
    cls: Linear, module: LINEAR, parameters: ['weight', 'bias'],
    attributes: [['in_features', 'inFeatures', 'int'], ['out_features', 'outFeatures', 'int']],
    shapes: (a, d) => withBias(d, { weight: [a.out_features, a.in_features] }, [a.out_features]),
    create: ({ attributes: a, parameters: p }) =>
      new Linear(a.in_features as number, a.out_features as number, { bias: p.get('bias') != null }),
  },
  {
    cls: Bilinear, module: LINEAR, parameters: ['weight', 'bias'],
    attributes: [['in1_features', 'in1Features', 'int'], ['in2_features', 'in2Features', 'int'], ['out_features', 'outFeatures', 'int']],
    shapes: (a, d) => withBias(d, { weight: [a.out_features, a.in1_features, a.in2_features] }, [a.out_features]),
    create: ({ attributes: a, parameters: p }) =>
      new Bilinear(a.in1_features as number, a.in2_features as number, a.out_features as number, { bias: p.get('bias') != null }),
  },
  {
    cls: Flatten, module: FLATTEN, attributes: [['start_dim', 'startDim', 'int'], ['end_dim', 'endDim', 'int']],
    create: ({ attributes: a }) => new Flatten(a.start_dim, a.end_dim),
  },
  {
    cls: Unflatten, module: FLATTEN, attributes: [['dim', 'dim', 'int'], ['unflattened_size', 'unflattenedSize', 'intTuple']],
    create: ({ attributes: a }) => new Unflatten(a.dim as number, a.unflattened_size as number[]),
  },
  ...[Dropout, Dropout1d, Dropout2d, Dropout3d].map((cls): BuiltinSpec => ({
    cls, module: DROPOUT, attributes: [['p', 'p', 'float'], INPLACE],
    create: ({ attributes: a }) => new cls(a.p, a.inplace),
  })),
  ...[ReLU, SELU, SiLU, Mish, Hardsigmoid, Hardswish, ReLU6].map((cls): BuiltinSpec => ({
    cls, module: ACTIVATION,
    // ReLU6 is a Hardtanh in PyTorch and keeps its bounds as attributes.
    attributes: cls === ReLU6 ? [['min_val', 'minVal', 'float'], ['max_val', 'maxVal', 'float'], INPLACE] : [INPLACE],
    create: ({ attributes: a }) => new cls(a.inplace),
  })),
  ...[Tanh, Sigmoid, LogSigmoid, Softsign, Tanhshrink].map((cls): BuiltinSpec => ({
    cls, module: ACTIVATION, create: () => new cls(),
  })),
  {
    cls: Hardtanh, module: ACTIVATION, attributes: [['min_val', 'minVal', 'float'], ['max_val', 'maxVal', 'float'], INPLACE],
    create: ({ attributes: a }) => new Hardtanh(a.min_val, a.max_val, a.inplace),
  },
  {
    cls: LeakyReLU, module: ACTIVATION, attributes: [['negative_slope', 'negativeSlope', 'float'], INPLACE],
    create: ({ attributes: a }) => new LeakyReLU(a.negative_slope, a.inplace),
  },
  ...[ELU, CELU].map((cls): BuiltinSpec => ({
    cls, module: ACTIVATION, attributes: [['alpha', 'alpha', 'float'], INPLACE],
    create: ({ attributes: a }) => new cls(a.alpha, a.inplace),
  })),
  {
    cls: GELU, module: ACTIVATION, attributes: [['approximate', 'approximate', 'str']],
    create: ({ attributes: a }) => new GELU(a.approximate),
  },
  {
    cls: Softplus, module: ACTIVATION, attributes: [['beta', 'beta', 'number'], ['threshold', 'threshold', 'number']],
    create: ({ attributes: a }) => new Softplus(a.beta, a.threshold),
  },
  ...[Softshrink, Hardshrink].map((cls): BuiltinSpec => ({
    cls, module: ACTIVATION, attributes: [['lambd', 'lambd', 'float']],
    create: ({ attributes: a }) => new cls(a.lambd),
  })),
  {
    cls: Threshold, module: ACTIVATION, attributes: [['threshold', 'threshold', 'number'], ['value', 'value', 'number'], INPLACE],
    create: ({ attributes: a }) => new Threshold(a.threshold as number, a.value as number, a.inplace),
  },
  ...[Softmax, LogSoftmax, Softmin].map((cls): BuiltinSpec => ({
    cls, module: ACTIVATION, attributes: [['dim', 'dim', 'any']],
    // Pickles from before `dim` existed lack it; PyTorch's __setstate__ then sets None.
    create: ({ attributes: a }) => new cls(a.dim ?? null),
  })),
  ...[MSELoss, L1Loss].map((cls): BuiltinSpec => ({
    cls, module: LOSS, attributes: [REDUCTION],
    create: ({ attributes: a }) => new cls({ reduction: a.reduction }),
  })),
  {
    cls: SmoothL1Loss, module: LOSS, attributes: [REDUCTION, ['beta', 'beta', 'float']],
    create: ({ attributes: a }) => new SmoothL1Loss({ reduction: a.reduction, beta: a.beta }),
  },
  {
    cls: HuberLoss, module: LOSS, attributes: [REDUCTION, ['delta', 'delta', 'float']],
    create: ({ attributes: a }) => new HuberLoss({ reduction: a.reduction, delta: a.delta }),
  },
  {
    cls: NLLLoss, module: LOSS, buffers: ['weight'], attributes: [REDUCTION, ['ignore_index', 'ignoreIndex', 'int']],
    create: ({ attributes: a }) => new NLLLoss({ reduction: a.reduction, ignoreIndex: a.ignore_index }),
  },
  {
    cls: CrossEntropyLoss, module: LOSS, buffers: ['weight'],
    attributes: [REDUCTION, ['ignore_index', 'ignoreIndex', 'int'], ['label_smoothing', 'labelSmoothing', 'float']],
    create: ({ attributes: a }) =>
      new CrossEntropyLoss({ reduction: a.reduction, ignoreIndex: a.ignore_index, labelSmoothing: a.label_smoothing }),
  },
  {
    cls: BCELoss, module: LOSS, buffers: ['weight'], attributes: [REDUCTION],
    create: ({ attributes: a }) => new BCELoss({ reduction: a.reduction }),
  },
  {
    cls: BCEWithLogitsLoss, module: LOSS, buffers: ['weight', 'pos_weight'], attributes: [REDUCTION],
    create: ({ attributes: a }) => new BCEWithLogitsLoss({ reduction: a.reduction }),
  },
  {
    cls: KLDivLoss, module: LOSS, attributes: [REDUCTION, ['log_target', 'logTarget', 'bool']],
    create: ({ attributes: a }) => new KLDivLoss({ reduction: a.reduction, logTarget: a.log_target }),
  },
  convSpec(Conv1d),
  convSpec(Conv2d),
  ...[MaxPool1d, MaxPool2d].map((cls): BuiltinSpec => ({
    cls, module: POOLING,
    attributes: [
      ...POOL_ATTRS([['kernel_size', 'kernelSize'], ['stride', 'stride'], ['padding', 'padding'], ['dilation', 'dilation']]),
      ['return_indices', 'returnIndices', 'bool'], ['ceil_mode', 'ceilMode', 'bool'],
    ],
    create: ({ attributes: a }) => new cls(a.kernel_size, a.stride, a.padding, a.dilation, a.return_indices, a.ceil_mode),
  })),
  {
    cls: AvgPool2d, module: POOLING,
    attributes: [
      ...POOL_ATTRS([['kernel_size', 'kernelSize'], ['stride', 'stride'], ['padding', 'padding']]),
      ['ceil_mode', 'ceilMode', 'bool'], ['count_include_pad', 'countIncludePad', 'bool'], ['divisor_override', 'divisorOverride', 'intOrNone'],
    ],
    create: ({ attributes: a }) => new AvgPool2d(a.kernel_size, a.stride, a.padding, a.ceil_mode, a.count_include_pad, a.divisor_override ?? null),
  },
  {
    cls: AvgPool1d, module: POOLING,
    attributes: [
      ['kernel_size', 'kernelSize', 'intTuple'], ['stride', 'stride', 'intTuple'], ['padding', 'padding', 'intTuple'],
      ['ceil_mode', 'ceilMode', 'bool'], ['count_include_pad', 'countIncludePad', 'bool'],
    ],
    create: ({ attributes: a }) => new AvgPool1d(a.kernel_size, a.stride, a.padding, a.ceil_mode, a.count_include_pad),
  },
  ...[AdaptiveAvgPool1d, AdaptiveAvgPool2d].map((cls): BuiltinSpec => ({
    cls, module: POOLING, attributes: POOL_ATTRS([['output_size', 'outputSize']]),
    create: ({ attributes: a }) => new cls(a.output_size as number),
  })),
  ...[AdaptiveMaxPool1d, AdaptiveMaxPool2d].map((cls): BuiltinSpec => ({
    cls, module: POOLING, attributes: [...POOL_ATTRS([['output_size', 'outputSize']]), ['return_indices', 'returnIndices', 'bool']],
    create: ({ attributes: a }) => new cls(a.output_size as number, a.return_indices as boolean),
  })),
  ...[BatchNorm1d, BatchNorm2d, BatchNorm3d].map((cls): BuiltinSpec => ({
    cls, module: BATCHNORM, parameters: ['weight', 'bias'], buffers: ['running_mean', 'running_var', 'num_batches_tracked'],
    attributes: [
      ['num_features', 'numFeatures', 'int'], ['eps', 'eps', 'float'], ['momentum', 'momentum', 'floatOrNone'],
      ['affine', 'affine', 'bool'], ['track_running_stats', 'trackRunningStats', 'bool'],
    ],
    shapes: (a) => ({
      ...(a.affine ? { weight: [a.num_features], bias: [a.num_features] } : {}),
      ...(a.track_running_stats ? { running_mean: [a.num_features], running_var: [a.num_features], num_batches_tracked: [] } : {}),
    }),
    create: ({ attributes: a }) => new cls(a.num_features, {
      eps: a.eps, momentum: a.momentum ?? null, affine: a.affine, trackRunningStats: a.track_running_stats,
    }),
  })),
  {
    cls: LayerNorm, module: NORMALIZATION, parameters: ['weight', 'bias'],
    attributes: [['normalized_shape', 'normalizedShape', 'intTuple'], ['eps', 'eps', 'float'], ['elementwise_affine', 'elementwiseAffine', 'bool']],
    shapes: (a): Record<string, unknown[]> =>
      (a.elementwise_affine ? { weight: tupleOf(a.normalized_shape), bias: tupleOf(a.normalized_shape) } : {}),
    create: ({ attributes: a }) => new LayerNorm(a.normalized_shape as number[], { eps: a.eps, elementwiseAffine: a.elementwise_affine }),
  },
  {
    cls: GroupNorm, module: NORMALIZATION, parameters: ['weight', 'bias'],
    attributes: [['num_groups', 'numGroups', 'int'], ['num_channels', 'numChannels', 'int'], ['eps', 'eps', 'float'], ['affine', 'affine', 'bool']],
    shapes: (a): Record<string, unknown[]> => (a.affine ? { weight: [a.num_channels], bias: [a.num_channels] } : {}),
    create: ({ attributes: a }) => new GroupNorm(a.num_groups as number, a.num_channels as number, { eps: a.eps, affine: a.affine }),
  },
  {
    cls: Embedding, module: SPARSE, parameters: ['weight'],
    attributes: [
      ['num_embeddings', 'numEmbeddings', 'int'], ['embedding_dim', 'embeddingDim', 'int'], ['padding_idx', 'paddingIdx', 'intOrNone'],
      ['max_norm', 'maxNorm', 'floatOrNone'], ['norm_type', 'normType', 'float'], ['scale_grad_by_freq', 'scaleGradByFreq', 'bool'],
      ['sparse', 'sparse', 'bool'],
    ],
    shapes: (a) => ({ weight: [a.num_embeddings, a.embedding_dim] }),
    create: ({ attributes: a }) => new Embedding(a.num_embeddings as number, a.embedding_dim as number, {
      paddingIdx: a.padding_idx ?? null, maxNorm: a.max_norm ?? null, normType: a.norm_type ?? 2,
      scaleGradByFreq: a.scale_grad_by_freq ?? false, sparse: a.sparse ?? false,
    }),
  },
  {
    cls: RNN, module: RNN_MODULE, leading: [['nonlinearity', 'nonlinearity', 'str']], attributes: RNN_ATTRIBUTES, extra: rnnExtra,
    shapes: rnnShapes(1),
    create: ({ attributes: a }) => new RNN(a.input_size as number, a.hidden_size as number, {
      numLayers: a.num_layers as number, bias: a.bias as boolean, batchFirst: a.batch_first as boolean,
      dropout: a.dropout as number, bidirectional: a.bidirectional as boolean, nonlinearity: (a.nonlinearity as 'tanh' | 'relu') ?? 'tanh',
    }),
  },
  { cls: LSTM, module: RNN_MODULE, attributes: RNN_ATTRIBUTES, extra: rnnExtra, shapes: rnnShapes(4), create: rnnCreate(LSTM) },
  { cls: GRU, module: RNN_MODULE, attributes: RNN_ATTRIBUTES, extra: rnnExtra, shapes: rnnShapes(3), create: rnnCreate(GRU) },
  ...[RNNCell, LSTMCell, GRUCell].map((cls): BuiltinSpec => ({
    cls, module: RNN_MODULE, parameters: ['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh'],
    attributes: [
      ['input_size', 'inputSize', 'int'], ['hidden_size', 'hiddenSize', 'int'], ['bias', 'bias', 'bool'],
      ...(cls === RNNCell ? [['nonlinearity', 'nonlinearity', 'str'] as AttributeSpec] : []),
    ],
    shapes: (a) => {
      const gates = (cls === LSTMCell ? 4 : cls === GRUCell ? 3 : 1) * (a.hidden_size as number);
      return {
        weight_ih: [gates, a.input_size], weight_hh: [gates, a.hidden_size],
        ...(a.bias ? { bias_ih: [gates], bias_hh: [gates] } : {}),
      };
    },
    create: ({ attributes: a }) => cls === RNNCell
      ? new RNNCell(a.input_size as number, a.hidden_size as number, { bias: a.bias, nonlinearity: a.nonlinearity ?? 'tanh' })
      : new cls(a.input_size as number, a.hidden_size as number, { bias: a.bias }),
  })),
  {
    cls: Sequential, module: CONTAINER, fills: 'modules',
    create: ({ modules }) => new Sequential(new Map(nonNull(modules))),
  },
  {
    cls: ModuleList, module: CONTAINER, fills: 'modules',
    create: ({ modules }) => new ModuleList(nonNull(modules).map(([, m]) => m)),
  },
  {
    cls: ModuleDict, module: CONTAINER, fills: 'modules',
    create: ({ modules }) => new ModuleDict(new Map(nonNull(modules))),
  },
  {
    cls: ParameterList, module: CONTAINER, fills: 'parameters',
    extra: (m) => [['_size', (m as ParameterList).length]],
    create: ({ parameters }) => new ParameterList(nonNull(parameters).map(([, p]) => p)),
  },
  {
    cls: ParameterDict, module: CONTAINER, fills: 'parameters',
    extra: (m) => [['_keys', new Map<PtValue, PtValue>((m as ParameterDict).keys().map((k) => [k, null]))]],
    create: ({ parameters }) => new ParameterDict(new Map(nonNull(parameters))),
  },
];

const BUILTIN_BY_CLASS = new Map<unknown, BuiltinSpec>(BUILTINS.map((s) => [s.cls, s]));
const BUILTIN_BY_NAME = new Map<string, BuiltinSpec>(BUILTINS.map((s) => [`${s.module}.${s.cls.name}`, s]));

/** The Python qualified names of the built-in classes torch.save/torch.load handle, e.g. 'torch.nn.modules.linear.Linear'. */
export function builtinModuleNames(): string[] {
  return [...BUILTIN_BY_NAME.keys()];
}

interface Registered {
  cls: abstract new (...args: never[]) => object;
  name: string;
  create?: (attributes: Record<string, unknown>) => object;
}

const registeredByName = new Map<string, Registered>();
const registeredByClass = new Map<unknown, Registered>();

const QUALIFIED_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

setModuleRegistrar((cls, options: RegisterModuleOptions) => {
  if (typeof cls !== 'function' || !(cls.prototype instanceof Module)) {
    throw new TypeError(`registerModule() expects an nn.Module subclass, got ${typeof cls === 'function' ? cls.name : typeof cls}`);
  }
  let name = options.name ?? `__main__.${cls.name}`;
  if (typeof name !== 'string' || !QUALIFIED_NAME.test(name)) {
    throw new TypeError(`registerModule(): ${JSON.stringify(name)} is not a Python qualified name like '__main__.Net'`);
  }
  if (!name.includes('.')) name = `__main__.${name}`;
  if (BUILTIN_BY_NAME.has(name)) throw new TypeError(`registerModule(): ${name} is a built-in torch.nn class`);
  if (options.create !== undefined && typeof options.create !== 'function') {
    throw new TypeError('registerModule(): create must be a function of the saved attributes');
  }
  const entry: Registered = { cls, name, create: options.create };
  const previous = registeredByClass.get(cls);
  if (previous) registeredByName.delete(previous.name);
  registeredByName.set(name, entry);
  registeredByClass.set(cls, entry);
});

function splitQualified(name: string): [string, string] {
  const dot = name.lastIndexOf('.');
  return [name.slice(0, dot), name.slice(dot + 1)];
}

/** Python's spelling of a JavaScript property (`nHidden` -> `n_hidden`), for custom modules' attributes. */
function snakeCase(s: string): string {
  return s.replace(/(?<=[a-z0-9])[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function camelCase(s: string): string {
  return s.replace(/(?<=[a-zA-Z0-9])_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** The module's own properties in registration order (containers read their ordered map). */
function ownEntries(m: Module): [string, unknown][] {
  return (m as unknown as { _ownEntries(): [string, unknown][] })._ownEntries();
}

function attributeValue(v: unknown, kind: Kind, where: string): PtValue {
  const bad = (): SerializationError =>
    new SerializationError(`torch.save: ${where} should be ${kind === 'intTuple' ? 'a tuple of ints' : `a${kind === 'int' ? 'n' : ''} ${kind}`}, got ${String(v)}`);
  switch (kind) {
    case 'int':
      if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw bad();
      return v;
    case 'float':
      if (typeof v !== 'number') throw bad();
      return new PyFloat(v);
    case 'floatOrNone':
      if (v === null) return null;
      if (typeof v !== 'number') throw bad();
      return new PyFloat(v);
    case 'intOrNone':
      if (v === null) return null;
      if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw bad();
      return v;
    case 'intOrTuple':
      // Pooling keeps what it was given: an int, or a tuple (whose entries may be None for adaptive sizes).
      if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
      if (!Array.isArray(v) || !v.every((x) => x === null || Number.isSafeInteger(x))) throw bad();
      return PyTuple.fromItems(v as (number | null)[]);
    case 'intTupleOrStr':
      if (typeof v === 'string') return v;
      if (!Array.isArray(v) || !v.every((x) => Number.isSafeInteger(x))) throw bad();
      return PyTuple.fromItems(v as number[]);
    case 'number':
      if (typeof v !== 'number') throw bad();
      return v;
    case 'bool':
      if (typeof v !== 'boolean') throw bad();
      return v;
    case 'str':
      if (typeof v !== 'string') throw bad();
      return v;
    case 'intTuple':
      if (!Array.isArray(v) || !v.every((x) => Number.isSafeInteger(x))) throw bad();
      return PyTuple.fromItems(v as number[]);
    case 'any':
      if (v !== null && typeof v !== 'number' && typeof v !== 'string' && typeof v !== 'boolean') throw bad();
      return v as PtValue;
  }
}

function parameterRecord(v: PtValue, requiresGrad: boolean): ParameterRecord {
  if (v instanceof ParameterRecord) return v;
  if (v instanceof TensorRecord) return new ParameterRecord(v, requiresGrad);
  throw new SerializationError('torch.save: a module parameter did not turn into a tensor record');
}

function encodeModule(m: Module, ctx: SaveContext): ObjectRecord {
  const spec = BUILTIN_BY_CLASS.get(m.constructor);
  const registered = spec ? undefined : registeredByClass.get(m.constructor);
  const [pyModule, pyName] = spec ? [spec.module, spec.cls.name] : splitQualified(registered?.name ?? `__main__.${m.constructor.name}`);
  const where = (k: string): string => `${pyModule}.${pyName}.${k}`;

  const own = ownEntries(m);
  const ownParameters = new Map(m._ownParameters());
  const ownBuffers = new Map(m._ownBuffers(false));
  const persistent = new Set(m._ownBuffers(true).map(([k]) => k));

  const parameters: [string, ParameterRecord | null][] = [];
  const parameterNames = [...(spec?.parameters ?? []), ...ownParameters.keys()];
  for (const k of new Set(parameterNames)) {
    const p = ownParameters.get(k) ?? null;
    parameters.push([k, p === null ? null : parameterRecord(ctx.encode(p, `.${k}`), p.requiresGrad)]);
  }
  const buffers: [string, TensorRecord | null][] = [];
  const bufferNames = [...(spec?.buffers ?? []), ...ownBuffers.keys()];
  for (const k of new Set(bufferNames)) {
    const b = ownBuffers.get(k) ?? null;
    if (b === null) {
      buffers.push([k, null]);
      continue;
    }
    const r = ctx.encode(b, `.${k}`);
    buffers.push([k, r instanceof ParameterRecord ? r.tensor : (r as TensorRecord)]);
  }
  const modules: [string, ObjectRecord | null][] = [];
  for (const [k, v] of own) {
    if (!(v instanceof Module)) continue;
    const r = ctx.encode(v, `.${k}`);
    if (!(r instanceof ObjectRecord)) throw new SerializationError(`torch.save: submodule ${where(k)} did not turn into a module record`);
    modules.push([k, r]);
  }

  const attributes: [string, PtValue][] = [];
  if (spec) {
    const values = m as unknown as Record<string, unknown>;
    for (const [py, js, kind] of [...(spec.leading ?? []), ...(spec.attributes ?? [])]) {
      attributes.push([py, attributeValue(values[js], kind, where(py))]);
    }
    attributes.push(...(spec.extra?.(m, ctx) ?? []));
  } else {
    for (const [k, v] of own) {
      if (k === 'training' || v instanceof Module) continue;
      if (v instanceof Tensor && (ownParameters.get(k) === v || ownBuffers.get(k) === v)) continue;
      if (typeof v === 'function') continue;
      attributes.push([snakeCase(k), ctx.encode(v, `.${k}`)]);
    }
  }
  return moduleRecord({
    module: pyModule,
    name: pyName,
    training: m.training,
    parameters,
    buffers,
    nonPersistentBuffers: [...ownBuffers.keys()].filter((k) => !persistent.has(k)),
    modules,
    attributes,
  });
}

function preservingRng<T>(fn: () => T): T {
  const state = defaultGenerator.getState();
  try {
    return fn();
  } finally {
    defaultGenerator.setState(state);
  }
}

function asModule(v: unknown, where: string): Module {
  if (!(v instanceof Module)) throw new SerializationError(`torch.load: ${where} is not a module`);
  return v;
}

function unavailable(qualifiedName: string): SerializationError {
  if (qualifiedName.startsWith('torch.nn.')) {
    return new SerializationError(
      `torch.load: ${qualifiedName} is not available in torchlet, so this whole pickled model cannot be rebuilt; ` +
        'save its state_dict in Python and load that into a torchlet model instead',
    );
  }
  const [mod, name] = splitQualified(qualifiedName);
  const how = mod === '__main__' ? `registerModule(${name})` : `registerModule(${name}, '${qualifiedName}')`;
  return new SerializationError(
    `Can't get attribute '${name}' on <module '${mod}'>: the module class ${qualifiedName} is not registered; ` +
      `call torch.serialization.${how} before torch.load`,
  );
}

function decodeModule(v: ObjectRecord | PickleGlobal, ctx: LoadContext): Module {
  if (v instanceof PickleGlobal) {
    throw new SerializationError(`torch.load: the file refers to the class ${v.module}.${v.name} itself, not to an instance of it`);
  }
  const qualifiedName = v.qualifiedName;
  const spec = BUILTIN_BY_NAME.get(qualifiedName);
  const registered = spec ? undefined : registeredByName.get(qualifiedName);
  if (!spec && !registered) throw unavailable(qualifiedName);

  const parts = moduleRecordParts(v);
  const d: DecodedModule = { attributes: {}, parameters: new Map(), buffers: new Map(), modules: new Map() };
  for (const [k, x] of parts.attributes) {
    Object.defineProperty(d.attributes, k, { value: ctx.decode(x, `.${k}`), enumerable: true, writable: true, configurable: true });
  }
  for (const [k, p] of parts.parameters) d.parameters.set(k, p === null ? null : asParameter(ctx.tensor(p)));
  for (const [k, b] of parts.buffers) d.buffers.set(k, b === null ? null : ctx.tensor(b));
  for (const [k, c] of parts.modules) d.modules.set(k, c === null ? null : asModule(ctx.decode(c, `.${k}`), `${qualifiedName}.${k}`));

  if (spec?.shapes) checkShapes(qualifiedName, spec.shapes(d.attributes, d), d);
  let m: Module;
  try {
    if (spec) m = preservingRng(() => spec.create(d));
    else {
      const { cls, create } = registered!;
      const made = preservingRng(() => (create ? create(d.attributes) : new (cls as new () => object)()));
      m = asModule(made, `the object registerModule's create() made for ${qualifiedName}`);
    }
  } catch (e) {
    if (e instanceof SerializationError) throw e;
    const how = spec ? '' : ' (pass registerModule(cls, { create: (attributes) => new cls(...) }) when its constructor needs arguments)';
    throw new SerializationError(`torch.load: cannot rebuild ${qualifiedName}: ${(e as Error)?.message ?? String(e)}${how}`);
  }

  const target = m as unknown as Record<string, unknown>;
  if (spec?.fills !== 'parameters') for (const [k, p] of d.parameters) target[k] = p;
  for (const [k, b] of d.buffers) m.registerBuffer(k, b, !parts.nonPersistentBuffers.has(k));
  if (spec?.fills !== 'modules') for (const [k, c] of d.modules) target[k] = c;
  if (!spec) {
    for (const [k, x] of Object.entries(d.attributes)) {
      const js = camelCase(k);
      if (typeof target[js] === 'function') continue;
      target[js] = x;
    }
  }
  m.training = parts.training;
  return m;
}

function checkShapes(qualifiedName: string, shapes: Record<string, unknown[]>, d: DecodedModule): void {
  for (const [name, want] of Object.entries(shapes)) {
    const p = d.parameters.get(name) ?? d.buffers.get(name) ?? null;
    if (p === null) {
      throw new SerializationError(`torch.load: ${qualifiedName} has no '${name}', which its attributes call for`);
    }
    const same = p._shape.length === want.length && p._shape.every((n, i) => n === want[i]);
    if (!same) {
      const attrs = Object.entries(d.attributes).map(([k, v]) => `${k}=${String(v)}`).join(', ');
      throw new SerializationError(
        `torch.load: ${qualifiedName}.${name} has shape [${p._shape.join(', ')}], but its attributes (${attrs}) make it [${want.map(String).join(', ')}]`,
      );
    }
  }
}

/** `_parameters` entries are Parameters in any file torch.save writes; a plain tensor there is promoted. */
function asParameter(t: Tensor): Tensor {
  return t._isParameter ? t : makeParameter(t, t.requiresGrad);
}

registerCodec({
  name: 'torch.nn.Module',
  canEncode: (v) => v instanceof Module,
  encode: (v, ctx) => encodeModule(v as Module, ctx),
  canDecode: (module, name) => {
    const qualifiedName = `${module}.${name}`;
    return module.startsWith('torch.nn.') || BUILTIN_BY_NAME.has(qualifiedName) || registeredByName.has(qualifiedName);
  },
  decode: (v, ctx) => decodeModule(v, ctx),
});
