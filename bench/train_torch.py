"""The counterpart of bench/train.mjs in PyTorch: W5 MLP and W6 CNN training steps/s (median of 5
samples of at least a second each), and with --only mlp-rss the MLP alone for 200 steps and this
process's peak resident memory. Prints JSON lines {name, unit, value}. Run it on OpenBLAS
(bench/run.mjs does); --threads sets torch.set_num_threads (default 2)."""
import argparse
import json
import resource

import torch
import torch.nn as nn
from timing_torch import per_call_ms


def trainer(model, x, y):
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_func = nn.CrossEntropyLoss()

    def step():
        optimizer.zero_grad()
        loss = loss_func(model(x), y)
        loss.backward()
        optimizer.step()
        return loss
    return step


def mlp_step():
    torch.manual_seed(5)
    model = nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 256), nn.ReLU(), nn.Linear(256, 10))
    return trainer(model, torch.randn(128, 784), torch.randint(0, 10, (128,)))


def cnn_step():
    torch.manual_seed(6)
    model = nn.Sequential(
        nn.Conv2d(1, 16, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(32 * 7 * 7, 10),
    )
    return trainer(model, torch.randn(64, 1, 28, 28), torch.randint(0, 10, (64,)))


def emit(name, unit, value):
    print(json.dumps({"name": name, "unit": unit, "value": value}), flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--only", default="mlp,cnn")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    only = args.only.split(",")
    if "mlp-rss" in only:
        step = mlp_step()
        for _ in range(200):
            step()
        emit("W5 MLP peak RSS (200 steps, own process)", "MiB", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    if "mlp" in only:
        emit("W5 MLP 784-512-256-10 Adam, batch 128", "steps/s", 1000 / per_call_ms(mlp_step(), target_ms=1000.0))
    if "cnn" in only:
        emit("W6 CNN conv5x5x2 + Linear, batch 64", "steps/s", 1000 / per_call_ms(cnn_step(), target_ms=1000.0))
