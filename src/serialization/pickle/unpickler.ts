import { UnpicklingError } from '../errors.js';
import { decodeLatin1, decodeUtf8 } from '../text.js';
import { HIGHEST_PROTOCOL, Op, opcodeName } from './opcodes.js';
import { PyFloat, PyTuple } from './py_values.js';
import { checkGraph, type ChildrenOf } from './graph.js';

/**
 * What a safe unpickler does at each point where CPython's would run code. Nothing is ever
 * imported or called by name: every class or function reference goes through `resolveGlobal`, and
 * whatever it returns is all REDUCE/NEWOBJ/BUILD ever see.
 */
export interface UnpickleOptions {
  /**
   * GLOBAL / STACK_GLOBAL / INST: returns the stand-in for `module.name`, or throws to refuse it.
   * Without it every global is refused. Python 2 module names (`__builtin__`, `copy_reg`) arrive
   * already mapped to their Python 3 names, as CPython's unpickler does for protocols < 3.
   */
  resolveGlobal?: (module: string, name: string) => unknown;
  /** REDUCE (and INST/OBJ): `callable(*args)`. Default: calls `callable` if it is a JS function. */
  reduce?: (callable: unknown, args: PyTuple) => unknown;
  /** NEWOBJ / NEWOBJ_EX: `cls.__new__(cls, *args, **kwargs)`. Default: refused. */
  newObj?: (cls: unknown, args: PyTuple, kwargs: Map<unknown, unknown> | undefined) => unknown;
  /** BUILD: applies `state` to `obj` (`__setstate__`); the return value replaces `obj` unless undefined. Default: refused. */
  build?: (obj: unknown, state: unknown) => unknown;
  /** BINPERSID / PERSID. Default: refused, as CPython does without a persistent_load. */
  persistentLoad?: (pid: unknown) => unknown;
  /** SETITEM(S) on something other than a Map (say an OrderedDict stand-in). Default: refused. */
  setItems?: (target: unknown, pairs: Array<[unknown, unknown]>) => void;
  /** APPEND(S) on something other than a list (an array that is not a PyTuple). Default: refused. */
  appendItems?: (target: unknown, items: unknown[]) => void;
  /**
   * Return Python floats with integral values (`0.0`, `2.0`) as PyFloat instead of number, so that
   * writing them back keeps them floats (a plain integral number is written as an int).
   */
  wrapIntegralFloats?: boolean;
  /** How Python 2 byte strings (STRING, BINSTRING, SHORT_BINSTRING) are decoded. Default 'utf-8'. */
  stringEncoding?: 'utf-8' | 'latin1' | 'bytes';
  /**
   * Deepest nesting allowed in the result, checked after loading (default 1000, like CPython's
   * recursion limit); reference cycles are refused too, so consumers can walk the result
   * recursively. Pass Infinity to skip the check.
   */
  maxDepth?: number;
  /** Children of the hook-made objects, for that depth/cycle check (arrays, Maps and Sets are known). */
  childrenOf?: ChildrenOf;
  /** Most decimal digits in a protocol-0 integer (CPython's int() limit is 4300). */
  maxIntDigits?: number;
  /** Most memo entries (each costs at least 2 input bytes, so the default only bounds odd inputs). */
  maxMemoEntries?: number;
}

const PY2_MODULES: Record<string, string> = {
  __builtin__: 'builtins',
  copy_reg: 'copyreg',
  Queue: 'queue',
  repr: 'reprlib',
  _abcoll: 'collections.abc',
  UserDict: 'collections',
  UserList: 'collections',
  UserString: 'collections',
};

const PY2_NAMES: Record<string, [string, string]> = {
  '__builtin__.xrange': ['builtins', 'range'],
  '__builtin__.unicode': ['builtins', 'str'],
  '__builtin__.long': ['builtins', 'int'],
  '__builtin__.basestring': ['builtins', 'str'],
  '__builtin__.reduce': ['functools', 'reduce'],
  '__builtin__.intern': ['sys', 'intern'],
};

function truncated(): UnpicklingError {
  return new UnpicklingError('pickle data was truncated');
}

function isList(v: unknown): v is unknown[] {
  return Array.isArray(v) && !(v instanceof PyTuple);
}

function checkHashable(key: unknown, offset: number): void {
  if (isList(key) || key instanceof Map || (key instanceof Set && key.constructor === Set)) {
    const type = isList(key) ? 'list' : key instanceof Map ? 'dict' : 'set';
    throw new UnpicklingError(`unhashable type: '${type}' used as a dict key (at offset ${offset})`);
  }
}

/**
 * Interprets a pickle (protocols 0-5) without running code. Work and memory are linear in the
 * input: every pushed item costs at least one opcode byte, lengths are checked against the bytes
 * left before anything is allocated, and open MARKs may not nest deeper than `maxDepth`. Python values become: None -> null,
 * bool -> boolean, int -> number (bigint beyond 2^53), float -> number, str -> string,
 * bytes/bytearray -> Uint8Array, tuple -> PyTuple, list -> Array, dict -> Map, set/frozenset -> Set;
 * everything else is whatever the hooks in `options` make of it.
 */
export function unpickle(data: Uint8Array, options: UnpickleOptions = {}): unknown {
  const r = new Unpickler(data, options, options.maxDepth ?? 1000);
  const result = r.load();
  const maxDepth = options.maxDepth ?? 1000;
  if (maxDepth !== Infinity) checkGraph(result, maxDepth, options.childrenOf, UnpicklingError);
  return result;
}

class Unpickler {
  private pos = 0;
  private stack: unknown[] = [];
  private readonly metastack: unknown[][] = [];
  private readonly memo = new Map<number, unknown>();
  private proto = 0;
  private readonly view: DataView;
  private readonly maxIntDigits: number;
  private readonly maxMemo: number;
  private opStart = 0;

  constructor(
    private readonly data: Uint8Array,
    private readonly o: UnpickleOptions,
    private readonly maxDepth: number,
  ) {
    this.view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    this.maxIntDigits = o.maxIntDigits ?? 4300;
    this.maxMemo = o.maxMemoEntries ?? 1 << 24;
  }

  // ---- input -----------------------------------------------------------------------------

  private need(n: number): number {
    if (n > this.data.length - this.pos) throw truncated();
    const at = this.pos;
    this.pos += n;
    return at;
  }

  private u8(): number {
    return this.data[this.need(1)]!;
  }

  private u16(): number {
    return this.view.getUint16(this.need(2), true);
  }

  private u32(): number {
    return this.view.getUint32(this.need(4), true);
  }

  private i32(): number {
    return this.view.getInt32(this.need(4), true);
  }

  /** A u64 length: anything beyond the remaining input cannot be satisfied, whatever its size. */
  private u64Length(): number {
    const at = this.need(8);
    const lo = this.view.getUint32(at, true);
    const hi = this.view.getUint32(at + 4, true);
    if (hi >= 0x200000) throw truncated();
    return hi * 0x100000000 + lo;
  }

  private bytes(n: number): Uint8Array {
    const at = this.need(n);
    return this.data.slice(at, at + n);
  }

  private view_(n: number): Uint8Array {
    const at = this.need(n);
    return this.data.subarray(at, at + n);
  }

  /** A protocol-0 argument line, without its '\n'. */
  private line(): Uint8Array {
    const end = this.data.indexOf(0x0a, this.pos);
    if (end < 0) throw truncated();
    const out = this.data.subarray(this.pos, end);
    this.pos = end + 1;
    return out;
  }

  private asciiLine(what: string): string {
    const bytes = this.line();
    const s = decodeLatin1(bytes);
    // eslint-disable-next-line no-control-regex
    if (/[^\x20-\x7e]/.test(s)) throw this.error(`${what} argument is not printable ASCII: ${JSON.stringify(s)}`);
    return s;
  }

  private utf8(bytes: Uint8Array): string {
    return decodeUtf8(bytes, (m) => new UnpicklingError(`${m} (string at offset ${this.opStart})`));
  }

  private error(message: string): UnpicklingError {
    return new UnpicklingError(`${message} (at offset ${this.opStart})`);
  }

  // ---- stack -----------------------------------------------------------------------------

  private push(v: unknown): void {
    this.stack.push(v);
  }

  private pop(): unknown {
    if (this.stack.length === 0) throw this.error('unpickling stack underflow');
    return this.stack.pop();
  }

  private top(): unknown {
    if (this.stack.length === 0) throw this.error('unpickling stack underflow');
    return this.stack[this.stack.length - 1];
  }

  private popMark(): unknown[] {
    const items = this.stack;
    const outer = this.metastack.pop();
    if (outer === undefined) throw this.error('could not find MARK');
    this.stack = outer;
    return items;
  }

  private memoPut(index: number, value: unknown): void {
    if (!this.memo.has(index) && this.memo.size >= this.maxMemo) {
      throw this.error(`memo grew beyond ${this.maxMemo} entries`);
    }
    this.memo.set(index, value);
  }

  private memoGet(index: number): unknown {
    if (!this.memo.has(index)) throw this.error(`Memo value not found at index ${index}`);
    return this.memo.get(index);
  }

  // ---- values ----------------------------------------------------------------------------

  private decodeLong(b: Uint8Array): number | bigint {
    const n = b.length;
    if (n === 0) return 0;
    if (n <= 6) {
      let v = 0;
      for (let i = n - 1; i >= 0; i--) v = v * 256 + b[i]!;
      if (b[n - 1]! & 0x80) v -= 2 ** (8 * n);
      return v;
    }
    let hex = '';
    for (let i = n - 1; i >= 0; i--) hex += b[i]!.toString(16).padStart(2, '0');
    let v = BigInt('0x' + hex);
    if (b[n - 1]! & 0x80) v -= 1n << BigInt(8 * n);
    return normalizeInt(v);
  }

  private parseDecimal(text: string, what: string): number | bigint {
    const s = text.trim();
    const m = /^([+-]?)(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|[0-9_]+)$/.exec(s);
    if (!m) throw this.error(`invalid literal for ${what}: ${JSON.stringify(text)}`);
    const digits = m[2]!.replace(/_/g, '');
    if (digits.length > this.maxIntDigits) {
      throw this.error(`Exceeds the limit (${this.maxIntDigits} digits) for integer string conversion`);
    }
    let v = BigInt(digits);
    if (m[1] === '-') v = -v;
    return normalizeInt(v);
  }

  private float(v: number): number | PyFloat {
    return this.o.wrapIntegralFloats && Number.isSafeInteger(v) ? new PyFloat(v) : v;
  }

  private pyString(raw: Uint8Array): string | Uint8Array {
    const enc = this.o.stringEncoding ?? 'utf-8';
    if (enc === 'bytes') return raw.slice();
    if (enc === 'latin1') return decodeLatin1(raw);
    return this.utf8(raw);
  }

  private resolve(module: string, name: string): unknown {
    if (this.proto < 3) {
      const renamed = PY2_NAMES[`${module}.${name}`];
      if (renamed) [module, name] = renamed;
      else module = PY2_MODULES[module] ?? module;
    }
    if (!this.o.resolveGlobal) {
      throw new UnpicklingError(`Unsupported class ${module}.${name} (no globals are allowed)`);
    }
    return this.o.resolveGlobal(module, name);
  }

  private callReduce(callable: unknown, args: unknown): unknown {
    if (!(args instanceof PyTuple)) throw this.error('REDUCE argument list must be a tuple');
    if (this.o.reduce) return this.o.reduce(callable, args);
    if (typeof callable === 'function') return (callable as (...a: unknown[]) => unknown)(...args);
    throw this.error('REDUCE on an object that is not callable');
  }

  private appendTo(target: unknown, items: unknown[]): void {
    if (isList(target)) {
      for (const item of items) target.push(item);
    } else if (this.o.appendItems) {
      this.o.appendItems(target, items);
    } else {
      throw this.error('APPEND target is not a list');
    }
  }

  private setItemsOn(target: unknown, flat: unknown[]): void {
    if (flat.length % 2 !== 0) throw this.error('odd number of items for SETITEMS');
    for (let i = 0; i < flat.length; i += 2) checkHashable(flat[i], this.opStart);
    if (target instanceof Map) {
      for (let i = 0; i < flat.length; i += 2) target.set(flat[i], flat[i + 1]);
    } else if (this.o.setItems) {
      const pairs: Array<[unknown, unknown]> = [];
      for (let i = 0; i < flat.length; i += 2) pairs.push([flat[i], flat[i + 1]]);
      this.o.setItems(target, pairs);
    } else {
      throw this.error('SETITEM target is not a dict');
    }
  }

  // ---- the loop --------------------------------------------------------------------------

  load(): unknown {
    const d = this.data;
    if (d.length === 0) throw new UnpicklingError('Ran out of input');
    for (;;) {
      this.opStart = this.pos;
      const op = this.u8();
      switch (op) {
        case Op.PROTO: {
          const p = this.u8();
          if (p > HIGHEST_PROTOCOL) throw this.error(`unsupported pickle protocol: ${p}`);
          this.proto = p;
          break;
        }
        case Op.FRAME:
          // Frames only group opcodes for buffered reading; the opcodes follow inline.
          if (this.u64Length() > d.length - this.pos) throw truncated();
          break;
        case Op.STOP:
          return this.pop();

        // -- constants and numbers
        case Op.NONE:
          this.push(null);
          break;
        case Op.NEWTRUE:
          this.push(true);
          break;
        case Op.NEWFALSE:
          this.push(false);
          break;
        case Op.BININT:
          this.push(this.i32());
          break;
        case Op.BININT1:
          this.push(this.u8());
          break;
        case Op.BININT2:
          this.push(this.u16());
          break;
        case Op.LONG1:
          this.push(this.decodeLong(this.view_(this.u8())));
          break;
        case Op.LONG4: {
          const n = this.i32();
          if (n < 0) throw this.error('LONG pickle has negative byte count');
          this.push(this.decodeLong(this.view_(n)));
          break;
        }
        case Op.INT: {
          const text = decodeLatin1(this.line());
          if (text === '00') this.push(false);
          else if (text === '01') this.push(true);
          else this.push(this.parseDecimal(text, 'int() with base 10'));
          break;
        }
        case Op.LONG: {
          const text = decodeLatin1(this.line()).replace(/L$/, '');
          this.push(this.parseDecimal(text, 'int() with base 10'));
          break;
        }
        case Op.BINFLOAT:
          this.push(this.float(this.view.getFloat64(this.need(8), false)));
          break;
        case Op.FLOAT: {
          const text = decodeLatin1(this.line()).trim();
          if (!/^[+-]?(inf(inity)?|nan|(\d+\.?\d*|\.\d+)(e[+-]?\d+)?)$/i.test(text)) {
            throw this.error(`could not convert string to float: ${JSON.stringify(text)}`);
          }
          const t = text.toLowerCase();
          this.push(this.float(t.includes('nan') ? NaN : t.includes('inf') ? (t.startsWith('-') ? -Infinity : Infinity) : Number(text)));
          break;
        }

        // -- strings and bytes
        case Op.BINUNICODE:
          this.push(this.utf8(this.view_(this.u32())));
          break;
        case Op.SHORT_BINUNICODE:
          this.push(this.utf8(this.view_(this.u8())));
          break;
        case Op.BINUNICODE8:
          this.push(this.utf8(this.view_(this.u64Length())));
          break;
        case Op.UNICODE:
          this.push(decodeRawUnicodeEscape(this.line(), (m) => this.error(m)));
          break;
        case Op.STRING:
          this.push(this.pyString(decodeQuotedString(this.line(), (m) => this.error(m))));
          break;
        case Op.BINSTRING: {
          const n = this.i32();
          if (n < 0) throw this.error('BINSTRING pickle has negative byte count');
          this.push(this.pyString(this.view_(n)));
          break;
        }
        case Op.SHORT_BINSTRING:
          this.push(this.pyString(this.view_(this.u8())));
          break;
        case Op.BINBYTES:
          this.push(this.bytes(this.u32()));
          break;
        case Op.SHORT_BINBYTES:
          this.push(this.bytes(this.u8()));
          break;
        case Op.BINBYTES8:
        case Op.BYTEARRAY8:
          this.push(this.bytes(this.u64Length()));
          break;
        case Op.NEXT_BUFFER:
          throw this.error('pickle stream refers to out-of-band data but no *buffers* argument was given');
        case Op.READONLY_BUFFER:
          this.top();
          break;

        // -- containers
        case Op.MARK:
          if (this.metastack.length >= this.maxDepth) throw this.error(`pickle data is nested deeper than ${this.maxDepth} levels`);
          this.metastack.push(this.stack);
          this.stack = [];
          break;
        case Op.EMPTY_TUPLE:
          this.push(new PyTuple());
          break;
        case Op.TUPLE:
          this.push(PyTuple.fromItems(this.popMark()));
          break;
        case Op.TUPLE1: {
          const a = this.pop();
          this.push(PyTuple.fromItems([a]));
          break;
        }
        case Op.TUPLE2: {
          const b = this.pop();
          const a = this.pop();
          this.push(PyTuple.fromItems([a, b]));
          break;
        }
        case Op.TUPLE3: {
          const c = this.pop();
          const b = this.pop();
          const a = this.pop();
          this.push(PyTuple.fromItems([a, b, c]));
          break;
        }
        case Op.EMPTY_LIST:
          this.push([]);
          break;
        case Op.LIST:
          this.push(this.popMark());
          break;
        case Op.APPEND: {
          const v = this.pop();
          this.appendTo(this.top(), [v]);
          break;
        }
        case Op.APPENDS: {
          const items = this.popMark();
          this.appendTo(this.top(), items);
          break;
        }
        case Op.EMPTY_DICT:
          this.push(new Map());
          break;
        case Op.DICT: {
          const items = this.popMark();
          const m = new Map();
          this.setItemsOn(m, items);
          this.push(m);
          break;
        }
        case Op.SETITEM: {
          const v = this.pop();
          const k = this.pop();
          this.setItemsOn(this.top(), [k, v]);
          break;
        }
        case Op.SETITEMS: {
          const items = this.popMark();
          this.setItemsOn(this.top(), items);
          break;
        }
        case Op.EMPTY_SET:
          this.push(new Set());
          break;
        case Op.ADDITEMS: {
          const items = this.popMark();
          const target = this.top();
          if (!(target instanceof Set)) throw this.error('ADDITEMS target is not a set');
          for (const item of items) {
            checkHashable(item, this.opStart);
            target.add(item);
          }
          break;
        }
        case Op.FROZENSET: {
          const items = this.popMark();
          for (const item of items) checkHashable(item, this.opStart);
          this.push(new Set(items));
          break;
        }

        // -- stack and memo
        case Op.POP:
          if (this.stack.length > 0) this.stack.pop();
          else this.popMark();
          break;
        case Op.POP_MARK:
          this.popMark();
          break;
        case Op.DUP:
          this.push(this.top());
          break;
        case Op.BINPUT:
          this.memoPut(this.u8(), this.top());
          break;
        case Op.LONG_BINPUT:
          this.memoPut(this.u32(), this.top());
          break;
        case Op.PUT:
          this.memoPut(this.memoIndex(), this.top());
          break;
        case Op.MEMOIZE:
          this.memoPut(this.memo.size, this.top());
          break;
        case Op.BINGET:
          this.push(this.memoGet(this.u8()));
          break;
        case Op.LONG_BINGET:
          this.push(this.memoGet(this.u32()));
          break;
        case Op.GET:
          this.push(this.memoGet(this.memoIndex()));
          break;

        // -- objects: everything goes through the hooks
        case Op.GLOBAL: {
          const module = this.utf8(this.line());
          const name = this.utf8(this.line());
          this.push(this.resolve(module, name));
          break;
        }
        case Op.STACK_GLOBAL: {
          const name = this.pop();
          const module = this.pop();
          if (typeof module !== 'string' || typeof name !== 'string') throw this.error('STACK_GLOBAL requires str');
          this.push(this.resolve(module, name));
          break;
        }
        case Op.REDUCE: {
          const args = this.pop();
          const callable = this.pop();
          this.push(this.callReduce(callable, args));
          break;
        }
        case Op.NEWOBJ:
        case Op.NEWOBJ_EX: {
          let kwargs: Map<unknown, unknown> | undefined;
          if (op === Op.NEWOBJ_EX) {
            const k = this.pop();
            if (!(k instanceof Map)) throw this.error('NEWOBJ_EX kwargs must be a dict');
            kwargs = k;
          }
          const args = this.pop();
          const cls = this.pop();
          if (!(args instanceof PyTuple)) throw this.error('NEWOBJ args must be a tuple');
          if (!this.o.newObj) throw this.error(`${opcodeName(op)} is not supported here`);
          this.push(this.o.newObj(cls, args, kwargs));
          break;
        }
        case Op.INST: {
          const module = this.asciiLine('INST');
          const name = this.asciiLine('INST');
          const args = this.popMark();
          const cls = this.resolve(module, name);
          this.push(this.callReduce(cls, PyTuple.fromItems(args)));
          break;
        }
        case Op.OBJ: {
          const items = this.popMark();
          if (items.length === 0) throw this.error('unpickling stack underflow');
          const cls = items.shift();
          this.push(this.callReduce(cls, PyTuple.fromItems(items)));
          break;
        }
        case Op.BUILD: {
          const state = this.pop();
          const obj = this.top();
          if (!this.o.build) throw this.error('BUILD is not supported here');
          const rebuilt = this.o.build(obj, state);
          if (rebuilt !== undefined) this.stack[this.stack.length - 1] = rebuilt;
          break;
        }
        case Op.PERSID:
        case Op.BINPERSID: {
          const pid = op === Op.PERSID ? this.asciiLine('PERSID') : this.pop();
          if (!this.o.persistentLoad) {
            throw this.error('A load persistent id instruction was encountered, but no persistent_load function was specified.');
          }
          this.push(this.o.persistentLoad(pid));
          break;
        }
        case Op.EXT1:
        case Op.EXT2:
        case Op.EXT4:
          throw this.error(`${opcodeName(op)}: the copyreg extension registry is not supported`);
        default: {
          const ch = op >= 0x20 && op < 0x7f ? String.fromCharCode(op) : `\\x${op.toString(16).padStart(2, '0')}`;
          throw new UnpicklingError(
            `invalid load key, '${ch}' (unknown opcode 0x${op.toString(16).padStart(2, '0')} at offset ${this.opStart})`,
          );
        }
      }
    }
  }

  private memoIndex(): number {
    const text = decodeLatin1(this.line());
    if (!/^\d{1,10}$/.test(text)) throw this.error(`invalid memo key ${JSON.stringify(text)}`);
    return Number(text);
  }
}

/** Python ints as JS numbers while exact, bigint beyond. */
function normalizeInt(v: bigint): number | bigint {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

/** STRING's argument: a Python 2 repr of a byte string ('...' or "..." with backslash escapes). */
function decodeQuotedString(line: Uint8Array, fail: (m: string) => Error): Uint8Array {
  const n = line.length;
  if (n < 2 || line[0] !== line[n - 1] || (line[0] !== 0x27 && line[0] !== 0x22)) {
    throw fail('the STRING opcode argument must be quoted');
  }
  const out: number[] = [];
  for (let i = 1; i < n - 1; i++) {
    const c = line[i]!;
    if (c !== 0x5c) {
      out.push(c);
      continue;
    }
    if (++i >= n - 1) throw fail('Trailing \\ in string');
    const e = String.fromCharCode(line[i]!);
    const simple: Record<string, number> = { n: 10, t: 9, r: 13, a: 7, b: 8, f: 12, v: 11, '\\': 92, "'": 39, '"': 34 };
    if (e in simple) out.push(simple[e]!);
    else if (e === '\n') continue;
    else if (e === 'x') {
      const hex = String.fromCharCode(line[i + 1] ?? 0, line[i + 2] ?? 0);
      if (i + 2 >= n - 1 || !/^[0-9a-fA-F]{2}$/.test(hex)) throw fail('invalid \\x escape in STRING');
      out.push(parseInt(hex, 16));
      i += 2;
    } else if (/[0-7]/.test(e)) {
      let v = 0;
      let k = 0;
      while (k < 3 && i < n - 1 && /[0-7]/.test(String.fromCharCode(line[i]!))) {
        v = v * 8 + (line[i]! - 48);
        i++;
        k++;
      }
      i--;
      out.push(v & 0xff);
    } else {
      out.push(0x5c, line[i]!);
    }
  }
  return Uint8Array.from(out);
}

/** UNICODE's argument: Latin-1 text with \uXXXX and \UXXXXXXXX escapes ('raw-unicode-escape'). */
function decodeRawUnicodeEscape(line: Uint8Array, fail: (m: string) => Error): string {
  let s = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === 0x5c && i + 1 < line.length && (line[i + 1] === 0x75 || line[i + 1] === 0x55)) {
      const width = line[i + 1] === 0x75 ? 4 : 8;
      const hex = decodeLatin1(line.subarray(i + 2, i + 2 + width));
      if (hex.length !== width || !/^[0-9a-fA-F]+$/.test(hex)) throw fail('truncated \\uXXXX escape in UNICODE');
      const cp = parseInt(hex, 16);
      if (cp > 0x10ffff) throw fail('\\Uxxxxxxxx out of range in UNICODE');
      s += String.fromCodePoint(cp);
      i += 1 + width;
    } else {
      s += String.fromCharCode(c);
    }
  }
  return s;
}
