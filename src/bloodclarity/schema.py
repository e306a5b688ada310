"""The result schema: the contract between the pipeline, the outputs and the browser app.

See docs/schema.md. Every class round-trips through ``to_dict``/``from_dict`` (plain JSON).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from bloodclarity.rules.ranges import ReferenceRange

SCHEMA_VERSION = 1
COMPARATORS = (None, "<", "<=", ">", ">=")
FLAGS = (None, "H", "L", "HH", "LL")
FLAG_SOURCES = (None, "report", "derived")
STATUSES = ("ok", "implausible", "unknown_biomarker", "ambiguous_unit")
SYSTEMS = ("si", "conventional")


@dataclass
class Converted:
    """A value converted to a unit system, kept beside the printed one."""

    system: str
    value: float
    unit: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Converted:
        return cls(d["system"], d["value"], d["unit"])


@dataclass
class Result:
    """One extracted test result."""

    name: str
    biomarker: str | None = None
    loinc: str | None = None
    value: float | None = None
    value_text: str = ""
    comparator: str | None = None
    unit: str | None = None
    ucum: str | None = None
    unit_inferred: bool = False
    reference_range: ReferenceRange | None = None
    flag: str | None = None
    flag_source: str | None = None
    page: int | None = None
    line: int | None = None
    bbox: list[float] | None = None
    confidence: float = 0.0
    status: str = "ok"
    reasons: list[str] = field(default_factory=list)
    converted: Converted | None = None

    def to_dict(self) -> dict[str, Any]:
        d = {f.name: getattr(self, f.name) for f in fields(self)}
        d["reference_range"] = self.reference_range and self.reference_range.to_dict()
        d["converted"] = self.converted and self.converted.to_dict()
        d["reasons"] = list(self.reasons)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Result:
        known = {f.name for f in fields(cls)}
        kwargs = {k: v for k, v in d.items() if k in known}
        if d.get("reference_range") is not None:
            kwargs["reference_range"] = ReferenceRange.from_dict(d["reference_range"])
        if d.get("converted") is not None:
            kwargs["converted"] = Converted.from_dict(d["converted"])
        kwargs["reasons"] = list(d.get("reasons", ()))
        return cls(**kwargs)


@dataclass
class Report:
    """Everything extracted from one input: accepted results, rejected ones, warnings."""

    source: str
    results: list[Result] = field(default_factory=list)
    rejected: list[Result] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    schema_version: int = SCHEMA_VERSION

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": self.schema_version,
            "source": self.source,
            "results": [r.to_dict() for r in self.results],
            "rejected": [r.to_dict() for r in self.rejected],
            "warnings": list(self.warnings),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Report:
        return cls(
            source=d["source"],
            results=[Result.from_dict(r) for r in d.get("results", ())],
            rejected=[Result.from_dict(r) for r in d.get("rejected", ())],
            warnings=list(d.get("warnings", ())),
            schema_version=d.get("schema_version", SCHEMA_VERSION),
        )
