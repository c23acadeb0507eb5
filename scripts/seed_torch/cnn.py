"""The CNN example (examples/09-cnn.ts) in PyTorch, on the same synthetic digits: prints losses and accuracy."""
import math

import torch
import torch.nn as nn
import torch.utils.data as Data

torch.manual_seed(1)
EPOCHS, BATCH_SIZE, LR = 2, 20, 0.01

SEGMENTS_OF = ["abcdef", "bc", "abdeg", "abcdg", "bcfg", "acdfg", "acdefg", "abc", "abcdefg", "abcdfg"]
BOXES = {
    "a": (4, 5, 9, 18), "b": (4, 14, 17, 18), "c": (13, 23, 17, 18), "d": (22, 23, 9, 18),
    "e": (13, 23, 9, 10), "f": (4, 14, 9, 10), "g": (13, 14, 9, 18),
}


def make_digits(n):
    labels = torch.randint(0, 10, (n,))
    shifts = torch.randint(-3, 4, (n, 2))
    slants = torch.rand(n) * 0.4 - 0.2
    noise = torch.randn(n, 1, 28, 28) * 0.2
    ink = [0.0] * (n * 784)
    for i in range(n):
        dy, dx = shifts[i].tolist()
        slant = slants[i].item()
        for s in SEGMENTS_OF[labels[i].item()]:
            r0, r1, c0, c1 = BOXES[s]
            for r in range(r0, r1 + 1):
                lean = math.floor(slant * (14 - r) + 0.5)
                for c in range(c0, c1 + 1):
                    ink[i * 784 + (r + dy) * 28 + (c + dx + lean)] = 1.0
    images = torch.clamp(torch.tensor(ink).view(n, 1, 28, 28) + noise, 0, 1)
    return images, labels


train_x, train_y = make_digits(1000)
test_x, test_y = make_digits(200)
print("synthetic digits: train %s, test %s" % (list(train_x.shape), list(test_x.shape)))


class CNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Sequential(nn.Conv2d(1, 6, 3, 1, 1), nn.ReLU(), nn.MaxPool2d(2))
        self.conv2 = nn.Sequential(nn.Conv2d(6, 12, 3, 1, 1), nn.ReLU(), nn.MaxPool2d(2))
        self.out = nn.Linear(12 * 7 * 7, 10)

    def forward(self, x):
        x = self.conv2(self.conv1(x))
        return self.out(x.view(x.size(0), -1))


cnn = CNN()
print(cnn)
optimizer = torch.optim.Adam(cnn.parameters(), lr=LR)
loss_func = nn.CrossEntropyLoss()
loader = Data.DataLoader(Data.TensorDataset(train_x, train_y), batch_size=BATCH_SIZE, shuffle=True)


def accuracy_on(x, y):
    with torch.no_grad():
        return cnn(x).argmax(1).eq(y).sum().item() / y.numel()


losses = []
for epoch in range(EPOCHS):
    for bx, by in loader:
        loss = loss_func(cnn(bx), by)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    print("Epoch: %d | train loss: %.4f | test accuracy: %.3f" % (epoch, losses[-1], accuracy_on(test_x, test_y)))

with torch.no_grad():
    predicted = cnn(test_x[:10]).argmax(1)
print("predicted:", " ".join(str(v) for v in predicted.tolist()), "| true:", " ".join(str(v) for v in test_y[:10].tolist()))
