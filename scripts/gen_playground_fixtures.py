"""Fixtures for the playground's browser tests, made by real PyTorch (run with /usr/bin/python3).

regression_net.pt: a state_dict for the regression section's Net (hidden: Linear(1, 10), predict:
Linear(10, 1)) with weights the page's own training never produces, for the "upload .pt" test;
regression_net.json: the same values as lists, to compare with what the page holds after loading.
"""
import json
import os

import torch

OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'browser')


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = torch.nn.Linear(1, 10)
        self.predict = torch.nn.Linear(10, 1)


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(7)
    net = Net()
    torch.save(net.state_dict(), os.path.join(OUT, 'regression_net.pt'))
    values = {k: v.flatten().tolist() for k, v in net.state_dict().items()}
    with open(os.path.join(OUT, 'regression_net.json'), 'w') as f:
        json.dump(values, f, indent=1)
        f.write('\n')


if __name__ == '__main__':
    main()
