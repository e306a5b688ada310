"""Which number on a row is the current result when a table also prints a previous one.

A column header that names a result column ("Ergebnis", "Result") and a previous-result column
("Vorwert", "Previous") governs the rows below it, up to a blank line or the next header. On
those rows a VALUE found under the previous column moves to the number under the result
column, or is dropped when that cell is empty: an earlier result is never the current one.
A row with a name but no VALUE (the model abstains when two numbers compete) gets the number
under the result column.
Columns are cells between "|" or tabs when the header has them, else character positions (the
header word that starts nearest). The words are the lexicon's ``columns`` lists.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from bloodclarity.extract.assemble import Entity, line_starts
from bloodclarity.rules.lexicon import available_languages, fold, read_language
from bloodclarity.rules.names import repair_ocr_letters

_NUMBER = re.compile(r"(?<![\w.,])[<>≤≥]?\d+(?:[.,]\d+)?(?![\w.,])")


@dataclass(frozen=True)
class ColumnHeader:
    """Positions (character offsets, or cell indexes when ``cells``) of the two columns."""

    result: int
    previous: int | None
    cells: bool


@cache
def _fold_char(ch: str) -> str:
    return (fold(ch) or ch)[:1]


def _fold_each(text: str) -> str:
    """``text`` folded one character at a time, so offsets stay those of ``text``."""
    return "".join(map(_fold_char, text))


@cache
def _column_words() -> tuple[re.Pattern[str], re.Pattern[str]]:
    words: dict[str, set[str]] = {"result": set(), "previous": set()}
    for code in available_languages():
        for kind, phrases in read_language(code)["columns"].items():
            words[kind].update(_fold_each(p) for p in phrases)

    def pattern(phrases: set[str]) -> re.Pattern[str]:
        alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
        return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")

    return pattern(words["result"]), pattern(words["previous"])


def _position(line: str, offset: int, cells: bool) -> int:
    return len(re.findall(r"[|\t]", line[:offset])) if cells else offset


def find_header(line: str) -> ColumnHeader | None:
    """The result and previous-result columns a header line names, or None when it names no
    result column. Digits OCR read for letters are read as letters ("V0rbefund")."""
    result_words, previous_words = _column_words()
    folded = repair_ocr_letters(_fold_each(line))
    previous = previous_words.search(folded)
    if previous is not None:  # "Resultado anterior" is no result column
        folded = folded[:previous.start()] + " " * len(previous.group()) + folded[previous.end():]
    result = result_words.search(folded)
    if result is None:
        return None
    cells = bool(re.search(r"[|\t]", line))
    return ColumnHeader(_position(line, result.start(), cells),
                        None if previous is None else _position(line, previous.start(), cells),
                        cells)


def _column(header: ColumnHeader, line: str, offset: int) -> str:
    """"result" or "previous": the column of the cell at ``offset``."""
    at = _position(line, offset, header.cells)
    if header.cells:
        return "previous" if at == header.previous else "result" if at == header.result else ""
    return "previous" if abs(at - header.previous) < abs(at - header.result) else "result"


def governing_headers(text: str) -> dict[int, ColumnHeader]:
    """0-based line -> the header with a previous-result column that governs it."""
    governed: dict[int, ColumnHeader] = {}
    header = None
    for i, line in enumerate(text.split("\n")):
        found = find_header(line) if line.strip() else None
        if not line.strip() or found is not None:
            header = found if found is not None and found.previous is not None else None
        elif header is not None:
            governed[i] = header
    return governed


def current_values(entities: Sequence[Entity], text: str) -> list[Entity]:
    """``entities`` with each VALUE of a previous-result column moved or dropped (see module
    docstring)."""
    governed = governing_headers(text)
    if not governed:
        return list(entities)
    lines, starts = text.split("\n"), line_starts(text)
    values = {e.start for e in entities if e.label == "VALUE"}
    out = []
    for e in entities:
        header = governed.get(e.line)
        line = lines[e.line] if header else ""
        if header is None or e.label != "VALUE" or _column(
                header, line, e.start - starts[e.line]) != "previous":
            out.append(e)
            continue
        current = [m for m in _NUMBER.finditer(line) if _column(header, line, m.start()) == "result"]
        if current and starts[e.line] + current[0].start() not in values:
            start, end = starts[e.line] + current[0].start(), starts[e.line] + current[0].end()
            out.append(Entity("VALUE", start, end, text[start:end], e.line, e.confidence))
    out.extend(_values_of_named_rows(out, text, lines, starts, governed))
    return sorted(out, key=lambda x: x.start)


def _values_of_named_rows(entities: Sequence[Entity], text: str, lines: list[str],
                          starts: list[int], governed: dict[int, ColumnHeader]) -> list[Entity]:
    """A VALUE for each governed row with a BIOMARKER and no VALUE: the first number under the
    result column that no other span holds."""
    by_line: dict[int, list[Entity]] = {}
    for e in entities:
        by_line.setdefault(e.line, []).append(e)
    added = []
    for i, row in by_line.items():
        header = governed.get(i)
        names = [e for e in row if e.label == "BIOMARKER"]
        if header is None or not names or any(e.label == "VALUE" for e in row):
            continue
        for m in _NUMBER.finditer(lines[i]):
            start, end = starts[i] + m.start(), starts[i] + m.end()
            free = all(end <= e.start or e.end <= start for e in row)
            if free and start >= names[0].end and _column(header, lines[i], m.start()) == "result":
                added.append(Entity("VALUE", start, end, text[start:end], i, names[0].confidence))
                break
    return added
