"""The same core workloads as bench/core.mjs, timed in PyTorch; prints JSON lines {name, unit, value}."""
import argparse
import json

import torch
from timing_torch import per_call_ms, whole_ms, now


def add_overhead(requires_grad):
    a = torch.rand(10, requires_grad=requires_grad)
    b = torch.linspace(1, 2, 10)

    def thousand():
        for _ in range(1000):
            a.add(b)
    return per_call_ms(thousand)


def regression_loop():
    x = torch.unsqueeze(torch.linspace(-1, 1, 100), 1)
    y = x.pow(2).add(0.1)
    w1 = torch.linspace(-0.5, 0.5, 10).reshape(10, 1).requires_grad_()
    b1 = torch.zeros(10, requires_grad=True)
    w2 = torch.linspace(-0.3, 0.3, 10).reshape(1, 10).requires_grad_()
    b2 = torch.zeros(1, requires_grad=True)
    params = [w1, b1, w2, b2]
    t0 = now()
    for _ in range(200):
        h = torch.relu(torch.addmm(b1, x, w1.t()))
        pred = torch.addmm(b2, h, w2.t())
        loss = pred.sub(y).pow(2).mean()
        for p in params:
            p.grad = None
        loss.backward()
        with torch.no_grad():
            for p in params:
                p.sub_(p.grad.mul(0.2))
    return (now() - t0) * 1000


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    torch.set_num_threads(parser.parse_args().threads)
    for name, unit, value in [
        ("W3 add [10] no grad", "us/op", add_overhead(False)),
        ("W3 add [10] requires_grad", "us/op", add_overhead(True)),
        ("seed regression 200 steps (core ops)", "ms", whole_ms(regression_loop, 5, 20)),
    ]:
        print(json.dumps({"name": name, "unit": unit, "value": value}))
