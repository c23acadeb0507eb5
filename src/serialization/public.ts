/**
 * `torch.serialization`: torch.save/torch.load and their extension points, plus the Python value
 * wrappers for saving what JavaScript cannot tell apart (a float that is whole, a tuple).
 */
export { save } from './torch_save.js';
export { load, type LoadOptions, type MapLocation } from './torch_load.js';
export {
  registerModule,
  registerCodec,
  type RegisterModuleOptions,
  type ObjectCodec,
  type SaveContext,
  type LoadContext,
} from './codecs.js';
export { fromNpy, toNpy } from './npy_tensor.js';
export { PyFloat, PyTuple, pyTuple } from './pickle/py_values.js';
export {
  SerializationError,
  UnpicklingError,
  PicklingError,
  ZipFormatError,
  PtFormatError,
  NpyFormatError,
  SafetensorsError,
} from './errors.js';
