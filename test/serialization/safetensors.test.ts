// safetensors: layout per the format's definition (hand-built bytes), ordering, and validation.
// (Python's safetensors package is not installed here, so no live round trip.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  SafetensorsError,
  dtypeForSafetensors,
  readSafetensors,
  safetensorsDtypeFor,
  writeSafetensors,
  type SafetensorsTensor,
} from '../../src/serialization/index.js';

const enc = (s: string): number[] => [...new TextEncoder().encode(s)];
const le64 = (n: number): number[] => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >> 24) & 0xff, 0, 0, 0, 0];
const f32 = (...xs: number[]): Uint8Array => new Uint8Array(new Float32Array(xs).buffer);

/** A file from its parts: header length, header text, spaces, data. */
function file(header: string, data: number[] = [], pad = (8 - (enc(header).length % 8)) % 8): Uint8Array {
  const h = [...enc(header), ...new Array(pad).fill(0x20)];
  return Uint8Array.from([...le64(h.length), ...h, ...data]);
}

test('the layout: u64 header length, compact JSON padded with spaces to 8 bytes, then the data', () => {
  assert.deepEqual(writeSafetensors({}), file('{}'));
  assert.equal(writeSafetensors({}).length, 16);
  assert.deepEqual(writeSafetensors({}, { framework: 'pt' }), file('{"__metadata__":{"framework":"pt"}}'));
  const t: SafetensorsTensor = { dtype: 'F32', shape: [1, 2, 3], bytes: f32(0, 1, 2, 3, 4, 5) };
  const one = writeSafetensors({ 'attn.0': t });
  assert.deepEqual(one, file('{"attn.0":{"dtype":"F32","shape":[1,2,3],"data_offsets":[0,24]}}', [...t.bytes]));
  assert.equal(new DataView(one.buffer).getUint32(0, true), 64);
  const read = readSafetensors(one);
  assert.deepEqual([...read.tensors.keys()], ['attn.0']);
  assert.deepEqual(read.tensors.get('attn.0'), t);
  assert.equal(read.metadata, undefined);
});

test('tensors are laid out by dtype alignment (largest first), then name', () => {
  const out = writeSafetensors(
    new Map<string, SafetensorsTensor>([
      ['b', { dtype: 'U8', shape: [1], bytes: new Uint8Array([7]) }],
      ['z', { dtype: 'F64', shape: [], bytes: new Uint8Array(new Float64Array([2.5]).buffer) }],
      ['a', { dtype: 'U8', shape: [2], bytes: new Uint8Array([1, 2]) }],
      ['m', { dtype: 'BF16', shape: [1], bytes: new Uint8Array([0x80, 0x3f]) }],
      ['e', { dtype: 'F32', shape: [0], bytes: new Uint8Array(0) }],
    ]),
    new Map([['format', 'pt']]),
  );
  const read = readSafetensors(out);
  assert.deepEqual([...read.tensors.keys()], ['z', 'e', 'm', 'a', 'b']);
  assert.deepEqual(read.metadata, new Map([['format', 'pt']]));
  assert.equal((8 + new DataView(out.buffer).getUint32(0, true)) % 8, 0, 'data starts 8-byte aligned');
  assert.deepEqual(read.tensors.get('b')!.bytes, new Uint8Array([7]));
  const header = new TextDecoder().decode(out.subarray(8, 8 + new DataView(out.buffer).getUint32(0, true)));
  assert.ok(header.startsWith('{"__metadata__":{"format":"pt"},"z":{"dtype":"F64","shape":[],"data_offsets":[0,8]}'));
});

test('offsets may come in any order in the header; views or copies', () => {
  const data = [...f32(1), ...f32(2, 3)];
  const bytes = file('{"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]},"a":{"dtype":"F32","shape":[],"data_offsets":[0,4]}}', data);
  const read = readSafetensors(bytes);
  assert.deepEqual([...read.tensors.keys()], ['a', 'b']);
  const view = readSafetensors(bytes, { copy: false });
  assert.equal(view.tensors.get('b')!.bytes.buffer, bytes.buffer);
});

test('invalid files are refused with clear errors', () => {
  const bad = (bytes: Uint8Array, pattern: RegExp): void => {
    assert.throws(() => readSafetensors(bytes), (e: unknown) => e instanceof SafetensorsError && pattern.test(e.message), pattern.source);
  };
  const t = (name: string, dtype: string, shape: number[], offsets: number[]): string =>
    `"${name}":{"dtype":"${dtype}","shape":${JSON.stringify(shape)},"data_offsets":${JSON.stringify(offsets)}}`;
  bad(new Uint8Array(5), /header too small/);
  bad(Uint8Array.from([...le64(0), 0, 0, 0, 0, 0, 0, 0, 0].map((x, i) => (i === 3 ? 0x10 : x))), /header too large/);
  bad(Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), /header too large/);
  bad(Uint8Array.from([...le64(100), ...enc('{}')]), /invalid header length 100/);
  bad(file('[1,2]'), /must start with '\{'/);
  bad(file('{"a":'), /invalid header JSON/);
  bad(Uint8Array.from([...le64(2), 0xc3, 0x28]), /not valid UTF-8/);
  bad(file(`{${t('a', 'F33', [1], [0, 4])}}`, [0, 0, 0, 0]), /unknown dtype "F33"/);
  bad(file(`{${t('a', 'F32', [2], [0, 4])}}`, [0, 0, 0, 0]), /needs 8 bytes but data_offsets give 4/);
  bad(file(`{${t('a', 'F32', [-1], [0, 4])}}`, [0, 0, 0, 0]), /non-negative integers/);
  bad(file(`{${t('a', 'F32', [1], [4, 0])}}`, [0, 0, 0, 0]), /end before they begin/);
  bad(file(`{${t('a', 'U8', [4], [0, 4])},${t('b', 'U8', [2], [2, 4])}}`, [0, 0, 0, 0]), /overlap/);
  bad(file(`{${t('a', 'U8', [2], [0, 2])},${t('b', 'U8', [1], [3, 4])}}`, [0, 0, 0, 0]), /gap/);
  bad(file(`{${t('a', 'U8', [2], [0, 2])}}`, [0, 0, 0, 0]), /cover 2 bytes of data but the file holds 4/);
  bad(file(`{${t('a', 'U8', [4], [0, 4])}}`, [0, 0]), /cover 4 bytes of data but the file holds 2/);
  bad(file(`{"__metadata__":{"k":1}}`), /must be a string/);
  bad(file(`{${t('a', 'U8', [2 ** 30, 2 ** 30, 2 ** 30], [0, 4])}}`, [0, 0, 0, 0]), /overflows/);
  assert.throws(() => writeSafetensors({ a: { dtype: 'F32', shape: [2], bytes: new Uint8Array(4) } }), /needs 8 bytes, got 4/);
  assert.throws(() => writeSafetensors({ __metadata__: { dtype: 'U8', shape: [0], bytes: new Uint8Array(0) } }), /cannot be a tensor name/);
});

test('dtype names map to and from torch dtypes', () => {
  assert.equal(safetensorsDtypeFor('bfloat16'), 'BF16');
  assert.equal(safetensorsDtypeFor('bool'), 'BOOL');
  assert.equal(dtypeForSafetensors('I64'), 'int64');
  assert.equal(dtypeForSafetensors('U16'), undefined);
});
