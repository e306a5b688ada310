#!/usr/bin/env bash
# Train the three variants on the same 480 training reports (one epoch, same schedule) and
# score each on the synthetic test split and the held-out split (first 100 reports each).
# Usage: tools/compare_variants.sh   (writes runs/compare-*/scores-*.json)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f .venv/bin/activate ] && . .venv/bin/activate
for v in minilm4 tinybert minilm4-multitask; do
  bloodclarity train --config "configs/compare-$v.json" > "runs/compare-$v.log" 2>&1
  for split in test heldout; do
    bloodclarity evaluate-ner "corpus/$split.jsonl" --torch "runs/compare-$v/final" \
      --limit 100 --threads 1 --json > "runs/compare-$v/scores-$split.json"
  done
done
