"""Record the FP32 model's tags on a fixed input set, for the INT8 agreement test.

Usage: python tools/fp32_reference.py EXPORT_DIR  (holds model_fp32.onnx and the model files)
Writes tests/model/fixtures/fp32_tags.json.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from bloodclarity.corpus.generate import make_report
from bloodclarity.model.onnx_model import OnnxTagger

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests/model/fixtures/fp32_tags.json"
REPORTS = 12


def fixed_texts() -> list[str]:
    """The fixed inputs: the sample report and twelve generated reports (seed 99)."""
    return [(ROOT / "examples/sample-report.txt").read_text("utf-8")] + [
        make_report(99, i)["text"] for i in range(REPORTS)]


def main() -> None:
    tagger = OnnxTagger(sys.argv[1], model_file="model_fp32.onnx")
    docs = tagger.tag(fixed_texts())
    FIXTURE.write_text(json.dumps({"tags": [d.tags for d in docs]}) + "\n")
    print(f"wrote {FIXTURE}: {sum(len(d.tags) for d in docs)} tokens")


if __name__ == "__main__":
    main()
