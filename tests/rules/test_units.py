"""Printed unit spellings -> UCUM, including OCR damage and ambiguity."""

from __future__ import annotations

import pytest

from bloodclarity.knowledge import load_knowledge_base
from bloodclarity.rules.units import fold_unit, normalise_unit, unit_for_analyte

KB = load_knowledge_base()

CASES = [
    # µ, μ, u, mc and case variants
    ("µmol/L", "umol/L"), ("μmol/L", "umol/L"), ("umol/L", "umol/L"), ("mcmol/L", "umol/L"),
    ("µmol/l", "umol/L"), ("μmol/l", "umol/L"), ("UMOL/L", "umol/L"), ("µmol / L", "umol/L"),
    ("mmol/L", "mmol/L"), ("mmol/l", "mmol/L"), ("MMOL/L", "mmol/L"), ("nmol/L", "nmol/L"),
    ("pmol/L", "pmol/L"), ("µg/L", "ug/L"), ("mcg/L", "ug/L"), ("ug/L", "ug/L"),
    ("µg/dL", "ug/dL"), ("mcg/dL", "ug/dL"), ("µg/dl", "ug/dL"), ("ng/mL", "ng/mL"),
    ("ng/ml", "ng/mL"), ("pg/mL", "pg/mL"), ("ng/dL", "ng/dL"), ("ng/L", "ng/L"),
    ("µg/mL", "ug/mL"), ("mcg/mL", "ug/mL"),
    # counts
    ("10^9/L", "10*9/L"), ("x10^9/L", "10*9/L"), ("x10⁹/L", "10*9/L"), ("×10⁹/L", "10*9/L"),
    ("x 10^9/L", "10*9/L"), ("10*9/L", "10*9/L"), ("10E9/L", "10*9/L"), ("x10E9/L", "10*9/L"),
    ("X10^9/L", "10*9/L"), ("10^9/l", "10*9/L"), ("G/L", "10*9/L"),
    ("x10^12/L", "10*12/L"), ("x10¹²/L", "10*12/L"), ("10^12/L", "10*12/L"), ("T/L", "10*12/L"),
    ("x10³/µL", "10*3/uL"), ("x10^3/uL", "10*3/uL"), ("10^3/µL", "10*3/uL"), ("K/uL", "10*3/uL"),
    ("K/µL", "10*3/uL"), ("thou/mm3", "10*3/uL"), ("thou/cumm", "10*3/uL"),
    ("thousand/µL", "10*3/uL"), ("10³/mm³", "10*3/uL"), ("mil/mm³", "10*3/uL"),
    ("x10^6/µL", "10*6/uL"), ("M/µL", "10*6/uL"), ("million/µL", "10*6/uL"),
    ("millions/cumm", "10*6/uL"), ("milhões/mm³", "10*6/uL"),
    ("lakhs/cumm", "10*5/uL"), ("lakh/cumm", "10*5/uL"), ("Lakhs/cumm", "10*5/uL"),
    ("/cmm", "/uL"), ("/cumm", "/uL"), ("/µL", "/uL"), ("/mm3", "/uL"), ("/mm³", "/uL"),
    ("cells/µL", "/uL"), ("cells/uL", "/uL"),
    # mass concentration spellings
    ("mg/dl", "mg/dL"), ("mg/dL", "mg/dL"), ("mg%", "mg/dL"), ("mg/100 mL", "mg/dL"),
    ("mg/100mL", "mg/dL"), ("g/dL", "g/dL"), ("g/dl", "g/dL"), ("g%", "g/dL"),
    ("g/100 mL", "g/dL"), ("gm/dL", "g/dL"), ("g/L", "g/L"), ("g/l", "g/L"), ("mg/L", "mg/L"),
    # enzymes, international units, equivalents
    ("U/L", "U/L"), ("U/l", "U/L"), ("IU/L", "[IU]/L"), ("UI/L", "[IU]/L"), ("mIU/L", "m[IU]/L"),
    ("µIU/mL", "m[IU]/L"), ("uIU/mL", "m[IU]/L"), ("μIU/mL", "m[IU]/L"), ("mUI/L", "m[IU]/L"),
    ("mIU/mL", "m[IU]/mL"), ("IU/mL", "[IU]/mL"), ("U/mL", "U/mL"), ("mU/L", "mU/L"),
    ("µU/mL", "mU/L"), ("µkat/L", "ukat/L"), ("mEq/L", "meq/L"), ("meq/l", "meq/L"),
    # other dimensions
    ("%", "%"), ("L/L", "L/L"), ("l/l", "L/L"), ("fL", "fL"), ("fl", "fL"), ("pg", "pg"),
    ("mm/hr", "mm/h"), ("mm/h", "mm/h"), ("mm/1st hr", "mm/h"), ("mmHg", "mm[Hg]"),
    ("mm Hg", "mm[Hg]"), ("kPa", "kPa"), ("sec", "s"), ("seconds", "s"), ("s", "s"),
    ("mL/min/1.73m²", "mL/min/{1.73_m2}"), ("mL/min/1.73m2", "mL/min/{1.73_m2}"),
    ("ml/min/1,73m2", "mL/min/{1.73_m2}"), ("mL/min/1.73 m2", "mL/min/{1.73_m2}"),
    ("mOsm/kg", "mosm/kg"), ("mg/mmol", "mg/mmol"), ("mg/g", "mg/g"), ("mmol/mol", "mmol/mol"),
    ("S/CO", "{s_co_ratio}"), ("/HPF", "/[HPF]"), ("pH", "[pH]"),
    # OCR damage
    ("mg/dI", "mg/dL"), ("mmoI/L", "mmol/L"), ("µmoI/L", "umol/L"), ("mm0l/L", "mmol/L"),
    ("mg/dL.", "mg/dL"), ("g/dI", "g/dL"), ("U/I", "U/L"), ("umol/I", "umol/L"),
]


@pytest.mark.parametrize(("printed", "ucum"), CASES)
def test_printed_spelling_maps_to_ucum(printed, ucum):
    match = normalise_unit(printed, KB)
    assert match.ucum == ucum, match.reason


@pytest.mark.parametrize("code", sorted(KB.units))
def test_every_listed_spelling_maps_to_its_unit(code):
    for spelling in (code, *KB.units[code].spellings):
        assert normalise_unit(spelling, KB).ucum == code, spelling


@pytest.mark.parametrize("printed", ["G/l", "mil/µL", "mol/L"])
def test_ambiguous_spellings_are_not_guessed(printed):
    match = normalise_unit(printed, KB)
    assert match.ucum is None and len(match.candidates) > 1 and "ambiguous" in match.reason


@pytest.mark.parametrize("printed", ["", "   ", "furlongs", "mg/fortnight", "xyz"])
def test_unknown_spellings(printed):
    match = normalise_unit(printed, KB)
    assert match.ucum is None and not match.candidates and match.reason


@pytest.mark.parametrize(
    ("printed", "analyte", "ucum"),
    [("mil/µL", "platelets", "10*3/uL"), ("mil/µL", "rbc", "10*6/uL"),
     ("mol/L", "creatinine", "umol/L"), ("mg/dL", "glucose", "mg/dL")],
)
def test_ambiguity_resolved_by_the_analyte(printed, analyte, ucum):
    assert unit_for_analyte(printed, KB[analyte], KB).ucum == ucum


def test_ambiguity_kept_when_the_analyte_has_both_units():
    assert unit_for_analyte("mol/L", KB["glucose"], KB).ucum is None or \
        "umol/L" not in KB["glucose"].units


@pytest.mark.parametrize(
    ("printed", "folded"),
    [("x10⁹/L", "10^9/L"), ("×10¹²/L", "10^12/L"), ("µmol/L", "umol/L"), ("mcg/dL", "ug/dL"),
     ("mg/dI", "mg/dl"), ("10 E 9/L", "10^9/L"), ("m²", "m^2"), ("mIU/L", "mIU/L")],
)
def test_fold_unit(printed, folded):
    assert fold_unit(printed) == folded


def test_pmol_read_for_umol_is_a_valid_unit():
    # µ read as p by OCR is a real failure that only the plausibility check can catch.
    assert normalise_unit("pmol/L", KB).ucum == "pmol/L"


@pytest.mark.parametrize(("printed", "ucum"), [
    ("x10%3/uL", "10*3/uL"), ("x103/uL", "10*3/uL"), ("x103/pL", "10*3/uL"),
    ("x1079/L", "10*9/L"), ("U/1", "U/L"), ("mg/dt", "mg/dL"), ("10^3/pL", "10*3/uL"),
    ("K/L", "10*3/uL"), ("pmol/L", "pmol/L"), ("IU/m", "[IU]/mL"), ("ft", "fL"), ("mEa/L", "meq/L"), ("10°9/L", "10*9/L"),
    ('x10"3/uL', "10*3/uL"), ("mmot/L", "mmol/L"), ("umot/L", "umol/L"), ("U/7", "U/L"),
    ("U/", "U/L"), ("mmol/", "mmol/L")])
def test_ocr_misreads_of_unknown_spellings_are_undone(printed, ucum):
    assert normalise_unit(printed, KB).ucum == ucum


@pytest.mark.parametrize(("printed", "analyte", "ucum"), [
    ("mg/d", "magnesium", "mg/dL"),  # per day never fits serum magnesium: a lost "l"
    ("pg/mL", "ferritin", "pg/mL"),  # a real unit that does not fit is not reread
    ("mg/dL", "magnesium", "mg/dL"),
    ("g/dL", "total_t4", "ug/dL"), ("g/L", "ferritin", "ug/L"),  # a lost micro sign
    ("g/dL", "albumin", "g/dL"),
    ("pmol/L", "creatinine", "umol/L"),  # a micro sign read as "p"
    ("pmol/L", "free_t4", "pmol/L")])
def test_ocr_misreads_of_units_that_do_not_fit_are_undone(printed, analyte, ucum):
    assert unit_for_analyte(printed, KB[analyte], KB).ucum == ucum


@pytest.mark.parametrize(("printed", "analyte", "ucum"), [
    ("U/T", "alt", "U/L"), ("9/dl", "globulin", "g/dL"), ("TU/mt", "anti_tpo", "[IU]/mL"),
    ("x ES/L", "neutrophils_abs", "10*9/L"), ("mmolt/t", "anion_gap", "mmol/L"),
    ("mEq/1l", "sodium", "meq/L"), ("g/db", "mchc", "g/dL"), ("wIU/mL", "insulin", "m[IU]/L"),
    ("ymol/L", "fructosamine", "umol/L"), ("¡mol/L", "creatinine", "umol/L"),
    ("Tsd/yul", "basophils_abs", "10*3/uL"), ("Ratia", "tc_hdl_ratio", "{ratio}"),
    ("pg/dk", "total_t4", "ug/dL"), ("pmotl/L", "bilirubin_total", "umol/L"),
    ("U1", "ast", None),          # too short for an edit
    ("mg/bL", "crp", None),       # as near mg/L as mg/dL
    ("sSumol/L", "creatinine", None)])
def test_unknown_spellings_read_as_the_analytes_lookalike_unit(printed, analyte, ucum):
    assert unit_for_analyte(printed, KB[analyte], KB).ucum == ucum


@pytest.mark.parametrize(("printed", "analyte", "ucum"), [
    ("x10*/uL", "neutrophils_abs", "10*3/uL"), ("x10?/uL", "eosinophils_abs", "10*3/uL"),
    ("x10/L", "wbc", "10*9/L"),
    ("x10°/uL", "rbc", None)])   # 10*6/uL or 10*4/uL
def test_a_lost_exponent_is_the_analytes_only_power_of_ten_over_that_volume(
        printed, analyte, ucum):
    assert unit_for_analyte(printed, KB[analyte], KB).ucum == ucum
