export { unpickle, type UnpickleOptions } from './unpickler.js';
export { pickle, encodeLong, type PickleOptions } from './pickler.js';
export {
  PickleBuild,
  PickleGlobal,
  PickleInterned,
  PicklePersistentId,
  PickleNewObj,
  PickleReduce,
  type PickleDict,
  type PickleValue,
} from './ast.js';
export { PyFloat, PyTuple, pyTuple } from './py_values.js';
export { checkGraph, type ChildrenOf } from './graph.js';
export { Op, opcodeName, HIGHEST_PROTOCOL } from './opcodes.js';
