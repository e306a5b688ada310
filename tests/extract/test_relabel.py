"""Names the model took for flags or units, and values it left out, set right by the KB."""

from __future__ import annotations

import pytest

from bloodclarity.extract.assemble import make_entities
from bloodclarity.extract.relabel import RULE_CONFIDENCE, relabel
from bloodclarity.knowledge import load_knowledge_base
from tests.extract.test_assemble import spans

KB = load_knowledge_base()


def _relabelled(text: str, tagged: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(e.label, e.text) for e in relabel(make_entities(text, spans(text, tagged)), text, KB)]


@pytest.mark.parametrize(("text", "tagged", "label"), [
    ("4.31 Potassium 3.5 - 5.1 mmol/L", [("VALUE", "4.31"), ("FLAG", "Potassium")], "BIOMARKER"),
    ("4.12 FT3 3.1 - 6.8 pmol/L", [("VALUE", "4.12"), ("UNIT", "FT3")], "BIOMARKER"),
    ("7.41 pH 7.35 - 7.45", [("VALUE", "7.41"), ("UNIT", "pH")], "UNIT"),      # a unit too
    ("Glucose 9.1 H", [("BIOMARKER", "Glucose"), ("VALUE", "9.1"), ("FLAG", "H")], "FLAG"),
    ("Glucose 5.4 mmol/L", [("BIOMARKER", "Glucose"), ("VALUE", "5.4"), ("UNIT", "mmol/L")], "UNIT"),
    ("Glucose 5.4 Glucoze", [("VALUE", "5.4"), ("FLAG", "Glucoze")], "FLAG"),  # fuzzy: not taken
])
def test_a_flag_or_unit_that_reads_as_a_name_is_a_name(text, tagged, label):
    assert _relabelled(text, tagged)[-1][0] == label


def test_a_range_that_completes_a_name_is_part_of_it():
    assert _relabelled("21.5 CA 19-9 0 - 35 U/mL", [
        ("VALUE", "21.5"), ("BIOMARKER", "CA"), ("RANGE", "19-9"), ("RANGE", "0 - 35")]) == [
        ("VALUE", "21.5"), ("BIOMARKER", "CA 19-9"), ("RANGE", "0 - 35")]
    assert _relabelled("Glucose 3.9-5.5", [("BIOMARKER", "Glucose"), ("RANGE", "3.9-5.5")]) == [
        ("BIOMARKER", "Glucose"), ("RANGE", "3.9-5.5")]


@pytest.mark.parametrize(("text", "tagged", "relabelled"), [
    ("Partial pressure O2.......... 92.7", [("BIOMARKER", "Partial pressure"), ("VALUE", "O2"),
                                           ("VALUE", "92.7")],
     [("BIOMARKER", "Partial pressure O2"), ("VALUE", "92.7")]),
    ("Partial Pressure O2: 88.4 mmHg", [("BIOMARKER", "Partial Pressure O"), ("VALUE", "2")],
     [("BIOMARKER", "Partial Pressure O2"), ("VALUE", "88.4")]),
    ("CA 125", [("BIOMARKER", "CA"), ("VALUE", "125")],       # "CA" is a name: 125 its value
     [("BIOMARKER", "CA"), ("VALUE", "125")]),
])
def test_a_value_that_completes_a_name_that_is_no_name_is_part_of_it(text, tagged, relabelled):
    assert _relabelled(text, tagged) == relabelled


@pytest.mark.parametrize(("text", "tagged", "value"), [
    ("ANA: 0 titer (0-0)", [("BIOMARKER", "ANA"), ("RANGE", "0-0")], "0"),
    ("ANA  1.5)", [("BIOMARKER", "ANA")], "1.5"),
    ("LDL 3,2", [("BIOMARKER", "LDL")], "3,2"),
    ("ANA <40\nGlucose 5.4", [("BIOMARKER", "ANA"), ("BIOMARKER", "Glucose"), ("VALUE", "5.4")],
     "<40"),
])
def test_an_untagged_number_after_a_name_without_value_is_its_value(text, tagged, value):
    ents = relabel(make_entities(text, spans(text, tagged)), text, KB)
    found = [e for e in ents if e.label == "VALUE" and e.confidence == RULE_CONFIDENCE]
    assert [e.text for e in found] == [value]


@pytest.mark.parametrize(("text", "tagged"), [
    ("Glucose 2\n5.4 mmol/L", [("BIOMARKER", "Glucose"), ("VALUE", "5.4")]),  # its value below
    ("CA 125 pending", [("BIOMARKER", "CA")]),                  # the number completes the name
    ("Hb 12-3", [("BIOMARKER", "Hb")]),                         # no whole number
    ("Vitamin D 25-OH", [("BIOMARKER", "Vitamin D")]),
    ("Glucose 12/03/2026", [("BIOMARKER", "Glucose")]),          # a date
    ("Glucose\n5.4", [("BIOMARKER", "Glucose")]),               # not on its line
    ("Hb 5.4", [("BIOMARKER", "Hb"), ("VALUE", "5.4")]),        # tagged already
])
def test_no_value_is_made_up(text, tagged):
    ents = relabel(make_entities(text, spans(text, tagged)), text, KB)
    assert not [e for e in ents if e.confidence == RULE_CONFIDENCE]
