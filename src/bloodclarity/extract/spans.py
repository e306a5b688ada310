"""Snap the model's VALUE, RANGE and UNIT spans to whole printed tokens.

OCR damage inside a number ("l3", "4l6", "S15") and a minus sign after a wide gap
("-1.03") are where the model's value span most often stops short. A VALUE is widened over
the digits, separators and OCR look-alike letters touching it (and a minus sign before it)
when the widened span is a whole token; a BIOMARKER span that had taken those characters
gives them back. A RANGE is widened the same way at both ends ("l30 - 170", "83 - 10l",
"-2.0 - 2.0"), taking a FLAG that is only a look-alike letter glued to it ("l" read as low
in "l30"), unless that would take another span's characters. A UNIT stops short or is split
on spellings OCR damaged ("10%3/uL" tagged "10", or "10" and "%3/uL"); touching UNIT spans
are joined, and a UNIT is widened over the unit characters touching it that no other span
holds.
"""

from __future__ import annotations

from collections.abc import Sequence

from bloodclarity.extract.assemble import Entity
from bloodclarity.rules.numbers import OCR_DIGIT_LOOKALIKES

_NUMBER_CHARS = frozenset("0123456789.," + OCR_DIGIT_LOOKALIKES)
_BEFORE = frozenset(" \t\n|:(↑↓*")
_AFTER = frozenset(" \t\n|)*")
_UNIT_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
                        "/^*%µμ⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def widen_value(text: str, start: int, end: int) -> tuple[int, int]:
    """The whole-number span around ``text[start:end]``, or the span itself."""
    a, b = start, end
    while a > 0 and text[a - 1] in _NUMBER_CHARS:
        a -= 1
    while b < len(text) and text[b] in _NUMBER_CHARS:
        b += 1
    if a > 0 and text[a - 1] == "-" and (a == 1 or text[a - 2] in _BEFORE) and text[a].isdigit():
        a -= 1
    whole = (a == 0 or text[a - 1] in _BEFORE) and (b == len(text) or text[b] in _AFTER)
    return (a, b) if whole and any(ch.isdigit() for ch in text[a:b]) else (start, end)


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
    """``entities`` with VALUE, RANGE and UNIT spans widened (see module docstring)."""
    out: list[Entity | None] = _joined_units(entities)
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
    return sorted((e for e in out if e is not None), key=lambda e: e.start)


def _joined_units(entities: Sequence[Entity]) -> list[Entity | None]:
    """``entities`` (in text order) with each run of touching UNIT spans made one."""
    out: list[Entity | None] = []
    for e in entities:
        last = out[-1] if out else None
        if e.label == "UNIT" and last is not None and last.label == "UNIT" and last.end == e.start:
            out[-1] = Entity("UNIT", last.start, e.end, last.text + e.text, last.line,
                             min(last.confidence, e.confidence))
        else:
            out.append(e)
    return out


def _trimmed(e: Entity, value_start: int, text: str) -> Entity | None:
    """``e`` cut back to end before a widened value (gone when nothing is left)."""
    if e.label != "BIOMARKER" or e.start >= value_start:
        return None
    kept = text[e.start:value_start].rstrip(" \t-")
    if not kept:
        return None
    return Entity(e.label, e.start, e.start + len(kept), kept, e.line, e.confidence)
