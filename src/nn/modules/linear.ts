// Identity, Linear and Bilinear. Construction draws the initial weights exactly as PyTorch's
// reset_parameters does (kaiming_uniform_ with a = sqrt(5), then the bias), RNG_SPEC.md §8.
import type { Tensor } from '../../tensor/tensor.js';
import type { DType } from '../../tensor/dtype.js';
import { getDefaultDtype } from '../../tensor/dtype.js';
import { zeros } from '../../ops/creation.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { bindArgs } from '../args.js';
import { pyBool } from '../repr.js';
import * as init from '../init.js';
import { linear, bilinear } from '../functional/linear.js';

export function emptyParameter(shape: number[], dtype?: DType | null): Tensor {
  return new Parameter(zeros(shape, { dtype: dtype ?? getDefaultDtype() }));
}

export function checkFeatures(name: string, ...values: [string, unknown][]): void {
  for (const [arg, v] of values) {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
      throw new TypeError(`${name}: ${arg} must be a non-negative integer, got ${String(v)}`);
    }
  }
}

/** Passes its input through; accepts and ignores any constructor arguments, as PyTorch's does. */
export class Identity extends Module {
  constructor(..._args: unknown[]) {
    super();
  }
  forward(input: Tensor): Tensor {
    return input;
  }
}

/** y = x Wᵀ + b. `new Linear(inFeatures, outFeatures, bias = true, { dtype })`. */
export class Linear extends Module {
  inFeatures: number;
  outFeatures: number;
  weight: Tensor;
  bias: Tensor | null;

  constructor(inFeatures: number, outFeatures: number, ...rest: unknown[]) {
    super();
    const o = bindArgs('Linear', [inFeatures, outFeatures, ...rest], ['inFeatures', 'outFeatures', 'bias', 'device', 'dtype'], {
      inFeatures: 0, outFeatures: 0, bias: true as boolean, device: null as string | null, dtype: null as DType | null,
    });
    checkFeatures('Linear', ['in_features', o.inFeatures], ['out_features', o.outFeatures]);
    this.inFeatures = o.inFeatures;
    this.outFeatures = o.outFeatures;
    this.weight = emptyParameter([o.outFeatures, o.inFeatures], o.dtype);
    this.bias = o.bias ? emptyParameter([o.outFeatures], o.dtype) : null;
    this.resetParameters();
  }

  resetParameters(): void {
    init.kaimingUniform_(this.weight, { a: Math.sqrt(5) });
    if (this.bias !== null) {
      const [fanIn] = init.calculateFanInAndFanOut(this.weight);
      const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
      init.uniform_(this.bias, -bound, bound);
    }
  }

  forward(input: Tensor): Tensor {
    return linear(input, this.weight, this.bias);
  }

  override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${pyBool(this.bias !== null)}`;
  }
}

/** y = x1ᵀ A x2 + b. `new Bilinear(in1Features, in2Features, outFeatures, bias = true)`. */
export class Bilinear extends Module {
  in1Features: number;
  in2Features: number;
  outFeatures: number;
  weight: Tensor;
  bias: Tensor | null;

  constructor(in1Features: number, in2Features: number, outFeatures: number, ...rest: unknown[]) {
    super();
    const o = bindArgs('Bilinear', [in1Features, in2Features, outFeatures, ...rest],
      ['in1Features', 'in2Features', 'outFeatures', 'bias', 'device', 'dtype'], {
        in1Features: 0, in2Features: 0, outFeatures: 0, bias: true as boolean, device: null as string | null, dtype: null as DType | null,
      });
    checkFeatures('Bilinear', ['in1_features', o.in1Features], ['in2_features', o.in2Features], ['out_features', o.outFeatures]);
    this.in1Features = o.in1Features;
    this.in2Features = o.in2Features;
    this.outFeatures = o.outFeatures;
    this.weight = emptyParameter([o.outFeatures, o.in1Features, o.in2Features], o.dtype);
    this.bias = o.bias ? emptyParameter([o.outFeatures], o.dtype) : null;
    this.resetParameters();
  }

  resetParameters(): void {
    const bound = 1 / Math.sqrt(this.weight.size(1));
    init.uniform_(this.weight, -bound, bound);
    if (this.bias !== null) init.uniform_(this.bias, -bound, bound);
  }

  forward(input1: Tensor, input2: Tensor): Tensor {
    return bilinear(input1, input2, this.weight, this.bias);
  }

  override extraRepr(): string {
    return `in1_features=${this.in1Features}, in2_features=${this.in2Features}, out_features=${this.outFeatures}, bias=${pyBool(this.bias !== null)}`;
  }
}
