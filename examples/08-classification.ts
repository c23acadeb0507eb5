// Classification: two Gaussian clusters told apart by a small network trained with CrossEntropyLoss.
import * as torch from 'torchlet';
import { figure } from 'torchlet/plot';

const { nn } = torch;
const F = nn.functional;

torch.manualSeed(1); // same seed, same clusters and same weights as PyTorch
const nData = torch.ones(100, 2);
const x0 = torch.normal(nData.mul(2), 1); // class 0 around (2, 2)
const y0 = torch.zeros(100);
const x1 = torch.normal(nData.mul(-2), 1); // class 1 around (-2, -2)
const y1 = torch.ones(100);
const x = torch.cat([x0, x1], 0).float(); // [200, 2] features
const y = torch.cat([y0, y1]).long(); // [200] class indices, int64 as CrossEntropyLoss wants

class Net extends nn.Module {
  hidden: torch.nn.Linear;
  out: torch.nn.Linear;
  constructor(nFeature: number, nHidden: number, nOutput: number) {
    super();
    this.hidden = new nn.Linear(nFeature, nHidden);
    this.out = new nn.Linear(nHidden, nOutput);
  }
  forward(x: torch.Tensor): torch.Tensor {
    return this.out.forward(F.relu(this.hidden.forward(x))); // one score per class
  }
}

const net = new Net(2, 10, 2);
console.log(String(net));
const optimizer = new torch.optim.SGD(net.parameters(), { lr: 0.02 });
const lossFunc = new nn.CrossEntropyLoss(); // softmax + negative log-likelihood, on raw scores

const fig = figure({ width: 640, height: 480 });
const classColors = ['tab:red', 'tab:green'];
for (let t = 0; t < 100; t++) {
  const out = net.forward(x);
  const loss = lossFunc.forward(out, y);

  optimizer.zeroGrad();
  loss.backward();
  optimizer.step();

  const prediction = torch.max(out, 1).indices; // the class with the highest score
  const accuracy = prediction.eq(y).sum().item() / y.numel();
  if (t % 20 === 0 || t === 99) console.log(`step ${t} | loss ${loss.item().toFixed(4)} | accuracy ${accuracy.toFixed(2)}`);
  if (t % 4 === 0 || t === 99) {
    fig.clear();
    classColors.forEach((color, k) => {
      const mine = x.index(prediction.eq(k)); // the points predicted as class k
      if (mine.size(0) > 0) fig.scatter(mine.index(':', 0), mine.index(':', 1), { color, size: 9, label: `class ${k}` });
    });
    fig.text(1.5, -4, `Accuracy=${accuracy.toFixed(2)}`, { color: 'red', size: 20 }).legend('upper left');
    fig.frame();
  }
}
fig.save('out/classification.svg'); // the last frame
fig.saveAnimation('out/classification.html'); // every frame, playable in a browser
