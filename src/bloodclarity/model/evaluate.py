"""Token accuracy and entity-level scores of a predictor on corpus reports."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bloodclarity.model.dataset import report_tags
from bloodclarity.model.metrics import NerScores
from bloodclarity.model.tagging import Predictor, tag_documents
from bloodclarity.model.tokenizer import WordPieceTokenizer


def evaluate_reports(predict: Predictor, tokenizer: WordPieceTokenizer,
                     reports: Sequence[dict[str, Any]], max_tokens: int) -> dict[str, Any]:
    """Scores over whole documents (windows merged as at inference)."""
    scores = NerScores()
    step = 64
    for k in range(0, len(reports), step):
        chunk = reports[k:k + step]
        tagged = tag_documents(predict, tokenizer, [r["text"] for r in chunk], max_tokens)
        for report, doc in zip(chunk, tagged, strict=True):
            scores.add(report_tags(report, doc.encoding), doc.tags)
    result = scores.report()
    result["documents"] = len(reports)
    return result
