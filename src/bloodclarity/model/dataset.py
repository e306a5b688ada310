"""Corpus reports -> model windows with BIO label ids (training and evaluation)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bloodclarity.corpus.labels import BIO_TAGS, Span, bio_tags
from bloodclarity.model.tokenizer import Encoding, WordPieceTokenizer
from bloodclarity.model.windows import DEFAULT_OVERLAP_LINES, Window, pack_windows

LABEL_IDS = {tag: i for i, tag in enumerate(BIO_TAGS)}
IGNORE = -100


@dataclass(frozen=True)
class Example:
    """One window: token ids with [CLS]/[SEP], label ids (-100 on specials), and extras."""

    input_ids: list[int]
    labels: list[int]
    layout: str


def read_jsonl(path: str | Path, limit: int | None = None) -> Iterator[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if limit is not None and i >= limit:
                return
            yield json.loads(line)


def report_tags(report: dict[str, Any], encoding: Encoding) -> list[str]:
    spans = [Span(e["start"], e["end"], e["label"]) for e in report["entities"]]
    return bio_tags(encoding.offsets, spans)


def report_windows(tokenizer: WordPieceTokenizer, text: str, max_tokens: int,
                   overlap_lines: int = DEFAULT_OVERLAP_LINES) -> tuple[Encoding, list[Window]]:
    encoding = tokenizer.encode(text)
    return encoding, pack_windows(encoding.ids, tokenizer.nl_id, max_tokens=max_tokens,
                                  overlap_lines=overlap_lines)


def examples(tokenizer: WordPieceTokenizer, reports: Iterator[dict[str, Any]],
             max_tokens: int) -> Iterator[Example]:
    """Every window of every report as a training example."""
    for report in reports:
        encoding, windows = report_windows(tokenizer, report["text"], max_tokens)
        tags = [LABEL_IDS[t] for t in report_tags(report, encoding)]
        for w in windows:
            yield Example(
                [tokenizer.cls_id, *encoding.ids[w.start:w.stop], tokenizer.sep_id],
                [IGNORE, *tags[w.start:w.stop], IGNORE],
                report.get("layout", ""),
            )
