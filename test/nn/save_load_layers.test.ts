// Whole models with every layer family through torch.save / torch.load: within torchlet, and (when
// /usr/bin/python3 has torch) read by PyTorch 1.13.1 and written by it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';

const { nn } = torch;
const PYTHON = '/usr/bin/python3';
const hasTorch = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;

function build(): torch.nn.Sequential {
  return new nn.Sequential({
    conv: new nn.Conv2d(1, 3, 3, { padding: 1 }),
    bn: new nn.BatchNorm2d(3),
    pool: new nn.MaxPool2d(2),
    conv1d: new nn.Conv1d(3, 2, 3, { padding: 'same' }),
    avg: new nn.AvgPool2d(2, { stride: 1 }),
    ad: new nn.AdaptiveAvgPool2d([2, null]),
    ln: new nn.LayerNorm([4]),
    gn: new nn.GroupNorm(1, 3),
    emb: new nn.Embedding(5, 4, { paddingIdx: 0 }),
    lstm: new nn.LSTM(4, 3, 2, { bidirectional: true, batchFirst: true }),
    gru: new nn.GRU(4, 3),
    rnn: new nn.RNN(4, 3, { nonlinearity: 'relu' }),
    cell: new nn.LSTMCell(4, 3),
    bn1: new nn.BatchNorm1d(3, { affine: false, momentum: null }),
  });
}

test('a model of every layer family survives torch.save/torch.load within torchlet', () => {
  torch.manualSeed(3);
  const m = build();
  (m.get(1) as torch.nn.BatchNorm2d).forward(torch.randn(2, 3, 4, 4));
  const dir = mkdtempSync(join(tmpdir(), 'torchlet-nn-'));
  const file = join(dir, 'model.pt');
  torch.save(m, file);
  const back = torch.load(file) as torch.nn.Sequential;
  assert.equal(String(back), String(m));
  const a = m.stateDict();
  const b = back.stateDict();
  assert.deepEqual(Object.keys(b), Object.keys(a));
  for (const k of Object.keys(a)) assert.ok(torch.equal(a[k], b[k]), k);
  const x = torch.randn(2, 4, 4);
  const lstmA = (m.get(9) as torch.nn.LSTM).forward(x)[0];
  const lstmB = (back.get(9) as torch.nn.LSTM).forward(x)[0];
  assert.ok(torch.equal(lstmA, lstmB));
});

test('PyTorch reads the torchlet file as the same model, and torchlet reads PyTorch\'s', { skip: hasTorch ? false : 'no /usr/bin/python3 with torch' }, () => {
  torch.manualSeed(4);
  const m = build();
  const dir = mkdtempSync(join(tmpdir(), 'torchlet-nn-'));
  const ours = join(dir, 'ours.pt');
  const theirs = join(dir, 'theirs.pt');
  torch.save(m, ours);
  const script = `
import json, sys, torch
m = torch.load(sys.argv[1])
sd = m.state_dict()
x = torch.arange(32.0).reshape(2, 4, 4) / 10
out, (h, c) = m.lstm(x)
m.conv.padding  # the attribute PyTorch's forward reads
y = m.conv(torch.ones(1, 1, 5, 5))
m.eval()
torch.save(m, sys.argv[2])
print(json.dumps({'repr': str(m), 'keys': list(sd.keys()), 'sums': {k: float(v.double().sum()) for k, v in sd.items()},
                  'lstm': out.flatten().tolist(), 'conv': y.flatten().tolist()}))
`;
  const r = spawnSync(PYTHON, ['-c', script, ours, theirs], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const py = JSON.parse(r.stdout.trim().split('\n').pop()!);
  assert.equal(py.repr, String(m));
  const sd = m.stateDict();
  assert.deepEqual(py.keys, Object.keys(sd));
  for (const k of py.keys) assert.ok(Math.abs(py.sums[k] - sd[k].double().sum().item()) < 1e-9, k);
  const x = torch.arange(32).reshape(2, 4, 4).float().div(10);
  const out = (m.get(9) as torch.nn.LSTM).forward(x)[0].flatten().toArray() as number[];
  out.forEach((v, i) => assert.ok(Math.abs(v - py.lstm[i]) < 1e-5, `lstm ${i}`));
  const conv = (m.get(0) as torch.nn.Conv2d).forward(torch.ones(1, 1, 5, 5)).flatten().toArray() as number[];
  conv.forEach((v, i) => assert.ok(Math.abs(v - py.conv[i]) < 1e-5, `conv ${i}`));

  const back = torch.load(theirs) as torch.nn.Sequential;
  assert.equal(back.training, false);
  assert.equal(String(back), String(m));
  const b = back.stateDict();
  for (const k of Object.keys(sd)) assert.ok(torch.equal(sd[k], b[k] as Tensor), k);
});
