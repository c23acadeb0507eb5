// torch.save / torch.load throughput on a ~100 MB float32 state dict (24 tensors of 1M elements,
// like a stack of 1024x1024 linear layers), to a file in the temp folder and to/from bytes.
// Prints JSON lines {name, unit, value} in MB/s (1 MB = 10^6 bytes of tensor data).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as torch from '../dist/index.js';
import { timeWhole } from './timing.mjs';

const LAYERS = 12;
const sd = {};
for (let i = 0; i < LAYERS; i++) {
  sd[`layers.${i}.weight`] = torch.rand(1024, 1024);
  sd[`layers.${i}.bias`] = torch.rand(1024 * 1024);
}
const megabytes = Object.values(sd).reduce((n, t) => n + t.numel() * 4, 0) / 1e6;

const dir = mkdtempSync(join(tmpdir(), 'torchlet-bench-'));
const path = join(dir, 'state_dict.pt');
const time = (fn) => () => {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
};
try {
  const save = timeWhole(time(() => torch.save(sd, path)));
  const load = timeWhole(time(() => torch.load(path)));
  let bytes;
  const saveBytes = timeWhole(time(() => (bytes = torch.save(sd))));
  const loadBytes = timeWhole(time(() => torch.load(bytes)));
  const rate = (ms) => megabytes / (ms / 1000);
  const results = [
    { name: 'save 100MB state_dict', unit: 'MB/s', value: rate(save) },
    { name: 'load 100MB state_dict', unit: 'MB/s', value: rate(load) },
    { name: 'save 100MB state_dict to bytes', unit: 'MB/s', value: rate(saveBytes) },
    { name: 'load 100MB state_dict from bytes', unit: 'MB/s', value: rate(loadBytes) },
  ];
  for (const r of results) console.log(JSON.stringify(r));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
