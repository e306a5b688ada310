"""Printed reference ranges: two-sided, one-sided, qualitative, and banded by sex or age.

Each line of the text is cut into tokens (numbers, comparators, separators, lexicon phrases),
read into *values* (the ranges) and *labels* (sex words, age groups such as "Adults", ages such
as "18-49 years"), and grouped into bands: a line with one value takes all its labels; with
several, each value takes the labels before it (or after it, when the line starts with a value
and ends with a label); a line of labels alone heads the next line. The band that applies to
the patient is kept when it is the only one not ruled out by the known ``sex`` and ``age``.
Sex words are read in the languages that know all of the text's sex words ("H: .. M: .." is
Spanish); a label those languages read differently ("M" alone) rules its band out.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from bloodclarity.rules.lexicon import Lexicon, load_lexicon
from bloodclarity.rules.numbers import (
    COMPARATOR_SYMBOLS,
    NUMBER_PATTERN,
    detect_decimal_convention,
    normalize,
    read_number,
    reciprocal_titres,
    repair_ocr,
)

AGE_GROUP_YEARS = {"newborn": (0.0, 28 / 365.25), "infant": (0.0, 1.0), "child": (0.0, 18.0),
                   "adult": (18.0, math.inf)}
"""Age group -> [from, to) in years; overlapping groups printed together select no band."""
_PER_YEAR = {"year": 1.0, "month": 12.0, "day": 365.25}
_SEXES = {"male": "male", "m": "male", "female": "female", "f": "female"}
_SYMBOL = re.compile(r"\.{2,}|[~;+-]|" + "|".join(
    re.escape(s) for s in sorted(COMPARATOR_SYMBOLS, key=len, reverse=True)))
_WORD = re.compile(r"[^\W\d_]+")
# OCR reads "≤" as "s" ("s 40" -> "≤ 40"); its "<" for "≤" needs no repair, and its "=" may
# be "≤" or "≥", so it is read only as the caller's ``lone_equals``
_OCR_AT_MOST = re.compile(r"^(\s*)s(?=\s+\d)")
_LONE_EQUALS = re.compile(r"(?<![<>=])=(?![<>=])(?=\s*\d)")


@dataclass(frozen=True)
class ReferenceRange:
    """A printed reference range; ``low``/``high`` are None when open or not applicable."""

    low: float | None
    high: float | None
    text: str

    def to_dict(self) -> dict:
        """``{"low", "high", "text"}``."""
        return {"low": self.low, "high": self.high, "text": self.text}

    @classmethod
    def from_dict(cls, data: dict) -> ReferenceRange:
        """Inverse of :meth:`to_dict`."""
        low, high = data.get("low"), data.get("high")
        return cls(None if low is None else float(low), None if high is None else float(high),
                   data.get("text", ""))


@dataclass(frozen=True)
class _Token:
    kind: str  # num, op, sep, plus, word or other
    text: str
    value: float = 0.0
    after_unit: bool = False  # next to a digit or "/" (spaces aside), as a unit would be


@dataclass(frozen=True)
class _Bound:
    """An interval; with ``unit`` (year, month, day) it is an age condition, not a range."""

    low: float | None = None
    high: float | None = None
    low_strict: bool = False
    high_strict: bool = False
    unit: str | None = None

    def contains_age(self, age: float) -> bool:
        """Whether ``age`` (in ``unit``s) fits; ages count whole units ("18-49": below 50)."""
        if self.low is not None and (age < self.low or (age == self.low and self.low_strict)):
            return False
        if self.high is None:
            return True
        if not self.high_strict and self.high.is_integer():
            return age < self.high + 1
        return age < self.high or (age == self.high and not self.high_strict)


@dataclass(frozen=True)
class _Band:
    bound: _Bound | None  # None: a qualitative range ("Negative")
    sex_words: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    ages: tuple[_Bound, ...] = ()


def _tokenize(line: str, lexicon: Lexicon, decimal: str | None) -> list[_Token]:
    """Tokens of one normalised line; characters that are none of them are skipped."""
    tokens: list[_Token] = []
    pos = 0
    while pos < len(line):
        number = NUMBER_PATTERN.match(line, pos)
        if number and number["sign"] and tokens and tokens[-1].kind == "num":
            number = None  # "3-5": the dash separates
        if number:
            read = read_number(number.group(), decimal=decimal)
            if read:
                tokens.append(_Token("num", number.group(), read[0]))
            pos = number.end()
            continue
        if match := _SYMBOL.match(line, pos):
            kind = "op" if match.group() in COMPARATOR_SYMBOLS else (
                "plus" if match.group() == "+" else "sep")
        elif match := lexicon.phrases.match(line, pos):
            kind = "word"
        elif match := _WORD.match(line, pos):
            kind = "other"
        else:
            pos += 1
            continue
        before = line[:pos].rstrip()[-1:]
        tokens.append(_Token(kind, match.group(), after_unit=before.isdigit() or before == "/"))
        pos = match.end()
    return tokens


def restore_lost_decimal(low_text: str, low: float, high_text: str, high: float) -> float:
    """A low bound above the high one whose decimal point OCR lost ("39 - 5.5", "350 - 5,00"):
    the low bound with the high bound's decimals put back, when that puts it below."""
    decimals = re.search(r"[.,](\d+)$", high_text)
    if low <= high or decimals is None or re.search(r"[.,]", low_text):
        return low
    restored = low / 10 ** len(decimals.group(1))
    return restored if restored < high else low


def _unit(tokens: list[_Token], i: int, lexicon: Lexicon) -> tuple[int, str | None]:
    """Skip an age unit word at ``i``: (next index, unit or None)."""
    if i < len(tokens) and tokens[i].kind == "word" and tokens[i].text in lexicon.age_units:
        return i + 1, lexicon.age_units[tokens[i].text]
    return i, None


def _one_sided(op: str, value: float, unit: str | None) -> _Bound:
    if op.startswith("<"):
        return _Bound(high=value, high_strict=op == "<", unit=unit)
    return _Bound(low=value, low_strict=op == ">", unit=unit)


def _bound_at(tokens: list[_Token], i: int, lexicon: Lexicon) -> tuple[_Bound, int] | None:
    """The bound starting at ``tokens[i]`` and the index after it, if one starts there."""
    def kind(k: int) -> str:
        return tokens[k].kind if k < len(tokens) else ""

    token = tokens[i]
    if kind(i) == "num":
        j, unit = _unit(tokens, i + 1, lexicon)
        sep = tokens[j] if j < len(tokens) else None
        separates = sep and (sep.kind == "sep" or (
            sep.kind == "word" and sep.text in lexicon.range_separators))
        if separates and kind(j + 1) == "num":
            k, high_unit = _unit(tokens, j + 2, lexicon)
            low = restore_lost_decimal(token.text, token.value, tokens[j + 1].text,
                                       tokens[j + 1].value)
            return _Bound(low, tokens[j + 1].value, unit=unit or high_unit), k
        op = "" if sep is None else ">=" if sep.kind == "plus" else (
            lexicon.bounds_after.get(sep.text, "") if sep.kind == "word" else "")
        if op:
            k, late_unit = _unit(tokens, j + 1, lexicon)
            return _one_sided(op, token.value, unit or late_unit), k
        return None
    op = COMPARATOR_SYMBOLS.get(token.text) if token.kind == "op" else (
        lexicon.bounds.get(token.text) if token.kind == "word" else None)
    if op and kind(i + 1) == "num":
        two_sided = _bound_at(tokens, i + 1, lexicon)  # "from 3 to 5"
        if two_sided and two_sided[0].low is not None and two_sided[0].high is not None:
            return two_sided
        k, unit = _unit(tokens, i + 2, lexicon)
        return _one_sided(op, tokens[i + 1].value, unit), k
    return None


def _items(tokens: list[_Token], lexicon: Lexicon) -> list[tuple[str, object]]:
    """(kind, payload) of a line: value/age (a _Bound), sex (word), group (name); a
    qualitative word ("Negative") is a value on a line without numbers."""
    items: list[tuple[str, object]] = []
    i = 0
    while i < len(tokens):
        found = _bound_at(tokens, i, lexicon)
        if found:
            items.append(("age" if found[0].unit else "value", found[0]))
            i = found[1]
            continue
        token = tokens[i]
        i += 1
        if token.kind != "word":
            continue
        if any(token.text in t for t in lexicon.sex.values()):
            items.append(("unit?" if token.after_unit else "sex", token.text))
        elif token.text in lexicon.age_groups:
            items.append(("group", lexicon.age_groups[token.text]))
        elif token.text in lexicon.qualitative:
            items.append(("qual", None))
    # a sex letter placed like a unit ("mg/24 h", "10^9 /L") is one unless a value follows it
    last_value = max((n for n, (kind, _) in enumerate(items) if kind == "value"), default=-1)
    items = [("sex", p) if kind == "unit?" else (kind, p)
             for n, (kind, p) in enumerate(items) if kind != "unit?" or n < last_value]
    if last_value >= 0:
        return [item for item in items if item[0] != "qual"]
    return [("value", None) if kind == "qual" else (kind, p) for kind, p in items]


def _band(items: list[tuple[str, object]]) -> _Band:
    def of(kind: str) -> tuple:
        return tuple(payload for k, payload in items if k == kind)

    return _Band(next(p for k, p in items if k == "value"), of("sex"), of("group"), of("age"))


def _bands(lines: list[list[tuple[str, object]]]) -> list[_Band]:
    """Group each line's items into bands (see the module docstring)."""
    bands: list[_Band] = []
    pending: list[tuple[str, object]] = []
    for line in lines:
        items = pending + line
        values = [n for n, (kind, _) in enumerate(items) if kind == "value"]
        if not values:
            pending = items
            continue
        pending = []
        if len(values) == 1:
            groups = [items]
        elif values[0] == 0 and items[-1][0] != "value":  # "13-17 (M) 12-15 (F)"
            groups = [items[a:b] for a, b in zip(values, values[1:] + [len(items)], strict=True)]
        else:
            starts = [0] + [v + 1 for v in values[:-1]]
            groups = [items[a:b + 1] for a, b in zip(starts, values, strict=True)]
        bands.extend(_band(group) for group in groups)
    return bands


def _sex_meanings(words: set[str], lexicon: Lexicon) -> dict[str, str | None]:
    """Word -> male/female as read by the languages that know all of ``words`` (else by any);
    None where those languages disagree ("M" alone: male in English, mujer in Spanish)."""
    tables = [t for t in lexicon.sex.values() if words <= t.keys()] or list(lexicon.sex.values())
    meanings = {word: {t[word] for t in tables if word in t} for word in words}
    return {word: m.pop() if len(m) == 1 else None for word, m in meanings.items()}


def _ruled_out(band: _Band, sexes: dict[str, str | None], sex: str | None,
               age: float | None) -> bool:
    """Whether ``band`` cannot be the patient's: its sex label is ambiguous, or the known sex or
    age excludes it; unknown facts exclude nothing."""
    meanings = {sexes[word] for word in band.sex_words}
    if None in meanings or (sex and meanings and sex not in meanings):
        return True
    if age is None:
        return False
    if band.groups and not any(
            AGE_GROUP_YEARS[g][0] <= age < AGE_GROUP_YEARS[g][1] for g in band.groups):
        return True
    return any(not b.contains_age(age * _PER_YEAR[b.unit]) for b in band.ages)


def parse_range(text: str, *, sex: str | None = None, age: float | None = None,
                decimal: str | None = None, lexicon: Lexicon | None = None,
                lone_equals: str | None = None) -> ReferenceRange | None:
    """Read a printed reference range: ``"3.5-5.0"``, ``"<5"``, ``"Hasta 40"``, ``"M: 13-17"``,
    ``"<1:80"`` (a titre, read as its reciprocal).

    ``sex`` ("male"/"female"/"m"/"f") and ``age`` (years) select a band; when not exactly one
    band remains, or the range is qualitative ("Negative"), low and high are None and only the
    text is kept. ``decimal`` is the report's decimal separator, detected from the text when
    None. ``lone_equals`` ("≤" or "≥") is what a lone "=" before a number stands for: OCR reads
    both signs as "=" ("= 34"), so only the analyte's usual interval can tell which. Returns
    None when the text holds no range at all.
    """
    if sex is not None and sex.casefold() not in _SEXES:
        raise ValueError(f"sex must be male, female, m or f, not {sex!r}")
    sex = sex and _SEXES[sex.casefold()]
    lexicon = lexicon or load_lexicon()
    lines = [_OCR_AT_MOST.sub(r"\1≤", repair_ocr(normalize(reciprocal_titres(line))))
             for line in text.splitlines()]
    if lone_equals is not None:
        lines = [_LONE_EQUALS.sub(lone_equals, line) for line in lines]
    decimal = decimal or detect_decimal_convention(lines)
    bands = _bands([_items(_tokenize(line, lexicon, decimal), lexicon) for line in lines])
    if not bands:
        return None
    sexes = _sex_meanings({word for band in bands for word in band.sex_words}, lexicon)
    fitting = [band for band in bands if not _ruled_out(band, sexes, sex, age)]
    bound = fitting[0].bound if len(fitting) == 1 else None
    if bound is None:
        return ReferenceRange(None, None, text.strip())
    return ReferenceRange(bound.low, bound.high, text.strip())
