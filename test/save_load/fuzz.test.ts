// torch.load on thousands of damaged files: truncated, bit-flipped, spliced, and (inside a valid
// zip, so the CRC cannot catch it) with a mutated data.pkl. Each load throws an Error with a
// message, or gives a value that is sound: the same value as the intact file where the damage
// missed everything that matters, and tensors whose every element can be read. None may hang or
// run away with memory (the bounds below are wide: they catch runaways, not slowness).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as torch from '../../src/index.js';
import {
  PickleGlobal,
  PicklePersistentId,
  PickleReduce,
  PyTuple,
  pickle,
  readZip,
  writeZip,
  type PickleValue,
} from '../../src/serialization/index.js';
import { fixtureBytes, hex } from './helpers.js';
import { contiguousBytesOf } from '../../src/serialization/npy_tensor.js';

const { nn } = torch;

class Net extends nn.Module {
  hidden = new nn.Linear(1, 1);
  predict = new nn.Linear(1, 1);
  forward(x: torch.Tensor): torch.Tensor {
    return this.predict.forward(this.hidden.forward(x));
  }
}
torch.serialization.registerModule(Net);

const FILES = ['sd_linear.pt', 'sd_composite.pt', 'checkpoint.pt', 'optim_adam.pt', 'model_many.pt', 'model_custom.pt', 'views.pt', 'shared.pt', 'dtypes.pt'];
const originals = new Map(FILES.map((f) => [f, fixtureBytes(f)]));
originals.set('torchlet_module.pt', torch.save({ model: new nn.Sequential(new nn.Linear(2, 3), new nn.ReLU()), step: 3 }));

const PER_CASE_MS = 5000;
const HEAP_GROWTH = 512 * 1024 * 1024;

/** A canonical text of a loaded value: any difference in values, geometry, sharing or structure shows. */
function fingerprint(root: unknown): string {
  const storages = new Map<unknown, number>();
  const seen = new Map<object, number>();
  const walk = (v: unknown): string => {
    if (v === null || typeof v !== 'object') return typeof v === 'bigint' ? `${v}n` : JSON.stringify(v) ?? String(v);
    if (seen.has(v)) return `@${seen.get(v)}`;
    seen.set(v, seen.size);
    if (v instanceof torch.Tensor) {
      if (!storages.has(v._data)) storages.set(v._data, storages.size);
      return `T(${v.dtype.name},${v._shape},${v._strides},${v._offset},${v.requiresGrad},${v._isParameter},s${storages.get(v._data)},${hex(contiguousBytesOf(v))})`;
    }
    if (v instanceof nn.Module) return `M(${String(v)};${walk(v.stateDict())};${v.modules().map((m) => m.training).join()})`;
    if (v instanceof torch.DType) return `D(${v.name})`;
    if (v instanceof Uint8Array) return `B(${hex(v)})`;
    if (Array.isArray(v)) return `[${v.map(walk).join(',')}]`;
    if (v instanceof Map || v instanceof Set) return `${v.constructor.name}(${[...v].map(walk).join(',')})`;
    const md = (v as { _metadata?: unknown })._metadata;
    return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}:${walk(x)}`).join(',')}${md ? `|${walk([...(md as Map<unknown, unknown>)])}` : ''}}`;
  };
  return walk(root);
}

/** Every tensor reachable from a loaded value can be read (small ones are read in full). */
function sound(root: unknown): void {
  const seen = new Set<object>();
  const walk = (v: unknown): void => {
    if (v === null || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    if (v instanceof torch.Tensor) {
      if (v.numel() <= 1 << 20) contiguousBytesOf(v);
      return;
    }
    if (v instanceof nn.Module) return walk(v.stateDict());
    if (v instanceof Map || v instanceof Set || Array.isArray(v)) for (const x of v instanceof Map ? v.values() : v) walk(x);
    else for (const x of Object.values(v)) walk(x);
  };
  walk(root);
}

const baselines = new Map([...originals].map(([f, b]) => [f, fingerprint(torch.load(b))]));

type Mutation = { kind: 'flip'; at: number; bit: number } | { kind: 'set'; at: number; value: number } | { kind: 'truncate'; at: number } | { kind: 'splice'; at: number; length: number; to: number };

const fraction = fc.noBias(fc.integer({ min: 0, max: 1_000_000 })).map((n) => n / 1_000_000);
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('flip' as const), at: fraction, bit: fc.integer({ min: 0, max: 7 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('set' as const), at: fraction, value: fc.constantFrom(0, 1, 0x7f, 0x80, 0xff, 0x28, 0x2e, 0x4b, 0x4d, 0x4a, 0x58, 0x85, 0x86, 0x87, 0x8a, 0x71, 0x68, 0x52, 0x62, 0x51) }) },
  fc.record({ kind: fc.constant('truncate' as const), at: fraction }),
  fc.record({ kind: fc.constant('splice' as const), at: fraction, length: fc.integer({ min: 1, max: 32 }), to: fraction }),
);

function apply(input: Uint8Array, mutations: Mutation[]): Uint8Array {
  let b = input.slice();
  for (const m of mutations) {
    const at = Math.min(b.length, Math.floor(m.at * b.length));
    if (m.kind === 'flip' && at < b.length) b[at] = b[at]! ^ (1 << m.bit);
    else if (m.kind === 'set' && at < b.length) b[at] = m.value;
    else if (m.kind === 'truncate') b = b.slice(0, at);
    else if (m.kind === 'splice') {
      const piece = b.slice(at, at + m.length);
      const to = Math.min(b.length, Math.floor(m.to * b.length));
      const out = new Uint8Array(b.length + piece.length);
      out.set(b.subarray(0, to));
      out.set(piece, to);
      out.set(b.subarray(to), to + piece.length);
      b = out;
    }
  }
  return b;
}

interface Tally {
  errors: number;
  same: number;
  different: number;
  slowest: number;
}

/** Loads; an error must be an Error with a message; a result must be sound (and equal to `baseline` when given). */
function check(bytes: Uint8Array, tally: Tally, baseline?: string): void {
  const t0 = performance.now();
  let value: unknown;
  try {
    value = torch.load(bytes);
  } catch (e) {
    tally.errors++;
    const sample = Buffer.from(bytes).toString('base64');
    assert.ok(e instanceof Error, `threw a non-Error ${String(e)}\ninput: ${sample}`);
    assert.ok(e.message.length > 0, `an Error without a message\ninput: ${sample}`);
    assert.ok(!/call stack/.test(e.message), `stack overflow\ninput: ${sample}`);
    return;
  } finally {
    tally.slowest = Math.max(tally.slowest, performance.now() - t0);
  }
  sound(value);
  const fp = fingerprint(value);
  if (baseline !== undefined) assert.equal(fp, baseline, `a damaged file loaded as something else\ninput: ${Buffer.from(bytes).toString('base64')}`);
  if (fp === baseline) tally.same++;
  else tally.different++;
}

function memory(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

test('fuzz: damaged .pt files throw an Error or load as the intact file did', { timeout: 300_000 }, (t) => {
  const tally: Tally = { errors: 0, same: 0, different: 0, slowest: 0 };
  const before = memory();
  const names = [...originals.keys()];
  fc.assert(
    fc.property(fc.constantFrom(...names), fc.array(mutation, { minLength: 1, maxLength: 3 }), (name, muts) => {
      check(apply(originals.get(name)!, muts), tally, baselines.get(name));
    }),
    { numRuns: 2500, seed: 2024 },
  );
  // Every truncation point of one file.
  const small = originals.get('sd_linear.pt')!;
  for (let n = 0; n < small.length; n += 7) check(small.subarray(0, n), tally, baselines.get('sd_linear.pt'));
  t.diagnostic(JSON.stringify(tally));
  assert.ok(tally.slowest < PER_CASE_MS, `one load took ${tally.slowest.toFixed(0)} ms`);
  assert.ok(memory() - before < HEAP_GROWTH, 'memory kept growing');
  assert.ok(tally.errors > 1000, `only ${tally.errors} of the damaged files were refused`);
});

test('fuzz: a hostile data.pkl inside a valid zip throws an Error or loads as something sound', { timeout: 300_000 }, (t) => {
  const tally: Tally = { errors: 0, same: 0, different: 0, slowest: 0 };
  const before = memory();
  const parts = new Map(
    [...originals].map(([f, b]) => {
      const zip = readZip(b);
      return [f, zip.entries.map((e) => ({ name: e.name, data: zip.read(e) }))] as const;
    }),
  );
  fc.assert(
    fc.property(fc.constantFrom(...parts.keys()), fc.array(mutation, { minLength: 1, maxLength: 3 }), (name, muts) => {
      const records = parts.get(name)!.map((r) => (r.name.endsWith('/data.pkl') ? { name: r.name, data: apply(r.data, muts) } : r));
      check(writeZip(records), tally);
    }),
    { numRuns: 2500, seed: 4048 },
  );
  t.diagnostic(JSON.stringify(tally));
  assert.ok(tally.slowest < PER_CASE_MS, `one load took ${tally.slowest.toFixed(0)} ms`);
  assert.ok(memory() - before < HEAP_GROWTH, 'memory kept growing');
  assert.ok(tally.errors > 500 && tally.same + tally.different > 50, JSON.stringify(tally));
});

/** A .pt file holding one float32 tensor with the given geometry over `numel` stored elements. */
function craftTensor(geometry: { offset: number; shape: number[]; strides: number[]; numel: number; bytes?: number }): Uint8Array {
  const rebuild = new PickleReduce(
    new PickleGlobal('torch._utils', '_rebuild_tensor_v2'),
    PyTuple.fromItems<PickleValue>([
      new PicklePersistentId(PyTuple.fromItems<PickleValue>(['storage', new PickleGlobal('torch', 'FloatStorage'), '0', 'cpu', geometry.numel])),
      geometry.offset,
      PyTuple.fromItems(geometry.shape),
      PyTuple.fromItems(geometry.strides),
      false,
      new PickleReduce(new PickleGlobal('collections', 'OrderedDict'), new PyTuple()),
    ]),
  );
  return writeZip([
    { name: 'archive/data.pkl', data: pickle(rebuild) },
    { name: 'archive/data/0', data: new Uint8Array(geometry.bytes ?? geometry.numel * 4) },
    { name: 'archive/version', data: new TextEncoder().encode('3\n') },
  ]);
}

test('hostile tensor geometry is refused with a clear message', () => {
  const cases: [Parameters<typeof craftTensor>[0], RegExp][] = [
    [{ offset: 0, shape: [10], strides: [1], numel: 4 }, /out of bounds for storage of size 16/],
    [{ offset: 3, shape: [2], strides: [1], numel: 4 }, /out of bounds/],
    [{ offset: 0, shape: [2], strides: [-1], numel: 4 }, /stride -1 .* must be a non-negative integer/],
    [{ offset: -1, shape: [1], strides: [1], numel: 4 }, /storage offset -1/],
    [{ offset: 0, shape: [-2], strides: [1], numel: 4 }, /size -2/],
    [{ offset: 0, shape: [2 ** 40], strides: [0], numel: 1 }, /more than torchlet can hold/],
    [{ offset: 0, shape: [4], strides: [1], numel: 1e15, bytes: 16 }, /should hold 1000000000000000 float32 elements/],
    [{ offset: 0, shape: [2, 3], strides: [1], numel: 6 }, /differ in length/],
  ];
  for (const [geometry, message] of cases) {
    assert.throws(() => torch.load(craftTensor(geometry)), (e: Error) => e instanceof Error && message.test(e.message), String(message));
  }
  assert.deepEqual(torch.load(craftTensor({ offset: 1, shape: [2, 2], strides: [0, 2], numel: 4 })).tolist(), [[0, 0], [0, 0]]);
});

/** Saves `module`, then rewrites the BININT1 after the attribute `name` in data.pkl (attributes there are small ints). */
function withAttribute(module: torch.nn.Module, name: string, value: number): Uint8Array {
  const zip = readZip(torch.save(module));
  const pkl = zip.read('archive/data.pkl').slice();
  const at = Buffer.from(pkl).indexOf(Buffer.from(name));
  const intAt = pkl.indexOf(0x4b, at + name.length);
  assert.ok(at > 0 && intAt > 0, name);
  pkl[intAt + 1] = value;
  return writeZip(zip.entries.map((e) => ({ name: e.name, data: e.name.endsWith('data.pkl') ? pkl : zip.read(e) })));
}

test('layer attributes that disagree with the weights are refused before any constructor allocates', () => {
  assert.throws(() => torch.load(withAttribute(new nn.Conv2d(2, 4, 3), 'out_channels', 250)), /Conv2d\.weight has shape \[4, 2, 3, 3\]/);
  assert.throws(() => torch.load(withAttribute(new nn.LSTM(2, 3), 'num_layers', 200)), /num_layers=200.*has 800 weights, but the file holds 4/);
  assert.throws(() => torch.load(withAttribute(new nn.Embedding(4, 2), 'num_embeddings', 255)), /Embedding\.weight has shape \[4, 2\]/);
  assert.throws(() => torch.load(withAttribute(new nn.BatchNorm1d(3, { affine: false }), 'num_features', 255)), /running_mean has shape \[3\]/);
});

test('a whole module whose attributes disagree with its weights is refused before anything is built', () => {
  const bytes = torch.save(new nn.Linear(2, 3));
  const text = Buffer.from(bytes);
  // Re-save with a lying out_features by editing the module's attribute through the records.
  const zip = readZip(bytes);
  const pkl = zip.read('archive/data.pkl');
  const at = Buffer.from(pkl).indexOf(Buffer.from('out_features'));
  assert.ok(at > 0 && text.length > 0);
  const patched = pkl.slice();
  // 'out_features' is followed by BINPUT n, then BININT1 3: set the int to 200.
  const intAt = patched.indexOf(0x4b, at + 'out_features'.length);
  patched[intAt + 1] = 200;
  const file = writeZip(zip.entries.map((e) => ({ name: e.name, data: e.name.endsWith('data.pkl') ? patched : zip.read(e) })));
  assert.throws(() => torch.load(file), /Linear\.weight has shape \[3, 2\], but its attributes \(in_features=2, out_features=200\) make it \[200, 2\]/);
});
