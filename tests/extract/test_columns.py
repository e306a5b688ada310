"""The current-result column of tables that also print a previous result."""

from __future__ import annotations

import pytest

from bloodclarity.extract.assemble import make_entities
from bloodclarity.extract.columns import (
    ColumnHeader,
    current_values,
    find_header,
    governing_headers,
)
from tests.extract.test_assemble import spans


def values(text: str, marked: list[tuple[str, str]]) -> list[str]:
    ents = current_values(make_entities(text, spans(text, marked)), text)
    return [e.text for e in ents if e.label == "VALUE"]


FIXED = ("Analyt          Vorwert   Wert      Einheit\n"
         "Glucose         5.1       6.2       mmol/L\n"
         "Natrium         140       138       mmol/L\n"
         "Kalium          4.1                 mmol/L\n"
         "\n"
         "Harnstoff       5.5       7.0       mmol/L\n")


def test_value_under_the_previous_column_moves_to_the_result_column():
    assert values(FIXED, [("VALUE", "5.1"), ("VALUE", "138")]) == ["6.2", "138"]


def test_value_with_an_empty_result_cell_is_dropped():
    assert values(FIXED, [("VALUE", "4.1")]) == []


def test_a_blank_line_ends_the_header():
    assert values(FIXED, [("VALUE", "5.5")]) == ["5.5"]


def test_value_already_in_the_result_column_is_not_doubled():
    assert values(FIXED, [("VALUE", "5.1"), ("VALUE", "6.2")]) == ["6.2"]


def test_pipe_tables_use_cells():
    text = ("| Test | Result | Previous | Unit |\n"
            "| Glucose | 6.2 | 5.1 | mmol/L |\n")
    assert values(text, [("VALUE", "5.1")]) == ["6.2"]


@pytest.mark.parametrize(("line", "header"), [
    ("Test        Result     Previous result   Unit", ColumnHeader(12, 23, False)),
    ("Examen      Resultado anterior   Resultado", ColumnHeader(33, 12, False)),
    ("Test\tErgebnis\tVorbefund", ColumnHeader(1, 2, True)),
    ("Parameter   V0rbefund  Wert", ColumnHeader(23, 12, False)),  # OCR's 0 for o
    ("Test        Result     Unit", ColumnHeader(12, None, False)),
    ("Glucose     5.4        mmol/L", None),
])
def test_find_header(line, header):
    assert find_header(line) == header


def test_tables_without_a_previous_column_are_left_alone():
    text = "Test      Result    Unit\nGlucose   5.1   mmol/L\n"
    assert governing_headers(text) == {}
    assert values(text, [("VALUE", "5.1")]) == ["5.1"]


def test_a_named_row_without_a_value_gets_the_result_column():
    text = ("Parameter    Messwert Kennung Vorbefund Einheit\n"
            "PTT          33               30        sec\n")
    assert values(text, [("BIOMARKER", "PTT"), ("UNIT", "sec")]) == ["33"]
