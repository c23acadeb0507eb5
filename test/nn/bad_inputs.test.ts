// Wrong inputs to layers fail at the call, with PyTorch 1.13.1's wording.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../../src/index.js';
import { loadFixture, messageOf } from './helpers.js';

const { nn } = torch;
const F = nn.functional;
const E: Record<string, string> = loadFixture('layers.json').errors;
const z = (...s: number[]) => torch.zeros(s);

test('layer input errors are PyTorch\'s', () => {
  assert.equal(messageOf(() => new nn.Linear(1, 10).forward(z(100, 2))), E.linear_width);
  assert.equal(messageOf(() => new nn.Conv2d(3, 6, 5).forward(z(1, 1, 28, 28))), E.conv2d_channels);
  assert.equal(messageOf(() => new nn.Conv2d(3, 6, 5).forward(z(28, 28))), E.conv2d_dims);
  assert.equal(messageOf(() => new nn.Conv2d(1, 1, 5).forward(z(1, 1, 3, 3))), E.conv2d_kernel_big);
  assert.equal(messageOf(() => F.conv2d(z(1, 3, 5, 5), z(6, 3, 3, 3), z(5))), E.conv2d_bias);
  assert.equal(messageOf(() => new nn.Conv2d(3, 6, 3, { groups: 2 })), E.conv2d_groups_ctor);
  assert.equal(messageOf(() => new nn.Conv2d(3, 6, 3, { stride: 2, padding: 'same' })), E.conv2d_same_strided);
  assert.equal(messageOf(() => new nn.MaxPool2d(3, { padding: 2 }).forward(z(1, 1, 8, 8))), E.maxpool_pad);
  assert.equal(messageOf(() => new nn.BatchNorm1d(3).forward(z(1, 3))), E.bn_one_value);
  assert.equal(messageOf(() => new nn.BatchNorm2d(3).forward(z(2, 3, 4))), E.bn2d_dims);
  assert.equal(messageOf(() => new nn.LayerNorm(4).forward(z(2, 3))), E.layernorm_shape);
  assert.equal(messageOf(() => new nn.Embedding(5, 2).forward(torch.tensor([5n]))), E.embedding_range);
  assert.equal(messageOf(() => new nn.Embedding(5, 2).forward(torch.tensor([1.0]))), E.embedding_dtype);
  assert.equal(messageOf(() => new nn.LSTM(3, 4).forward(z(5, 2, 2))), E.lstm_input_size);
  assert.equal(messageOf(() => new nn.LSTM(3, 4).forward(z(5, 2, 3), [z(2, 2, 4), z(1, 2, 4)])), E.lstm_hidden);
  assert.equal(messageOf(() => new nn.GRU(3, 4).forward(z(5, 2, 3), z(1, 3, 4))), E.gru_hidden);
  assert.equal(messageOf(() => new nn.GRU(3, 4).forward(z(5, 2, 3, 1))), E.gru_dims);
  assert.equal(messageOf(() => new nn.Dropout(1.5)), E.dropout_p);
  assert.equal(String(new nn.Flatten(0, 2)), E.flatten_repr);
});

test('a bad keyword is refused by name', () => {
  assert.match(messageOf(() => new nn.Linear(2, 3, { bais: false })), /unexpected keyword argument 'bais'/);
  assert.match(messageOf(() => new nn.Conv2d(1, 1, 3, { pading: 1 })), /unexpected keyword argument 'pading'/);
});

test('modules are not callable; forward is the call', () => {
  const l = new nn.Linear(2, 2);
  assert.equal(typeof l, 'object');
  assert.equal(l.forward(z(1, 2)).shape.join(','), '1,2');
});
