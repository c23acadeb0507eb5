// The page's console.log formatting matches Node's util.format / util.inspect, the oracle the
// examples' expected output came from.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { format, inspect as nodeInspect } from 'node:util';
import * as torch from '../../src/index.js';
import { formatLog, inspect } from '../../playground/src/worker/inspect.js';

class Point {
  constructor(
    public x: number,
    public y: number,
  ) {}
}

function values(): unknown[] {
  const circular: Record<string, unknown> = { name: 'root' };
  circular.self = circular;
  const sparse = [1, , 3]; // eslint-disable-line no-sparse-arrays
  const named = Object.assign([torch.tensor([1]), torch.tensor([0n])], { values: 1, indices: 2 });
  return [
    0, -0, 1.5, NaN, -Infinity, 12345678901234567890n, true, undefined, null, Symbol('s'), 'a string',
    "it's", 'say "hi"', 'both \' and "', 'tab\tnew\nline',
    [], [1, 2, 3], ['0.weight', '0.bias', '2.weight', '2.bias'], [[0, 1, 2], [3, 4, 5]], [2, 3, 4],
    Float64Array.from([0, 1, 2, 3, 4, 5]), new Float32Array(0), Int32Array.from([1, -2, 3]),
    Array.from({ length: 7 }, (_, i) => i), Array.from({ length: 30 }, (_, i) => i * 1.25),
    Array.from({ length: 26 }, (_, i) => String.fromCharCode(97 + i).repeat(i % 5 + 1)),
    Array.from({ length: 120 }, (_, i) => i), Array.from({ length: 30 }, (_, i) => -i * 1000),
    Float32Array.from({ length: 40 }, (_, i) => Math.fround(i / 3)),
    { a: 1, b: 'two', 'c-d': [1, 2] }, {}, Object.create(null), new Point(1, 2),
    { a: { b: { c: { d: 1 } } } }, { a: { b: { c: {} } } }, { a: { b: { c: [] } } }, [[[[1]]]],
    { long: 'x'.repeat(70), other: 1 }, { nested: { arr: Array.from({ length: 10 }, (_, i) => i * 100) } },
    new Map([['a', 1], ['b', 2]]), new Set([1, 'x']), new Map(), circular, sparse,
    function namedFn() {}, () => 1, Point, class extends Point {},
    { [Symbol('k')]: 1, get g() { return 1; } },
    new Date(0),
    /re/g,
    new ArrayBuffer(3),
    named,
    torch.tensor([[1, 2], [3, 4]]),
    { t: torch.tensor([1.5, 2]) },
    [torch.tensor([[1, 2], [3, 4]]), 'x'],
    new torch.nn.Linear(2, 3),
  ];
}

test('inspect prints each value as Node does', () => {
  const wrong = values().filter((v) => inspect(v) !== nodeInspect(v));
  assert.deepEqual(wrong.map((v) => inspect(v)), wrong.map((v) => nodeInspect(v)));
});

test('formatLog joins arguments and applies printf specifiers as console.log does', () => {
  const cases: unknown[][] = [
    ['typed array:', Float64Array.from([0, 1, 2]), '\ntorch tensor:', torch.tensor([1, 2])],
    ['Epoch:', 0, '| Step:', 1, '| batch x:', [5, 3, 1, 7, 9]],
    ['%s is %d years and %i days, %f%%', 'Bob', 42.5, 3.9, 1.5],
    ['%o and %O and %j', { a: 1 }, [1, 2], { b: [2] }],
    ['%s', { a: { b: 1 } }, 'extra', 3],
    ['only %s'],
    ['%c styled', 'color: red'],
    [1, 'a', null, undefined],
    ['mean value', 0],
    [],
  ];
  const wrong = cases.filter((args) => formatLog(args) !== format(...(args as [unknown, ...unknown[]])));
  assert.deepEqual(wrong.map(formatLog), wrong.map((args) => format(...(args as [unknown, ...unknown[]]))));
});
