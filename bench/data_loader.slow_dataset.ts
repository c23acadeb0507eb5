// A dataset whose getItem is deliberately expensive (a fixed amount of arithmetic per sample),
// for the numWorkers part of bench/data_loader.ts. Workers import this module and call createDataset.
import * as torch from '../src/index.js';

export interface SlowArgs {
  size: number;
  /** Arithmetic steps per sample. */
  work: number;
}

export class SlowDataset extends torch.utils.data.Dataset<[torch.Tensor, number]> {
  constructor(readonly args: SlowArgs) {
    super();
  }
  get length(): number {
    return this.args.size;
  }
  getItem(i: number): [torch.Tensor, number] {
    const features = new Float32Array(16);
    let acc = i;
    for (let k = 0; k < this.args.work; k++) {
      acc = (acc * 1.0000001 + Math.sin(k)) % 1000;
      features[k & 15] = acc;
    }
    return [torch.from(features), i % 10];
  }
  workerSpec(): torch.utils.data.WorkerDatasetSpec {
    return { module: import.meta.url, args: this.args };
  }
}

export function createDataset(args: SlowArgs): SlowDataset {
  return new SlowDataset(args);
}
