// Mutated and truncated variants of real files: every reader either parses or throws a
// SerializationError (never a RangeError/TypeError from deep inside, never a hang).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  SerializationError,
  readNpy,
  readNpz,
  readPt,
  readSafetensors,
  readZip,
  unpickle,
  writePt,
  writeSafetensors,
  writeZip,
} from '../../src/serialization/index.js';
import { fixture } from './helpers.js';

type Mutation =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'set'; at: number; value: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; bytes: number[] }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'duplicate'; at: number; length: number };

/** Positions are fractions of the length, uniform (fast-check's default bias would keep hitting byte 0). */
const fraction = fc.noBias(fc.integer({ min: 0, max: 1_000_000 })).map((n) => n / 1_000_000);
const position = fraction;

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('flip' as const), at: position, bit: fc.integer({ min: 0, max: 7 }) }) },
  fc.record({ kind: fc.constant('set' as const), at: position, value: fc.constantFrom(0, 1, 0x7f, 0x80, 0xfe, 0xff, 0x28, 0x2e, 0x71, 0x68) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fraction }),
  fc.record({ kind: fc.constant('insert' as const), at: position, bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 16 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: position, length: fc.integer({ min: 1, max: 64 }) }),
);

function apply(input: Uint8Array, mutations: Mutation[]): Uint8Array {
  let b = input.slice();
  for (const m of mutations) {
    const at = Math.min(b.length, Math.floor(m.at * b.length));
    switch (m.kind) {
      case 'flip':
        if (at < b.length) b[at] = b[at]! ^ (1 << m.bit);
        break;
      case 'set':
        if (at < b.length) b[at] = m.value;
        break;
      case 'truncate':
        b = b.slice(0, at);
        break;
      case 'insert':
        b = Uint8Array.from([...b.subarray(0, at), ...m.bytes, ...b.subarray(at)]);
        break;
      case 'delete':
        b = Uint8Array.from([...b.subarray(0, at), ...b.subarray(at + m.length)]);
        break;
      case 'duplicate':
        b = Uint8Array.from([...b.subarray(0, at + m.length), ...b.subarray(at, at + m.length), ...b.subarray(at + m.length)]);
        break;
    }
  }
  return b;
}

/** Runs `read`; only a SerializationError may escape. */
function survives(bytes: Uint8Array, read: (b: Uint8Array) => unknown): void {
  try {
    read(bytes);
  } catch (e) {
    if (e instanceof SerializationError) return;
    const sample = Buffer.from(bytes).toString('base64');
    assert.fail(`non-SerializationError ${(e as Error)?.name}: ${(e as Error)?.message}\ninput (base64): ${sample}`);
  }
}

const PT = ['sequential_sd.pt', 'views.pt', 'shared.pt', 'checkpoint.pt', 'parameters.pt', 'sequential_module.pt', 'deflated.pt', 'adam_sd.pt'];
const ptFiles = new Map(PT.map((f) => [f, fixture(f)]));

test('fuzz: mutated .pt files parse or throw SerializationError; what parses can be written again', { timeout: 180_000 }, () => {
  fc.assert(
    fc.property(fc.constantFrom(...PT), fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.boolean(), (name, muts, verifyCrc) => {
      const bytes = apply(ptFiles.get(name)!, muts);
      survives(bytes, (b) => {
        // Without CRC checks the mutations reach the pickle and the records, not just the zip layer.
        const value = readPt(b, { verifyCrc, allowedGlobals: ['torch.nn.modules.*'] });
        writePt(value);
      });
    }),
    { numRuns: 1500, seed: 1337 },
  );
});

test('fuzz: .pt archives whose data.pkl is mutated (a valid zip around a hostile pickle)', { timeout: 180_000 }, () => {
  const parts = new Map(
    PT.filter((f) => f !== 'deflated.pt').map((f) => {
      const zip = readZip(ptFiles.get(f)!);
      return [f, zip.entries.map((e) => ({ name: e.name, data: zip.read(e) }))] as const;
    }),
  );
  fc.assert(
    fc.property(fc.constantFrom(...parts.keys()), fc.array(mutation, { minLength: 1, maxLength: 3 }), (name, muts) => {
      const records = parts.get(name)!.map((r) => (r.name.endsWith('/data.pkl') ? { name: r.name, data: apply(r.data, muts) } : r));
      survives(writeZip(records), (b) => writePt(readPt(b, { allowedGlobals: ['torch.nn.modules.*'] })));
    }),
    { numRuns: 1000, seed: 99 },
  );
});

test('fuzz: mutated pickles (protocols 0-5) unpickle or throw SerializationError', { timeout: 120_000 }, () => {
  const pickles = [0, 1, 2, 3, 4, 5].map((p) => fixture(`values_p${p}.pkl`));
  const options = {
    resolveGlobal: (m: string, n: string) => {
      if (`${m}.${n}` === '_codecs.encode') return (s: string) => Uint8Array.from([...s].map((c) => c.charCodeAt(0) & 0xff));
      return () => new Set();
    },
    reduce: (f: unknown, args: unknown[]) => (typeof f === 'function' ? (f as (...a: unknown[]) => unknown)(...args) : null),
  };
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 5 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), (p, muts) => {
      survives(apply(pickles[p]!, muts), (b) => unpickle(b, options));
    }),
    { numRuns: 1000, seed: 4242 },
  );
});

test('fuzz: mutated .npy, .npz and .safetensors files', { timeout: 120_000 }, () => {
  const npy = ['f4_2x3.npy', 'i8_fortran.npy', 'v3.npy', 'f8_scalar.npy'].map(fixture);
  const npz = ['stored.npz', 'compressed.npz'].map(fixture);
  const st = writeSafetensors(
    {
      w: { dtype: 'F32', shape: [2, 2], bytes: new Uint8Array(16).fill(1) },
      b: { dtype: 'I64', shape: [1], bytes: new Uint8Array(8) },
      m: { dtype: 'BOOL', shape: [3], bytes: new Uint8Array([1, 0, 1]) },
    },
    { format: 'pt' },
  );
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 6 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), (which, muts) => {
      if (which < 4) survives(apply(npy[which]!, muts), readNpy);
      else if (which < 6) survives(apply(npz[which - 4]!, muts), (b) => readNpz(b));
      else survives(apply(st, muts), readSafetensors);
    }),
    { numRuns: 1000, seed: 777 },
  );
});
