"""The seed's mini-batch program (examples/06-batch-train.ts) in PyTorch: prints every batch."""
import torch
import torch.utils.data as Data

torch.manual_seed(1)
BATCH_SIZE = 5
x = torch.linspace(1, 10, 10)
y = torch.linspace(10, 1, 10)
loader = Data.DataLoader(Data.TensorDataset(x, y), batch_size=BATCH_SIZE, shuffle=True)
fmt = lambda t: "[ " + ", ".join("%g" % v for v in t.tolist()) + " ]"
for epoch in range(3):
    for step, (batch_x, batch_y) in enumerate(loader):
        print("Epoch:", epoch, "| Step:", step, "| batch x:", fmt(batch_x), "| batch y:", fmt(batch_y))
