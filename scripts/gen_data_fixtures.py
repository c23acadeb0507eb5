"""Writes test/fixtures/data/torch_data_cases.json: what PyTorch 1.13.1's torch.utils.data
produces for seeded programs (batch orders, sampler draws, random_split, collate dtypes,
worker seeds), so the TypeScript tests can compare exactly.

Run with the interpreter that has torch: /usr/bin/python3 scripts/gen_data_fixtures.py
"""
import json
import os

import torch
from torch.utils.data import (
    BatchSampler,
    DataLoader,
    RandomSampler,
    SubsetRandomSampler,
    TensorDataset,
    WeightedRandomSampler,
    get_worker_info,
    random_split,
)

from fixture_files import f32_hex, fixture_path

OUT = fixture_path('data', 'torch_data_cases.json')


def f32_bits(t):
    """float32 values as 8-hex-digit bit patterns, so the comparison is exact."""
    return [f32_hex(v) for v in t.reshape(-1).tolist()]


def epochs_of(loader, n_epochs):
    return [[batch.tolist() for batch in loader] for _ in range(n_epochs)]


def shuffled_loader_cases():
    cases = []
    for n, batch, drop_last, seed in [(10, 5, False, 1), (80, 8, False, 3), (87, 8, False, 7), (87, 8, True, 7), (7, 3, False, 0)]:
        torch.manual_seed(seed)
        loader = DataLoader(list(range(n)), batch_size=batch, shuffle=True, drop_last=drop_last)
        epochs = epochs_of(loader, 3)
        cases.append({
            'n': n, 'batchSize': batch, 'dropLast': drop_last, 'seed': seed,
            'epochs': epochs, 'randAfter': f32_bits(torch.rand(3)),
        })
    return cases


def seed_program_batches():
    """seed-programs/06-batch-train.ts: x = linspace(1, 10, 10), y = linspace(10, 1, 10), batch 5."""
    torch.manual_seed(1)
    x = torch.linspace(1, 10, 10)
    y = torch.linspace(10, 1, 10)
    loader = DataLoader(TensorDataset(x, y), batch_size=5, shuffle=True)
    steps = []
    for epoch in range(3):
        for step, (bx, by) in enumerate(loader):
            steps.append({'epoch': epoch, 'step': step, 'x': bx.tolist(), 'y': by.tolist()})
    return {'steps': steps, 'randAfter': f32_bits(torch.rand(2))}


def generator_loader_case():
    """With generator=G every draw (base seed, then randperm) comes from G; the global stream is untouched."""
    torch.manual_seed(11)
    g = torch.Generator().manual_seed(42)
    loader = DataLoader(list(range(12)), batch_size=5, shuffle=True, generator=g)
    epochs = epochs_of(loader, 2)
    return {
        'epochs': epochs,
        'globalRandAfter': f32_bits(torch.rand(2)),
        'generatorRandAfter': f32_bits(torch.rand(2, generator=g)),
    }


def first_next_case():
    """The sampler seed is drawn at the first next(), after the base seed drawn by iter()."""
    torch.manual_seed(5)
    loader = DataLoader(list(range(6)), batch_size=6, shuffle=True)
    it = iter(loader)
    between = f32_bits(torch.rand(1))
    first = next(it).tolist()
    return {'between': between, 'batch': first, 'randAfter': f32_bits(torch.rand(1))}


def random_sampler_cases():
    cases = []
    for n, num_samples, replacement, use_gen in [(10, 70, True, False), (10, 70, True, True), (5, 3, True, False),
                                                 (10, 25, False, False), (10, 25, False, True), (4, 4, False, True)]:
        torch.manual_seed(3)
        gen = torch.Generator().manual_seed(9) if use_gen else None
        sampler = RandomSampler(list(range(n)), replacement=replacement, num_samples=num_samples, generator=gen)
        cases.append({
            'n': n, 'numSamples': num_samples, 'replacement': replacement, 'generatorSeed': 9 if use_gen else None,
            'epochs': [list(sampler), list(sampler)],
            'randAfter': f32_bits(torch.rand(2)),
            'generatorRandAfter': f32_bits(torch.rand(2, generator=gen)) if use_gen else None,
        })
    return cases


def subset_random_sampler_cases():
    torch.manual_seed(4)
    sampler = SubsetRandomSampler([10, 20, 30, 40, 50, 60])
    a = list(sampler)
    b = list(sampler)
    g = torch.Generator().manual_seed(8)
    c = list(SubsetRandomSampler([3, 1, 4, 1, 5], generator=g))
    return {'global': [a, b], 'randAfter': f32_bits(torch.rand(2)), 'withGenerator': c}


def weighted_sampler_cases():
    cases = []
    weights_list = [[0.1, 0.9, 0.4, 0.7, 3.0, 0.6], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]]
    for weights in weights_list:
        for num_samples, replacement in [(20, True), (5, False), (1, True), (1, False)]:
            if not replacement and num_samples > len(weights):
                continue
            torch.manual_seed(6)
            sampler = WeightedRandomSampler(weights, num_samples, replacement)
            first = list(sampler)
            second = list(sampler)
            g = torch.Generator().manual_seed(13)
            with_gen = list(WeightedRandomSampler(weights, num_samples, replacement, generator=g))
            cases.append({
                'weights': weights, 'numSamples': num_samples, 'replacement': replacement,
                'epochs': [first, second], 'randAfter': f32_bits(torch.rand(2)), 'withGenerator13': with_gen,
            })
    return cases


def random_split_cases():
    cases = []
    for n, lengths, seed in [(10, [3, 7], 42), (30, [0.3, 0.3, 0.4], 42), (11, [0.5, 0.5], 1), (7, [0.2, 0.2, 0.2, 0.2, 0.2], 3),
                             (5, [5, 0], 2)]:
        g = torch.Generator().manual_seed(seed)
        parts = random_split(list(range(n)), lengths, generator=g)
        cases.append({'n': n, 'lengths': lengths, 'generatorSeed': seed, 'splits': [list(p) for p in parts]})
    torch.manual_seed(5)
    parts = random_split(list(range(9)), [4, 5])
    cases.append({'n': 9, 'lengths': [4, 5], 'globalSeed': 5, 'splits': [list(p) for p in parts],
                  'randAfter': f32_bits(torch.rand(2))})
    return cases


def batch_sampler_cases():
    out = []
    for drop_last in [False, True]:
        out.append({'n': 10, 'batchSize': 3, 'dropLast': drop_last,
                    'batches': list(BatchSampler(range(10), 3, drop_last))})
    return out


def collate_cases():
    from torch.utils.data import default_collate
    ints = default_collate([1, 2, 3])
    floats = default_collate([1.5, 2.0, 3.25])
    bools = default_collate([True, False])
    nested = default_collate([{'a': 1, 'b': (torch.tensor([1.0, 2.0]), 'x')}, {'a': 2, 'b': (torch.tensor([3.0, 4.0]), 'y')}])
    return {
        'ints': {'dtype': str(ints.dtype), 'values': ints.tolist()},
        'floats': {'dtype': str(floats.dtype), 'values': floats.tolist()},
        'bools': {'dtype': str(bools.dtype), 'values': bools.tolist()},
        'nested': {'a': {'dtype': str(nested['a'].dtype), 'values': nested['a'].tolist()},
                   'b0': nested['b'][0].tolist(), 'b1': nested['b'][1]},
    }


class SeedProbe(torch.utils.data.Dataset):
    """Each sample reports which worker loaded it, that worker's seed and its first torch.rand."""

    def __len__(self):
        return 8

    def __getitem__(self, i):
        info = get_worker_info()
        return [i, info.id, str(info.seed), f32_bits(torch.rand(1))[0]]


def worker_seed_case():
    torch.manual_seed(21)
    loader = DataLoader(SeedProbe(), batch_size=2, num_workers=2, collate_fn=lambda b: b)
    it = iter(loader)
    base_seed = it._base_seed
    batches = list(it)
    torch.manual_seed(21)
    single_epoch_base = torch.empty((), dtype=torch.int64).random_().item()
    assert single_epoch_base == base_seed
    return {'seed': 21, 'baseSeed': str(base_seed), 'batches': batches, 'randAfter': f32_bits(torch.rand(1))}


def persistent_workers_case():
    """Persistent workers: the base seed is drawn once, each later pass only re-seeds the sampler."""
    torch.manual_seed(17)
    loader = DataLoader(list(range(10)), batch_size=4, shuffle=True, num_workers=2, persistent_workers=True)
    epochs = epochs_of(loader, 3)
    return {'seed': 17, 'epochs': epochs, 'randAfter': f32_bits(torch.rand(2))}


def main():
    cases = {
        'torchVersion': torch.__version__,
        'shuffledLoader': shuffled_loader_cases(),
        'seedProgram06': seed_program_batches(),
        'generatorLoader': generator_loader_case(),
        'firstNext': first_next_case(),
        'randomSampler': random_sampler_cases(),
        'subsetRandomSampler': subset_random_sampler_cases(),
        'weightedSampler': weighted_sampler_cases(),
        'randomSplit': random_split_cases(),
        'batchSampler': batch_sampler_cases(),
        'collate': collate_cases(),
        'workerSeeds': worker_seed_case(),
        'persistentWorkers': persistent_workers_case(),
    }
    with open(OUT, 'w') as f:
        json.dump(cases, f, indent=1)
        f.write('\n')
    print('wrote', os.path.normpath(OUT))


if __name__ == '__main__':
    main()
