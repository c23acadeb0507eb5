// The seed's optimizer comparison, run in-process: all 5 x 384 losses follow PyTorch's curves (same
// seed, so same data, same initial weights and same batches).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as torch from '../../src/index.js';
import { repoRoot } from './run_example.js';

const { nn, optim } = torch;
const F = nn.functional;

class Net extends nn.Module {
  hidden = new nn.Linear(1, 20);
  predict = new nn.Linear(20, 1);
  forward(x: torch.Tensor): torch.Tensor {
    return this.predict.forward(F.relu(this.hidden.forward(x)));
  }
}

test('five optimizers trace PyTorch\'s loss curves', () => {
  const ref = JSON.parse(readFileSync(join(repoRoot, 'test/fixtures/examples/07-optimizers-losses.json'), 'utf8')) as Record<string, number[]>;
  torch.manualSeed(1);
  const x = torch.unsqueeze(torch.linspace(-1, 1, 1000), 1);
  const y = x.pow(2).add(torch.normal(torch.zeros(x.size()), 1).mul(0.1));
  const loader = new torch.utils.data.DataLoader(new torch.utils.data.TensorDataset(x, y), { batchSize: 32, shuffle: true });
  const names = ['SGD', 'Momentum', 'AdaGrad', 'RMSprop', 'Adam'];
  const nets = names.map(() => new Net());
  const opts = [
    new optim.SGD(nets[0].parameters(), { lr: 0.01 }),
    new optim.SGD(nets[1].parameters(), { lr: 0.01, momentum: 0.8 }),
    new optim.Adagrad(nets[2].parameters(), { lr: 0.01 }),
    new optim.RMSprop(nets[3].parameters(), { lr: 0.01, alpha: 0.9 }),
    new optim.Adam(nets[4].parameters(), { lr: 0.01, betas: [0.9, 0.99] }),
  ];
  const loss = new nn.MSELoss();
  const his: number[][] = names.map(() => []);
  for (let epoch = 0; epoch < 12; epoch++) {
    for (const [bx, by] of loader) {
      nets.forEach((net, i) => {
        const l = loss.forward(net.forward(bx), by);
        opts[i].zeroGrad();
        l.backward();
        opts[i].step();
        his[i].push(l.item());
      });
    }
  }
  names.forEach((n, i) => {
    assert.equal(his[i].length, ref[n].length, n);
    let worst = 0;
    for (let k = 0; k < ref[n].length; k++) worst = Math.max(worst, Math.abs(his[i][k] - ref[n][k]) / Math.max(Math.abs(ref[n][k]), 1e-3));
    assert.ok(worst < 1e-3, `${n}: worst relative deviation ${worst}`);
  });
});
