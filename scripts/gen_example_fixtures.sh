#!/usr/bin/env bash
# Regenerates the expected outputs of the seed examples from real PyTorch (Debian's python3-torch).
set -euo pipefail
cd "$(dirname "$0")/.."
out=test/fixtures/examples
py=/usr/bin/python3
$py scripts/seed_torch/regression.py > $out/03-regression.txt
$py scripts/seed_torch/batch_train.py > $out/06-batch-train.txt
$py scripts/seed_torch/optimizers.py > $out/07-optimizers.txt
$py scripts/seed_torch/optimizers.py --json > $out/07-optimizers-losses.json
