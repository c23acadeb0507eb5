"""The same save/load workloads as bench/save_load.mjs, timed in PyTorch; prints JSON lines {name, unit, value}."""
import io
import json
import os
import shutil
import statistics
import tempfile
import time

import torch

LAYERS = 12
sd = {}
for i in range(LAYERS):
    sd['layers.%d.weight' % i] = torch.rand(1024, 1024)
    sd['layers.%d.bias' % i] = torch.rand(1024 * 1024)
megabytes = sum(t.numel() * 4 for t in sd.values()) / 1e6


def whole_ms(fn, repeats=5):
    def once():
        t0 = time.perf_counter()
        fn()
        return (time.perf_counter() - t0) * 1000
    once()
    return statistics.median([once() for _ in range(repeats)])


def to_bytes():
    buf = io.BytesIO()
    torch.save(sd, buf)
    return buf.getvalue()


d = tempfile.mkdtemp(prefix='torch-bench-')
path = os.path.join(d, 'state_dict.pt')
try:
    save = whole_ms(lambda: torch.save(sd, path))
    load = whole_ms(lambda: torch.load(path))
    data = to_bytes()
    save_bytes = whole_ms(to_bytes)
    load_bytes = whole_ms(lambda: torch.load(io.BytesIO(data)))
    rate = lambda ms: megabytes / (ms / 1000)
    for name, ms in [('save 100MB state_dict', save), ('load 100MB state_dict', load),
                     ('save 100MB state_dict to bytes', save_bytes), ('load 100MB state_dict from bytes', load_bytes)]:
        print(json.dumps({'name': name, 'unit': 'MB/s', 'value': rate(ms)}))
finally:
    shutil.rmtree(d, ignore_errors=True)
