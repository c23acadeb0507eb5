/**
 * One base class for every failure of the file-format layer, so callers (and the fuzz tests) can
 * tell "this input is not a valid file" apart from a bug: anything else escaping a reader is a bug.
 */
export class SerializationError extends Error {
  override name = 'SerializationError';
}

/** The pickle stream is malformed, hostile, or asks for something the safe interpreter refuses. */
export class UnpicklingError extends SerializationError {
  override name = 'UnpicklingError';
}

/** A value cannot be expressed in the pickle the writer produces. */
export class PicklingError extends SerializationError {
  override name = 'PicklingError';
}

/** The zip container is malformed, truncated, inconsistent or too large to inflate safely. */
export class ZipFormatError extends SerializationError {
  override name = 'ZipFormatError';
}

/** The archive is a zip but not a valid torch.save file (missing records, bad tensor geometry...). */
export class PtFormatError extends SerializationError {
  override name = 'PtFormatError';
}

/** A .npy/.npz file is malformed or uses a feature this reader does not support. */
export class NpyFormatError extends SerializationError {
  override name = 'NpyFormatError';
}

/** A .safetensors file is malformed (header, dtype, shape or offsets). */
export class SafetensorsError extends SerializationError {
  override name = 'SafetensorsError';
}
