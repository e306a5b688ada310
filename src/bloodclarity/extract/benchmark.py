"""Scores on the third-party records of ../shared/benchmarks/bloodclarity-synthetic.

Their ``expected`` items name the reference system's analyte ids (``neutrophils`` covers our
``neutrophils_pct`` and ``neutrophils_abs``; its ``urea`` lists "Blood Urea Nitrogen" among its
names, so it covers our ``bun``). A result matches an expected item when the
analyte and the value agree (name+value); unit accuracy is counted on matched items whose unit
fits the numbers (``unit_fits_numbers``), as that benchmark's README asks.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from bloodclarity.knowledge import KnowledgeBase
from bloodclarity.rules.units import normalise_unit
from bloodclarity.schema import Report

WIDER_IDS = {"urea": ("bun",)}


def same_analyte(ours: str | None, theirs: str) -> bool:
    return ours is not None and (ours == theirs or ours.rsplit("_", 1)[0] == theirs
                                 or ours in WIDER_IDS.get(theirs, ()))


def score_benchmark(pairs: Sequence[tuple[dict[str, Any], Report]],
                    kb: KnowledgeBase) -> dict[str, Any]:
    expected = extracted = matched = unit_total = unit_right = 0
    fits = {True: [0, 0], False: [0, 0]}  # unit fits the numbers -> [expected, matched]
    for record, report in pairs:
        results = list(report.results)
        extracted += len(results)
        for item in record["expected"]:
            expected += 1
            group = fits[bool(item.get("unit_fits_numbers"))]
            group[0] += 1
            hit = next((r for r in results if same_analyte(r.biomarker, item["biomarker"])
                        and r.value is not None
                        and math.isclose(r.value, item["value"], rel_tol=1e-6)), None)
            if hit is None:
                continue
            results.remove(hit)
            matched += 1
            group[1] += 1
            if item.get("unit_fits_numbers") and item.get("unit"):
                unit_total += 1
                unit_right += hit.ucum is not None and hit.ucum == normalise_unit(
                    item["unit"], kb).ucum
    precision = matched / extracted if extracted else 0.0
    recall = matched / expected if expected else 0.0
    return {"texts": len(pairs), "expected": expected, "extracted": extracted,
            "name_value_matches": matched, "precision": precision, "recall": recall,
            "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
            "unit_accuracy_where_unit_fits": unit_right / unit_total if unit_total else None,
            "recall_where_unit_fits": fits[True][1] / fits[True][0] if fits[True][0] else None,
            "recall_where_unit_does_not_fit":
                fits[False][1] / fits[False][0] if fits[False][0] else None}
