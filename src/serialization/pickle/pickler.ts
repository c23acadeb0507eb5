import { ByteWriter } from '../byte_writer.js';
import { PicklingError } from '../errors.js';
import { decodeLatin1, encodeUtf8 } from '../text.js';
import {
  PickleBuild,
  PickleGlobal,
  PickleInterned,
  PicklePersistentId,
  PickleNewObj,
  PickleReduce,
  type PickleDict,
  type PickleValue,
} from './ast.js';
import { Op } from './opcodes.js';
import { PyFloat, PyTuple } from './py_values.js';

export interface PickleOptions {
  /** Only protocol 2 is written: the one torch.save uses and every Python 3 reads. */
  protocol?: 2;
  /** Deepest nesting accepted before giving up (CPython stops near its recursion limit). */
  maxDepth?: number;
}

/** CPython's pickler writes containers in batches of this many items. */
const BATCH = 1000;

/**
 * Writes `value` as a protocol-2 pickle with the opcode choices of CPython's C pickler (the one
 * torch.save drives), so equal inputs give byte-identical output: BINUNICODE for every str,
 * the smallest of BININT1/BININT2/BININT/LONG1, BINFLOAT, MARK+APPENDS/SETITEMS in batches of
 * 1000 (APPEND/SETITEM for a single item), TUPLE1-3 or MARK+TUPLE, and BINPUT/LONG_BINPUT after
 * every memoized object.
 */
export function pickle(value: PickleValue, options: PickleOptions = {}): Uint8Array {
  if (options.protocol !== undefined && options.protocol !== 2) {
    throw new PicklingError(`only pickle protocol 2 is written, not ${String(options.protocol)}`);
  }
  const p = new Pickler(options.maxDepth ?? 1000);
  p.out.u8(Op.PROTO);
  p.out.u8(2);
  p.save(value, 0);
  p.out.u8(Op.STOP);
  return p.out.finish();
}

function isPlainObject(v: object): v is PickleDict {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function describe(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (typeof v === 'function') return `function ${v.name || '(anonymous)'}`;
  if (typeof v === 'symbol') return 'a symbol';
  if (typeof v === 'object' && v !== null) return `an instance of ${v.constructor?.name ?? 'Object'}`;
  return typeof v;
}

class Pickler {
  readonly out = new ByteWriter(1024);
  private memoSize = 0;
  private readonly byIdentity = new Map<object, number>();
  private readonly interned = new Map<string, number>();
  private readonly globals = new Map<string, number>();

  constructor(private readonly maxDepth: number) {}

  // ---- memo ------------------------------------------------------------------------------

  private put(): number {
    const idx = this.memoSize++;
    if (idx < 256) {
      this.out.u8(Op.BINPUT);
      this.out.u8(idx);
    } else {
      this.out.u8(Op.LONG_BINPUT);
      this.out.u32(idx);
    }
    return idx;
  }

  private get(idx: number): void {
    if (idx < 256) {
      this.out.u8(Op.BINGET);
      this.out.u8(idx);
    } else {
      this.out.u8(Op.LONG_BINGET);
      this.out.u32(idx);
    }
  }

  private memoize(obj: object): void {
    this.byIdentity.set(obj, this.put());
  }

  // ---- scalars ---------------------------------------------------------------------------

  private saveInt(v: number | bigint): void {
    const n = typeof v === 'bigint' && v >= -(2n ** 31n) && v < 2n ** 31n ? Number(v) : v;
    if (typeof n === 'number' && n >= -0x80000000 && n <= 0x7fffffff) {
      if (n >= 0 && n <= 0xff) {
        this.out.u8(Op.BININT1);
        this.out.u8(n);
      } else if (n >= 0 && n <= 0xffff) {
        this.out.u8(Op.BININT2);
        this.out.u16(n);
      } else {
        this.out.u8(Op.BININT);
        this.out.i32(n);
      }
      return;
    }
    const bytes = encodeLong(BigInt(n));
    if (bytes.length < 256) {
      this.out.u8(Op.LONG1);
      this.out.u8(bytes.length);
    } else {
      this.out.u8(Op.LONG4);
      this.out.i32(bytes.length);
    }
    this.out.bytes(bytes);
  }

  private saveFloat(v: number): void {
    this.out.u8(Op.BINFLOAT);
    this.out.f64be(v);
  }

  private writeStr(s: string): void {
    const b = encodeUtf8(s);
    this.out.u8(Op.BINUNICODE);
    this.out.u32(b.length);
    this.out.bytes(b);
  }

  private saveGlobal(module: string, name: string): void {
    const key = `${module}\n${name}`;
    const idx = this.globals.get(key);
    if (idx !== undefined) {
      this.get(idx);
      return;
    }
    if (/[\n]/.test(module) || /[\n]/.test(name) || module === '' || name === '') {
      throw new PicklingError(`can't pickle global ${JSON.stringify(module)}.${JSON.stringify(name)}`);
    }
    this.out.u8(Op.GLOBAL);
    this.out.bytes(encodeUtf8(`${module}\n${name}\n`));
    this.globals.set(key, this.put());
  }

  // ---- containers ------------------------------------------------------------------------

  /*
   * CPython's C pickler batches two ways. A list or dict object ("exact") of one item uses
   * APPEND/SETITEM; otherwise every batch, even a trailing batch of one, is MARK ... APPENDS/SETITEMS.
   * Items that come from a __reduce__ iterator (OrderedDict, list subclasses) use APPEND/SETITEM for
   * any batch of one.
   */
  private batchAppends(items: readonly PickleValue[], depth: number, exact: boolean): void {
    if (exact && items.length === 1) {
      this.save(items[0]!, depth);
      this.out.u8(Op.APPEND);
      return;
    }
    for (let i = 0; i < items.length; i += BATCH) {
      const n = Math.min(BATCH, items.length - i);
      if (n === 1 && !exact) {
        this.save(items[i]!, depth);
        this.out.u8(Op.APPEND);
      } else {
        this.out.u8(Op.MARK);
        for (let k = i; k < i + n; k++) this.save(items[k]!, depth);
        this.out.u8(Op.APPENDS);
      }
    }
  }

  private batchSetItems(pairs: ReadonlyArray<readonly [PickleValue, PickleValue]>, depth: number, exact: boolean): void {
    if (exact && pairs.length === 1) {
      this.save(pairs[0]![0], depth);
      this.save(pairs[0]![1], depth);
      this.out.u8(Op.SETITEM);
      return;
    }
    for (let i = 0; i < pairs.length; i += BATCH) {
      const n = Math.min(BATCH, pairs.length - i);
      if (n === 1 && !exact) {
        this.save(pairs[i]![0], depth);
        this.save(pairs[i]![1], depth);
        this.out.u8(Op.SETITEM);
      } else {
        this.out.u8(Op.MARK);
        for (let k = i; k < i + n; k++) {
          this.save(pairs[k]![0], depth);
          this.save(pairs[k]![1], depth);
        }
        this.out.u8(Op.SETITEMS);
      }
    }
  }

  private saveTuple(t: PyTuple<PickleValue>, depth: number): void {
    const n = t.length;
    if (n === 0) {
      this.out.u8(Op.EMPTY_TUPLE);
      return;
    }
    if (n <= 3) {
      for (const item of t) this.save(item, depth);
      const again = this.byIdentity.get(t);
      if (again !== undefined) {
        // The tuple was reached again through one of its items (via a list or dict): drop the
        // items just written and refer to the copy already in the memo, as CPython does.
        for (let i = 0; i < n; i++) this.out.u8(Op.POP);
        this.get(again);
        return;
      }
      this.out.u8(n === 1 ? Op.TUPLE1 : n === 2 ? Op.TUPLE2 : Op.TUPLE3);
    } else {
      this.out.u8(Op.MARK);
      for (const item of t) this.save(item, depth);
      const again = this.byIdentity.get(t);
      if (again !== undefined) {
        this.out.u8(Op.POP_MARK);
        this.get(again);
        return;
      }
      this.out.u8(Op.TUPLE);
    }
    this.memoize(t);
  }

  private saveReduceTail(obj: object, extras: PickleReduce['extras'], depth: number): void {
    const again = this.byIdentity.get(obj);
    if (again !== undefined) {
      this.out.u8(Op.POP);
      this.get(again);
    } else {
      this.memoize(obj);
    }
    if (extras.listItems) this.batchAppends(extras.listItems, depth, false);
    if (extras.dictItems) this.batchSetItems(extras.dictItems, depth, false);
    if (extras.state !== undefined) {
      this.save(extras.state, depth);
      this.out.u8(Op.BUILD);
    }
  }

  private saveBytes(b: Uint8Array, depth: number): void {
    // Protocol 2 has no bytes opcode; CPython writes bytes as a call that rebuilds them.
    if (b.length === 0) {
      this.saveGlobal('__builtin__', 'bytes');
      this.out.u8(Op.EMPTY_TUPLE);
    } else {
      this.saveGlobal('_codecs', 'encode');
      this.save(decodeLatin1(b), depth);
      this.save(new PickleInterned('latin1'), depth);
      this.out.u8(Op.TUPLE2);
      this.put();
    }
    this.out.u8(Op.REDUCE);
    this.memoize(b);
  }

  // ---- dispatch --------------------------------------------------------------------------

  save(v: PickleValue, depth: number): void {
    if (depth > this.maxDepth) {
      throw new PicklingError(`maximum recursion depth exceeded while pickling (nesting deeper than ${this.maxDepth})`);
    }
    const d = depth + 1;
    switch (typeof v) {
      case 'boolean':
        this.out.u8(v ? Op.NEWTRUE : Op.NEWFALSE);
        return;
      case 'number':
        if (Number.isSafeInteger(v) && !Object.is(v, -0)) this.saveInt(v);
        else this.saveFloat(v);
        return;
      case 'bigint':
        this.saveInt(v);
        return;
      case 'string':
        this.writeStr(v);
        this.put();
        return;
      case 'object':
        break;
      default:
        throw new PicklingError(`cannot pickle ${describe(v)}`);
    }
    if (v === null) {
      this.out.u8(Op.NONE);
      return;
    }
    if (v instanceof PyFloat) {
      this.saveFloat(v.value);
      return;
    }
    if (v instanceof PickleInterned) {
      const idx = this.interned.get(v.value);
      if (idx !== undefined) {
        this.get(idx);
      } else {
        this.writeStr(v.value);
        this.interned.set(v.value, this.put());
      }
      return;
    }
    if (v instanceof PickleGlobal) {
      this.saveGlobal(v.module, v.name);
      return;
    }
    if (v instanceof PicklePersistentId) {
      this.save(v.pid, d);
      this.out.u8(Op.BINPERSID);
      return;
    }
    const seen = this.byIdentity.get(v);
    if (seen !== undefined) {
      this.get(seen);
      return;
    }
    if (v instanceof PyTuple) {
      this.saveTuple(v, d);
    } else if (Array.isArray(v)) {
      this.out.u8(Op.EMPTY_LIST);
      this.memoize(v);
      this.batchAppends(v, d, true);
    } else if (v instanceof Map) {
      this.out.u8(Op.EMPTY_DICT);
      this.memoize(v);
      this.batchSetItems([...v], d, true);
    } else if (v instanceof Uint8Array) {
      this.saveBytes(v, d);
    } else if (v instanceof Set) {
      // Protocol 2 has no set opcodes: CPython reduces a set to set([items]).
      this.saveGlobal('__builtin__', 'set');
      const items: PickleValue[] = [...v];
      this.save(items, d);
      this.out.u8(Op.TUPLE1);
      this.put();
      this.out.u8(Op.REDUCE);
      this.memoize(v);
    } else if (v instanceof PickleReduce) {
      if (!(v.args instanceof PyTuple)) throw new PicklingError('args from save_reduce() must be a tuple');
      this.save(v.callable, d);
      this.save(v.args, d);
      this.out.u8(Op.REDUCE);
      this.saveReduceTail(v, v.extras, d);
    } else if (v instanceof PickleNewObj) {
      if (!(v.args instanceof PyTuple)) throw new PicklingError('args from save_reduce() must be a tuple');
      this.save(v.cls, d);
      this.save(v.args, d);
      this.out.u8(Op.NEWOBJ);
      this.saveReduceTail(v, v.state === undefined ? {} : { state: v.state }, d);
    } else if (v instanceof PickleBuild) {
      this.save(v.obj, d);
      const inner = typeof v.obj === 'object' && v.obj !== null ? this.byIdentity.get(v.obj) : undefined;
      if (inner === undefined) throw new PicklingError('BUILD needs an object that is memoized (a reduce, newobj or container)');
      this.byIdentity.set(v, inner);
      this.save(v.state, d);
      this.out.u8(Op.BUILD);
    } else if (ArrayBuffer.isView(v)) {
      throw new PicklingError(`cannot pickle ${describe(v)}: only Uint8Array is written as bytes`);
    } else if (isPlainObject(v)) {
      this.out.u8(Op.EMPTY_DICT);
      this.memoize(v);
      this.batchSetItems(Object.entries(v), d, true);
    } else {
      throw new PicklingError(`cannot pickle ${describe(v)}`);
    }
  }
}

/** CPython's encode_long: minimal little-endian two's complement. */
export function encodeLong(x: bigint): Uint8Array {
  if (x === 0n) return new Uint8Array(0);
  const abs = x < 0n ? -x : x;
  const nbytes = (abs.toString(2).length >> 3) + 1;
  let u = x < 0n ? (1n << BigInt(8 * nbytes)) + x : x;
  let out = new Uint8Array(nbytes);
  for (let i = 0; i < nbytes; i++) {
    out[i] = Number(u & 0xffn);
    u >>= 8n;
  }
  if (x < 0n && nbytes > 1 && out[nbytes - 1] === 0xff && (out[nbytes - 2]! & 0x80) !== 0) {
    out = out.subarray(0, nbytes - 1);
  }
  return out;
}
