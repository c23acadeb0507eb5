// The safe unpickler (protocols 0-5, hostile input) and the protocol-2 writer (CPython's bytes).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  PickleBuild,
  PickleGlobal,
  PickleInterned,
  PickleNewObj,
  PicklePersistentId,
  PickleReduce,
  PicklingError,
  PyFloat,
  PyTuple,
  UnpicklingError,
  pickle,
  pyTuple,
  unpickle,
  type PickleValue,
  type UnpickleOptions,
} from '../../src/serialization/index.js';
import { fixture, canImport, runPython } from './helpers.js';

const bytes = (...parts: Array<number | string | number[]>): Uint8Array => {
  const out: number[] = [];
  for (const p of parts) {
    if (typeof p === 'number') out.push(p);
    else if (typeof p === 'string') for (const ch of p) out.push(ch.charCodeAt(0));
    else out.push(...p);
  }
  return Uint8Array.from(out);
};

const builtins: UnpickleOptions = {
  resolveGlobal: (m, n) => {
    const full = `${m}.${n}`;
    if (full === 'builtins.set' || full === 'builtins.frozenset') return (items: unknown[] = []) => new Set(items);
    if (full === '_codecs.encode') return (s: string) => Uint8Array.from([...s].map((c) => c.charCodeAt(0)));
    if (full === 'builtins.bytearray') return (s: string | Uint8Array = '') => (typeof s === 'string' ? Uint8Array.from([...s].map((c) => c.charCodeAt(0))) : s);
    if (full === 'builtins.bytes') return () => new Uint8Array(0);
    throw new UnpicklingError(`Unsupported class ${full}`);
  },
};

test('values pickled by CPython in protocols 0 to 5 all read the same', () => {
  for (let proto = 0; proto <= 5; proto++) {
    const v = unpickle(fixture(`values_p${proto}.pkl`), builtins) as Map<string, unknown>;
    assert.deepEqual(v.get('ints'), [0, 1, -1, 255, 256, 65535, 65536, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, 2n ** 64n, -(2n ** 100n)], `p${proto}`);
    const floats = v.get('floats') as number[];
    assert.deepEqual(floats.slice(0, 3), [0.5, -0, 1e300]);
    assert.ok(Object.is(floats[1], -0));
    assert.equal(floats[3], Infinity);
    assert.deepEqual(v.get('text'), ['', 'ascii', 'caf\u00e9', '\u{1F600}']);
    assert.ok(v.get('flags') instanceof PyTuple);
    assert.deepEqual([...(v.get('flags') as PyTuple)], [true, false, null]);
    assert.deepEqual(v.get('blob'), new Uint8Array([0, 1, 0xfe]));
    assert.deepEqual(v.get('bytearray'), new Uint8Array([0x78, 0x79, 0x7a]));
    assert.deepEqual([...(v.get('tuple1') as PyTuple)], [1]);
    const nested = (v.get('nested') as Map<string, unknown>).get('k') as unknown[];
    assert.deepEqual(nested[0], [1, 2]);
    assert.ok(nested[1] instanceof PyTuple && (nested[1] as PyTuple)[1] instanceof PyTuple);
    assert.deepEqual(v.get('set'), new Set([1, 2, 3]));
    assert.deepEqual(v.get('frozen'), new Set(['a']));
  }
});

test('globals outside the whitelist are refused, naming module.name', () => {
  // GLOBAL 'os system' (a classic exploit) and STACK_GLOBAL 'builtins eval'.
  const global = bytes(0x80, 2, 'c', 'os\nsystem\n', 'X', [4, 0, 0, 0], 'echo', 0x85, 'R', '.');
  assert.throws(() => unpickle(global, builtins), /Unsupported class os\.system/);
  assert.throws(() => unpickle(global), /Unsupported class os\.system/);
  const stack = bytes(0x80, 4, 0x8c, 8, 'builtins', 0x8c, 4, 'eval', 0x93, '.');
  assert.throws(() => unpickle(stack, builtins), /Unsupported class builtins\.eval/);
  // Protocol 0 INST reaches the same gate.
  const inst = bytes('(S\'ls\'\n', 'ios\nsystem\n', '.');
  assert.throws(() => unpickle(inst, builtins), /Unsupported class os\.system/);
  // Python 2 names are mapped before the check, as CPython maps them.
  assert.deepEqual(unpickle(bytes(0x80, 2, 'c__builtin__\nset\n', ']', 0x85, 'R.'), builtins), new Set());
});

test('hostile and broken input fails with clear errors', () => {
  assert.throws(() => unpickle(new Uint8Array(0)), { message: 'Ran out of input' });
  assert.throws(() => unpickle(bytes(0x80, 2, 'X', [10, 0, 0, 0], 'abc')), { message: 'pickle data was truncated' });
  assert.throws(() => unpickle(bytes(0x80, 2, 'K')), { message: 'pickle data was truncated' });
  assert.throws(() => unpickle(bytes(0x80, 2, 'N')), { message: 'pickle data was truncated' }); // no STOP
  assert.throws(() => unpickle(bytes(0x80, 2, 0xff, '.')), /invalid load key, '\\xff' \(unknown opcode 0xff at offset 2\)/);
  assert.throws(() => unpickle(bytes(0x80, 9, '.')), /unsupported pickle protocol: 9/);
  assert.throws(() => unpickle(bytes(0x80, 2, 'h', 3, '.')), /Memo value not found at index 3/);
  assert.throws(() => unpickle(bytes(0x80, 2, 'a.')), /unpickling stack underflow/);
  assert.throws(() => unpickle(bytes(0x80, 2, 'N', 'e.')), /could not find MARK/);
  assert.throws(() => unpickle(bytes(0x80, 2, 'NNs.')), /unpickling stack underflow/);
  assert.throws(() => unpickle(bytes(0x80, 2, '}]Ns.')), /unhashable type: 'list'/);
  assert.throws(() => unpickle(bytes(0x80, 2, 'NQ.')), /no persistent_load function/);
  assert.throws(() => unpickle(bytes(0x80, 2, 0x82, 1, '.')), /extension registry/);
  assert.throws(() => unpickle(bytes(0x80, 5, 0x97, '.')), /out-of-band data/);
  assert.throws(() => unpickle(bytes(0x80, 2, 'X', [0xff, 0xff, 0xff, 0xff], '.')), { message: 'pickle data was truncated' });
  assert.throws(() => unpickle(bytes(0x80, 4, 0x8e, [0, 0, 0, 0, 0, 0, 0, 0x80], '.')), { message: 'pickle data was truncated' });
  assert.throws(() => unpickle(bytes(0x80, 2, 0x8b, [0xff, 0xff, 0xff, 0xff], '.')), /negative byte count/);
  assert.throws(() => unpickle(bytes('I', '9'.repeat(5000), '\n.')), /Exceeds the limit \(4300 digits\)/);
  assert.throws(() => unpickle(bytes(0x80, 2, 'X', [2, 0, 0, 0], [0xc3, 0x28], '.')), /can't decode byte 0xc3/);
  for (const bad of [bytes(0x80, 2, 'N'), bytes(0xff)]) assert.throws(() => unpickle(bad), UnpicklingError);
});

test('deep nesting and reference cycles are refused after loading', () => {
  const deep = (n: number): Uint8Array => bytes(0x80, 2, ...new Array(n).fill(']'), ...new Array(n - 1).fill('a'), '.');
  assert.equal((unpickle(deep(500)) as unknown[]).length, 1);
  assert.throws(() => unpickle(deep(1500)), /nested deeper than 1000 levels/);
  assert.doesNotThrow(() => unpickle(deep(1500), { maxDepth: 2000 }));
  // The depth is measured on the final graph, so linking lists after the fact cannot hide it.
  const linked: Array<number | string | number[]> = [0x80, 2];
  for (let i = 0; i < 1200; i++) linked.push(']', 'r', [i & 0xff, (i >> 8) & 0xff, 0, 0], '0');
  for (let i = 1198; i >= 0; i--) linked.push('j', [i & 0xff, (i >> 8) & 0xff, 0, 0], 'j', [(i + 1) & 0xff, ((i + 1) >> 8) & 0xff, 0, 0], 'a0');
  linked.push('j', [0, 0, 0, 0], '.');
  assert.throws(() => unpickle(bytes(...linked)), /nested deeper than 1000 levels/);
  // l = []; l.append(l)
  const cycle = bytes(0x80, 2, ']q', 0, 'h', 0, 'a.');
  assert.throws(() => unpickle(cycle), /reference cycle/);
  const shared = unpickle(bytes(0x80, 2, ']q', 0, '(h', 0, 'h', 0, 't.')) as PyTuple;
  assert.equal(shared[0], shared[1], 'memoized objects are shared, not copied');
});

test('hooks decide what REDUCE, NEWOBJ, BUILD and persistent ids make', () => {
  const seen: string[] = [];
  const data = bytes(0x80, 2, 'cmod\nCls\n', ')', 0x81, '}', 'X', [1, 0, 0, 0], 'a', 'K', 5, 's', 'b', 'X', [3, 0, 0, 0], 'pid', 'Q', 0x86, '.');
  const result = unpickle(data, {
    resolveGlobal: (m, n) => ({ cls: `${m}.${n}` }),
    newObj: (cls, args) => {
      seen.push(`new ${(cls as { cls: string }).cls} ${args.length}`);
      return { built: null as unknown };
    },
    build: (obj, state) => {
      (obj as { built: unknown }).built = state;
      return undefined;
    },
    persistentLoad: (pid) => `loaded:${String(pid)}`,
  }) as PyTuple;
  assert.deepEqual(seen, ['new mod.Cls 0']);
  assert.deepEqual((result[0] as { built: Map<string, number> }).built, new Map([['a', 5]]));
  assert.equal(result[1], 'loaded:pid');
  assert.throws(() => unpickle(bytes(0x80, 2, 'cm\nC\n)', 0x81, '.'), { resolveGlobal: () => 1 }), /NEWOBJ is not supported/);
});

test('integral floats can be kept distinct from ints', () => {
  const data = pickle([new PyFloat(2), 2, 2.5]);
  assert.deepEqual(unpickle(data), [2, 2, 2.5]);
  const wrapped = unpickle(data, { wrapIntegralFloats: true }) as unknown[];
  assert.ok(wrapped[0] instanceof PyFloat);
  assert.equal(wrapped[1], 2);
});

test('the writer picks CPython\'s opcodes', () => {
  const hexOf = (v: PickleValue): string => Buffer.from(pickle(v)).toString('hex');
  assert.equal(hexOf(null), '80024e2e');
  assert.equal(hexOf(255), '80024bff2e');
  assert.equal(hexOf(256), '80024d00012e');
  assert.equal(hexOf(-1), '80024affffffff2e');
  assert.equal(hexOf(2 ** 31), '80028a05000000800' + '02e');
  assert.equal(hexOf(-(2 ** 31) - 1), '80028a05ffffff7fff2e');
  assert.equal(hexOf(-(2n ** 39n)), '80028a0500000000802e');
  assert.equal(hexOf(1.5), '800247' + '3ff8000000000000' + '2e');
  assert.equal(hexOf(new PyFloat(1)), '800247' + '3ff0000000000000' + '2e');
  assert.equal(hexOf(-0), '800247' + '8000000000000000' + '2e');
  assert.equal(hexOf(pyTuple()), '8002292e');
  assert.equal(hexOf(pyTuple(1, 2)), '80024b014b02867100' + '2e');
  assert.equal(hexOf(pyTuple(1, 2, 3, 4)), '8002284b014b024b034b04747100' + '2e');
  assert.equal(hexOf(['a']), '80025d7100580100000061710161' + '2e');
});

const PY_VALUES = `
import pickle, sys, collections
class _Sentinel: pass
def od(*items):
    d = collections.OrderedDict(items)
    return d
shared_list = [1, 2]
values = [
    None, True, False, 0, 1, 255, 256, 65535, 65536, -1, -256, 2**31 - 1, -2**31, 2**31, -2**31 - 1,
    2**63, -2**63, 2**64, -2**100, 2**2100, 1.5, -0.0, float('inf'), 1e-300,
    '', 'abc', 'caf\\u00e9 \\U0001F600', 'x' * 300,
    (), (1,), (1, 2), (1, 2, 3), (1, 2, 3, 4),
    [], [1], [1, 2], list(range(2500)),
    {}, {'a': 1}, {'a': 1, 'b': [2]}, {i: i for i in range(1001)}, {1: 'x', (1, 2): None},
    b'', b'\\x00\\xff', bytes(range(256)),
    {1, 2, 3}, set(),
    [shared_list, shared_list, (shared_list,)],
    list(range(1001)), collections.OrderedDict((i, i) for i in range(1001)),
    [str(i) for i in range(300)],
]
sys.stdout.write(pickle.dumps(values, protocol=2).hex())
`;

function jsValues(): PickleValue {
  const sharedList = [1, 2];
  // CPython merges equal constant tuples of one code object into one object.
  const oneTwo = pyTuple<PickleValue>(1, 2);
  const range = (n: number): number[] => [...Array(n).keys()];
  return [
    null, true, false, 0, 1, 255, 256, 65535, 65536, -1, -256, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, -(2 ** 31) - 1,
    2n ** 63n, -(2n ** 63n), 2n ** 64n, -(2n ** 100n), 2n ** 2100n, 1.5, -0, Infinity, 1e-300,
    '', 'abc', 'caf\u00e9 \u{1F600}', 'x'.repeat(300),
    pyTuple(), pyTuple(1), oneTwo, pyTuple(1, 2, 3), pyTuple(1, 2, 3, 4),
    [], [1], [1, 2], range(2500),
    // CPython shares the literal 'a' (an interned identifier): written once, then BINGET.
    {}, new Map([[new PickleInterned('a'), 1]]), new Map<PickleValue, PickleValue>([[new PickleInterned('a'), 1], ['b', [2]]]), new Map(range(1001).map((i) => [i, i])), new Map<PickleValue, PickleValue>([[1, 'x'], [oneTwo, null]]),
    new Uint8Array(0), new Uint8Array([0, 255]), Uint8Array.from(range(256)),
    new Set([1, 2, 3]), new Set(),
    [sharedList, sharedList, pyTuple<PickleValue>(sharedList)],
    range(1001),
    new PickleReduce(new PickleGlobal('collections', 'OrderedDict'), new PyTuple(), { dictItems: range(1001).map((i) => [i, i]) }),
    range(300).map(String),
  ];
}

test('pickle output is byte-identical to CPython\'s pickle.dumps(protocol=2)', { skip: canImport() ? false : 'python3 not available' }, () => {
  const python = runPython(PY_VALUES).trim();
  assert.equal(Buffer.from(pickle(jsValues())).toString('hex'), python);
});

test('the writer\'s object-building nodes', () => {
  const od = new PickleReduce(new PickleGlobal('collections', 'OrderedDict'), new PyTuple(), {
    dictItems: [['k', 1]],
    state: new Map([[new PickleInterned('_metadata'), null]]),
  });
  const obj = new PickleNewObj(new PickleGlobal('m', 'C'), new PyTuple(), new Map([['x', 1]]));
  const built = new PickleBuild(new PickleReduce(new PickleGlobal('m', 'f'), pyTuple<PickleValue>(1)), 'state');
  const data = pickle([od, obj, built, new PicklePersistentId('p'), od]);
  const log: string[] = [];
  const out = unpickle(data, {
    resolveGlobal: (m, n) => `${m}.${n}`,
    reduce: (f, args) => ({ f, args: [...args] }),
    newObj: (c) => ({ c }),
    build: (o, s) => {
      log.push(`build ${JSON.stringify(o)} ${s instanceof Map ? [...s.keys()].join() : String(s)}`);
      return undefined;
    },
    setItems: (t, pairs) => log.push(`set ${pairs.map((p) => p[0]).join()}`),
    persistentLoad: (pid) => `pid:${String(pid)}`,
  }) as unknown[];
  assert.equal(out[0], out[4], 'the same node written twice is one memoized object');
  assert.equal(out[3], 'pid:p');
  assert.deepEqual(log, [
    'set k',
    'build {"f":"collections.OrderedDict","args":[]} _metadata',
    'build {"c":"m.C"} x',
    'build {"f":"m.f","args":[1]} state',
  ]);
  assert.throws(() => pickle(undefined as unknown as PickleValue), PicklingError);
  assert.throws(() => pickle(new Float32Array(2) as unknown as PickleValue), /only Uint8Array/);
  const selfTuple = new PyTuple<PickleValue>();
  selfTuple.push(selfTuple);
  assert.throws(() => pickle(selfTuple), /maximum recursion depth/);
  const selfList: PickleValue[] = [];
  selfList.push(selfList);
  assert.equal(Buffer.from(pickle(selfList)).toString('hex'), '80025d71006800612e');
});

// Arbitrary plain data round-trips through writer and reader unchanged.
const pyData: fc.Arbitrary<PickleValue> = fc.letrec<{ v: PickleValue }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.bigInt({ min: 2n ** 53n, max: 2n ** 200n }).chain((b) => fc.constantFrom(b, -b)),
    fc.double(),
    fc.string({ unit: 'grapheme' }),
    fc.string({ unit: 'binary' }),
    fc.uint8Array({ maxLength: 20 }),
    fc.array(tie('v'), { maxLength: 5 }),
    fc.array(tie('v'), { maxLength: 5 }).map((xs) => PyTuple.fromItems(xs)),
    fc.array(fc.tuple(fc.oneof(fc.string(), fc.integer()), tie('v')), { maxLength: 5 }).map((kv) => new Map<PickleValue, PickleValue>(kv)),
  ),
})).v;

test('property: unpickle(pickle(x)) == x for plain data', () => {
  fc.assert(
    fc.property(pyData, (v) => {
      const back = unpickle(pickle(v), builtins);
      assert.deepStrictEqual(back, v);
    }),
    { numRuns: 300, seed: 20240611 },
  );
});

test('open MARKs cannot nest without bound', () => {
  assert.throws(() => unpickle(bytes(0x80, 2, ...new Array(5000).fill('('), '.')), /nested deeper than 1000 levels/);
});
