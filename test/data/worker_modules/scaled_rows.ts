// A dataset built in a worker from tensors passed as workerArgs: row i of `table` times `scale`.
import * as torch from '../../../src/index.js';

export function createDataset(args: { table: torch.Tensor; scale: number }): torch.utils.data.MapDatasetLike<torch.Tensor> {
  if (!(args.table instanceof torch.Tensor)) throw new TypeError('table did not arrive as a Tensor');
  return { length: args.table.size(0), getItem: (i: number) => args.table.select(0, i).mul(args.scale) };
}
