// The seed's save/reload program runs unchanged: both restored networks reproduce the trained one,
// a strict load names the keys that do not fit, and Python's torch.load reads both files it wrote.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import * as torch from '../../src/index.js';
import { runExample } from './run_example.js';

const PYTHON = '/usr/bin/python3';
const hasTorch = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;

const run = runExample('05-save-reload');

test('05-save-reload restores the net whole and from its parameters, and names the unexpected keys', () => {
  assert.equal(run.status, 0, run.stderr);
  const lines = run.stdout.replace(/\n$/, '').split('\n');
  assert.equal(lines[0], 'net2 == net1: true | net3 == net1: true');
  assert.equal(lines[1], 'error: Error(s) in loading state_dict for Sequential:');
  assert.equal(lines[2], '\tUnexpected key(s) in state_dict: "2.weight", "2.bias". ');
  assert.equal(lines.length, 3);
});

test("Python's torch.load reads out/net.pt and out/net_params.pt", { skip: hasTorch ? false : 'skipped: /usr/bin/python3 cannot import torch' }, () => {
  assert.equal(run.status, 0, run.stderr);
  const script = String.raw`
import json, sys, torch
net = torch.load(sys.argv[1] + '/out/net.pt')
params = torch.load(sys.argv[1] + '/out/net_params.pt', weights_only=True)
x = torch.linspace(-1, 1, 7).unsqueeze(1)
with torch.no_grad():
    y = net(x).flatten().tolist()
same = all(torch.equal(net.state_dict()[k], v) for k, v in params.items())
print(json.dumps({'repr': repr(net), 'keys': list(params.keys()), 'same': same, 'metadata': list(params._metadata.keys()), 'y': y}))
`;
  const r = spawnSync(PYTHON, ['-c', script, run.cwd], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const py = JSON.parse(r.stdout);
  const ours = torch.load(join(run.cwd, 'out/net.pt')) as torch.nn.Sequential;
  assert.equal(py.repr, String(ours));
  assert.deepEqual(py.keys, ['0.weight', '0.bias', '2.weight', '2.bias']);
  assert.equal(py.same, true);
  assert.deepEqual(py.metadata, ['', '0', '1', '2']);
  const y = ours.forward(torch.linspace(-1, 1, 7).unsqueeze(1)).flatten();
  assert.ok(torch.allclose(y, torch.tensor(py.y), { rtol: 1e-6, atol: 1e-7 }));
});
