// nn.utils (gradient clipping, parameter vectors) and F.pad / F.normalize / F.oneHot against PyTorch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../../src/index.js';
import { assertClose, assertExact, fx, loadFixture, messageOf } from './helpers.js';

const { nn } = torch;
const F = nn.functional;
const FX = loadFixture('misc.json');

test('clipGradNorm_ scales all gradients jointly and returns the norm', () => {
  const C = FX.clip;
  const a = fx(C.a).requiresGrad_();
  const b = fx(C.b).requiresGrad_();
  a.grad = fx(C.ga);
  b.grad = fx(C.gb);
  const total = nn.utils.clipGradNorm_([a, b], 1.5);
  assertClose(total, C.total, 'total');
  assertClose(a.grad!, C.ga_after, 'a');
  assertClose(b.grad!, C.gb_after, 'b');
  a.grad = fx(C.ga);
  b.grad = fx(C.gb);
  const inf = nn.utils.clipGradNorm_([a, b], 2.0, { normType: Infinity });
  assertClose(inf, FX.clip_inf.total, 'inf total');
  assertClose(a.grad!, FX.clip_inf.ga_after, 'inf a');
  assertClose(b.grad!, FX.clip_inf.gb_after, 'inf b');
  nn.utils.clipGradValue_([a], 0.01);
  assert.ok((a.grad!.abs().max().item() as number) <= 0.01 + 1e-9);
});

test('parametersToVector and vectorToParameters round trip', () => {
  const l = new nn.Linear(3, 2);
  const v = nn.utils.parametersToVector(l.parameters());
  assert.equal(v.shape[0], 8);
  nn.utils.vectorToParameters(torch.arange(8).float(), l.parameters());
  assert.deepEqual(l.bias!.toArray(), [6, 7]);
  assert.match(messageOf(() => nn.utils.vectorToParameters(torch.zeros(3), l.parameters())), /3 elements/);
});

test('F.pad, F.normalize, F.oneHot', () => {
  const x = fx(FX.pad.x).requiresGrad_();
  const y = F.pad(x, [1, 2, -1, 1], { value: 0.5 });
  assertClose(y, FX.pad.y, 'pad');
  y.backward(torch.linspace(0, 1, y.numel()).reshape(y.shape));
  assertClose(x.grad!, FX.pad.grad, 'pad grad');
  const x2 = fx(FX.normalize.x).requiresGrad_();
  const n = F.normalize(x2, { dim: 1 });
  assertClose(n, FX.normalize.y, 'normalize');
  n.backward(torch.linspace(-1, 1, 12).reshape(3, 4));
  assertClose(x2.grad!, FX.normalize.grad, 'normalize grad');
  assertExact(F.oneHot(torch.tensor([[0n, 2n], [1n, 3n]]), 5), FX.one_hot);
  assert.match(messageOf(() => F.oneHot(torch.tensor([3n]), 2)), /smaller than num_classes/);
});
