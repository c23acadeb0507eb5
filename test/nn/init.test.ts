// Initial weights drawn exactly as PyTorch 1.13.1 draws them after manual_seed (bit for bit where
// the generator is exact), and nn.init's formulas.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../../src/index.js';
import { assertClose, assertExact, loadFixture, messageOf } from './helpers.js';

const { nn } = torch;
const init = nn.init;
const FX = loadFixture('init.json');

test('nn.Linear(1, 10) after manualSeed(1) is bitwise PyTorch\'s', () => {
  torch.manualSeed(1);
  const l = new nn.Linear(1, 10);
  assertExact(l.weight, FX.linear_1_10.weight, 'weight');
  assertExact(l.bias!, FX.linear_1_10.bias, 'bias');
});

test('layers draw in construction order, weight before bias; the stream continues after them', () => {
  torch.manualSeed(2);
  const s = new nn.Sequential(new nn.Linear(3, 5), new nn.ReLU(), new nn.Linear(5, 2), new nn.Bilinear(2, 3, 2));
  const sd = s.stateDict();
  assert.deepEqual(Object.keys(sd), Object.keys(FX.seq_after_seed2));
  for (const [k, v] of Object.entries(FX.seq_after_seed2)) assertExact(sd[k], v as any, k);
  assertExact(torch.rand(3), FX.seq_after_seed2_next_rand, 'next rand');
});

test('nn.init fills follow PyTorch\'s formulas and draws', () => {
  torch.manualSeed(3);
  const w1 = torch.empty(5, 7);
  init.xavierUniform_(w1, init.calculateGain('relu'));
  assertExact(w1, FX.xavier_uniform, 'xavier_uniform_');
  const w2 = torch.empty(5, 7);
  init.kaimingNormal_(w2, { mode: 'fan_out', nonlinearity: 'relu' });
  assertExact(w2, FX.kaiming_normal, 'kaiming_normal_');
  const w3 = torch.empty(4, 4);
  init.normal_(w3, 0.5, 0.02);
  assertExact(w3, FX.normal, 'normal_');
  const w4 = torch.empty(3, 2);
  init.xavierNormal_(w4);
  assertExact(w4, FX.xavier_normal_small, 'xavier_normal_');
  const w5 = torch.empty(6, 3);
  init.truncNormal_(w5, { std: 0.5, a: -0.6, b: 0.6 });
  assertClose(w5, FX.trunc_normal, 'trunc_normal_', 1e-5, 1e-6);
  const w6 = torch.empty(3, 5);
  init.orthogonal_(w6, 2.0);
  assertClose(w6, FX.orthogonal, 'orthogonal_', 1e-4, 1e-5);
  assertExact(torch.rand(2), FX.after_all_rand, 'stream position after the fills');
});

test('calculateGain and fan errors', () => {
  for (const [k, v] of Object.entries(FX.gains)) assert.equal(init.calculateGain(k), v, k);
  assert.equal(init.calculateGain('leaky_relu', Math.sqrt(5)), FX.gain_leaky_sqrt5);
  assert.match(messageOf(() => init.calculateGain('swish')), /Unsupported nonlinearity swish/);
  assert.match(messageOf(() => init.xavierUniform_(torch.empty(3))), /fewer than 2 dimensions/);
  assert.match(messageOf(() => init.kaimingUniform_(torch.empty(3, 3), { mode: 'fan_avg' })), /Mode fan_avg not supported/);
});

test('an explicit generator leaves the default stream alone; fills are outside autograd', () => {
  torch.manualSeed(5);
  const expected = torch.rand(4);
  torch.manualSeed(5);
  const gen = new torch.Generator().manualSeed(9);
  const p = new nn.Parameter(torch.empty(2, 2));
  init.uniform_(p, -1, 1, { generator: gen });
  init.normal_(p, { generator: gen });
  init.constant_(p, 0.25);
  assert.ok(torch.equal(torch.rand(4), expected));
  assert.equal(p.gradFn, null);
  init.eye_(p);
  assert.ok(torch.equal(p, torch.eye(2)));
  const c = torch.empty(2, 2, 3);
  init.dirac_(c);
  assert.deepEqual(c.sum([2]).toArray(), [[1, 0], [0, 1]]);
  assert.ok(torch.equal(init.zeros_(torch.ones(2)), torch.zeros(2)));
  assert.ok(torch.equal(init.ones_(torch.zeros(2)), torch.ones(2)));
});

test('Conv, Embedding (normal draws, padding row zeroed), LSTM, GRUCell and BatchNorm initialise as PyTorch\'s', () => {
  torch.manualSeed(6);
  const layers = new nn.Sequential(new nn.Conv2d(2, 3, 3), new nn.Conv1d(4, 2, 5, { groups: 2 }),
    new nn.Embedding(20, 5, { paddingIdx: 2 }), new nn.Embedding(3, 2), new nn.LSTM(3, 4, 2, { bidirectional: true }),
    new nn.GRUCell(2, 3), new nn.BatchNorm1d(2));
  const sd = layers.stateDict();
  assert.deepEqual(Object.keys(sd), Object.keys(FX.layers_after_seed6));
  for (const [k, v] of Object.entries(FX.layers_after_seed6)) assertExact(sd[k], v as any, k);
});
