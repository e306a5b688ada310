#!/usr/bin/env bash
# Measure the shipped model and the extractor; JSON figures go to runs/measure/.
# Usage: tools/measure.sh [FP32_DIR]   (FP32_DIR holds model_fp32.onnx from `bloodclarity export`)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f .venv/bin/activate ] && . .venv/bin/activate
out=runs/measure; mkdir -p "$out"
fp32=${1:-runs/minilm4-ffn768-4kd/onnx}
for split in test heldout; do
  bloodclarity evaluate-ner "corpus/$split.jsonl" --json > "$out/ner-int8-$split.json"
  bloodclarity evaluate-ner "corpus/$split.jsonl" --model "$fp32" --model-file model_fp32.onnx --json > "$out/ner-fp32-$split.json"
  bloodclarity evaluate "corpus/$split.jsonl" --ablation > "$out/records-$split.json"
done
shared=${BLOODCLARITY_SHARED:-../shared}/benchmarks/bloodclarity-synthetic/records.jsonl
[ -f "$shared" ] && bloodclarity evaluate "$shared" --ablation > "$out/third-party.json"
python benchmarks/bench_model.py "$fp32" model_fp32.onnx > "$out/bench-model.md"
python benchmarks/bench_extract.py --ocr > "$out/bench-extract.txt"
python benchmarks/bench_rendered.py 100 10 > "$out/bench-rendered.json"
python benchmarks/bench_rendered.py 0 20 80 20 > "$out/bench-rendered-unseen.json"
python benchmarks/bench_browser_ocr.py 10 60 > "$out/bench-browser-ocr.json"
