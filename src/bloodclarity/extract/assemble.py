"""Link labelled spans into raw results: which value, unit, range and flag belong to which name.

Pure functions over entities in text order. On each line, every VALUE opens a result; a UNIT,
FLAG or RANGE joins the value before it on the line when that result lacks one, else the value
after it (a unit printed before its value, "↑5.9"). A value takes the last BIOMARKER before it
on its line; with none there, a name after it on its line that no value follows (the value
printed first, "22.9 Anti-TG 0-40 IU/mL"); else the last BIOMARKER of up to
``NAME_LINES_ABOVE`` lines above (name line, method line, then result line). Two names on one
line give two results; one name followed by two values (% and absolute count) gives two
results with the same name.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

NAME_LINES_ABOVE = 3


@dataclass(frozen=True)
class Entity:
    """A labelled span of the input text."""

    label: str
    start: int
    end: int
    text: str
    line: int  # 0-based line of ``start``
    confidence: float = 1.0


@dataclass
class RawResult:
    """A value with the spans linked to it, before any rule is applied."""

    value: Entity
    name: Entity | None = None
    unit: Entity | None = None
    range: Entity | None = None
    flag: Entity | None = None
    extras: list[Entity] = field(default_factory=list)


def line_starts(text: str) -> list[int]:
    """Offsets where each line begins."""
    starts = [0]
    starts.extend(i + 1 for i, ch in enumerate(text) if ch == "\n")
    return starts


def make_entities(text: str, spans: Sequence[tuple[str, int, int, float]]) -> list[Entity]:
    """Entities (label, start, end, confidence) of ``text`` with their line numbers."""
    starts = line_starts(text)
    out = []
    line = 0
    for label, start, end, conf in sorted(spans, key=lambda s: s[1]):
        while line + 1 < len(starts) and starts[line + 1] <= start:
            line += 1
        out.append(Entity(label, start, end, text[start:end], line, conf))
    return out


_SLOT = {"UNIT": "unit", "RANGE": "range", "FLAG": "flag"}


def _attach_line(entities: list[Entity], text: str) -> list[RawResult]:
    """Results of one line (no names yet)."""
    results: list[RawResult] = []
    pending: list[Entity] = []  # attributes seen before the next value
    for e in entities:
        if e.label == "VALUE":
            result = RawResult(e)
            for p in pending:
                _put(result, p)
            pending = []
            results.append(result)
        elif e.label in _SLOT:
            last = results[-1] if results else None
            glued_before = (e.label == "FLAG" and e.end < len(text)
                            and not text[e.end].isspace())
            if last is not None and getattr(last, _SLOT[e.label]) is None and not glued_before:
                _put(last, e)
            else:
                pending.append(e)
        elif e.label == "BIOMARKER":
            pending = []
    if pending and results:
        for p in pending:
            _put(results[-1], p)
    return results


def _put(result: RawResult, e: Entity) -> None:
    slot = _SLOT[e.label]
    if getattr(result, slot) is None:
        setattr(result, slot, e)
    else:
        result.extras.append(e)


def _bare_name_after(value: Entity, names: list[Entity],
                     results: list[RawResult]) -> Entity | None:
    """The first name after ``value`` on its line, if no value of the line follows it."""
    after = next((n for n in names if n.start > value.start), None)
    if after is None or any(r.value.start > after.start for r in results):
        return None
    return after


def assemble(entities: Sequence[Entity], text: str) -> list[RawResult]:
    """Raw results of a document (see module docstring)."""
    by_line: dict[int, list[Entity]] = {}
    for e in entities:
        by_line.setdefault(e.line, []).append(e)
    results: list[RawResult] = []
    last_name: Entity | None = None
    for line in sorted(by_line):
        items = by_line[line]
        line_results = _attach_line(items, text)
        names = [e for e in items if e.label == "BIOMARKER"]
        for result in line_results:
            before = [n for n in names if n.start < result.value.start]
            if before:
                result.name = before[-1]
            elif (after := _bare_name_after(result.value, names, line_results)) is not None:
                result.name = after
            elif last_name is not None and line - last_name.line <= NAME_LINES_ABOVE:
                result.name = last_name
        if names:
            last_name = names[-1]
        results.extend(line_results)
    return results
