"""Snap the model's VALUE, RANGE and UNIT spans to whole printed tokens.

OCR damage inside a number ("l3", "4l6", "S15"), a minus sign after a wide gap ("-1.03") and
the "1:" of a titre ("<1:40") are where the model's value span most often stops short. A VALUE
is widened over the digits, separators and OCR look-alike letters touching it (and a minus
sign or a titre's "1:" before it) when the widened span is a whole token; a BIOMARKER span
that had taken those characters gives them back. A RANGE is widened the same way at both ends
("l30 - 170", "83 - 10l", "-2.0 - 2.0"), taking a FLAG that is only a look-alike letter glued
to it ("l" read as low in "l30"), unless that would take another span's characters. A UNIT
stops short or is split on spellings OCR damaged ("10%3/uL" tagged "10", or "10" and
"%3/uL"); touching UNIT spans are joined, a UNIT is widened over the unit characters touching
it that no other span holds, and takes back the few letters a RANGE glued to it took ("mm" +
"Hg....80-100"). A RANGE of punctuation only ("(") is dropped; one left open ("0 -") takes the
number after it ("0.2"), and one that a name took ("Transferrin 1.9 - 3.4") is cut from
it.

Dot leaders ("Vitamin B12..........514") are no part of a number: a VALUE never widens across
one (nor over look-alike letters up to one: "B12" there is a name), a VALUE the model ran across
one or across a wide gap is split there, and a minus sign after one belongs to the value.

A name never ends inside a word: a BIOMARKER span takes the untagged letters and digits glued
to its end ("SaO" + "2"), and a short whole number glued to it when another value follows on
the line ("Vitamin B" + "12" ... "514", "ca" + "199": "8.87", "CA 19-" + "9", "CA-" + "125");
trailing leaders are cut off. A VALUE that is only a minus sign is joined to the value it touches.
"""

from __future__ import annotations

import re
import string
from collections.abc import Sequence

from bloodclarity.extract.assemble import Entity
from bloodclarity.rules.numbers import OCR_DIGIT_LOOKALIKES

_NUMBER_CHARS = frozenset("0123456789.," + OCR_DIGIT_LOOKALIKES)
_BEFORE = frozenset(" \t\n|:(↑↓*")
_AFTER = frozenset(" \t\n|)*")
_GLUED_NAME_DIGITS = 3
_LEADER = re.compile(r"\.{2,}|…+")
_VALUE_GAP = re.compile(r"\.{2,}|…+|(?<![.,])\s{2,}")  # "19.  5" is one number
_MINUS = ("-", "−")
_COMPARATORS = frozenset("<>≤≥")
_UNIT_LETTERS = frozenset(string.ascii_letters)
_GLUED_UNIT_LETTERS = 3
_UNIT_CHARS = _UNIT_LETTERS | frozenset(string.digits + "/^*%µμ⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
_RANGE_TAIL = re.compile(  # " 2 - 3.6", " 2 -", ") 0-5"
    r"[ \t]([0-9][0-9.,]*[ \t]+[-–](?:[ \t]+[0-9][0-9.,]*)?)$"
    r"|(?<=\))[ \t]+([0-9][0-9.,]*[ \t]*[-–](?:[ \t]*[0-9][0-9.,]*)?)$")
_OPEN_RANGE = re.compile(r"[-–]$")
_NUMBER = re.compile(r"[0-9][0-9.,]*")


def is_leader(text: str, i: int) -> bool:
    """Whether ``text[i]`` is part of a dot leader (two or more dots, or "…")."""
    return text[i] == "…" or (text[i] == "." and (
        (i > 0 and text[i - 1] == ".") or (i + 1 < len(text) and text[i + 1] == ".")))


def widen_value(text: str, start: int, end: int) -> tuple[int, int]:
    """The whole-number span around ``text[start:end]``, or the span itself."""
    a, b = start, end
    while a > 0 and text[a - 1] in _NUMBER_CHARS and not is_leader(text, a - 1):
        a -= 1
    while b < len(text) and text[b] in _NUMBER_CHARS and not is_leader(text, b):
        b += 1
    a = _with_minus(text, _with_titre(text, a))
    letters = any(ch.isalpha() for ch in text[a:b])  # OCR look-alikes
    whole = ((a == 0 or text[a - 1] in _BEFORE or is_leader(text, a - 1))
             and (b == len(text) or text[b] in _AFTER or (is_leader(text, b) and not letters)))
    return (a, b) if whole and any(ch.isdigit() for ch in text[a:b]) else (
        _with_minus(text, start), end)


def _with_titre(text: str, a: int) -> int:
    """``a`` moved back over the "1:" of a titre and a comparator before it ("<1:" + "40")."""
    glued = a > 2 and (text[a - 3].isalnum() or text[a - 3] in ".,")  # "11:30", "0.1:5"
    if a < 2 or text[a - 2:a] != "1:" or glued:
        return a
    a -= 2
    return a - 1 if a > 0 and text[a - 1] in _COMPARATORS else a


def _with_minus(text: str, a: int) -> int:
    """``a`` moved back over a minus sign glued to the digit at ``a`` and standing after a
    space, a colon or a leader ("Base deficit: -1.7mmol/L")."""
    if (a > 0 and text[a - 1] == "-" and (a == 1 or text[a - 2] in _BEFORE
                                          or is_leader(text, a - 2)) and text[a].isdigit()):
        return a - 1
    return a


def widen_unit(text: str, start: int, end: int, taken: Sequence[tuple[int, int]]) -> tuple[
        int, int]:
    """``text[start:end]`` widened over the unit characters touching it, stopping at the
    spans in ``taken`` (none of which overlaps it)."""
    left = max((b for _, b in taken if b <= start), default=0)
    right = min((a for a, _ in taken if a >= end), default=len(text))
    while start > left and text[start - 1] in _UNIT_CHARS:
        start -= 1
    while end < right and text[end] in _UNIT_CHARS:
        end += 1
    return start, end


def snap_spans(entities: Sequence[Entity], text: str) -> list[Entity]:
    """``entities`` with their spans snapped (see the module docstring)."""
    out: list[Entity | None] = _joined(_split_at_gaps(entities, text), text)
    for i, e in enumerate(out):
        if e is None:
            continue
        others = [(k, o) for k, o in enumerate(out) if o is not None and k != i]
        if e.label == "UNIT":
            start, end = widen_unit(text, e.start, e.end, [(o.start, o.end) for _, o in others])
            out[i] = Entity("UNIT", start, end, text[start:end], e.line, e.confidence)
        elif e.label == "RANGE":
            start, end = widen_value(text, e.start, e.end)
            hit = [(k, o) for k, o in others if o.start < end and start < o.end]
            if all(o.label == "FLAG" and start <= o.start and o.end <= end for _, o in hit):
                out[i] = Entity("RANGE", start, end, text[start:end], e.line, e.confidence)
                for k, _ in hit:
                    out[k] = None
        elif e.label == "VALUE":
            start, end = widen_value(text, e.start, e.end)
            if (start, end) != (e.start, e.end):
                out[i] = Entity("VALUE", start, end, text[start:end], e.line, e.confidence)
                for k, o in others:
                    if o.start < end and start < o.end:
                        out[k] = _trimmed(o, start, text)
    return _ranges_out_of_names(
        _whole_names(sorted((e for e in out if e is not None), key=lambda e: e.start), text), text)


def _split_at_gaps(entities: Sequence[Entity], text: str) -> list[Entity]:
    """VALUE spans cut at the dot leaders and wide gaps inside them ("12..........514" -> "12",
    "514"; "21      s" -> "21"), RANGE spans without the leaders at their ends (and gone when
    they hold no letter or digit: "(")."""
    out: list[Entity] = []
    for e in entities:
        if e.label not in ("VALUE", "RANGE"):
            out.append(e)
            continue
        pieces = _pieces(e, _VALUE_GAP if e.label == "VALUE" else _LEADER)
        if e.label == "RANGE":
            pieces = pieces and [(pieces[0][0], pieces[-1][1])]
            pieces = [(a, b) for a, b in pieces if any(ch.isalnum() for ch in text[a:b])]
        elif len(pieces) > 1:
            pieces = [(a, b) for a, b in pieces if any(ch.isdigit() for ch in text[a:b])]
        out.extend(Entity(e.label, a, b, text[a:b], e.line, e.confidence) for a, b in pieces)
    return out


def _pieces(e: Entity, gap: re.Pattern[str]) -> list[tuple[int, int]]:
    """The spans of ``e``'s text between the matches of ``gap``, as text offsets."""
    bounds = [e.start]
    for m in gap.finditer(e.text):
        bounds += [e.start + m.start(), e.start + m.end()]
    bounds.append(e.end)
    return [(a, b) for a, b in zip(bounds[::2], bounds[1::2], strict=True) if a < b]


def _whole_names(entities: list[Entity], text: str) -> list[Entity]:
    """BIOMARKER spans ended at a word's end: glued untagged letters and digits taken, a glued
    short number taken when another value follows before the next name, leaders cut off."""
    out: list[Entity | None] = list(entities)
    for i, e in enumerate(entities):
        if e.label != "BIOMARKER":
            continue
        end = e.end
        following = entities[i + 1] if i + 1 < len(entities) else None
        limit = following.start if following is not None else len(text)
        while end < limit and text[end].isalnum():
            end += 1
        if (following is not None and following.label == "VALUE" and following.start == end
                and _number_goes_on(text, end) and following.text.isdigit()
                and len(following.text) <= _GLUED_NAME_DIGITS
                and _value_follows(entities, i + 2, e.line)):
            end = following.end
            out[i + 1] = None
        while end > e.start + 1 and (is_leader(text, end - 1) or text[end - 1].isspace()):
            end -= 1
        out[i] = Entity("BIOMARKER", e.start, end, text[e.start:end], e.line, e.confidence)
    return [e for e in out if e is not None]


def _ranges_out_of_names(entities: list[Entity], text: str) -> list[Entity]:
    """A range that a name took, its bounds apart from the dash ("Transferrin 1.9 - 3.4",
    "Transferrin 1.9 -") or after a bracket ("CEA (ECLIA) 0-4"), is cut from the name; a RANGE
    left open ("1.9 -") takes the number after it on its line ("3.4")."""
    cut: list[Entity] = []
    for e in entities:
        m = _RANGE_TAIL.search(e.text) if e.label == "BIOMARKER" else None
        if m is None:
            cut.append(e)
            continue
        tail = m.group(1) or m.group(2)
        name_end = e.start + len(e.text[:m.start()].rstrip())
        cut.append(Entity("BIOMARKER", e.start, name_end, text[e.start:name_end], e.line,
                          e.confidence))
        cut.append(Entity("RANGE", e.end - len(tail), e.end, tail, e.line, e.confidence))
    out: list[Entity] = []
    for e in cut:
        last = out[-1] if out else None
        if (last is not None and last.label == "RANGE" and _OPEN_RANGE.search(last.text)
                and e.label in ("VALUE", "RANGE") and _NUMBER.fullmatch(e.text)
                and not text[last.end:e.start].strip(" \t")):
            out[-1] = Entity("RANGE", last.start, e.end, text[last.start:e.end], last.line,
                             min(last.confidence, e.confidence))
        else:
            out.append(e)
    return out


def _number_goes_on(text: str, end: int) -> bool:
    """Whether a number glued at ``end`` continues the name: after a letter ("Vitamin B" +
    "12"), or after a hyphen ("CA 19-" + "9", "CA-" + "125")."""
    return text[end - 1].isalpha() or (text[end - 1] == "-" and end > 1 and text[end - 2].isalnum())


def _value_follows(entities: Sequence[Entity], start: int, line: int) -> bool:
    """Whether a VALUE comes on ``line`` from ``entities[start]`` on, before any name."""
    for e in entities[start:]:
        if e.line != line or e.label == "BIOMARKER":
            return False
        if e.label == "VALUE":
            return True
    return False


def _joined(entities: Sequence[Entity], text: str) -> list[Entity | None]:
    """``entities`` (in text order) with each run of touching UNIT spans made one, a VALUE
    that is only a minus sign joined to the VALUE it touches ("-" + "0.25mEq/L"), and the
    letters of a unit that a RANGE took given back."""
    out: list[Entity | None] = []
    for e in entities:
        last = out[-1] if out else None
        if (last is not None and last.label == e.label and last.end == e.start
                and (e.label == "UNIT" or (e.label == "VALUE" and last.text in _MINUS))):
            out[-1] = Entity(e.label, last.start, e.end, last.text + e.text, last.line,
                             min(last.confidence, e.confidence))
        elif last is not None and last.label == "UNIT" and e.label == "RANGE" and last.end == e.start:
            out[-1], rest = _unit_letters_back(last, e, text)
            if rest is not None:
                out.append(rest)
        else:
            out.append(e)
    return out


def _unit_letters_back(unit: Entity, rng: Entity, text: str) -> tuple[Entity, Entity | None]:
    """A RANGE glued to a UNIT that starts with a few letters ("mm" + "Hg........80-100") gives
    them to the unit; the range keeps what follows its leaders (None when nothing does)."""
    k = rng.start
    while k < rng.end and text[k] in _UNIT_LETTERS:
        k += 1
    if k == rng.start or k - rng.start > _GLUED_UNIT_LETTERS or (k < rng.end and text[k].isalpha()):
        return unit, rng
    unit = Entity("UNIT", unit.start, k, text[unit.start:k], unit.line, unit.confidence)
    while k < rng.end and (is_leader(text, k) or text[k].isspace()):
        k += 1
    rest = Entity("RANGE", k, rng.end, text[k:rng.end], rng.line, rng.confidence)
    return unit, rest if k < rng.end else None


def _trimmed(e: Entity, value_start: int, text: str) -> Entity | None:
    """``e`` cut back to end before a widened value (gone when nothing is left)."""
    if e.label != "BIOMARKER" or e.start >= value_start:
        return None
    kept = text[e.start:value_start].rstrip(" \t-")
    if not kept:
        return None
    return Entity(e.label, e.start, e.start + len(kept), kept, e.line, e.confidence)
