"""The classification example (examples/08-classification.ts) in PyTorch: prints loss and accuracy."""
import torch
import torch.nn.functional as F

torch.manual_seed(1)
n_data = torch.ones(100, 2)
x0 = torch.normal(2 * n_data, 1)
y0 = torch.zeros(100)
x1 = torch.normal(-2 * n_data, 1)
y1 = torch.ones(100)
x = torch.cat((x0, x1), 0).float()
y = torch.cat((y0, y1)).long()


class Net(torch.nn.Module):
    def __init__(self, n_feature, n_hidden, n_output):
        super().__init__()
        self.hidden = torch.nn.Linear(n_feature, n_hidden)
        self.out = torch.nn.Linear(n_hidden, n_output)

    def forward(self, x):
        return self.out(F.relu(self.hidden(x)))


net = Net(2, 10, 2)
print(net)
optimizer = torch.optim.SGD(net.parameters(), lr=0.02)
loss_func = torch.nn.CrossEntropyLoss()
for t in range(100):
    out = net(x)
    loss = loss_func(out, y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    prediction = torch.max(out, 1).indices
    accuracy = prediction.eq(y).sum().item() / y.numel()
    if t % 20 == 0 or t == 99:
        print("step %d | loss %.4f | accuracy %.2f" % (t, loss.item(), accuracy))
