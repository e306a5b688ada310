"""The shipped INT8 model: loads with ONNX Runtime alone, tags a fixed example exactly, and
agrees with the FP32 model on a fixed input set."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bloodclarity.model.onnx_model import OnnxTagger, shipped_model_dir

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
from fp32_reference import FIXTURE, fixed_texts


@pytest.fixture(scope="module")
def tagger() -> OnnxTagger:
    return OnnxTagger(threads=1)


def test_size_and_files():
    folder = shipped_model_dir()
    assert (folder / "model.onnx").stat().st_size <= 12_000_000
    for name in ("vocab.txt", "tokenizer.json", "tokenizer_config.json",
                 "special_tokens_map.json", "config.json", "label_map.json", "MODEL_CARD.md"):
        assert (folder / name).exists(), name


def test_loads_with_onnxruntime_alone():
    code = ("import sys; from bloodclarity.model.onnx_model import OnnxTagger; "
            "OnnxTagger().tag(['Sodium 140 mmol/L']); "
            "assert 'torch' not in sys.modules and 'transformers' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_tags_a_fixed_example_exactly(tagger):
    text = "Glucose   5.9  H  mmol/L   3.9 - 5.5\n"
    doc = tagger.tag([text])[0]
    tagged = [(text[s:e], t) for (s, e), t in zip(doc.encoding.offsets, doc.tags, strict=True)]
    assert tagged == [
        ("Glucose", "B-BIOMARKER"), ("5", "B-VALUE"), (".", "I-VALUE"), ("9", "I-VALUE"),
        ("H", "B-FLAG"), ("mm", "B-UNIT"), ("ol", "I-UNIT"), ("/", "I-UNIT"),
        ("L", "I-UNIT"),
        ("3", "B-RANGE"), (".", "I-RANGE"), ("9", "I-RANGE"), ("-", "I-RANGE"),
        ("5", "I-RANGE"), (".", "I-RANGE"), ("5", "I-RANGE"), ("\n", "O")]


def test_int8_agrees_with_fp32_on_a_fixed_input_set(tagger):
    expected = json.loads(FIXTURE.read_text())["tags"]
    docs = tagger.tag(fixed_texts())
    total = sum(len(t) for t in expected)
    same = sum(a == b for doc, tags in zip(docs, expected, strict=True)
               for a, b in zip(doc.tags, tags, strict=True))
    assert same / total >= 0.998, f"INT8 agrees with FP32 on {same}/{total} tokens"
