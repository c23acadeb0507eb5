// Files saved by real PyTorch 1.13.1 (scripts/gen_pt_fixtures.py) read through readPt, compared
// with what torch.load itself saw; and written back byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ObjectRecord,
  OrderedDictRecord,
  ParameterRecord,
  PtFormatError,
  PyTuple,
  SerializationError,
  StorageRecord,
  TensorRecord,
  UnpicklingError,
  archiveNameForPath,
  moduleRecordParts,
  readPt,
  readPtArchive,
  stateDictParts,
  writePt,
} from '../../src/serialization/index.js';
import { describe, expected, fixture } from './helpers.js';

const MODULE_FILES = new Set(['sequential_module.pt', 'conv_module.pt', 'lstm_module.pt']);
const PT_FILES = Object.keys(expected).filter((k) => k.endsWith('.pt'));

const readOpts = (name: string) => ({
  wrapIntegralFloats: true,
  allowedGlobals: MODULE_FILES.has(name) ? ['torch.nn.modules.*'] : undefined,
});

test('every .pt fixture reads into the records torch.load describes (dtype, geometry, bytes, sharing)', () => {
  assert.ok(PT_FILES.length >= 15);
  for (const name of PT_FILES) {
    const value = readPt(fixture(name), readOpts(name));
    assert.deepStrictEqual(describe(value), expected[name], name);
  }
});

test('storages shared between tensors come back as one StorageRecord object', () => {
  const views = readPt(fixture('views.pt')) as Map<string, TensorRecord>;
  const base = views.get('base')!;
  for (const k of ['transposed', 'sliced', 'expanded', 'strided']) assert.equal(views.get(k)!.storage, base.storage, k);
  assert.notEqual(views.get('other')!.storage, base.storage);
  assert.deepEqual([views.get('transposed')!.shape, views.get('transposed')!.strides], [[4, 3], [1, 4]]);
  assert.deepEqual([views.get('sliced')!.storageOffset, views.get('sliced')!.strides], [6, [4, 1]]);
  assert.deepEqual(views.get('expanded')!.strides, [0, 1]);

  const shared = readPt(fixture('shared.pt')) as unknown[];
  const [a, b, pair] = shared as [TensorRecord, TensorRecord, PyTuple];
  assert.equal(a.storage, b.storage);
  assert.equal(pair[0], a, 'the same tensor object twice is memoized, not rebuilt');
  assert.equal(b.storageOffset, 2);
});

test('dtypes map to torch storage classes and raw little-endian bytes', () => {
  const sd = readPt(fixture('dtypes.pt')) as OrderedDictRecord;
  const dtype = (k: string): string => (sd.entries.get(k) as TensorRecord).dtype;
  assert.deepEqual(
    ['f32', 'f64', 'f16', 'bf16', 'i64', 'i32', 'i16', 'i8', 'u8', 'bool'].map(dtype),
    ['float32', 'float64', 'float16', 'bfloat16', 'int64', 'int32', 'int16', 'int8', 'uint8', 'bool'],
  );
  const i64 = sd.entries.get('i64') as TensorRecord;
  const view = new DataView(i64.storage.bytes.buffer, i64.storage.bytes.byteOffset);
  assert.equal(view.getBigInt64(24, true), -(2n ** 63n));
  const scalar = sd.entries.get('scalar') as TensorRecord;
  assert.deepEqual([scalar.shape, scalar.strides, scalar.storage.numel], [[], [], 1]);
  const empty = sd.entries.get('empty') as TensorRecord;
  assert.deepEqual([empty.shape, empty.storage.bytes.length], [[0, 3], 0]);
});

test('state_dict _metadata and optimizer state come through', () => {
  const sd = readPt(fixture('modules_sd.pt'));
  const { tensors, versions } = stateDictParts(sd);
  assert.ok(tensors.has('lstm.weight_ih_l0') && tensors.has('bn.num_batches_tracked'));
  assert.equal(tensors.get('bn.num_batches_tracked')!.dtype, 'int64');
  assert.deepEqual([...versions!], [['', 1], ['fc', 1], ['conv', 1], ['bn', 2], ['lstm', 1], ['emb', 1]]);

  const adam = readPt(fixture('adam_sd.pt')) as Map<string, unknown>;
  const state = adam.get('state') as Map<number, Map<string, unknown>>;
  assert.deepEqual([...state.keys()], [0, 1, 2, 3]);
  assert.ok(state.get(0)!.get('exp_avg') instanceof TensorRecord);
  const group = (adam.get('param_groups') as Array<Map<string, unknown>>)[0]!;
  assert.ok(group.get('betas') instanceof PyTuple);
  assert.deepEqual([...(group.get('betas') as PyTuple)], [0.9, 0.99]);
  assert.equal(group.get('lr'), 0.001);
  assert.deepEqual(group.get('params'), [0, 1, 2, 3]);
});

test('a checkpoint keeps ints, big ints, floats, None, bools, bytes, tuples and non-string keys', () => {
  const ck = readPt(fixture('checkpoint.pt')) as Map<unknown, unknown>;
  assert.equal(ck.get('epoch'), 7);
  assert.equal(ck.get('big'), 2n ** 70n);
  assert.equal(ck.get('negative'), -123456789012);
  assert.equal(ck.get('lr'), 0.001);
  assert.equal(ck.get('best'), null);
  assert.equal(ck.get('done'), true);
  assert.deepEqual(ck.get('blob'), new Uint8Array([0, 255, 0x61, 0x62]));
  assert.deepEqual(ck.get('empty_blob'), new Uint8Array(0));
  assert.equal(ck.get('name'), 'run-\u00e9\u4e2d\u{1F600}');
  const nested = ck.get('nested') as Map<unknown, unknown>;
  assert.equal(nested.get(1), 'int key');
  const tupleKey = [...nested.keys()].find((k) => k instanceof PyTuple) as PyTuple;
  assert.deepEqual([...tupleKey], [1, 2]);
  assert.ok(ck.get('model') instanceof OrderedDictRecord);
});

test('parameters and tensors that require grad', () => {
  const p = readPt(fixture('parameters.pt')) as Map<string, unknown>;
  const param = p.get('param') as ParameterRecord;
  assert.ok(param instanceof ParameterRecord);
  assert.equal(param.requiresGrad, true);
  assert.equal(param.tensor.requiresGrad, false);
  assert.equal((p.get('frozen') as ParameterRecord).requiresGrad, false);
  const leaf = p.get('leaf') as TensorRecord;
  assert.ok(leaf instanceof TensorRecord && leaf.requiresGrad);
  const storage = readPt(fixture('storage_only.pt'));
  assert.ok(storage instanceof StorageRecord);
  assert.equal(storage.dtype, 'int16');
});

test('a whole pickled nn.Sequential needs its classes allowed, then reads as module records', () => {
  assert.throws(
    () => readPt(fixture('sequential_module.pt')),
    (e: unknown) => e instanceof UnpicklingError && /torch\.nn\.modules\.container\.Sequential/.test(e.message),
  );
  const seq = readPt(fixture('sequential_module.pt'), { allowedGlobals: ['torch.nn.modules.*'] }) as ObjectRecord;
  const parts = moduleRecordParts(seq);
  assert.equal(seq.qualifiedName, 'torch.nn.modules.container.Sequential');
  assert.deepEqual([...parts.modules.keys()], ['0', '1', '2']);
  const linear = moduleRecordParts(parts.modules.get('0')!);
  assert.equal(linear.name, 'Linear');
  assert.deepEqual([...linear.attributes], [['in_features', 1], ['out_features', 10]]);
  assert.ok(linear.parameters.get('weight') instanceof ParameterRecord);
  assert.equal(moduleRecordParts(parts.modules.get('1')!).attributes.get('inplace'), false);

  const lstm = moduleRecordParts(readPt(fixture('lstm_module.pt'), { allowedGlobals: ['torch.nn.modules.rnn.LSTM'] }) as ObjectRecord);
  const flat = lstm.attributes.get('_flat_weights') as ParameterRecord[];
  assert.equal(flat[0], lstm.parameters.get('weight_ih_l0'), 'the same Parameter object in two places stays one record');

  const conv = readPt(fixture('conv_module.pt'), { allowedGlobals: (m) => m.startsWith('torch.nn.modules.') }) as ObjectRecord;
  const bn = moduleRecordParts(moduleRecordParts(conv).modules.get('1')!);
  assert.equal(bn.training, false);
  assert.equal(bn.buffers.get('num_batches_tracked')!.dtype, 'int64');
  assert.equal(bn.attributes.get('eps'), 1e-5);
});

test('writing what was read reproduces torch.save byte for byte', () => {
  // lstm_module.pt is left out: which equal strings CPython shares there depends on the run.
  const identical = [
    'dtypes.pt', 'views.pt', 'shared.pt', 'modules_sd.pt', 'sequential_sd.pt', 'sequential_module.pt',
    'conv_module.pt', 'sgd_sd.pt', 'adam_sd.pt', 'checkpoint.pt', 'parameters.pt', 'storage_only.pt', 'dotted.name.pt',
  ];
  for (const name of identical) {
    const original = fixture(name);
    const archive = readPtArchive(original, readOpts(name));
    assert.equal(archive.archiveName, archiveNameForPath(`/some/dir/${name}`));
    const again = writePt(archive.root, { archiveName: archive.archiveName });
    assert.ok(Buffer.from(again).equals(Buffer.from(original)), `${name} differs from torch.save's bytes`);
  }
});

test('a re-packed (deflated) archive reads the same as the original', () => {
  const a = readPt(fixture('deflated.pt'));
  const b = readPt(fixture('sequential_sd.pt'));
  assert.deepStrictEqual(describe(a), describe(b));
});

test('legacy and foreign files are refused with clear messages', () => {
  assert.throws(() => readPt(fixture('legacy.pt')), {
    message: 'legacy (pre-1.6) torch.save format is not supported; re-save it with torch.save in PyTorch >= 1.6',
  });
  assert.throws(() => readPt(new Uint8Array(0)), /the input is empty/);
  assert.throws(() => readPt(new TextEncoder().encode('hello world')), /not a torch.save file: expected a zip archive/);
  assert.throws(() => readPt(fixture('stored.npz')), PtFormatError); // a zip, but no data.pkl
});

test('archive names follow torch.save: the base name without its last extension', () => {
  assert.equal(archiveNameForPath('sd.pt'), 'sd');
  assert.equal(archiveNameForPath('a.b.pt'), 'a.b');
  assert.equal(archiveNameForPath('dir.x/model.pth.tar'), 'model.pth');
  assert.equal(archiveNameForPath('noext'), 'noext');
  assert.equal(archiveNameForPath('C:\\w\\m.pt'), 'm');
});

test('readPt can return zero-copy views of stored storages', () => {
  const file = fixture('sequential_sd.pt');
  const sd = readPt(file, { copy: false }) as OrderedDictRecord;
  const w = sd.entries.get('0.weight') as TensorRecord;
  assert.equal(w.storage.bytes.buffer, file.buffer);
  assert.equal((w.storage.bytes.byteOffset - file.byteOffset) % 64, 0, 'torch aligns storage data to 64 bytes');
  const copied = readPt(file) as OrderedDictRecord;
  assert.notEqual((copied.entries.get('0.weight') as TensorRecord).storage.bytes.buffer, file.buffer);
});

test('every failure is a SerializationError', () => {
  for (const bad of [fixture('legacy.pt'), new Uint8Array([0x50, 0x4b, 3, 4, 0, 0])]) {
    assert.throws(() => readPt(bad), SerializationError);
  }
});
