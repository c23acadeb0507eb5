"""PyTorch's side of bench/data_loader.ts: iterating a 60,000 x 784 float32 TensorDataset in
shuffled batches of 128 with DataLoader (num_workers=0). Prints one JSON line."""
import json
import sys
import time

import torch
from torch.utils.data import DataLoader, TensorDataset

epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
torch.manual_seed(0)
torch.set_num_threads(1)
x = torch.rand(60000, 784)
y = torch.randint(0, 10, (60000,))
loader = DataLoader(TensorDataset(x, y), batch_size=128, shuffle=True)

for bx, by in loader:  # warm-up pass
    pass
batches = 0
start = time.perf_counter()
for _ in range(epochs):
    for bx, by in loader:
        batches += 1
elapsed = time.perf_counter() - start
print(json.dumps({'torch': torch.__version__, 'batches': batches, 'seconds': elapsed, 'batchesPerSecond': batches / elapsed}))
