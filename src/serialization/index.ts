/**
 * File formats on neutral records: a safe pickle interpreter and writer, zip, PyTorch's .pt
 * container, .npy/.npz and safetensors. Nothing here knows torchlet's Tensor or Module; the
 * tensor and nn layers convert records to and from their own types.
 */
export {
  SerializationError,
  UnpicklingError,
  PicklingError,
  ZipFormatError,
  PtFormatError,
  NpyFormatError,
  SafetensorsError,
} from './errors.js';
export * from './pickle/index.js';
export * from './zip/index.js';
export {
  PT_DTYPES,
  StorageRecord,
  TensorRecord,
  ParameterRecord,
  OrderedDictRecord,
  ObjectRecord,
  contiguousStrides,
  dtypeForStorageClass,
  isPtDtypeName,
  itemSizeOf,
  type PtDtypeName,
  type PtValue,
  type PtDict,
  type TensorRecordInit,
} from './pt_records.js';
export { readPt, readPtArchive, writePt, writePtTo, archiveNameForPath, type ReadPtOptions, type WritePtOptions, type PtArchive } from './pt_format.js';
export type { AllowedGlobals } from './pt_unpickle.js';
export { stateDictRecord, stateDictParts, type StateDictParts } from './pt_state_dict.js';
export { moduleRecord, moduleRecordParts, type ModuleRecordInit, type ModuleRecordParts } from './pt_module.js';
export {
  readNpy,
  writeNpy,
  readNpz,
  writeNpz,
  npyItemSize,
  npyDescrForDtype,
  dtypeForNpyDescr,
  npyToLittleEndian,
  type NpyArray,
  type ReadNpyOptions,
  type WriteNpyOptions,
} from './npy.js';
export {
  readSafetensors,
  writeSafetensors,
  isSafetensorsDtype,
  safetensorsItemSize,
  safetensorsDtypeFor,
  dtypeForSafetensors,
  type SafetensorsDtype,
  type SafetensorsTensor,
  type SafetensorsFile,
  type ReadSafetensorsOptions,
} from './safetensors.js';
