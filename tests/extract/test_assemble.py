"""Linking values, units, ranges and flags to the right test name."""

from __future__ import annotations

import re

from bloodclarity.extract.assemble import assemble, make_entities


def spans(text: str, marked: list[tuple[str, str]]) -> list[tuple[str, int, int, float]]:
    """Entities given as (label, exact text) in order of appearance."""
    out, pos = [], 0
    for label, piece in marked:
        start = text.index(piece, pos)
        out.append((label, start, start + len(piece), 1.0))
        pos = start + len(piece)
    return out


def linked(text, marked):
    raws = assemble(make_entities(text, spans(text, marked)), text)
    return [(r.name.text if r.name else None, r.value.text, r.unit and r.unit.text,
             r.range and r.range.text, r.flag and r.flag.text) for r in raws]


def test_same_row():
    text = "Glucose   5.9  H  mmol/L   3.9 - 5.5\n"
    assert linked(text, [("BIOMARKER", "Glucose"), ("VALUE", "5.9"), ("FLAG", "H"),
                         ("UNIT", "mmol/L"), ("RANGE", "3.9 - 5.5")]) == [
        ("Glucose", "5.9", "mmol/L", "3.9 - 5.5", "H")]


def test_name_on_a_line_above_with_a_method_line_between():
    text = "GLICOSE\nMétodo: Hexoquinase\n      98 mg/dL     70 a 99\n"
    assert linked(text, [("BIOMARKER", "GLICOSE"), ("VALUE", "98"), ("UNIT", "mg/dL"),
                         ("RANGE", "70 a 99")]) == [("GLICOSE", "98", "mg/dL", "70 a 99", None)]


def test_two_results_on_one_line():
    text = "Hb   13.5 g/dL  12-16     MCV   90 fL  80-100\n"
    assert linked(text, [("BIOMARKER", "Hb"), ("VALUE", "13.5"), ("UNIT", "g/dL"),
                         ("RANGE", "12-16"), ("BIOMARKER", "MCV"), ("VALUE", "90"),
                         ("UNIT", "fL"), ("RANGE", "80-100")]) == [
        ("Hb", "13.5", "g/dL", "12-16", None), ("MCV", "90", "fL", "80-100", None)]


def test_percent_and_absolute_count_share_the_name():
    text = "Neutrophils   60 %   3.9 x10^9/L  (2.0-7.5)\n"
    assert linked(text, [("BIOMARKER", "Neutrophils"), ("VALUE", "60"), ("UNIT", "%"),
                         ("VALUE", "3.9"), ("UNIT", "x10^9/L"), ("RANGE", "(2.0-7.5)")]) == [
        ("Neutrophils", "60", "%", None, None),
        ("Neutrophils", "3.9", "x10^9/L", "(2.0-7.5)", None)]


def test_unit_printed_before_the_value_and_a_glued_flag():
    text = "Sodium  mmol/L  ↑150  135-145\n"
    assert linked(text, [("BIOMARKER", "Sodium"), ("UNIT", "mmol/L"), ("FLAG", "↑"),
                         ("VALUE", "150"), ("RANGE", "135-145")]) == [
        ("Sodium", "150", "mmol/L", "135-145", "↑")]


def test_a_value_far_below_its_name_has_no_name():
    text = "Glucose\n\n\n\n\n 5.4\n"
    assert linked(text, [("BIOMARKER", "Glucose"), ("VALUE", "5.4")]) == [
        (None, "5.4", None, None, None)]


def test_entities_get_their_line():
    text = "a\nb Glucose\n"
    (entity,) = make_entities(text, [("BIOMARKER", 4, 11, 0.9)])
    assert entity.line == 1 and entity.text == "Glucose" and re.fullmatch("Glucose", entity.text)


def test_a_value_printed_before_its_name():
    text = "22.9 Anti-TG (Method) 0-40 IU/mL\n8.78 SHBG 13 - 71 nmol/L\n"
    assert linked(text, [("VALUE", "22.9"), ("BIOMARKER", "Anti-TG (Method)"),
                         ("RANGE", "0-40"), ("UNIT", "IU/mL"), ("VALUE", "8.78"),
                         ("BIOMARKER", "SHBG"), ("RANGE", "13 - 71"), ("UNIT", "nmol/L")]) == [
        ("Anti-TG (Method)", "22.9", "IU/mL", "0-40", None),
        ("SHBG", "8.78", "nmol/L", "13 - 71", None)]


def test_a_name_after_the_value_that_has_its_own_value_is_not_taken():
    text = "Glucose\n5.4 mmol/L   Sodium 140 mmol/L\n"
    assert linked(text, [("BIOMARKER", "Glucose"), ("VALUE", "5.4"), ("UNIT", "mmol/L"),
                         ("BIOMARKER", "Sodium"), ("VALUE", "140"), ("UNIT", "mmol/L")]) == [
        ("Glucose", "5.4", "mmol/L", None, None), ("Sodium", "140", "mmol/L", None, None)]
