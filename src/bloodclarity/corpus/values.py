"""Draw realistic values and reference ranges for an analyte, always in the printed unit."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from bloodclarity.knowledge import Analyte, Interval, KnowledgeBase
from bloodclarity.rules.conversion import convert
from bloodclarity.rules.plausibility import check_plausible

ABNORMAL_RATE = 0.30
CRITICAL_SHARE = 0.15


@dataclass(frozen=True)
class DrawnValue:
    """A value rounded to ``decimals`` with its truth: normal, high, low, critical high/low."""

    value: float
    decimals: int
    status: str  # "normal", "high", "low", "critical_high", "critical_low"


def interval_in_unit(kb: KnowledgeBase, analyte: Analyte, unit: str, sex: str | None) -> Interval:
    """The analyte's reference interval for ``sex`` converted to ``unit``; converted bounds
    are rounded to two significant digits, as laboratories print them (84.6 -> 85)."""
    iv = analyte.reference_interval.for_sex(sex)

    def conv(x: float | None) -> float | None:
        if x is None:
            return None
        y = convert(kb, analyte, x, analyte.si_unit, unit)
        return y if unit == analyte.si_unit or y == 0 else _two_digits(y)

    low, high = conv(iv.low), conv(iv.high)
    if low is not None and high is not None and low > high:  # a decreasing affine map
        low, high = high, low
    return Interval(low, high)


def _two_digits(x: float) -> float:
    return round(x, 1 - math.floor(math.log10(abs(x))))


def decimals_for(bounds: Interval) -> int:
    """Decimals a laboratory typically prints for values of this magnitude."""
    top = abs(bounds.high or bounds.low or 1.0)
    for limit, decimals in ((0.1, 3), (1, 2), (10, 1), (30, 1), (100, 0)):
        if top < limit:
            return decimals
    return 0


def round_to(x: float, decimals: int) -> float:
    return round(x, decimals) if decimals else float(round(x))


def draw_value(
    rng: random.Random,
    kb: KnowledgeBase,
    analyte: Analyte,
    unit: str,
    bounds: Interval,
    decimals: int,
    *,
    abnormal_rate: float = ABNORMAL_RATE,
) -> DrawnValue:
    """A value in ``unit``: inside ``bounds`` with probability 1 - ``abnormal_rate``.

    Abnormal values fall on either side (when the side exists), a share of them critical;
    every value returned passes the plausibility check in ``unit``.
    """
    pl = analyte.plausible
    pmin = convert(kb, analyte, pl.min, analyte.si_unit, unit)
    pmax = convert(kb, analyte, pl.max, analyte.si_unit, unit)
    pmin, pmax = min(pmin, pmax), max(pmin, pmax)
    high = bounds.high
    low = bounds.low if bounds.low is not None else max(pmin, (high or 0) * 0.25)
    if high is None:
        high = min(pmax, low * 2.2 + 1e-9)
    width = high - low
    for _ in range(20):
        status = "normal"
        if rng.random() < abnormal_rate:
            sides = [s for s, ok in (("high", bounds.high is not None),
                                     ("low", bounds.low is not None and bounds.low > 0)) if ok]
            status = rng.choice(sides) if sides else "normal"
        critical = rng.random() < CRITICAL_SHARE
        if status == "normal":
            x = rng.uniform(low, high)
        elif status == "high":
            if bounds.low is None:  # one-sided markers (CRP, troponin) rise many-fold
                x = high * (rng.uniform(3.0, 20.0) if critical else rng.uniform(1.05, 3.0))
            else:
                x = high + width * (rng.uniform(1.0, 4.0) if critical else rng.uniform(0.03, 1.0))
            x = min(x, pmax * 0.9)
            status = "critical_high" if critical else "high"
        else:
            x = low - width * (rng.uniform(0.6, 1.5) if critical else rng.uniform(0.03, 0.6))
            x = max(x, pmin, low * 0.1)
            status = "critical_low" if critical else "low"
        value = round_to(x, decimals)
        if value <= 0 and low > 0:
            continue
        if status != "normal" and _inside(value, bounds):
            continue  # rounding moved it back inside
        if status == "normal" and not _inside(value, bounds):
            continue
        if check_plausible(value, unit, analyte, kb).ok:
            return DrawnValue(value, decimals, status)
    middle = round_to((low + high) / 2, decimals)
    return DrawnValue(middle, decimals, "normal")


def _inside(value: float, bounds: Interval) -> bool:
    return (bounds.low is None or value >= bounds.low) and (
        bounds.high is None or value <= bounds.high)


def format_number(value: float, decimals: int, *, decimal: str = ".",
                  thousands: str | None = None) -> str:
    """``value`` with ``decimals`` decimals, the locale's decimal mark and thousands separator."""
    text = f"{value:,.{decimals}f}" if thousands else f"{value:.{decimals}f}"
    if thousands:
        text = text.replace(",", "\0").replace(".", decimal).replace("\0", thousands)
    else:
        text = text.replace(".", decimal)
    return text
