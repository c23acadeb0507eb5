#!/usr/bin/env bash
# Regenerates the expected outputs of examples 08 and 09 from real PyTorch (Debian's python3-torch);
# the seed examples' outputs come from scripts/gen_example_fixtures.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=test/fixtures/examples
py=/usr/bin/python3
$py scripts/seed_torch/classification.py > $out/08-classification.txt
$py scripts/seed_torch/cnn.py > $out/09-cnn.txt
