// Dropout modules: active in training mode, the identity in eval mode.
import type { Tensor } from '../../tensor/tensor.js';
import { Module } from '../module.js';
import { bindArgs } from '../args.js';
import { pyBool, pyFloat } from '../repr.js';
import { checkDropoutP, dropout, dropout1d, dropout2d, dropout3d } from '../functional/dropout.js';

abstract class DropoutBase extends Module {
  p: number;
  inplace: boolean;
  constructor(name: string, args: unknown[]) {
    super();
    const o = bindArgs(name, args, ['p', 'inplace'], { p: 0.5, inplace: false });
    checkDropoutP(o.p);
    this.p = o.p;
    this.inplace = o.inplace;
  }
  override extraRepr(): string {
    return `p=${pyFloat(this.p)}, inplace=${pyBool(this.inplace)}`;
  }
}

export class Dropout extends DropoutBase {
  constructor(...args: unknown[]) { super('Dropout', args); }
  forward(input: Tensor): Tensor { return dropout(input, this.p, this.training, this.inplace); }
}

export class Dropout1d extends DropoutBase {
  constructor(...args: unknown[]) { super('Dropout1d', args); }
  forward(input: Tensor): Tensor { return dropout1d(input, this.p, this.training, this.inplace); }
}

export class Dropout2d extends DropoutBase {
  constructor(...args: unknown[]) { super('Dropout2d', args); }
  forward(input: Tensor): Tensor { return dropout2d(input, this.p, this.training, this.inplace); }
}

export class Dropout3d extends DropoutBase {
  constructor(...args: unknown[]) { super('Dropout3d', args); }
  forward(input: Tensor): Tensor { return dropout3d(input, this.p, this.training, this.inplace); }
}
