"""Context-aware unit inference for a value printed without a unit.

The printed reference range speaks first: read through the unit that the laboratory used, it
lands near the analyte's reference interval ("20 a 50" is a vitamin D range in ng/mL, not in
nmol/L). A reading whose range is within ``RANGE_FIT`` of the interval, better than every other
reading by ``RANGE_MARGIN`` (both as a ratio), wins. The same measure picks between analytes
that share a name (:func:`range_misfit`: "Basos 0.032 (0.020-0.100)" is an absolute count).

Without a telling range, each of the analyte's units is tried in three tiers: the *normal* range (the reference
interval; a one-sided interval is closed at ``ONE_SIDED_SPAN`` times its bound), the *likely*
range (the interval widened by ``LOW_WIDEN`` and ``HIGH_WIDEN``), then the plausibility
limits. The first tier that admits exactly one reading wins; units that differ only in name (IU/L and U/L for an
enzyme) count as one reading. Two readings in the same tier give no unit and "ambiguous".
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

from bloodclarity.knowledge import Analyte, KnowledgeBase
from bloodclarity.rules.conversion import conversion

LOW_WIDEN = 2.0
HIGH_WIDEN = 4.0
ONE_SIDED_SPAN = 10.0
RANGE_FIT = 3.0
RANGE_MARGIN = 1.5


@dataclass(frozen=True)
class UnitInference:
    """The inferred UCUM unit, or None with the reason ("ambiguous: ...", "no unit fits")."""

    unit: str | None
    reason: str


def _normal_range(analyte: Analyte) -> tuple[float, float] | None:
    ri = analyte.reference_interval
    if ri is None or (ri.low is None and ri.high is None):
        return None
    low = ri.high / ONE_SIDED_SPAN if ri.low is None else ri.low
    high = ri.low * ONE_SIDED_SPAN if ri.high is None else ri.high
    return low, high


def _likely_range(analyte: Analyte) -> tuple[float, float] | None:
    ri, pl = analyte.reference_interval, analyte.plausible
    if ri is None or pl is None:
        return None
    low = pl.min if ri.low is None else max(pl.min, ri.low / LOW_WIDEN)
    high = pl.max if ri.high is None else min(pl.max, ri.high * HIGH_WIDEN)
    return low, high


@cache
def readings(analyte: Analyte, kb: KnowledgeBase) -> dict[tuple[float, float], str]:
    """The analyte's units by their map to SI (factor, offset); same-map units count once.
    Computed once per analyte; do not change the returned dict."""
    out: dict[tuple[float, float], str] = {}
    for unit in analyte.units:
        m = conversion(kb, analyte, unit, analyte.si_unit)
        out.setdefault((round(m.factor, 12), round(m.offset, 12)), unit)
    return out


def range_misfit(low: float | None, high: float | None, unit: str, analyte: Analyte,
                 kb: KnowledgeBase) -> float | None:
    """How far a printed range read in ``unit`` lies from the analyte's reference interval:
    the largest ratio between matching bounds (1.0 is a perfect fit); None when no bound of
    both is positive, so nothing can be compared."""
    ri = analyte.reference_interval
    if ri is None:
        return None
    m = conversion(kb, analyte, unit, analyte.si_unit)
    ratios = [math.exp(abs(math.log(si / ref)))
              for printed, ref in ((low, ri.low), (high, ri.high))
              if printed is not None and ref is not None and ref > 0
              and (si := m.factor * printed + m.offset) > 0]
    return max(ratios) if ratios else None


def best_fit(scored: list[tuple[float, str]]) -> str | None:
    """The item whose misfit is within ``RANGE_FIT`` and clearly the lowest, else None."""
    ranked = sorted(scored)
    if not ranked or ranked[0][0] > RANGE_FIT:
        return None
    if len(ranked) > 1 and ranked[1][0] < ranked[0][0] * RANGE_MARGIN:
        return None
    return ranked[0][1]


def unit_by_range(low: float | None, high: float | None, analyte: Analyte,
                  kb: KnowledgeBase) -> str | None:
    """The analyte unit in which the printed range fits the reference interval, if clear."""
    scored = [(misfit, unit) for unit in readings(analyte, kb).values()
              if (misfit := range_misfit(low, high, unit, analyte, kb)) is not None]
    return best_fit(scored)


def _tiers(analyte: Analyte) -> list[tuple[str, tuple[float, float] | None]]:
    """The normal, likely and plausible ranges of the analyte in SI (None where unknown)."""
    pl = analyte.plausible
    return [("normal", _normal_range(analyte)), ("likely", _likely_range(analyte)),
            ("plausible", None if pl is None else (pl.min, pl.max))]


def value_tier(value: float, unit: str, analyte: Analyte, kb: KnowledgeBase) -> int | None:
    """How typical ``value`` read in ``unit`` is for the analyte: 0 normal, 1 likely,
    2 plausible (the tiers above), None when not even plausible."""
    m = conversion(kb, analyte, unit, analyte.si_unit)
    si = m.factor * value + m.offset
    return next((k for k, (_, b) in enumerate(_tiers(analyte))
                 if b is not None and b[0] <= si <= b[1]), None)


def infer_unit(value: float, analyte: Analyte, kb: KnowledgeBase,
               printed_range: tuple[float | None, float | None] | None = None) -> UnitInference:
    """Pick the analyte unit that the printed range, or else the value, points to; refuse
    when two readings fit."""
    pl = analyte.plausible
    if pl is None:
        return UnitInference(None, f"{analyte.name} has no plausibility limits")
    maps = {unit: key for key, unit in readings(analyte, kb).items()}
    if printed_range is not None:
        unit = unit_by_range(*printed_range, analyte, kb)
        if unit is not None and pl.min <= maps[unit][0] * value + maps[unit][1] <= pl.max:
            return UnitInference(unit, f"the printed range fits {unit}")
    for tier, bounds in _tiers(analyte):
        if bounds is None:
            continue
        fits = [u for u, (f, o) in maps.items() if bounds[0] <= f * value + o <= bounds[1]]
        if len(fits) == 1:
            return UnitInference(fits[0], f"only {fits[0]} gives a {tier} value")
        if len(fits) > 1:
            return UnitInference(None, f"ambiguous: {value:g} fits {' and '.join(fits)}")
    return UnitInference(None, f"no unit of {analyte.name} makes {value:g} plausible")
