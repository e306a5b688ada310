"""Context-aware unit inference for values printed without a unit."""

from __future__ import annotations

import pytest

from bloodclarity.knowledge import load_knowledge_base
from bloodclarity.rules.inference import infer_unit, value_tier

KB = load_knowledge_base()


@pytest.mark.parametrize(
    ("analyte", "value", "unit"),
    [("glucose", 5.4, "mmol/L"), ("glucose", 98.0, "mg/dL"), ("glucose", 126.0, "mg/dL"),
     ("glucose", 7.8, "mmol/L"), ("glucose", 400.0, "mg/dL"),
     ("creatinine", 1.1, "mg/dL"), ("creatinine", 90.0, "umol/L"),
     ("cholesterol", 5.2, "mmol/L"), ("cholesterol", 200.0, "mg/dL"),
     ("hemoglobin", 135.0, "g/L"), ("hba1c", 48.0, "mmol/mol"), ("hba1c", 6.1, "%"),
     ("triglycerides", 150.0, "mg/dL"),
     ("urea", 5.0, "mmol/L"), ("uric_acid", 350.0, "umol/L"), ("uric_acid", 5.5, "mg/dL"),
     ("calcium", 2.4, "mmol/L"), ("calcium", 9.6, "mg/dL"), ("hematocrit", 42.0, "%"),
     ("hematocrit", 0.42, "L/L"), ("bilirubin_total", 0.8, "mg/dL"),
     ("bilirubin_total", 14.0, "umol/L"), ("vitamin_d", 75.0, "nmol/L")],
)
def test_the_fitting_unit_is_inferred(analyte, value, unit):
    inferred = infer_unit(value, KB[analyte], KB)
    assert inferred.unit == unit, inferred.reason


# glucose 25: 25 mmol/L (hyperglycaemia) or 25 mg/dL (hypoglycaemia); triglycerides 1.4: the
# mmol/L of most countries or the g/L of French reports, both normal.
@pytest.mark.parametrize(("analyte", "value"),
                         [("glucose", 25.0), ("glucose", 30.0), ("triglycerides", 1.4)])
def test_two_fitting_readings_give_no_unit(analyte, value):
    inferred = infer_unit(value, KB[analyte], KB)
    assert inferred.unit is None and inferred.reason.startswith("ambiguous")


def test_equivalent_units_do_not_make_a_value_ambiguous():
    # IU/L and U/L mean the same number for an enzyme: one reading, not two.
    inferred = infer_unit(35.0, KB["alt"], KB)
    assert inferred.unit in KB["alt"].units and not inferred.reason.startswith("ambiguous")


def test_no_unit_fits_an_impossible_value():
    inferred = infer_unit(1e9, KB["sodium"], KB)
    assert inferred.unit is None and "no unit" in inferred.reason


@pytest.mark.parametrize(
    ("value", "unit", "analyte", "tier"),
    [(38.1, "%", "transferrin_saturation", 0), (14.7, "%", "transferrin_saturation", 1),
     (38.1, "%", "oxygen_saturation", 2), (15.2, "pmol/L", "free_t4", 0),
     (8.5, "ug/dL", "total_t4", 0), (5.4, "mmol/L", "glucose", 0),
     (5000.0, "mmol/L", "glucose", None)],
)
def test_value_tier_reads_the_value_in_the_unit(value, unit, analyte, tier):
    assert value_tier(value, unit, KB[analyte], KB) == tier
