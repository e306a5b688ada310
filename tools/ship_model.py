"""Copy an exported, quantised model into the package: python tools/ship_model.py EXPORT_DIR

EXPORT_DIR holds model.onnx (INT8) and the tokenizer/config files written by
`bloodclarity export`; the FP32 file is not shipped.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "src/bloodclarity/models/bloodclarity-ner"
FILES = ("model.onnx", "vocab.txt", "tokenizer.json", "tokenizer_config.json",
         "special_tokens_map.json", "config.json", "label_map.json")


def main() -> None:
    source = Path(sys.argv[1])
    TARGET.mkdir(parents=True, exist_ok=True)
    for name in FILES:
        shutil.copy(source / name, TARGET / name)
    size = (TARGET / "model.onnx").stat().st_size / 1e6
    print(f"shipped {source} -> {TARGET} (model.onnx {size:.2f} MB)")


if __name__ == "__main__":
    main()
