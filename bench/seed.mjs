// The tutorial's two small training programs as torchlet runs them, timed whole (training loop only):
//   W1 seed regression (examples/03): 100 points, Linear(1,10)-ReLU-Linear(10,1), MSELoss, SGD lr 0.2,
//      200 full-batch steps; the loss is read once at the end.
//   W2 optimizer comparison (examples/07): 1000 points, five Linear(1,20)-ReLU-Linear(20,1) nets
//      (SGD, momentum 0.8, Adagrad, RMSprop alpha 0.9, Adam betas (0.9, 0.99)), lr 0.01, shuffled
//      batches of 32 from a DataLoader, 12 epochs, every step's loss read back as the tutorial does.
// Prints JSON lines {name, unit, value}; bench/seed_torch.py is the PyTorch side (same protocol).
import * as torch from '../dist/index.js';
import { timeWhole } from './timing.mjs';

const { nn, optim } = torch;

function seedRegression() {
  torch.manualSeed(1);
  const x = torch.unsqueeze(torch.linspace(-1, 1, 100), 1);
  const y = x.pow(2).add(torch.rand(x.size()).mul(0.2));
  const net = new nn.Sequential(new nn.Linear(1, 10), new nn.ReLU(), new nn.Linear(10, 1));
  const optimizer = new optim.SGD(net.parameters(), { lr: 0.2 });
  const lossFunc = new nn.MSELoss();
  const t0 = performance.now();
  let loss;
  for (let t = 0; t < 200; t++) {
    optimizer.zeroGrad();
    const prediction = net.forward(x);
    loss = lossFunc.forward(prediction, y);
    loss.backward();
    optimizer.step();
  }
  const final = loss.item();
  const ms = performance.now() - t0;
  if (!(final < 0.05)) throw new Error(`seed regression did not converge: loss ${final}`);
  return ms;
}

function optimizerComparison() {
  torch.manualSeed(2);
  const lr = 0.01;
  const x = torch.unsqueeze(torch.linspace(-1, 1, 1000), 1);
  const y = x.pow(2).add(torch.normal(torch.zeros(x.size()), 1).mul(0.1));
  const loader = new torch.utils.data.DataLoader(new torch.utils.data.TensorDataset(x, y), { batchSize: 32, shuffle: true });
  const nets = Array.from({ length: 5 }, () => new nn.Sequential(new nn.Linear(1, 20), new nn.ReLU(), new nn.Linear(20, 1)));
  const optimizers = [
    new optim.SGD(nets[0].parameters(), { lr }),
    new optim.SGD(nets[1].parameters(), { lr, momentum: 0.8 }),
    new optim.Adagrad(nets[2].parameters(), { lr }),
    new optim.RMSprop(nets[3].parameters(), { lr, alpha: 0.9 }),
    new optim.Adam(nets[4].parameters(), { lr, betas: [0.9, 0.99] }),
  ];
  const lossFunc = new nn.MSELoss();
  const history = nets.map(() => []);
  const t0 = performance.now();
  for (let epoch = 0; epoch < 12; epoch++) {
    for (const [bX, bY] of loader) {
      for (let i = 0; i < nets.length; i++) {
        optimizers[i].zeroGrad();
        const loss = lossFunc.forward(nets[i].forward(bX), bY);
        loss.backward();
        optimizers[i].step();
        history[i].push(loss.item());
      }
    }
  }
  const ms = performance.now() - t0;
  if (history[4].length !== 12 * 32) throw new Error(`expected 384 steps per net, got ${history[4].length}`);
  return ms;
}

// The first run of each is timed on its own too: it is what running the tutorial once costs, JIT
// compilation included. The medians come after warm-up runs, as a longer training would see it.
const results = [];
results.push({ name: 'W1 seed regression, 200 steps, first run', unit: 'ms', value: seedRegression() });
results.push({ name: 'W2 optimizer comparison, 5 nets x 12 epochs, first run', unit: 'ms', value: optimizerComparison() });
results.push({ name: 'W1 seed regression, 200 steps', unit: 'ms', value: timeWhole(seedRegression, 5, 20) });
results.push({ name: 'W2 optimizer comparison, 5 nets x 12 epochs', unit: 'ms', value: timeWhole(optimizerComparison, 5, 5) });
for (const r of results) console.log(JSON.stringify(r));
