// Every layer type against PyTorch 1.13.1 with the same weights (loaded from the fixture): outputs,
// input and parameter gradients, buffers after the step, grad_fn names and reprs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { assertClose, assertExact, fx, loadFixture, type TensorFx } from './helpers.js';

const { nn } = torch;
const F = nn.functional;

interface LayerCase {
  name: string;
  train: boolean;
  stateDict: Record<string, TensorFx>;
  inputs: (TensorFx | TensorFx[])[];
  outputs: TensorFx[];
  gradOutputs: TensorFx[];
  inputGrads: (TensorFx | null)[];
  paramGrads: Record<string, TensorFx>;
  stateAfter: Record<string, TensorFx>;
  gradFn: string | null;
  repr: string;
}

const FX = loadFixture<{ cases: LayerCase[]; dropout: any }>('layers.json');

const bn1 = new nn.BatchNorm1d(3);
const BUILD: Record<string, () => torch.nn.Module> = {
  linear: () => new nn.Linear(3, 4),
  linear_3d: () => new nn.Linear(3, 4),
  linear_4d_nobias: () => new nn.Linear(3, 2, false),
  linear_1d: () => new nn.Linear(3, 2),
  bilinear: () => new nn.Bilinear(2, 3, 4),
  conv2d: () => new nn.Conv2d(3, 4, 3),
  conv2d_stride_pad: () => new nn.Conv2d(2, 3, [3, 2], { stride: 2, padding: 1 }),
  conv2d_dilation: () => new nn.Conv2d(2, 2, 3, { dilation: 2, padding: [2, 1] }),
  conv2d_groups: () => new nn.Conv2d(4, 6, 3, { groups: 2, bias: false }),
  conv2d_same_even: () => new nn.Conv2d(2, 3, 4, { padding: 'same' }),
  conv2d_unbatched: () => new nn.Conv2d(1, 2, 2),
  conv1d: () => new nn.Conv1d(2, 3, 3, 2, 1),
  conv1d_same_dil: () => new nn.Conv1d(2, 2, 3, { padding: 'same', dilation: 2 }),
  maxpool2d: () => new nn.MaxPool2d(2),
  maxpool2d_s2p1: () => new nn.MaxPool2d(3, { stride: 2, padding: 1 }),
  maxpool2d_ceil: () => new nn.MaxPool2d(2, { ceilMode: true }),
  maxpool2d_dil_idx: () => new nn.MaxPool2d(2, { stride: 1, dilation: 2, returnIndices: true }),
  maxpool1d: () => new nn.MaxPool1d(3, { stride: 2 }),
  avgpool2d: () => new nn.AvgPool2d(2),
  avgpool2d_pad_excl: () => new nn.AvgPool2d(3, { stride: 2, padding: 1, countIncludePad: false }),
  avgpool2d_ceil_div: () => new nn.AvgPool2d(2, { ceilMode: true, divisorOverride: 3 }),
  avgpool1d: () => new nn.AvgPool1d(3, { stride: 2, padding: 1 }),
  adaptive_avg2d: () => new nn.AdaptiveAvgPool2d([2, 3]),
  adaptive_avg2d_1: () => new nn.AdaptiveAvgPool2d(1),
  adaptive_max2d: () => new nn.AdaptiveMaxPool2d([3, 2]),
  batchnorm1d_train: () => bn1,
  batchnorm1d_eval: () => bn1,
  batchnorm1d_3d: () => new nn.BatchNorm1d(3, { momentum: null }),
  batchnorm2d_train: () => new nn.BatchNorm2d(3),
  batchnorm2d_noaffine: () => new nn.BatchNorm2d(2, { affine: false, trackRunningStats: false }),
  layernorm: () => new nn.LayerNorm(4),
  layernorm_2d: () => new nn.LayerNorm([3, 4], { eps: 1e-3 }),
  groupnorm: () => new nn.GroupNorm(2, 4),
  embedding: () => new nn.Embedding(10, 3, { paddingIdx: 1 }),
  embedding_maxnorm: () => new nn.Embedding(6, 4, { maxNorm: 1.0 }),
  rnn: () => new nn.RNN(3, 4, 2),
  rnn_relu_bf: () => new nn.RNN(3, 4, { nonlinearity: 'relu', batchFirst: true }),
  lstm: () => new nn.LSTM(3, 4),
  lstm_bi_2l_bf: () => new nn.LSTM(3, 4, 2, { batchFirst: true, bidirectional: true }),
  gru_bi: () => new nn.GRU(3, 4, { bidirectional: true }),
  gru_unbatched: () => new nn.GRU(3, 4),
  lstm_nobias_h0: () => new nn.LSTM(2, 3, { bias: false }),
  rnncell: () => new nn.RNNCell(3, 4),
  lstmcell: () => new nn.LSTMCell(3, 4),
  grucell: () => new nn.GRUCell(3, 4),
};

function flattenOut(o: unknown, acc: Tensor[] = []): Tensor[] {
  if (o instanceof torch.Tensor) acc.push(o);
  else for (const v of o as unknown[]) flattenOut(v, acc);
  return acc;
}

for (const c of FX.cases) {
  test(`layer ${c.name}`, () => {
    const m = BUILD[c.name]();
    assert.equal(String(m), c.repr, 'repr');
    const sd: Record<string, Tensor> = {};
    for (const [k, v] of Object.entries(c.stateDict)) sd[k] = fx(v);
    m.loadStateDict(sd);
    m.train(c.train);
    const leaves: Tensor[] = [];
    const prep = (t: TensorFx): Tensor => {
      const x = fx(t);
      if (x.dtype.isFloatingPoint) x.requiresGrad_();
      leaves.push(x);
      return x;
    };
    const inputs = c.inputs.map((i) => (Array.isArray(i) ? i.map(prep) : prep(i)));
    const out = flattenOut((m.forward as (...a: unknown[]) => unknown)(...inputs));
    assert.equal(out.length, c.outputs.length, 'number of outputs');
    out.forEach((o, i) => {
      if (o.dtype.isFloatingPoint) assertClose(o, c.outputs[i], `output ${i}`, 1e-4, 1e-5);
      else assertExact(o, c.outputs[i], `output ${i}`);
    });
    if (c.gradFn && ['ConvolutionBackward0', 'AddmmBackward0', 'NativeBatchNormBackward0', 'NativeLayerNormBackward0',
      'EmbeddingBackward0', 'MaxPool2DWithIndicesBackward0', 'AvgPool2DBackward0', 'AdaptiveAvgPool2DBackward0'].includes(c.gradFn)) {
      assert.equal(out[0].gradFn?.name, c.gradFn, 'grad_fn');
    }
    const floats = out.filter((o) => o.dtype.isFloatingPoint);
    torch.autograd.backward(floats, c.gradOutputs.map((g) => fx(g)));
    c.inputGrads.forEach((g, i) => {
      if (g) assertClose(leaves[i].grad!, g, `input grad ${i}`, 1e-4, 1e-5);
    });
    const params = new Map(m.namedParameters());
    for (const [k, g] of Object.entries(c.paramGrads)) assertClose(params.get(k)!.grad!, g, `grad ${k}`, 1e-4, 1e-5);
    const after = m.stateDict();
    assert.deepEqual(Object.keys(after), Object.keys(c.stateAfter));
    for (const [k, v] of Object.entries(c.stateAfter)) {
      if (after[k].dtype.isFloatingPoint) assertClose(after[k], v, `state ${k}`, 1e-5, 1e-6);
      else assertExact(after[k], v, `state ${k}`);
    }
  });
}

test('dropout draws PyTorch\'s masks (bernoulli per element, scaled by 1/(1-p))', () => {
  const D = FX.dropout;
  torch.manualSeed(0);
  assertExact(F.dropout(torch.ones(20), 0.3), D['f_dropout_0.3']);
  assertExact(torch.rand(2), D.after_rand);
  torch.manualSeed(1);
  const d = new nn.Dropout(0.5);
  const x = torch.arange(12).reshape(3, 4).float().requiresGrad_();
  const y = d.forward(x);
  y.sum().backward();
  assertExact(y, D['module_0.5'].out);
  assertExact(x.grad!, D['module_0.5'].grad);
  assert.equal(y.gradFn?.name, D['module_0.5'].gradFn);
  d.eval();
  assert.equal(d.forward(x), x);
  torch.manualSeed(2);
  assertExact(F.dropout2d(torch.ones(2, 3, 2, 2), 0.5), D.dropout2d);
});
