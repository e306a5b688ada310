"""Printed numbers: separators, OCR gaps, exponents, signs, censored values in ten languages."""

from __future__ import annotations

import pytest

from bloodclarity.rules.lexicon import load_lexicon
from bloodclarity.rules.numbers import ParsedNumber, detect_decimal_convention, parse_number

PLAIN = [
    ("5", 5.0), ("0", 0.0), ("120", 120.0), ("5.4", 5.4), ("5,4", 5.4), ("0.5", 0.5),
    ("0,5", 0.5), ("13.25", 13.25), ("13,25", 13.25), ("0.01", 0.01), ("0,001", 0.001),
    ("0.125", 0.125), ("0,125", 0.125), (".5", 0.5), ("1234", 1234.0), ("1234,567", 1234.567),
    ("1234.5", 1234.5), (" 5.4 ", 5.4), ("5.40", 5.4), ("5.4000", 5.4), ("007", 7.0),
    # thousands separators
    ("1,234.5", 1234.5), ("1.234,5", 1234.5), ("12,345.67", 12345.67), ("12.345,67", 12345.67),
    ("1,234,567", 1234567.0), ("1.234.567", 1234567.0), ("1,234,567.89", 1234567.89),
    ("1.234.567,89", 1234567.89), ("12 500", 12500.0), ("1 234 567", 1234567.0),
    ("12 500,5", 12500.5), ("12 500.5", 12500.5), ("1'234", 1234.0), ("1’234", 1234.0),
    ("1'234.5", 1234.5), ("250\u00a0000", 250000.0), ("250\u202f000", 250000.0),
    ("1\u2009234", 1234.0),
    # OCR gaps next to the separator
    ("5. 5", 5.5), ("5 .5", 5.5), ("5 . 5", 5.5), ("5, 4", 5.4), ("5 ,4", 5.4),
    ("13. 25", 13.25), ("0 .01", 0.01),
    # signs
    ("-2.5", -2.5), ("+2.5", 2.5), ("−2.5", -2.5), ("-0,8", -0.8),
    ("–3", -3.0), ("+0", 0.0),
    # scientific notation
    ("4.5 x 10^9", 4.5e9), ("4.5x10^9", 4.5e9), ("4.5 × 10⁹", 4.5e9), ("4.5×10⁹", 4.5e9),
    ("4.5E9", 4.5e9), ("4.5e9", 4.5e9), ("4.5e-3", 4.5e-3), ("4.5E+3", 4.5e3),
    ("4,5 x 10E9", 4.5e9), ("4,5x10e9", 4.5e9), ("4.5 X 10^9", 4.5e9), ("4.5*10^9", 4.5e9),
    ("4.5 x 10**9", 4.5e9), ("4.5·10^9", 4.5e9), ("2.1 x 10⁻³", 2.1e-3), ("3 x 10^12", 3e12),
    ("5.2 x 10^-2", 5.2e-2), ("-1.5e2", -150.0), ("4.5 x 10 ^ 9", 4.5e9), ("１２.５", 12.5),
]

NOT_NUMBERS = [
    "", "   ", "abc", "Negative", "Negativo", "Positive", "1-2", "1 - 2", "5.5 6.1", "1 2.3",
    "5.", "5,", "1.2.3", "1,2.3", "1.234,567.8", "12 34", "-", "+", "<", "< ", "less than",
    "5.9H", "H", "<0.5 H", "4.5 x 10^9/L", "10^", "x10^9", "5 mg/dL", "5..4", "3-5", "6.5 %",
    "n/a", "---", "1/2", "less than five", "5 6", "- 2.5",
]

CENSORED = [
    # symbols
    ("<0.01", "<", 0.01), ("< 0.01", "<", 0.01), ("<0,01", "<", 0.01), ("> 90", ">", 90.0),
    (">90", ">", 90.0), ("≤5", "<=", 5.0), ("≤ 5", "<=", 5.0), ("≥ 60", ">=", 60.0),
    ("≥60", ">=", 60.0), ("<=5", "<=", 5.0), (">=60", ">=", 60.0), ("=<5", "<=", 5.0),
    ("=>60", ">=", 60.0), ("⩽5", "<=", 5.0), ("⩾60", ">=", 60.0), ("< -2", "<", -2.0),
    ("<1.000,5", "<", 1000.5), ("> 1 000", ">", 1000.0), ("<4.5 x 10^9", "<", 4.5e9),
    # en
    ("less than 5", "<", 5.0), ("Less Than 5", "<", 5.0), ("lower than 0.5", "<", 0.5),
    ("below 10", "<", 10.0), ("under 3", "<", 3.0), ("at most 7", "<=", 7.0),
    ("greater than 90", ">", 90.0), ("more than 60", ">", 60.0), ("at least 60", ">=", 60.0),
    ("5 or less", "<=", 5.0), ("60 or more", ">=", 60.0), ("60 or greater", ">=", 60.0),
    # es
    ("inferior a 0,03", "<", 0.03), ("menor que 1", "<", 1.0), ("menor de 200", "<", 200.0),
    ("menos de 5", "<", 5.0), ("mayor que 60", ">", 60.0), ("superior a 40", ">", 40.0),
    ("más de 60", ">", 60.0), ("5 o menos", "<=", 5.0), ("60 o más", ">=", 60.0),
    ("mayor o igual a 60", ">=", 60.0),
    # pt
    ("inferior a 0,5", "<", 0.5), ("menor que 1,0", "<", 1.0), ("superior a 60", ">", 60.0),
    ("maior que 60", ">", 60.0), ("abaixo de 5", "<", 5.0), ("5 ou menos", "<=", 5.0),
    ("60 ou mais", ">=", 60.0), ("maior ou igual a 60", ">=", 60.0),
    # fr
    ("inférieur à 5", "<", 5.0), ("Inférieure à 0,5", "<", 0.5), ("supérieur à 60", ">", 60.0),
    ("supérieure à 1,5", ">", 1.5), ("moins de 5", "<", 5.0), ("plus de 60", ">", 60.0),
    ("5 ou moins", "<=", 5.0),
    # de
    ("unter 5", "<", 5.0), ("kleiner als 5", "<", 5.0), ("kleiner 5", "<", 5.0),
    ("über 60", ">", 60.0), ("größer als 60", ">", 60.0), ("GRÖSSER ALS 60", ">", 60.0),
    ("größer 1,5", ">", 1.5), ("mehr als 10", ">", 10.0), ("5 oder weniger", "<=", 5.0),
    # it
    ("inferiore a 5", "<", 5.0), ("minore di 0,5", "<", 0.5), ("superiore a 60", ">", 60.0),
    ("maggiore di 60", ">", 60.0), ("meno di 5", "<", 5.0), ("più di 60", ">", 60.0),
    ("60 o più", ">=", 60.0),
    # id
    ("kurang dari 200", "<", 200.0), ("lebih dari 60", ">", 60.0), ("di bawah 5", "<", 5.0),
    ("lebih kecil dari 1", "<", 1.0), ("60 atau lebih", ">=", 60.0),
    # tr
    ("5'ten küçük", "<", 5.0), ("5’ten küçük", "<", 5.0), ("10'dan az", "<", 10.0),
    ("200'den küçük", "<", 200.0), ("60'tan büyük", ">", 60.0), ("40'tan fazla", ">", 40.0),
    ("en az 60", ">=", 60.0), ("en fazla 5", "<=", 5.0), ("5 ve altı", "<=", 5.0),
    # vi
    ("nhỏ hơn 5", "<", 5.0), ("dưới 5", "<", 5.0), ("lớn hơn 60", ">", 60.0),
    ("trên 60", ">", 60.0), ("Nhỏ hơn 0,5", "<", 0.5), ("60 trở lên", ">=", 60.0),
    # th
    ("น้อยกว่า 5", "<", 5.0), ("น้อยกว่า5", "<", 5.0), ("มากกว่า 60", ">", 60.0),
    ("ต่ำกว่า 1.0", "<", 1.0), ("สูงกว่า 100", ">", 100.0), ("60 ขึ้นไป", ">=", 60.0),
]

# (text, decimal, plausible, value, assumption)
AMBIGUOUS = [
    ("6.650", None, None, 6.65, "6.650 read as 6.65 (dot as decimal separator, by default)"),
    ("1,234", None, None, 1.234,
     "1,234 read as 1.234 (comma as decimal separator, by default)"),
    ("6.650", ",", None, 6650.0,
     "6.650 read as 6650 (the report uses a comma as decimal separator)"),
    ("6.650", ".", None, 6.65,
     "6.650 read as 6.65 (the report uses a dot as decimal separator)"),
    ("1,234", ".", None, 1234.0,
     "1,234 read as 1234 (the report uses a dot as decimal separator)"),
    ("1,234", ",", None, 1.234,
     "1,234 read as 1.234 (the report uses a comma as decimal separator)"),
    ("6.650", None, (1000.0, 20000.0), 6650.0,
     "6.650 read as 6650 (dot as thousands separator: 6.65 is implausible)"),
    ("6.650", None, (1.0, 20.0), 6.65,
     "6.650 read as 6.65 (dot as decimal separator: 6650 is implausible)"),
    ("1,234", None, (0.5, 3.0), 1.234,
     "1,234 read as 1.234 (comma as decimal separator: 1234 is implausible)"),
    ("1,234", None, (100.0, 5000.0), 1234.0,
     "1,234 read as 1234 (comma as thousands separator: 1.234 is implausible)"),
    ("6.650", None, (0.0, 100000.0), 6.65,
     "6.650 read as 6.65 (dot as decimal separator, by default)"),
    ("6.650", ",", (1.0, 20.0), 6650.0,
     "6.650 read as 6650 (the report uses a comma as decimal separator)"),
    ("150,000", None, None, 150000.0,
     "150,000 read as 150000 (comma as thousands separator: a 000 group)"),
    ("450.000", None, None, 450000.0,
     "450.000 read as 450000 (dot as thousands separator: a 000 group)"),
    ("1.000", None, (0.5, 2.0), 1.0,
     "1.000 read as 1 (dot as decimal separator: 1000 is implausible)"),
    ("1.000", ".", None, 1.0, "1.000 read as 1 (the report uses a dot as decimal separator)"),
    ("<6.650", ",", None, 6650.0,
     "6.650 read as 6650 (the report uses a comma as decimal separator)"),
    ("-1,500", None, (-3.0, 3.0), -1.5,
     "-1,500 read as -1.5 (comma as decimal separator: -1500 is implausible)"),
    ("4.500 x 10^3", None, (1000.0, 20000.0), 4500.0,
     "4.500 x 10^3 read as 4500 (dot as decimal separator: 4500000 is implausible)"),
    ("4.500 X 10³", None, (1e6, 1e7), 4.5e6,
     "4.500 x 10^3 read as 4500000 (dot as thousands separator: 4500 is implausible)"),
    ("6. 650", ",", None, 6650.0,
     "6.650 read as 6650 (the report uses a comma as decimal separator)"),
]

UNAMBIGUOUS_WITH_HINTS = [
    ("5.4", ","), ("5,4", "."), ("0.650", ","), ("0,650", "."), ("1234.567", ","),
    ("6.6500", ","), ("1.234.567", "."), ("12 500", "."), ("1,234.5", ","),
]


@pytest.mark.parametrize(("text", "value"), PLAIN)
def test_plain_numbers(text, value):
    assert parse_number(text) == ParsedNumber(value, None, text.strip(), None)


@pytest.mark.parametrize("text", NOT_NUMBERS)
def test_not_numbers(text):
    assert parse_number(text) is None


@pytest.mark.parametrize(("text", "comparator", "value"), CENSORED)
def test_censored_values(text, comparator, value):
    assert parse_number(text) == ParsedNumber(value, comparator, text.strip(), None)


@pytest.mark.parametrize(("text", "decimal", "plausible", "value", "assumption"), AMBIGUOUS)
def test_ambiguous_three_digit_groups(text, decimal, plausible, value, assumption):
    parsed = parse_number(text, decimal=decimal, plausible=plausible)
    assert parsed.value == value
    assert parsed.assumption == assumption


@pytest.mark.parametrize(("text", "decimal"), UNAMBIGUOUS_WITH_HINTS)
def test_hints_do_not_touch_unambiguous_numbers(text, decimal):
    parsed = parse_number(text, decimal=decimal, plausible=(1e6, 1e7))
    assert parsed.assumption is None
    assert parsed.value == parse_number(text).value


def test_censored_value_is_never_zero():
    parsed = parse_number("<0.01")
    assert parsed.value == 0.01 and parsed.comparator == "<"


@pytest.mark.parametrize(("text", "languages", "comparator"), [
    ("unter 5", ["de"], "<"), ("unter 5", ["en"], None), ("menor de 5", ["es"], "<"),
    ("menor de 5", ["fr", "en"], None), ("< 5", ["th"], "<"), ("5'ten küçük", ["tr"], "<"),
])
def test_comparator_words_come_from_the_lexicon(text, languages, comparator):
    parsed = parse_number(text, lexicon=load_lexicon(languages))
    assert (parsed and parsed.comparator) == comparator


@pytest.mark.parametrize("decimal", [";", "dot", ""])
def test_bad_decimal_raises(decimal):
    with pytest.raises(ValueError):
        parse_number("5.4", decimal=decimal)


@pytest.mark.parametrize(("numbers", "convention"), [
    (["5.4", "13.2", "0.9"], "."), (["5,4", "13,2", "0,9"], ","),
    (["5,4", "13,2", "1.5"], ","), (["5.4", "13.2", "1,5"], "."),
    (["1,234.5"], "."), (["1.234,5"], ","), (["1.234.567"], ","), (["1,234,567"], "."),
    (["6.650", "1,234"], None), (["6.650"], None), ([], None), (["Negative", "abc"], None),
    (["5", "120"], None), (["5.4", "5,4"], None), (["150,000", "4,500"], "."),
    (["150.000"], ","), (["<0,5", "> 1,5"], ","), (["3.5 - 5.0"], "."),
    (["12 500,5"], ","), (["12 500"], None), (["0,125"], ","), (["0.125", "1,234"], "."),
    (iter(["5,4"]), ","), (["4,5 x 10^9"], ","), (["1234,567"], ","),
])
def test_detect_decimal_convention(numbers, convention):
    assert detect_decimal_convention(numbers) == convention


def test_text_is_kept_as_given():
    assert parse_number("  < 0,5  ").text == "< 0,5"


@pytest.mark.parametrize(("text", "value"), [
    ("S9", 59.0), ("B4,5", 84.5), ("O.3", 0.3), ("3l", 31.0), ("l.4", 1.4), ("<O.5", 0.5),
    ("4l6", 416.0)])
def test_whole_values_read_through_ocr_look_alikes(text, value):
    assert parse_number(text).value == value



@pytest.mark.parametrize(("text", "value"), [("‘40", 40.0), ("'40'", 40.0), ("19.  5", 19.5),
                                             ("5. 60", 5.6)])
def test_ocr_specks_and_gaps_around_a_number(text, value):
    assert parse_number(text).value == value


@pytest.mark.parametrize(("text", "value", "comparator"), [
    ("1:160", 160.0, None), ("<1:40", 40.0, "<"), ("1 : 80", 80.0, None), ("≥ 1:320", 320.0, ">="),
])
def test_a_titre_reads_as_its_reciprocal(text, value, comparator):
    parsed = parse_number(text)
    assert (parsed.value, parsed.comparator) == (value, comparator)


@pytest.mark.parametrize("text", ["1:1.5", "11:30", "1:160:2", "1:5"])
def test_ratios_and_times_are_no_titres(text):
    assert parse_number(text) is None
