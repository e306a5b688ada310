"""Access to the read-only reference tables in ../shared/reference (LOINC, UCUM) for tests."""

from __future__ import annotations

import csv
import glob
import json
import os
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("BLOODCLARITY_SHARED", ROOT.parent / "shared"))
REFERENCE = SHARED / "reference"


def available() -> bool:
    return (REFERENCE / "loinc").is_dir() and (REFERENCE / "ucum").is_dir()


@cache
def loinc_terms() -> dict[str, dict[str, str]]:
    """LOINC code -> row (LONG_COMMON_NAME, COMPONENT, PROPERTY, SYSTEM, MOLECULAR_WEIGHT ...)."""
    terms: dict[str, dict[str, str]] = {}
    for path in sorted(glob.glob(str(REFERENCE / "loinc/equivalence_classes/*_results.csv"))):
        with open(path, encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                terms.setdefault(row["LOINC_NUM"], row)
    for edition in ("US", "SI"):
        path = REFERENCE / f"loinc/top2000/LOINC_1.6_Top2000CommonLabResults{edition}.csv"
        with open(path, encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                code = row["LOINC #"].strip()
                terms.setdefault(code, {"LOINC_NUM": code,
                                        "LONG_COMMON_NAME": row["Long Common Name"].strip()})
    return terms


@cache
def loinc_names() -> dict[str, set[str]]:
    """LOINC code -> every long common name the reference tables give it."""
    names: dict[str, set[str]] = {}
    for path in sorted(glob.glob(str(REFERENCE / "loinc/equivalence_classes/*_results.csv"))):
        with open(path, encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                names.setdefault(row["LOINC_NUM"], set()).add(row["LONG_COMMON_NAME"].strip())
    for edition in ("US", "SI"):
        path = REFERENCE / f"loinc/top2000/LOINC_1.6_Top2000CommonLabResults{edition}.csv"
        with open(path, encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                names.setdefault(row["LOINC #"].strip(), set()).add(
                    row["Long Common Name"].strip())
    return names


@cache
def loinc_example_units() -> dict[str, list[str]]:
    data = json.loads((REFERENCE / "loinc/example_units/loinc_unit.json").read_text("utf-8"))
    data.pop("version", None)
    return data


NS = "{http://unitsofmeasure.org/ucum-essence}"


@cache
def ucum_atoms() -> tuple[dict[str, bool], set[str]]:
    """UCUM unit codes (code -> is metric) and prefix codes from ucum-essence.xml."""
    root = ET.parse(REFERENCE / "ucum/ucum-essence.xml").getroot()
    units = {u.get("Code"): u.get("isMetric") == "yes" for u in root.iter(NS + "unit")}
    units.update({u.get("Code"): True for u in root.iter(NS + "base-unit")})
    prefixes = {p.get("Code") for p in root.iter(NS + "prefix")}
    return units, prefixes
