"""Build a report's text piece by piece, keeping every labelled span exact under noise."""

from __future__ import annotations

from collections.abc import Callable

from bloodclarity.corpus.labels import Span

Mutator = Callable[[str, str | None], str]


class ReportBuilder:
    """Appends text pieces; a labelled piece becomes a :class:`Span` over its final text.

    ``mutate(text, label)`` (OCR-style noise) is applied to each piece *before* it is placed,
    so spans always cover exactly the characters that end up in the text.
    """

    def __init__(self, mutate: Mutator | None = None) -> None:
        self._pieces: list[str] = []
        self._length = 0
        self._mutate = mutate
        self.spans: list[Span] = []

    def add(self, text: str, label: str | None = None) -> tuple[int | None, str]:
        """Append ``text``; return (span index or None, the text as placed)."""
        if self._mutate is not None and text and text != "\n":
            text = self._mutate(text, label)
        index = None
        if label is not None and text:
            stripped = text.strip()
            lead = len(text) - len(text.lstrip())
            start = self._length + lead
            self.spans.append(Span(start, start + len(stripped), label))
            index = len(self.spans) - 1
            text_placed = stripped
        else:
            text_placed = text
        self._pieces.append(text)
        self._length += len(text)
        return index, text_placed

    def newline(self) -> None:
        self.add("\n")

    @property
    def column(self) -> int:
        """Characters since the last newline (for aligning columns)."""
        tail = "".join(self._pieces[-8:])
        cut = tail.rfind("\n")
        if cut >= 0:
            return len(tail) - cut - 1
        text = self.text
        return len(text) - text.rfind("\n") - 1

    def pad_to(self, column: int, minimum: int = 1) -> None:
        """Spaces up to ``column`` (at least ``minimum``)."""
        self.add(" " * max(minimum, column - self.column))

    @property
    def text(self) -> str:
        return "".join(self._pieces)
