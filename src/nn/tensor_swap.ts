// Module.double()/float()/to(dtype) keep each Parameter object and swap its contents, as PyTorch's
// `param.data = fn(param)` does, so optimizers built earlier still hold the live tensors. The
// Tensor's `data` setter refuses a dtype change, hence this narrow helper.
import type { Tensor } from '../tensor/tensor.js';

export function replaceTensorData(dst: Tensor, src: Tensor): void {
  if (dst === src) return;
  const c = src.isContiguous() ? src : src.contiguous();
  dst._data = c._data;
  dst._shape = c._shape.slice();
  dst._strides = c._strides.slice();
  dst._offset = c._offset;
  dst._contiguous = c._contiguous;
  (dst as { dtype: Tensor['dtype'] }).dtype = c.dtype;
  dst._version.version++;
}
