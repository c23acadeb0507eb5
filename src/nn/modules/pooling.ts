// Pooling modules; each prints its configuration as PyTorch's does (ints stay ints, tuples print
// as tuples, and the 1-D average pool stores tuples as PyTorch's _single does).
import type { Tensor } from '../../tensor/tensor.js';
import { Module } from '../module.js';
import { bindArgs } from '../args.js';
import { pyBool, pyTuple } from '../repr.js';
import * as P from '../functional/pooling.js';

type IntOrTuple = number | number[];

function show(v: IntOrTuple | null): string {
  if (v === null) return 'None';
  return Array.isArray(v) ? pyTuple(v) : String(v);
}

abstract class MaxPoolNd extends Module {
  kernelSize: IntOrTuple;
  stride: IntOrTuple;
  padding: IntOrTuple;
  dilation: IntOrTuple;
  returnIndices: boolean;
  ceilMode: boolean;
  constructor(name: string, args: unknown[]) {
    super();
    const o = bindArgs(name, args, ['kernelSize', 'stride', 'padding', 'dilation', 'returnIndices', 'ceilMode'], {
      kernelSize: null as IntOrTuple | null, stride: null as IntOrTuple | null, padding: 0 as IntOrTuple,
      dilation: 1 as IntOrTuple, returnIndices: false, ceilMode: false,
    });
    if (o.kernelSize === null) throw new TypeError(`${name}() missing 1 required positional argument: 'kernel_size'`);
    this.kernelSize = o.kernelSize;
    this.stride = o.stride ?? o.kernelSize;
    this.padding = o.padding;
    this.dilation = o.dilation;
    this.returnIndices = o.returnIndices;
    this.ceilMode = o.ceilMode;
  }
  override extraRepr(): string {
    return `kernel_size=${show(this.kernelSize)}, stride=${show(this.stride)}, padding=${show(this.padding)}, ` +
      `dilation=${show(this.dilation)}, ceil_mode=${pyBool(this.ceilMode)}`;
  }
}

/** `new MaxPool2d(kernelSize, stride = kernelSize, padding = 0, dilation = 1, returnIndices = false, ceilMode = false)`. */
export class MaxPool2d extends MaxPoolNd {
  constructor(...args: unknown[]) { super('MaxPool2d', args); }
  forward(input: Tensor): any {
    return P.maxPool2d(input, this.kernelSize, this.stride, this.padding, this.dilation, this.ceilMode, this.returnIndices);
  }
}

export class MaxPool1d extends MaxPoolNd {
  constructor(...args: unknown[]) { super('MaxPool1d', args); }
  forward(input: Tensor): any {
    return P.maxPool1d(input, this.kernelSize, this.stride, this.padding, this.dilation, this.ceilMode, this.returnIndices);
  }
}

/** `new AvgPool2d(kernelSize, stride = kernelSize, padding = 0, ceilMode = false, countIncludePad = true, divisorOverride?)`. */
export class AvgPool2d extends Module {
  kernelSize: IntOrTuple;
  stride: IntOrTuple;
  padding: IntOrTuple;
  ceilMode: boolean;
  countIncludePad: boolean;
  divisorOverride: number | null;
  constructor(...args: unknown[]) {
    super();
    const o = bindArgs('AvgPool2d', args, ['kernelSize', 'stride', 'padding', 'ceilMode', 'countIncludePad', 'divisorOverride'], {
      kernelSize: null as IntOrTuple | null, stride: null as IntOrTuple | null, padding: 0 as IntOrTuple,
      ceilMode: false, countIncludePad: true, divisorOverride: null as number | null,
    });
    if (o.kernelSize === null) throw new TypeError("AvgPool2d() missing 1 required positional argument: 'kernel_size'");
    this.kernelSize = o.kernelSize;
    this.stride = o.stride ?? o.kernelSize;
    this.padding = o.padding;
    this.ceilMode = o.ceilMode;
    this.countIncludePad = o.countIncludePad;
    this.divisorOverride = o.divisorOverride;
  }
  forward(input: Tensor): Tensor {
    return P.avgPool2d(input, this.kernelSize, this.stride, this.padding, this.ceilMode, this.countIncludePad, this.divisorOverride);
  }
  override extraRepr(): string {
    return `kernel_size=${show(this.kernelSize)}, stride=${show(this.stride)}, padding=${show(this.padding)}`;
  }
}

export class AvgPool1d extends Module {
  kernelSize: number[];
  stride: number[];
  padding: number[];
  ceilMode: boolean;
  countIncludePad: boolean;
  constructor(...args: unknown[]) {
    super();
    const o = bindArgs('AvgPool1d', args, ['kernelSize', 'stride', 'padding', 'ceilMode', 'countIncludePad'], {
      kernelSize: null as IntOrTuple | null, stride: null as IntOrTuple | null, padding: 0 as IntOrTuple,
      ceilMode: false, countIncludePad: true,
    });
    if (o.kernelSize === null) throw new TypeError("AvgPool1d() missing 1 required positional argument: 'kernel_size'");
    const single = (v: IntOrTuple): number[] => (Array.isArray(v) ? v.slice() : [v]);
    this.kernelSize = single(o.kernelSize);
    this.stride = single(o.stride ?? o.kernelSize);
    this.padding = single(o.padding);
    this.ceilMode = o.ceilMode;
    this.countIncludePad = o.countIncludePad;
  }
  forward(input: Tensor): Tensor {
    return P.avgPool1d(input, this.kernelSize, this.stride, this.padding, this.ceilMode, this.countIncludePad);
  }
  override extraRepr(): string {
    return `kernel_size=${pyTuple(this.kernelSize)}, stride=${pyTuple(this.stride)}, padding=${pyTuple(this.padding)}`;
  }
}

type OutSize = number | (number | null)[];

function showOut(v: OutSize): string {
  return Array.isArray(v) ? pyTuple(v.map((x) => (x === null ? 'None' : x))) : String(v);
}

export class AdaptiveAvgPool2d extends Module {
  outputSize: OutSize;
  constructor(outputSize: OutSize) {
    super();
    this.outputSize = outputSize;
  }
  forward(input: Tensor): Tensor {
    return P.adaptiveAvgPool2d(input, this.outputSize);
  }
  override extraRepr(): string {
    return `output_size=${showOut(this.outputSize)}`;
  }
}

export class AdaptiveAvgPool1d extends Module {
  outputSize: number;
  constructor(outputSize: number) {
    super();
    this.outputSize = outputSize;
  }
  forward(input: Tensor): Tensor {
    return P.adaptiveAvgPool1d(input, this.outputSize);
  }
  override extraRepr(): string {
    return `output_size=${this.outputSize}`;
  }
}

export class AdaptiveMaxPool2d extends Module {
  outputSize: OutSize;
  returnIndices: boolean;
  constructor(outputSize: OutSize, returnIndices: boolean | { returnIndices?: boolean } = false) {
    super();
    this.outputSize = outputSize;
    this.returnIndices = typeof returnIndices === 'object' ? Boolean(returnIndices.returnIndices) : returnIndices;
  }
  forward(input: Tensor): any {
    return P.adaptiveMaxPool2d(input, this.outputSize, this.returnIndices);
  }
  override extraRepr(): string {
    return `output_size=${showOut(this.outputSize)}`;
  }
}

export class AdaptiveMaxPool1d extends Module {
  outputSize: number;
  returnIndices: boolean;
  constructor(outputSize: number, returnIndices: boolean | { returnIndices?: boolean } = false) {
    super();
    this.outputSize = outputSize;
    this.returnIndices = typeof returnIndices === 'object' ? Boolean(returnIndices.returnIndices) : returnIndices;
  }
  forward(input: Tensor): any {
    return P.adaptiveMaxPool1d(input, this.outputSize, this.returnIndices);
  }
  override extraRepr(): string {
    return `output_size=${this.outputSize}`;
  }
}
