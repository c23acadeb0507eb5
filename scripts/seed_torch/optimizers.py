"""The seed's optimizer comparison (examples/07-optimizers.ts) in PyTorch: prints each final loss."""
import json
import sys

import torch
import torch.nn.functional as F
import torch.utils.data as Data

torch.manual_seed(1)
LR, BATCH_SIZE, EPOCH = 0.01, 32, 12
x = torch.unsqueeze(torch.linspace(-1, 1, 1000), dim=1)
y = x.pow(2) + 0.1 * torch.normal(torch.zeros(*x.size()), 1)
loader = Data.DataLoader(Data.TensorDataset(x, y), batch_size=BATCH_SIZE, shuffle=True)


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = torch.nn.Linear(1, 20)
        self.predict = torch.nn.Linear(20, 1)

    def forward(self, x):
        return self.predict(F.relu(self.hidden(x)))


names = ["SGD", "Momentum", "AdaGrad", "RMSprop", "Adam"]
nets = [Net() for _ in names]
opts = [
    torch.optim.SGD(nets[0].parameters(), lr=LR),
    torch.optim.SGD(nets[1].parameters(), lr=LR, momentum=0.8),
    torch.optim.Adagrad(nets[2].parameters(), lr=LR),
    torch.optim.RMSprop(nets[3].parameters(), lr=LR, alpha=0.9),
    torch.optim.Adam(nets[4].parameters(), lr=LR, betas=(0.9, 0.99)),
]
loss_func = torch.nn.MSELoss()
his = [[] for _ in names]
for epoch in range(EPOCH):
    if "--json" not in sys.argv:
        print("Epoch:", epoch)
    for bx, by in loader:
        for i, net in enumerate(nets):
            loss = loss_func(net(bx), by)
            opts[i].zero_grad()
            loss.backward()
            opts[i].step()
            his[i].append(loss.item())
if "--json" in sys.argv:
    print(json.dumps({n: his[i] for i, n in enumerate(names)}))
else:
    for i, n in enumerate(names):
        print(n, "final loss", "%.4f" % his[i][-1])
