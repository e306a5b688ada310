"""Exact unit conversion for one analyte: dimension scales, molar mass, explicit conversions.

A conversion is an affine map ``y = factor × x + offset``. Between two units of an analyte the
map is found by a breadth-first walk over three kinds of edges:

* same dimension: the ratio of the units' scales (mg/dL -> g/L);
* mass <-> substance concentration through the analyte's molar mass;
* the analyte's explicit conversions (HbA1c %, mEq/L, IU <-> mass) and their inverses.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, replace

from bloodclarity.knowledge import Analyte, KnowledgeBase
from bloodclarity.schema import Converted, Result

MASS = "mass_concentration"
SUBSTANCE = "substance_concentration"


class ConversionError(ValueError):
    """Raised when no conversion exists between two units for an analyte."""


@dataclass(frozen=True)
class Affine:
    """``y = factor × x + offset``."""

    factor: float
    offset: float = 0.0

    def __call__(self, x: float) -> float:
        return self.factor * x + self.offset

    def then(self, other: Affine) -> Affine:
        """This map followed by ``other``."""
        return Affine(self.factor * other.factor, other.factor * self.offset + other.offset)

    def inverse(self) -> Affine:
        return Affine(1.0 / self.factor, -self.offset / self.factor)


def direct_edge(kb: KnowledgeBase, analyte: Analyte, src: str, dst: str) -> Affine | None:
    """The one-step map from ``src`` to ``dst`` for ``analyte``, or None."""
    for c in analyte.conversions:
        if (c.from_unit, c.to_unit) == (src, dst):
            return Affine(c.factor, c.offset)
        if (c.from_unit, c.to_unit) == (dst, src):
            return Affine(c.factor, c.offset).inverse()
    a, b = kb.units.get(src), kb.units.get(dst)
    if a is None or b is None:
        return None
    if a.dimension == b.dimension:
        return Affine(a.scale / b.scale)
    if analyte.molar_mass and {a.dimension, b.dimension} == {MASS, SUBSTANCE}:
        per_mole = analyte.molar_mass if a.dimension == SUBSTANCE else 1.0 / analyte.molar_mass
        return Affine(a.scale * per_mole / b.scale)
    return None


def conversion(kb: KnowledgeBase, analyte: Analyte, src: str, dst: str) -> Affine:
    """The map from ``src`` to ``dst`` through the analyte's own units (shortest path)."""
    if src == dst:
        return Affine(1.0)
    nodes = list(dict.fromkeys([src, *analyte.units, dst]))
    queue: deque[tuple[str, Affine]] = deque([(src, Affine(1.0))])
    seen = {src}
    while queue:
        unit, acc = queue.popleft()
        for nxt in nodes:
            if nxt in seen:
                continue
            edge = direct_edge(kb, analyte, unit, nxt)
            if edge is None:
                continue
            if nxt == dst:
                return acc.then(edge)
            seen.add(nxt)
            queue.append((nxt, acc.then(edge)))
    raise ConversionError(f"{analyte.id}: no conversion from {src} to {dst}")


def convert(kb: KnowledgeBase, analyte: Analyte, value: float, src: str, dst: str) -> float:
    """``value`` in ``src`` expressed in ``dst`` for ``analyte``."""
    return conversion(kb, analyte, src, dst)(value)


def system_unit(analyte: Analyte, system: str) -> str:
    """The analyte's unit in ``system`` ("si" or "conventional")."""
    return analyte.si_unit if system == "si" else analyte.conventional_unit


def to_system(
    kb: KnowledgeBase, analyte: Analyte, value: float, unit: str, system: str
) -> tuple[float, str]:
    """``value`` in ``unit`` expressed in the analyte's unit of ``system``."""
    target = system_unit(analyte, system)
    return convert(kb, analyte, value, unit, target), target


def with_system(result: Result, system: str, kb: KnowledgeBase) -> Result:
    """``result`` with ``converted`` set to its value in ``system``; the printed value and
    unit are kept. Results without analyte, value or UCUM unit are returned unchanged."""
    if result.biomarker is None or result.value is None or result.ucum is None:
        return result
    analyte = kb[result.biomarker]
    try:
        value, unit = to_system(kb, analyte, result.value, result.ucum, system)
    except ConversionError:
        return result
    return replace(result, converted=Converted(system, value, unit))
