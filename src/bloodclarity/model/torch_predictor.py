"""A PyTorch predictor for evaluation (the ``train`` extra)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import torch
from transformers import BertForTokenClassification

from bloodclarity.model.tagging import Predictor
from bloodclarity.model.tokenizer import WordPieceTokenizer
from bloodclarity.model.windows import DEFAULT_MAX_TOKENS, pad_windows


def make_predict(logits: Callable[[torch.Tensor, torch.Tensor], torch.Tensor],
                 pad_id: int) -> Predictor:
    """A predictor from a function (input_ids, attention_mask) -> logits."""

    def predict(windows: list[list[int]]):
        ids, mask = pad_windows(windows, pad_id)
        with torch.no_grad():
            return logits(torch.from_numpy(ids), torch.from_numpy(mask)).numpy()

    return predict


def torch_predictor(final_dir: str | Path, threads: int = 2) -> tuple[
        Predictor, WordPieceTokenizer, int]:
    """(predict, tokenizer, max_tokens) for a ``save_pretrained`` folder with vocab.txt."""
    torch.set_num_threads(threads)
    model = BertForTokenClassification.from_pretrained(final_dir).eval()
    tokenizer = WordPieceTokenizer.from_file(Path(final_dir) / "vocab.txt")
    predict = make_predict(lambda ids, mask: model(input_ids=ids, attention_mask=mask).logits,
                           tokenizer.pad_id)
    return predict, tokenizer, DEFAULT_MAX_TOKENS
