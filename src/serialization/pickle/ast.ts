import type { PyFloat, PyTuple } from './py_values.js';

/**
 * The values the pickle writer accepts. Plain data maps onto Python the obvious way (null -> None,
 * boolean, number -> int when it is a safe integer else float, bigint -> int, string -> str,
 * Uint8Array -> bytes, PyTuple -> tuple, Array -> list, Map or plain object -> dict, Set -> set);
 * the classes below spell out the object-building opcodes.
 *
 * Identity matters as it does for CPython's pickler: the same JS object written twice is
 * memoized and written once (BINGET the second time); equal but distinct objects are written twice.
 */
export type PickleValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | PyFloat
  | PyTuple<PickleValue>
  | PickleValue[]
  | Map<PickleValue, PickleValue>
  | Set<PickleValue>
  | PickleDict
  | PickleGlobal
  | PickleReduce
  | PickleNewObj
  | PickleBuild
  | PicklePersistentId
  | PickleInterned;

export interface PickleDict {
  [key: string]: PickleValue;
}

/** A class or function reference: `GLOBAL 'module name'`, memoized by (module, name). */
export class PickleGlobal {
  constructor(
    readonly module: string,
    readonly name: string,
  ) {}
}

/**
 * `callable(*args)` through REDUCE, then what `__reduce__`'s optional parts ask for, in CPython's
 * order: list items (APPENDS), dict items (SETITEMS), then `state` with BUILD.
 */
export class PickleReduce {
  constructor(
    readonly callable: PickleValue,
    readonly args: PyTuple<PickleValue>,
    readonly extras: {
      listItems?: readonly PickleValue[];
      dictItems?: ReadonlyArray<readonly [PickleValue, PickleValue]>;
      state?: PickleValue;
    } = {},
  ) {}
}

/** `cls.__new__(cls, *args)` through NEWOBJ (protocol 2's `copyreg.__newobj__`), then `state` with BUILD. */
export class PickleNewObj {
  constructor(
    readonly cls: PickleValue,
    readonly args: PyTuple<PickleValue>,
    readonly state?: PickleValue,
  ) {}
}

/** BUILD: `obj` is written (and memoized) first, then `state`, then BUILD. */
export class PickleBuild {
  constructor(
    readonly obj: PickleValue,
    readonly state: PickleValue,
  ) {}
}

/** A persistent id: `pid` is written, then BINPERSID. Never memoized itself (as in CPython). */
export class PicklePersistentId {
  constructor(readonly pid: PickleValue) {}
}

/**
 * A string CPython would hold as one shared object (an interned identifier, a literal): written
 * once and BINGET by value afterwards. Plain JS strings are written fresh each time, as
 * run-time-built Python strings are.
 */
export class PickleInterned {
  constructor(readonly value: string) {}
}
