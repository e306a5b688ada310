"""The result schema round-trips through plain JSON and keeps its field names."""

from __future__ import annotations

import json

from bloodclarity.rules.ranges import ReferenceRange
from bloodclarity.schema import Converted, Report, Result

RESULT_KEYS = {"name", "biomarker", "loinc", "value", "value_text", "comparator", "unit", "ucum",
               "unit_inferred", "reference_range", "flag", "flag_source", "page", "line", "bbox",
               "confidence", "status", "reasons", "converted"}


def _result() -> Result:
    return Result(
        name="Glucose (fasting)", biomarker="glucose", loinc="14749-6", value=6.4,
        value_text="6.4", unit="mmol/L", ucum="mmol/L",
        reference_range=ReferenceRange(3.0, 5.4, "3.0 - 5.4"), flag="H", flag_source="report",
        line=24, confidence=0.98, converted=Converted("conventional", 115.3, "mg/dL"),
    )


def test_result_keys_are_the_documented_contract():
    assert set(_result().to_dict()) == RESULT_KEYS


def test_report_round_trips_through_json():
    rejected = Result(name="Potassium", value=45.0, value_text="45", unit="mmol/L",
                      ucum="mmol/L", status="implausible", reasons=["outside plausible range"])
    report = Report(source="sample.txt", results=[_result()], rejected=[rejected],
                    warnings=["page 2 is empty"])
    text = json.dumps(report.to_dict())
    again = Report.from_dict(json.loads(text))
    assert again.to_dict() == report.to_dict()
    assert again.results[0].reference_range == ReferenceRange(3.0, 5.4, "3.0 - 5.4")
    assert again.rejected[0].status == "implausible"


def test_censored_value_keeps_its_comparator():
    r = Result(name="CRP", value=0.5, value_text="<0.5", comparator="<")
    assert Result.from_dict(r.to_dict()).comparator == "<"
