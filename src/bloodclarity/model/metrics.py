"""Token accuracy and entity-level precision, recall and F1 per label (seqeval's default
IOB2 chunking: an entity starts at B- or at an I- that does not continue the same label)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from bloodclarity.corpus.labels import ENTITY_LABELS


def chunks(tags: Sequence[str]) -> set[tuple[int, int, str]]:
    """(first token, last token + 1, label) of every entity in a tag sequence."""
    out: set[tuple[int, int, str]] = set()
    start, label = None, None
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, kind = tag.partition("-")
        continues = prefix == "I" and kind == label
        if start is not None and not continues:
            out.add((start, i, label))
            start, label = None, None
        if prefix == "B" or (prefix == "I" and not continues):
            start, label = i, kind
    return out


@dataclass
class NerScores:
    """Accumulates documents; ``report()`` gives the figures."""

    tokens: int = 0
    correct: int = 0
    tp: Counter = field(default_factory=Counter)
    fp: Counter = field(default_factory=Counter)
    fn: Counter = field(default_factory=Counter)

    def add(self, gold: Sequence[str], predicted: Sequence[str]) -> None:
        self.tokens += len(gold)
        self.correct += sum(g == p for g, p in zip(gold, predicted, strict=True))
        g, p = chunks(gold), chunks(predicted)
        for _, _, label in g & p:
            self.tp[label] += 1
        for _, _, label in p - g:
            self.fp[label] += 1
        for _, _, label in g - p:
            self.fn[label] += 1

    @staticmethod
    def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": p, "recall": r, "f1": f, "support": tp + fn}

    def report(self, labels: Iterable[str] = ENTITY_LABELS) -> dict[str, object]:
        per_label = {lab: self._prf(self.tp[lab], self.fp[lab], self.fn[lab]) for lab in labels}
        micro = self._prf(sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values()))
        return {"token_accuracy": self.correct / self.tokens if self.tokens else 0.0,
                "micro": micro, "per_label": per_label}
