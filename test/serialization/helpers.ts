// Shared by the serialization tests: fixture access, the neutral description of loaded values
// (the TypeScript twin of Describer in scripts/gen_pt_fixtures.py), and running real PyTorch.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ObjectRecord,
  OrderedDictRecord,
  ParameterRecord,
  PickleGlobal,
  PyFloat,
  PyTuple,
  StorageRecord,
  TensorRecord,
  type PtValue,
} from '../../src/serialization/index.js';

export const FIXTURES = join(process.cwd(), 'test', 'fixtures', 'serialization');
export const PYTHON = '/usr/bin/python3';

export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURES, name)));
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const expected: Record<string, any> = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8'));

export function hex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}

function floatValue(v: number): number | string {
  if (Number.isNaN(v)) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  return v;
}

/** The description Describer (Python) gives; numbers are ints when integral (read with wrapIntegralFloats). */
export function describe(root: PtValue): unknown {
  const storages = new Map<StorageRecord, number>();
  const storage = (s: StorageRecord): Record<string, unknown> => {
    const id = storages.get(s);
    if (id !== undefined) return { id };
    storages.set(s, storages.size);
    return { id: storages.size - 1, dtype: s.dtype, hex: hex(s.bytes) };
  };
  const tensor = (t: TensorRecord, type: string, requiresGrad: boolean): unknown => ({
    type,
    dtype: t.dtype,
    shape: t.shape,
    stride: t.strides,
    offset: t.storageOffset,
    requires_grad: requiresGrad,
    storage: storage(t.storage),
  });
  const pyRepr = (v: PtValue): string => (typeof v === 'string' ? `'${v}'` : String(v));
  const d = (v: PtValue | undefined): unknown => {
    if (v === null || v === undefined) return { type: 'none' };
    if (typeof v === 'boolean') return { type: 'bool', value: v };
    if (typeof v === 'bigint') return { type: 'int', value: v.toString() };
    if (typeof v === 'number') return Number.isSafeInteger(v) && !Object.is(v, -0) ? { type: 'int', value: String(v) } : { type: 'float', value: floatValue(v) };
    if (v instanceof PyFloat) return { type: 'float', value: floatValue(v.value) };
    if (typeof v === 'string') return { type: 'str', value: v };
    if (v instanceof Uint8Array) return { type: 'bytes', hex: hex(v) };
    if (v instanceof StorageRecord) return { ...storage(v), type: 'storage' };
    if (v instanceof ParameterRecord) return tensor(v.tensor, 'parameter', v.requiresGrad);
    if (v instanceof TensorRecord) return tensor(v, 'tensor', v.requiresGrad);
    if (v instanceof PyTuple) return { type: 'tuple', items: v.map(d) };
    if (Array.isArray(v)) return { type: 'list', items: v.map(d) };
    if (v instanceof Set) return { type: 'set', items: [...v].map(pyRepr).sort() };
    if (v instanceof OrderedDictRecord) {
      const out: Record<string, unknown> = { type: 'odict', items: [...v.entries].map(([k, x]) => [d(k), d(x)]) };
      if (v.metadata) out['metadata'] = d(v.metadata);
      return out;
    }
    if (v instanceof Map) return { type: 'dict', items: [...v].map(([k, x]) => [d(k), d(x)]) };
    if (v instanceof ObjectRecord) return { type: 'object', module: v.module, name: v.name, state: d(v.state) };
    if (v instanceof PickleGlobal) return { type: 'global', name: `${v.module}.${v.name}` };
    return { type: 'dict', items: Object.entries(v).map(([k, x]) => [d(k), d(x)]) };
  };
  return d(root);
}

const importable = new Map<string, boolean>();

/** Whether /usr/bin/python3 can import these modules (live tests skip, saying so, when it cannot). */
export function canImport(...modules: string[]): boolean {
  const key = modules.join(',');
  let ok = importable.get(key);
  if (ok === undefined) {
    const r = spawnSync(PYTHON, ['-c', modules.length ? `import ${key}` : 'pass'], { encoding: 'utf8', timeout: 120_000 });
    ok = r.status === 0;
    importable.set(key, ok);
  }
  return ok;
}

/** Whether real PyTorch (and numpy) can be imported. */
export function hasTorch(): boolean {
  return canImport('torch', 'numpy');
}

/** Runs a Python script (with scripts/ on sys.path) and returns its stdout; throws with stderr on failure. */
export function runPython(script: string, args: string[] = []): string {
  const r = spawnSync(PYTHON, ['-c', script, ...args], {
    encoding: 'utf8',
    timeout: 300_000,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, PYTHONPATH: join(process.cwd(), 'scripts') },
  });
  if (r.status !== 0) throw new Error(`python failed (${r.status}):\n${r.stderr}`);
  return r.stdout;
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'torchlet-serialization-'));
}
