// The IDX reader and the MNIST dataset, on small files written here (plain and gzipped).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as torch from '../../src/index.js';

const { MNIST, readIdx, DataLoader } = torch.utils.data;

/** An IDX file: two zero bytes, the type code, the dimension count, the sizes, then big-endian elements. */
function idx(typeCode: number, shape: number[], values: number[]): Uint8Array {
  const itemBytes = { 0x08: 1, 0x09: 1, 0x0b: 2, 0x0c: 4, 0x0d: 4, 0x0e: 8 }[typeCode]!;
  const header = 4 + 4 * shape.length;
  const bytes = new Uint8Array(header + values.length * itemBytes);
  const view = new DataView(bytes.buffer);
  bytes[2] = typeCode;
  bytes[3] = shape.length;
  shape.forEach((s, i) => view.setUint32(4 + 4 * i, s, false));
  values.forEach((v, i) => {
    const p = header + i * itemBytes;
    if (typeCode === 0x08) view.setUint8(p, v);
    else if (typeCode === 0x09) view.setInt8(p, v);
    else if (typeCode === 0x0b) view.setInt16(p, v, false);
    else if (typeCode === 0x0c) view.setInt32(p, v, false);
    else if (typeCode === 0x0d) view.setFloat32(p, v, false);
    else view.setFloat64(p, v, false);
  });
  return bytes;
}

const N = 3;
const pixels = Array.from({ length: N * 4 * 5 }, (_, i) => (i * 37) % 256);
const IMAGES = idx(0x08, [N, 4, 5], pixels);
const LABELS = idx(0x08, [N], [7, 2, 9]);

test('MNIST samples are ToTensor-scaled images and integer labels', () => {
  const ds = MNIST.fromBytes(IMAGES, LABELS);
  assert.equal(ds.length, 3);
  assert.equal(ds.data.dtype, torch.uint8);
  assert.deepEqual(ds.data.shape, [3, 4, 5]);
  assert.equal(ds.targets.dtype, torch.int64);
  const [img, label] = ds.getItem(1);
  assert.deepEqual(img.shape, [1, 4, 5]);
  assert.equal(img.dtype, torch.float32);
  assert.equal(label, 2);
  const expected = pixels.slice(20, 40).map((p) => Math.fround(p / 255));
  assert.deepEqual((img.toArray() as number[][][]).flat(2), expected);
});

test('MNIST batches: the fast path equals stacking the samples', () => {
  const ds = MNIST.fromBytes(IMAGES, LABELS);
  const order = [2, 0];
  const [fx, fy] = new DataLoader(ds, { batchSize: 2, sampler: order })[Symbol.iterator]().next().value!;
  const slow = torch.stack(order.map((i) => ds.getItem(i)[0]));
  assert.deepEqual(fx.shape, [2, 1, 4, 5]);
  assert.deepEqual(fx.toArray(), slow.toArray());
  assert.equal(fy.dtype, torch.int64);
  assert.deepEqual(fy.toArray(), [9, 7]);
  const raw = MNIST.fromBytes(IMAGES, LABELS, { transform: (t) => t.sum().item() });
  assert.equal(raw.getItem(0)[0], pixels.slice(0, 20).reduce((s, p) => s + p, 0));
});

test('gzipped files and files on disk', async () => {
  const ds = MNIST.fromBytes(gzipSync(IMAGES), gzipSync(LABELS));
  assert.deepEqual(ds.targets.toArray(), [7, 2, 9]);
  const dir = mkdtempSync(join(tmpdir(), 'torchlet-mnist-'));
  writeFileSync(join(dir, 't10k-images-idx3-ubyte.gz'), gzipSync(IMAGES));
  writeFileSync(join(dir, 't10k-labels-idx1-ubyte'), LABELS);
  const fromDisk = await MNIST.fromFiles(join(dir, 't10k-images-idx3-ubyte.gz'), join(dir, 't10k-labels-idx1-ubyte'));
  assert.deepEqual(fromDisk.data.toArray(), ds.data.toArray());
});

test('wrong magic numbers, truncated and mismatched files are errors', () => {
  const badMagic = IMAGES.slice();
  badMagic[0] = 0x50;
  assert.throws(() => MNIST.fromBytes(badMagic, LABELS), /MNIST images file is not an IDX file: wrong magic number 0x50000803/);
  assert.throws(() => MNIST.fromBytes(LABELS, LABELS), /MNIST images file has magic number 0x00000801, expected 0x00000803/);
  assert.throws(() => MNIST.fromBytes(IMAGES, IMAGES), /MNIST labels file has magic number 0x00000803, expected 0x00000801/);
  assert.throws(
    () => MNIST.fromBytes(IMAGES.subarray(0, IMAGES.length - 7), LABELS),
    { message: 'MNIST images file is truncated: shape [3, 4, 5] needs 60 bytes of elements after the 16-byte header, but only 53 are present' },
  );
  assert.throws(() => MNIST.fromBytes(IMAGES.subarray(0, 10), LABELS), /truncated: its header declares 3 dimensions/);
  assert.throws(() => MNIST.fromBytes(IMAGES.subarray(0, 2), LABELS), /truncated: 2 bytes/);
  assert.throws(() => MNIST.fromBytes(IMAGES, idx(0x08, [2], [1, 2])), { message: 'MNIST: 3 images but 2 labels' });
  const gz = gzipSync(IMAGES);
  assert.throws(() => MNIST.fromBytes(gz.subarray(0, gz.length - 12), LABELS), /looks gzipped but could not be decompressed/);
  const unknownType = IMAGES.slice();
  unknownType[2] = 0x0a;
  assert.throws(() => readIdx(unknownType), /unknown IDX type code 0x0a/);
  const extra = new Uint8Array(LABELS.length + 2);
  extra.set(LABELS);
  assert.throws(() => readIdx(extra), /2 unexpected bytes after/);
});

test('readIdx reads every IDX element type, big-endian', () => {
  const cases: [number, torch.DType, number[]][] = [
    [0x09, torch.int8, [-3, 5]],
    [0x0b, torch.int16, [-300, 1234]],
    [0x0c, torch.int32, [-70000, 123456]],
    [0x0d, torch.float32, [1.5, -2.25]],
    [0x0e, torch.float64, [Math.PI, -1e300]],
  ];
  for (const [code, dtype, values] of cases) {
    const { tensor, typeCode } = readIdx(idx(code, [2], values));
    assert.equal(typeCode, code);
    assert.equal(tensor.dtype, dtype);
    assert.deepEqual(tensor.toArray(), values);
  }
  assert.deepEqual(readIdx(idx(0x08, [2, 1, 2], [1, 2, 3, 4])).tensor.shape, [2, 1, 2]);
});

test('MNIST loads in a worker thread from its shared copy', async () => {
  const ds = MNIST.fromBytes(IMAGES, LABELS);
  const seen: number[] = [];
  for await (const [x, y] of new DataLoader(ds, { batchSize: 2, numWorkers: 1 })) {
    assert.deepEqual(x.shape[1], 1);
    seen.push(...(y.toArray() as number[]));
  }
  assert.deepEqual(seen, [7, 2, 9]);
});
