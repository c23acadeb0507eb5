/**
 * Tensors <-> NumPy's .npy: `torch.fromNpy(bytes)`, `torch.toNpy(t)` and `t.toNpy()`. The bytes
 * are what np.save writes and np.load reads.
 */
import { Tensor } from '../tensor/tensor.js';
import { NpyFormatError } from './errors.js';
import { dtypeForNpyDescr, npyDescrForDtype, npyToLittleEndian, readNpy, writeNpy } from './npy.js';
import { StorageRecord, type PtDtypeName } from './pt_records.js';
import { storageBytesOf, torchletDtypeFor, typedArrayOfStorage } from './tensor_records.js';

declare module '../tensor/tensor.js' {
  interface Tensor {
    /** The tensor as a .npy file (np.load reads it). */
    toNpy(): Uint8Array;
  }
}

/** The tensor's elements in row-major order as the little-endian bytes PyTorch/NumPy store. */
export function contiguousBytesOf(t: Tensor): Uint8Array {
  return storageBytesOf(t._values(), t.dtype);
}

/** A tensor from a .npy file's bytes (float16 widens to float32; a Fortran-order array keeps its strides). */
export function fromNpy(bytes: Uint8Array | ArrayBuffer): Tensor {
  const input = bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes;
  if (!(input instanceof Uint8Array)) throw new TypeError('fromNpy() expects the bytes of a .npy file (Uint8Array or ArrayBuffer)');
  const arr = npyToLittleEndian(readNpy(input));
  const dtype = dtypeForNpyDescr(arr.descr);
  if (dtype === undefined) {
    throw new NpyFormatError(`fromNpy(): numpy dtype ${arr.descr} has no torchlet dtype (supported: f2, f4, f8, i1, i2, i4, i8, u1, b1)`);
  }
  const data = typedArrayOfStorage(new StorageRecord('', dtype as PtDtypeName, arr.bytes));
  const shape = arr.shape.slice();
  if (!arr.fortranOrder || shape.length < 2) return new Tensor(data, shape, torchletDtypeFor(dtype));
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = 0; i < shape.length; i++) {
    strides[i] = s;
    s *= Math.max(1, shape[i]!);
  }
  return new Tensor(data, shape, torchletDtypeFor(dtype), strides, 0);
}

/** `t` as a .npy file (C order). */
export function toNpy(t: Tensor): Uint8Array {
  if (!(t instanceof Tensor)) throw new TypeError('toNpy() expects a Tensor');
  const descr = npyDescrForDtype(t.dtype.name as PtDtypeName);
  if (descr === undefined) throw new NpyFormatError(`toNpy(): ${t.dtype} has no numpy dtype`);
  return writeNpy({ descr, fortranOrder: false, shape: t._shape.slice(), bytes: contiguousBytesOf(t) });
}

Tensor.prototype.toNpy = function (this: Tensor): Uint8Array {
  return toNpy(this);
};
