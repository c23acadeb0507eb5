/**
 * `TensorDataset(...tensors)`: sample i is the array of every tensor's i-th slice along dim 0.
 *
 * Its batch fast path copies the selected rows straight out of each tensor's storage, which
 * gives the same tensors as stacking the per-sample slices (same dtype, shape and values).
 */
import { Tensor } from '../../tensor/tensor.js';
import type { TypedArray } from '../../tensor/dtype.js';
import { select } from '../../ops/view.js';
import { needsGrad } from '../../autograd/function.js';
import { Dataset } from './dataset.js';
import { batchFastPath } from './batch_fast_path.js';
import { BUILTIN_WORKER_MODULE, shareTensor } from './worker_spec_helpers.js';
import type { WorkerDatasetSpec } from './worker_spec.js';

/** One Tensor per input tensor (a tuple type when the tensors are given as a tuple). */
export type TensorSample<T extends Tensor[]> = { [K in keyof T]: Tensor };

export class TensorDataset<T extends Tensor[] = Tensor[]> extends Dataset<TensorSample<T>> {
  readonly tensors: T;

  constructor(...tensors: T) {
    super();
    if (tensors.length === 0) throw new RangeError('TensorDataset needs at least one tensor');
    tensors.forEach((t, i) => {
      if (!(t instanceof Tensor)) throw new TypeError(`TensorDataset: argument ${i} is not a Tensor`);
      if (t.dim() === 0) throw new RangeError(`TensorDataset: tensor ${i} is 0-dimensional and has no first dimension to index`);
    });
    const n = tensors[0]!.size(0);
    if (!tensors.every((t) => t.size(0) === n)) {
      const sizes = tensors.map((t) => t.size(0)).join(', ');
      throw new RangeError(`Size mismatch between tensors (first dimensions: ${sizes})`);
    }
    this.tensors = tensors;
  }

  get length(): number {
    return this.tensors[0]!.size(0);
  }

  getItem(index: number): TensorSample<T> {
    if (typeof index !== 'number') throw new TypeError(`TensorDataset index must be a number, but got ${typeof index}`);
    return this.tensors.map((t) => select(t, 0, index)) as TensorSample<T>;
  }

  /** Rebuilt in a worker thread from one shared copy of the tensors. */
  workerSpec(): WorkerDatasetSpec {
    return { module: BUILTIN_WORKER_MODULE, exportName: 'tensorDataset', args: { tensors: this.tensors.map(shareTensor) } };
  }

  /** Rows copied straight from storage; declines when getItem is overridden or autograd must record. */
  [batchFastPath](indices: readonly number[]): Tensor[] | undefined {
    if (this.getItem !== TensorDataset.prototype.getItem) return undefined;
    if (this.tensors.some((t) => needsGrad(t))) return undefined;
    const n = this.length;
    const rows = new Array<number>(indices.length);
    for (let b = 0; b < indices.length; b++) {
      const i = indices[b]!;
      if (!Number.isInteger(i) || i < -n || i >= n) {
        throw new RangeError(`index ${i} is out of bounds for dimension 0 with size ${n}`);
      }
      rows[b] = i < 0 ? i + n : i;
    }
    return this.tensors.map((t) => gatherRows(t, rows));
  }
}

/** `stack([t[r] for r in rows])` for a tensor that is not recording gradients. */
export function gatherRows(t: Tensor, rows: readonly number[]): Tensor {
  const rowShape = t._shape.slice(1);
  let rowSize = 1;
  for (const s of rowShape) rowSize *= s;
  const out = new (t.dtype.ArrayType)(rows.length * rowSize) as TypedArray;
  if (t._contiguous) {
    const data = t._data;
    const base = t._offset;
    if (rowSize === 1) {
      for (let b = 0; b < rows.length; b++) out[b] = data[base + rows[b]!]!;
    } else {
      for (let b = 0; b < rows.length; b++) {
        const start = base + rows[b]! * rowSize;
        out.set(data.subarray(start, start + rowSize), b * rowSize);
      }
    }
  } else {
    for (let b = 0; b < rows.length; b++) out.set(select(t, 0, rows[b]!)._values(), b * rowSize);
  }
  return new Tensor(out, [rows.length, ...rowShape], t.dtype);
}
