// Seed programs 03 and 04 (the regression net and its Sequential twin), trained with a plain SGD
// step written out, against PyTorch 1.13.1 running the same program.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { Net, assertClose, loadFixture } from './helpers.js';

const { nn } = torch;
const FX = loadFixture('seed_regression.json');

/** What optim.SGD(params, { lr }) does each step (stands in for it here). */
function sgdStep(params: Tensor[], lr: number): void {
  torch.noGrad(() => {
    for (const p of params) if (p.grad) p.sub_(p.grad.mul(lr));
  });
}

test('seed 03: same model, same numbers as PyTorch over 200 SGD steps', () => {
  torch.manualSeed(1);
  const x = torch.unsqueeze(torch.linspace(-1, 1, 100), 1);
  const y = x.pow(2).add(torch.rand(x.size()).mul(0.2));
  const net = new Net(1, 10, 1);
  assert.equal(String(net), FX.repr);
  const params = net.parameters();
  const lossFunc = new nn.MSELoss();
  const losses: number[] = [];
  for (let t = 0; t < 200; t++) {
    const prediction = net.forward(x);
    const loss = lossFunc.forward(prediction, y);
    net.zeroGrad();
    loss.backward();
    sgdStep(params, 0.2);
    losses.push(loss.item());
  }
  for (let t = 0; t < 200; t++) assert.ok(Math.abs(losses[t] - FX.losses[t]) <= 1e-5 * Math.max(1, FX.losses[t]), `loss at step ${t}`);
  assert.equal(losses[199].toFixed(4), FX.losses[199].toFixed(4));
  const sd = net.stateDict();
  for (const [k, v] of Object.entries(FX.final)) assertClose(sd[k], v as any, k, 1e-4, 1e-5);
});

test('seed 04: Sequential prints and keys as PyTorch\'s', () => {
  const net2 = new nn.Sequential(new nn.Linear(1, 10), new nn.ReLU(), new nn.Linear(10, 1));
  assert.equal(String(net2), FX.seq_repr);
  assert.deepEqual(Object.keys(net2.stateDict()), ['0.weight', '0.bias', '2.weight', '2.bias']);
  assert.equal(net2.forward(torch.zeros(5, 1)).shape.join(','), '5,1');
});
