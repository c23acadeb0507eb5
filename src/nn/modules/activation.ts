// Activation modules: each stores its configuration, calls the functional form, and prints it as
// PyTorch does (`ReLU()`, `LeakyReLU(negative_slope=0.01)`, `Softmax(dim=1)`).
import type { Tensor } from '../../tensor/tensor.js';
import { Module } from '../module.js';
import { bindArgs } from '../args.js';
import { pyFloat, pyNumber, pyStr } from '../repr.js';
import * as F from '../functional/activation.js';

function inplaceArg(name: string, args: unknown[]): boolean {
  return bindArgs(name, args, ['inplace'], { inplace: false }).inplace;
}

/** Modules whose only option is `inplace`. */
abstract class InplaceActivation extends Module {
  inplace: boolean;
  constructor(name: string, args: unknown[]) {
    super();
    this.inplace = inplaceArg(name, args);
  }
  override extraRepr(): string {
    return this.inplace ? 'inplace=True' : '';
  }
}

export class ReLU extends InplaceActivation {
  constructor(...args: unknown[]) { super('ReLU', args); }
  forward(input: Tensor): Tensor { return F.relu(input, this.inplace); }
}

export class SELU extends InplaceActivation {
  constructor(...args: unknown[]) { super('SELU', args); }
  forward(input: Tensor): Tensor { return F.selu(input, this.inplace); }
}

export class SiLU extends InplaceActivation {
  constructor(...args: unknown[]) { super('SiLU', args); }
  forward(input: Tensor): Tensor { return F.silu(input, this.inplace); }
}

export class Mish extends InplaceActivation {
  constructor(...args: unknown[]) { super('Mish', args); }
  forward(input: Tensor): Tensor { return F.mish(input, this.inplace); }
}

export class Hardsigmoid extends InplaceActivation {
  constructor(...args: unknown[]) { super('Hardsigmoid', args); }
  forward(input: Tensor): Tensor { return F.hardsigmoid(input, this.inplace); }
}

export class Hardswish extends InplaceActivation {
  constructor(...args: unknown[]) { super('Hardswish', args); }
  forward(input: Tensor): Tensor { return F.hardswish(input, this.inplace); }
}

/** Modules with no options at all. */
abstract class PlainActivation extends Module {
  constructor() { super(); }
}

export class Tanh extends PlainActivation {
  forward(input: Tensor): Tensor { return input.tanh(); }
}
export class Sigmoid extends PlainActivation {
  forward(input: Tensor): Tensor { return input.sigmoid(); }
}
export class LogSigmoid extends PlainActivation {
  forward(input: Tensor): Tensor { return F.logsigmoid(input); }
}
export class Softsign extends PlainActivation {
  forward(input: Tensor): Tensor { return F.softsign(input); }
}
export class Tanhshrink extends PlainActivation {
  forward(input: Tensor): Tensor { return F.tanhshrink(input); }
}

export class Hardtanh extends Module {
  minVal: number;
  maxVal: number;
  inplace: boolean;
  constructor(...args: unknown[]) {
    super();
    const o = bindArgs('Hardtanh', args, ['minVal', 'maxVal', 'inplace'], { minVal: -1, maxVal: 1, inplace: false });
    if (o.maxVal <= o.minVal) throw new Error('max_val must be greater than min_val');
    this.minVal = o.minVal;
    this.maxVal = o.maxVal;
    this.inplace = o.inplace;
  }
  forward(input: Tensor): Tensor {
    return F.hardtanh(input, this.minVal, this.maxVal, this.inplace);
  }
  override extraRepr(): string {
    return `min_val=${pyFloat(this.minVal)}, max_val=${pyFloat(this.maxVal)}${this.inplace ? ', inplace=True' : ''}`;
  }
}

export class ReLU6 extends Hardtanh {
  constructor(...args: unknown[]) {
    super(0, 6, inplaceArg('ReLU6', args));
  }
  override extraRepr(): string {
    return this.inplace ? 'inplace=True' : '';
  }
}

export class LeakyReLU extends Module {
  negativeSlope: number;
  inplace: boolean;
  constructor(...args: unknown[]) {
    super();
    const o = bindArgs('LeakyReLU', args, ['negativeSlope', 'inplace'], { negativeSlope: 0.01, inplace: false });
    this.negativeSlope = o.negativeSlope;
    this.inplace = o.inplace;
  }
  forward(input: Tensor): Tensor {
    return F.leakyRelu(input, this.negativeSlope, this.inplace);
  }
  override extraRepr(): string {
    return `negative_slope=${pyFloat(this.negativeSlope)}${this.inplace ? ', inplace=True' : ''}`;
  }
}

export class ELU extends Module {
  alpha: number;
  inplace: boolean;
  constructor(...args: unknown[]) {
    super();
    const o = bindArgs('ELU', args, ['alpha', 'inplace'], { alpha: 1, inplace: false });
    this.alpha = o.alpha;
    this.inplace = o.inplace;
  }
  forward(input: Tensor): Tensor {
    return F.elu(input, this.alpha, this.inplace);
  }
  override extraRepr(): string {
    return `alpha=${pyFloat(this.alpha)}${this.inplace ? ', inplace=True' : ''}`;
  }
}

export class CELU extends Module {
  alpha: number;
  inplace: boolean;
  constructor(...args: unknown[]) {
    super();
    const o = bindArgs('CELU', args, ['alpha', 'inplace'], { alpha: 1, inplace: false });
    this.alpha = o.alpha;
    this.inplace = o.inplace;
  }
  forward(input: Tensor): Tensor {
    return F.celu(input, this.alpha, this.inplace);
  }
  override extraRepr(): string {
    return `alpha=${pyFloat(this.alpha)}${this.inplace ? ', inplace=True' : ''}`;
  }
}

export class GELU extends Module {
  approximate: string;
  constructor(...args: unknown[]) {
    super();
    const o = bindArgs('GELU', args, ['approximate'], { approximate: 'none' });
    this.approximate = o.approximate;
  }
  forward(input: Tensor): Tensor {
    return F.gelu(input, this.approximate);
  }
  override extraRepr(): string {
    return `approximate=${pyStr(this.approximate)}`;
  }
}

export class Softplus extends Module {
  beta: number;
  threshold: number;
  constructor(...args: unknown[]) {
    super();
    const o = bindArgs('Softplus', args, ['beta', 'threshold'], { beta: 1, threshold: 20 });
    this.beta = o.beta;
    this.threshold = o.threshold;
  }
  forward(input: Tensor): Tensor {
    return F.softplus(input, this.beta, this.threshold);
  }
  override extraRepr(): string {
    return `beta=${pyNumber(this.beta)}, threshold=${pyNumber(this.threshold)}`;
  }
}

export class Softshrink extends Module {
  lambd: number;
  constructor(...args: unknown[]) {
    super();
    this.lambd = bindArgs('Softshrink', args, ['lambd'], { lambd: 0.5 }).lambd;
  }
  forward(input: Tensor): Tensor {
    return F.softshrink(input, this.lambd);
  }
  override extraRepr(): string {
    return pyFloat(this.lambd);
  }
}

export class Hardshrink extends Module {
  lambd: number;
  constructor(...args: unknown[]) {
    super();
    this.lambd = bindArgs('Hardshrink', args, ['lambd'], { lambd: 0.5 }).lambd;
  }
  forward(input: Tensor): Tensor {
    return F.hardshrink(input, this.lambd);
  }
  override extraRepr(): string {
    return pyFloat(this.lambd);
  }
}

export class Threshold extends Module {
  threshold: number;
  value: number;
  inplace: boolean;
  constructor(threshold: number, value: number, ...args: unknown[]) {
    super();
    const o = bindArgs('Threshold', [threshold, value, ...args], ['threshold', 'value', 'inplace'], {
      threshold: NaN, value: NaN, inplace: false,
    });
    if (typeof o.threshold !== 'number' || typeof o.value !== 'number' || Number.isNaN(o.threshold)) {
      throw new TypeError("Threshold() missing required arguments: 'threshold' and 'value'");
    }
    this.threshold = o.threshold;
    this.value = o.value;
    this.inplace = o.inplace;
  }
  forward(input: Tensor): Tensor {
    return F.threshold(input, this.threshold, this.value, this.inplace);
  }
  override extraRepr(): string {
    return `threshold=${pyNumber(this.threshold)}, value=${pyNumber(this.value)}${this.inplace ? ', inplace=True' : ''}`;
  }
}

/** Softmax, LogSoftmax and Softmin share `dim` (null: PyTorch's legacy implicit choice). */
abstract class SoftmaxLike extends Module {
  dim: number | null;
  constructor(name: string, args: unknown[]) {
    super();
    this.dim = bindArgs(name, args, ['dim'], { dim: null as number | null }).dim;
  }
  override extraRepr(): string {
    return `dim=${this.dim === null ? 'None' : this.dim}`;
  }
}

export class Softmax extends SoftmaxLike {
  constructor(...args: unknown[]) { super('Softmax', args); }
  forward(input: Tensor): Tensor { return F.softmax(input, this.dim); }
}
export class LogSoftmax extends SoftmaxLike {
  constructor(...args: unknown[]) { super('LogSoftmax', args); }
  forward(input: Tensor): Tensor { return F.logSoftmax(input, this.dim); }
}
export class Softmin extends SoftmaxLike {
  constructor(...args: unknown[]) { super('Softmin', args); }
  forward(input: Tensor): Tensor { return F.softmin(input, this.dim); }
}
