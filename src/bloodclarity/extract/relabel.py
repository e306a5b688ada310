"""Spans the model labelled wrongly or left out, set right with the knowledge base.

- A FLAG or UNIT span that reads as no flag and no unit but as a test name is a name
  ("4.31 Potassium 3.5 - 5.1 mmol/L", "4.12 FT3 3.1 - 6.8 pmol/L"; the model took the word
  after a value for that value's flag or unit), and a one-word RANGE after a name that
  completes the name is part of it ("CA" + "19-9"), as is a VALUE after a name that is no
  name without it ("Partial pressure" + "O2").
- A name with no value of its own (no VALUE before it on its line, none after it before the
  next name) and an untagged number right after it on its line ("ANA: 2 titer") gets that
  number as its value, with confidence ``RULE_CONFIDENCE``: the model abstained, the rule did
  not. A number that completes the name ("CA" + "125") is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bloodclarity.extract.assemble import Entity
from bloodclarity.knowledge import KnowledgeBase
from bloodclarity.rules.flags import parse_flag
from bloodclarity.rules.names import match_name
from bloodclarity.rules.units import normalise_unit

RULE_CONFIDENCE = 0.5
_NUMBER_AFTER_NAME = re.compile(r"[ \t]*:?[ \t]*([<>≤≥]?[0-9]+(?:[.,][0-9]+)?)(?=[ \t)\n]|\Z)")


def is_misread_name(e: Entity, kb: KnowledgeBase) -> bool:
    """Whether a FLAG or UNIT span reads as no flag and no unit but as a test name."""
    if e.label not in ("FLAG", "UNIT") or (e.label == "FLAG" and parse_flag(e.text) is not None):
        return False
    if e.label == "UNIT":
        unit = normalise_unit(e.text, kb)
        if unit.ucum is not None or unit.candidates:
            return False
    match = match_name(e.text, kb)
    return bool(match.analytes) and match.method != "fuzzy"


def relabel(entities: Sequence[Entity], text: str, kb: KnowledgeBase) -> list[Entity]:
    """``entities`` (in text order) set right as the module docstring says."""
    named = _names_completed([Entity("BIOMARKER", e.start, e.end, e.text, e.line, e.confidence)
                              if is_misread_name(e, kb) else e for e in entities], text, kb)
    out: list[Entity] = []
    for i, e in enumerate(named):
        out.append(e)
        if e.label != "BIOMARKER" or _has_value(named, i + 1) or _value_before(named, i):
            continue
        limit = named[i + 1].start if i + 1 < len(named) else len(text)
        m = _NUMBER_AFTER_NAME.match(text, e.end, limit)
        if m is not None and not match_name(f"{e.text} {m.group(1)}", kb).analytes:
            out.append(Entity("VALUE", m.start(1), m.end(1), m.group(1), e.line, RULE_CONFIDENCE))
    return out


def _names_completed(entities: list[Entity], text: str, kb: KnowledgeBase) -> list[Entity]:
    """A name followed, after spaces, by a one-word RANGE that completes it ("CA" + "19-9")
    takes that word; so does a name that is no name without the VALUE after it ("Partial
    pressure" + "O2")."""
    out: list[Entity] = []
    for e in entities:
        last = out[-1] if out else None
        if (last is not None and last.label == "BIOMARKER" and e.label in ("RANGE", "VALUE")
                and e.line == last.line and not text[last.end:e.start].strip(" \t")
                and not any(ch.isspace() for ch in e.text)
                and (e.label == "RANGE" or not match_name(last.text, kb).analytes)):
            joined = text[last.start:e.end]
            match = match_name(joined, kb)
            if match.analytes and match.method != "fuzzy":
                out[-1] = Entity("BIOMARKER", last.start, e.end, joined, last.line,
                                 min(last.confidence, e.confidence))
                continue
        out.append(e)
    return out


def _value_before(entities: Sequence[Entity], i: int) -> bool:
    """Whether a VALUE comes before ``entities[i]`` on its line, after any other name there
    ("4.31 Potassium")."""
    for e in reversed(entities[:i]):
        if e.line != entities[i].line or e.label == "BIOMARKER":
            return False
        if e.label == "VALUE":
            return True
    return False


def _has_value(entities: Sequence[Entity], start: int) -> bool:
    """Whether a VALUE comes from ``entities[start]`` on, before the next name."""
    for e in entities[start:]:
        if e.label == "BIOMARKER":
            return False
        if e.label == "VALUE":
            return True
    return False
