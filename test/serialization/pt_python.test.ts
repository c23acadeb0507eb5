// Live round trips: files written by writePt are loaded by real PyTorch 1.13.1 (/usr/bin/python3),
// which describes what it got; skipped with a message when torch cannot be imported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  OrderedDictRecord,
  ParameterRecord,
  PickleGlobal,
  PyFloat,
  StorageRecord,
  TensorRecord,
  moduleRecord,
  pyTuple,
  readPt,
  stateDictRecord,
  writePt,
  type PtValue,
} from '../../src/serialization/index.js';
import { describe, expected, fixture, hasTorch, runPython, tempDir } from './helpers.js';

const skip = hasTorch() ? false : 'PyTorch is not importable from /usr/bin/python3; live round trips skipped';

const LOAD_ALL = `
import json, os, sys, io, torch
from gen_pt_fixtures import describe
d = sys.argv[1]
out = {}
for name in sorted(os.listdir(d)):
    if not name.endswith('.pt'):
        continue
    path = os.path.join(d, name)
    try:
        v = torch.load(path)
        r = {'describe': describe(v)}
        if isinstance(v, torch.nn.Module):
            r['repr'] = repr(v)
        if name == 'scratch_module.pt':
            r['forward'] = v(torch.ones(1, 1)).tolist()
        if name == 'scratch_sd.pt':
            m = torch.nn.Sequential(torch.nn.Linear(1, 10), torch.nn.ReLU(), torch.nn.Linear(10, 1))
            m.load_state_dict(v)
            r['forward'] = m(torch.ones(1, 1)).tolist()
            r['weights_only'] = describe(torch.load(path, weights_only=True))
            buf = io.BytesIO()
            torch.save(v, buf)
            r['resaved_hex'] = buf.getvalue().hex()
        out[name] = r
    except Exception as e:
        out[name] = {'error': '%s: %s' % (type(e).__name__, e)}
print(json.dumps(out))
`;

function f32(values: number[]): StorageRecord {
  return new StorageRecord('', 'float32', new Uint8Array(new Float32Array(values).buffer));
}

function sequentialWeights(): Array<[string, TensorRecord]> {
  return [
    ['0.weight', new TensorRecord({ storage: f32([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), shape: [10, 1] })],
    ['0.bias', new TensorRecord({ storage: f32(new Array(10).fill(0)), shape: [10] })],
    ['2.weight', new TensorRecord({ storage: f32(new Array(10).fill(1)), shape: [1, 10] })],
    ['2.bias', new TensorRecord({ storage: f32([0.5]), shape: [1] })],
  ];
}

function scratchModule(): PtValue {
  const w = new Map(sequentialWeights());
  const param = (k: string): ParameterRecord => new ParameterRecord(w.get(k)!);
  const linear = (prefix: string, inF: number, outF: number) =>
    moduleRecord({
      module: 'torch.nn.modules.linear',
      name: 'Linear',
      parameters: [['weight', param(`${prefix}.weight`)], ['bias', param(`${prefix}.bias`)]],
      attributes: [['in_features', inF], ['out_features', outF]],
    });
  return moduleRecord({
    module: 'torch.nn.modules.container',
    name: 'Sequential',
    modules: [
      ['0', linear('0', 1, 10)],
      ['1', moduleRecord({ module: 'torch.nn.modules.activation', name: 'ReLU', attributes: [['inplace', false]] })],
      ['2', linear('2', 10, 1)],
    ],
  });
}

function scratchViews(): PtValue {
  const base = new TensorRecord({ storage: f32([...Array(12).keys()]), shape: [3, 4] });
  const bf16 = new StorageRecord('', 'bfloat16', new Uint8Array([0x80, 0x3f, 0x00, 0xc0]));
  return new Map<PtValue, PtValue>([
    ['base', base],
    ['t', new TensorRecord({ storage: base.storage, shape: [4, 3], strides: [1, 4] })],
    ['slice', new TensorRecord({ storage: base.storage, shape: [2, 2], strides: [4, 1], storageOffset: 6 })],
    ['bf16', new TensorRecord({ storage: bf16, shape: [2] })],
    ['flag', new TensorRecord({ storage: new StorageRecord('', 'bool', new Uint8Array([1, 0, 1])), shape: [3] })],
    ['step', new TensorRecord({ storage: new StorageRecord('', 'int64', new Uint8Array(new BigInt64Array([7n]).buffer)), shape: [] })],
    ['leaf', new TensorRecord({ storage: f32([1, 2]), shape: [2], requiresGrad: true })],
    ['param', new ParameterRecord(new TensorRecord({ storage: f32([3]), shape: [1] }))],
  ]);
}

function scratchCheckpoint(): PtValue {
  const sd = stateDictRecord(sequentialWeights(), [['', 1], ['0', 1], ['1', 1], ['2', 1]]);
  return {
    epoch: 12,
    model: sd,
    optimizer: {
      state: new Map<PtValue, PtValue>([[0, new Map<PtValue, PtValue>([['step', 3]])]]),
      param_groups: [{ lr: 1e-3, betas: pyTuple<PtValue>(0.9, 0.999), eps: 1e-8, weight_decay: 0, amsgrad: false, foreach: null, params: [0, 1] }],
    },
    name: 'caf\u00e9 \u{1F600}',
    floats: [new PyFloat(1), -0, NaN, Infinity, 0.1],
    big: [2n ** 64n, -(2n ** 100n), 2 ** 40, -(2 ** 31) - 1],
    blob: new Uint8Array([0, 1, 255]),
    empty: new Uint8Array(0),
    keys: new Map<PtValue, PtValue>([[1, 'one'], [pyTuple<PtValue>(1, 2), 'pair'], [null, 'none']]),
    flags: new Set<PtValue>([1, 2]),
    dtype: new PickleGlobal('torch', 'float32'),
  };
}

test('writePt output loads in PyTorch: fixtures re-written, records built from scratch, a whole module', { skip, timeout: 300_000 }, () => {
  const dir = tempDir();
  const rewritten = Object.keys(expected).filter((k) => k.endsWith('.pt') && k !== 'deflated.pt');
  for (const name of rewritten) {
    const value = readPt(fixture(name), { wrapIntegralFloats: true, allowedGlobals: ['torch.nn.modules.*'] });
    writeFileSync(join(dir, `rt_${name}`), writePt(value, { archiveName: `rt_${name.slice(0, -3)}` }));
  }
  const sd = stateDictRecord(sequentialWeights(), [['', 1], ['0', 1], ['1', 1], ['2', 1]]);
  writeFileSync(join(dir, 'scratch_sd.pt'), writePt(sd, { archiveName: 'scratch_sd' }));
  writeFileSync(join(dir, 'scratch_zip64.pt'), writePt(sd, { zip64: 'always' }));
  writeFileSync(join(dir, 'scratch_module.pt'), writePt(scratchModule()));
  writeFileSync(join(dir, 'scratch_views.pt'), writePt(scratchViews()));
  writeFileSync(join(dir, 'scratch_checkpoint.pt'), writePt(scratchCheckpoint()));

  const got = JSON.parse(runPython(LOAD_ALL, [dir]));
  for (const name of rewritten) {
    assert.equal(got[`rt_${name}`].error, undefined, `torch.load(rt_${name}): ${got[`rt_${name}`].error}`);
    assert.deepStrictEqual(got[`rt_${name}`].describe, expected[name], name);
  }

  const sdOut = got['scratch_sd.pt'];
  assert.equal(sdOut.error, undefined, sdOut.error);
  assert.deepStrictEqual(sdOut.describe, describe(sd));
  assert.deepStrictEqual(sdOut.forward, [[55.5]]);
  assert.deepStrictEqual(sdOut.weights_only, describe(sd), 'weights_only=True accepts a plain state_dict');
  // torch.save of what torch.load got back equals our bytes (both use the archive name 'archive').
  assert.equal(sdOut.resaved_hex, Buffer.from(writePt(sd)).toString('hex'));

  assert.deepStrictEqual(got['scratch_zip64.pt'].describe, describe(sd));

  const mod = got['scratch_module.pt'];
  assert.equal(mod.error, undefined, mod.error);
  assert.equal(
    mod.repr,
    'Sequential(\n  (0): Linear(in_features=1, out_features=10, bias=True)\n  (1): ReLU()\n  (2): Linear(in_features=10, out_features=1, bias=True)\n)',
  );
  assert.deepStrictEqual(mod.forward, [[55.5]]);

  assert.deepStrictEqual(got['scratch_views.pt'].describe, describe(scratchViews()));
  const ck = got['scratch_checkpoint.pt'];
  assert.equal(ck.error, undefined, ck.error);
  assert.deepStrictEqual(ck.describe, describe(scratchCheckpoint()));
});

test('our module file and PyTorch agree byte for byte on a whole Sequential', { skip }, () => {
  // The fixture was written by torch.save(model); rebuilding it from records gives the same bytes.
  const original = readPt(fixture('sequential_module.pt'), { allowedGlobals: ['torch.nn.modules.*'] });
  const again = writePt(original, { archiveName: 'sequential_module' });
  assert.ok(Buffer.from(again).equals(Buffer.from(readFileSync(join('test', 'fixtures', 'serialization', 'sequential_module.pt')))));
});

test('_metadata survives the trip', () => {
  const sd = stateDictRecord(sequentialWeights(), [['', 1], ['0', 1]]);
  const back = readPt(writePt(sd)) as OrderedDictRecord;
  assert.deepEqual([...back.metadata!.entries.keys()], ['', '0']);
  assert.deepEqual(describe(back), describe(sd));
});
