/**
 * Whole-module records: what `torch.save(model)` pickles. Each module is its class (a global)
 * instantiated with NEWOBJ and given its `__dict__` by BUILD; PyTorch 1.13.1's nn.Module
 * `__dict__` starts with the bookkeeping attributes below, in this order, then the class's own.
 */
import { PtFormatError } from './errors.js';
import { ObjectRecord, OrderedDictRecord, ParameterRecord, TensorRecord, type PtValue } from './pt_records.js';

export interface ModuleRecordInit {
  /** Python module of the class, e.g. 'torch.nn.modules.linear'. */
  module: string;
  /** Class name, e.g. 'Linear'. */
  name: string;
  training?: boolean;
  parameters?: Iterable<readonly [string, ParameterRecord | null]>;
  buffers?: Iterable<readonly [string, TensorRecord | null]>;
  nonPersistentBuffers?: Iterable<string>;
  modules?: Iterable<readonly [string, ObjectRecord | null]>;
  /** The class's own attributes, in assignment order (`in_features`, `out_features`, ...). */
  attributes?: Iterable<readonly [string, PtValue]>;
}

const HOOK_DICTS = [
  '_backward_hooks',
  '_forward_hooks',
  '_forward_pre_hooks',
  '_state_dict_hooks',
  '_load_state_dict_pre_hooks',
  '_load_state_dict_post_hooks',
] as const;

const BOOKKEEPING = new Set<string>([
  'training',
  '_parameters',
  '_buffers',
  '_non_persistent_buffers_set',
  '_is_full_backward_hook',
  '_modules',
  ...HOOK_DICTS,
]);

/** The record of one nn.Module instance, laid out as PyTorch 1.13.1 pickles it. */
export function moduleRecord(init: ModuleRecordInit): ObjectRecord {
  const state = new Map<PtValue, PtValue>();
  const hooks = (): OrderedDictRecord => new OrderedDictRecord();
  state.set('training', init.training ?? true);
  state.set('_parameters', new OrderedDictRecord(init.parameters ?? []));
  state.set('_buffers', new OrderedDictRecord(init.buffers ?? []));
  state.set('_non_persistent_buffers_set', new Set<PtValue>(init.nonPersistentBuffers ?? []));
  state.set('_backward_hooks', hooks());
  state.set('_is_full_backward_hook', null);
  state.set('_forward_hooks', hooks());
  state.set('_forward_pre_hooks', hooks());
  state.set('_state_dict_hooks', hooks());
  state.set('_load_state_dict_pre_hooks', hooks());
  state.set('_load_state_dict_post_hooks', hooks());
  state.set('_modules', new OrderedDictRecord(init.modules ?? []));
  for (const [k, v] of init.attributes ?? []) {
    if (BOOKKEEPING.has(k)) throw new PtFormatError(`module attribute '${k}' is reserved for nn.Module's own bookkeeping`);
    state.set(k, v);
  }
  return new ObjectRecord(init.module, init.name, state, [], 'newobj');
}

export interface ModuleRecordParts {
  module: string;
  name: string;
  training: boolean;
  parameters: Map<string, ParameterRecord | null>;
  buffers: Map<string, TensorRecord | null>;
  nonPersistentBuffers: Set<string>;
  modules: Map<string, ObjectRecord | null>;
  /** Every other attribute, in file order. */
  attributes: Map<string, PtValue>;
}

function entriesOf(v: PtValue | undefined, what: string): Map<PtValue, PtValue> {
  if (v instanceof OrderedDictRecord) return v.entries;
  if (v instanceof Map) return v;
  throw new PtFormatError(`module ${what} is not a dict`);
}

/** Takes a loaded module record apart (the inverse of moduleRecord), checking each piece's type. */
export function moduleRecordParts(record: ObjectRecord): ModuleRecordParts {
  const where = record.qualifiedName;
  const state = record.state;
  if (!(state instanceof Map)) throw new PtFormatError(`${where}: module state is not a dict of attributes`);
  const parameters = new Map<string, ParameterRecord | null>();
  for (const [k, v] of entriesOf(state.get('_parameters'), `${where}._parameters`)) {
    if (typeof k !== 'string' || !(v === null || v instanceof ParameterRecord)) {
      throw new PtFormatError(`${where}._parameters['${String(k)}'] is not a Parameter`);
    }
    parameters.set(k, v);
  }
  const buffers = new Map<string, TensorRecord | null>();
  for (const [k, v] of entriesOf(state.get('_buffers'), `${where}._buffers`)) {
    if (typeof k !== 'string' || !(v === null || v instanceof TensorRecord)) {
      throw new PtFormatError(`${where}._buffers['${String(k)}'] is not a tensor`);
    }
    buffers.set(k, v);
  }
  const modules = new Map<string, ObjectRecord | null>();
  for (const [k, v] of entriesOf(state.get('_modules'), `${where}._modules`)) {
    if (typeof k !== 'string' || !(v === null || v instanceof ObjectRecord)) {
      throw new PtFormatError(`${where}._modules['${String(k)}'] is not a module`);
    }
    modules.set(k, v);
  }
  const npb = state.get('_non_persistent_buffers_set');
  const nonPersistentBuffers = new Set<string>();
  if (npb instanceof Set) for (const x of npb) if (typeof x === 'string') nonPersistentBuffers.add(x);
  const training = state.get('training');
  const attributes = new Map<string, PtValue>();
  for (const [k, v] of state) {
    if (typeof k === 'string' && !BOOKKEEPING.has(k)) attributes.set(k, v);
  }
  return {
    module: record.module,
    name: record.name,
    training: training === undefined ? true : training === true,
    parameters,
    buffers,
    nonPersistentBuffers,
    modules,
    attributes,
  };
}
