"""Typed, read-only view of ``data/knowledge_base.json`` (see docs/knowledge-base.md)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

KB_RESOURCE = "knowledge_base.json"


@dataclass(frozen=True)
class Unit:
    """A UCUM unit: its dimension, its factor to the dimension's base unit, printed spellings."""

    code: str
    dimension: str
    scale: float
    spellings: tuple[str, ...]


@dataclass(frozen=True)
class Conversion:
    """An explicit conversion ``to = from × factor + offset`` between two units of an analyte."""

    from_unit: str
    to_unit: str
    factor: float
    offset: float = 0.0
    source: str = ""


@dataclass(frozen=True)
class Interval:
    low: float | None
    high: float | None


@dataclass(frozen=True)
class ReferenceInterval:
    """A typical adult reference interval in ``unit``, sex-specific where it differs."""

    unit: str
    low: float | None
    high: float | None
    male: Interval | None
    female: Interval | None
    source: str

    def for_sex(self, sex: str | None) -> Interval:
        """The interval for ``sex`` ("male"/"female"), or the one spanning both."""
        specific = {"male": self.male, "female": self.female}.get(sex or "")
        return specific or Interval(self.low, self.high)


@dataclass(frozen=True)
class Plausible:
    """The widest values compatible with life, in ``unit``."""

    unit: str
    min: float
    max: float
    note: str = ""


@dataclass(frozen=True)
class LoincCode:
    code: str
    name: str
    unit: str | None = None


@dataclass(frozen=True, eq=False)
class Analyte:
    """One measurable analyte (biomarker) and everything the rules need about it."""

    id: str
    name: str
    category: str
    specimen: str
    result_type: str
    loinc: tuple[LoincCode, ...]
    aliases: dict[str, tuple[str, ...]]
    ambiguous_aliases: frozenset[str]
    units: tuple[str, ...]
    si_unit: str
    conventional_unit: str
    molar_mass: float | None
    conversions: tuple[Conversion, ...]
    reference_interval: ReferenceInterval | None
    plausible: Plausible | None

    def all_aliases(self) -> list[str]:
        """Every alias in every language, in file order, without repeats."""
        return list(dict.fromkeys(a for names in self.aliases.values() for a in names))

    def loinc_for(self, unit: str | None) -> LoincCode | None:
        """The LOINC code fitting ``unit`` (mass vs moles), else the first one."""
        for code in self.loinc:
            if unit is not None and code.unit == unit:
                return code
        return self.loinc[0] if self.loinc else None


@dataclass(frozen=True, eq=False)
class KnowledgeBase:
    """All analytes and units; build with :func:`load_knowledge_base` or :meth:`from_dict`."""

    analytes: dict[str, Analyte]
    units: dict[str, Unit]
    dimensions: dict[str, str]
    ambiguous_unit_spellings: dict[str, tuple[str, ...]]
    languages: dict[str, str]
    categories: dict[str, str]
    raw: dict[str, Any] = field(repr=False, compare=False, default_factory=dict)

    def __getitem__(self, analyte_id: str) -> Analyte:
        return self.analytes[analyte_id]

    def __iter__(self):
        return iter(self.analytes.values())

    def __len__(self) -> int:
        return len(self.analytes)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> KnowledgeBase:
        units = {
            code: Unit(code, u["dimension"], float(u["scale"]), tuple(u["spellings"]))
            for code, u in data["units"].items()
        }
        analytes = {a["id"]: _analyte(a) for a in data["analytes"]}
        return cls(
            analytes=analytes,
            units=units,
            dimensions=dict(data["dimensions"]),
            ambiguous_unit_spellings={
                k: tuple(v) for k, v in data.get("ambiguous_unit_spellings", {}).items()
            },
            languages=dict(data["languages"]),
            categories=dict(data["categories"]),
            raw=data,
        )


def _interval(d: dict[str, Any] | None) -> Interval | None:
    return None if d is None else Interval(d.get("low"), d.get("high"))


def _analyte(a: dict[str, Any]) -> Analyte:
    ri = a.get("reference_interval")
    pl = a.get("plausible")
    mm = a.get("molar_mass")
    return Analyte(
        id=a["id"],
        name=a["name"],
        category=a["category"],
        specimen=a["specimen"],
        result_type=a.get("result_type", "quantitative"),
        loinc=tuple(LoincCode(c["code"], c["name"], c.get("unit")) for c in a["loinc"]),
        aliases={lang: tuple(names) for lang, names in a["aliases"].items()},
        ambiguous_aliases=frozenset(a.get("ambiguous_aliases", ())),
        units=tuple(a["units"]),
        si_unit=a["si_unit"],
        conventional_unit=a["conventional_unit"],
        molar_mass=None if mm is None else float(mm["value"]),
        conversions=tuple(
            Conversion(c["from"], c["to"], float(c["factor"]), float(c.get("offset", 0.0)),
                       c.get("source", ""))
            for c in a.get("conversions", ())
        ),
        reference_interval=None if ri is None else ReferenceInterval(
            ri["unit"], ri.get("low"), ri.get("high"), _interval(ri.get("male")),
            _interval(ri.get("female")), ri.get("source", ""),
        ),
        plausible=None if pl is None else Plausible(
            pl["unit"], float(pl["min"]), float(pl["max"]), pl.get("note", "")
        ),
    )


def read_knowledge_base_json() -> dict[str, Any]:
    """The raw knowledge-base document shipped in the package."""
    text = resources.files("bloodclarity.data").joinpath(KB_RESOURCE).read_text("utf-8")
    return json.loads(text)


@cache
def load_knowledge_base() -> KnowledgeBase:
    """The shipped knowledge base (loaded once per process)."""
    return KnowledgeBase.from_dict(read_knowledge_base_json())
