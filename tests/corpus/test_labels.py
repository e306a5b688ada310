"""Pre-tokens and BIO tags derived from character spans."""

from __future__ import annotations

import pytest

from bloodclarity.corpus.labels import (
    BIO_TAGS,
    Span,
    bio_tags,
    spans_from_tags,
    word_offsets,
)


def words(text: str) -> list[str]:
    return [text[s:e] for s, e in word_offsets(text)]


@pytest.mark.parametrize(
    ("text", "tokens"),
    [("Glucose 5.4 mmol/L", ["Glucose", "5", ".", "4", "mmol", "/", "L"]),
     ("5.9H", ["5", ".", "9", "H"]), ("↑5.9", ["↑", "5", ".", "9"]),
     ("a\nb", ["a", "\n", "b"]), ("x10^9/L", ["x", "10", "^", "9", "/", "L"]),
     ("Đường huyết", ["Đường", "huyết"]), ("น้ำตาล 5", ["น้ำตาล", "5"]),
     ("<0,5", ["<", "0", ",", "5"]), ("CL-", ["CL", "-"])],
)
def test_word_offsets(text, tokens):
    assert words(text) == tokens


def test_eleven_tags():
    assert len(BIO_TAGS) == 11 and BIO_TAGS[0] == "O"


def test_tags_from_spans_and_back():
    text = "Glucose fasting  5.9H mmol/L  3.9 - 5.5"
    spans = [Span(0, 15, "BIOMARKER"), Span(17, 20, "VALUE"), Span(20, 21, "FLAG"),
             Span(22, 28, "UNIT"), Span(30, 39, "RANGE")]
    offsets = word_offsets(text)
    tags = bio_tags(offsets, spans)
    assert tags[:2] == ["B-BIOMARKER", "I-BIOMARKER"]
    assert tags[2:6] == ["B-VALUE", "I-VALUE", "I-VALUE", "B-FLAG"]
    assert spans_from_tags(offsets, tags) == spans


def test_adjacent_entities_of_one_label_stay_apart():
    offsets = [(0, 1), (2, 3), (4, 5)]
    assert spans_from_tags(offsets, ["B-VALUE", "O", "I-VALUE"]) == [
        Span(0, 1, "VALUE"), Span(4, 5, "VALUE")]
    assert spans_from_tags(offsets, ["B-VALUE", "B-VALUE", "I-UNIT"]) == [
        Span(0, 1, "VALUE"), Span(2, 3, "VALUE"), Span(4, 5, "UNIT")]
