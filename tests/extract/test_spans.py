"""Snapping VALUE spans to whole printed numbers and UNIT spans to whole units."""

from __future__ import annotations

import pytest

from bloodclarity.extract.assemble import make_entities
from bloodclarity.extract.spans import snap_spans, widen_unit, widen_value
from tests.extract.test_assemble import spans


@pytest.mark.parametrize(("text", "value", "whole"), [
    ("ALT   l3   95", "3", "l3"),
    ("Glucose 4.49 mmol/L", "4", "4.49"),
    ("UIBC 4l6 High", "4l", "4l6"),
    ("Base excess     -1.03  mmol/L", "1.03", "-1.03"),
    ("TgAb | l60.6 | IU/ml", "60.6", "l60.6"),
    ("Hct 0.42l/l", "0.42", "0.42"),      # glued to a unit: not a whole token, left alone
    ("Glucose 5.4", "5.4", "5.4"),
    ("range 3-5", "5", "5"),              # a dash between numbers is no minus sign
    ("Base deficit: -1.7mmol/L", "1.7", "-1.7"),  # glued to its unit, it keeps its sign
    ("ANA titre 1:160 H", "160", "1:160"),          # a titre
    ("ANF <1:40", "40", "<1:40"),
    ("Time 11:30", "30", "30"),                      # no titre
])
def test_widen_value(text, value, whole):
    start = text.rindex(value)
    a, b = widen_value(text, start, start + len(value))
    assert text[a:b] == whole


def test_a_name_that_took_the_first_character_gives_it_back():
    text = "THROMBOCYTE5 S15 240 x10^9/L"
    ents = snap_spans(make_entities(text, spans(text, [("BIOMARKER", "THROMBOCYTE5 S"),
                                                        ("VALUE", "15")])), text)
    assert [(e.label, e.text) for e in ents] == [("BIOMARKER", "THROMBOCYTE5"), ("VALUE", "S15")]


def test_a_name_that_took_the_minus_sign_gives_it_back():
    text = "Actual base excess     -1.03  mmol/L"
    ents = snap_spans(make_entities(text, spans(text, [("BIOMARKER", "Actual base excess     -"),
                                                        ("VALUE", "1.03")])), text)
    assert [(e.label, e.text) for e in ents] == [("BIOMARKER", "Actual base excess"),
                                                 ("VALUE", "-1.03")]
    text = "Base deficit: -1.7mmol/L"
    ents = snap_spans(make_entities(text, spans(text, [("BIOMARKER", "Base deficit: -"),
                                                        ("VALUE", "1.7"), ("UNIT", "mmol/L")])),
                      text)
    assert [(e.label, e.text) for e in ents] == [("BIOMARKER", "Base deficit:"),
                                                 ("VALUE", "-1.7"), ("UNIT", "mmol/L")]


@pytest.mark.parametrize(("text", "pieces", "snapped"), [
    ("2.41 Transferrin 1.9 - 3.4 g/L", [("VALUE", "2.41"), ("BIOMARKER", "Transferrin 1.9 -"),
                                        ("VALUE", "3.4"), ("UNIT", "g/L")],
     [("VALUE", "2.41"), ("BIOMARKER", "Transferrin"), ("RANGE", "1.9 - 3.4"), ("UNIT", "g/L")]),
    ("1.85 Lymphocytes 1 - 3 %", [("VALUE", "1.85"), ("BIOMARKER", "Lymphocytes 1 - 3"),
                                  ("UNIT", "%")],
     [("VALUE", "1.85"), ("BIOMARKER", "Lymphocytes"), ("RANGE", "1 - 3"), ("UNIT", "%")]),
    ("0.05 Basophils 0 - 0.1 x10^9/L", [("VALUE", "0.05"), ("BIOMARKER", "Basophils"),
                                        ("RANGE", "0 -"), ("VALUE", "0.1")],
     [("VALUE", "0.05"), ("BIOMARKER", "Basophils"), ("RANGE", "0 - 0.1")]),
    ("1.7 CEA (ECLIA) 0-4 ng/mL", [("VALUE", "1.7"), ("BIOMARKER", "CEA (ECLIA) 0-4")],
     [("VALUE", "1.7"), ("BIOMARKER", "CEA (ECLIA)"), ("RANGE", "0-4")]),
    ("1.9 Glucose (Method) 3-6.1 mmol/L", [("VALUE", "1.9"), ("BIOMARKER", "Glucose (Method) 3-"),
                                           ("VALUE", "6.1")],
     [("VALUE", "1.9"), ("BIOMARKER", "Glucose (Method)"), ("RANGE", "3-6.1")]),
    # names that end in numbers keep them: no spaced dash, or no number before it
    ("CA 19-9 12 U/mL", [("BIOMARKER", "CA 19-9"), ("VALUE", "12")],
     [("BIOMARKER", "CA 19-9"), ("VALUE", "12")]),
    ("Vitamin B 12 - serum 300", [("BIOMARKER", "Vitamin B 12 - serum"), ("VALUE", "300")],
     [("BIOMARKER", "Vitamin B 12 - serum"), ("VALUE", "300")]),
    # an open range takes only a number on its own line
    ("Ref 0 -\n5.4", [("RANGE", "0 -"), ("VALUE", "5.4")], [("RANGE", "0 -"), ("VALUE", "5.4")]),
])
def test_a_range_a_name_took_is_cut_from_it(text, pieces, snapped):
    ents = snap_spans(make_entities(text, spans(text, pieces)), text)
    assert [(e.label, e.text) for e in ents] == snapped


@pytest.mark.parametrize(("text", "value", "unit", "whole"), [
    ("Eosinophil 0.15 10%3/uL 0.02-0.50", "0.15", "10", "10%3/uL"),
    ("LYM 1.8 x10*3/pL", "1.8", "10*3", "x10*3/pL"),
    ("Glucose 5.4 mmol/L | 3.9-5.5", "5.4", "mmol/L", "mmol/L"),
    ("Hb 13.5g/dL", "13.5", "g", "g/dL"),  # stops at the value it is glued to
])
def test_widen_unit(text, value, unit, whole):
    at = text.index(value)
    start = text.index(unit, at + len(value))
    a, b = widen_unit(text, start, start + len(unit), [(at, at + len(value))])
    assert text[a:b] == whole


def test_a_unit_the_model_cut_short_is_whole():
    text = "Eosinophil   0.15   10%3/uL   0.02-0.50"
    ents = snap_spans(make_entities(text, spans(text, [("BIOMARKER", "Eosinophil"),
                                                        ("VALUE", "0.15"), ("UNIT", "10"),
                                                        ("RANGE", "0.02-0.50")])), text)
    assert [(e.label, e.text) for e in ents][2] == ("UNIT", "10%3/uL")


def test_touching_unit_spans_are_joined():
    text = "BASOPHILS   0.138   H   10%9/L   0.020-0.100"
    ents = snap_spans(make_entities(text, spans(text, [("VALUE", "0.138"), ("FLAG", "H"),
                                                        ("UNIT", "10"), ("UNIT", "%9/L")])), text)
    assert [(e.label, e.text) for e in ents] == [("VALUE", "0.138"), ("FLAG", "H"),
                                                 ("UNIT", "10%9/L")]


@pytest.mark.parametrize(("text", "cut", "whole"), [
    ("HGB   159   g/L   l30 - 170", "30 - 170", "l30 - 170"),
    ("MCV   89   fL   83 - 10l", "83 - 10", "83 - 10l"),
    ("Actual base excess   -0.2   -2.0 - 2.0   mmol/L", "2.0 - 2.0", "-2.0 - 2.0"),
])
def test_a_range_the_model_cut_short_is_whole(text, cut, whole):
    ents = snap_spans(make_entities(text, spans(text, [("RANGE", cut)])), text)
    assert [e.text for e in ents] == [whole]


def test_a_look_alike_letter_tagged_as_a_flag_goes_back_to_its_range():
    text = "HGB   159   g/L   l30 - 170"
    ents = snap_spans(make_entities(text, spans(text, [("VALUE", "159"), ("UNIT", "g/L"),
                                                        ("FLAG", "l"), ("RANGE", "30 - 170")])),
                      text)
    assert [(e.label, e.text) for e in ents] == [("VALUE", "159"), ("UNIT", "g/L"),
                                                 ("RANGE", "l30 - 170")]


@pytest.mark.parametrize(("text", "value", "whole"), [
    ("Factor I..........3.99 mg/dL", "3.99", "3.99"),       # never across a leader
    ("Base excess..........-0.87 mEq/L", "0.87", "-0.87"),   # a minus sign after a leader
    ("Glucose 5.4........3.9-5.5", "5.4", "5.4"),
])
def test_widen_value_stops_at_dot_leaders(text, value, whole):
    start = text.rindex(value)
    a, b = widen_value(text, start, start + len(value))
    assert text[a:b] == whole


@pytest.mark.parametrize(("text", "tagged", "snapped"), [
    # a value run across a leader is split there; the glued digits complete the name
    ("Vitamin B12..........514 pg/mL........150-650",
     [("BIOMARKER", "Vitamin B"), ("VALUE", "12..........514"), ("RANGE", "........150-650")],
     [("BIOMARKER", "Vitamin B12"), ("VALUE", "514"), ("RANGE", "150-650")]),
    # untagged characters glued to a name are the name's
    ("SaO2: 99.08 %", [("BIOMARKER", "SaO"), ("VALUE", "99.08")],
     [("BIOMARKER", "SaO2"), ("VALUE", "99.08")]),
    # a short number glued to a name, another value after it: part of the name
    ("ca199: 8.87 U/mL", [("BIOMARKER", "ca"), ("VALUE", "199"), ("VALUE", "8.87")],
     [("BIOMARKER", "ca199"), ("VALUE", "8.87")]),
    # ... but not when it is the row's only value
    ("Hb13 g/dL", [("BIOMARKER", "Hb"), ("VALUE", "13")], [("BIOMARKER", "Hb"), ("VALUE", "13")]),
    # ... nor when the next value belongs to another name
    ("WBC5 RBC 4.5", [("BIOMARKER", "WBC"), ("VALUE", "5"), ("BIOMARKER", "RBC"), ("VALUE", "4.5")],
     [("BIOMARKER", "WBC"), ("VALUE", "5"), ("BIOMARKER", "RBC"), ("VALUE", "4.5")]),
    # ... also after a hyphen after a digit
    ("Carbohydrate Antigen 19-9............45.3 U/mL",
     [("BIOMARKER", "Carbohydrate Antigen 19-"), ("VALUE", "9............45.3")],
     [("BIOMARKER", "Carbohydrate Antigen 19-9"), ("VALUE", "45.3")]),
    # ... and after a hyphen after a letter
    ("CA-125......... 22.4 U/mL", [("BIOMARKER", "CA-"), ("VALUE", "125"), ("VALUE", "22.4")],
     [("BIOMARKER", "CA-125"), ("VALUE", "22.4")]),
    # a minus sign tagged apart is the value's
    ("Base excess: -0.25mEq/L", [("BIOMARKER", "Base excess"), ("VALUE", "-"), ("VALUE", "0.25")],
     [("BIOMARKER", "Base excess"), ("VALUE", "-0.25")]),
    # the letters of a unit that a range took go back to the unit
    ("Partial pressure O2..........86.2 mmHg........80-100",
     [("BIOMARKER", "Partial pressure O2"), ("VALUE", "86.2"), ("UNIT", "mm"),
      ("RANGE", "Hg........80-100")],
     [("BIOMARKER", "Partial pressure O2"), ("VALUE", "86.2"), ("UNIT", "mmHg"),
      ("RANGE", "80-100")]),
    # ... but not a word
    ("Glucose 5.4 mmol/LNormal 3.9-5.5", [("VALUE", "5.4"), ("UNIT", "mmol/L"),
                                          ("RANGE", "Normal 3.9-5.5")],
     [("VALUE", "5.4"), ("UNIT", "mmol/L"), ("RANGE", "Normal 3.9-5.5")]),
    # a range of punctuation only is none
    ("sat 14.7 % (LOW) Ref: 20-45", [("VALUE", "14.7"), ("UNIT", "%"), ("RANGE", "("),
                                    ("FLAG", "LOW"), ("RANGE", "20-45")],
     [("VALUE", "14.7"), ("UNIT", "%"), ("FLAG", "LOW"), ("RANGE", "20-45")]),
    # a leader the name took is cut off
    ("Factor I..........3.99 mg/dL", [("BIOMARKER", "Factor I.........."), ("VALUE", "3.99")],
     [("BIOMARKER", "Factor I"), ("VALUE", "3.99")]),
])
def test_names_and_values_around_dot_leaders(text, tagged, snapped):
    ents = snap_spans(make_entities(text, spans(text, tagged)), text)
    assert [(e.label, e.text) for e in ents] == snapped


def test_a_value_run_across_a_wide_gap_keeps_its_number():
    text = "Lp(a)      21        s 30       mg/dl"
    ents = snap_spans(make_entities(text, spans(text, [("BIOMARKER", "Lp(a)"),
                                                        ("VALUE", "21        s")])), text)
    assert [(e.label, e.text) for e in ents] == [("BIOMARKER", "Lp(a)"), ("VALUE", "21")]


def test_a_gap_after_a_decimal_separator_is_inside_the_number():
    text = "Insulin     19.  5      uIU/mL"
    ents = snap_spans(make_entities(text, spans(text, [("VALUE", "19.  5")])), text)
    assert [e.text for e in ents] == ["19.  5"]
