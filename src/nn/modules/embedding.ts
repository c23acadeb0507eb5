// Embedding: a lookup table of numEmbeddings vectors, initialised N(0, 1) as PyTorch's (with the
// padding row zeroed after the draw).
import { Tensor } from '../../tensor/tensor.js';
import type { DType } from '../../tensor/dtype.js';
import { noGrad } from '../../autograd/grad_mode.js';
import '../../ops/convert.js';
import '../../ops/indexing.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { bindArgs } from '../args.js';
import { pyFloat, pyNumber } from '../repr.js';
import * as init from '../init.js';
import { embedding } from '../functional/embedding.js';
import { emptyParameter } from './linear.js';

interface EmbeddingOptions extends Record<string, unknown> {
  paddingIdx: number | null;
  maxNorm: number | null;
  normType: number;
  scaleGradByFreq: boolean;
  sparse: boolean;
  _weight: Tensor | null;
  _freeze: boolean;
  device: string | null;
  dtype: DType | null;
}

const NAMES = ['paddingIdx', 'maxNorm', 'normType', 'scaleGradByFreq', 'sparse', '_weight', '_freeze', 'device', 'dtype'] as const;
const DEFAULTS: EmbeddingOptions = {
  paddingIdx: null, maxNorm: null, normType: 2, scaleGradByFreq: false, sparse: false, _weight: null, _freeze: false,
  device: null, dtype: null,
};

/** `new Embedding(numEmbeddings, embeddingDim, paddingIdx?, maxNorm?, normType = 2, scaleGradByFreq = false)`. */
export class Embedding extends Module {
  numEmbeddings: number;
  embeddingDim: number;
  paddingIdx: number | null;
  maxNorm: number | null;
  normType: number;
  scaleGradByFreq: boolean;
  sparse: boolean;
  weight: Tensor;

  constructor(numEmbeddings: number, embeddingDim: number, ...rest: unknown[]) {
    super();
    const o = bindArgs<EmbeddingOptions>('Embedding', rest, [...NAMES], DEFAULTS);
    this.numEmbeddings = numEmbeddings;
    this.embeddingDim = embeddingDim;
    let pad = o.paddingIdx;
    if (pad !== null && pad !== undefined) {
      if (pad > 0 && pad >= numEmbeddings) throw new Error('Padding_idx must be within num_embeddings');
      if (pad < 0 && pad < -numEmbeddings) throw new Error('Padding_idx must be within num_embeddings');
      if (pad < 0) pad += numEmbeddings;
    }
    this.paddingIdx = pad ?? null;
    this.maxNorm = o.maxNorm;
    this.normType = o.normType;
    this.scaleGradByFreq = o.scaleGradByFreq;
    this.sparse = o.sparse;
    if (o._weight) {
      const s = o._weight._shape;
      if (s.length !== 2 || s[0] !== numEmbeddings || s[1] !== embeddingDim) {
        throw new Error('Shape of weight does not match num_embeddings and embedding_dim');
      }
      this.weight = new Parameter(o._weight, !o._freeze);
    } else {
      this.weight = emptyParameter([numEmbeddings, embeddingDim], o.dtype);
      this.resetParameters();
    }
  }

  resetParameters(): void {
    init.normal_(this.weight);
    this._fillPaddingIdxWithZero();
  }

  private _fillPaddingIdxWithZero(): void {
    if (this.paddingIdx !== null) noGrad(() => this.weight.select(0, this.paddingIdx!).fill_(0));
  }

  /** `Embedding.fromPretrained(embeddings, freeze = true, paddingIdx?, ...)`: wraps existing vectors. */
  static fromPretrained(embeddings: Tensor, ...rest: unknown[]): Embedding {
    const o = bindArgs('from_pretrained', rest, ['freeze', 'paddingIdx', 'maxNorm', 'normType', 'scaleGradByFreq', 'sparse'], {
      freeze: true, paddingIdx: null as number | null, maxNorm: null as number | null, normType: 2, scaleGradByFreq: false, sparse: false,
    });
    if (!(embeddings instanceof Tensor) || embeddings.dim() !== 2) throw new Error('Embeddings parameter is expected to be 2-dimensional');
    const [rows, cols] = embeddings._shape;
    return new Embedding(rows, cols, {
      paddingIdx: o.paddingIdx, maxNorm: o.maxNorm, normType: o.normType, scaleGradByFreq: o.scaleGradByFreq,
      sparse: o.sparse, _weight: embeddings, _freeze: o.freeze,
    });
  }

  forward(input: Tensor): Tensor {
    return embedding(input, this.weight, this.paddingIdx, this.maxNorm, this.normType, this.scaleGradByFreq, this.sparse);
  }

  override extraRepr(): string {
    let s = `${this.numEmbeddings}, ${this.embeddingDim}`;
    if (this.paddingIdx !== null) s += `, padding_idx=${this.paddingIdx}`;
    if (this.maxNorm !== null) s += `, max_norm=${pyFloat(this.maxNorm)}`;
    if (this.normType !== 2) s += `, norm_type=${pyNumber(this.normType)}`;
    if (this.scaleGradByFreq) s += ', scale_grad_by_freq=True';
    if (this.sparse) s += ', sparse=True';
    return s;
  }
}
