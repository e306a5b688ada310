"""Tag a document with any window predictor (PyTorch in training, ONNX Runtime at run time):
tokenize, pack windows, predict in batches, keep each token's scores from its owner window."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bloodclarity.corpus.labels import BIO_TAGS
from bloodclarity.model.tokenizer import Encoding, WordPieceTokenizer
from bloodclarity.model.windows import DEFAULT_OVERLAP_LINES, pack_windows

# Takes windows of token ids (with [CLS] and [SEP]); returns logits [window][position][label].
Predictor = Callable[[list[list[int]]], Sequence[Sequence[Sequence[float]]]]
BATCH = 32


@dataclass(frozen=True)
class TaggedDocument:
    """Per token: its tag, the tag's probability, and the encoding it belongs to."""

    encoding: Encoding
    tags: list[str]
    confidence: list[float]


def softmax_best(logits: Sequence[float]) -> tuple[int, float]:
    top = max(range(len(logits)), key=logits.__getitem__)
    peak = logits[top]
    total = sum(math.exp(x - peak) for x in logits)
    return top, 1.0 / total


def tag_documents(predict: Predictor, tokenizer: WordPieceTokenizer, texts: Sequence[str],
                  max_tokens: int, overlap_lines: int = DEFAULT_OVERLAP_LINES,
                  batch_size: int = BATCH) -> list[TaggedDocument]:
    """Tags for every token of every text; windows of all texts are batched together."""
    encodings = [tokenizer.encode(t) for t in texts]
    jobs = []  # (document, window)
    for d, enc in enumerate(encodings):
        for w in pack_windows(enc.ids, tokenizer.nl_id, max_tokens=max_tokens,
                              overlap_lines=overlap_lines):
            jobs.append((d, w))
    jobs.sort(key=lambda j: j[1].stop - j[1].start)  # similar lengths share a batch
    tags = [["O"] * len(e.ids) for e in encodings]
    conf = [[1.0] * len(e.ids) for e in encodings]
    for k in range(0, len(jobs), batch_size):
        chunk = jobs[k:k + batch_size]
        windows = [[tokenizer.cls_id, *encodings[d].ids[w.start:w.stop], tokenizer.sep_id]
                   for d, w in chunk]
        logits = predict(windows)
        for (d, w), rows in zip(chunk, logits, strict=True):
            for i in range(w.own_start, w.own_stop):
                best, p = softmax_best(rows[1 + i - w.start])
                tags[d][i] = BIO_TAGS[best]
                conf[d][i] = p
    return [TaggedDocument(e, t, c) for e, t, c in zip(encodings, tags, conf, strict=True)]
