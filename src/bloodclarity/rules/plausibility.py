"""Biological plausibility: is a value, in its unit, compatible with life for this analyte?"""

from __future__ import annotations

import math
from dataclasses import dataclass

from bloodclarity.knowledge import Analyte, KnowledgeBase
from bloodclarity.rules.conversion import ConversionError, convert


@dataclass(frozen=True)
class Verdict:
    """``ok`` with the value in the SI unit, or not ok with a one-line ``reason``."""

    ok: bool
    si_value: float | None = None
    reason: str | None = None


def check_plausible(
    value: float,
    unit: str,
    analyte: Analyte,
    kb: KnowledgeBase,
    *,
    comparator: str | None = None,
) -> Verdict:
    """Convert ``value`` from ``unit`` (UCUM) to SI and test it against the analyte's limits.

    A censored value ("<0.5", ">90") is plausible when some value it admits lies within limits.
    """
    limits = analyte.plausible
    try:
        si = convert(kb, analyte, value, unit, analyte.si_unit)
    except ConversionError:
        return Verdict(False, None, f"unit {unit} does not fit {analyte.name}")
    if limits is None:
        return Verdict(True, si)
    low, high = si, si
    if comparator in ("<", "<="):
        low = -math.inf
    elif comparator in (">", ">="):
        high = math.inf
    if high < limits.min or low > limits.max:
        return Verdict(
            False, si,
            f"{value:g} {unit} = {si:.4g} {analyte.si_unit} is outside the plausible range "
            f"{limits.min:g}-{limits.max:g} {analyte.si_unit} for {analyte.name}",
        )
    return Verdict(True, si)
