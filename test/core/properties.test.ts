// Property tests (fast-check) for broadcasting, views/strides and indexing, each against a naive
// reference that works element by element on plain arrays.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as torch from '../../src/index.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { float32 } from '../../src/tensor/dtype.js';

const RUNS = { numRuns: 150 };

// ---- naive reference: a tensor as its shape plus, per element (row-major), a flat position ---------

interface Naive {
  shape: number[];
  /** For views: the base's flat index of each element; for values: the values. */
  idx: number[];
}

const numel = (s: number[]): number => s.reduce((a, b) => a * b, 1);

function coordsOf(flat: number, shape: number[]): number[] {
  const c = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    c[d] = flat % shape[d];
    flat = Math.floor(flat / shape[d]);
  }
  return c;
}

function flatOf(c: number[], shape: number[]): number {
  let f = 0;
  for (let d = 0; d < shape.length; d++) f = f * shape[d] + c[d];
  return f;
}

/** A new naive tensor of `shape` whose element at coords c is the old element at `from(c)`. */
function remap(n: Naive, shape: number[], from: (c: number[]) => number[]): Naive {
  const idx: number[] = [];
  for (let i = 0; i < numel(shape); i++) idx.push(n.idx[flatOf(from(coordsOf(i, shape)), n.shape)]);
  return { shape, idx };
}

const arange = (shape: number[]): Naive => ({ shape, idx: Array.from({ length: numel(shape) }, (_, i) => i) });
const base = (shape: number[]): Tensor => torch.arange(numel(shape), { dtype: float32 }).reshape(shape);

function values(t: Tensor): number[] {
  return Array.from(t._values());
}

// ---- broadcasting ---------------------------------------------------------------------------------

/** An output shape and two operand shapes that broadcast to it. */
const broadcastCase = fc
  .array(fc.integer({ min: 1, max: 4 }), { minLength: 0, maxLength: 4 })
  .chain((out) =>
    fc.tuple(
      fc.constant(out),
      fc.integer({ min: 0, max: out.length }),
      fc.integer({ min: 0, max: out.length }),
      fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length }),
      fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length }),
      fc.boolean(),
      fc.integer({ min: 1, max: 1000 }),
    ),
  )
  .map(([out, dropA, dropB, onesA, onesB, transposed, seed]) => ({
    out,
    a: out.slice(dropA).map((s, i) => (onesA[i + dropA] ? 1 : s)),
    b: out.slice(dropB).map((s, i) => (onesB[i + dropB] ? 1 : s)),
    transposed,
    seed,
  }));

/** Small integers in float32 (exact under + - * max), optionally laid out transposed in memory. */
function operand(shape: number[], seed: number, transposed: boolean): [Tensor, number[]] {
  const vals = Array.from({ length: numel(shape) }, (_, i) => ((i * 7 + seed * 13) % 11) - 5);
  let t = torch.tensor(vals).reshape(shape);
  if (transposed && shape.length >= 2) {
    // The same logical values read through swapped strides.
    const n = shape.length;
    t = t.transpose(n - 1, n - 2).contiguous().transpose(n - 1, n - 2);
    assert.ok(shape[n - 1] === 1 || shape[n - 2] === 1 || !t.isContiguous());
  }
  return [t, vals];
}

/** The broadcast of two shapes whose sizes agree or are 1 (the generator only makes such pairs). */
function naiveShape(a: number[], b: number[]): number[] {
  const n = Math.max(a.length, b.length);
  const at = (s: number[], i: number): number => (i < n - s.length ? 1 : s[i - (n - s.length)]);
  return Array.from({ length: n }, (_, i) => Math.max(at(a, i), at(b, i)));
}

function naiveBroadcast(vals: number[], shape: number[], out: number[]): number[] {
  const lead = out.length - shape.length;
  return remap({ shape, idx: vals }, out, (c) => c.slice(lead).map((v, i) => (shape[i] === 1 ? 0 : v))).idx;
}

test('broadcasting: shapes and values of binary ops match a naive reference', () => {
  fc.assert(
    fc.property(broadcastCase, ({ a, b, transposed, seed }) => {
      const full = naiveShape(a, b);
      assert.deepEqual(torch.broadcastShapes(a, b), full);
      const [ta, va] = operand(a, seed, transposed);
      const [tb, vb] = operand(b, seed + 1, !transposed);
      const ra = naiveBroadcast(va, a, full);
      const rb = naiveBroadcast(vb, b, full);
      const ops: [(x: Tensor, y: Tensor) => Tensor, (x: number, y: number) => number][] = [
        [(x, y) => x.add(y), (x, y) => x + y],
        [(x, y) => x.sub(y), (x, y) => x - y],
        [(x, y) => x.mul(y), (x, y) => x * y],
        [(x, y) => torch.maximum(x, y), (x, y) => Math.max(x, y)],
        [(x, y) => x.gt(y), (x, y) => (x > y ? 1 : 0)],
        [(x, y) => torch.where(x.lt(0), x, y) as Tensor, (x, y) => (x < 0 ? x : y)],
      ];
      for (const [op, ref] of ops) {
        const r = op(ta, tb);
        assert.deepEqual(r.shape, full);
        assert.deepEqual(values(r), ra.map((x, i) => ref(x, rb[i])));
      }
      // In place: only when the broadcast lands on the left operand's shape.
      const c = ta.clone();
      if (full.length === a.length && full.every((s, i) => s === a[i])) {
        c.add_(tb);
        assert.deepEqual(values(c), ra.map((x, i) => x + rb[i]));
      } else {
        assert.throws(() => c.add_(tb), /doesn't match the broadcast shape/);
      }
    }),
    RUNS,
  );
});

test('broadcasting: mismatched sizes throw naming both shapes', () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }),
      fc.integer({ min: 0, max: 3 }),
      fc.integer({ min: 2, max: 5 }),
      (shape, at, other) => {
        const d = at % shape.length;
        if (shape[d] === other || shape[d] === 1) return;
        const s2 = shape.slice();
        s2[d] = other;
        const a = torch.zeros(shape);
        const b = torch.zeros(s2);
        const fmt = (s: number[]): string => `[${s.join(', ')}]`;
        for (const op of [() => a.add(b), () => a.mul(b), () => torch.where(a.gt(0), a, b)]) {
          assert.throws(op, (e: Error) => {
            assert.match(e.message, new RegExp(`size of tensor a \\(\\d+\\) must match the size of tensor b \\(\\d+\\) at non-singleton dimension \\d+`));
            assert.ok(e.message.includes(fmt(shape)) && e.message.includes(fmt(s2)), e.message);
            return true;
          });
        }
      },
    ),
    RUNS,
  );
});

test('broadcasting: gradients sum back to each operand shape', () => {
  fc.assert(
    fc.property(broadcastCase, ({ a, b, seed }) => {
      const [ta] = operand(a, seed, false);
      const [tb] = operand(b, seed + 1, false);
      ta.requiresGrad_(true);
      tb.requiresGrad_(true);
      const y = ta.mul(tb);
      y.sum().backward();
      const full = y.shape;
      // d(sum(a*b))/da = sum of b over the broadcast copies of each element of a.
      const expectA = new Array<number>(numel(a)).fill(0);
      const lead = full.length - a.length;
      const bb = naiveBroadcast(values(tb), b, full);
      for (let i = 0; i < numel(full); i++) {
        const c = coordsOf(i, full).slice(lead).map((v, k) => (a[k] === 1 ? 0 : v));
        expectA[flatOf(c, a)] += bb[i];
      }
      assert.deepEqual(ta.grad!.shape, a);
      assert.deepEqual(values(ta.grad!), expectA);
      assert.deepEqual(tb.grad!.shape, b);
    }),
    RUNS,
  );
});

// ---- views and strides -----------------------------------------------------------------------------

type ViewStep =
  | { kind: 'permute'; perm: number[] }
  | { kind: 'transpose'; a: number; b: number }
  | { kind: 'narrow'; dim: number; start: number; len: number }
  | { kind: 'select'; dim: number; index: number }
  | { kind: 'unsqueeze'; dim: number }
  | { kind: 'squeeze' }
  | { kind: 'slice'; dim: number; start: number; step: number }
  | { kind: 'flattenView' };

/** Applies one random view op to both torchlet and the naive reference, if it fits the shape. */
function applyStep(t: Tensor, n: Naive, step: ViewStep, r: number[]): [Tensor, Naive] {
  const nd = n.shape.length;
  const pick = (k: number, m: number): number => (m <= 0 ? 0 : r[k] % m);
  switch (step.kind) {
    case 'permute': {
      if (nd === 0) return [t, n];
      const perm = Array.from({ length: nd }, (_, i) => i).sort((x, y) => ((r[x] * 31 + x) % 7) - ((r[y] * 31 + y) % 7));
      const shape = perm.map((d) => n.shape[d]);
      return [t.permute(perm), remap(n, shape, (c) => { const o = new Array<number>(nd); perm.forEach((d, i) => (o[d] = c[i])); return o; })];
    }
    case 'transpose': {
      if (nd < 1) return [t, n];
      const a = pick(0, nd);
      const b = pick(1, nd);
      const shape = n.shape.slice();
      [shape[a], shape[b]] = [shape[b], shape[a]];
      return [t.transpose(a, b), remap(n, shape, (c) => { const o = c.slice(); [o[a], o[b]] = [o[b], o[a]]; return o; })];
    }
    case 'narrow': {
      if (nd === 0) return [t, n];
      const d = pick(0, nd);
      const size = n.shape[d];
      const start = pick(1, size + 1);
      const len = pick(2, size - start + 1);
      const shape = n.shape.slice();
      shape[d] = len;
      return [t.narrow(d, start, len), remap(n, shape, (c) => { const o = c.slice(); o[d] += start; return o; })];
    }
    case 'select': {
      if (nd === 0) return [t, n];
      const d = pick(0, nd);
      if (n.shape[d] === 0) return [t, n];
      const i = pick(1, n.shape[d]);
      const shape = n.shape.filter((_, k) => k !== d);
      return [t.select(d, i), remap(n, shape, (c) => [...c.slice(0, d), i, ...c.slice(d)])];
    }
    case 'unsqueeze': {
      if (nd >= 5) return [t, n];
      const d = pick(0, nd + 1);
      const shape = [...n.shape.slice(0, d), 1, ...n.shape.slice(d)];
      return [t.unsqueeze(d), remap(n, shape, (c) => c.filter((_, k) => k !== d))];
    }
    case 'squeeze': {
      const keep = n.shape.map((s, k) => (s !== 1 ? k : -1)).filter((k) => k >= 0);
      const shape = keep.map((k) => n.shape[k]);
      return [t.squeeze(), remap(n, shape, (c) => { const o = new Array<number>(nd).fill(0); keep.forEach((k, i) => (o[k] = c[i])); return o; })];
    }
    case 'slice': {
      if (nd === 0) return [t, n];
      const d = pick(0, nd);
      const size = n.shape[d];
      const start = pick(1, size + 1);
      const stepN = 1 + pick(2, 3);
      const len = Math.max(0, Math.ceil((size - start) / stepN));
      const shape = n.shape.slice();
      shape[d] = len;
      const idx: (string | number)[] = new Array(d).fill(':');
      idx.push(`${start}::${stepN}`);
      return [t.index(...idx), remap(n, shape, (c) => { const o = c.slice(); o[d] = start + c[d] * stepN; return o; })];
    }
    case 'flattenView': {
      // A view only when the layout allows; reshape copies otherwise (checked by the caller).
      return [t.reshape(-1), { shape: [numel(n.shape)], idx: n.idx.slice() }];
    }
  }
}

const stepArb: fc.Arbitrary<ViewStep> = fc.oneof(
  fc.constant<ViewStep>({ kind: 'permute', perm: [] }),
  fc.constant<ViewStep>({ kind: 'transpose', a: 0, b: 0 }),
  fc.constant<ViewStep>({ kind: 'narrow', dim: 0, start: 0, len: 0 }),
  fc.constant<ViewStep>({ kind: 'select', dim: 0, index: 0 }),
  fc.constant<ViewStep>({ kind: 'unsqueeze', dim: 0 }),
  fc.constant<ViewStep>({ kind: 'squeeze' }),
  fc.constant<ViewStep>({ kind: 'slice', dim: 0, start: 0, step: 1 }),
  fc.constant<ViewStep>({ kind: 'flattenView' }),
);

const viewCase = fc.record({
  shape: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }),
  steps: fc.array(fc.tuple(stepArb, fc.array(fc.nat(1000), { minLength: 8, maxLength: 8 })), { minLength: 1, maxLength: 5 }),
  target: fc.nat(10000),
});

test('views: compositions equal the naive reference, share storage, and writes show in the base', () => {
  fc.assert(
    fc.property(viewCase, ({ shape, steps, target }) => {
      const b = base(shape);
      let t = b;
      let n = arange(shape);
      let shares = true;
      for (const [step, r] of steps) {
        [t, n] = applyStep(t, n, step, r);
        if (t._data !== b._data) shares = false;
      }
      assert.deepEqual(t.shape, n.shape);
      assert.deepEqual(values(t), n.idx);
      // Strides describe the layout: element k lives at offset + sum(coord * stride).
      const st = t.stride();
      for (let k = 0; k < n.idx.length; k++) {
        const c = coordsOf(k, n.shape);
        if (shares) assert.equal(t.storageOffset() + c.reduce((s, v, i) => s + v * st[i], 0), n.idx[k]);
      }
      if (!shares || n.idx.length === 0) return;
      // Writing one element through the view changes exactly that element of the base.
      const k = target % n.idx.length;
      const before = values(b);
      t.indexPut_(coordsOf(k, n.shape), -1);
      const after = values(b);
      before[n.idx[k]] = -1;
      assert.deepEqual(after, before);
      assert.equal(b._version.version, t._version.version);
    }),
    RUNS,
  );
});

test('views: reshape and view agree with contiguous copies, and view refuses layouts it cannot express', () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 2, maxLength: 4 }),
      fc.nat(100),
      (shape, r) => {
        const t = base(shape);
        const nd = shape.length;
        const a = r % nd;
        const b = (r >> 2) % nd;
        const tr = t.transpose(a, b);
        const copy = tr.contiguous();
        assert.deepEqual(values(tr.reshape(-1)), values(copy.view(-1)));
        const dims = shape.slice();
        [dims[a], dims[b]] = [dims[b], dims[a]];
        // view(-1) works exactly when the transposed dims could be merged without a copy.
        let ok = true;
        try {
          tr.view(-1);
        } catch (e) {
          ok = false;
          assert.match((e as Error).message, /view size is not compatible/);
        }
        const nonTrivial = dims.filter((s) => s > 1).length;
        if (a === b || nonTrivial <= 1) assert.ok(ok, 'a contiguous layout can always be viewed');
        if (ok) assert.equal(tr.view(-1)._data, t._data);
      },
    ),
    RUNS,
  );
});

/** All ways to write n as an ordered product of up to 4 factors (including 1s), a few of them. */
function factorizations(n: number, parts: number): number[][] {
  if (parts === 1) return [[n]];
  const out: number[][] = [];
  for (let f = 1; f <= n; f++) if (n % f === 0) for (const rest of factorizations(n / f, parts - 1)) out.push([f, ...rest]);
  return out;
}

/**
 * Whether some strides read the elements of `offsets` (row-major storage offsets) as `shape`: the
 * step of each dim taken from moving one coordinate, then checked on every element.
 */
function linearStrides(offsets: number[], shape: number[]): number[] | null {
  if (offsets.length === 0) return shape.map(() => 1);
  const strides = shape.map((s, d) => {
    if (s === 1) return 0;
    const c = shape.map(() => 0);
    c[d] = 1;
    return offsets[flatOf(c, shape)] - offsets[0];
  });
  for (let k = 0; k < offsets.length; k++) {
    const c = coordsOf(k, shape);
    if (offsets[k] !== offsets[0] + c.reduce((acc, v, i) => acc + v * strides[i], 0)) return null;
  }
  return strides;
}

test('views: view() succeeds exactly when some strides express the new shape, and then shares storage', () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }),
      fc.array(fc.nat(1000), { minLength: 6, maxLength: 6 }),
      (shape, r) => {
        const n = numel(shape);
        const nd = shape.length;
        const perm = Array.from({ length: nd }, (_, i) => i).sort((x, y) => ((r[x] * 17 + x) % 5) - ((r[y] * 17 + y) % 5));
        let t = base(shape).permute(perm);
        if (r[4] % 2 === 0 && t.shape[0] > 1) t = t.narrow(0, 0, t.shape[0] - 1);
        const m = t.numel();
        const options = factorizations(m, 1 + (r[5] % 3));
        const target = options[r[5] % options.length];
        const offsets = values(t); // base values are their own storage offsets
        const expect = linearStrides(offsets, target);
        let v: Tensor | null = null;
        try {
          v = t.view(target);
        } catch (e) {
          assert.match((e as Error).message, /view size is not compatible/);
        }
        assert.equal(v !== null, expect !== null, `view ${JSON.stringify(t.shape)} strides ${JSON.stringify(t.stride())} as ${JSON.stringify(target)}`);
        if (v !== null) {
          assert.equal(v._data, t._data);
          assert.deepEqual(values(v), offsets);
        }
        void n;
      },
    ),
    RUNS,
  );
});

// ---- indexing ----------------------------------------------------------------------------------------

/** Python's slice.indices for a positive step. */
function pySlice(start: number | null, stop: number | null, step: number, size: number): number[] {
  const clamp = (v: number | null, dflt: number): number => {
    if (v === null) return dflt;
    if (v < 0) v += size;
    return Math.min(Math.max(v, 0), size);
  };
  const s = clamp(start, 0);
  const e = clamp(stop, size);
  const out: number[] = [];
  for (let i = s; i < e; i += step) out.push(i);
  return out;
}

const sliceArb = fc.tuple(
  fc.option(fc.integer({ min: -7, max: 7 }), { nil: null }),
  fc.option(fc.integer({ min: -7, max: 7 }), { nil: null }),
  fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }),
);

type IndexItem = { kind: 'int'; v: number } | { kind: 'slice'; s: [number | null, number | null, number | null] } | { kind: 'none' } | { kind: 'list'; v: number[] };

const itemArb: fc.Arbitrary<IndexItem> = fc.oneof(
  fc.integer({ min: -6, max: 6 }).map((v): IndexItem => ({ kind: 'int', v })),
  sliceArb.map((s): IndexItem => ({ kind: 'slice', s })),
  fc.constant<IndexItem>({ kind: 'none' }),
  fc.array(fc.integer({ min: -6, max: 6 }), { minLength: 1, maxLength: 3 }).map((v): IndexItem => ({ kind: 'list', v })),
);

function sliceString([a, b, c]: [number | null, number | null, number | null]): string {
  const p = (v: number | null): string => (v === null ? '' : String(v));
  return c === null ? `${p(a)}:${p(b)}` : `${p(a)}:${p(b)}:${c}`;
}

/**
 * The naive result of basic + (at most one) list index: per result element, the source coordinates.
 * Returns null when an index is out of range (torchlet must throw then).
 */
function naiveIndex(shape: number[], items: IndexItem[], ellipsisAt: number): { shape: number[]; src: number[][] } | null {
  const used = items.filter((it) => it.kind !== 'none').length;
  if (used > shape.length) return null;
  // Expand the ellipsis into full slices.
  const full: IndexItem[] = [...items];
  full.splice(Math.min(ellipsisAt, full.length), 0, ...new Array(shape.length - used).fill({ kind: 'slice', s: [null, null, null] }));
  // Each result dim lists, per position, the source dim and index it reads (or none for a new axis).
  const dims: { src: number; picks: number[] }[] = [];
  const fixed: [number, number][] = [];
  let listDim: { src: number; picks: number[] } | null = null;
  let listAt = -1;
  let d = 0;
  for (const it of full) {
    if (it.kind === 'none') {
      dims.push({ src: -1, picks: [0] });
      continue;
    }
    const size = shape[d];
    if (it.kind === 'int') {
      if (it.v < -size || it.v >= size) return null;
      fixed.push([d, it.v < 0 ? it.v + size : it.v]);
    } else if (it.kind === 'slice') {
      dims.push({ src: d, picks: pySlice(it.s[0], it.s[1], it.s[2] ?? 1, size) });
    } else {
      for (const v of it.v) if (v < -size || v >= size) return null;
      listDim = { src: d, picks: it.v.map((v) => (v < 0 ? v + size : v)) };
      listAt = dims.length;
      dims.push(listDim);
    }
    d++;
  }
  void listAt;
  const outShape = dims.map((x) => x.picks.length);
  const src: number[][] = [];
  for (let i = 0; i < numel(outShape); i++) {
    const c = coordsOf(i, outShape);
    const s = new Array<number>(shape.length).fill(0);
    for (const [fd, fv] of fixed) s[fd] = fv;
    dims.forEach((x, k) => {
      if (x.src >= 0) s[x.src] = x.picks[c[k]];
    });
    src.push(s);
  }
  return { shape: outShape, src };
}

test('indexing: random slices, integers, newaxis, ellipsis and one list equal a naive reference', () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 4 }),
      fc.array(itemArb, { minLength: 0, maxLength: 4 }),
      fc.option(fc.nat(4), { nil: null }),
      (shape, rawItems, ell) => {
        // PyTorch puts the result dim of a single list where the list stood; keep at most one list.
        let seenList = false;
        const items = rawItems.filter((it) => (it.kind === 'list' ? !seenList && (seenList = true) : true));
        const ellipsisAt = ell === null ? items.length : Math.min(ell, items.length);
        const args: unknown[] = items.map((it) =>
          it.kind === 'int' ? it.v : it.kind === 'slice' ? sliceString(it.s) : it.kind === 'none' ? null : it.v,
        );
        if (ell !== null) args.splice(ellipsisAt, 0, '...');
        const t = base(shape);
        const ref = naiveIndex(shape, items, ellipsisAt);
        if (ref === null) {
          assert.throws(() => t.index(...(args as any[])), /out of bounds|too many indices/);
          return;
        }
        const r = t.index(...(args as any[]));
        assert.deepEqual(r.shape, ref.shape);
        assert.deepEqual(values(r), ref.src.map((c) => flatOf(c, shape)));
        const basic = items.every((it) => it.kind !== 'list');
        if (basic) assert.equal(r._data, t._data, 'basic indexing returns a view');
        // Assignment through the same index writes exactly the selected elements.
        const w = t.clone();
        w.indexPut_(args as any[], -1);
        const expect = values(t);
        for (const c of ref.src) expect[flatOf(c, shape)] = -1;
        assert.deepEqual(values(w), expect);
      },
    ),
    RUNS,
  );
});

test('indexing: boolean masks select the true positions in row-major order', () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }),
      fc.array(fc.boolean(), { minLength: 64, maxLength: 64 }),
      (shape, bits) => {
        const t = base(shape);
        const m = torch.tensor(bits.slice(0, numel(shape))).reshape(shape);
        const picked = values(t).filter((_, i) => bits[i]);
        assert.deepEqual(values(t.index(m)), picked);
        assert.deepEqual(values(t.maskedSelect(m)), picked);
        const w = t.clone();
        w.indexPut_([m], 0.5);
        assert.deepEqual(values(w), values(t).map((v, i) => (bits[i] ? 0.5 : v)));
      },
    ),
    RUNS,
  );
});
