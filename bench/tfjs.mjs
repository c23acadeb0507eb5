// The benchmark workloads in TensorFlow.js 4.22.0, for bench/run.mjs's "TF.js best" column: the same
// models, data sizes, optimizers and timing protocol (bench/timing.mjs) as bench/core.mjs, seed.mjs,
// gemm.mjs and train.mjs, written the way TF.js code is written (tf.variable, tf.train optimizers
// with minimize, tf.tidy / dispose so nothing leaks; convolutions in TF.js's NHWC layout).
//
//   node bench/tfjs.mjs [--backends wasm,cpu] [--only W1,W2,W3,W4,W5,W6] [--slow-call-ms 1000] [--max-call-ms 8000]
//
// Backends: `wasm` (@tensorflow/tfjs-backend-wasm; SIMD where the engine has it, 1 thread, since TF.js
// turns its worker threads off under Node) and `cpu` (the pure-JS backend). Each runs in turn in this
// process; bench/run.mjs starts one process per backend. Prints JSON lines {name, unit, value, backend}
// with the same names as torchlet's rows (plus `note` where the timing differs, `estimated: true` where
// the value is an estimate), {name, value: null, backend, skipped} for a workload a backend cannot run
// (the wasm backend has no Conv2DBackpropFilter kernel, so it cannot train the CNN), and one
// {tfjs: {...}} line per backend describing it.
//
// Time caps, so the pure-JS backend does not stretch the run to many minutes (its CNN step takes ~25 s
// on a quiet 2-core machine, its n=2048 GEMM ~20 s): a call slower than --slow-call-ms is timed once
// (its first call) instead of repeatedly; a GEMM size whose call would take over --max-call-ms, going
// by n^3 from the size below it, is not run and that estimate is reported; a training step is first
// tried at 1/8 of the batch and, if 8 times that exceeds --max-call-ms, 8 times it is reported.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ensureTfjs } from './tfjs_install.mjs';
import { timePerCall, timeWhole } from './timing.mjs';

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : dflt;
};
const backends = opt('--backends', 'wasm,cpu').split(',');
const only = opt('--only', 'W1,W2,W3,W4,W5,W6').split(',');
const slowCallMs = Number(opt('--slow-call-ms', '1000'));
const maxCallMs = Number(opt('--max-call-ms', '8000'));

const installed = ensureTfjs();
if (installed.error) {
  console.error(installed.error);
  process.exit(1);
}
const require = createRequire(join(installed.nodeModules, 'noop.js'));
const tf = require('@tensorflow/tfjs');
const tfwasm = require('@tensorflow/tfjs-backend-wasm');

let backend = null;
const emit = (row) => console.log(JSON.stringify({ ...row, backend }));

async function useBackend(name) {
  if (name === 'wasm') tfwasm.setWasmPaths(join(installed.nodeModules, '@tensorflow', 'tfjs-backend-wasm', 'dist') + '/');
  if (!(await tf.setBackend(name))) throw new Error(`TF.js backend '${name}' did not initialise`);
  await tf.ready();
  backend = name;
  const info = { version: tf.version.tfjs, backend: tf.getBackend() };
  if (name === 'wasm') {
    info.simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    info.threads = tfwasm.getThreadsCount();
  }
  console.log(JSON.stringify({ tfjs: info }));
}

/** Milliseconds per call as timing.mjs measures it, except that a call slower than slowCallMs is timed once. */
function msPerCall(fn, targetMs) {
  const t0 = performance.now();
  fn();
  const first = performance.now() - t0;
  return first >= slowCallMs ? { ms: first, note: `one call timed (${(first / 1000).toFixed(1)} s)` } : { ms: timePerCall(fn, targetMs) };
}

// PyTorch's default initialisation bound for Linear and Conv2d, 1/sqrt(fan_in), for weights and biases,
// drawn from seeds counted from manualSeed's, so every run of a workload starts from the same weights.
let nextSeed = 0;
const manualSeed = (seed) => {
  nextSeed = seed * 1000;
};
const uniform = (shape, fanIn) => tf.tidy(() => tf.variable(tf.randomUniform(shape, -1 / Math.sqrt(fanIn), 1 / Math.sqrt(fanIn), 'float32', nextSeed++)));
const dense = (inF, outF) => ({ w: uniform([inF, outF], inF), b: uniform([outF], inF) });
const conv = (k, inC, outC) => ({ w: uniform([k, k, inC, outC], inC * k * k), b: uniform([outC], inC * k * k) });
const applyDense = (layer, x) => tf.add(tf.matMul(x, layer.w), layer.b);
const weightsOf = (layers) => layers.flatMap((l) => [l.w, l.b]);
const disposeAll = (...items) => tf.dispose(items.flat(2));

// Linear(1,h)-ReLU-Linear(h,1), the tutorial's regression net.
const tinyNet = (hidden) => [dense(1, hidden), dense(hidden, 1)];
const tinyForward = ([l1, l2], x) => applyDense(l2, tf.relu(applyDense(l1, x)));

// W1: 100 points, SGD lr 0.2, 200 full-batch steps, the loss read once at the end.
function seedRegression() {
  manualSeed(1);
  const x = tf.tidy(() => tf.reshape(tf.linspace(-1, 1, 100), [100, 1]));
  const y = tf.tidy(() => tf.add(tf.square(x), tf.mul(tf.randomUniform([100, 1], 0, 1, 'float32', 1), 0.2)));
  const net = tinyNet(10);
  const optimizer = tf.train.sgd(0.2);
  const t0 = performance.now();
  let loss = null;
  for (let step = 0; step < 200; step++) {
    loss = optimizer.minimize(() => tf.losses.meanSquaredError(y, tinyForward(net, x)), step === 199, weightsOf(net));
  }
  const final = loss.dataSync()[0];
  const ms = performance.now() - t0;
  disposeAll(loss, x, y, weightsOf(net));
  optimizer.dispose();
  if (!(final < 0.05)) throw new Error(`seed regression did not converge: loss ${final}`);
  return ms;
}

// W2: 1000 points, five nets (SGD, momentum 0.8, Adagrad, RMSprop alpha 0.9, Adam betas (0.9, 0.99))
// with PyTorch's defaults where TF.js's differ (Adagrad's accumulator starts at 0, eps 1e-8), lr 0.01,
// the same shuffled batch of 32 for every net, 12 epochs, every step's loss read back.
function optimizerComparison() {
  manualSeed(2);
  const n = 1000;
  const lr = 0.01;
  const x = tf.tidy(() => tf.reshape(tf.linspace(-1, 1, n), [n, 1]));
  const y = tf.tidy(() => tf.add(tf.square(x), tf.mul(tf.randomNormal([n, 1], 0, 1, 'float32', 2), 0.1)));
  const nets = Array.from({ length: 5 }, () => tinyNet(20));
  const optimizers = [
    tf.train.sgd(lr), tf.train.momentum(lr, 0.8), tf.train.adagrad(lr, 0),
    tf.train.rmsprop(lr, 0.9, 0, 1e-8), tf.train.adam(lr, 0.9, 0.99, 1e-8),
  ];
  const order = new Int32Array(n).map((_, i) => i);
  let steps = 0;
  const t0 = performance.now();
  for (let epoch = 0; epoch < 12; epoch++) {
    tf.util.shuffle(order);
    for (let start = 0; start < n; start += 32) {
      tf.tidy(() => {
        const idx = tf.tensor1d(order.subarray(start, start + 32), 'int32');
        const bx = tf.gather(x, idx);
        const by = tf.gather(y, idx);
        nets.forEach((net, i) => {
          const loss = optimizers[i].minimize(() => tf.losses.meanSquaredError(by, tinyForward(net, bx)), true, weightsOf(net));
          loss.dataSync();
          steps++;
        });
      });
    }
  }
  const ms = performance.now() - t0;
  optimizers.forEach((o) => o.dispose());
  // MomentumOptimizer.dispose (TF.js 4.22) skips its parent's, which frees the learning-rate scalar.
  tf.SGDOptimizer.prototype.dispose.call(optimizers[1]);
  disposeAll(x, y, nets.map(weightsOf));
  if (steps !== 5 * 12 * 32) throw new Error(`expected 1920 steps, got ${steps}`);
  return ms;
}

// W3: 1000 adds of [10] float32 per timed call, so the result is microseconds per add. Without grad
// every result is disposed at once (TF.js's way of freeing a tensor). TF.js records adds for autograd
// only inside a gradient function, so the requires_grad variant runs them inside tf.variableGrads,
// 100 per gradient (scope bookkeeping and the backward of the last add included; larger scopes cost
// more per add, as TF.js keeps every intermediate until the scope closes).
function addOverhead(withGrad) {
  const a = tf.randomUniform([10], 0, 1, 'float32', 3);
  const b = tf.linspace(1, 2, 10);
  const [va, vb] = withGrad ? [tf.variable(a), tf.variable(b)] : [];
  const usPerOp = withGrad
    ? timePerCall(() => {
      for (let scope = 0; scope < 10; scope++) {
        const { value, grads } = tf.variableGrads(() => {
          let c = null;
          for (let i = 0; i < 100; i++) c = tf.add(va, vb);
          return tf.sum(c);
        }, [va, vb]);
        disposeAll(value, Object.values(grads));
      }
    })
    : timePerCall(() => {
      for (let i = 0; i < 1000; i++) tf.add(a, b).dispose();
    });
  disposeAll(a, b, withGrad ? [va, vb] : []);
  return usPerOp;
}

// W4: tf.matMul of n x n float32 matrices, the result allocated (and disposed) every call.
function gemm() {
  let last = null;
  for (const n of [128, 512, 1024, 2048]) {
    const name = `GEMM n=${n}`;
    const estimate = last && last.ms * (n / last.n) ** 3;
    if (estimate > maxCallMs) {
      emit({ name, unit: 'GFLOP/s', value: (2 * n ** 3) / (estimate * 1e6), estimated: true,
        note: `estimated from n=${last.n} (n^3 scaling): a call would take ${(estimate / 1000).toFixed(0)} s, over the ${maxCallMs / 1000} s cap` });
      continue;
    }
    const a = tf.randomUniform([n, n], -1, 1, 'float32', 1);
    const b = tf.randomUniform([n, n], -1, 1, 'float32', 2);
    const r = msPerCall(() => tf.matMul(a, b).dispose(), 400);
    disposeAll(a, b);
    emit({ name, unit: 'GFLOP/s', value: (2 * n ** 3) / (r.ms * 1e6), ...(r.note ? { note: r.note } : {}) });
    last = { n, ms: r.ms };
  }
}

// W5/W6: Adam (lr 1e-3) steps of softmax cross entropy on fixed random inputs and labels. A model
// is a function of the batch size returning { layers, forward, x }.
function trainer(model, batch) {
  manualSeed(5);
  const { layers, forward, x } = model(batch);
  const labels = tf.tidy(() => tf.oneHot(tf.randomUniform([batch], 0, 10, 'int32', 7), 10));
  const optimizer = tf.train.adam(1e-3);
  return {
    step: () => tf.tidy(() => {
      optimizer.minimize(() => tf.losses.softmaxCrossEntropy(labels, forward(x)), false, weightsOf(layers));
    }),
    dispose: () => {
      optimizer.dispose();
      disposeAll(labels, x, weightsOf(layers));
    },
  };
}

// A first step at 1/8 of the batch says whether a full step fits the cap; when it does not, the rate
// is that step's time times 8 (an estimate that favours TF.js: per-step costs that do not grow with the
// batch are counted once, not 8 times).
function stepsPerSecond(model, batch) {
  const part = batch / 8;
  const probe = trainer(model, part);
  let probeMs;
  try {
    const t0 = performance.now();
    probe.step();
    probeMs = performance.now() - t0;
  } finally {
    probe.dispose();
  }
  if (probeMs * 8 > maxCallMs) {
    return { value: 1000 / (probeMs * 8), estimated: true,
      note: `estimated as 8 times one step at batch ${part} (${(probeMs / 1000).toFixed(1)} s): a step at batch ${batch} would exceed the ${maxCallMs / 1000} s cap` };
  }
  const full = trainer(model, batch);
  try {
    const r = msPerCall(full.step, 1000);
    return { value: 1000 / r.ms, ...(r.note ? { note: r.note } : {}) };
  } finally {
    full.dispose();
  }
}

function mlp(batch) {
  const layers = [dense(784, 512), dense(512, 256), dense(256, 10)];
  const forward = (x) => applyDense(layers[2], tf.relu(applyDense(layers[1], tf.relu(applyDense(layers[0], x)))));
  return { layers, forward, x: tf.randomNormal([batch, 784], 0, 1, 'float32', 5) };
}

// Conv2d(1,16,5,pad 2)-ReLU-MaxPool2d(2)-Conv2d(16,32,5,pad 2)-ReLU-MaxPool2d(2)-Flatten-Linear(1568,10);
// 'same' padding is padding 2 for a 5x5 kernel at stride 1.
function cnn(batch) {
  const layers = [conv(5, 1, 16), conv(5, 16, 32), dense(32 * 7 * 7, 10)];
  const block = (x, c) => tf.maxPool(tf.relu(tf.add(tf.conv2d(x, c.w, 1, 'same'), c.b)), 2, 2, 'valid');
  const forward = (x) => applyDense(layers[2], tf.reshape(block(block(x, layers[0]), layers[1]), [batch, 32 * 7 * 7]));
  return { layers, forward, x: tf.randomNormal([batch, 28, 28, 1], 0, 1, 'float32', 6) };
}

const WORKLOADS = [
  { id: 'W3', name: 'W3 add [10] no grad', unit: 'us/op', run: () => ({ value: addOverhead(false) }) },
  { id: 'W3', name: 'W3 add [10] requires_grad', unit: 'us/op', run: () => ({ value: addOverhead(true) }) },
  { id: 'W1', name: 'W1 seed regression, 200 steps', unit: 'ms', run: () => ({ value: timeWhole(seedRegression, 5, 20) }) },
  { id: 'W2', name: 'W2 optimizer comparison, 5 nets x 12 epochs', unit: 'ms', run: () => ({ value: timeWhole(optimizerComparison, 5, 5) }) },
  { id: 'W4', unit: 'GFLOP/s', run: gemm },
  { id: 'W5', name: 'W5 MLP 784-512-256-10 Adam, batch 128', unit: 'steps/s', run: () => stepsPerSecond(mlp, 128) },
  { id: 'W6', name: 'W6 CNN conv5x5x2 + Linear, batch 64', unit: 'steps/s', run: () => stepsPerSecond(cnn, 64) },
];

for (const name of backends) {
  await useBackend(name);
  for (const w of WORKLOADS.filter((x) => only.includes(x.id))) {
    const before = tf.memory().numTensors;
    try {
      const r = w.run();
      if (w.name) emit({ name: w.name, unit: w.unit, ...r });
    } catch (err) {
      // A kernel the backend lacks (wasm has no Conv2DBackpropFilter, so it cannot train the CNN).
      emit({ name: w.name ?? `${w.id} (failed)`, unit: w.unit, value: null, skipped: err.message.split('\n')[0] });
      continue;
    }
    const leaked = tf.memory().numTensors - before;
    if (leaked > 0) console.error(`tfjs ${name} ${w.id}: ${leaked} tensors left undisposed`);
  }
}
