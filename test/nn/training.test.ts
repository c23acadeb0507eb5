// A small CNN (two Conv2d+ReLU+MaxPool2d, then Linear) and an LSTM classifier, built after
// manualSeed(0) (so with PyTorch's initial weights) and trained with a hand-written SGD loop on tiny
// synthetic tasks; first-step gradients and the loss curve are compared with PyTorch 1.13.1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { assertClose, fx, loadFixture } from './helpers.js';

const { nn } = torch;
const FX = loadFixture('training.json');

class SmallCNN extends nn.Module {
  conv1 = new nn.Sequential(new nn.Conv2d(1, 4, 3, { padding: 1 }), new nn.ReLU(), new nn.MaxPool2d(2));
  conv2 = new nn.Sequential(new nn.Conv2d(4, 8, 3, { padding: 1 }), new nn.ReLU(), new nn.MaxPool2d(2));
  out = new nn.Linear(8 * 2 * 2, 2);
  forward(x: Tensor): Tensor {
    x = this.conv2.forward(this.conv1.forward(x));
    return this.out.forward(x.view(x.size(0), -1));
  }
}

class LSTMClassifier extends nn.Module {
  rnn = new nn.LSTM({ inputSize: 1, hiddenSize: 8, batchFirst: true });
  out = new nn.Linear(8, 2);
  forward(x: Tensor): Tensor {
    const [rOut] = this.rnn.forward(x, null);
    return this.out.forward(rOut.index(':', -1, ':'));
  }
}

function train(model: torch.nn.Module, x: Tensor, y: Tensor, steps: number, lr: number) {
  const lossFunc = new nn.CrossEntropyLoss();
  const losses: number[] = [];
  let firstGrads: Map<string, Tensor> | null = null;
  for (let step = 0; step < steps; step++) {
    const loss = lossFunc.forward(model.forward(x), y);
    model.zeroGrad();
    loss.backward();
    if (step === 0) firstGrads = new Map(model.namedParameters().map(([k, p]) => [k, p.grad!.clone()]));
    torch.noGrad(() => {
      for (const p of model.parameters()) p.sub_(p.grad!.mul(lr));
    });
    losses.push(loss.item());
  }
  const pred = torch.noGrad(() => model.forward(x).argmax(1));
  const accuracy = pred.eq(y).float().mean().item();
  return { losses, firstGrads: firstGrads!, accuracy };
}

function check(name: string, model: torch.nn.Module, fixture: any, steps: number, lr: number, curveTol: number): void {
  assert.equal(String(model), fixture.repr);
  const r = train(model, fx(fixture.x), fx(fixture.y), steps, lr);
  for (const [k, g] of Object.entries(fixture.firstGrads)) assertClose(r.firstGrads.get(k)!, g as any, `${name} first grad ${k}`, 1e-4, 1e-6);
  r.losses.forEach((l, i) => assert.ok(Math.abs(l - fixture.losses[i]) <= curveTol, `${name} loss at step ${i}: ${l} vs ${fixture.losses[i]}`));
  assert.equal(fixture.accuracy, 1);
  assert.equal(r.accuracy, 1, `${name} reaches 100% training accuracy`);
  const sd = model.stateDict();
  for (const [k, v] of Object.entries(fixture.final)) assertClose(sd[k], v as any, `${name} final ${k}`, 1e-3, 1e-4);
}

test('small CNN: PyTorch\'s gradients, loss curve and 100% accuracy on bars (40 SGD steps)', () => {
  torch.manualSeed(0);
  check('cnn', new SmallCNN(), FX.cnn, 40, 0.1, 1e-4);
});

test('LSTM classifier: PyTorch\'s gradients, loss curve and 100% accuracy on rising/falling sequences (60 SGD steps)', () => {
  torch.manualSeed(0);
  check('lstm', new LSTMClassifier(), FX.lstm, 60, 0.5, 1e-4);
});
