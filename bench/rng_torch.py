"""The workloads of bench/rng.mjs in PyTorch: millions of float32 random numbers per second."""
import json
import statistics
import time

import torch

N = 1_000_000


def per_call_ms(fn, target_ms=500.0, repeats=5):
    single = 0.0
    for _ in range(3):
        t0 = time.perf_counter()
        fn()
        single = max((time.perf_counter() - t0) * 1000, 1e-4)
    inner = max(1, round(target_ms / single))
    samples = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _ in range(inner):
            fn()
        samples.append((time.perf_counter() - t0) * 1000 / inner)
    return statistics.median(samples)


if __name__ == "__main__":
    torch.set_num_threads(2)
    torch.manual_seed(0)
    for name, fn in [("rand 1e6 float32", lambda: torch.rand(N)), ("randn 1e6 float32", lambda: torch.randn(N))]:
        print(json.dumps({"name": name, "unit": "M numbers/s", "value": N / per_call_ms(fn) / 1000}))
