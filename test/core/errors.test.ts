// Bad input gives a thrown error naming the problem, worded as PyTorch 1.13 words it (the expected
// messages below are PyTorch's own for the same call).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../../src/index.js';
import { Tensor } from '../../src/tensor/tensor.js';

const x = (): Tensor => torch.zeros(2, 3);
const long = (...v: number[]): Tensor => torch.tensor(v.map(BigInt));

const CASES: [string, () => unknown, RegExp][] = [
  ['non-broadcastable shapes', () => x().add(torch.zeros(3, 2)), /The size of tensor a \(2\) must match the size of tensor b \(3\) at non-singleton dimension 0.*\[2, 3\].*\[3, 2\]/],
  ['bad dim', () => x().sum(2), /Dimension out of range \(expected to be in range of \[-2, 1\], but got 2\)/],
  ['bad negative dim', () => x().softmax(-3), /Dimension out of range \(expected to be in range of \[-2, 1\], but got -3\)/],
  ['bad dim for unsqueeze', () => x().unsqueeze(4), /Dimension out of range \(expected to be in range of \[-3, 2\], but got 4\)/],
  ['float index tensor', () => x().index(torch.tensor([0])), /tensors used as indices must be long, byte or bool tensors/],
  ['float index for gather', () => x().gather(1, torch.tensor([[0, 1]])), /Expected dtype int64 for index/],
  ['float index for indexSelect', () => x().indexSelect(0, torch.tensor([0])), /index_select\(\): Expected dtype int32 or int64 for index/],
  ['ragged nested array', () => torch.tensor([[1, 2], [3]]), /expected sequence of length 2 at dim 1 \(got 1\)/],
  ['scalar where a sequence belongs', () => torch.tensor([[1, 2], 3]), /expected sequence of length 2 at dim 1/],
  ['non-number leaf', () => torch.tensor([1, 'a' as unknown as number]), /Could not infer dtype of string/],
  ['integer index out of range', () => x().index(5), /index 5 is out of bounds for dimension 0 with size 2/],
  ['column index out of range', () => x().index(':', 3), /index 3 is out of bounds for dimension 1 with size 3/],
  ['tensor index out of range', () => x().index(long(0, 7)), /index 7 is out of bounds for dimension 0 with size 2/],
  ['gather index out of range', () => x().gather(1, torch.tensor([[0n, 3n]])), /index 3 is out of bounds for dimension 1 with size 3/],
  ['scatter index out of range', () => x().scatter(1, torch.tensor([[5n]]), 1.0), /index 5 is out of bounds for dimension 1 with size 3/],
  ['select out of range', () => x().select(1, 3), /index 3 is out of bounds for dimension 1 with size 3/],
  ['too many indices', () => x().index(0, 0, 0), /too many indices for tensor of dimension 2/],
  ['mask of the wrong shape', () => x().index(torch.tensor([true, false, true])), /The shape of the mask \[3\] at index 0 does not match the shape of the indexed tensor \[2, 3\] at index 0/],
  ['requiresGrad on an int tensor', () => torch.zeros([2], { dtype: torch.int64 }).requiresGrad_(), /only Tensors of floating point dtype can require gradients/],
  ['view of an incompatible layout', () => x().t().view(-1), /view size is not compatible with input tensor's size and stride/],
  ['view with the wrong numel', () => x().view(4, 2), /shape '\[4, 2\]' is invalid for input of size 6/],
  ['reshape with the wrong numel', () => x().reshape(5), /shape '\[5\]' is invalid for input of size 6/],
  ['two inferred dims', () => x().view(-1, -1), /only one dimension can be inferred/],
  ['negative size', () => torch.zeros(-1), /Trying to create tensor with negative dimension -1: \[-1\]/],
  ['mm shapes', () => x().mm(x()), /mat1 and mat2 shapes cannot be multiplied \(2x3 and 2x3\)/],
  ['dot of matrices', () => torch.dot(x(), x()), /1D tensors expected, but got 2D and 2D tensors/],
  ['mv sizes', () => x().matmul(torch.zeros(2)), /size mismatch, got 2, 2x3,2/],
  ['bmm sizes', () => torch.bmm(torch.zeros(2, 2, 3), torch.zeros(2, 2, 3)), /Expected size for first two dimensions of batch2 tensor to be: \[2, 3\] but got: \[2, 2\]/],
  ['matmul of a 0-d tensor', () => torch.matmul(torch.tensor(1), x()), /both arguments to matmul need to be at least 1D, but they are 0D and 2D/],
  ['cat sizes', () => torch.cat([x(), torch.zeros(2, 2)]), /Sizes of tensors must match except in dimension 0. Expected size 3 but got size 2 for tensor number 1 in the list/],
  ['cat of 0-d tensors', () => torch.cat([torch.tensor(1), torch.tensor(2)]), /zero-dimensional tensor \(at position 0\) cannot be concatenated/],
  ['stack sizes', () => torch.stack([x(), torch.zeros(3, 2)]), /stack expects each tensor to be equal size, but got \[2, 3\] at entry 0 and \[3, 2\] at entry 1/],
  ['expand sizes', () => x().expand(3, 3), /The expanded size of the tensor \(3\) must match the existing size \(2\) at non-singleton dimension 0/],
  ['narrow beyond the end', () => x().narrow(1, 2, 2), /start \(2\) \+ length \(2\) exceeds dimension size \(3\)/],
  ['permute with too few dims', () => x().permute(0), /number of dimensions in the tensor input does not match the length of the desired ordering of dimensions/],
  ['split sizes', () => x().split([1, 1], 1), /split_with_sizes expects split_sizes to sum exactly to 3/],
  ['chunk count', () => x().chunk(0), /chunk expects `chunks` to be greater than 0, got: 0/],
  ['item of many elements', () => x().item(), /only one element tensors can be converted to Python scalars/],
  ['flatten order', () => x().flatten(1, 0), /flatten\(\) has invalid args: start_dim cannot come after end_dim/],
  ['arange step', () => torch.arange(0, 5, 0), /step must be nonzero/],
  ['arange direction', () => torch.arange(5, 0, 1), /upper bound and larger bound inconsistent with step sign/],
  ['mean of integers', () => x().long().mean(), /mean\(\): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: Long/],
  ['var of integers', () => x().long().var(), /std and var only support floating point and complex dtypes/],
  ['integer to a negative power', () => torch.zeros(2, { dtype: torch.int64 }).pow(-1), /Integers to negative integer powers are not allowed/],
  ['integer division by zero', () => torch.div(long(1), long(0), { roundingMode: 'floor' }), /ZeroDivisionError/],
  ['bad rounding mode', () => torch.div(x(), 2, { roundingMode: 'round' as 'floor' }), /div expected rounding_mode to be one of None, 'trunc', or 'floor' but found 'round'/],
  ['bool subtraction', () => torch.tensor([true]).sub(torch.tensor([false])), /Subtraction, the `-` operator, with two bool tensors is not supported/],
  ['bool negation', () => torch.tensor([true]).neg(), /Negation, the `-` operator, on a bool tensor is not supported/],
  ['in-place result type', () => torch.zeros([2], { dtype: torch.int64 }).add_(1.5), /result type Float can't be cast to the desired output type Long/],
  ['in-place broadcast onto a smaller tensor', () => torch.zeros(3).add_(x()), /output with shape \[3\] doesn't match the broadcast shape \[2, 3\]/],
  ['where with a float condition', () => torch.where(x(), x(), x()), /where expected condition to be a boolean tensor/],
  ['maskedFill with a float mask', () => x().maskedFill(x(), 1), /masked_fill_ only supports boolean masks/],
  ['max over an empty dim', () => torch.zeros(2, 0).max(1), /Expected reduction dim 1 to have non-zero size/],
  ['full max of an empty tensor', () => torch.zeros(0).max(), /Expected reduction dim to be specified for input.numel\(\) == 0/],
  ['unknown dtype', () => torch.zeros([2], { dtype: 'float16' as unknown as torch.DType }), /unknown dtype 'float16'/],
  ['a device that does not exist', () => x().to('cuda'), /Torch not compiled with CUDA enabled/],
  ['an operand that is not a tensor', () => x().add('1' as unknown as number), /other must be a Tensor or a number, got string 1/],
  ['from with a mismatched shape', () => torch.from(new Float32Array(6), [4, 2]), /shape \[4, 2\] is invalid for a typed array of length 6/],
  ['index slice with step 0', () => x().index('::0'), /step must be greater than zero/],
  ['two ellipses', () => x().index('...', '...'), /an index can only have a single ellipsis/],
];

for (const [name, f, re] of CASES) {
  test(`bad input: ${name}`, () => {
    assert.throws(f, (e: unknown) => {
      assert.ok(e instanceof Error, 'an Error is thrown');
      assert.match((e as Error).message, re);
      return true;
    });
  });
}
