// The fast paths small-model training takes (slab storage, arithmetic on common layouts, fused
// addmm bias, bias-gradient sums, full reductions, relu's bit masks, 2x2 max pooling, the engine's
// per-node bookkeeping) give bit for bit what the general paths give. Each case computes the same
// thing once on contiguous operands (fast path) and once on strided views of the same values, which
// the fast paths refuse, or against a plain loop.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../../src/index.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { allocStorage, allocFloat32 } from '../../src/tensor/storage.js';

const F = torch.nn.functional;

/** The same values as `t`, as a non-contiguous view (every other element of a wider tensor). */
function strided(t: Tensor): Tensor {
  const wide = torch.stack([t, torch.zerosLike(t)], -1);
  const v = wide.select(-1, 0);
  assert.equal(v.isContiguous() || v.numel() <= 1, v.numel() <= 1);
  return v;
}

function sameBits(a: Tensor, b: Tensor, what: string): void {
  assert.deepEqual(a.shape, b.shape, `${what}: shape`);
  assert.equal(a.dtype, b.dtype, `${what}: dtype`);
  const x = a._values();
  const y = b._values();
  for (let i = 0; i < x.length; i++) assert.ok(Object.is(x[i], y[i]), `${what}: element ${i} is ${x[i]}, expected ${y[i]}`);
}

/** Values with the awkward cases mixed in: nan, infinities, signed zeros, float32 rounding. */
function values(shape: number[], dtype: typeof torch.float32, seed: number): Tensor {
  torch.manualSeed(seed);
  const t = torch.randn(shape, { dtype }).mul(3);
  const d = t._data;
  const specials = [NaN, Infinity, -Infinity, 0, -0, 1e-40, 0.1];
  for (let i = 0; i < d.length && i < specials.length; i++) d[(i * 7) % d.length] = specials[i];
  return t;
}

test('storage: zeroed arrays of the asked length and type, never overlapping', () => {
  const seen: Float32Array[] = [];
  for (const n of [0, 1, 16, 17, 100, 1000, 4096, 5000]) {
    const a = allocFloat32(n);
    assert.ok(a instanceof Float32Array);
    assert.equal(a.length, n);
    assert.ok(a.every((v) => v === 0));
    a.fill(n);
    seen.push(a);
  }
  for (const a of seen) assert.ok(a.every((v) => v === a.length), 'a later array wrote into an earlier one');
  for (const [dtype, Ctor] of [[torch.float64, Float64Array], [torch.int64, Float64Array], [torch.int32, Int32Array], [torch.uint8, Uint8Array], [torch.bool, Uint8Array]] as const) {
    const a = allocStorage(dtype, 300);
    assert.ok(a instanceof Ctor);
    assert.equal(a.length, 300);
    assert.equal(a.byteOffset % 8, 0);
  }
});

test('add/sub/mul/div on same shapes, bias rows, one-element tensors and numbers match the general path', () => {
  const pairs: [number[], number[]][] = [
    [[4, 5], [4, 5]], [[4, 5], [5]], [[5], [4, 5]], [[3, 4, 5], [4, 5]], [[4, 5], [1, 5]], [[4, 5], []],
    [[], [4, 5]], [[4, 5], [1]], [[1], [4, 5]], [[1, 5], [5]], [[3], [1, 3]], [[0, 3], [3]],
  ];
  for (const dtype of [torch.float32, torch.float64]) {
    for (const [sa, sb] of pairs) {
      const a = values(sa, dtype, 1);
      const b = values(sb, dtype, 2);
      const what = `${dtype} ${JSON.stringify(sa)} op ${JSON.stringify(sb)}`;
      sameBits(a.add(b), strided(a).add(strided(b)), `add ${what}`);
      sameBits(a.add(b, { alpha: 0.3 }), strided(a).add(strided(b), { alpha: 0.3 }), `add alpha ${what}`);
      sameBits(a.sub(b), strided(a).sub(strided(b)), `sub ${what}`);
      sameBits(a.sub(b, { alpha: -1.7 }), strided(a).sub(strided(b), { alpha: -1.7 }), `sub alpha ${what}`);
      sameBits(a.mul(b), strided(a).mul(strided(b)), `mul ${what}`);
      sameBits(a.div(b), strided(a).div(strided(b)), `div ${what}`);
    }
    const a = values([6, 7], dtype, 3);
    for (const s of [0.1, -2, 0, 1e30, NaN]) {
      sameBits(a.add(s), strided(a).add(s), `add ${s}`);
      sameBits(a.add(s, { alpha: 0.7 }), strided(a).add(s, { alpha: 0.7 }), `add ${s} alpha`);
      sameBits(a.sub(s), strided(a).sub(s), `sub ${s}`);
      sameBits(a.sub(s, { alpha: 3 }), strided(a).sub(s, { alpha: 3 }), `sub ${s} alpha`);
      sameBits(a.mul(s), strided(a).mul(s), `mul ${s}`);
      sameBits(a.div(s), strided(a).div(s), `div ${s}`);
    }
  }
});

test('fast arithmetic records the same graph and gradients', () => {
  const a = torch.randn([4, 3], { requiresGrad: true });
  const b = torch.randn([3], { requiresGrad: true });
  const y = a.add(b, { alpha: 2 }).mul(a).div(b.add(3)).sub(a);
  assert.equal(y.gradFn!.name, 'SubBackward0');
  y.sum().backward();
  const ga = a.grad!;
  const gb = b.grad!;
  const a2 = a.detach().clone().requiresGrad_();
  const b2 = b.detach().clone().requiresGrad_();
  strided(a2).add(strided(b2), { alpha: 2 }).mul(strided(a2)).div(strided(b2).add(3)).sub(strided(a2)).sum().backward();
  sameBits(ga, a2.grad!, 'grad a');
  sameBits(gb, b2.grad!, 'grad b');
});

test('addmm with a bias row, a one-element bias or a full bias matches mm then add', () => {
  const m1 = values([5, 3], torch.float32, 4);
  const m2 = values([3, 4], torch.float32, 5);
  for (const bias of [values([4], torch.float32, 6), values([1, 4], torch.float32, 7), values([], torch.float32, 8), values([1], torch.float32, 9), values([5, 4], torch.float32, 10)]) {
    sameBits(torch.addmm(bias, m1, m2), torch.mm(m1, m2).add(bias), `bias ${JSON.stringify(bias.shape)}`);
  }
  sameBits(torch.addmm(values([4], torch.float32, 6), m1, m2, { beta: 0.5, alpha: 2 }),
    torch.mm(m1, m2).mul(2).add(values([4], torch.float32, 6), { alpha: 0.5 }), 'beta and alpha');
});

test('products with one output column or transposed operands match the reference kernel', () => {
  torch.manualSeed(11);
  for (const [M, K, N] of [[7, 5, 1], [1, 5, 7], [7, 1, 5], [3, 4, 2]]) {
    const a = torch.randn([M, K], { dtype: torch.float64 });
    const b = torch.randn([K, N], { dtype: torch.float64 });
    const want = new Float64Array(M * N);
    for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += a._values()[i * K + k] * b._values()[k * N + j];
      want[i * N + j] = s;
    }
    for (const [x, y] of [[a, b], [a.t().contiguous().t(), b], [a, b.t().contiguous().t()]]) {
      const got = torch.mm(x, y)._values();
      for (let i = 0; i < want.length; i++) assert.ok(Math.abs(got[i] - want[i]) <= 1e-12 * (1 + Math.abs(want[i])), `${M}x${K}x${N}`);
    }
  }
  // The weight of a linear layer gets a contiguous gradient equal to the plain formula's.
  const w = torch.randn([3, 4], { requiresGrad: true });
  const x = torch.randn([5, 4]);
  torch.nn.functional.linear(x, w, torch.zeros([3])).sum().backward();
  assert.ok(w.grad!.isContiguous());
  const want = torch.ones([5, 3]).t().mm(x);
  for (let i = 0; i < 12; i++) assert.ok(Math.abs(w.grad!._values()[i] - want._values()[i]) < 1e-5);
});

test('full sums and means, and gradients summed down to a bias, match the general reduction', () => {
  for (const dtype of [torch.float32, torch.float64]) {
    const x = values([6, 5], dtype, 12);
    sameBits(x.sum(), strided(x).sum(), 'sum');
    sameBits(x.mean(), strided(x).mean(), 'mean');
    const g = values([4, 6, 5], dtype, 13);
    for (const shape of [[5], [6, 5], [1, 5], [1, 1, 5], [1, 6, 5], [6, 1], [4, 1, 1], []]) {
      sameBits(g.sumToSize(...shape), strided(g).sumToSize(...shape), `sumTo ${JSON.stringify(shape)}`);
    }
  }
  const x = torch.randn([3, 4], { requiresGrad: true });
  x.mean().backward();
  assert.ok(x.grad!._values().every((v) => v === Math.fround(1 / 12)));
});

test('relu and its gradient on large float32 arrays (bit masks) keep nan, clear -0 and match the plain loop', () => {
  for (const n of [10, 100, 5000]) {
    const x = values([n], torch.float32, 14);
    new Int32Array(x._data.buffer, x._data.byteOffset, x._data.length)[1] = 0xffc00000 | 0; // a nan with its sign bit set
    x._data[3] = -0;
    const xg = x.clone().requiresGrad_();
    const y = torch.relu(xg);
    const yv = y._values();
    for (let i = 0; i < n; i++) {
      const v = x._values()[i];
      assert.ok(Object.is(yv[i], v > 0 ? v : v !== v ? v : 0), `relu element ${i} of ${n}`);
    }
    const g = values([n], torch.float32, 15);
    y.backward(g);
    const gv = g._values();
    for (let i = 0; i < n; i++) assert.ok(Object.is(xg.grad!._values()[i], yv[i] > 0 ? gv[i] : 0), `relu grad ${i} of ${n}`);
  }
});

test('2x2 max pooling: first maximum in scan order, the first nan wins, gradient to the chosen element', () => {
  const x = values([2, 3, 6, 8], torch.float32, 16);
  x._data[9] = NaN;
  x._data[20] = x._data[21];
  x._data[30] = -Infinity;
  x._data[31] = -Infinity;
  x._data[38] = -Infinity;
  x._data[39] = -Infinity;
  const [out, idx] = F.maxPool2d(x, 2, { returnIndices: true }) as [Tensor, Tensor];
  const H = 6;
  const W = 8;
  for (let p = 0; p < 6; p++) for (let oy = 0; oy < 3; oy++) for (let ox = 0; ox < 4; ox++) {
    let best = -Infinity;
    let at = -1;
    scan: for (let ki = 0; ki < 2; ki++) for (let kj = 0; kj < 2; kj++) {
      const pos = (2 * oy + ki) * W + 2 * ox + kj;
      const v = x._values()[p * H * W + pos];
      if (v > best || v !== v) {
        best = v;
        at = pos;
        if (v !== v) break scan;
      }
    }
    const o = (p * 3 + oy) * 4 + ox;
    assert.ok(Object.is(out._values()[o], best), `value ${o}`);
    assert.equal(idx._values()[o], at, `index ${o}`);
  }
});

test('a backward started from a hook inside another backward keeps both runs right', () => {
  const x = torch.tensor([1, 2, 3], { dtype: torch.float64, requiresGrad: true });
  const y = x.mul(x);
  const z = y.mul(2);
  let inner: number[] = [];
  let started = false;
  y.registerHook((g) => {
    // Hooks run in backward's grad mode (off without createGraph), as in PyTorch.
    // The inner run goes through y's node, which the outer run is about to use (and whose hook,
    // this one, it runs again: only the first call starts a run).
    if (started) return g;
    started = true;
    torch.enableGrad(() => {
      inner = Array.from(torch.autograd.grad(y.sum(), x, null, { retainGraph: true })[0]._values());
    });
    return g;
  });
  z.sum().backward();
  assert.deepEqual(inner, [2, 4, 6]);
  assert.deepEqual(Array.from(x.grad!._values()), [4, 8, 12]);
});
