#!/usr/bin/python3
"""Golden values for the random layer beyond RNG_SPEC's rng_vectors.json, from real PyTorch.

Run with Debian's PyTorch 1.13.1:  /usr/bin/python3 scripts/gen_rng_fixtures.py
Writes test/fixtures/random/extra_vectors.json and test/fixtures/random/glibc_f64_normals.json.

Encoding (as in rng_vectors.json): float32 values are 8-hex-digit IEEE bit patterns, float64
16-hex-digit ones, integer and bool values plain JSON numbers (int64 beyond 2^53 as strings).
Every case records the calls that made it in "ops", so a test can replay them in order.
"""
import torch
import torch.nn.functional as F

from fixture_files import f32_hex, f64_hex, fixture_path, write_json

torch.set_num_threads(1)


def enc(t):
    t = t.detach().contiguous().reshape(-1)
    if t.dtype == torch.float32:
        return [f32_hex(v) for v in t.tolist()]
    if t.dtype == torch.float64:
        return [f64_hex(v) for v in t.tolist()]
    return [int(v) if abs(int(v)) < 2 ** 53 else str(int(v)) for v in t.tolist()]


def dt_name(t):
    return str(t.dtype).replace("torch.", "")


cases = []


def exact_json(v):
    """Integers beyond 2^53 become strings so that JSON readers keep them exact."""
    if isinstance(v, bool) or not isinstance(v, int):
        return v
    return v if abs(v) < 2 ** 53 else str(v)


def add(name, seed, ops, tensors):
    """tensors: list of result tensors, one per op that produces output (None for no output)."""
    ops = [{k: exact_json(v) for k, v in op.items()} for op in ops]
    cases.append({"name": name, "seed": exact_json(seed), "ops": ops,
                  "results": [None if t is None else {"dtype": dt_name(t), "shape": list(t.shape), "values": enc(t)}
                              for t in tensors]})


F32, F64 = torch.float32, torch.float64
DT = {"float32": F32, "float64": F64, "int64": torch.int64, "int32": torch.int32, "int16": torch.int16,
      "int8": torch.int8, "uint8": torch.uint8, "bool": torch.bool}


def run(name, seed, ops):
    """Replays a list of op descriptions on the default generator and records their outputs."""
    torch.manual_seed(seed)
    outs = []
    for op in ops:
        kind = op["op"]
        dt = DT.get(op.get("dtype", "float32"))
        if kind == "rand":
            outs.append(torch.rand(op["n"], dtype=dt))
        elif kind == "randn":
            outs.append(torch.randn(op["n"], dtype=dt))
        elif kind == "uniform":
            outs.append(torch.empty(op["n"], dtype=dt).uniform_(op["from"], op["to"]))
        elif kind == "normal":
            outs.append(torch.empty(op["n"], dtype=dt).normal_(op["mean"], op["std"]))
        elif kind == "normal_tensor_mean":
            mean = torch.tensor(op["means"], dtype=dt)
            outs.append(torch.normal(mean, op["std"]))
        elif kind == "normal_tensor_std":
            std = torch.tensor(op["stds"], dtype=dt)
            outs.append(torch.normal(op["mean"], std))
        elif kind == "normal_tensor_both":
            outs.append(torch.normal(torch.tensor(op["means"], dtype=dt), torch.tensor(op["stds"], dtype=dt)))
        elif kind == "randint":
            outs.append(torch.randint(op["low"], op["high"], (op["n"],), dtype=dt))
        elif kind == "random_from":
            outs.append(torch.empty(op["n"], dtype=dt).random_(op["from"], None))
        elif kind == "random":
            outs.append(torch.empty(op["n"], dtype=dt).random_())
        elif kind == "randperm":
            outs.append(torch.randperm(op["n"], dtype=dt))
        elif kind == "bernoulli_scalar":
            outs.append(torch.zeros(op["n"], dtype=dt).bernoulli_(op["p"]))
        elif kind == "bernoulli_tensor":
            outs.append(torch.bernoulli(torch.tensor(op["probs"], dtype=DT[op["probs_dtype"]])).to(dt)
                        if op.get("out_dtype") is None else
                        torch.zeros(len(op["probs"]), dtype=DT[op["out_dtype"]]).bernoulli_(
                            torch.tensor(op["probs"], dtype=DT[op["probs_dtype"]])))
        elif kind == "dropout":
            outs.append(F.dropout(torch.ones(op["n"], dtype=dt), op["p"], training=True))
        elif kind == "exponential":
            outs.append(torch.empty(op["n"], dtype=dt).exponential_(op["lambd"]))
        elif kind == "multinomial":
            probs = torch.tensor(op["probs"], dtype=dt)
            outs.append(torch.multinomial(probs, op["k"], op["replacement"]))
        elif kind == "get_state":
            outs.append(torch.get_rng_state())
        else:
            raise ValueError(kind)
    add(name, seed, ops, outs)


def main():
    # float64 and float32 rand/randn at sizes around the block threshold
    for n in [1, 15, 16, 17, 100, 1000]:
        run("rand_f64_n%d" % n, 21, [{"op": "rand", "n": n, "dtype": "float64"}])
        run("randn_f64_n%d" % n, 21, [{"op": "randn", "n": n, "dtype": "float64"}])
        run("randn_f32_n%d" % n, 21, [{"op": "randn", "n": n, "dtype": "float32"}])
        run("uniform_f64_n%d" % n, 22, [{"op": "uniform", "n": n, "dtype": "float64", "from": -3.25, "to": 0.1}])
    run("uniform_f32_wide", 23, [{"op": "uniform", "n": 40, "dtype": "float32", "from": -1e30, "to": 3e-3}])
    run("uniform_f32_tiny", 23, [{"op": "uniform", "n": 40, "dtype": "float32", "from": 1e-40, "to": 3e-38}])
    run("normal_f32_mean_std_n17", 24, [{"op": "normal", "n": 17, "dtype": "float32", "mean": 0.1, "std": 1e-3}])
    run("normal_f32_std0_n20", 24, [{"op": "normal", "n": 20, "dtype": "float32", "mean": -2.5, "std": 0.0}])

    # torch.normal overloads (draw order and per-op rounding)
    for dt in ["float32", "float64"]:
        for n in [5, 20]:
            means = [0.1 * i - 0.7 for i in range(n)]
            stds = [0.3 + 0.05 * i for i in range(n)]
            run("normal_tensor_mean_%s_n%d" % (dt, n), 25, [{"op": "normal_tensor_mean", "dtype": dt, "means": means, "std": 2.5}])
            run("normal_tensor_std_%s_n%d" % (dt, n), 25, [{"op": "normal_tensor_std", "dtype": dt, "mean": 0.1, "stds": stds}])
            run("normal_tensor_both_%s_n%d" % (dt, n), 25, [{"op": "normal_tensor_both", "dtype": dt, "means": means, "stds": stds}])

    # integers
    run("randint_int32_n20", 26, [{"op": "randint", "dtype": "int32", "low": -50, "high": 1 << 30, "n": 20}])
    run("randint_int32_full", 26, [{"op": "randint", "dtype": "int32", "low": -(1 << 31), "high": (1 << 31) - 1, "n": 10}])
    run("randint_uint8_n20", 26, [{"op": "randint", "dtype": "uint8", "low": 3, "high": 250, "n": 20}])
    run("randint_int16_n10", 26, [{"op": "randint", "dtype": "int16", "low": -300, "high": 300, "n": 10}])
    run("randint_int8_n10", 26, [{"op": "randint", "dtype": "int8", "low": -128, "high": 128, "n": 10}])
    run("randint_bool_n10", 26, [{"op": "randint", "dtype": "bool", "low": 0, "high": 2, "n": 10}])
    run("randint_f64_n10", 26, [{"op": "randint", "dtype": "float64", "low": -7, "high": 2 ** 35, "n": 10}])
    run("randint_f32_2p25", 26, [{"op": "randint", "dtype": "float32", "low": 0, "high": 2 ** 25, "n": 10}])
    run("randint_f32_big_from", 26, [{"op": "randint", "dtype": "float32", "low": 2 ** 25 + 1, "high": 2 ** 26, "n": 10}])
    run("randint_int64_big_offset", 26, [{"op": "randint", "dtype": "int64", "low": 2 ** 60, "high": 2 ** 60 + 1000, "n": 10}])
    run("randint_int64_huge", 26, [{"op": "randint", "dtype": "int64", "low": -(2 ** 62), "high": 2 ** 62, "n": 10}])
    run("random_from_int64", 27, [{"op": "random_from", "dtype": "int64", "from": 5, "n": 6}])
    run("random_from_int32", 27, [{"op": "random_from", "dtype": "int32", "from": -5, "n": 6}])
    run("random_from_f32", 27, [{"op": "random_from", "dtype": "float32", "from": 5, "n": 6}])
    run("random_from_uint8", 27, [{"op": "random_from", "dtype": "uint8", "from": 200, "n": 6}])
    run("random_full64_int64", 27, [{"op": "random_from", "dtype": "int64", "from": -(2 ** 63), "n": 6}])
    for dt in ["int64", "int32", "int16", "int8", "uint8", "bool", "float32", "float64"]:
        run("random_%s" % dt, 28, [{"op": "random", "dtype": dt, "n": 12}])

    # randperm
    run("randperm_5000", 29, [{"op": "randperm", "n": 5000, "dtype": "int64"}])
    run("randperm_int32_300", 29, [{"op": "randperm", "n": 300, "dtype": "int32"}])
    run("randperm_uint8_256", 29, [{"op": "randperm", "n": 256, "dtype": "uint8"}])
    run("randperm_f32_50", 29, [{"op": "randperm", "n": 50, "dtype": "float32"}])

    # bernoulli
    run("bernoulli_scalar_f64_n30", 30, [{"op": "bernoulli_scalar", "dtype": "float64", "p": 0.65, "n": 30}])
    run("bernoulli_scalar_int64_n30", 30, [{"op": "bernoulli_scalar", "dtype": "int64", "p": 0.2, "n": 30}])
    probs = [0.1, 0.5, 0.9, 0.0, 1.0, 0.25, 0.33, 0.999, 0.001, 0.5] * 3
    run("bernoulli_tensor_f32_n30", 31, [{"op": "bernoulli_tensor", "dtype": "float32", "probs_dtype": "float32", "probs": probs}])
    run("bernoulli_tensor_f64_n30", 31, [{"op": "bernoulli_tensor", "dtype": "float64", "probs_dtype": "float64", "probs": probs}])
    run("bernoulli_tensor_f32_into_int64", 31, [{"op": "bernoulli_tensor", "probs_dtype": "float32", "out_dtype": "int64", "probs": probs}])
    run("dropout_f64_0.3", 32, [{"op": "dropout", "dtype": "float64", "p": 0.3, "n": 25}])
    run("dropout_f32_0.1", 32, [{"op": "dropout", "dtype": "float32", "p": 0.1, "n": 25}])

    # exponential
    for lam in [1.0, 0.5, 3.7]:
        for dt in ["float32", "float64"]:
            run("exponential_%s_%s" % (lam, dt), 33, [{"op": "exponential", "dtype": dt, "lambd": lam, "n": 50}])

    # multinomial
    p1 = [0.1, 0.2, 0.3, 0.4]
    p2 = [[0.5, 0.0, 2.0, 1.0, 0.25], [0.0, 0.0, 1.0, 3.0, 0.0], [1.0, 1.0, 1.0, 1.0, 1.0]]
    p_big = [((i * 37) % 11) / 10.0 for i in range(200)]
    p_zeros = [0.0, 3.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 2.0, 0.0, 0.0, 0.0]
    p_zeros_big = [0.0] * 150 + [1.0, 2.0] + [0.0] * 100
    for dt in ["float32", "float64"]:
        run("multinomial_1d_k1_%s" % dt, 34, [{"op": "multinomial", "dtype": dt, "probs": p1, "k": 1, "replacement": False}])
        run("multinomial_1d_k1_repl_%s" % dt, 34, [{"op": "multinomial", "dtype": dt, "probs": p1, "k": 1, "replacement": True}])
        run("multinomial_1d_k3_norepl_%s" % dt, 34, [{"op": "multinomial", "dtype": dt, "probs": p1, "k": 3, "replacement": False}])
        run("multinomial_1d_k20_repl_%s" % dt, 34, [{"op": "multinomial", "dtype": dt, "probs": p1, "k": 20, "replacement": True}])
        run("multinomial_2d_k2_norepl_%s" % dt, 35, [{"op": "multinomial", "dtype": dt, "probs": p2, "k": 2, "replacement": False}])
        run("multinomial_2d_k7_repl_%s" % dt, 35, [{"op": "multinomial", "dtype": dt, "probs": p2, "k": 7, "replacement": True}])
        run("multinomial_big_k3_%s" % dt, 36, [{"op": "multinomial", "dtype": dt, "probs": p_big, "k": 3, "replacement": False}])
        run("multinomial_big_k150_%s" % dt, 36, [{"op": "multinomial", "dtype": dt, "probs": p_big, "k": 150, "replacement": False}])
        run("multinomial_ties_k12_%s" % dt, 37, [{"op": "multinomial", "dtype": dt, "probs": p_zeros, "k": 12, "replacement": False}])
        run("multinomial_ties_k6_%s" % dt, 37, [{"op": "multinomial", "dtype": dt, "probs": p_zeros, "k": 6, "replacement": False}])
        run("multinomial_ties_big_k4_%s" % dt, 37, [{"op": "multinomial", "dtype": dt, "probs": p_zeros_big, "k": 4, "replacement": False}])
        run("multinomial_ties_big_k200_%s" % dt, 37, [{"op": "multinomial", "dtype": dt, "probs": p_zeros_big, "k": 200, "replacement": False}])
        run("multinomial_2d_ties_k5_%s" % dt, 38, [{"op": "multinomial", "dtype": dt, "probs": p2, "k": 5, "replacement": False}])
    for k in [2, 3, 5, 8, 17, 33, 64]:
        pz = [0.0] * 70
        pz[3] = 1.0
        pz[40] = 0.5
        run("multinomial_ties_sweep_k%d" % k, 39, [{"op": "multinomial", "dtype": "float32", "probs": pz, "k": k, "replacement": False}])

    # generator state bytes
    run("state_after_seed7_randn3", 7, [{"op": "randn", "n": 3, "dtype": "float32"}, {"op": "get_state"}])
    run("state_after_seed7_rand700", 7, [{"op": "rand", "n": 700, "dtype": "float32"}, {"op": "get_state"}])
    run("state_after_seed_big", 2 ** 40 + 12345, [{"op": "rand", "n": 1, "dtype": "float64"}, {"op": "get_state"}])

    # a state from Python replayed after set_rng_state
    torch.manual_seed(99)
    torch.randn(5)
    st = torch.get_rng_state()
    after = torch.randn(7)
    cases.append({"name": "set_state_then_randn7", "state": enc(st), "results": [{"dtype": "float32", "values": enc(after)}]})

    meta = {"torch_version": torch.__version__,
            "cpu_capability": [l.strip() for l in torch.__config__.show().splitlines() if "CPU capability" in l]}
    write_json(fixture_path("random", "extra_vectors.json"), {"meta": meta, "cases": cases}, indent=0)

    # Full float64 normal values for the cases whose last bits depend on glibc's log/sin/cos.
    full = {}
    torch.manual_seed(123)
    full["randn5000_f64_seed123"] = enc(torch.randn(5000, dtype=F64))
    torch.manual_seed(11)
    x = torch.empty(4000, dtype=F64)[::2]
    x.normal_(0.5, 2.0)
    full["normal_noncontig_0.5_2_f64_n2000_seed11"] = enc(x)
    torch.manual_seed(1)
    full["randn20_f64_seed1"] = enc(torch.randn(20, dtype=F64))
    torch.manual_seed(1)
    full["normal_0.1_0.7_f64_n20_seed1"] = enc(torch.empty(20, dtype=F64).normal_(0.1, 0.7))
    torch.manual_seed(40)
    full["exponential_f64_n3000_seed40"] = enc(torch.empty(3000, dtype=F64).exponential_(1.0))
    write_json(fixture_path("random", "glibc_f64_normals.json"), {"meta": meta, "values": full})
    print("wrote", len(cases), "cases")


if __name__ == "__main__":
    main()
