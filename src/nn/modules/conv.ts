// Conv1d and Conv2d. Weights are [out, in/groups, *kernel], initialised as PyTorch's
// reset_parameters (kaiming_uniform_ with a = sqrt(5), then the bias from fan_in).
import type { Tensor } from '../../tensor/tensor.js';
import type { DType } from '../../tensor/dtype.js';
import { Module } from '../module.js';
import { bindArgs } from '../args.js';
import { pyTuple } from '../repr.js';
import * as init from '../init.js';
import { conv1d, conv2d } from '../functional/conv.js';
import { emptyParameter } from './linear.js';

function toTuple(v: unknown, n: number, name: string): number[] {
  const arr = typeof v === 'number' ? new Array<number>(n).fill(v) : Array.isArray(v) ? v.slice() : null;
  if (!arr || arr.length !== n || !arr.every((x) => Number.isInteger(x))) {
    throw new TypeError(`${name} must be an int or a tuple of ${n} ints, got ${JSON.stringify(v)}`);
  }
  return arr as number[];
}

interface ConvOptions extends Record<string, unknown> {
  inChannels: number;
  outChannels: number;
  kernelSize: number | number[];
  stride: number | number[];
  padding: number | number[] | string;
  dilation: number | number[];
  groups: number;
  bias: boolean;
  paddingMode: string;
  device: string | null;
  dtype: DType | null;
}

const CONV_NAMES = ['inChannels', 'outChannels', 'kernelSize', 'stride', 'padding', 'dilation', 'groups', 'bias', 'paddingMode', 'device', 'dtype'] as const;

/** PyTorch's `_ConvNd`: configuration, parameters, initialisation and repr. */
abstract class ConvNd extends Module {
  inChannels: number;
  outChannels: number;
  kernelSize: number[];
  stride: number[];
  padding: number[] | string;
  dilation: number[];
  groups: number;
  paddingMode: string;
  weight: Tensor;
  bias: Tensor | null;

  constructor(name: string, spatial: number, args: unknown[]) {
    super();
    const o = bindArgs<ConvOptions>(name, args, [...CONV_NAMES], {
      inChannels: NaN, outChannels: NaN, kernelSize: NaN, stride: 1, padding: 0, dilation: 1, groups: 1,
      bias: true, paddingMode: 'zeros', device: null, dtype: null,
    });
    if (!Number.isInteger(o.inChannels) || !Number.isInteger(o.outChannels)) {
      throw new TypeError(`${name}: in_channels and out_channels must be integers`);
    }
    if (!Number.isInteger(o.groups) || o.groups <= 0) throw new Error('groups must be a positive integer');
    if (o.inChannels % o.groups !== 0) throw new Error('in_channels must be divisible by groups');
    if (o.outChannels % o.groups !== 0) throw new Error('out_channels must be divisible by groups');
    const stride = toTuple(o.stride, spatial, 'stride');
    const dilation = toTuple(o.dilation, spatial, 'dilation');
    if (typeof o.padding === 'string') {
      if (o.padding !== 'same' && o.padding !== 'valid') {
        throw new Error(`Invalid padding string '${o.padding}', should be one of {'valid', 'same'}`);
      }
      if (o.padding === 'same' && stride.some((s) => s !== 1)) {
        throw new Error("padding='same' is not supported for strided convolutions");
      }
      this.padding = o.padding;
    } else {
      this.padding = toTuple(o.padding, spatial, 'padding');
    }
    const modes = ['zeros', 'reflect', 'replicate', 'circular'];
    if (!modes.includes(o.paddingMode)) {
      throw new Error(`padding_mode must be one of ${JSON.stringify(modes)}, but got padding_mode='${o.paddingMode}'`);
    }
    if (o.paddingMode !== 'zeros') throw new Error(`padding_mode='${o.paddingMode}' is not supported yet; only 'zeros'`);
    this.inChannels = o.inChannels;
    this.outChannels = o.outChannels;
    this.kernelSize = toTuple(o.kernelSize, spatial, 'kernel_size');
    this.stride = stride;
    this.dilation = dilation;
    this.groups = o.groups;
    this.paddingMode = o.paddingMode;
    this.weight = emptyParameter([o.outChannels, o.inChannels / o.groups, ...this.kernelSize], o.dtype);
    this.bias = o.bias ? emptyParameter([o.outChannels], o.dtype) : null;
    this.resetParameters();
  }

  resetParameters(): void {
    init.kaimingUniform_(this.weight, { a: Math.sqrt(5) });
    if (this.bias !== null) {
      const [fanIn] = init.calculateFanInAndFanOut(this.weight);
      if (fanIn !== 0) {
        const bound = 1 / Math.sqrt(fanIn);
        init.uniform_(this.bias, -bound, bound);
      }
    }
  }

  override extraRepr(): string {
    let s = `${this.inChannels}, ${this.outChannels}, kernel_size=${pyTuple(this.kernelSize)}, stride=${pyTuple(this.stride)}`;
    if (typeof this.padding === 'string') s += `, padding=${this.padding}`;
    else if (this.padding.some((p) => p !== 0)) s += `, padding=${pyTuple(this.padding)}`;
    if (this.dilation.some((d) => d !== 1)) s += `, dilation=${pyTuple(this.dilation)}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (this.bias === null) s += ', bias=False';
    if (this.paddingMode !== 'zeros') s += `, padding_mode=${this.paddingMode}`;
    return s;
  }
}

/**
 * `new Conv2d(inChannels, outChannels, kernelSize, stride = 1, padding = 0, dilation = 1,
 * groups = 1, bias = true)`; padding may be 'same' or 'valid'. Input [N, C, H, W] or [C, H, W].
 */
export class Conv2d extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: number | number[], ...rest: unknown[]) {
    super('Conv2d', 2, [inChannels, outChannels, kernelSize, ...rest]);
  }
  forward(input: Tensor): Tensor {
    return conv2d(input, this.weight, this.bias, this.stride, this.padding, this.dilation, this.groups);
  }
}

/** `new Conv1d(inChannels, outChannels, kernelSize, ...)`: input [N, C, L] or [C, L]. */
export class Conv1d extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: number | number[], ...rest: unknown[]) {
    super('Conv1d', 1, [inChannels, outChannels, kernelSize, ...rest]);
  }
  forward(input: Tensor): Tensor {
    return conv1d(input, this.weight, this.bias, this.stride, this.padding, this.dilation, this.groups);
  }
}
