// A dataset built inside each DataLoader worker: every sample reports its index, the worker that
// loaded it, that worker's seed and the next float32 uniform of the worker's global generator
// (as bits), mirroring the SeedProbe dataset of scripts/gen_data_fixtures.py.
import * as torch from '../../../src/index.js';

const { Dataset, getWorkerInfo } = torch.utils.data;

function f32Bits(x: number): string {
  const view = new DataView(new ArrayBuffer(4));
  view.setFloat32(0, x);
  return view.getUint32(0).toString(16).padStart(8, '0');
}

export class SeedProbe extends Dataset<[number, number, string, string]> {
  constructor(readonly size: number) {
    super();
  }
  get length(): number {
    return this.size;
  }
  getItem(i: number): [number, number, string, string] {
    const info = getWorkerInfo();
    if (info === null) throw new Error('SeedProbe must run in a DataLoader worker');
    return [i, info.id, String(info.seed), f32Bits(torch.rand(1).item())];
  }
}

export function createDataset(args: { size: number }): SeedProbe {
  return new SeedProbe(args.size);
}
