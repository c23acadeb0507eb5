// BatchNorm1d/2d/3d, LayerNorm and GroupNorm. BatchNorm's buffers carry PyTorch's names
// (running_mean, running_var, num_batches_tracked), which are its state-dict keys.
import type { Tensor } from '../../tensor/tensor.js';
import { int64, type DType } from '../../tensor/dtype.js';
import { zeros, ones } from '../../ops/creation.js';
import '../../ops/binary.js';
import '../../ops/convert.js';
import { noGrad } from '../../autograd/grad_mode.js';
import { Module, type LoadPlan } from '../module.js';
import { bindArgs } from '../args.js';
import { pyBool, pyFloat, pyTuple } from '../repr.js';
import * as init from '../init.js';
import { batchNorm, layerNorm, groupNorm } from '../functional/normalization.js';
import { emptyParameter } from './linear.js';

interface NormOptions extends Record<string, unknown> {
  numFeatures: number;
  eps: number;
  momentum: number | null;
  affine: boolean;
  trackRunningStats: boolean;
  device: string | null;
  dtype: DType | null;
}

/** PyTorch's `_BatchNorm`. */
abstract class BatchNormBase extends Module {
  static override _version = 2;
  numFeatures: number;
  eps: number;
  momentum: number | null;
  affine: boolean;
  trackRunningStats: boolean;
  weight: Tensor | null;
  bias: Tensor | null;
  declare running_mean: Tensor | null;
  declare running_var: Tensor | null;
  declare num_batches_tracked: Tensor | null;

  constructor(name: string, args: unknown[]) {
    super();
    const o = bindArgs<NormOptions>(name, args, ['numFeatures', 'eps', 'momentum', 'affine', 'trackRunningStats', 'device', 'dtype'], {
      numFeatures: NaN, eps: 1e-5, momentum: 0.1, affine: true, trackRunningStats: true, device: null, dtype: null,
    });
    if (!Number.isInteger(o.numFeatures) || o.numFeatures < 0) throw new TypeError(`${name}: num_features must be a non-negative integer`);
    this.numFeatures = o.numFeatures;
    this.eps = o.eps;
    this.momentum = o.momentum;
    this.affine = o.affine;
    this.trackRunningStats = o.trackRunningStats;
    this.weight = o.affine ? emptyParameter([o.numFeatures], o.dtype) : null;
    this.bias = o.affine ? emptyParameter([o.numFeatures], o.dtype) : null;
    const dtype = o.dtype ?? undefined;
    if (o.trackRunningStats) {
      this.registerBuffer('running_mean', zeros([o.numFeatures], { dtype }));
      this.registerBuffer('running_var', ones([o.numFeatures], { dtype }));
      this.registerBuffer('num_batches_tracked', zeros([], { dtype: int64 }));
    } else {
      this.registerBuffer('running_mean', null);
      this.registerBuffer('running_var', null);
      this.registerBuffer('num_batches_tracked', null);
    }
    this.resetParameters();
  }

  get runningMean(): Tensor | null { return this.running_mean; }
  get runningVar(): Tensor | null { return this.running_var; }
  get numBatchesTracked(): Tensor | null { return this.num_batches_tracked; }

  resetRunningStats(): void {
    if (!this.trackRunningStats) return;
    noGrad(() => {
      this.running_mean!.zero_();
      this.running_var!.fill_(1);
      this.num_batches_tracked!.zero_();
    });
  }

  resetParameters(): void {
    this.resetRunningStats();
    if (this.affine) {
      init.ones_(this.weight!);
      init.zeros_(this.bias!);
    }
  }

  protected abstract _checkInputDim(input: Tensor): void;

  forward(input: Tensor): Tensor {
    this._checkInputDim(input);
    let factor = this.momentum ?? 0.0;
    if (this.training && this.trackRunningStats && this.num_batches_tracked !== null) {
      noGrad(() => this.num_batches_tracked!.add_(1));
      factor = this.momentum === null ? 1.0 / this.num_batches_tracked.item() : this.momentum;
    }
    const bnTraining = this.training ? true : this.running_mean === null && this.running_var === null;
    const useRunning = !this.training || this.trackRunningStats;
    return batchNorm(
      input, useRunning ? this.running_mean : null, useRunning ? this.running_var : null,
      this.weight, this.bias, bnTraining, factor, this.eps,
    );
  }

  /** Checkpoints older than version 2 have no num_batches_tracked; PyTorch loads them as 0. */
  override _loadFromStateDict(sd: Map<string, unknown>, prefix: string, meta: { version?: number }, plan: LoadPlan): void {
    const version = meta.version;
    if ((version === undefined || version === null || version < 2) && this.trackRunningStats) {
      const key = `${prefix}num_batches_tracked`;
      if (!sd.has(key)) sd.set(key, zeros([], { dtype: int64 }));
    }
    super._loadFromStateDict(sd, prefix, meta, plan);
  }

  override extraRepr(): string {
    return `${this.numFeatures}, eps=${pyFloat(this.eps)}, momentum=${this.momentum === null ? 'None' : pyFloat(this.momentum)}, ` +
      `affine=${pyBool(this.affine)}, track_running_stats=${pyBool(this.trackRunningStats)}`;
  }
}

/** `new BatchNorm1d(numFeatures, eps = 1e-5, momentum = 0.1, affine = true, trackRunningStats = true)`: input [N, C] or [N, C, L]. */
export class BatchNorm1d extends BatchNormBase {
  constructor(...args: unknown[]) { super('BatchNorm1d', args); }
  protected _checkInputDim(input: Tensor): void {
    if (input.dim() !== 2 && input.dim() !== 3) throw new Error(`expected 2D or 3D input (got ${input.dim()}D input)`);
  }
}

/** Input [N, C, H, W]. */
export class BatchNorm2d extends BatchNormBase {
  constructor(...args: unknown[]) { super('BatchNorm2d', args); }
  protected _checkInputDim(input: Tensor): void {
    if (input.dim() !== 4) throw new Error(`expected 4D input (got ${input.dim()}D input)`);
  }
}

/** Input [N, C, D, H, W]. */
export class BatchNorm3d extends BatchNormBase {
  constructor(...args: unknown[]) { super('BatchNorm3d', args); }
  protected _checkInputDim(input: Tensor): void {
    if (input.dim() !== 5) throw new Error(`expected 5D input (got ${input.dim()}D input)`);
  }
}

/** `new LayerNorm(normalizedShape, eps = 1e-5, elementwiseAffine = true)`. */
export class LayerNorm extends Module {
  normalizedShape: number[];
  eps: number;
  elementwiseAffine: boolean;
  weight: Tensor | null;
  bias: Tensor | null;
  constructor(normalizedShape: number | number[], ...rest: unknown[]) {
    super();
    const o = bindArgs('LayerNorm', rest, ['eps', 'elementwiseAffine', 'device', 'dtype'], {
      eps: 1e-5, elementwiseAffine: true, device: null as string | null, dtype: null as DType | null,
    });
    this.normalizedShape = typeof normalizedShape === 'number' ? [normalizedShape] : normalizedShape.slice();
    this.eps = o.eps;
    this.elementwiseAffine = o.elementwiseAffine;
    this.weight = o.elementwiseAffine ? emptyParameter(this.normalizedShape, o.dtype) : null;
    this.bias = o.elementwiseAffine ? emptyParameter(this.normalizedShape, o.dtype) : null;
    this.resetParameters();
  }
  resetParameters(): void {
    if (this.elementwiseAffine) {
      init.ones_(this.weight!);
      init.zeros_(this.bias!);
    }
  }
  forward(input: Tensor): Tensor {
    return layerNorm(input, this.normalizedShape, this.weight, this.bias, this.eps);
  }
  override extraRepr(): string {
    return `${pyTuple(this.normalizedShape)}, eps=${pyFloat(this.eps)}, elementwise_affine=${pyBool(this.elementwiseAffine)}`;
  }
}

/** `new GroupNorm(numGroups, numChannels, eps = 1e-5, affine = true)`. */
export class GroupNorm extends Module {
  numGroups: number;
  numChannels: number;
  eps: number;
  affine: boolean;
  weight: Tensor | null;
  bias: Tensor | null;
  constructor(numGroups: number, numChannels: number, ...rest: unknown[]) {
    super();
    const o = bindArgs('GroupNorm', rest, ['eps', 'affine', 'device', 'dtype'], {
      eps: 1e-5, affine: true, device: null as string | null, dtype: null as DType | null,
    });
    if (numChannels % numGroups !== 0) throw new Error('num_channels must be divisible by num_groups');
    this.numGroups = numGroups;
    this.numChannels = numChannels;
    this.eps = o.eps;
    this.affine = o.affine;
    this.weight = o.affine ? emptyParameter([numChannels], o.dtype) : null;
    this.bias = o.affine ? emptyParameter([numChannels], o.dtype) : null;
    if (o.affine) {
      init.ones_(this.weight!);
      init.zeros_(this.bias!);
    }
  }
  forward(input: Tensor): Tensor {
    return groupNorm(input, this.numGroups, this.weight, this.bias, this.eps);
  }
  override extraRepr(): string {
    return `${this.numGroups}, ${this.numChannels}, eps=${pyFloat(this.eps)}, affine=${pyBool(this.affine)}`;
  }
}

