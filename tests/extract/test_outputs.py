"""Output formats: JSON schema, CSV rows, a valid FHIR R4 Bundle, a terminal table."""

from __future__ import annotations

import csv
import io
import json

import pytest
from rich.console import Console

from bloodclarity.extract.outputs import CSV_FIELDS, to_csv, to_fhir, to_json, to_table
from bloodclarity.knowledge import load_knowledge_base
from bloodclarity.rules.ranges import ReferenceRange
from bloodclarity.schema import Report, Result

KB = load_knowledge_base()


def report() -> Report:
    return Report(source="sample.txt", results=[
        Result(name="Glucose", biomarker="glucose", loinc="14749-6", value=6.4, value_text="6.4",
               unit="mmol/L", ucum="mmol/L", reference_range=ReferenceRange(3.9, 5.5, "3.9-5.5"),
               flag="H", flag_source="report", line=3, confidence=0.99),
        Result(name="CRP", biomarker="crp", loinc="1988-5", value=0.5, value_text="<0.5",
               comparator="<", unit="mg/L", ucum="mg/L",
               reference_range=ReferenceRange(None, 5.0, "<5"), line=4),
        Result(name="HBsAg", biomarker="hbsag", value=None, value_text="Negative", line=5),
    ], rejected=[Result(name="Potassium", value=45.0, value_text="45", unit="mmol/L",
                        status="implausible", reasons=["outside the plausible range"])])


def test_json_is_the_schema():
    data = json.loads(to_json(report()))
    assert Report.from_dict(data).to_dict() == data
    assert data["rejected"][0]["status"] == "implausible"


def test_csv_has_one_row_per_result():
    rows = list(csv.DictReader(io.StringIO(to_csv(report()))))
    assert len(rows) == 3 and list(rows[0]) == list(CSV_FIELDS)
    assert rows[1]["comparator"] == "<" and rows[1]["value"] == "0.5"


def test_fhir_bundle_validates():
    bundle_mod = pytest.importorskip("fhir.resources.R4B.bundle")
    text = to_fhir(report(), KB)
    bundle = bundle_mod.Bundle.model_validate_json(text)
    resources = [e.resource for e in bundle.entry]
    assert resources[0].__resource_type__ == "DiagnosticReport"
    observations = resources[1:]
    assert len(observations) == 3 and len(resources[0].result) == 3
    glucose = observations[0]
    assert glucose.code.coding[0].system == "http://loinc.org"
    assert glucose.code.coding[0].code == "14749-6"
    assert glucose.valueQuantity.system == "http://unitsofmeasure.org"
    assert glucose.valueQuantity.code == "mmol/L"
    assert glucose.interpretation[0].coding[0].code == "H"
    assert float(glucose.referenceRange[0].low.value) == 3.9
    assert observations[1].valueQuantity.comparator == "<"
    assert observations[2].valueString == "Negative"


def test_table_shows_flags_and_rejections():
    console = Console(record=True, width=140)
    to_table(report(), console)
    text = console.export_text()
    assert "Glucose" in text and "rejected" in text and "outside the plausible range" in text
