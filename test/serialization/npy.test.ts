// .npy / .npz against files numpy wrote, byte-identical writing, and validation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  NpyFormatError,
  dtypeForNpyDescr,
  npyDescrForDtype,
  npyToLittleEndian,
  readNpy,
  readNpz,
  writeNpy,
  writeNpz,
  type NpyArray,
} from '../../src/serialization/index.js';
import { expected, fixture, canImport, hex, runPython, tempDir } from './helpers.js';

const cases = expected['npy'] as Record<string, { descr: string; fortran_order: boolean; shape: number[]; hex: string }>;

test('files written by numpy read into the expected records', () => {
  for (const [name, want] of Object.entries(cases)) {
    const arr = readNpy(fixture(name));
    assert.deepEqual(
      { descr: arr.descr, fortran_order: arr.fortranOrder, shape: arr.shape, hex: hex(arr.bytes) },
      want,
      name,
    );
  }
});

test('writing gives numpy\'s exact bytes (header, growth padding, 64-byte alignment)', () => {
  for (const name of Object.keys(cases)) {
    if (name === 'v2.npy' || name === 'v3.npy') continue; // forced versions; np.save picks 1.0
    const original = fixture(name);
    assert.ok(Buffer.from(writeNpy(readNpy(original))).equals(Buffer.from(original)), name);
  }
  assert.ok(Buffer.from(writeNpy(readNpy(fixture('v2.npy')), { version: 2 })).equals(Buffer.from(fixture('v2.npy'))));
  assert.ok(Buffer.from(writeNpy(readNpy(fixture('v3.npy')), { version: 3 })).equals(Buffer.from(fixture('v3.npy'))));
});

test('.npz archives, stored and deflated', () => {
  for (const f of ['stored.npz', 'compressed.npz']) {
    const arrays = readNpz(fixture(f));
    assert.deepEqual([...arrays.keys()], ['a', 'b'], f);
    assert.equal(hex(arrays.get('a')!.bytes), cases['f4_2x3.npy']!.hex);
    assert.deepEqual(arrays.get('b')!.shape, [3]);
  }
  const back = readNpz(writeNpz({ x: readNpy(fixture('i4_3d.npy')) }));
  assert.deepEqual(back.get('x')!.shape, [2, 3, 4]);
});

test('invalid .npy input is refused with clear errors', () => {
  const good = fixture('f4_2x3.npy');
  const bad = (mutate: (b: Uint8Array) => Uint8Array, pattern: RegExp): void => {
    assert.throws(() => readNpy(mutate(good.slice())), (e: unknown) => e instanceof NpyFormatError && pattern.test(e.message));
  };
  bad((b) => b.subarray(0, 5), /magic string/);
  bad((b) => ((b[6] = 4), b), /format version \(1,0\), \(2,0\), and \(3,0\), not \(4, 0\)/);
  bad((b) => b.subarray(0, 40), /truncated/);
  bad((b) => b.subarray(0, b.length - 1), /Failed to read all data/);
  bad((b) => Uint8Array.from([...b, 0]), /bytes after the array data/);
  const withHeader = (h: string): Uint8Array => {
    const arr: NpyArray = { descr: '<f4', fortranOrder: false, shape: [1], bytes: new Uint8Array(4) };
    const raw = writeNpy(arr);
    const text = new TextDecoder('latin1').decode(raw.subarray(10, 128));
    const replaced = h.padEnd(text.length - 1, ' ') + '\n';
    const out = raw.slice();
    out.set(new TextEncoder().encode(replaced), 10);
    return out;
  };
  const header = (h: string, pattern: RegExp): void => {
    assert.throws(() => readNpy(withHeader(h)), (e: unknown) => e instanceof NpyFormatError && pattern.test(e.message), h);
  };
  header("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", /Object arrays cannot be loaded/);
  header("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }", /structured dtypes/);
  header("{'descr': '<f4', 'fortran_order': 0, 'shape': (1,), }", /fortran_order is not a valid bool/);
  header("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }", /shape is not valid/);
  header("{'descr': '<f4', 'fortran_order': False}", /correct keys/);
  header("{'descr': '<f3', 'fortran_order': False, 'shape': (1,), }", /not a valid dtype descriptor/);
  header("__import__('os').system('ls')", /Cannot parse header/);
  // Python 2 wrote long ints with an L suffix; numpy still reads such headers.
  assert.deepEqual(readNpy(withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (1L,), }")).shape, [1]);
});

test('dtype helpers and byte order', () => {
  assert.equal(npyDescrForDtype('float32'), '<f4');
  assert.equal(npyDescrForDtype('bfloat16'), undefined);
  assert.equal(dtypeForNpyDescr('|b1'), 'bool');
  assert.equal(dtypeForNpyDescr('>i2'), 'int16');
  const big = readNpy(fixture('i2_big_endian.npy'));
  const little = npyToLittleEndian(big);
  assert.equal(little.descr, '<i2');
  assert.deepEqual([...new Int16Array(little.bytes.buffer, little.bytes.byteOffset, 3)], [1, -2, 300]);
});

test('numpy loads what we write', { skip: canImport('numpy') ? false : 'numpy not available' }, () => {
  const dir = tempDir();
  const arrays: Record<string, NpyArray> = {
    f8: { descr: '<f8', fortranOrder: false, shape: [2, 2], bytes: new Uint8Array(new Float64Array([1.5, -2, 0, 1e300]).buffer) },
    fortran: { descr: '<i4', fortranOrder: true, shape: [2, 3], bytes: new Uint8Array(new Int32Array([0, 3, 1, 4, 2, 5]).buffer) },
    scalar: { descr: '|b1', fortranOrder: false, shape: [], bytes: new Uint8Array([1]) },
  };
  for (const [k, a] of Object.entries(arrays)) writeFileSync(join(dir, `${k}.npy`), writeNpy(a));
  writeFileSync(join(dir, 'all.npz'), writeNpz(arrays));
  const out = runPython(
    `import numpy as np, sys, json, os
d = sys.argv[1]
res = {k: np.load(os.path.join(d, k + '.npy')).tolist() for k in ['f8', 'fortran', 'scalar']}
z = np.load(os.path.join(d, 'all.npz'))
res['npz'] = sorted(z.files)
res['npz_fortran'] = z['fortran'].tolist()
print(json.dumps(res))`,
    [dir],
  );
  assert.deepEqual(JSON.parse(out), {
    f8: [[1.5, -2], [0, 1e300]],
    fortran: [[0, 1, 2], [3, 4, 5]],
    scalar: true,
    npz: ['f8', 'fortran', 'scalar'],
    npz_fortran: [[0, 1, 2], [3, 4, 5]],
  });
});
