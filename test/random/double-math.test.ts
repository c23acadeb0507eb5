// The float64 log/sin/cos behind the float64 samplers: correctly rounded on a fixture of
// mpmath values (scripts/gen_rng_libm_fixtures.py), special values handled like libm.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { log, sin, cos, sinCos, sinCosResult } from '../../src/random/double-math.js';
import { fromHex64, loadFixture } from './helpers.js';

const fx = loadFixture<{ log: string[][]; sincos: string[][] }>('correctly_rounded_libm.json');

test('log is correctly rounded on the fixture', () => {
  const args = fromHex64(fx.log.map((r) => r[0]!));
  const want = fromHex64(fx.log.map((r) => r[1]!));
  for (let i = 0; i < args.length; i++) assert.equal(log(args[i]!), want[i], `log(${args[i]})`);
});

test('sin and cos are correctly rounded on the fixture', () => {
  const args = fromHex64(fx.sincos.map((r) => r[0]!));
  const s = fromHex64(fx.sincos.map((r) => r[1]!));
  const c = fromHex64(fx.sincos.map((r) => r[2]!));
  for (let i = 0; i < args.length; i++) {
    sinCos(args[i]!);
    assert.equal(sinCosResult[0], s[i], `sin(${args[i]})`);
    assert.equal(sinCosResult[1], c[i], `cos(${args[i]})`);
    assert.equal(sin(args[i]!), s[i]);
    assert.equal(cos(args[i]!), c[i]);
  }
});

test('special values', () => {
  assert.equal(log(1), 0);
  assert.equal(log(0), -Infinity);
  assert.equal(log(-0), -Infinity);
  assert.ok(Number.isNaN(log(-1)));
  assert.ok(Number.isNaN(log(NaN)));
  assert.equal(log(Infinity), Infinity);
  assert.ok(Object.is(sin(-0), -0));
  assert.equal(cos(-0), 1);
  assert.ok(Number.isNaN(sin(Infinity)));
  assert.ok(Number.isNaN(cos(NaN)));
  // Beyond 2^20 the functions defer to Math.sin/Math.cos.
  assert.equal(sin(1e10), Math.sin(1e10));
});
