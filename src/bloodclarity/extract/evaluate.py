"""Record-level accuracy of extracted reports against a corpus's expected records.

A record is right when its name maps to the right analyte and its value, comparator and unit
(UCUM) are right, and, where the report prints them, its range and flag. Two spellings of the
same quantity (10*9/L and 10*3/uL, ug/L and ng/mL) are the same unit. A record whose printed
value is implausible is right when it lands in ``rejected``. Expected records are paired with
extracted results on the same line (same analyte first, else same value); for rendered
documents, whose lines are the reader's, on any line (``by_line=False``).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from bloodclarity.extract.assemble import line_starts
from bloodclarity.knowledge import KnowledgeBase
from bloodclarity.rules.conversion import ConversionError, conversion
from bloodclarity.schema import Report, Result

FIELDS = ("analyte", "value", "unit", "range", "flag")


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def expected_line(report: dict[str, Any], record: dict[str, Any]) -> int:
    """1-based line of an expected record's value."""
    start = report["entities"][record["entities"]["VALUE"]]["start"]
    starts = line_starts(report["text"])
    return next(i for i in range(len(starts) - 1, -1, -1) if starts[i] <= start) + 1


def same_unit(got: str | None, expected: str, analyte: str, kb: KnowledgeBase) -> bool:
    """Whether ``got`` names the same quantity as ``expected`` for ``analyte`` (factor 1)."""
    if got is None or got == expected:
        return got == expected
    try:
        m = conversion(kb, kb[analyte], got, expected)
    except (ConversionError, KeyError):
        return False
    return _same(m.factor, 1.0) and m.offset == 0


def field_checks(expected: dict[str, Any], got: Result, kb: KnowledgeBase) -> dict[str, bool]:
    rng = expected["reference_range"]
    checks = {
        "analyte": got.biomarker == expected["analyte"],
        "value": _same(got.value, expected["value"]) and got.comparator == expected["comparator"],
        "unit": expected["qualitative"] or same_unit(got.ucum, expected["ucum"],
                                                     expected["analyte"], kb),
    }
    if rng is not None:
        got_rng = got.reference_range
        checks["range"] = got_rng is not None and _same(got_rng.low, rng["low"]) and _same(
            got_rng.high, rng["high"])
    if expected["flag"] is not None:
        checks["flag"] = got.flag == expected["flag"]
    return checks


@dataclass
class RecordScores:
    """Accumulated record-level figures over many reports."""

    expected: int = 0
    extracted: int = 0
    correct: int = 0
    correct_rejections: int = 0
    by_line: bool = True
    field_right: Counter = field(default_factory=Counter)
    field_total: Counter = field(default_factory=Counter)

    def add(self, corpus_report: dict[str, Any], report: Report, kb: KnowledgeBase) -> None:
        records = [r for r in corpus_report["records"] if r["value_text"] is not None]
        self.expected += len(records)
        self.extracted += len(report.results)
        pools = {False: list(report.results), True: list(report.rejected)}
        for rec in records:
            pool = pools[bool(rec.get("implausible"))]
            line = expected_line(corpus_report, rec)
            same_line = [r for r in pool if r.line == line or not self.by_line]
            got = next((r for r in same_line if r.biomarker == rec["analyte"]), None) or next(
                (r for r in same_line if r.value_text.strip() == rec["value_text"]), None)
            if got is None:
                for f in FIELDS:
                    if f in ("analyte", "value", "unit") or (f == "range" and rec[
                            "reference_range"]) or (f == "flag" and rec["flag"]):
                        self.field_total[f] += 1
                continue
            pool.remove(got)
            checks = field_checks(rec, got, kb)
            for f, ok in checks.items():
                self.field_total[f] += 1
                self.field_right[f] += ok
            if all(checks.values()):
                self.correct += 1
                self.correct_rejections += bool(rec.get("implausible"))

    def summary(self) -> dict[str, Any]:
        kept = self.correct - self.correct_rejections
        precision = kept / self.extracted if self.extracted else 0.0
        recall = self.correct / self.expected if self.expected else 0.0
        return {
            "expected_records": self.expected, "extracted_results": self.extracted,
            "correct_records": self.correct, "correct_rejections": self.correct_rejections,
            "record_accuracy": recall,
            "precision": precision, "recall": recall,
            "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
            "field_accuracy": {f: self.field_right[f] / self.field_total[f]
                               for f in FIELDS if self.field_total[f]},
        }


def score_reports(pairs: Sequence[tuple[dict[str, Any], Report]], kb: KnowledgeBase, *,
                  by_line: bool = True) -> dict[str, Any]:
    scores = RecordScores(by_line=by_line)
    for corpus_report, report in pairs:
        scores.add(corpus_report, report, kb)
    return scores.summary()
