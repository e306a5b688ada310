"""Entity labels and BIO tags: tags are always derived from character spans, never stored."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

ENTITY_LABELS = ("BIOMARKER", "VALUE", "UNIT", "RANGE", "FLAG")
BIO_TAGS = ("O", *(f"{p}-{label}" for label in ENTITY_LABELS for p in ("B", "I")))

_RULE_CHARS = "-=.*~_|▌▇■□░▒▓"
_WORD = re.compile(r"\n|\d+|[^\W\d_]+|([" + re.escape(_RULE_CHARS) + r"])\1+|[^\w\s]|_")


@dataclass(frozen=True)
class Span:
    """A labelled character span ``text[start:end]``."""

    start: int
    end: int
    label: str

    def to_dict(self) -> dict[str, int | str]:
        return {"start": self.start, "end": self.end, "label": self.label}


def word_offsets(text: str) -> list[tuple[int, int]]:
    """Pre-tokens: runs of digits, runs of letters, runs of one rule character ("-----",
    "......", "**", "|||"), other punctuation marks one by one, and newlines.

    Digits and letters are split ("5.9H" -> 5 . 9 H) so that a flag glued to a value, or a
    unit glued to it by merged columns, keeps its own token.

    Combining marks (Thai vowels and tones, Vietnamese diacritics in NFD) stay in their word.
    """
    offsets: list[tuple[int, int]] = []
    for m in _WORD.finditer(text):
        start, end = m.span()
        if offsets and start == offsets[-1][1] and _joins(text, start):
            offsets[-1] = (offsets[-1][0], end)
        else:
            offsets.append((start, end))
    return offsets


def _joins(text: str, start: int) -> bool:
    """A combining mark joins its word, and a letter that follows a mark joins it too."""
    here, before = unicodedata.category(text[start]), unicodedata.category(text[start - 1])
    return here[0] == "M" or (before[0] == "M" and here[0] == "L")


def bio_tags(offsets: Sequence[tuple[int, int]], spans: Sequence[Span]) -> list[str]:
    """One BIO tag per token offset: B- on the first token inside a span, I- on the rest.

    A token belongs to a span when it overlaps it; tokens outside every span are O.
    """
    tags = ["O"] * len(offsets)
    ordered = sorted(spans, key=lambda s: s.start)
    i = 0
    for span in ordered:
        while i < len(offsets) and offsets[i][1] <= span.start:
            i += 1
        first = True
        j = i
        while j < len(offsets) and offsets[j][0] < span.end:
            if offsets[j][1] > span.start and offsets[j][0] != offsets[j][1]:
                tags[j] = f"{'B' if first else 'I'}-{span.label}"
                first = False
            j += 1
    return tags


def spans_from_tags(offsets: Sequence[tuple[int, int]], tags: Sequence[str]) -> list[Span]:
    """Character spans from BIO tags; an I- that does not continue its label starts a span."""
    spans: list[Span] = []
    previous = "O"
    for (start, end), tag in zip(offsets, tags, strict=True):
        if tag != "O":
            prefix, label = tag.split("-", 1)
            if prefix == "I" and previous != "O" and previous.split("-", 1)[1] == label:
                spans[-1] = Span(spans[-1].start, end, label)
            else:
                spans.append(Span(start, end, label))
        previous = tag
    return spans
