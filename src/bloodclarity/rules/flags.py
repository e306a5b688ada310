"""Abnormal-result flags: printed (``H``, ``↑``, ``Alto``, ``(L)``), glued to values, or derived.

Codes: ``H``/``L`` high/low, ``HH``/``LL`` critically high/low, ``A`` abnormal with no direction.
The one- and two-letter codes (HL7) and the symbols below hold in every language; words come
from the lexicon. ``+`` and ``-`` are never flags: they are signs and qualitative results.
"""

from __future__ import annotations

import re

from bloodclarity.rules.lexicon import Lexicon, fold, load_lexicon
from bloodclarity.rules.numbers import parse_number
from bloodclarity.rules.ranges import ReferenceRange

FLAG_CODES = ("H", "L", "HH", "LL", "A")
SYMBOL_FLAGS = {"h": "H", "l": "L", "hh": "HH", "ll": "LL", "a": "A",
                "↑": "H", "↓": "L", "↑↑": "HH", "↓↓": "LL", "▲": "H", "▼": "L",
                "*": "A", "**": "A", "!": "A"}
_BRACKETS = ("()", "[]", "<>", "{}")
_DECORATION = "*!"
_GLUED_AFTER = re.compile(r"(?P<number>.*\d)(?P<flag>[^\d\s]+)")
_GLUED_BEFORE = re.compile(r"(?P<flag>[↑↓▲▼*!]+)(?P<number>\S.*)")


def parse_flag(text: str, *, lexicon: Lexicon | None = None) -> str | None:
    """The flag code printed as ``text`` (``"(H)"`` -> ``"H"``, ``"Bajo"`` -> ``"L"``), or None.

    Brackets around the flag and ``*``/``!`` decorating a letter flag (``"H*"``) are ignored.
    """
    key = fold(text)
    while len(key) > 2 and key[0] + key[-1] in _BRACKETS:
        key = key[1:-1].strip()
    words = (lexicon or load_lexicon()).flags
    for candidate in (key, key.strip(_DECORATION)):
        if candidate in SYMBOL_FLAGS or candidate in words:
            return SYMBOL_FLAGS.get(candidate) or words[candidate]
    return None


def split_glued_flag(text: str) -> tuple[str, str | None]:
    """Split a flag glued to a value: ``"5.9H"`` -> ``("5.9", "H")``, ``"↑5"`` -> ``("5", "↑")``.

    The flag part is returned as printed. Only symbols may lead the value (``"H5.9"`` stays
    whole: a letter there is more likely part of a code than a flag); a flag separated by a
    space (``"5.9 H"``) is not glued and a comparator (``"<0.5"``) is not a flag.
    """
    stripped = text.strip()
    for pattern in (_GLUED_AFTER, _GLUED_BEFORE):
        match = pattern.fullmatch(stripped)
        if match and parse_flag(match["flag"]) and parse_number(match["number"]):
            return match["number"], match["flag"]
    return stripped, None


def derive_flag(value: float, comparator: str | None,
                reference: ReferenceRange | None) -> str | None:
    """``H`` when every value the result admits is above the range, ``L`` when all are below.

    ``"<0.5"`` against 0-1 may be inside, so no flag; ``"<5"`` against a low of 10 is ``L``.
    """
    if reference is None:
        return None
    can_be_lower = comparator in ("<", "<=")
    can_be_higher = comparator in (">", ">=")
    high, low = reference.high, reference.low
    if high is not None and not can_be_lower and (
            value > high or (value == high and comparator == ">")):
        return "H"
    if low is not None and not can_be_higher and (
            value < low or (value == low and comparator == "<")):
        return "L"
    return None
