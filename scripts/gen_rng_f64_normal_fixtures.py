#!/usr/bin/python3
"""float64 normal samples through every public entry point, from real PyTorch.

Run with Debian's PyTorch 1.13.1:  /usr/bin/python3 scripts/gen_rng_f64_normal_fixtures.py
Writes test/fixtures/random/f64_normal_paths.json.

These samples go through libm's log/sin/cos, so their last bits are glibc's. The cases cover the
scalar path (fewer than 16 elements, or a strided tensor), the block path (16 or more, with and
without a tail), the Box-Muller cache carried between calls, torch.normal's overloads, the nn.init
fills that draw normals, and exponential_. Every case lists the calls that made it ("ops"), so a
test replays them in order. Results of up to 64 values are stored whole (16-hex-digit bit
patterns); longer ones as count, the first 8 values and the SHA-256 of all values' little-endian
bytes, which keeps the file small.
"""
import hashlib
import math

import torch

from fixture_files import f64_hex, fixture_path, write_json

torch.set_num_threads(1)
F64 = torch.float64
WHOLE = 64
HEAD = 8


def encode(t):
    t = t.detach().contiguous().reshape(-1)
    assert t.dtype == F64
    values = [f64_hex(v) for v in t.tolist()]
    if len(values) <= WHOLE:
        return {"values": values}
    return {"count": len(values), "head": values[:HEAD],
            "sha256": hashlib.sha256(t.numpy().astype("<f8").tobytes()).hexdigest()}


def strided(n):
    """n elements with stride 2 (a non-contiguous view), as x[:, 0] of an n x 2 tensor."""
    return torch.empty(n, 2, dtype=F64)[:, 0]


def apply(op):
    kind = op["op"]
    if kind == "randn":
        return torch.randn(*op["shape"], dtype=F64)
    if kind == "normal_":
        n = math.prod(op["shape"])
        t = strided(n) if op.get("strided") else torch.empty(*op["shape"], dtype=F64)
        return t.normal_(op["mean"], op["std"])
    if kind == "normal_sizes":
        return torch.normal(op["mean"], op["std"], op["shape"], dtype=F64)
    if kind == "normal_tensor_mean":
        return torch.normal(torch.tensor(op["means"], dtype=F64), op["std"])
    if kind == "normal_tensor_std":
        return torch.normal(op["mean"], torch.tensor(op["stds"], dtype=F64))
    if kind == "normal_tensor_both":
        return torch.normal(torch.tensor(op["means"], dtype=F64), torch.tensor(op["stds"], dtype=F64))
    if kind == "init_normal_":
        return torch.nn.init.normal_(torch.empty(*op["shape"], dtype=F64), op["mean"], op["std"])
    if kind == "init_kaiming_normal_":
        return torch.nn.init.kaiming_normal_(torch.empty(*op["shape"], dtype=F64))
    if kind == "init_xavier_normal_":
        return torch.nn.init.xavier_normal_(torch.empty(*op["shape"], dtype=F64))
    if kind == "init_trunc_normal_":
        return torch.nn.init.trunc_normal_(torch.empty(*op["shape"], dtype=F64), op["mean"], op["std"], op["a"], op["b"])
    if kind == "exponential_":
        n = math.prod(op["shape"])
        t = strided(n) if op.get("strided") else torch.empty(*op["shape"], dtype=F64)
        return t.exponential_(op["lambd"])
    raise ValueError(kind)


cases = []


def run(name, seed, ops):
    torch.manual_seed(seed)
    cases.append({"name": name, "seed": seed, "ops": ops, "results": [encode(apply(op)) for op in ops]})


def main():
    for n in [1, 2, 3, 15, 16, 17, 31, 32, 33, 100, 10000]:
        run("randn_%d" % n, 50 + n, [{"op": "randn", "shape": [n]}])
    run("randn_3x5x7", 51, [{"op": "randn", "shape": [3, 5, 7]}])
    for n in [1, 15, 16, 17, 100, 4097]:
        run("normal__m1.5_0.3_%d" % n, 52, [{"op": "normal_", "shape": [n], "mean": -1.5, "std": 0.3}])
    for n in [1, 3, 16, 17, 100, 5000]:
        run("normal__strided_2_0.25_%d" % n, 53, [{"op": "normal_", "shape": [n], "mean": 2.0, "std": 0.25, "strided": True}])
    run("normal_sizes_17", 54, [{"op": "normal_sizes", "shape": [17], "mean": 0.5, "std": 3.0}])
    run("normal_sizes_4x4", 54, [{"op": "normal_sizes", "shape": [4, 4], "mean": 0.0, "std": 1e-3}])
    for n in [5, 17, 100]:
        means = [0.01 * i - 0.3 for i in range(n)]
        stds = [0.2 + 0.03 * i for i in range(n)]
        run("normal_tensor_mean_%d" % n, 55, [{"op": "normal_tensor_mean", "means": means, "std": 1.25}])
        run("normal_tensor_std_%d" % n, 55, [{"op": "normal_tensor_std", "mean": -0.5, "stds": stds}])
        run("normal_tensor_both_%d" % n, 55, [{"op": "normal_tensor_both", "means": means, "stds": stds}])
    # The scalar path's cached sine sample, carried across calls, dtypes of calls and block fills.
    run("cache_sequence", 56, [
        {"op": "randn", "shape": [3]},
        {"op": "randn", "shape": [16]},
        {"op": "randn", "shape": [1]},
        {"op": "normal_", "shape": [5], "mean": 1.0, "std": 2.0, "strided": True},
        {"op": "randn", "shape": [17]},
        {"op": "normal_", "shape": [2], "mean": 0.0, "std": 1.0},
        {"op": "randn", "shape": [1]},
    ])
    run("init_normal_20x30", 57, [{"op": "init_normal_", "shape": [20, 30], "mean": 0.0, "std": 0.02}])
    run("init_normal_3x4", 57, [{"op": "init_normal_", "shape": [3, 4], "mean": 1.0, "std": 0.5}])
    run("init_kaiming_normal_16x9", 58, [{"op": "init_kaiming_normal_", "shape": [16, 9]}])
    run("init_xavier_normal_5x7", 58, [{"op": "init_xavier_normal_", "shape": [5, 7]}])
    run("init_trunc_normal_6x10", 59, [{"op": "init_trunc_normal_", "shape": [6, 10], "mean": 0.0, "std": 0.5, "a": -0.6, "b": 0.6}])
    run("init_trunc_normal_4x4", 59, [{"op": "init_trunc_normal_", "shape": [4, 4], "mean": 1.0, "std": 2.0, "a": -2.0, "b": 2.0}])
    run("exponential_10000", 60, [{"op": "exponential_", "shape": [10000], "lambd": 1.5}])
    run("exponential_strided_33", 60, [{"op": "exponential_", "shape": [33], "lambd": 0.25, "strided": True}])

    meta = {"torch_version": torch.__version__,
            "cpu_capability": [l.strip() for l in torch.__config__.show().splitlines() if "CPU capability" in l]}
    write_json(fixture_path("random", "f64_normal_paths.json"), {"meta": meta, "cases": cases})
    print("wrote", len(cases), "cases")


if __name__ == "__main__":
    main()
