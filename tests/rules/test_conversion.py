"""Exact conversions: molar masses, dimension scales, explicit and affine conversions."""

from __future__ import annotations

import itertools
import math

import pytest

from bloodclarity.knowledge import load_knowledge_base
from bloodclarity.rules.conversion import (
    Affine,
    ConversionError,
    conversion,
    convert,
    direct_edge,
    to_system,
    with_system,
)
from bloodclarity.schema import Result

KB = load_knowledge_base()

# (analyte, value, from, to, expected, relative tolerance): published factors
KNOWN = [
    ("glucose", 1.0, "mmol/L", "mg/dL", 18.016, 1e-6),
    ("glucose", 100.0, "mg/dL", "mmol/L", 5.5506, 1e-4),
    ("creatinine", 1.0, "mg/dL", "umol/L", 88.4, 2e-3),
    ("cholesterol", 1.0, "mmol/L", "mg/dL", 38.67, 3e-3),
    ("triglycerides", 1.0, "mmol/L", "mg/dL", 88.57, 3e-3),
    ("bilirubin_total", 1.0, "mg/dL", "umol/L", 17.1, 3e-3),
    ("uric_acid", 1.0, "mg/dL", "umol/L", 59.48, 3e-3),
    ("calcium", 1.0, "mmol/L", "mg/dL", 4.008, 3e-3),
    ("calcium", 1.0, "mmol/L", "meq/L", 2.0, 1e-9),
    ("magnesium", 1.0, "mmol/L", "mg/dL", 2.431, 3e-3),
    ("sodium", 140.0, "meq/L", "mmol/L", 140.0, 1e-9),
    ("potassium", 4.2, "meq/L", "mmol/L", 4.2, 1e-9),
    ("hba1c", 48.0, "mmol/mol", "%", 6.543, 1e-3),
    ("hba1c", 6.5, "%", "mmol/mol", 47.52, 1e-3),
    ("hemoglobin", 14.0, "g/dL", "g/L", 140.0, 1e-9),
    ("wbc", 7.5, "10*3/uL", "10*9/L", 7.5, 1e-9),
    ("platelets", 2.5, "10*5/uL", "10*9/L", 250.0, 1e-9),
    ("rbc", 4.8, "10*6/uL", "10*12/L", 4.8, 1e-9),
    ("testosterone", 100.0, "ng/dL", "nmol/L", 3.467, 3e-3),
    ("vitamin_d", 1.0, "ng/mL", "nmol/L", 2.496, 3e-3),
    ("vitamin_b12", 1.0, "pg/mL", "pmol/L", 0.7378, 3e-3),
    ("folate", 1.0, "ng/mL", "nmol/L", 2.266, 3e-3),
    ("iron", 100.0, "ug/dL", "umol/L", 17.91, 3e-3),
    ("ferritin", 50.0, "ng/mL", "ug/L", 50.0, 1e-9),
    ("tsh", 2.1, "m[IU]/L", "m[IU]/L", 2.1, 1e-9),
    ("pco2", 5.3, "kPa", "mm[Hg]", 39.75, 3e-3),
    ("alt", 60.0, "U/L", "ukat/L", 1.0, 1e-9),
    ("hematocrit", 45.0, "%", "L/L", 0.45, 1e-9),
    ("albumin_creatinine_ratio", 3.0, "mg/mmol", "mg/g", 26.52, 5e-3),
    ("insulin", 10.0, "m[IU]/L", "pmol/L", 60.0, 3e-3),
]


@pytest.mark.parametrize(("analyte", "value", "src", "dst", "expected", "tol"), KNOWN)
def test_published_factors(analyte, value, src, dst, expected, tol):
    assert math.isclose(convert(KB, KB[analyte], value, src, dst), expected, rel_tol=tol)


@pytest.mark.parametrize(
    "analyte", [a for a in KB if a.conversions], ids=[a.id for a in KB if a.conversions]
)
def test_every_explicit_conversion_applies_as_written(analyte):
    for c in analyte.conversions:
        for x in (0.5, 7.0, 42.0):
            assert math.isclose(convert(KB, analyte, x, c.from_unit, c.to_unit),
                                c.factor * x + c.offset, rel_tol=1e-12)
            assert math.isclose(convert(KB, analyte, c.factor * x + c.offset, c.to_unit,
                                        c.from_unit), x, rel_tol=1e-9)


@pytest.mark.parametrize(
    "analyte", [a for a in KB if a.molar_mass], ids=[a.id for a in KB if a.molar_mass]
)
def test_molar_conversions_use_the_molar_mass(analyte):
    mass = [u for u in analyte.units if KB.units[u].dimension == "mass_concentration"]
    moles = [u for u in analyte.units if KB.units[u].dimension == "substance_concentration"]
    for m, n in itertools.product(mass, moles):
        grams_per_litre = convert(KB, analyte, 1.0, m, "g/L") if "g/L" in analyte.units \
            else KB.units[m].scale
        expected = grams_per_litre / analyte.molar_mass / KB.units[n].scale
        assert math.isclose(convert(KB, analyte, 1.0, m, n), expected, rel_tol=1e-9)


def test_hba1c_is_affine_not_a_factor():
    m = conversion(KB, KB["hba1c"], "mmol/mol", "%")
    assert m == Affine(0.09148, 2.152)
    assert math.isclose(m.inverse()(m(53.0)), 53.0)


def test_affine_algebra():
    a, b = Affine(2.0, 1.0), Affine(3.0, -4.0)
    assert a.then(b)(5.0) == b(a(5.0))
    assert math.isclose(a.inverse()(a(7.0)), 7.0)


def test_no_path_raises():
    with pytest.raises(ConversionError):
        conversion(KB, KB["glucose"], "mmol/L", "10*9/L")
    assert direct_edge(KB, KB["glucose"], "mmol/L", "fL") is None


def test_to_system_keeps_the_analyte_units():
    value, unit = to_system(KB, KB["glucose"], 5.5, "mmol/L", "conventional")
    assert unit == "mg/dL" and math.isclose(value, 99.088, rel_tol=1e-4)
    value, unit = to_system(KB, KB["creatinine"], 1.0, "mg/dL", "si")
    assert unit == "umol/L" and math.isclose(value, 88.4, rel_tol=2e-3)


def test_with_system_keeps_the_printed_value_beside_the_converted_one():
    printed = Result(name="Glucosa", biomarker="glucose", value=98.0, value_text="98",
                     unit="mg/dl", ucum="mg/dL")
    result = with_system(printed, "si", KB)
    assert (result.value, result.unit, result.ucum) == (98.0, "mg/dl", "mg/dL")
    assert result.converted.unit == "mmol/L"
    assert math.isclose(result.converted.value, 98.0 / 18.016, rel_tol=1e-6)
    assert with_system(Result(name="Unknown"), "si", KB).converted is None
