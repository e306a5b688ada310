"""Printed numbers: decimal conventions, thousands groups, OCR gaps, exponents, censored values.

A number with one separator followed by exactly three digits (``6.650``, ``1,234``) reads two
ways. It is settled by the report's decimal convention when known, else by the analyte's
plausible interval, else a ``000`` group is read as thousands and anything else as a decimal;
the chosen reading is then stated in ``ParsedNumber.assumption``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from bloodclarity.rules.lexicon import Lexicon, fold, load_lexicon

COMPARATOR_SYMBOLS = {"<=": "<=", "=<": "<=", ">=": ">=", "=>": ">=", "≤": "<=", "≥": ">=",
                      "⩽": "<=", "⩾": ">=", "≦": "<=", "≧": ">=", "<": "<", ">": ">"}
_SYMBOLS_LONGEST_FIRST = sorted(COMPARATOR_SYMBOLS, key=len, reverse=True)
_SUPERSCRIPTS = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻]+")
_SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻", "0123456789+-")
_DASHES = str.maketrans({c: "-" for c in "−‐‑‒–—―﹣"})
_NAMES = {".": "dot", ",": "comma"}
_TITRE = re.compile(r"(?<![0-9.,:])1 ?: ?([0-9]{2,})(?![0-9.,:])")

NUMBER_PATTERN = re.compile(r"""
    (?P<sign>[+-])?
    (?P<mantissa>\d{1,3}(?:[ ']\d{3}(?!\d))+(?:[.,]\d+)?   # 12 500 | 1'234,5
               | \d+(?:[.,]\d+)*                          # 5,4 | 1.234,5 | 150,000
               | \.\d+)                                   # .5
    (?:(?:\ ?[x×*·]\ ?10\ ?(?:\^|\*\*|e)\ ?|e)            # x 10^9 | E9
       (?P<exponent>[+-]?\d{1,3})(?!\d)(?!\ ?/))?         # (x10^9/L is a unit)
    """, re.VERBOSE)
"""A signed number with optional exponent, in :func:`normalize`-d text."""


@dataclass(frozen=True)
class ParsedNumber:
    """A printed number: value, censoring comparator, text as given, and any assumed reading."""

    value: float
    comparator: str | None
    text: str
    assumption: str | None = None


def reciprocal_titres(text: str) -> str:
    """Titres written as their reciprocal, the knowledge base's ``{titer}`` value: "1:160" ->
    "160", "<1:40" -> "<40"."""
    return _TITRE.sub(r"\1", text)


def normalize(text: str) -> str:
    """Fold ``text`` (see :func:`fold`), write superscripts as ``^n`` and every dash as ``-``."""
    text = _SUPERSCRIPTS.sub(lambda m: "^" + m.group().translate(_SUPERSCRIPT_DIGITS), text)
    return fold(text).translate(_DASHES)


def _readings(mantissa: str) -> list[tuple[str, str | None]]:
    """Possible (plain decimal string, decimal separator) readings of a mantissa; [] if invalid.

    Two readings, decimal first, for one separator followed by exactly three digits.
    """
    seps = re.findall(r"[.,]", mantissa)
    if " " in mantissa or "'" in mantissa:  # grouped by spaces/apostrophes: at most a decimal
        plain = re.sub(r"[ ']", "", mantissa)
        return [(plain.replace(seps[0], "."), seps[0])] if seps else [(plain, None)]
    if not seps:
        return [(mantissa, None)]
    last = seps[-1]
    thousands = "," if last == "." else "."
    head, _, frac = mantissa.rpartition(last)
    if len(set(seps)) == 2:
        grouped = re.fullmatch(rf"\d{{1,3}}(?:\{thousands}\d{{3}})+", head)
        return [(head.replace(thousands, "") + "." + frac, last)] if grouped else []
    if len(seps) > 1:
        grouped = re.fullmatch(rf"\d{{1,3}}(?:\{last}\d{{3}})+", mantissa)
        return [(mantissa.replace(last, ""), thousands)] if grouped else []
    decimal_reading = (f"{head or 0}.{frac}", last)
    if len(frac) != 3 or not head or head.startswith("0") or len(head) > 3:
        return [decimal_reading]
    return [decimal_reading, (head + frac, thousands)]


def _plain(value: float) -> str:
    """``6650.0`` -> ``"6650"``, ``6.65`` -> ``"6.65"``."""
    return format(Decimal(repr(value)).normalize(), "f")


def _choose(mantissa: str, values: dict[str, float], decimal: str | None,
            plausible: tuple[float, float] | None) -> tuple[float, str]:
    """Pick one of the two readings (decimal separator -> value) of an ambiguous mantissa;
    returns (value, reason)."""
    sep = next(c for c in mantissa if c in ".,")
    if decimal is not None:
        return values[decimal], f"the report uses a {_NAMES[decimal]} as decimal separator"
    if plausible is not None:
        fits = [d for d, v in values.items() if plausible[0] <= v <= plausible[1]]
        if len(fits) == 1:
            role = "decimal" if fits[0] == sep else "thousands"
            other = next(v for d, v in values.items() if d != fits[0])
            return values[fits[0]], (
                f"{_NAMES[sep]} as {role} separator: {_plain(other)} is implausible")
    thousands = next(d for d in values if d != sep)
    if mantissa.endswith("000"):
        return values[thousands], f"{_NAMES[sep]} as thousands separator: a 000 group"
    return values[sep], f"{_NAMES[sep]} as decimal separator, by default"


def read_number(text: str, *, decimal: str | None = None,
                plausible: tuple[float, float] | None = None) -> tuple[float, str | None] | None:
    """Value and assumption of a :data:`NUMBER_PATTERN` match; None when its groups are invalid."""
    if decimal not in (None, ".", ","):
        raise ValueError(f"decimal must be '.', ',' or None, not {decimal!r}")
    match = NUMBER_PATTERN.fullmatch(text)
    readings = _readings(match["mantissa"]) if match else []
    if not readings:
        return None
    sign, exponent = match["sign"] or "", match["exponent"] or "0"
    values = {d: float(f"{sign}{r}e{exponent}") for r, d in readings}
    if len(values) == 1:
        return next(iter(values.values())), None
    value, reason = _choose(match["mantissa"], values, decimal, plausible)
    return value, f"{text} read as {_plain(value)} ({reason})"


def _strip_comparator(text: str, lexicon: Lexicon) -> tuple[str | None, str]:
    """Split a leading/trailing comparator (symbol or lexicon phrase) off normalised text."""
    for symbol in _SYMBOLS_LONGEST_FIRST:
        if text.startswith(symbol):
            return COMPARATOR_SYMBOLS[symbol], text[len(symbol):]
    match = lexicon.phrases.match(text)
    if match and match.group() in lexicon.comparators:
        return lexicon.comparators[match.group()], text[match.end():]
    for match in lexicon.phrases.finditer(text):
        if match.end() == len(text) and match.group() in lexicon.comparators_after:
            return lexicon.comparators_after[match.group()], text[:match.start()].rstrip(" '")
    return None, text


OCR_DIGIT_LOOKALIKES = "OoQqIilSsBb"  # letters OCR reads for 0, 1, 5 and 8
_OCR_DIGITS = str.maketrans(OCR_DIGIT_LOOKALIKES, "00001115588")
# A digit first, or a look-alike letter before a digit or a decimal part ("l30", "S0",
# "O.99", "Q.9", "B,0"); used on value and range text only, where "B12" is not a name.
_OCR_TOKEN = re.compile(
    r"(?<![^\W\d])(?:\d|[OoIil](?=[\dOoIil])|[OoQqIilSsBb](?=\d|[.,]\d))[\dOoQqIilSsBb.,]*"
    r"(?![^\W\d])")
# Two or more dashes (or tildes) between numbers; group 1 is a minus before the first number
_DOUBLE_DASH = re.compile(r"(-?)(?<![\d.,])(\d[\d.,]*)\s*[-~](?:\s*[-~])+\s*(?=\d)")
# A whole value read by OCR: digits and look-alike letters only ("S9", "B4,5", "3l").
_OCR_VALUE = re.compile(r"(?=.*\d)(?=.*[OoQqIilSsBb])[\dOoQqIilSsBb.,]+")


def repair_ocr(text: str) -> str:
    """Undo OCR damage inside numbers: letters read for digits ("l3" -> "13", "2S0" -> "250",
    "1.O" -> "1.0") in tokens that hold a digit, gaps after a separator ("3. 9" -> "3.9") and
    doubled dashes between numbers ("130--170", "0.51 -~ 0.95", "95 - -108", but not after a
    negative low bound: "-5 - -2")."""
    def fix(match: re.Match[str]) -> str:
        token = match.group()
        return token.translate(_OCR_DIGITS) if any(c.isdigit() for c in token) else token

    def dash(match: re.Match[str]) -> str:
        return match.group() if match.group(1) else f"{match.group(2)} - "

    text = _OCR_TOKEN.sub(fix, text)
    text = re.sub(r"(?<=\d)([.,]) (?=\d)", r"\1", text)
    return _DOUBLE_DASH.sub(dash, text)


_QUOTES = "'‘’`´\"“”"


def parse_number(text: str, *, decimal: str | None = None,
                 plausible: tuple[float, float] | None = None,
                 lexicon: Lexicon | None = None) -> ParsedNumber | None:
    """Read one printed number (``"5,4"``, ``"1.234,5"``, ``"<0.01"``, ``"4.5 x 10^9"``, the
    titre ``"1:160"`` as 160).

    ``decimal`` is the report's decimal separator when known, ``plausible`` the analyte's
    plausible [min, max] in the printed unit; both only settle ambiguous 3-digit groups.
    Returns None when ``text`` is not a single number (``"Negative"``, ``"1-2"``).
    """
    comparator, rest = _strip_comparator(normalize(reciprocal_titres(text)),
                                         lexicon or load_lexicon())
    rest = rest.strip().strip(_QUOTES)  # OCR specks: "‘40"
    rest = re.sub(r"(?<=\d) *([.,]) *(?=\d)", r"\1", rest)  # OCR gaps: "5. 5", "19.  5"
    whole = _OCR_VALUE.fullmatch(rest) is not None
    read = None if whole else read_number(rest, decimal=decimal, plausible=plausible)
    if read is None:
        repaired = rest.translate(_OCR_DIGITS) if whole else repair_ocr(rest)
        read = read_number(repaired, decimal=decimal, plausible=plausible)
        if read is None:
            return None
        read = (read[0], f"OCR damage: {rest!r} read as {repaired!r}")
    return ParsedNumber(read[0], comparator, text.strip(), read[1])


def detect_decimal_convention(numbers: Iterable[str]) -> str | None:
    """The decimal separator (``"."`` or ``","``) most numbers in ``numbers`` show, or None.

    Ambiguous 3-digit groups are no evidence, except ``000`` groups, read as thousands.
    """
    votes: Counter[str] = Counter()
    for text in numbers:
        for match in NUMBER_PATTERN.finditer(normalize(text)):
            readings = _readings(match["mantissa"])
            if len(readings) == 1 and readings[0][1]:
                votes[readings[0][1]] += 1
            elif len(readings) == 2 and match["mantissa"].endswith("000"):
                votes[readings[1][1]] += 1
    ranked = votes.most_common()
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]
