// RNN, LSTM, GRU and their single-step cells. Parameters carry PyTorch's names (weight_ih_l0,
// bias_hh_l1_reverse, ...) in PyTorch's order, and all are drawn U(-1/sqrt(H), 1/sqrt(H)) in that
// order, as reset_parameters does.
import { Tensor } from '../../tensor/tensor.js';
import type { DType } from '../../tensor/dtype.js';
import { zeros } from '../../ops/creation.js';
import '../../ops/view.js';
import { Module } from '../module.js';
import { bindArgs } from '../args.js';
import { pyFloat } from '../repr.js';
import * as init from '../init.js';
import { rnnForward, type RnnMode, type RnnCellWeights } from '../functional/rnn.js';
import { linear } from '../functional/linear.js';
import { emptyParameter } from './linear.js';
import { warnOnce } from '../functional/warn.js';

const GATES: Record<RnnMode, number> = { RNN_TANH: 1, RNN_RELU: 1, LSTM: 4, GRU: 3 };

interface RnnOptions extends Record<string, unknown> {
  inputSize: number;
  hiddenSize: number;
  numLayers: number;
  bias: boolean;
  batchFirst: boolean;
  dropout: number;
  bidirectional: boolean;
  projSize: number;
  nonlinearity: string;
  device: string | null;
  dtype: DType | null;
}

/** All of a recurrent layer's arguments as one options object (PyTorch's keywords, camelCased). */
export interface RnnConstructorOptions {
  inputSize: number;
  hiddenSize: number;
  numLayers?: number;
  bias?: boolean;
  batchFirst?: boolean;
  dropout?: number;
  bidirectional?: boolean;
  dtype?: DType | null;
}

const RNN_NAMES = ['inputSize', 'hiddenSize', 'numLayers', 'bias', 'batchFirst', 'dropout', 'bidirectional', 'projSize'] as const;

function tupleText(s: readonly number[]): string {
  return `(${s.join(', ')}${s.length === 1 ? ',' : ''})`;
}

/** PyTorch's `RNNBase`: the parameters and the shared forward. */
abstract class RNNBase extends Module {
  mode: RnnMode;
  inputSize: number;
  hiddenSize: number;
  numLayers: number;
  bias: boolean;
  batchFirst: boolean;
  dropout: number;
  bidirectional: boolean;

  constructor(name: string, mode: RnnMode, args: unknown[], extraNames: string[] = []) {
    super();
    const o = bindArgs<RnnOptions>(name, args, [...RNN_NAMES, ...extraNames], {
      inputSize: NaN, hiddenSize: NaN, numLayers: 1, bias: true, batchFirst: false, dropout: 0, bidirectional: false,
      projSize: 0, nonlinearity: 'tanh', device: null, dtype: null,
    });
    if (!Number.isInteger(o.inputSize) || !Number.isInteger(o.hiddenSize)) {
      throw new TypeError(`${name}: input_size and hidden_size must be integers`);
    }
    if (typeof o.dropout !== 'number' || o.dropout < 0 || o.dropout > 1) {
      throw new Error('dropout should be a number in range [0, 1] representing the probability of an element being zeroed');
    }
    if (o.dropout > 0 && o.numLayers === 1) {
      warnOnce(
        'dropout option adds dropout after all but last recurrent layer, so non-zero dropout expects ' +
          `num_layers greater than 1, but got dropout=${pyFloat(o.dropout)} and num_layers=${o.numLayers}`,
      );
    }
    if (o.hiddenSize <= 0) throw new Error('hidden_size must be greater than zero');
    if (o.numLayers <= 0) throw new Error('num_layers must be greater than zero');
    if (o.projSize !== 0) throw new Error('proj_size is not supported yet; use proj_size=0');
    this.mode = mode;
    this.inputSize = o.inputSize;
    this.hiddenSize = o.hiddenSize;
    this.numLayers = o.numLayers;
    this.bias = o.bias;
    this.batchFirst = o.batchFirst;
    this.dropout = o.dropout;
    this.bidirectional = o.bidirectional;
    const D = o.bidirectional ? 2 : 1;
    const G = GATES[mode] * o.hiddenSize;
    const self = this as unknown as Record<string, Tensor>;
    for (let layer = 0; layer < o.numLayers; layer++) {
      for (let dir = 0; dir < D; dir++) {
        const inSize = layer === 0 ? o.inputSize : o.hiddenSize * D;
        const sfx = `_l${layer}${dir === 1 ? '_reverse' : ''}`;
        self[`weight_ih${sfx}`] = emptyParameter([G, inSize], o.dtype);
        self[`weight_hh${sfx}`] = emptyParameter([G, o.hiddenSize], o.dtype);
        if (o.bias) {
          self[`bias_ih${sfx}`] = emptyParameter([G], o.dtype);
          self[`bias_hh${sfx}`] = emptyParameter([G], o.dtype);
        }
      }
    }
    this.resetParameters();
  }

  resetParameters(): void {
    const stdv = this.hiddenSize > 0 ? 1.0 / Math.sqrt(this.hiddenSize) : 0;
    for (const w of this.parameters()) init.uniform_(w, -stdv, stdv);
  }

  /** Weights per layer and direction, in the order the recurrence uses them. */
  private _cellWeights(): RnnCellWeights[] {
    const self = this as unknown as Record<string, Tensor | undefined>;
    const D = this.bidirectional ? 2 : 1;
    const out: RnnCellWeights[] = [];
    for (let layer = 0; layer < this.numLayers; layer++) {
      for (let dir = 0; dir < D; dir++) {
        const sfx = `_l${layer}${dir === 1 ? '_reverse' : ''}`;
        out.push({
          wIh: self[`weight_ih${sfx}`]!, wHh: self[`weight_hh${sfx}`]!,
          bIh: self[`bias_ih${sfx}`] ?? null, bHh: self[`bias_hh${sfx}`] ?? null,
        });
      }
    }
    return out;
  }

  protected _run(input: Tensor, hx: Tensor | [Tensor, Tensor] | null | undefined): [Tensor, Tensor, Tensor | null] {
    const name = this._getName();
    if (!(input instanceof Tensor)) throw new TypeError(`${name}: input must be a Tensor`);
    const dim = input.dim();
    const batched = dim === 3;
    const isLstm = this.mode === 'LSTM';
    let h0: Tensor | null = null;
    let c0: Tensor | null = null;
    if (hx !== null && hx !== undefined) {
      if (isLstm) {
        if (!Array.isArray(hx) || hx.length !== 2) throw new TypeError('LSTM: hx must be a pair [h_0, c_0]');
        [h0, c0] = hx;
        const want = batched ? 3 : 2;
        if (h0.dim() !== want || c0.dim() !== want) {
          throw new Error(
            batched
              ? `For batched 3-D input, hx and cx should also be 3-D but got (${h0.dim()}-D, ${c0.dim()}-D) tensors`
              : `For unbatched 2-D input, hx and cx should also be 2-D but got (${h0.dim()}-D, ${c0.dim()}-D) tensors`,
          );
        }
      } else {
        if (!(hx instanceof Tensor)) throw new TypeError(`${name}: hx must be a Tensor`);
        h0 = hx;
        const want = batched ? 3 : 2;
        if (h0.dim() !== want) {
          throw new Error(
            batched
              ? `For batched 3-D input, hx should also be 3-D but got ${h0.dim()}-D tensor`
              : `For unbatched 2-D input, hx should also be 2-D but got ${h0.dim()}-D tensor`,
          );
        }
      }
    }
    // PyTorch 1.13 adds a batch dim to anything not 3-D and then insists on 3 dims.
    if (dim !== 2 && dim !== 3) throw new Error(`input must have 3 dimensions, got ${dim + 1}`);
    let x = batched ? input : input.unsqueeze(this.batchFirst ? 0 : 1);
    if (!batched) {
      if (h0) h0 = h0.unsqueeze(1);
      if (c0) c0 = c0.unsqueeze(1);
    }
    if (this.batchFirst) x = x.transpose(0, 1);
    if (x._shape[2] !== this.inputSize) {
      throw new Error(`input.size(-1) must be equal to input_size. Expected ${this.inputSize}, got ${x._shape[2]}`);
    }
    const N = x._shape[1];
    const D = this.bidirectional ? 2 : 1;
    const expected = [this.numLayers * D, N, this.hiddenSize];
    const same = (t: Tensor): boolean => t.dim() === 3 && t._shape.every((s, i) => s === expected[i]);
    if (h0 === null) h0 = zeros(expected, { dtype: x.dtype });
    else if (!same(h0)) {
      throw new Error(`Expected hidden${isLstm ? '[0]' : ''} size ${tupleText(expected)}, got [${h0._shape.join(', ')}]`);
    }
    if (isLstm) {
      if (c0 === null) c0 = zeros(expected, { dtype: x.dtype });
      else if (!same(c0)) throw new Error(`Expected hidden[1] size ${tupleText(expected)}, got [${c0._shape.join(', ')}]`);
    }
    const r = rnnForward(this.mode, x, h0, c0, this._cellWeights(), this.numLayers, this.bidirectional, this.dropout, this.training);
    let output = r.output;
    if (this.batchFirst) output = output.transpose(0, 1);
    let hN = r.hN;
    let cN = r.cN;
    if (!batched) {
      output = output.squeeze(this.batchFirst ? 0 : 1);
      hN = hN.squeeze(1);
      if (cN) cN = cN.squeeze(1);
    }
    return [output, hN, cN];
  }

  override extraRepr(): string {
    let s = `${this.inputSize}, ${this.hiddenSize}`;
    if (this.numLayers !== 1) s += `, num_layers=${this.numLayers}`;
    if (this.bias !== true) s += `, bias=${this.bias ? 'True' : 'False'}`;
    if (this.batchFirst !== false) s += ', batch_first=True';
    if (this.dropout !== 0) s += `, dropout=${pyFloat(this.dropout)}`;
    if (this.bidirectional !== false) s += ', bidirectional=True';
    return s;
  }
}

/**
 * Elman RNN: `new RNN(inputSize, hiddenSize, numLayers = 1, bias = true, batchFirst = false,
 * dropout = 0, bidirectional = false, { nonlinearity: 'tanh' | 'relu' })`.
 * `forward(input, h0?)` returns [output, h_n].
 */
export class RNN extends RNNBase {
  nonlinearity: string;
  constructor(inputSize: number, hiddenSize: number, ...rest: unknown[]);
  constructor(options: RnnConstructorOptions & { nonlinearity?: 'tanh' | 'relu' });
  constructor(...args: unknown[]) {
    const last = args[args.length - 1];
    const nl = last && typeof last === 'object' && !(last instanceof Tensor) && 'nonlinearity' in last
      ? String((last as { nonlinearity: unknown }).nonlinearity) : 'tanh';
    if (nl !== 'tanh' && nl !== 'relu') throw new Error(`Unknown nonlinearity '${nl}'. Select from 'tanh' or 'relu'.`);
    super('RNN', nl === 'tanh' ? 'RNN_TANH' : 'RNN_RELU', args, ['nonlinearity']);
    this.nonlinearity = nl;
  }
  forward(input: Tensor, hx?: Tensor | null): [Tensor, Tensor] {
    const [out, h] = this._run(input, hx);
    return [out, h];
  }
}

/** `new LSTM(inputSize, hiddenSize, numLayers = 1, ...)`; `forward(input, [h0, c0]?)` returns [output, [h_n, c_n]]. */
export class LSTM extends RNNBase {
  constructor(inputSize: number, hiddenSize: number, ...rest: unknown[]);
  constructor(options: RnnConstructorOptions);
  constructor(...args: unknown[]) {
    super('LSTM', 'LSTM', args);
  }
  forward(input: Tensor, hx?: [Tensor, Tensor] | null): [Tensor, [Tensor, Tensor]] {
    const [out, h, c] = this._run(input, hx);
    return [out, [h, c!]];
  }
}

/** `new GRU(inputSize, hiddenSize, numLayers = 1, ...)`; `forward(input, h0?)` returns [output, h_n]. */
export class GRU extends RNNBase {
  constructor(inputSize: number, hiddenSize: number, ...rest: unknown[]);
  constructor(options: RnnConstructorOptions);
  constructor(...args: unknown[]) {
    super('GRU', 'GRU', args);
  }
  forward(input: Tensor, hx?: Tensor | null): [Tensor, Tensor] {
    const [out, h] = this._run(input, hx);
    return [out, h];
  }
}

/** PyTorch's `RNNCellBase`: weight_ih, weight_hh, bias_ih, bias_hh. */
abstract class RNNCellBase extends Module {
  inputSize: number;
  hiddenSize: number;
  bias: boolean;
  weight_ih: Tensor;
  weight_hh: Tensor;
  bias_ih: Tensor | null;
  bias_hh: Tensor | null;

  constructor(name: string, gates: number, inputSize: number, hiddenSize: number, rest: unknown[], extra: 'nonlinearity'[] = []) {
    super();
    const o = bindArgs(name, rest, ['bias', ...extra, 'device', 'dtype'], {
      bias: true, nonlinearity: 'tanh', device: null as string | null, dtype: null as DType | null,
    });
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.bias = o.bias;
    this.weight_ih = emptyParameter([gates * hiddenSize, inputSize], o.dtype);
    this.weight_hh = emptyParameter([gates * hiddenSize, hiddenSize], o.dtype);
    this.bias_ih = o.bias ? emptyParameter([gates * hiddenSize], o.dtype) : null;
    this.bias_hh = o.bias ? emptyParameter([gates * hiddenSize], o.dtype) : null;
    const stdv = hiddenSize > 0 ? 1.0 / Math.sqrt(hiddenSize) : 0;
    for (const w of this.parameters()) init.uniform_(w, -stdv, stdv);
  }

  /** Input [N, In] or [In]; the state defaults to zeros. */
  protected _prepare(input: Tensor, hx: Tensor | null | undefined): [Tensor, Tensor | null, boolean] {
    const name = this._getName();
    if (input.dim() !== 1 && input.dim() !== 2) {
      throw new Error(`${name}: Expected input to be 1-D or 2-D but received ${input.dim()}-D tensor`);
    }
    const batched = input.dim() === 2;
    const x = batched ? input : input.unsqueeze(0);
    if (x._shape[1] !== this.inputSize) {
      throw new Error(`input has inconsistent input_size: got ${x._shape[1]} expected ${this.inputSize}`);
    }
    const h = hx ? (batched ? hx : hx.unsqueeze(0)) : null;
    return [x, h, batched];
  }

  override extraRepr(): string {
    let s = `${this.inputSize}, ${this.hiddenSize}`;
    if (!this.bias) s += ', bias=False';
    return s;
  }
}

export class RNNCell extends RNNCellBase {
  nonlinearity: string;
  constructor(inputSize: number, hiddenSize: number, ...rest: unknown[]) {
    super('RNNCell', 1, inputSize, hiddenSize, rest, ['nonlinearity']);
    const o = bindArgs('RNNCell', rest, ['bias', 'nonlinearity', 'device', 'dtype'], {
      bias: true, nonlinearity: 'tanh', device: null as string | null, dtype: null as DType | null,
    });
    if (o.nonlinearity !== 'tanh' && o.nonlinearity !== 'relu') throw new Error(`Unknown nonlinearity: ${o.nonlinearity}`);
    this.nonlinearity = o.nonlinearity;
  }
  forward(input: Tensor, hx?: Tensor | null): Tensor {
    const [x, h0, batched] = this._prepare(input, hx);
    const h = h0 ?? zeros([x._shape[0], this.hiddenSize], { dtype: x.dtype });
    const pre = linear(x, this.weight_ih, this.bias_ih).add(linear(h, this.weight_hh, this.bias_hh));
    const out = this.nonlinearity === 'tanh' ? pre.tanh() : pre.relu();
    return batched ? out : out.squeeze(0);
  }
  override extraRepr(): string {
    let s = super.extraRepr();
    if (this.nonlinearity !== 'tanh') s += `, nonlinearity=${this.nonlinearity}`;
    return s;
  }
}

export class LSTMCell extends RNNCellBase {
  constructor(inputSize: number, hiddenSize: number, ...rest: unknown[]) {
    super('LSTMCell', 4, inputSize, hiddenSize, rest);
  }
  forward(input: Tensor, hx?: [Tensor, Tensor] | null): [Tensor, Tensor] {
    const [x, h0, batched] = this._prepare(input, hx ? hx[0] : null);
    const zerosState = (): Tensor => zeros([x._shape[0], this.hiddenSize], { dtype: x.dtype });
    const h = h0 ?? zerosState();
    const c = hx ? (batched ? hx[1] : hx[1].unsqueeze(0)) : zerosState();
    const gates = linear(x, this.weight_ih, this.bias_ih).add(linear(h, this.weight_hh, this.bias_hh));
    const [i, f, g, o] = gates.chunk(4, 1);
    const c1 = f.sigmoid().mul(c).add(i.sigmoid().mul(g.tanh()));
    const h1 = o.sigmoid().mul(c1.tanh());
    return batched ? [h1, c1] : [h1.squeeze(0), c1.squeeze(0)];
  }
}

export class GRUCell extends RNNCellBase {
  constructor(inputSize: number, hiddenSize: number, ...rest: unknown[]) {
    super('GRUCell', 3, inputSize, hiddenSize, rest);
  }
  forward(input: Tensor, hx?: Tensor | null): Tensor {
    const [x, h0, batched] = this._prepare(input, hx);
    const h = h0 ?? zeros([x._shape[0], this.hiddenSize], { dtype: x.dtype });
    const [rx, zx, nx] = linear(x, this.weight_ih, this.bias_ih).chunk(3, 1);
    const [rh, zh, nh] = linear(h, this.weight_hh, this.bias_hh).chunk(3, 1);
    const r = rx.add(rh).sigmoid();
    const z = zx.add(zh).sigmoid();
    const n = nx.add(r.mul(nh)).tanh();
    const out = n.add(z.mul(h.sub(n)));
    return batched ? out : out.squeeze(0);
  }
}
