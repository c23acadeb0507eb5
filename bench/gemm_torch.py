"""GEMM throughput in PyTorch (float32 torch.mm, 2 threads unless --threads), the counterpart of
bench/gemm.mjs; prints JSON lines {name, unit, value}. Run it on OpenBLAS (bench/openblas_env.mjs)."""
import argparse
import json
import statistics
import time

import torch

parser = argparse.ArgumentParser()
parser.add_argument('--threads', type=int, default=2)
parser.add_argument('--sizes', default='128,512,1024,2048')
# cpu: best-of process CPU time per call (the kernel's own speed on a busy machine; use with --threads 1)
parser.add_argument('--clock', choices=['wall', 'cpu'], default='wall')
args = parser.parse_args()
torch.set_num_threads(args.threads)
now = time.perf_counter


def gflops_cpu(n, target_s=2.0):
    gen = torch.Generator().manual_seed(0)
    a = torch.randn(n, n, generator=gen)
    b = torch.randn(n, n, generator=gen)
    torch.mm(a, b)
    best = float('inf')
    end = now() + target_s
    while now() < end:
        t0 = time.process_time()
        torch.mm(a, b)
        best = min(best, max(time.process_time() - t0, 1e-6))
    return 2 * n ** 3 / best / 1e9


def gflops(n, repeats=5, target_s=0.4):
    gen = torch.Generator().manual_seed(0)
    a = torch.randn(n, n, generator=gen)
    b = torch.randn(n, n, generator=gen)
    for _ in range(2):
        torch.mm(a, b)
    t0 = now()
    torch.mm(a, b)
    single = max(now() - t0, 1e-6)
    inner = max(1, round(target_s / single))
    samples = []
    for _ in range(repeats):
        t0 = now()
        for _ in range(inner):
            torch.mm(a, b)
        samples.append((now() - t0) / inner)
    return 2 * n ** 3 / statistics.median(samples) / 1e9


for n in [int(s) for s in args.sizes.split(',')]:
    rate = gflops_cpu(n) if args.clock == 'cpu' else gflops(n)
    print(json.dumps({'name': f'GEMM n={n}', 'unit': 'GFLOP/s', 'value': rate}), flush=True)
