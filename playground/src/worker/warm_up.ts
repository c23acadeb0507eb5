// A worker is started before the user presses Run. While it waits it runs a small training loop, draws
// a small figure and compiles a small program once, so that the engine has compiled the library's hot
// paths before the user's program needs them: the first run is as fast as the next ones. The random
// generator's state is put back, so a program that never seeds sees the numbers it would have seen.
import * as torch from 'torchlet';
import { Figure } from 'torchlet/plot';
import { compile } from './transpile.js';

export function warmUp(): void {
  const rng = torch.getRngState();
  try {
    const { nn } = torch;
    const net = new nn.Sequential(new nn.Linear(1, 10), new nn.ReLU(), new nn.Linear(10, 1));
    const optimizer = new torch.optim.SGD(net.parameters(), { lr: 0.1 });
    const lossFunc = new nn.MSELoss();
    const x = torch.unsqueeze(torch.linspace(-1, 1, 100), 1);
    const y = x.pow(2);
    let prediction = x;
    for (let i = 0; i < 40; i++) {
      prediction = net.forward(x);
      const loss = lossFunc.forward(prediction, y);
      optimizer.zeroGrad();
      loss.backward();
      optimizer.step();
      loss.item();
    }
    String(net);
    String(prediction.index('0:3'));
    const fig = new Figure();
    for (let i = 0; i < 3; i++) {
      fig.clear().scatter(x, y).line(x, prediction.detach(), { color: 'red' }).text(0, 0, `step ${i}`);
      fig.toSVG();
    }
    compile("import * as torch from 'torchlet';\nconst t: number = 1;\nclass A { b = 2 }\n", 'warm-up.ts');
  } catch {
    // Warming up is only an optimisation.
  } finally {
    torch.setRngState(rng);
  }
}
