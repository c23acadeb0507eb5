// Generator seeding, initial_seed, state bytes and their validation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Generator,
  DEFAULT_RNG_SEED,
  MT19937,
  defaultGenerator,
  manualSeed,
  initialSeed,
  seed,
  getRngState,
  setRngState,
  fillNormal,
  fillUniform,
} from '../../src/random/index.js';

function draws(g: Generator, n: number): number[] {
  return Array.from({ length: n }, () => g.random());
}

test('MT19937 matches the reference output of the standard algorithm', () => {
  // std::mt19937 with its default seed 5489 yields 4123659995 as its 10000th output.
  const mt = new MT19937(5489);
  let v = 0;
  for (let i = 0; i < 10000; i++) v = mt.nextU32();
  assert.equal(v, 4123659995);
  assert.equal(new MT19937(5489).nextU32(), 3499211612);
});

test('only the low 32 bits of a seed reach the engine; initialSeed keeps all 64', () => {
  const a = new Generator(5);
  const b = new Generator(2n ** 32n + 5n);
  assert.deepEqual(draws(a, 5), draws(b, 5));
  assert.equal(a.initialSeed(), 5);
  assert.equal(b.initialSeed(), 2 ** 32 + 5);
  assert.equal(new Generator(2n ** 63n).initialSeed(), 2n ** 63n);
  assert.equal(new Generator(2 ** 60).initialSeed(), 2n ** 60n);
});

test('negative seeds are read as two\'s complement u64, as PyTorch does', () => {
  const g = new Generator(-5);
  assert.equal(g.initialSeed(), 2n ** 64n - 5n);
  assert.deepEqual(draws(g, 3), draws(new Generator(2n ** 64n - 5n), 3));
  assert.equal(new Generator(-(2n ** 63n)).initialSeed(), 2n ** 63n);
});

test('bad seeds are refused with the value named', () => {
  assert.throws(() => new Generator(1.5), /integer seed, but got 1\.5/);
  assert.throws(() => new Generator(NaN), /integer seed, but got NaN/);
  assert.throws(() => new Generator(Infinity), /integer seed, but got Infinity/);
  assert.throws(() => new Generator(2n ** 64n), /Overflow when unpacking long: seed 18446744073709551616/);
  assert.throws(() => new Generator(-(2n ** 63n) - 1n), /Overflow when unpacking long: seed -9223372036854775809/);
  assert.throws(() => new Generator().manualSeed('3' as unknown as number), /number or bigint seed, but got string/);
  // A refused seed leaves the generator as it was.
  const g = new Generator(9);
  const before = g.getState();
  assert.throws(() => g.manualSeed(-1.25));
  assert.deepEqual(g.getState(), before);
});

test('a fresh Generator uses PyTorch\'s default seed; the global one starts non-deterministically', () => {
  assert.equal(new Generator().initialSeed(), Number(DEFAULT_RNG_SEED));
  assert.equal(DEFAULT_RNG_SEED, 67280421310721n);
  const s = seed();
  assert.equal(initialSeed(), s);
  assert.ok(Number.isSafeInteger(s) && s >= 0);
  manualSeed(77);
  assert.equal(initialSeed(), 77);
  assert.equal(defaultGenerator.initialSeed(), 77);
});

test('manualSeed clears the cached normal sample', () => {
  const g = new Generator(3);
  const one = new Float64Array(1);
  fillNormal(g, one);
  assert.equal(g.hasNextDoubleNormal, true);
  g.manualSeed(3);
  assert.equal(g.hasNextDoubleNormal, false);
  const again = new Float64Array(1);
  fillNormal(g, again);
  assert.equal(again[0], one[0]);
});

test('getState/setState round-trip, including the cached normal sample', () => {
  const g = new Generator(12);
  fillNormal(g, new Float32Array(3)); // leaves a cached sample
  const st = g.getState();
  assert.equal(st.length, 5056);
  const h = new Generator().setState(st);
  assert.deepEqual(h.getState(), st);
  const a = new Float32Array(40);
  const b = new Float32Array(40);
  fillNormal(g, a.subarray(0, 5));
  fillNormal(h, b.subarray(0, 5));
  fillUniform(g, a.subarray(5));
  fillUniform(h, b.subarray(5));
  assert.deepEqual(a, b);
  // The module-level helpers act on the default generator.
  manualSeed(4);
  const saved = getRngState();
  const x = draws(defaultGenerator, 3);
  setRngState(saved);
  assert.deepEqual(draws(defaultGenerator, 3), x);
});

test('setState accepts a subarray view and the 5048-byte legacy layout', () => {
  const g = new Generator(8);
  draws(g, 10);
  const st = g.getState();
  const padded = new Uint8Array(5056 + 16);
  padded.set(st, 8);
  assert.deepEqual(new Generator().setState(padded.subarray(8, 8 + 5056)).getState(), st);
  // Legacy layout: the cached normal is rebuilt as rho * sin(2*pi*x) (checked against PyTorch:
  // x = 0.1, rho = 2 gives 0x3ff2cf2304755a5e).
  const legacy = st.slice(0, 5048);
  const view = new DataView(legacy.buffer);
  view.setFloat64(5016, 0.1, true);
  view.setFloat64(5032, 2.0, true);
  view.setInt32(5040, 1, true);
  const l = new Generator().setState(legacy);
  const out = new Float64Array(1);
  fillNormal(l, out);
  assert.equal(out[0], 1.1755705045849463);
  assert.deepEqual(Array.from(l.getState().subarray(0, 5016)), Array.from(st.subarray(0, 5016)));
});

test('setState validates size, type and engine fields', () => {
  const g = new Generator(1);
  const st = g.getState();
  assert.throws(() => g.setState(new Uint8Array(10)), /CPUGeneratorImplStateLegacy of size 5048 or a CPUGeneratorImplState of size 5056 but found the input RNG state size to be 10/);
  assert.throws(() => g.setState([1, 2, 3] as unknown as Uint8Array), /RNG state must be a Uint8Array/);
  const bad = (offset: number, write: (v: DataView) => void) => {
    const b = st.slice();
    write(new DataView(b.buffer));
    return b;
  };
  assert.throws(() => g.setState(bad(8, (v) => v.setInt32(8, 0, true))), /Invalid mt19937 state/);
  assert.throws(() => g.setState(bad(8, (v) => v.setInt32(8, 625, true))), /Invalid mt19937 state/);
  assert.throws(() => g.setState(bad(12, (v) => v.setInt32(12, 0, true))), /Invalid mt19937 state/);
  assert.throws(() => g.setState(bad(16, (v) => v.setBigUint64(16, 625n, true))), /Invalid mt19937 state/);
  // next + left beyond 625 would read past the state words: refused (PyTorch reads garbage).
  assert.throws(
    () => g.setState(bad(8, (v) => { v.setInt32(8, 624, true); v.setBigUint64(16, 5n, true); })),
    /would read past/,
  );
  // A failed setState leaves the generator untouched.
  assert.deepEqual(g.getState(), st);
  // A non-zero seeded flag other than 1 is accepted, as in PyTorch.
  assert.doesNotThrow(() => new Generator().setState(bad(12, (v) => v.setInt32(12, 7, true))));
});

test('the constructor takes a device like torch.Generator, or a seed', () => {
  assert.equal(new Generator('cpu').initialSeed(), Number(DEFAULT_RNG_SEED));
  assert.equal(new Generator({ device: 'cpu' }).device, 'cpu');
  assert.throws(() => new Generator('cuda'), /Device type CUDA is not supported for torch.Generator\(\) api/);
  assert.throws(() => new Generator({ device: 'meta' }), /Device type META is not supported/);
  assert.equal(new Generator(1234).initialSeed(), 1234);
});

test('random64 takes the first draw as the high word', () => {
  const g = new Generator(0);
  const h = new Generator(0);
  const hi = BigInt(h.random());
  const lo = BigInt(h.random());
  assert.equal(g.random64(), (hi << 32n) | lo);
});
