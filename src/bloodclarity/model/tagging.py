"""Tag a document with any window predictor (PyTorch in training, ONNX Runtime at run time):
tokenize, pack windows, predict in batches, keep each token's scores from its owner window."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

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


def _allowed() -> np.ndarray:
    """allowed[i, j]: tag j may follow tag i (an I-X only after B-X or I-X)."""
    allowed = np.ones((len(BIO_TAGS), len(BIO_TAGS)), dtype=bool)
    for j, tag in enumerate(BIO_TAGS):
        if tag.startswith("I-"):
            for i, prev in enumerate(BIO_TAGS):
                allowed[i, j] = prev[2:] == tag[2:] and prev != "O"
    return allowed


ALLOWED = _allowed()
START_ALLOWED = np.array([not t.startswith("I-") for t in BIO_TAGS])


def viterbi(log_probs: np.ndarray) -> np.ndarray:
    """The most probable tag sequence in which every I-X continues an X entity.

    The tokens' own best tags are that sequence whenever they already obey the rule (the
    usual case), so the dynamic programme runs only when they do not."""
    n = len(log_probs)
    if n == 0:
        return np.zeros(0, dtype=int)
    best = log_probs.argmax(axis=1)
    if START_ALLOWED[best[0]] and ALLOWED[best[:-1], best[1:]].all():
        return best
    penalty = np.where(ALLOWED, 0.0, -np.inf)
    score = np.where(START_ALLOWED, log_probs[0], -np.inf)
    back = np.zeros((n, len(BIO_TAGS)), dtype=int)
    for t in range(1, n):
        candidates = score[:, None] + penalty
        back[t] = candidates.argmax(axis=0)
        score = candidates.max(axis=0) + log_probs[t]
    path = np.zeros(n, dtype=int)
    path[-1] = int(score.argmax())
    for t in range(n - 1, 0, -1):
        path[t - 1] = back[t, path[t]]
    return path


def tag_documents(predict: Predictor, tokenizer: WordPieceTokenizer, texts: Sequence[str],
                  max_tokens: int, overlap_lines: int = DEFAULT_OVERLAP_LINES,
                  batch_size: int = BATCH) -> list[TaggedDocument]:
    """Tags for every token of every text; windows of all texts are batched together, and
    each document is decoded with :func:`viterbi` over its tokens' owner-window scores."""
    encodings = [tokenizer.encode(t) for t in texts]
    jobs = []  # (document, window)
    for d, enc in enumerate(encodings):
        for w in pack_windows(enc.ids, tokenizer.nl_id, max_tokens=max_tokens,
                              overlap_lines=overlap_lines):
            jobs.append((d, w))
    jobs.sort(key=lambda j: j[1].stop - j[1].start)  # similar lengths share a batch
    scores = [np.zeros((len(e.ids), len(BIO_TAGS))) for e in encodings]
    for k in range(0, len(jobs), batch_size):
        chunk = jobs[k:k + batch_size]
        windows = [[tokenizer.cls_id, *encodings[d].ids[w.start:w.stop], tokenizer.sep_id]
                   for d, w in chunk]
        logits = np.asarray(predict(windows), dtype=np.float64)
        for (d, w), rows in zip(chunk, logits, strict=True):
            own = slice(1 + w.own_start - w.start, 1 + w.own_stop - w.start)
            scores[d][w.own_start:w.own_stop] = rows[own]
    out = []
    for enc, logit in zip(encodings, scores, strict=True):
        shifted = logit - logit.max(axis=1, keepdims=True)
        log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        path = viterbi(log_probs)
        tags = [BIO_TAGS[i] for i in path]
        confidence = np.exp(log_probs[np.arange(len(path)), path]).tolist()
        out.append(TaggedDocument(enc, tags, confidence))
    return out
