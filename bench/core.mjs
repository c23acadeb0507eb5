// Core workloads: per-op overhead of `a.add(b)` on [10] float32 tensors (without and with
// requiresGrad), and the seed regression's training loop (100x1 -> 10 -> 1 MLP, MSE, SGD lr 0.2,
// 200 steps) written with core ops only. Prints JSON lines {name, unit, value}.
import * as torch from '../dist/index.js';
import { timePerCall, timeWhole } from './timing.mjs';

const sink = [];

function addOverhead(requiresGrad) {
  const a = torch.rand ? torch.rand([10], { requiresGrad }) : torch.linspace(0, 1, 10).requiresGrad_(requiresGrad);
  const b = torch.linspace(1, 2, 10);
  // 1000 adds per call so the timer's resolution does not matter; the last result goes to a sink so
  // the loop cannot be optimised away.
  const ms = timePerCall(() => {
    let c;
    for (let i = 0; i < 1000; i++) c = a.add(b);
    sink.push(c);
    if (sink.length > 64) sink.length = 0;
  });
  return ms; // ms per 1000 ops = us per op
}

function regressionLoop() {
  const x = torch.unsqueeze(torch.linspace(-1, 1, 100), 1);
  const y = x.pow(2).add(0.1);
  const w1 = torch.linspace(-0.5, 0.5, 10).reshape([10, 1]).requiresGrad_();
  const b1 = torch.zeros([10], { requiresGrad: true });
  const w2 = torch.linspace(-0.3, 0.3, 10).reshape([1, 10]).requiresGrad_();
  const b2 = torch.zeros([1], { requiresGrad: true });
  const params = [w1, b1, w2, b2];
  const t0 = performance.now();
  let loss;
  for (let step = 0; step < 200; step++) {
    const h = torch.relu(torch.addmm(b1, x, w1.t()));
    const pred = torch.addmm(b2, h, w2.t());
    loss = pred.sub(y).pow(2).mean();
    for (const p of params) p.grad = null;
    loss.backward();
    torch.noGrad(() => {
      for (const p of params) p.sub_(p.grad.mul(0.2));
    });
  }
  const ms = performance.now() - t0;
  if (!(loss.item() < 1)) throw new Error(`regression diverged: ${loss.item()}`);
  return ms;
}

const results = [
  { name: 'W3 add [10] no grad', unit: 'us/op', value: addOverhead(false) },
  { name: 'W3 add [10] requires_grad', unit: 'us/op', value: addOverhead(true) },
  { name: 'seed regression 200 steps (core ops)', unit: 'ms', value: timeWhole(regressionLoop, 5, 20) },
];
for (const r of results) console.log(JSON.stringify(r));
