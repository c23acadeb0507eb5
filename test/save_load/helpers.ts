// Shared by the save/load tests: fixture paths, running real PyTorch, and comparing what
// torch.load gave here with what PyTorch's torch.load gave (the rows of expected.json, written by
// scripts/gen_save_load_fixtures.py).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import * as torch from '../../src/index.js';
import { storageBytesOf } from '../../src/serialization/tensor_records.js';

export const FIXTURES = join(process.cwd(), 'test', 'fixtures', 'save_load');
export const PYTHON = '/usr/bin/python3';

export function fixturePath(name: string): string {
  return join(FIXTURES, name);
}

export function fixtureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(fixturePath(name)));
}

interface ExpectedFile {
  files: Record<string, [string, Record<string, unknown>][]>;
  reprs: Record<string, string>;
  npy: Record<string, { shape: number[]; values: unknown[]; fortran: boolean }>;
}

export const expected: ExpectedFile = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8'));

export function scratchDir(): string {
  return mkdtempSync(join(tmpdir(), 'torchlet-save-load-'));
}

let torchAvailable: boolean | undefined;
/** Whether /usr/bin/python3 can import torch (the live tests skip, saying so, when it cannot). */
export function hasTorch(): boolean {
  if (torchAvailable === undefined) {
    const r = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
    torchAvailable = r.status === 0;
  }
  return torchAvailable;
}

export const NO_TORCH = 'skipped: /usr/bin/python3 cannot import torch (apt-get install -y python3-torch)';

/** Runs a Python script with real PyTorch and parses the JSON it prints last. */
export function runPython<T = unknown>(script: string, args: string[] = []): T {
  const r = spawnSync(PYTHON, ['-c', script, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  assert.equal(r.status, 0, `python failed:\n${r.stderr}`);
  const lines = r.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as T;
}

export function hex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}

/** Every value in a loaded object by its path, written as the Python describer writes paths. */
export function pathsOf(root: unknown): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const walk = (v: unknown, path: string): void => {
    out.set(path, v);
    if (v instanceof torch.Tensor || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
    else if (v instanceof Map) for (const [k, x] of v) walk(x, `${path}[${JSON.stringify(String(k))}]`);
    else if (!(v instanceof torch.DType)) for (const [k, x] of Object.entries(v)) walk(x, `${path}[${JSON.stringify(k)}]`);
  };
  walk(root, '');
  return out;
}

function halfToNumber(h: number, bfloat: boolean): number {
  if (bfloat) return new Float32Array(new Uint32Array([h << 16]).buffer)[0]!;
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/** Checks a loaded tensor against PyTorch's description of it, storage bytes included. */
function checkTensor(
  t: unknown,
  d: Record<string, unknown>,
  path: string,
  storageIds: Map<number, unknown>,
): void {
  assert.ok(t instanceof torch.Tensor, `${path}: expected a tensor`);
  const dtype = d.dtype as string;
  const widened = dtype === 'float16' || dtype === 'bfloat16';
  assert.equal(t.dtype.name, widened ? 'float32' : dtype, `${path}: dtype`);
  assert.deepEqual(t._shape, d.shape, `${path}: shape`);
  assert.deepEqual(t._strides, d.stride, `${path}: stride`);
  assert.equal(t._offset, d.offset, `${path}: offset`);
  assert.equal(t.requiresGrad, d.requires_grad, `${path}: requires_grad`);
  assert.equal(t._isParameter, d.type === 'parameter', `${path}: Parameter or not`);
  const storage = d.storage as { id: number; hex?: string };
  const known = storageIds.get(storage.id);
  if (known !== undefined) {
    assert.equal(t._data, known, `${path}: should share storage ${storage.id}`);
    return;
  }
  for (const other of storageIds.values()) assert.notEqual(t._data, other, `${path}: should not share a storage`);
  storageIds.set(storage.id, t._data);
  const raw = Buffer.from(storage.hex!, 'hex');
  if (widened) {
    const halves = new Uint16Array(raw.buffer, raw.byteOffset, raw.length / 2);
    assert.equal(t._data.length, halves.length, `${path}: storage length`);
    halves.forEach((h, i) => assert.ok(Object.is(t._data[i], halfToNumber(h, dtype === 'bfloat16')), `${path}: element ${i}`));
  } else if (dtype === 'int64') {
    const longs = new BigInt64Array(new Uint8Array(raw).buffer);
    assert.equal(t._data.length, longs.length, `${path}: storage length`);
    longs.forEach((v, i) => assert.equal(t._data[i], Number(v), `${path}: element ${i}`));
    if ([...longs].every((v) => v <= 2n ** 53n && v >= -(2n ** 53n))) {
      assert.equal(hex(storageBytesOf(t._data, t.dtype)), storage.hex, `${path}: int64 bytes`);
    }
  } else {
    assert.equal(hex(storageBytesOf(t._data, t.dtype)), storage.hex, `${path}: storage bytes`);
  }
}

function checkLeaf(v: unknown, d: Record<string, unknown>, path: string): void {
  switch (d.type) {
    case 'none':
      return assert.equal(v, null, path);
    case 'bool':
    case 'str':
      return assert.equal(v, d.value, path);
    case 'int':
      return assert.equal(typeof v === 'bigint' ? String(v) : v, typeof v === 'bigint' ? d.value : Number(d.value), path);
    case 'float': {
      const want = d.value === 'nan' ? NaN : d.value === 'inf' ? Infinity : d.value === '-inf' ? -Infinity : (d.value as number);
      return assert.ok(Object.is(v, want), `${path}: ${String(v)} != ${String(want)}`);
    }
    case 'bytes':
      assert.ok(v instanceof Uint8Array, path);
      return assert.equal(hex(v), d.hex, path);
    case 'dtype':
      assert.ok(v instanceof torch.DType, path);
      return assert.equal(v.name, d.value, path);
    default:
      assert.fail(`${path}: unknown description ${JSON.stringify(d)}`);
  }
}

function isIntLike(k: string): boolean {
  return /^(0|[1-9][0-9]*)$/.test(k);
}

/** Compares a loaded value with the rows PyTorch's describer wrote for the same file. */
export function checkAgainstPyTorch(root: unknown, rows: [string, Record<string, unknown>][]): void {
  const ours = pathsOf(root);
  const storageIds = new Map<number, unknown>();
  let counted = 0;
  for (const [path, d] of rows) {
    if (path.endsWith('._metadata')) {
      const owner = ours.get(path.slice(0, -'._metadata'.length)) as { _metadata?: unknown };
      assert.ok(owner._metadata instanceof Map, `${path}: missing`);
      assert.ok(!Object.keys(owner).includes('_metadata'), `${path}: should not be enumerable`);
      assert.deepEqual([...owner._metadata], d.items, path);
      continue;
    }
    counted++;
    assert.ok(ours.has(path), `${path}: missing from the loaded value`);
    const v = ours.get(path);
    if (d.type === 'tensor' || d.type === 'parameter') checkTensor(v, d, path, storageIds);
    else if (d.type === 'dict' || d.type === 'odict') {
      assert.ok(typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof torch.Tensor), `${path}: expected a dict`);
      const keys = v instanceof Map ? [...v.keys()].map(String) : Object.keys(v);
      const want = d.keys as string[];
      // JavaScript lists integer-like keys first, ascending, whatever the insertion order.
      if (want.every(isIntLike)) assert.deepEqual([...keys].sort(), [...want].sort(), `${path}: keys`);
      else assert.deepEqual(keys, want, `${path}: keys`);
    } else if (d.type === 'list') {
      assert.ok(Array.isArray(v), `${path}: expected an array`);
      assert.equal(v.length, d.length, `${path}: length`);
    } else checkLeaf(v, d, path);
  }
  assert.equal(ours.size, counted, 'the loaded value has paths PyTorch did not');
}
