// torch.save -> torch.load within torchlet: every dtype exactly, views and shared storages kept,
// Python's types kept (OrderedDict, int keys, tuples, floats), whole modules rebuilt; the file
// written atomically; clear errors for what cannot be saved; .npy and safetensors tensors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as torch from '../../src/index.js';
import {
  ObjectRecord,
  OrderedDictRecord,
  ParameterRecord,
  PyFloat,
  PyTuple,
  TensorRecord,
  readPt,
  writePtTo,
} from '../../src/serialization/index.js';
import { Encoder } from '../../src/serialization/encode.js';
import { crc32, crc32Tables } from '../../src/serialization/zip/crc32.js';
import { expected, fixtureBytes, fixturePath, hex, scratchDir } from './helpers.js';

const { nn } = torch;

function roundTrip<T>(value: T): T {
  return torch.load(torch.save(value)) as T;
}

test('every dtype round-trips exactly, int64 beyond 2^32 and bool included', () => {
  const values = {
    f32: torch.tensor([0.1, -0, NaN, Infinity, 3.4e38]),
    f64: torch.tensor([1 / 3, -2.5e300, 5e-324], { dtype: torch.float64 }),
    i64: torch.tensor([0n, -1n, 2n ** 53n, -(2n ** 53n), -(2n ** 63n), 123456789012345n]),
    i32: torch.tensor([2 ** 31 - 1, -(2 ** 31)], { dtype: torch.int32 }),
    i16: torch.tensor([-32768, 32767], { dtype: torch.int16 }),
    i8: torch.tensor([-128, 127], { dtype: torch.int8 }),
    u8: torch.tensor([0, 255], { dtype: torch.uint8 }),
    b: torch.tensor([true, false, true]),
    scalar: torch.tensor(2.5),
    empty: torch.zeros(0, 3),
  };
  const back = roundTrip(values);
  for (const [k, t] of Object.entries(values)) {
    const u = back[k as keyof typeof values];
    assert.equal(u.dtype, t.dtype, k);
    assert.deepEqual(u.shape, t.shape, k);
    assert.equal(hex(torch.toNpy(u)), hex(torch.toNpy(t)), k);
  }
  // int64 is written as real 8-byte integers, not as the float64 torchlet holds it in.
  const rec = readPt(torch.save(values.i64)) as TensorRecord;
  assert.equal(rec.dtype, 'int64');
  assert.deepEqual([...new BigInt64Array(rec.storage.bytes.slice().buffer)], [0n, -1n, 2n ** 53n, -(2n ** 53n), -(2n ** 63n), 123456789012345n]);
});

test('views keep their storage, offset and strides; tensors sharing a storage share it again', () => {
  const base = torch.arange(24, { dtype: torch.float32 }).reshape(4, 6);
  const [b, t, s, n] = roundTrip([base, base.t(), base.index('1:', '2::2'), base.narrow(1, 2, 3)]);
  assert.equal(t!._data, b!._data);
  assert.equal(s!._data, b!._data);
  assert.deepEqual([s!.stride(), s!.storageOffset()], [[6, 2], 8]);
  assert.deepEqual(n!.tolist(), base.narrow(1, 2, 3).tolist());
  b!.index(1).fill_(0);
  assert.deepEqual(s!.index(0).tolist(), [0, 0]);
  const records = readPt(torch.save({ a: base, b: base.t() })) as Map<string, TensorRecord>;
  assert.equal(records.get('a')!.storage, records.get('b')!.storage, 'one storage record');
  // A view saves its whole storage, as PyTorch does.
  const one = readPt(torch.save(base.index(3))) as TensorRecord;
  assert.equal(one.storage.numel, 24);
  assert.equal(one.storageOffset, 18);
});

test('Parameters and requiresGrad survive; the same tensor twice is one tensor', () => {
  const p = new nn.Parameter(torch.ones(2));
  const frozen = new nn.Parameter(torch.ones(1), false);
  const back = roundTrip({ p, frozen, again: p, leaf: torch.ones(1, { requiresGrad: true }) });
  assert.ok(back.p instanceof nn.Parameter && back.p.requiresGrad);
  assert.ok(back.frozen instanceof nn.Parameter && !back.frozen.requiresGrad);
  assert.equal(back.again, back.p);
  assert.ok(back.leaf.requiresGrad && !(back.leaf instanceof nn.Parameter));
  assert.ok(readPt(torch.save(p)) instanceof ParameterRecord);
});

test('a state dict is an OrderedDict with _metadata, byte-identical to what PyTorch writes', () => {
  const net = new nn.Sequential(new nn.Linear(1, 3), new nn.ReLU(), new nn.Linear(3, 1));
  const rec = readPt(torch.save(net.stateDict())) as OrderedDictRecord;
  assert.ok(rec instanceof OrderedDictRecord);
  assert.deepEqual([...rec.metadata!.entries.keys()], ['', '0', '1', '2']);
  const back = torch.load(torch.save(net.stateDict()));
  assert.deepEqual(Object.keys(back), ['0.weight', '0.bias', '2.weight', '2.bias']);
  assert.deepEqual([...(back as unknown as { _metadata: Map<string, unknown> })._metadata], [['', { version: 1 }], ['0', { version: 1 }], ['1', { version: 1 }], ['2', { version: 1 }]]);
  const dir = scratchDir();
  for (const name of ['sd_linear.pt', 'sd_linear_nobias.pt', 'sd_bilinear.pt', 'sd_conv2d.pt', 'sd_batchnorm2d.pt', 'sd_embedding.pt', 'sd_composite.pt', 'sd_parameter_list.pt', 'sd_nllloss_weight.pt']) {
    torch.save(torch.load(fixturePath(name)), join(dir, name));
    assert.equal(hex(readFileSync(join(dir, name))), hex(fixtureBytes(name)), name);
  }
});

test('Python types that JavaScript lacks come back as they were: int keys, OrderedDicts, tuples, floats', () => {
  const ck = torch.load(fixturePath('checkpoint.pt'));
  const rec = readPt(torch.save(ck), { wrapIntegralFloats: true, allowedGlobals: ['torch.*'] }) as Map<string, unknown>;
  assert.deepEqual([...(rec.get('int_keys') as Map<unknown, unknown>).keys()].sort(), [1, 3]);
  assert.ok(rec.get('model') instanceof OrderedDictRecord);
  const optimizer = rec.get('optimizer') as Map<string, unknown>;
  assert.deepEqual([...(optimizer.get('state') as Map<unknown, unknown>).keys()], [0, 1, 2, 3]);
  // Tuples load as arrays; PyFloat / pyTuple say what a number or array should be in Python.
  const explicit = readPt(torch.save({ lr: new PyFloat(1), shape: torch.serialization.pyTuple(2, 3), n: 1 })) as Map<string, unknown>;
  assert.ok(explicit.get('shape') instanceof PyTuple);
  assert.equal(typeof explicit.get('n'), 'number');
  const raw = readPt(torch.save({ lr: new PyFloat(1) }), { wrapIntegralFloats: true }) as Map<string, unknown>;
  assert.ok(raw.get('lr') instanceof PyFloat);
});

test("an optimizer's stateDict() is saved in PyTorch's layout: int state keys, tuple betas", () => {
  const net = new nn.Linear(2, 1);
  const opt = new torch.optim.Adam(net.parameters(), { lr: 0.01 });
  net.forward(torch.ones(1, 2)).sum().backward();
  opt.step();
  const rec = readPt(torch.save(opt.stateDict())) as Map<string, unknown>;
  const state = rec.get('state') as Map<unknown, unknown>;
  assert.deepEqual([...state.keys()], [0, 1]);
  const group = (rec.get('param_groups') as Map<string, unknown>[])[0]!;
  assert.ok(group.get('betas') instanceof PyTuple);
  assert.deepEqual(group.get('params'), [0, 1]);
  const opt2 = new torch.optim.Adam(new nn.Linear(2, 1).parameters());
  opt2.loadStateDict(roundTrip(opt.stateDict()));
  assert.equal(opt2.paramGroups[0]!.lr, 0.01);
});

test('whole built-in modules round-trip: class, repr, parameters, buffers, training flags, outputs', () => {
  torch.manualSeed(0);
  const model = new nn.Sequential(
    new nn.Linear(4, 6), new nn.LeakyReLU(0.2), new nn.Dropout(0), new nn.Linear(6, 6, { bias: false }),
    new nn.Hardtanh(-2, 2), new nn.Softmax(1), new nn.Unflatten(1, [2, 3]), new nn.Flatten(),
    new nn.GELU('tanh'),
  );
  model.at(8).eval();
  const shared = new nn.Linear(2, 2);
  const tied = new nn.Sequential(shared, shared, new nn.BCEWithLogitsLoss({ posWeight: torch.tensor([2]) }));
  const back = roundTrip({ model, tied });
  assert.ok(back.model instanceof nn.Sequential);
  assert.equal(String(back.model), String(model));
  assert.equal(back.model.at(8).training, false);
  assert.equal(back.model.training, true);
  const x = torch.rand(3, 4);
  assert.ok(torch.equal(back.model.eval().forward(x), model.eval().forward(x)));
  assert.equal(back.tied.at(0), back.tied.at(1), 'a module used twice stays one module');
  assert.deepEqual((back.tied.at(2) as torch.nn.BCEWithLogitsLoss).pos_weight!.tolist(), [2]);
  for (const p of back.model.parameters()) assert.ok(p instanceof nn.Parameter && p.requiresGrad);
});

class Block extends nn.Module {
  fc: torch.nn.Linear;
  hiddenSize: number;
  label: string;
  constructor(hiddenSize: number) {
    super();
    this.fc = new nn.Linear(2, hiddenSize);
    this.hiddenSize = hiddenSize;
    this.label = 'block';
    this.registerBuffer('steps', torch.zeros(1, { dtype: torch.int64 }));
    this.registerBuffer('scratch', torch.ones(1), false);
  }
  forward(x: torch.Tensor): torch.Tensor {
    return this.fc.forward(x);
  }
}

test('custom modules save as __main__.<class> and load once registered (with a create for constructor arguments)', () => {
  const block = new Block(3);
  const bytes = torch.save(block);
  const rec = readPt(bytes, { allowedGlobals: () => true }) as ObjectRecord;
  assert.equal(rec.qualifiedName, '__main__.Block');
  const state = rec.state as Map<string, unknown>;
  assert.equal(state.get('hidden_size'), 3, 'attributes take Python spelling');
  assert.deepEqual([...(state.get('_non_persistent_buffers_set') as Set<string>)], ['scratch']);
  assert.throws(() => torch.load(bytes), /__main__\.Block.*registerModule\(Block\)/);
  torch.serialization.registerModule(Block, { name: '__main__.Block', create: (a) => new Block(a.hidden_size as number) });
  const back = torch.load(bytes) as Block;
  assert.ok(back instanceof Block);
  assert.equal(back.hiddenSize, 3);
  assert.equal(back.label, 'block');
  assert.deepEqual(Object.keys(back.stateDict()), ['steps', 'fc.weight', 'fc.bias']);
  assert.ok(torch.equal(back.fc.weight, block.fc.weight));
  // A registered name is what is written.
  class Renamed extends nn.Module {
    forward(x: torch.Tensor): torch.Tensor {
      return x;
    }
  }
  torch.nn.registerModule(Renamed, 'models.blocks.Renamed');
  const renamed = readPt(torch.save(new Renamed()), { allowedGlobals: () => true }) as ObjectRecord;
  assert.equal(renamed.qualifiedName, 'models.blocks.Renamed');
  assert.ok(torch.load(torch.save(new Renamed())) instanceof Renamed);
  assert.throws(() => torch.serialization.registerModule(Renamed, 'torch.nn.modules.linear.Linear'), /built-in/);
  assert.throws(() => torch.serialization.registerModule(Map as never), /nn\.Module subclass/);
});

test('saving to a path replaces the file atomically and creates missing folders', () => {
  const dir = scratchDir();
  const path = join(dir, 'nested', 'deeper', 'ck.pt');
  torch.save({ a: torch.ones(2) }, path);
  assert.deepEqual(torch.load(path).a.tolist(), [1, 1]);
  torch.save({ a: torch.zeros(2) }, path);
  assert.deepEqual(torch.load(path).a.tolist(), [0, 0]);
  assert.throws(() => torch.save({ bad: () => 1 }, path), /cannot save a function/);
  assert.deepEqual(torch.load(path).a.tolist(), [0, 0], 'a failed save leaves the old file');
  assert.deepEqual(readdirSync(join(dir, 'nested', 'deeper')), ['ck.pt'], 'no temporary file is left');
  // The archive name is the file's stem, as torch.save writes it.
  const entries = readFileSync(path).toString('latin1');
  assert.ok(entries.includes('ck/data.pkl'));
  torch.save(torch.ones(1), new URL(`file://${join(dir, 'url.pt')}`));
  assert.ok(existsSync(join(dir, 'url.pt')));
  assert.throws(() => torch.save(torch.ones(1), dir), /EISDIR|directory/);
  assert.deepEqual(readdirSync(dir).sort(), ['nested', 'url.pt']);
});

test('what cannot be saved is a clear error naming where it is', () => {
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  const cases: [unknown, RegExp][] = [
    [{ f: () => 1 }, /cannot save a function .* at \["f"\]/],
    [cyclic, /contains itself at \["self"\]/],
    [{ arr: new Float32Array(2) }, /Float32Array.*torch\.tensor/],
    [{ when: new Date(0) }, /instance of Date.*at \["when"\]/],
    [[1, Symbol('x')], /cannot save a symbol at \[1\]/],
  ];
  for (const [value, message] of cases) {
    assert.throws(() => torch.save(value), (e: Error) => e instanceof torch.serialization.PicklingError && message.test(e.message), String(message));
  }
});

test('torch.load refuses what is not a torch.save file, and bad arguments, clearly', () => {
  assert.throws(() => torch.load(new Uint8Array(0)), /the input is empty/);
  assert.throws(() => torch.load(new TextEncoder().encode('hello world')), /not a torch\.save file/);
  assert.throws(() => torch.load(42 as never), TypeError);
  assert.throws(() => torch.load(torch.save(1), 'cpu', { bogus: true } as never), /unexpected keyword argument 'bogus'/);
  assert.throws(() => torch.load(join(scratchDir(), 'missing.pt')), /ENOENT/);
  assert.equal(torch.load(torch.save(null)), null);
  assert.deepEqual(torch.load(torch.save([1, 'a', true, 2.5, 10n ** 20n])), [1, 'a', true, 2.5, 10n ** 20n]);
});

test('npy: files numpy wrote load with their values, and toNpy writes what np.save writes', () => {
  for (const [name, want] of Object.entries(expected.npy)) {
    const bytes = fixtureBytes(`${name}.npy`);
    const t = torch.fromNpy(bytes);
    assert.deepEqual(t.shape, want.shape, name);
    assert.deepEqual(t.flatten().tolist(), want.values, name);
    if (want.fortran) assert.ok(!t.isContiguous(), `${name}: keeps Fortran strides`);
    if (!name.includes('big_endian') && !name.includes('f2') && !want.fortran) {
      assert.equal(hex(t.toNpy()), hex(bytes), `${name}: toNpy bytes equal np.save's`);
    }
  }
  const view = torch.arange(6).reshape(2, 3).t();
  assert.deepEqual(torch.fromNpy(torch.toNpy(view)).tolist(), view.tolist());
});

test('safetensors: save/load by bytes and by path', () => {
  const tensors = { w: torch.rand(2, 3), idx: torch.tensor([1n, -2n]), mask: torch.tensor([true, false]), v: torch.arange(6).reshape(2, 3).t() };
  const back = torch.safetensors.load(torch.safetensors.save(tensors, { metadata: { format: 'pt' } }));
  assert.deepEqual(Object.keys(back).sort(), Object.keys(tensors).sort());
  for (const [k, t] of Object.entries(tensors)) {
    assert.equal(back[k]!.dtype, t.dtype, k);
    assert.deepEqual(back[k]!.tolist(), t.tolist(), k);
  }
  const path = join(scratchDir(), 'weights.safetensors');
  torch.safetensors.save(tensors, path);
  assert.deepEqual(torch.safetensors.load(path).idx.tolist(), [1, -2]);
  assert.throws(() => torch.safetensors.save({ bad: 1 as never }), /'bad' is not a Tensor/);
});

test('a file written piece by piece equals the one built in memory; native and table CRC-32 agree', () => {
  const value = torch.load(fixturePath('checkpoint.pt'));
  const pieces: Uint8Array[] = [];
  const n = writePtTo(new Encoder().encode(value), (c) => pieces.push(c.slice()));
  const joined = Buffer.concat(pieces);
  assert.equal(joined.length, n);
  assert.equal(hex(joined), hex(torch.save(value)));
  const data = torch.randint(0, 256, [100_003], { dtype: torch.uint8 })._data as Uint8Array;
  for (const len of [0, 1, 7, 8, 4095, 4096, 4097, 100_003]) {
    assert.equal(crc32(data.subarray(0, len)), crc32Tables(data.subarray(0, len)), `length ${len}`);
    assert.equal(crc32(data.subarray(len), crc32(data.subarray(0, len))), crc32Tables(data), `continued at ${len}`);
  }
});
