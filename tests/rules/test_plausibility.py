"""Plausibility: every reference interval passes in every unit; unit errors are caught."""

from __future__ import annotations

import pytest

from bloodclarity.knowledge import load_knowledge_base
from bloodclarity.rules.conversion import convert
from bloodclarity.rules.plausibility import check_plausible

KB = load_knowledge_base()


@pytest.mark.parametrize("analyte", list(KB), ids=[a.id for a in KB])
def test_no_reference_interval_is_rejected_in_any_unit(analyte):
    ri = analyte.reference_interval
    bounds = {b for iv in (ri.for_sex(None), ri.male, ri.female) if iv
              for b in (iv.low, iv.high) if b is not None}
    for unit in analyte.units:
        for bound in bounds:
            value = convert(KB, analyte, bound, analyte.si_unit, unit)
            verdict = check_plausible(value, unit, analyte, KB)
            assert verdict.ok, verdict.reason


@pytest.mark.parametrize(
    ("analyte", "value", "unit"),
    [("hemoglobin", 150.0, "g/dL"), ("potassium", 45.0, "mmol/L"), ("sodium", 14.0, "mmol/L"),
     ("creatinine", 89.0, "pmol/L"), ("glucose", 540.0, "mmol/L"), ("wbc", 7500.0, "10*9/L"),
     ("platelets", 250000.0, "10*9/L"), ("ph", 74.0, "[pH]"), ("hba1c", 650.0, "%"),
     ("cholesterol", 200.0, "mmol/L"), ("tsh", 2100.0, "m[IU]/L")],
)
def test_unit_and_magnitude_errors_are_rejected(analyte, value, unit):
    verdict = check_plausible(value, unit, KB[analyte], KB)
    assert not verdict.ok and KB[analyte].name in verdict.reason


def test_a_unit_of_another_dimension_is_rejected_with_a_reason():
    verdict = check_plausible(5.0, "fL", KB["glucose"], KB)
    assert not verdict.ok and "does not fit" in verdict.reason


@pytest.mark.parametrize(
    ("analyte", "value", "unit", "comparator"),
    [("crp", 0.5, "mg/L", "<"), ("troponin", 3.0, "ng/L", "<"), ("egfr", 90.0,
     "mL/min/{1.73_m2}", ">"), ("psa", 0.01, "ng/mL", "<=")],
)
def test_censored_values_are_plausible(analyte, value, unit, comparator):
    assert check_plausible(value, unit, KB[analyte], KB, comparator=comparator).ok


def test_plausible_result_carries_its_si_value():
    verdict = check_plausible(99.0, "mg/dL", KB["glucose"], KB)
    assert verdict.ok and abs(verdict.si_value - 5.495) < 0.01
