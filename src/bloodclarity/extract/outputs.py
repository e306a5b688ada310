"""Report -> JSON (the schema), CSV (one row per result), FHIR R4 Bundle, or a terminal table."""

from __future__ import annotations

import csv
import io
import json
import uuid
from typing import Any

from bloodclarity.knowledge import KnowledgeBase
from bloodclarity.schema import Report, Result

CSV_FIELDS = ("source", "page", "line", "name", "biomarker", "loinc", "value", "comparator",
              "value_text", "unit", "ucum", "unit_inferred", "range_low", "range_high",
              "range_text", "flag", "flag_source", "status", "confidence", "converted_value",
              "converted_unit", "reasons")
FHIR_COMPARATORS = {"<": "<", "<=": "<=", ">": ">", ">=": ">="}
INTERPRETATION = {"H": ("H", "High"), "L": ("L", "Low"), "HH": ("HH", "Critical high"),
                  "LL": ("LL", "Critical low")}


def to_json(report: Report) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=1) + "\n"


def _csv_row(source: str, r: Result) -> dict[str, Any]:
    rng = r.reference_range
    return {"source": source, "page": r.page, "line": r.line, "name": r.name,
            "biomarker": r.biomarker, "loinc": r.loinc, "value": r.value,
            "comparator": r.comparator, "value_text": r.value_text, "unit": r.unit,
            "ucum": r.ucum, "unit_inferred": r.unit_inferred,
            "range_low": rng.low if rng else None, "range_high": rng.high if rng else None,
            "range_text": rng.text if rng else None, "flag": r.flag,
            "flag_source": r.flag_source, "status": r.status, "confidence": r.confidence,
            "converted_value": r.converted.value if r.converted else None,
            "converted_unit": r.converted.unit if r.converted else None,
            "reasons": "; ".join(r.reasons)}


def to_csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for r in report.results:
        writer.writerow(_csv_row(report.source, r))
    return out.getvalue()


def _quantity(value: float, unit: str | None, ucum: str | None) -> dict[str, Any]:
    q: dict[str, Any] = {"value": value}
    if unit:
        q["unit"] = unit
    if ucum:
        q["system"] = "http://unitsofmeasure.org"
        q["code"] = ucum
    return q


def observation(r: Result, kb: KnowledgeBase, report_ref: str) -> dict[str, Any]:
    """One FHIR R4 Observation for a result."""
    codings = []
    if r.loinc and r.biomarker:
        name = next((c.name for c in kb[r.biomarker].loinc if c.code == r.loinc), None)
        codings.append({"system": "http://loinc.org", "code": r.loinc,
                        **({"display": name} if name else {})})
    obs: dict[str, Any] = {
        "resourceType": "Observation", "id": str(uuid.uuid4()), "status": "final",
        "category": [{"coding": [{
            "system": "http://terminology.hl7.org/CodeSystem/observation-category",
            "code": "laboratory"}]}],
        "code": {"coding": codings, "text": r.name} if codings else {"text": r.name},
        "derivedFrom": [{"reference": report_ref}],
    }
    if r.value is not None:
        obs["valueQuantity"] = _quantity(r.value, r.unit, r.ucum)
        if r.comparator:
            obs["valueQuantity"]["comparator"] = FHIR_COMPARATORS[r.comparator]
    else:
        obs["valueString"] = r.value_text
    rng = r.reference_range
    if rng is not None:
        ref: dict[str, Any] = {"text": rng.text}
        if rng.low is not None:
            ref["low"] = _quantity(rng.low, r.unit, r.ucum)
        if rng.high is not None:
            ref["high"] = _quantity(rng.high, r.unit, r.ucum)
        obs["referenceRange"] = [ref]
    if r.flag in INTERPRETATION:
        code, display = INTERPRETATION[r.flag]
        obs["interpretation"] = [{"coding": [{
            "system": "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation",
            "code": code, "display": display}]}]
    return obs


def to_fhir(report: Report, kb: KnowledgeBase) -> str:
    """An R4 collection Bundle: one DiagnosticReport and one Observation per result."""
    report_id = str(uuid.uuid4())
    observations = [observation(r, kb, f"DiagnosticReport/{report_id}") for r in report.results]
    for obs in observations:
        del obs["derivedFrom"]
    diagnostic = {
        "resourceType": "DiagnosticReport", "id": report_id, "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": "11502-2",
                             "display": "Laboratory report"}], "text": report.source},
        "result": [{"reference": f"urn:uuid:{o['id']}"} for o in observations],
    }
    bundle = {
        "resourceType": "Bundle", "type": "collection",
        "entry": [{"fullUrl": f"urn:uuid:{report_id}", "resource": diagnostic}] + [
            {"fullUrl": f"urn:uuid:{o['id']}", "resource": o} for o in observations],
    }
    return json.dumps(bundle, ensure_ascii=False, indent=1) + "\n"


def to_table(report: Report, console) -> None:
    """A readable table on a terminal; flags coloured, rejected results listed apart."""
    from rich.table import Table

    table = Table(title=f"{report.source}: {len(report.results)} results")
    for col in ("line", "test", "biomarker", "value", "unit", "range", "flag"):
        table.add_column(col)
    colours = {"H": "red", "HH": "bold red", "L": "blue", "LL": "bold blue"}
    for r in report.results:
        flag = r.flag or ""
        style = colours.get(flag, "")
        value = f"{r.comparator or ''}{r.value:g}" if r.value is not None else r.value_text
        if r.converted:
            value += f" ({r.converted.value:.3g} {r.converted.unit})"
        table.add_row(str(r.line or ""), r.name, r.biomarker or "?", value,
                      (r.unit or "") + (" (inferred)" if r.unit_inferred else ""),
                      r.reference_range.text if r.reference_range else "",
                      f"[{style}]{flag}{'*' if r.flag_source == 'derived' else ''}[/]"
                      if flag else "")
    console.print(table)
    for r in report.rejected:
        console.print(f"[yellow]rejected[/] line {r.line}: {r.name} {r.value_text} "
                      f"{r.unit or ''}: {'; '.join(r.reasons)}")
    for w in report.warnings:
        console.print(f"[dim]{w}[/]")
