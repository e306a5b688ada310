"""Context-aware unit inference for a value printed without a unit.

Each of the analyte's units is tried in three tiers: the *normal* range (the reference
interval; a one-sided interval is closed at ``ONE_SIDED_SPAN`` times its bound), the *likely*
range (the interval widened by ``LOW_WIDEN`` and ``HIGH_WIDEN``), then the plausibility
limits. The first tier that admits exactly one reading wins; units that differ only in name (IU/L and U/L for an
enzyme) count as one reading. Two readings in the same tier give no unit and "ambiguous".
"""

from __future__ import annotations

from dataclasses import dataclass

from bloodclarity.knowledge import Analyte, KnowledgeBase
from bloodclarity.rules.conversion import conversion

LOW_WIDEN = 2.0
HIGH_WIDEN = 4.0
ONE_SIDED_SPAN = 10.0


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


def infer_unit(value: float, analyte: Analyte, kb: KnowledgeBase) -> UnitInference:
    """Pick the analyte unit whose range holds ``value``; refuse when two readings fit."""
    pl = analyte.plausible
    if pl is None:
        return UnitInference(None, f"{analyte.name} has no plausibility limits")
    readings: dict[tuple[float, float], str] = {}
    for unit in analyte.units:
        m = conversion(kb, analyte, unit, analyte.si_unit)
        readings.setdefault((round(m.factor, 12), round(m.offset, 12)), unit)
    tiers = [("normal", _normal_range(analyte)), ("likely", _likely_range(analyte)),
             ("plausible", (pl.min, pl.max))]
    for tier, bounds in tiers:
        if bounds is None:
            continue
        fits = [u for (f, o), u in readings.items() if bounds[0] <= f * value + o <= bounds[1]]
        if len(fits) == 1:
            return UnitInference(fits[0], f"only {fits[0]} gives a {tier} value")
        if len(fits) > 1:
            return UnitInference(None, f"ambiguous: {value:g} fits {' and '.join(fits)}")
    return UnitInference(None, f"no unit of {analyte.name} makes {value:g} plausible")
