// A convolutional network (two Conv2d + ReLU + MaxPool2d, then Linear) learns 28x28 digits.
// The digits are drawn here, seven-segment style with random shift, slant and noise, so the tour needs
// no download; point TORCHLET_MNIST (or the first argument) at a folder of MNIST's IDX files to use those.
import * as torch from 'torchlet';
import { figure } from 'torchlet/plot';

const { nn } = torch;
const { DataLoader, TensorDataset, MNIST } = torch.utils.data;

torch.manualSeed(1);
const EPOCHS = 2;
const BATCH_SIZE = 20;
const LR = 0.01;

// Which segments (a top, b top right, c bottom right, d bottom, e bottom left, f top left, g middle)
// light up for each digit, and where each one lies: rows r0..r1, columns c0..c1 of the 28x28 image.
const SEGMENTS_OF = ['abcdef', 'bc', 'abdeg', 'abcdg', 'bcfg', 'acdfg', 'acdefg', 'abc', 'abcdefg', 'abcdfg'];
const BOXES: Record<string, [number, number, number, number]> = {
  a: [4, 5, 9, 18], b: [4, 14, 17, 18], c: [13, 23, 17, 18], d: [22, 23, 9, 18],
  e: [13, 23, 9, 10], f: [4, 14, 9, 10], g: [13, 14, 9, 18],
};

/** n noisy digit images [n, 1, 28, 28] in [0, 1] and their labels [n] (int64). */
function makeDigits(n: number): [torch.Tensor, torch.Tensor] {
  const labels = torch.randint(0, 10, [n]);
  const shifts = torch.randint(-3, 4, [n, 2]); // (down, right) in pixels
  const slants = torch.rand(n).mul(0.4).sub(0.2); // columns lean by up to 2 pixels
  const noise = torch.randn(n, 1, 28, 28).mul(0.2);
  const ink = new Float32Array(n * 28 * 28);
  for (let i = 0; i < n; i++) {
    const [dy, dx] = shifts.index(i).toArray() as number[];
    const slant = slants.index(i).item();
    for (const s of SEGMENTS_OF[labels.index(i).item()]) {
      const [r0, r1, c0, c1] = BOXES[s];
      for (let r = r0; r <= r1; r++) {
        const lean = Math.floor(slant * (14 - r) + 0.5);
        for (let c = c0; c <= c1; c++) ink[i * 784 + (r + dy) * 28 + (c + dx + lean)] = 1;
      }
    }
  }
  const images = torch.clamp(torch.from(ink, [n, 1, 28, 28]).add(noise), 0, 1);
  return [images, labels];
}

/** The first `n` samples of an MNIST split as [n, 1, 28, 28] floats in [0, 1] and int64 labels. */
async function readMnist(dir: string, split: 'train' | 't10k', n: number): Promise<[torch.Tensor, torch.Tensor]> {
  const { existsSync } = await import('node:fs');
  const file = (kind: string) => [`${dir}/${split}-${kind}`, `${dir}/${split}-${kind}.gz`].find((p) => existsSync(p));
  const images = file('images-idx3-ubyte');
  const labels = file('labels-idx1-ubyte');
  if (!images || !labels) throw new Error(`no MNIST ${split} files (${split}-images-idx3-ubyte[.gz], ${split}-labels-idx1-ubyte[.gz]) in ${dir}`);
  const ds = await MNIST.fromFiles(images, labels);
  const take = Math.min(n, ds.length);
  return [ds.data.narrow(0, 0, take).unsqueeze(1).float().div(255), ds.targets.narrow(0, 0, take)];
}

const mnistDir = process.argv[2] ?? process.env.TORCHLET_MNIST;
const [[trainX, trainY], [testX, testY]] = mnistDir
  ? [await readMnist(mnistDir, 'train', 2000), await readMnist(mnistDir, 't10k', 500)]
  : [makeDigits(1000), makeDigits(200)];
console.log(`${mnistDir ? `MNIST from ${mnistDir}` : 'synthetic digits'}: train [${trainX.shape.join(', ')}], test [${testX.shape.join(', ')}]`);

class CNN extends nn.Module {
  conv1 = new nn.Sequential(new nn.Conv2d(1, 6, 3, 1, 1), new nn.ReLU(), new nn.MaxPool2d(2)); // -> [6, 14, 14]
  conv2 = new nn.Sequential(new nn.Conv2d(6, 12, 3, 1, 1), new nn.ReLU(), new nn.MaxPool2d(2)); // -> [12, 7, 7]
  out = new nn.Linear(12 * 7 * 7, 10); // one score per digit

  forward(x: torch.Tensor): torch.Tensor {
    x = this.conv2.forward(this.conv1.forward(x));
    return this.out.forward(x.view(x.size(0), -1)); // flatten each sample's feature maps
  }
}

const cnn = new CNN();
console.log(String(cnn));
const optimizer = new torch.optim.Adam(cnn.parameters(), { lr: LR });
const lossFunc = new nn.CrossEntropyLoss();
const loader = new DataLoader(new TensorDataset(trainX, trainY), { batchSize: BATCH_SIZE, shuffle: true });

const accuracyOn = (x: torch.Tensor, y: torch.Tensor) =>
  torch.noGrad(() => cnn.forward(x).argmax(1).eq(y).sum().item() / y.numel());

const losses: number[] = [];
for (let epoch = 0; epoch < EPOCHS; epoch++) {
  for (const [bX, bY] of loader) {
    const loss = lossFunc.forward(cnn.forward(bX), bY);
    optimizer.zeroGrad();
    loss.backward();
    optimizer.step();
    losses.push(loss.item());
  }
  console.log(`Epoch: ${epoch} | train loss: ${losses.at(-1)!.toFixed(4)} | test accuracy: ${accuracyOn(testX, testY).toFixed(3)}`);
}

const lossFig = figure({ width: 640, height: 360 });
lossFig.line(losses, { label: 'training loss' }).legend().xlabel('Steps').ylabel('Cross-entropy');
lossFig.save('out/cnn-loss.svg');

// The first ten test digits with the network's answers: the ink as dots, green when right, red when wrong.
const predicted = torch.noGrad(() => cnn.forward(testX.narrow(0, 0, 10)).argmax(1));
const grid = figure({ rows: 2, cols: 5, width: 900, height: 420 });
for (let i = 0; i < 10; i++) {
  const pixels = testX.index(i, 0).toArray() as number[][];
  const xs: number[] = [];
  const ys: number[] = [];
  pixels.forEach((row, r) => row.forEach((v, c) => v > 0.5 && (xs.push(c), ys.push(27 - r))));
  const [p, t] = [predicted.index(i).item(), testY.index(i).item()];
  grid.subplot(i).scatter(xs, ys, { color: p === t ? 'tab:green' : 'tab:red', size: 5 }).title(`predicted ${p} (true ${t})`).xlim(0, 27).ylim(0, 27);
}
grid.save('out/cnn-predictions.png');
console.log('predicted:', (predicted.toArray() as number[]).join(' '), '| true:', (testY.narrow(0, 0, 10).toArray() as number[]).join(' '));
