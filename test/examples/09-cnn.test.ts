// The CNN example: on its synthetic digits it prints what the same program prints in PyTorch 1.13.1
// (fixture from scripts/seed_torch/cnn.py), and pointed at a folder of IDX files it trains on those.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { runExample, repoRoot } from './run_example.js';

test('09-cnn on synthetic digits prints PyTorch\'s losses, accuracy and predictions', () => {
  const r = runExample('09-cnn');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, readFileSync(join(repoRoot, 'test/fixtures/examples/09-cnn.txt'), 'utf8'));
  assert.ok(existsSync(join(r.cwd, 'out/cnn-loss.svg')));
  const png = PNG.sync.read(readFileSync(join(r.cwd, 'out/cnn-predictions.png')));
  assert.ok(png.width >= 900 && png.height >= 420, `${png.width}x${png.height}`);
});

/** An IDX file: zero, zero, type 0x08 (unsigned byte), the rank, each dimension big-endian, then the bytes. */
function idx(dims: number[], bytes: Uint8Array): Uint8Array {
  const head = new DataView(new ArrayBuffer(4 + 4 * dims.length));
  head.setUint8(2, 0x08);
  head.setUint8(3, dims.length);
  dims.forEach((d, i) => head.setUint32(4 + 4 * i, d));
  const out = new Uint8Array(head.byteLength + bytes.length);
  out.set(new Uint8Array(head.buffer), 0);
  out.set(bytes, head.byteLength);
  return out;
}

test('09-cnn reads MNIST IDX files (plain or gzipped) from the folder TORCHLET_MNIST names', () => {
  const dir = mkdtempSync(join(tmpdir(), 'torchlet-mnist-'));
  const images = (n: number) => idx([n, 28, 28], Uint8Array.from({ length: n * 784 }, (_, i) => (i * 37) % 256));
  const labels = (n: number) => idx([n], Uint8Array.from({ length: n }, (_, i) => i % 10));
  writeFileSync(join(dir, 'train-images-idx3-ubyte'), images(40));
  writeFileSync(join(dir, 'train-labels-idx1-ubyte.gz'), gzipSync(labels(40)));
  writeFileSync(join(dir, 't10k-images-idx3-ubyte.gz'), gzipSync(images(20)));
  writeFileSync(join(dir, 't10k-labels-idx1-ubyte'), labels(20));
  const saved = process.env.TORCHLET_MNIST;
  process.env.TORCHLET_MNIST = dir;
  try {
    const r = runExample('09-cnn');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^MNIST from ${dir}: train \\[40, 1, 28, 28\\], test \\[20, 1, 28, 28\\]$`, 'm'));
    assert.match(r.stdout, /^Epoch: 1 \| train loss: \d+\.\d{4} \| test accuracy: \d\.\d{3}$/m);
  } finally {
    if (saved === undefined) delete process.env.TORCHLET_MNIST;
    else process.env.TORCHLET_MNIST = saved;
  }
});

test('09-cnn names the missing files when the MNIST folder lacks them', () => {
  const dir = mkdtempSync(join(tmpdir(), 'torchlet-mnist-empty-'));
  const saved = process.env.TORCHLET_MNIST;
  process.env.TORCHLET_MNIST = dir;
  try {
    const r = runExample('09-cnn');
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /no MNIST train files \(train-images-idx3-ubyte\[\.gz\], train-labels-idx1-ubyte\[\.gz\]\) in /);
  } finally {
    if (saved === undefined) delete process.env.TORCHLET_MNIST;
    else process.env.TORCHLET_MNIST = saved;
  }
});
