// The zip layer: CRC-32, PyTorch's stored+aligned layout, zip64, deflate with bomb protection,
// and clear errors for damaged archives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync, zipSync } from 'fflate';
import { ZipFormatError, crc32, readZip, writeZip } from '../../src/serialization/index.js';
import { fixture, canImport, runPython, tempDir } from './helpers.js';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

test('crc32 matches the standard check values', () => {
  assert.equal(crc32(new Uint8Array(0)), 0);
  assert.equal(crc32(text('123456789')), 0xcbf43926);
  assert.equal(crc32(text('The quick brown fox jumps over the lazy dog')), 0x414fa339);
  const big = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7) & 0xff);
  assert.equal(crc32(big.subarray(300), crc32(big.subarray(0, 300))), crc32(big), 'continues across chunks');
});

test('written entries are 64-byte aligned and read back', () => {
  const entries = [
    { name: 'archive/data.pkl', data: text('pickle') },
    { name: 'archive/data/0', data: Uint8Array.from({ length: 100 }, (_, i) => i) },
    { name: 'archive/data/1', data: new Uint8Array(0) },
    { name: 'archive/\u00e9', data: text('utf-8 name') },
  ];
  const zip = writeZip(entries);
  const archive = readZip(zip);
  assert.deepEqual(archive.entries.map((e) => e.name), entries.map((e) => e.name));
  for (const e of entries) {
    const entry = archive.entry(e.name)!;
    assert.equal(entry.dataOffset % 64, 0, `${e.name} is aligned`);
    assert.deepEqual(archive.read(e.name), e.data);
  }
  const unaligned = readZip(writeZip(entries, { align: 0 }));
  assert.deepEqual(unaligned.read('archive/data/0'), entries[1]!.data);
  const forced = readZip(writeZip(entries, { zip64: 'always' }));
  assert.deepEqual(forced.read('archive/\u00e9'), entries[3]!.data);
  assert.throws(() => writeZip([entries[0]!, entries[0]!]), /duplicate entry/);
});

test('archives written by other tools, deflated or stored, read (fflate, Python zipfile, numpy)', () => {
  const payload = Uint8Array.from({ length: 5000 }, (_, i) => (i % 13) * 3);
  const other = zipSync({ 'a.bin': [payload, { level: 9 }], 'b.txt': [text('hello'), { level: 0 }] });
  const archive = readZip(other);
  assert.deepEqual(archive.read('a.bin'), payload);
  assert.equal(archive.entry('a.bin')!.method, 8);
  assert.deepEqual(archive.read('b.txt'), text('hello'));
  assert.equal(readZip(fixture('compressed.npz')).entries.length, 2);
  assert.equal(readZip(fixture('deflated.pt')).entries.length, 6);
});

test('damaged archives give clear errors, never huge allocations', () => {
  const good = writeZip([{ name: 'x/data.pkl', data: text('0123456789') }]);
  const at = readZip(good).entry('x/data.pkl')!.dataOffset;

  const flipped = good.slice();
  flipped[at] = flipped[at]! ^ 1;
  assert.throws(() => readZip(flipped).read('x/data.pkl'), /CRC-32 mismatch in entry 'x\/data.pkl'/);
  assert.doesNotThrow(() => readZip(flipped, { verifyCrc: false }).read('x/data.pkl'));

  for (const cut of [0, 10, 21, good.length - 1, good.length - 30, 60]) {
    assert.throws(() => readZip(good.subarray(0, cut)), ZipFormatError, `cut at ${cut}`);
  }
  assert.throws(() => readZip(new Uint8Array(100)), /end of central directory record not found/);

  // Claim many more entries than the directory can hold.
  const lying = good.slice();
  const eocd = lying.length - 22;
  new DataView(lying.buffer).setUint16(eocd + 10, 500, true);
  new DataView(lying.buffer).setUint16(eocd + 8, 500, true);
  assert.throws(() => readZip(lying), ZipFormatError);

  // An absurd entry size in the central directory.
  const huge = good.slice();
  const cd = readCentralOffset(huge);
  new DataView(huge.buffer).setUint32(cd + 20, 0x7fffffff, true);
  new DataView(huge.buffer).setUint32(cd + 24, 0x7fffffff, true);
  assert.throws(() => readZip(huge), /run past the start of the central directory/);

  // Local header name disagreeing with the central directory.
  const renamed = good.slice();
  renamed[30] = 'y'.charCodeAt(0);
  assert.throws(() => readZip(renamed), /file name in the central directory and the local header differ/);
});

function readCentralOffset(zip: Uint8Array): number {
  const v = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  return v.getUint32(zip.length - 22 + 16, true);
}

/** A one-entry deflated zip whose central directory declares `declared` inflated bytes. */
function deflatedZip(content: Uint8Array, declared: number): Uint8Array {
  const compressed = deflateSync(content);
  const name = text('bomb');
  const out = new Uint8Array(30 + name.length + compressed.length + 46 + name.length + 22);
  const v = new DataView(out.buffer);
  v.setUint32(0, 0x04034b50, true);
  v.setUint16(8, 8, true);
  v.setUint32(14, crc32(content), true);
  v.setUint32(18, compressed.length, true);
  v.setUint32(22, declared, true);
  v.setUint16(26, name.length, true);
  out.set(name, 30);
  out.set(compressed, 30 + name.length);
  const cd = 30 + name.length + compressed.length;
  v.setUint32(cd, 0x02014b50, true);
  v.setUint16(cd + 10, 8, true);
  v.setUint32(cd + 16, crc32(content), true);
  v.setUint32(cd + 20, compressed.length, true);
  v.setUint32(cd + 24, declared, true);
  v.setUint16(cd + 28, name.length, true);
  out.set(name, cd + 46);
  const end = cd + 46 + name.length;
  v.setUint32(end, 0x06054b50, true);
  v.setUint16(end + 8, 1, true);
  v.setUint16(end + 10, 1, true);
  v.setUint32(end + 12, 46 + name.length, true);
  v.setUint32(end + 16, cd, true);
  return out;
}

test('zip bombs are refused: declared size over the limit, impossible ratios, lying sizes', () => {
  const zeros = new Uint8Array(4 << 20);
  const honest = deflatedZip(zeros, zeros.length);
  assert.equal(readZip(honest).read('bomb').length, zeros.length);
  assert.throws(() => readZip(honest, { maxInflatedSize: 1 << 20 }).read('bomb'), /over the limit of 1048576/);
  assert.throws(() => readZip(honest, { maxCompressionRatio: 100 }).read('bomb'), /compression ratio above 100:1/);
  // Declares 1 KiB but inflates to 4 MiB: stopped as soon as the output passes what was declared.
  assert.throws(() => readZip(deflatedZip(zeros, 1024)).read('bomb'), /inflates to more than its declared size of 1024 bytes/);
  // Declares far more than deflate can produce from so few bytes.
  assert.throws(() => readZip(deflatedZip(text('tiny'), 0x7fffffff)).read('bomb'), /compression ratio|over the limit/);
  // Declares more than the stream holds.
  assert.throws(() => readZip(deflatedZip(text('abc'), 10)).read('bomb'), /inflates to 3 bytes but its header declares 10/);
  const corrupt = deflatedZip(text('hello hello hello'), 17);
  corrupt[35] = 0xff;
  assert.throws(() => readZip(corrupt).read('bomb'), ZipFormatError);
});

test('overlapping entries (a bomb technique) and duplicate names are refused', () => {
  const one = writeZip([{ name: 'a', data: text('aaaa') }, { name: 'b', data: text('bbbb') }]);
  const v = new DataView(one.buffer);
  // Point entry b's central record at entry a's local header: same bytes counted twice.
  let cd = readCentralOffset(one);
  cd += 46 + 1; // skip entry a
  v.setUint32(cd + 42, 0, true);
  one[cd + 46] = 'a'.charCodeAt(0);
  assert.throws(() => readZip(one), /duplicate entry 'a'|overlap/);
});

test('Python\'s zipfile reads our archives, zip64 records included', { skip: canImport() ? false : 'python3 not available' }, () => {
  const dir = tempDir();
  const entries = [
    { name: 'p/data.pkl', data: text('abc') },
    { name: 'p/empty', data: new Uint8Array(0) },
    { name: 'p/data/0', data: Uint8Array.from({ length: 300 }, (_, i) => i & 0xff) },
  ];
  writeFileSync(join(dir, 'plain.zip'), writeZip(entries));
  writeFileSync(join(dir, 'z64.zip'), writeZip(entries, { zip64: 'always' }));
  const out = runPython(
    `import zipfile, sys, json, os
res = {}
for f in ['plain.zip', 'z64.zip']:
    z = zipfile.ZipFile(os.path.join(sys.argv[1], f))
    assert z.testzip() is None
    res[f] = [[i.filename, z.read(i).hex(), i.header_offset] for i in z.infolist()]
print(json.dumps(res))`,
    [dir],
  );
  const got = JSON.parse(out);
  for (const f of ['plain.zip', 'z64.zip']) {
    assert.deepEqual(
      got[f].map((r: [string, string, number]) => [r[0], r[1]]),
      entries.map((e) => [e.name, Buffer.from(e.data).toString('hex')]),
      f,
    );
  }
});
