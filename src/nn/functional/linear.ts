// F.linear and F.bilinear. Linear follows at::linear's choice of kernels, so results and grad_fn
// names match PyTorch's: addmm for 2-D input with a bias (AddmmBackward0), 3-D contiguous input
// folded into 2-D for the same addmm, and otherwise a matmul folded to mm plus the bias.
import { Tensor } from '../../tensor/tensor.js';
import { addmm, mm, matmul } from '../../ops/matmul.js';
import '../../ops/view.js';
import '../../ops/binary.js';

export function linear(input: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  const dim = input.dim();
  const wt = weight.t();
  if (bias) {
    if (dim === 2) return addmm(bias, input, wt);
    if (dim === 3 && input.isContiguous()) {
      const s = input._shape;
      const out = addmm(bias, input.view([s[0] * s[1], s[2]]), wt);
      return out.view([s[0], s[1], out._shape[1]]);
    }
  }
  let out: Tensor;
  if (dim >= 3) {
    // matmul of an N-D input with a matrix folds the batch dims into rows, as PyTorch's does.
    const s = input._shape;
    const k = s[dim - 1];
    const rows = s.slice(0, -1);
    out = mm(input.reshape([-1, k]), wt).view([...rows, wt._shape[1]]);
  } else {
    out = matmul(input, wt);
  }
  return bias ? out.add(bias) : out;
}

/** y = x1ᵀ A x2 + b for each output feature: weight [out, in1, in2]. */
export function bilinear(input1: Tensor, input2: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  if (input1.dim() !== input2.dim()) {
    throw new Error(`bilinear(): input dimensions do not match: got ${input1.dim()} and ${input2.dim()}`);
  }
  for (let i = 0; i < input1.dim() - 1; i++) {
    if (input1._shape[i] !== input2._shape[i]) {
      throw new Error(`bilinear(): input batch dimensions do not match: got ${input1._shape[i]} and ${input2._shape[i]}`);
    }
  }
  const in1 = weight._shape[1];
  const in2 = weight._shape[2];
  if (input1._shape[input1.dim() - 1] !== in1) {
    throw new Error(`bilinear(): input1 size does not match weight size: got ${input1._shape[input1.dim() - 1]} but expected ${in1}`);
  }
  if (input2._shape[input2.dim() - 1] !== in2) {
    throw new Error(`bilinear(): input2 size does not match weight size: got ${input2._shape[input2.dim() - 1]} but expected ${in2}`);
  }
  const lead = input1._shape.slice(0, -1);
  const outF = weight._shape[0];
  const x1 = input1.reshape([-1, in1]);
  const x2 = input2.reshape([-1, in2]);
  // (x1 @ W_o) · x2 for every o at once: x1 [B, in1] @ W viewed [in1, out*in2].
  const w = weight.permute([1, 0, 2]).reshape([in1, outF * in2]);
  const t = mm(x1, w).view([-1, outF, in2]);
  let out = t.mul(x2.unsqueeze(1)).sum(2);
  if (bias) out = out.add(bias);
  return out.reshape([...lead, outF]);
}
