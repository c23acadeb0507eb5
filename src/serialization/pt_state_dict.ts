/**
 * state_dict records: an OrderedDict of name -> tensor with a `_metadata` OrderedDict of
 * module prefix -> {'version': n}, which load_state_dict uses for version upgrades.
 */
import { PtFormatError } from './errors.js';
import { OrderedDictRecord, TensorRecord, type PtValue } from './pt_records.js';

/**
 * Builds what `module.state_dict()` returns. `versions` lists each module prefix ('' for the root,
 * then 'fc', 'seq.0', ... in traversal order) with its class's `_version` (1 for most, 2 for BatchNorm).
 */
export function stateDictRecord(
  entries: Iterable<readonly [string, TensorRecord]>,
  versions?: Iterable<readonly [string, number]>,
): OrderedDictRecord {
  let metadata: OrderedDictRecord | undefined;
  if (versions) {
    metadata = new OrderedDictRecord();
    for (const [prefix, version] of versions) metadata.entries.set(prefix, new Map<PtValue, PtValue>([['version', version]]));
  }
  return new OrderedDictRecord(entries, metadata);
}

export interface StateDictParts {
  tensors: Map<string, TensorRecord>;
  /** prefix -> version, when the file has `_metadata` (entries without a 'version' are skipped). */
  versions: Map<string, number> | undefined;
}

/** Splits a loaded state_dict (an OrderedDictRecord, or a plain dict Map) into tensors and versions. */
export function stateDictParts(value: PtValue): StateDictParts {
  const entries = value instanceof OrderedDictRecord ? value.entries : value instanceof Map ? value : undefined;
  if (!entries) throw new PtFormatError('expected a state_dict (an OrderedDict of name -> tensor)');
  const tensors = new Map<string, TensorRecord>();
  for (const [k, v] of entries) {
    if (typeof k !== 'string') throw new PtFormatError(`state_dict key ${String(k)} is not a str`);
    if (!(v instanceof TensorRecord)) throw new PtFormatError(`state_dict entry '${k}' is not a tensor`);
    tensors.set(k, v);
  }
  let versions: Map<string, number> | undefined;
  if (value instanceof OrderedDictRecord && value.metadata) {
    versions = new Map();
    for (const [prefix, info] of value.metadata.entries) {
      if (typeof prefix !== 'string' || !(info instanceof Map)) continue;
      const version = info.get('version');
      if (typeof version === 'number') versions.set(prefix, version);
    }
  }
  return { tensors, versions };
}
