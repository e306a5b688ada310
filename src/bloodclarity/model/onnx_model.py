"""The shipped model at run time: ONNX Runtime and the tokenizer, no PyTorch.

A model folder holds ``model.onnx`` (INT8), ``vocab.txt`` (with tokenizer.json,
tokenizer_config.json and special_tokens_map.json in the Hugging Face layout),
``config.json`` (the BERT configuration with a ``bloodclarity`` section: window size and
overlap) and ``label_map.json``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

import numpy as np

from bloodclarity.corpus.labels import BIO_TAGS
from bloodclarity.model.tagging import TaggedDocument, tag_documents
from bloodclarity.model.tokenizer import WordPieceTokenizer
from bloodclarity.model.windows import DEFAULT_OVERLAP_LINES, pad_windows

SHIPPED_MODEL = "bloodclarity-ner"
# ONNX Runtime's fused SkipLayerNormalization kernel is slower on these windows than the Add
# and LayerNormalization it replaces (25 against 28 ms for a page's six windows)
DISABLED_OPTIMIZERS = "SkipLayerNormFusion"


def shipped_model_dir() -> Path:
    """The model folder inside the installed package."""
    return Path(str(resources.files("bloodclarity.models").joinpath(SHIPPED_MODEL)))


class OnnxTagger:
    """One ONNX Runtime session and tokenizer; safe to share across threads."""

    def __init__(self, model_dir: str | Path | None = None, *, threads: int = 1,
                 model_file: str = "model.onnx") -> None:
        import onnxruntime as ort  # imported here: importing the package stays light

        self.model_dir = Path(model_dir) if model_dir else shipped_model_dir()
        path = self.model_dir / model_file
        if not path.is_file():
            raise FileNotFoundError(f"model: {path} not found")
        config = json.loads((self.model_dir / "config.json").read_text("utf-8"))
        settings = config.get("bloodclarity", {})
        self.max_tokens = int(settings.get("max_tokens", 126))
        self.overlap_lines = int(settings.get("overlap_lines", DEFAULT_OVERLAP_LINES))
        labels = json.loads((self.model_dir / "label_map.json").read_text("utf-8"))
        if [labels[str(i)] for i in range(len(labels))] != list(BIO_TAGS):
            raise ValueError(f"model: {self.model_dir}/label_map.json does not match the 11 tags")
        self.tokenizer = WordPieceTokenizer.from_file(self.model_dir / "vocab.txt")
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.add_session_config_entry("optimization.disable_specified_optimizers",
                                         DISABLED_OPTIMIZERS)
        self.session = ort.InferenceSession(str(path), options,
                                            providers=["CPUExecutionProvider"])

    def predict(self, windows: list[list[int]]) -> np.ndarray:
        """Logits [window, position, label] for windows of ids (with [CLS] and [SEP])."""
        ids, mask = pad_windows(windows, self.tokenizer.pad_id)
        return self.session.run(["logits"], {"input_ids": ids, "attention_mask": mask})[0]

    def tag(self, texts: Sequence[str]) -> list[TaggedDocument]:
        return tag_documents(self.predict, self.tokenizer, texts, self.max_tokens,
                             self.overlap_lines)
