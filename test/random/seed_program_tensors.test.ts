// After torch.manualSeed(1), the seed programs' data and nets are PyTorch's bit for bit: the
// regression's x and noisy y, the nets' initial weights and biases in creation order (fixtures from
// scripts/gen_seed_program_tensors.py, run with PyTorch 1.13.1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { hex32, loadFixture } from './helpers.js';
import { Net } from '../nn/helpers.js';

const { nn } = torch;

type Params = Record<string, { shape: number[]; bits: string[] }>;
const FX = loadFixture<{
  regression: { x: string[]; y: string[]; net: Params };
  save_reload: { y: string[]; net: Params };
  optimizers: { x: string[]; y: string[]; nets: Params[] };
}>('seed_program_tensors.json');

function assertBits(t: Tensor, expected: string[], what: string): void {
  assert.equal(t.dtype, torch.float32, what);
  assert.deepEqual(hex32(t.contiguous()._values()), expected, what);
}

function assertParams(net: torch.nn.Module, expected: Params, what: string): void {
  const sd = net.stateDict();
  assert.deepEqual(Object.keys(sd), Object.keys(expected), what);
  for (const [k, v] of Object.entries(expected)) {
    assert.deepEqual(sd[k].shape, v.shape, `${what} ${k}`);
    assertBits(sd[k], v.bits, `${what} ${k}`);
  }
}

test('03-regression: x, y and Net(1, 10, 1) after manualSeed(1)', () => {
  torch.manualSeed(1);
  const x = torch.unsqueeze(torch.linspace(-1, 1, 100), 1);
  const y = x.pow(2).add(torch.rand(x.size()).mul(0.2));
  const net = new Net(1, 10, 1);
  assertBits(x, FX.regression.x, 'x');
  assertBits(y, FX.regression.y, 'y');
  assertParams(net, FX.regression.net, 'net');
});

test('05-save-reload: y and the Sequential after manualSeed(1)', () => {
  torch.manualSeed(1);
  const x = torch.unsqueeze(torch.linspace(-1, 1, 100), 1);
  const y = x.pow(2).add(torch.rand(x.size()).mul(0.2));
  const net = new nn.Sequential(new nn.Linear(1, 10), new nn.ReLU(), new nn.Linear(10, 1));
  assertBits(y, FX.save_reload.y, 'y');
  assertParams(net, FX.save_reload.net, 'net');
});

test('07-optimizers: x, y with normal noise and five nets after manualSeed(1)', () => {
  torch.manualSeed(1);
  const x = torch.unsqueeze(torch.linspace(-1, 1, 1000), 1);
  const y = x.pow(2).add(torch.normal(torch.zeros(x.size()), 1).mul(0.1));
  const nets = [0, 1, 2, 3, 4].map(() => new Net(1, 20, 1));
  assertBits(x, FX.optimizers.x, 'x');
  assertBits(y, FX.optimizers.y, 'y');
  nets.forEach((n, i) => assertParams(n, FX.optimizers.nets[i], `net ${i}`));
});
