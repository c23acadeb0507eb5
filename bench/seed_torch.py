"""The tutorial's two small training programs in PyTorch, the counterpart of bench/seed.mjs (same
workloads, same timing: the first run alone, then the median of 5 whole runs after warm-up runs,
training loop only). Prints JSON lines {name, unit, value}. Run it on OpenBLAS; --threads sets
torch.set_num_threads (default 2)."""
import argparse
import json

import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset
from timing_torch import whole_ms, now


def tiny_net(hidden):
    return nn.Sequential(nn.Linear(1, hidden), nn.ReLU(), nn.Linear(hidden, 1))


def seed_regression():
    torch.manual_seed(1)
    x = torch.unsqueeze(torch.linspace(-1, 1, 100), dim=1)
    y = x.pow(2) + 0.2 * torch.rand(x.size())
    net = tiny_net(10)
    optimizer = torch.optim.SGD(net.parameters(), lr=0.2)
    loss_func = nn.MSELoss()
    t0 = now()
    for _ in range(200):
        optimizer.zero_grad()
        prediction = net(x)
        loss = loss_func(prediction, y)
        loss.backward()
        optimizer.step()
    final = loss.item()
    ms = (now() - t0) * 1000
    assert final < 0.05, final
    return ms


def optimizer_comparison():
    torch.manual_seed(2)
    lr = 0.01
    x = torch.unsqueeze(torch.linspace(-1, 1, 1000), dim=1)
    y = x.pow(2) + 0.1 * torch.normal(torch.zeros(*x.size()))
    loader = DataLoader(TensorDataset(x, y), batch_size=32, shuffle=True, num_workers=0)
    nets = [tiny_net(20) for _ in range(5)]
    optimizers = [
        torch.optim.SGD(nets[0].parameters(), lr=lr),
        torch.optim.SGD(nets[1].parameters(), lr=lr, momentum=0.8),
        torch.optim.Adagrad(nets[2].parameters(), lr=lr),
        torch.optim.RMSprop(nets[3].parameters(), lr=lr, alpha=0.9),
        torch.optim.Adam(nets[4].parameters(), lr=lr, betas=(0.9, 0.99)),
    ]
    loss_func = nn.MSELoss()
    history = [[] for _ in nets]
    t0 = now()
    for _ in range(12):
        for b_x, b_y in loader:
            for net, opt, hist in zip(nets, optimizers, history):
                opt.zero_grad()
                loss = loss_func(net(b_x), b_y)
                loss.backward()
                opt.step()
                hist.append(loss.item())
    ms = (now() - t0) * 1000
    assert len(history[4]) == 12 * 32
    return ms


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    torch.set_num_threads(parser.parse_args().threads)
    # The same protocol as bench/seed.mjs: each program's first run on its own, then medians after warm-up.
    for name, unit, fn in [
        ("W1 seed regression, 200 steps, first run", "ms", seed_regression),
        ("W2 optimizer comparison, 5 nets x 12 epochs, first run", "ms", optimizer_comparison),
        ("W1 seed regression, 200 steps", "ms", lambda: whole_ms(seed_regression, 5, 20)),
        ("W2 optimizer comparison, 5 nets x 12 epochs", "ms", lambda: whole_ms(optimizer_comparison, 5, 5)),
    ]:
        print(json.dumps({"name": name, "unit": unit, "value": fn()}), flush=True)
