// A map-style dataset whose getItem is deliberately expensive (a busy loop), and which can fail
// on request: for the worker tests and the numWorkers benchmark.
import * as torch from '../../../src/index.js';

export interface SlowSquaresArgs {
  size: number;
  /** Busy-work iterations per sample. */
  work?: number;
  /** getItem throws a RangeError for this index. */
  failAt?: number;
  /** Construction throws (to test start-up failures). */
  failOnBuild?: boolean;
}

export class SlowSquares extends torch.utils.data.Dataset<[torch.Tensor, number]> {
  constructor(readonly args: SlowSquaresArgs) {
    super();
    if (args.failOnBuild) throw new TypeError('SlowSquares refused to build');
  }
  get length(): number {
    return this.args.size;
  }
  getItem(i: number): [torch.Tensor, number] {
    if (i === this.args.failAt) throw new RangeError(`sample ${i} is corrupt`);
    let acc = 0;
    for (let k = 0; k < (this.args.work ?? 0); k++) acc += Math.sqrt(k + i);
    return [torch.tensor([i, i * i, acc > -1 ? 1 : 0]), i % 3];
  }
  workerSpec(): torch.utils.data.WorkerDatasetSpec {
    return { module: import.meta.url, args: this.args };
  }
}

export function createDataset(args: SlowSquaresArgs): SlowSquares {
  return new SlowSquares(args);
}
