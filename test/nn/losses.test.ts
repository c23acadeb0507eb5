// Every loss with every reduction against PyTorch 1.13.1: values, input (and target) gradients,
// grad_fn names, and the errors for bad targets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { assertClose, fx, loadFixture, messageOf, type TensorFx } from './helpers.js';

const { nn } = torch;
const F = nn.functional;

interface LossCase {
  name: string;
  fn: string;
  reduction: string;
  kwargs: Record<string, number | boolean>;
  input: TensorFx;
  target: TensorFx;
  weight: TensorFx | null;
  posWeight: TensorFx | null;
  gradOutput: TensorFx;
  value: TensorFx;
  gradInput: TensorFx;
  gradTarget: TensorFx | null;
  gradFn: string;
}

const fixture = loadFixture<{ cases: LossCase[]; errors: Record<string, string> }>('losses.json');

const camel = (k: string): string => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

function callLoss(c: LossCase, x: Tensor, t: Tensor): Tensor {
  const opts: Record<string, unknown> = { reduction: c.reduction };
  for (const [k, v] of Object.entries(c.kwargs)) opts[camel(k)] = v;
  const w = fx(c.weight);
  switch (c.fn) {
    case 'mse_loss': return F.mseLoss(x, t, opts);
    case 'l1_loss': return F.l1Loss(x, t, opts);
    case 'smooth_l1_loss': return F.smoothL1Loss(x, t, opts);
    case 'huber_loss': return F.huberLoss(x, t, opts);
    case 'binary_cross_entropy': return F.binaryCrossEntropy(x, t, w, opts);
    case 'binary_cross_entropy_with_logits': return F.binaryCrossEntropyWithLogits(x, t, w, { ...opts, posWeight: fx(c.posWeight) });
    case 'cross_entropy': return F.crossEntropy(x, t, w, opts);
    case 'nll_loss': return F.nllLoss(x, t, w, opts);
    case 'kl_div': return F.klDiv(x, t, opts);
    default: throw new Error(`no loss ${c.fn}`);
  }
}

// The composite losses' node names depend on how PyTorch composes them; the fused ones must match.
const FUSED = new Set(['MseLossBackward0', 'SmoothL1LossBackward0', 'HuberLossBackward0', 'BinaryCrossEntropyBackward0',
  'BinaryCrossEntropyWithLogitsBackward0', 'NllLossBackward0', 'NllLoss2DBackward0', 'MeanBackward0', 'SumBackward0', 'ViewBackward0']);

for (const c of fixture.cases) {
  test(`loss ${c.name} reduction=${c.reduction}`, () => {
    const x = fx(c.input).requiresGrad_();
    const t = fx(c.target);
    if (c.gradTarget) t.requiresGrad_();
    const out = callLoss(c, x, t);
    assertClose(out, c.value, 'value', 2e-5, 1e-6);
    if (FUSED.has(c.gradFn)) assert.equal(out.gradFn?.name, c.gradFn);
    out.backward(fx(c.gradOutput));
    assertClose(x.grad!, c.gradInput, 'grad input', 2e-5, 1e-6);
    if (c.gradTarget) assertClose(t.grad!, c.gradTarget, 'grad target', 2e-5, 1e-6);
  });
}

test('loss modules match the functional forms and keep weights as buffers', () => {
  const x = torch.tensor([[0.2, -1.0, 0.5], [1.5, 0.3, -0.2]]);
  const cls = torch.tensor([2n, 0n]);
  const w = torch.tensor([1, 2, 3]);
  const ce = new nn.CrossEntropyLoss(w, { labelSmoothing: 0.1 });
  assert.equal(ce.forward(x, cls).item(), F.crossEntropy(x, cls, w, { labelSmoothing: 0.1 }).item());
  assert.deepEqual(Object.keys(ce.stateDict()), ['weight']);
  const bce = new nn.BCEWithLogitsLoss({ posWeight: torch.tensor([2, 1, 1]) });
  assert.deepEqual(Object.keys(bce.stateDict()), ['pos_weight']);
  assert.equal(new nn.MSELoss('sum').reduction, 'sum');
  assert.equal(new nn.MSELoss({ reduction: 'none' }).reduction, 'none');
  assert.equal(new nn.L1Loss(false).reduction, 'sum');
  assert.equal(new nn.KLDivLoss({ reduction: 'batchmean' }).reduction, 'batchmean');
  const y = torch.tensor([[0.1, -1.0, 0.4], [1.0, 0.3, 0.0]]);
  assert.equal(new nn.SmoothL1Loss({ beta: 0.5 }).forward(x, y).item(), F.smoothL1Loss(x, y, { beta: 0.5 }).item());
  assert.equal(new nn.HuberLoss('sum', 0.3).forward(x, y).item(), F.huberLoss(x, y, 'sum', 0.3).item());
});

test('loss errors are worded as PyTorch words them', () => {
  const E = fixture.errors;
  const x = torch.randn(3, 5);
  const long = (v: number[]) => torch.tensor(v, { dtype: torch.int64 });
  assert.ok(messageOf(() => F.crossEntropy(x, torch.rand(3))).startsWith(E.ce_float_target_wrong_shape));
  assert.equal(messageOf(() => F.crossEntropy(x, torch.zeros(3, 5, { dtype: torch.int64 }))), E.ce_long_target_same_shape);
  assert.equal(messageOf(() => F.crossEntropy(x, torch.zeros(4, { dtype: torch.int64 }))), E.ce_batch_mismatch);
  assert.equal(messageOf(() => F.crossEntropy(x, long([0, 5, 1]))), E.ce_out_of_bounds);
  assert.equal(messageOf(() => F.crossEntropy(x, long([0, 1, 1]), torch.ones(4))), E.ce_weight_size);
  assert.equal(messageOf(() => F.crossEntropy(torch.randn(2, 3, 4), torch.zeros(2, 5, { dtype: torch.int64 }))), E.ce_nd_target);
  assert.equal(messageOf(() => F.nllLoss(x, torch.zeros(3, 2, { dtype: torch.int64 }))), E.nll_2d_target);
  assert.equal(messageOf(() => F.binaryCrossEntropy(torch.rand(3, 1), torch.rand(3))), E.bce_size);
  assert.equal(messageOf(() => new nn.BCELoss().forward(torch.rand(3, 1), torch.rand(3))), E.bce_size);
  assert.equal(messageOf(() => F.binaryCrossEntropy(torch.tensor([1.5, 0.5]), torch.rand(2))), E.bce_range);
  assert.equal(messageOf(() => F.binaryCrossEntropyWithLogits(torch.rand(3, 1), torch.rand(3))), E.bce_logits_size);
  assert.match(messageOf(() => F.mseLoss(torch.rand(3, 2), torch.rand(4))), /cannot be broadcast|must match/);
  assert.equal(messageOf(() => F.smoothL1Loss(torch.rand(3), torch.rand(3), { beta: -1 })), E.smooth_l1_negative_beta);
  assert.equal(messageOf(() => F.huberLoss(torch.rand(3), torch.rand(3), { delta: 0 })), E.huber_delta);
  assert.equal(messageOf(() => F.mseLoss(torch.rand(3), torch.rand(3), { reduction: 'avg' })), E.bad_reduction);
  assert.match(messageOf(() => F.mseLoss(torch.rand(3), torch.rand(3), { reductio: 'sum' })), /unexpected keyword argument 'reductio'/);
});

test('MSELoss broadcasts a differently shaped target (with PyTorch\'s warning) and keeps grads per operand', () => {
  const x = torch.tensor([[1, 2], [3, 4]]).requiresGrad_();
  const y = torch.tensor([1, 1]);
  const l = F.mseLoss(x, y);
  assert.ok(Math.abs(l.item() - (0 + 1 + 4 + 9) / 4) < 1e-6);
  l.backward();
  assertClose(x.grad!, torch.tensor([[0, 0.5], [1, 1.5]]), 'grad');
});
