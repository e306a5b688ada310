"""Flags: printed codes, symbols and words in ten languages, glued flags, derived flags."""

from __future__ import annotations

import pytest

from bloodclarity.rules.flags import FLAG_CODES, derive_flag, parse_flag, split_glued_flag
from bloodclarity.rules.lexicon import load_lexicon
from bloodclarity.rules.ranges import ReferenceRange

PRINTED = [
    # codes and symbols, in any language
    ("H", "H"), ("h", "H"), ("L", "L"), ("HH", "HH"), ("LL", "LL"), ("A", "A"), ("*", "A"),
    ("**", "A"), ("!", "A"), ("↑", "H"), ("↓", "L"), ("↑↑", "HH"), ("↓↓", "LL"), ("▲", "H"),
    ("▼", "L"), ("(H)", "H"), ("[L]", "L"), ("<H>", "H"), ("{L}", "L"), ("( H )", "H"),
    ("((H))", "H"), ("(HH)", "HH"), ("[↑]", "H"), ("H*", "H"), ("*L", "L"), ("L!", "L"),
    (" H ", "H"), ("Ｈ", "H"),
    # en
    ("High", "H"), ("HIGH", "H"), ("Low", "L"), ("Hi", "H"), ("Lo", "L"),
    ("Critical High", "HH"), ("critically low", "LL"), ("Panic High", "HH"),
    ("Critical Low", "LL"), ("Abnormal", "A"), ("ABN", "A"), ("(High)", "H"),
    # es
    ("Alto", "H"), ("Bajo", "L"), ("Elevado", "H"), ("Disminuido", "L"), ("Anormal", "A"),
    # pt
    ("Baixo", "L"), ("Aumentado", "H"), ("Diminuído", "L"), ("Alterado", "A"),
    # fr
    ("Élevé", "H"), ("ÉLEVÉ", "H"), ("Bas", "L"), ("Haut", "H"), ("Diminué", "L"),
    ("Augmenté", "H"), ("Pathologique", "A"),
    # de
    ("Hoch", "H"), ("Niedrig", "L"), ("erhöht", "H"), ("erniedrigt", "L"),
    ("pathologisch", "A"), ("auffällig", "A"),
    # it
    ("Basso", "L"), ("Elevato", "H"), ("Diminuito", "L"), ("Anomalo", "A"),
    # id
    ("Tinggi", "H"), ("Rendah", "L"), ("Tidak normal", "A"),
    # tr
    ("Yüksek", "H"), ("YÜKSEK", "H"), ("Düşük", "L"),
    # vi
    ("Cao", "H"), ("Thấp", "L"), ("Tăng", "H"), ("Giảm", "L"), ("Bất thường", "A"),
    # th
    ("สูง", "H"), ("ต่ำ", "L"), ("ผิดปกติ", "A"),
]

NOT_FLAGS = [
    "", " ", "+", "-", "++", "N", "Normal", "Negative", "Positive", "5.9", "<", ">", "()",
    "HL", "X", "B", "mg/dL", "Hb", "High Density", "(", "***", "Highest", "?",
]

GLUED = [
    ("5.9H", ("5.9", "H")), ("5.9L", ("5.9", "L")), ("5.9HH", ("5.9", "HH")),
    ("5.9LL", ("5.9", "LL")), ("5,9H", ("5,9", "H")), ("5.9↑", ("5.9", "↑")),
    ("5.9↓", ("5.9", "↓")), ("↑5.9", ("5.9", "↑")), ("↓5.9", ("5.9", "↓")),
    ("↑↑5.9", ("5.9", "↑↑")), ("*5.9", ("5.9", "*")), ("5.9*", ("5.9", "*")),
    ("**5.9", ("5.9", "**")), ("12.5(H)", ("12.5", "(H)")), ("12.5[L]", ("12.5", "[L]")),
    ("<0.5H", ("<0.5", "H")), ("-2.5L", ("-2.5", "L")), ("6.650H", ("6.650", "H")),
    ("1,234.5H", ("1,234.5", "H")), ("5.9A", ("5.9", "A")), ("5.9H*", ("5.9", "H*")),
    (" 5.9H ", ("5.9", "H")), ("5.9Alto", ("5.9", "Alto")), ("140↑", ("140", "↑")),
    ("5.9 H", ("5.9 H", None)), ("5.9 ↑", ("5.9 ↑", None)), ("H5.9", ("H5.9", None)),
    ("L5.9", ("L5.9", None)), ("<0.5", ("<0.5", None)), (">90", (">90", None)),
    ("5.9", ("5.9", None)), ("-2.5", ("-2.5", None)), ("Negative", ("Negative", None)),
    ("4.5x10^9/L", ("4.5x10^9/L", None)), ("5mg", ("5mg", None)), ("HbA1c", ("HbA1c", None)),
    ("H", ("H", None)), ("*", ("*", None)), ("", ("", None)), ("5.9-", ("5.9-", None)),
    ("5.9+", ("5.9+", None)), ("5.9%", ("5.9%", None)), ("5.9X", ("5.9X", None)),
]

def _range(low: float | None, high: float | None) -> ReferenceRange:
    return ReferenceRange(low, high, "")


RANGE = _range(3.5, 5.0)
DERIVED = [
    (4.0, None, RANGE, None), (3.5, None, RANGE, None), (5.0, None, RANGE, None),
    (5.1, None, RANGE, "H"), (3.4, None, RANGE, "L"), (100.0, None, RANGE, "H"),
    (-1.0, None, RANGE, "L"), (4.0, None, None, None), (4.0, None, _range(None, None), None),
    # one-sided ranges
    (6.0, None, _range(None, 5.0), "H"), (4.0, None, _range(None, 5.0), None),
    (-100.0, None, _range(None, 5.0), None), (50.0, None, _range(60.0, None), "L"),
    (1e6, None, _range(60.0, None), None),
    # censored values
    (0.5, "<", _range(0.0, 1.0), None), (5.0, "<", _range(10.0, 20.0), "L"),
    (10.0, "<", _range(10.0, 20.0), "L"), (10.0, "<=", _range(10.0, 20.0), None),
    (15.0, "<", _range(10.0, 20.0), None), (25.0, "<", _range(10.0, 20.0), None),
    (90.0, ">", _range(None, 60.0), "H"), (90.0, ">", _range(10.0, 60.0), "H"),
    (60.0, ">", _range(10.0, 60.0), "H"), (60.0, ">=", _range(10.0, 60.0), None),
    (30.0, ">", _range(10.0, 60.0), None), (5.0, ">", _range(10.0, 60.0), None),
    (90.0, ">=", _range(60.0, None), None), (0.01, "<", _range(None, 5.0), None),
    (0.01, "<", _range(0.1, None), "L"), (2000.0, ">", _range(None, 1000.0), "H"),
    (9.0, "<=", _range(10.0, 20.0), "L"), (21.0, ">=", _range(10.0, 20.0), "H"),
    (20.0, ">=", _range(10.0, 20.0), None), (4.0, ">", _range(None, 5.0), None),
    # negative bounds (base excess)
    (-3.0, None, _range(-2.0, 2.0), "L"), (2.5, None, _range(-2.0, 2.0), "H"),
    (-2.0, None, _range(-2.0, 2.0), None), (0.0, None, _range(-2.0, 2.0), None),
]


@pytest.mark.parametrize(("text", "code"), PRINTED)
def test_printed_flags(text, code):
    assert parse_flag(text) == code


@pytest.mark.parametrize("text", NOT_FLAGS)
def test_not_flags(text):
    assert parse_flag(text) is None


@pytest.mark.parametrize(("text", "languages", "code"), [
    ("Alto", ["es"], "H"), ("Alto", ["en"], None), ("H", ["th"], "H"), ("↑", ["vi"], "H"),
    ("Hoch", ["de"], "H"), ("Hoch", ["fr", "it"], None), ("Bas", ["fr"], "L"),
])
def test_words_come_from_the_lexicon(text, languages, code):
    assert parse_flag(text, lexicon=load_lexicon(languages)) == code


@pytest.mark.parametrize(("text", "split"), GLUED)
def test_split_glued_flag(text, split):
    assert split_glued_flag(text) == split


@pytest.mark.parametrize(("value", "comparator", "reference", "flag"), DERIVED)
def test_derive_flag(value, comparator, reference, flag):
    assert derive_flag(value, comparator, reference) == flag


def test_codes():
    assert FLAG_CODES == ("H", "L", "HH", "LL", "A")
    assert {parse_flag(text) for text, _ in PRINTED} == set(FLAG_CODES)
