// The native convolution and max-pooling kernels against the TypeScript loops they replace on the
// 'native' tier. Convolutions use small integer values, so every product and sum is exact in float32
// and the two paths must agree bit for bit whatever order their matrix products add in; max pooling
// has no sums and must agree bit for bit on any values (nan, ties, -Infinity). The kernels' own
// argument checks are called directly with bad arguments.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { getKernelTier, getNumThreads, setKernelTier, setNumThreads } from '../../src/backend/tier.js';
import { nativeConvKernelsAvailable } from '../../src/backend/conv_native.js';

const F = torch.nn.functional;
const kernels = nativeConvKernelsAvailable();
const skip = kernels === null ? 'the native library (with its convolution kernels) is not built here' : false;

/** Runs fn on the given tier and thread count, then restores both. */
function onTier<T>(tier: 'native' | 'js', threads: number, fn: () => T): T {
  const [before, beforeThreads] = [getKernelTier(), getNumThreads()];
  setKernelTier(tier);
  setNumThreads(threads);
  try {
    return fn();
  } finally {
    setKernelTier(before);
    setNumThreads(beforeThreads);
  }
}

/** Integers in [-3, 3] (seeded), as float32 of the given shape. */
function smallInts(shape: number[], seed: number): Tensor {
  let s = seed >>> 0;
  const n = shape.reduce((a, b) => a * b, 1);
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    v[i] = (s >>> 29) - 3;
  }
  return torch.tensor(Array.from(v)).reshape(shape);
}

function bits(t: Tensor | null | undefined): number[] | null {
  if (!t) return null;
  return Array.from(new Uint32Array(new Float32Array(t.contiguous().flatten().toArray() as number[]).buffer));
}

interface ConvCase {
  name: string;
  input: number[];
  weight: number[];
  bias: boolean;
  opts: Record<string, unknown>;
  conv1d?: boolean;
  /** Applied to the input before the convolution (non-contiguous views). */
  view?: (t: Tensor) => Tensor;
  inputGrad?: boolean;
}

const CASES: ConvCase[] = [
  { name: 'batch 1, one channel, 5x5, padding 2, odd sizes', input: [1, 1, 7, 9], weight: [3, 1, 5, 5], bias: true, opts: { padding: 2 } },
  { name: 'stride 2, padding 1, dilation 2, groups 2', input: [3, 4, 11, 10], weight: [6, 2, 3, 2], bias: true, opts: { stride: 2, padding: 1, dilation: 2, groups: 2 } },
  { name: 'stride [1, 3], no padding, no bias', input: [2, 3, 6, 13], weight: [5, 3, 2, 4], bias: false, opts: { stride: [1, 3] } },
  { name: "padding 'same' with an even kernel (asymmetric)", input: [2, 2, 5, 6], weight: [3, 2, 4, 4], bias: true, opts: { padding: 'same' } },
  { name: 'padding larger than the kernel', input: [2, 2, 3, 3], weight: [2, 2, 2, 2], bias: true, opts: { padding: 3 } },
  { name: 'depthwise (groups = channels)', input: [2, 4, 8, 8], weight: [4, 1, 3, 3], bias: true, opts: { padding: 1, groups: 4 } },
  { name: 'non-contiguous input (a transposed view)', input: [2, 3, 9, 7], weight: [4, 3, 3, 3], bias: true, opts: { padding: [1, 0] }, view: (t) => t.transpose(2, 3) },
  { name: 'large enough for several threads', input: [8, 8, 16, 16], weight: [16, 8, 3, 3], bias: true, opts: { padding: 1 } },
  { name: 'conv1d, stride 2, dilation 3', input: [3, 2, 20], weight: [4, 2, 3], bias: true, opts: { stride: 2, dilation: 3, padding: 2 }, conv1d: true },
  { name: 'unit stride, 24 output channels, odd width', input: [2, 8, 7, 13], weight: [24, 8, 3, 3], bias: true, opts: { padding: 1 } },
  { name: 'unit stride, 8 channels, padding beyond the kernel', input: [2, 8, 5, 6], weight: [8, 8, 2, 2], bias: true, opts: { padding: 3 } },
  { name: 'unit stride, 16 channels in, 32 out, 5x5 padding 2', input: [3, 16, 6, 6], weight: [32, 16, 5, 5], bias: true, opts: { padding: 2 } },
  { name: "unit stride, 8 channels, padding 'same' with an even kernel", input: [2, 8, 6, 7], weight: [8, 8, 4, 4], bias: false, opts: { padding: 'same' } },
  { name: 'unit stride, 40 output channels (five groups of 8)', input: [2, 3, 5, 5], weight: [40, 3, 3, 3], bias: true, opts: { padding: 1 } },
  { name: 'unit stride, batch 1, 16 output channels, no padding', input: [1, 8, 5, 9], weight: [16, 8, 3, 3], bias: true, opts: {} },
  { name: 'conv1d, unit stride, 8 output channels', input: [2, 8, 17], weight: [8, 8, 5], bias: true, opts: { padding: 2 }, conv1d: true },
  { name: 'input without gradient', input: [4, 1, 10, 10], weight: [6, 1, 5, 5], bias: true, opts: { padding: 2 }, inputGrad: false },
];

function runConv(c: ConvCase): (number[] | null)[] {
  const x = smallInts(c.input, 1).requiresGrad_(c.inputGrad ?? true);
  const w = smallInts(c.weight, 2).requiresGrad_(true);
  const b = c.bias ? smallInts([c.weight[0]], 3).requiresGrad_(true) : null;
  const xin = c.view ? c.view(x) : x;
  const out = c.conv1d ? F.conv1d(xin, w, b, c.opts) : F.conv2d(xin, w, b, c.opts);
  const gout = smallInts(out.shape, 4);
  out.backward(gout);
  return [bits(out), bits(x.grad), bits(w.grad), bits(b?.grad)];
}

for (const c of CASES) {
  for (const threads of [1, 2]) {
    test(`conv native = TypeScript, bit for bit: ${c.name} (${threads} thread${threads > 1 ? 's' : ''})`, { skip }, () => {
      const want = onTier('js', 1, () => runConv(c));
      const got = onTier('native', threads, () => runConv(c));
      for (const [i, what] of ['output', 'input grad', 'weight grad', 'bias grad'].entries()) {
        assert.deepEqual(got[i], want[i], `${what} differs`);
      }
    });
  }
}

test('conv native: float32 values that round agree with the TypeScript path closely', { skip }, () => {
  torch.manualSeed(3);
  const x = torch.randn(5, 3, 12, 11);
  const w = torch.randn(8, 3, 5, 5).requiresGrad_(true);
  const b = torch.randn(8).requiresGrad_(true);
  const run = () => {
    w.grad = null;
    b.grad = null;
    const xg = x.clone().requiresGrad_(true);
    const out = F.conv2d(xg, w, b, { padding: 2 });
    out.pow(2).sum().backward();
    return [out, xg.grad!, w.grad!, b.grad!].map((t) => t.flatten().toArray() as number[]);
  };
  const want = onTier('js', 1, run);
  const got = onTier('native', 2, run);
  for (let k = 0; k < want.length; k++) {
    const scale = Math.max(...want[k].map(Math.abs));
    for (let i = 0; i < want[k].length; i++) assert.ok(Math.abs(got[k][i] - want[k][i]) <= 2e-5 * scale, `tensor ${k} element ${i}`);
  }
});

test('conv native: the weight gradient does not depend on the thread count', { skip }, () => {
  const c = CASES[7];
  const one = onTier('native', 1, () => runConv(c));
  const two = onTier('native', 2, () => runConv(c));
  assert.deepEqual(two, one);
});

test('conv native: float64 keeps the TypeScript path and still runs', { skip }, () => {
  const x = smallInts([2, 2, 5, 5], 5).double();
  const w = smallInts([3, 2, 3, 3], 6).double();
  const out = onTier('native', 1, () => F.conv2d(x, w, null, { padding: 1 }));
  assert.equal(out.dtype, torch.float64);
  const want = onTier('js', 1, () => F.conv2d(x, w, null, { padding: 1 }));
  assert.deepEqual(out.toArray(), want.toArray());
});

// ---- max pooling

function poolInput(shape: number[], seed: number, dtype: 'float32' | 'float64'): Tensor {
  let s = seed >>> 0;
  const n = shape.reduce((a, b) => a * b, 1);
  const v: number[] = [];
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const r = s >>> 24;
    // Mostly ordinary values, with ties, nan and -Infinity mixed in.
    v.push(r < 8 ? NaN : r < 20 ? -Infinity : r < 60 ? 1.5 : (r - 128) / 7);
  }
  const t = torch.tensor(v).reshape(shape);
  return dtype === 'float64' ? t.double() : t;
}

interface PoolCase {
  name: string;
  input: number[];
  args: unknown[];
  oneD?: boolean;
}

const POOLS: PoolCase[] = [
  { name: '2x2 stride 2 (the fast path), odd sizes', input: [2, 3, 9, 7], args: [2] },
  { name: '2x2 stride 2, batch 1, even sizes', input: [1, 2, 8, 8], args: [2] },
  { name: '3x3 stride 2 padding 1', input: [2, 2, 9, 10], args: [3, 2, 1] },
  { name: 'kernel [2, 3], stride 1, dilation 2, ceil mode', input: [1, 3, 7, 8], args: [[2, 3], 1, 0, 2, true] },
  { name: 'ceil mode 2x2 (windows hanging over the edge)', input: [2, 1, 5, 5], args: [2, 2, 0, 1, true] },
  { name: 'unbatched 3-D input', input: [3, 6, 6], args: [2] },
  { name: 'max_pool1d', input: [2, 3, 11], args: [3, 2, 1], oneD: true },
];

for (const c of POOLS) {
  for (const dtype of ['float32', 'float64'] as const) {
    test(`max pool native = TypeScript, bit for bit: ${c.name} (${dtype})`, { skip }, () => {
      const run = () => {
        const x = poolInput(c.input, 7, dtype).requiresGrad_(true);
        const [out, idx] = (c.oneD ? F.maxPool1d : F.maxPool2d)(x, ...c.args, { returnIndices: true }) as unknown as [Tensor, Tensor];
        const gout = smallInts(out.shape, 8);
        out.backward(dtype === 'float64' ? gout.double() : gout);
        return [out.flatten().toArray(), idx.flatten().toArray(), x.grad!.flatten().toArray()].map((a) => (a as number[]).map((v) => Object.is(v, -0) ? '-0' : String(v)));
      };
      assert.deepEqual(onTier('native', 1, run), onTier('js', 1, run));
    });
  }
}

for (const args of [[2], [3, 2, 1]]) {
  test(`max pool native with 2 threads = TypeScript: kernel ${args[0]}, large enough to split`, { skip }, () => {
    const run = () => {
      const x = poolInput([8, 16, 28, 28], 11, 'float32').requiresGrad_(true);
      const [out, idx] = F.maxPool2d(x, ...args, { returnIndices: true }) as unknown as [Tensor, Tensor];
      out.backward(smallInts(out.shape, 12));
      return [out.flatten().toArray(), idx.flatten().toArray(), x.grad!.flatten().toArray()].map((a) => (a as number[]).map(String));
    };
    assert.deepEqual(onTier('native', 2, run), onTier('js', 1, run));
  });
}

test('max pool native: crafted 2x2 windows (nan in each corner, two nans, all -Infinity, ties, -0) = TypeScript', { skip }, () => {
  const N = NaN;
  const I = -Infinity;
  // Eight windows side by side (two rows of 16), then the same with the rows swapped.
  const top = [N, 1, 2, N, 0, 0, I, I, 3, 3, -0, 0, 5, N, I, 7];
  const bottom = [2, 3, 4, 5, N, 1, I, I, 3, 3, 0, -0, 6, N, 8, I];
  const run = () => {
    const x = torch.tensor([top, bottom, bottom, top]).reshape([1, 1, 4, 16]).requiresGrad_(true);
    const [out, idx] = F.maxPool2d(x, 2, { returnIndices: true }) as unknown as [Tensor, Tensor];
    out.sum().backward();
    return [out.flatten().toArray(), idx.flatten().toArray(), x.grad!.flatten().toArray()].map((a) => (a as number[]).map((v) => Object.is(v, -0) ? '-0' : String(v)));
  };
  assert.deepEqual(onTier('native', 1, run), onTier('js', 1, run));
});

test('max pool native: non-contiguous input', { skip }, () => {
  const run = () => {
    const x = poolInput([2, 3, 8, 6], 9, 'float32').requiresGrad_(true);
    const out = F.maxPool2d(x.transpose(2, 3), 2) as Tensor;
    out.sum().backward();
    return [out.toArray(), x.grad!.toArray()];
  };
  assert.deepEqual(onTier('native', 1, run), onTier('js', 1, run));
});

// ---- argument checks of the kernels themselves

const convGeom = (over: Partial<Record<number, number>> = {}): Int32Array => {
  // N, C, H, W, O, G, kh, kw, sh, sw, dh, dw, padTop, padLeft, oh, ow
  const g = Int32Array.of(2, 2, 5, 5, 3, 1, 3, 3, 1, 1, 1, 1, 1, 1, 5, 5);
  for (const [i, v] of Object.entries(over)) g[Number(i)] = v!;
  return g;
};

test('conv native: bad arguments throw instead of touching memory', { skip }, () => {
  const k = kernels!;
  const x = new Float32Array(2 * 2 * 25);
  const w = new Float32Array(3 * 2 * 9);
  const out = new Float32Array(2 * 3 * 25);
  assert.doesNotThrow(() => k.conv2dForward(convGeom(), x, w, null, out, 1));
  assert.throws(() => k.conv2dForward(Int32Array.of(1, 2, 3), x, w, null, out, 1), /geometry/);
  assert.throws(() => k.conv2dForward(new Float64Array(16) as never, x, w, null, out, 1), /geometry/);
  assert.throws(() => k.conv2dForward(convGeom({ 0: 3 }), x, w, null, out, 1), /x must be/);
  assert.throws(() => k.conv2dForward(convGeom({ 4: 4 }), x, w, null, out, 1), /w must be/);
  assert.throws(() => k.conv2dForward(convGeom({ 14: 6 }), x, w, null, out, 1), /out must be/);
  assert.throws(() => k.conv2dForward(convGeom(), x, w, new Float32Array(2), out, 1), /bias/);
  assert.throws(() => k.conv2dForward(convGeom(), new Float64Array(50) as never, w, null, out, 1), /x must be/);
  assert.throws(() => k.conv2dForward(convGeom({ 5: 2 }), x, w, null, out, 1), /divisible by groups/);
  assert.throws(() => k.conv2dForward(convGeom({ 12: -1 }), x, w, null, out, 1), /padding/);
  assert.throws(() => k.conv2dForward(convGeom({ 8: 0 }), x, w, null, out, 1), /positive/);
  assert.throws(() => k.conv2dForward(convGeom({ 1: 2 ** 30, 6: 2 ** 30 }), x, w, null, out, 1), /too large/);
  assert.throws(() => k.conv2dForward(convGeom(), x, w, null, out, 1.5), /threads/);
  assert.throws(() => (k.conv2dForward as (...a: unknown[]) => void)(convGeom(), x, w), /6 arguments/);
  const gout = new Float32Array(out.length);
  assert.doesNotThrow(() => k.conv2dBackward(convGeom(), x, w, gout, new Float32Array(x.length), new Float32Array(w.length), new Float32Array(3), 2));
  assert.doesNotThrow(() => k.conv2dBackward(convGeom(), x, w, gout, null, null, null, 1));
  assert.throws(() => k.conv2dBackward(convGeom(), x, w, gout.subarray(1), null, null, null, 1), /gout must be/);
  assert.throws(() => k.conv2dBackward(convGeom(), x, w, gout, new Float32Array(x.length - 1), null, null, 1), /gx must be/);
  assert.throws(() => k.conv2dBackward(convGeom(), x, w, gout, null, new Float32Array(w.length - 1), null, 1), /gw must be/);
  assert.throws(() => k.conv2dBackward(convGeom(), x, w, gout, null, null, new Float32Array(2), 1), /gb must be/);
  assert.throws(() => (k.conv2dBackward as (...a: unknown[]) => void)(convGeom(), x, w, gout, null), /8 arguments/);
});

test('max pool native: bad arguments throw instead of touching memory', { skip }, () => {
  const k = kernels!;
  // planes, H, W, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow
  const geom = Int32Array.of(2, 4, 4, 2, 2, 2, 2, 0, 0, 1, 1, 2, 2);
  const x = new Float32Array(32);
  const out = new Float32Array(8);
  const idx = new Float64Array(8);
  assert.doesNotThrow(() => k.maxPool2dForward(geom, x, out, idx, 1));
  assert.throws(() => k.maxPool2dForward(geom.subarray(1), x, out, idx, 1), /geometry/);
  assert.throws(() => k.maxPool2dForward(geom, x.subarray(1), out, idx, 1), /x and out/);
  assert.throws(() => k.maxPool2dForward(geom, x, new Float64Array(8), idx, 1), /x and out/);
  assert.throws(() => k.maxPool2dForward(geom, x, out, new Float32Array(8) as never, 1), /idx/);
  assert.throws(() => k.maxPool2dForward(Int32Array.of(2, 4, 4, 0, 2, 2, 2, 0, 0, 1, 1, 2, 2), x, out, idx, 1), /positive/);
  assert.throws(() => k.maxPool2dForward(Int32Array.of(2, 4, 4, 2, 2, 2, 2, 0, 0, 1, 1, 3, 2), x, out, idx, 1), /x and out/);
  assert.throws(() => k.maxPool2dForward(geom, x, out, idx, 0.5), /threads/);
  assert.throws(() => (k.maxPool2dForward as (...a: unknown[]) => void)(geom, x, out, idx), /5 arguments/);
  const gx = new Float32Array(32);
  assert.doesNotThrow(() => k.maxPool2dBackward(geom, out, idx, gx, 1));
  assert.throws(() => (k.maxPool2dBackward as (...a: unknown[]) => void)(geom, out, idx, gx), /5 arguments/);
  // An index outside its plane is refused even when another thread's share of the planes holds it.
  const big = Int32Array.of(64, 32, 32, 2, 2, 2, 2, 0, 0, 1, 1, 16, 16);
  const badIdx = new Float64Array(64 * 256);
  badIdx[64 * 256 - 1] = 1024;
  assert.throws(() => k.maxPool2dBackward(big, new Float32Array(64 * 256), badIdx, new Float32Array(64 * 1024), 2), /outside its plane/);
  assert.throws(() => k.maxPool2dBackward(geom, out, Float64Array.of(0, 1, 2, 3, 4, 5, 6, 16), gx, 1), /outside its plane/);
  assert.throws(() => k.maxPool2dBackward(geom, out, idx, gx.subarray(4), 1), /gout and gx/);
  assert.throws(() => k.maxPool2dBackward(geom, out, idx.subarray(1), gx, 1), /idx/);
});

test('native kernels overwrite every element of their outputs (callers may pass unzeroed memory)', { skip }, () => {
  const k = kernels!;
  const fill = (n: number, v: number) => new Float32Array(n).fill(v);
  for (const geom of [convGeom(), convGeom({ 8: 2, 14: 3 }), Int32Array.of(2, 8, 6, 6, 8, 1, 3, 3, 1, 1, 1, 1, 1, 1, 6, 6)]) {
    const [N, C, H, W, O, G, kh, kw, , , , , , , oh, ow] = geom;
    const x = smallInts([N * C * H * W], 21).toArray() as number[];
    const w = smallInts([O * (C / G) * kh * kw], 22).toArray() as number[];
    const go = smallInts([N * O * oh * ow], 23).toArray() as number[];
    const run = (v: number) => {
      const out = fill(N * O * oh * ow, v);
      const [gx, gw, gb] = [fill(N * C * H * W, v), fill(w.length, v), fill(O, v)];
      k.conv2dForward(geom, Float32Array.from(x), Float32Array.from(w), fill(O, 1), out, 2);
      k.conv2dBackward(geom, Float32Array.from(x), Float32Array.from(w), Float32Array.from(go), gx, gw, gb, 2);
      return [out, gx, gw, gb].map((a) => Array.from(a));
    };
    assert.deepEqual(run(NaN), run(0));
  }
  const pgeom = Int32Array.of(3, 5, 6, 2, 2, 2, 2, 0, 0, 1, 1, 2, 3);
  const px = Float32Array.from(poolInput([90], 24, 'float32').toArray() as number[]);
  const prun = (v: number) => {
    const out = fill(18, v);
    const idx = new Float64Array(18).fill(v);
    const gx = fill(90, v);
    k.maxPool2dForward(pgeom, px, out, idx, 1);
    k.maxPool2dBackward(pgeom, fill(18, 1), idx, gx, 1);
    return [out, idx, gx].map((a) => Array.from(a).map(String));
  };
  assert.deepEqual(prun(NaN), prun(0));
});
