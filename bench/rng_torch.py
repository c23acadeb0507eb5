"""The workloads of bench/rng.mjs in PyTorch: millions of float32 random numbers per second."""
import json

import torch
from timing_torch import per_call_ms

N = 1_000_000


if __name__ == "__main__":
    torch.set_num_threads(2)
    torch.manual_seed(0)
    for name, fn in [("rand 1e6 float32", lambda: torch.rand(N)), ("randn 1e6 float32", lambda: torch.randn(N))]:
        print(json.dumps({"name": name, "unit": "M numbers/s", "value": N / per_call_ms(fn, target_ms=500.0) / 1000}))
