"""The generator's data: layout families, panels and per-language report words (JSON)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

PACKAGE = "bloodclarity.corpus.data"

CATEGORY_SECTIONS = {
    "haematology": "section_haematology", "white_cell_differential": "section_differential",
    "coagulation": "section_coagulation", "blood_gases": "section_blood_gases",
    "urinalysis": "section_urinalysis", "electrolytes": "section_electrolytes",
    "kidney": "section_kidney", "liver": "section_liver", "lipids": "section_lipids",
    "diabetes": "section_diabetes", "cardiac": "section_cardiac",
    "inflammation": "section_inflammation", "thyroid": "section_thyroid",
    "hormones": "section_hormones", "vitamins": "section_vitamins", "iron": "section_iron",
    "tumour_markers": "section_tumour_markers", "drug_monitoring": "section_drugs",
    "toxicology": "section_drugs", "immunology": "section_immunology",
    "serology": "section_serology",
}
DEFAULT_SECTION = "section_biochemistry"


@dataclass(frozen=True)
class Family:
    """A layout family: one laboratory style of one country, in one language."""

    name: str
    country: str
    language: str
    system: str
    styles: tuple[str, ...]
    columns: tuple[str, ...]
    flags: tuple[str, ...]
    range: tuple[str, ...]
    header: str
    panels: tuple[str, ...]
    case: str = "title"
    decimal: str = "."
    thousands: str | None = None
    previous: float = 0.0
    method: float = 0.0
    unit_map: dict[str, str] = field(default_factory=dict)
    spellings: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, name: str, d: dict[str, Any]) -> Family:
        tuples = {k: tuple(d[k]) for k in ("styles", "columns", "flags", "range", "panels")}
        return cls(
            name=name, country=d["country"], language=d["language"], system=d["system"],
            header=d["header"], case=d.get("case", "title"), decimal=d.get("decimal", "."),
            thousands=d.get("thousands"), previous=d.get("previous", 0.0),
            method=d.get("method", 0.0), unit_map=dict(d.get("unit_map", {})),
            spellings={k: tuple(v) for k, v in d.get("spellings", {}).items()}, **tuples,
        )


def _read(name: str) -> Any:
    return json.loads(resources.files(PACKAGE).joinpath(name).read_text("utf-8"))


@cache
def load_families() -> dict[str, Family]:
    return {name: Family.from_dict(name, d) for name, d in _read("families.json").items()}


@cache
def load_panels() -> dict[str, dict[str, Any]]:
    return _read("panels.json")


@cache
def load_words(language: str) -> dict[str, list[str]]:
    return _read(f"words/{language}.json")
