/**
 * What a plain JS object cannot say about the Python dict it came from: whether it was an
 * OrderedDict, and which keys were ints (JS object keys are always strings). torch.load records it
 * on the object under a symbol (invisible to Object.keys, JSON and equality checks), so that
 * torch.save writes the same dict back.
 */
const INFO = Symbol.for('torchlet.serialization.pythonDict');

export interface PythonDictInfo {
  /** The dict was a collections.OrderedDict (every state_dict is). */
  ordered: boolean;
  /** Keys that were Python ints, as their decimal strings. */
  intKeys: ReadonlySet<string>;
}

export function setPythonDictInfo(obj: object, info: PythonDictInfo): void {
  Object.defineProperty(obj, INFO, { value: info, enumerable: false, writable: true, configurable: true });
}

export function pythonDictInfo(obj: object): PythonDictInfo | undefined {
  return (obj as { [INFO]?: PythonDictInfo })[INFO];
}

/** A decimal string that round-trips through a safe integer ('0', '17', '-3'; not '01' or '1.0'). */
export function isIntKey(key: string): boolean {
  if (!/^-?(0|[1-9][0-9]{0,15})$/.test(key)) return false;
  return Number.isSafeInteger(Number(key)) && key !== '-0';
}
