"""Reference ranges: separators, one-sided words, qualitative ranges, sex and age bands."""

from __future__ import annotations

import pytest

from bloodclarity.rules.lexicon import load_lexicon
from bloodclarity.rules.ranges import ReferenceRange, parse_range

TWO_SIDED = [
    ("3.5 - 5.0", 3.5, 5.0), ("3.5-5.0", 3.5, 5.0), ("3,5–5,0", 3.5, 5.0),
    ("3,5 – 5,0", 3.5, 5.0), ("3.5 — 5.0", 3.5, 5.0), ("3.5−5.0", 3.5, 5.0),
    ("3.5 ~ 5.0", 3.5, 5.0), ("3.5~5.0", 3.5, 5.0), ("3.5 .. 5.0", 3.5, 5.0),
    ("3.5..5.0", 3.5, 5.0), ("(3.5-5.0)", 3.5, 5.0), ("[3.5 ; 5.0]", 3.5, 5.0),
    ("[3,5;5,0]", 3.5, 5.0), ("{3.5 - 5.0}", 3.5, 5.0), ("  3.5 - 5.0  ", 3.5, 5.0),
    ("13 - 17", 13.0, 17.0), ("0 - 40", 0.0, 40.0), ("0.00 - 0.04", 0.0, 0.04),
    ("3.5 - 5.0 mmol/L", 3.5, 5.0), ("4.0 - 11.0 x10^9/L", 4.0, 11.0),
    ("4.0-11.0 x 10^9 /L", 4.0, 11.0), ("13.0 - 17.0 g/dL", 13.0, 17.0),
    ("4.0 x 10^9 - 11.0 x 10^9", 4e9, 11e9), ("Reference: 3.5-5.0", 3.5, 5.0),
    # words between the bounds, per language
    ("3.5 to 5.0", 3.5, 5.0), ("between 3.5 and 5.0", 3.5, 5.0), ("from 3.5 to 5.0", 3.5, 5.0),
    ("3.5 a 5.0", 3.5, 5.0), ("3,5 a 5,0", 3.5, 5.0), ("de 3,5 a 5,0", 3.5, 5.0),
    ("3,5 al 5,0", 3.5, 5.0), ("3,5 até 5,0", 3.5, 5.0), ("de 3,5 até 5,0", 3.5, 5.0),
    ("3,5 à 5,0", 3.5, 5.0), ("de 3,5 à 5,0", 3.5, 5.0), ("3,5 bis 5,0", 3.5, 5.0),
    ("von 3,5 bis 5,0", 3.5, 5.0), ("da 3,5 a 5,0", 3.5, 5.0), ("3,5 sampai 5,0", 3.5, 5.0),
    ("3.5 hingga 5.0", 3.5, 5.0), ("3.5 s/d 5.0", 3.5, 5.0), ("3 ile 5 arası", 3.0, 5.0),
    ("3,5 đến 5,0", 3.5, 5.0), ("từ 3,5 đến 5,0", 3.5, 5.0), ("3.5 ถึง 5.0", 3.5, 5.0),
    ("ตั้งแต่ 3.5 ถึง 5.0", 3.5, 5.0),
    # negative bounds (base excess)
    ("-2 - +2", -2.0, 2.0), ("-2.0 to 2.0", -2.0, 2.0), ("-2.0 - 2.0", -2.0, 2.0),
    ("−2 – +2", -2.0, 2.0), ("(-2.5)-(+2.5)", -2.5, 2.5), ("-3 ~ 3", -3.0, 3.0),
    ("-2,0 a +2,0", -2.0, 2.0), ("-10 - -2", -10.0, -2.0),
    # thousands
    ("150,000 - 450,000", 150000.0, 450000.0), ("150 000 - 450 000", 150000.0, 450000.0),
    ("4,000 - 11,000", 4000.0, 11000.0), ("4,500 - 11,000", 4500.0, 11000.0),
    ("150.000 - 450.000", 150000.0, 450000.0), ("1'500 - 4'000", 1500.0, 4000.0),
    ("1.005 - 1.030", 1.005, 1.03), ("0,5 - 1,234", 0.5, 1.234),
    ("1,234.5 - 2,345.5", 1234.5, 2345.5),
]

ONE_SIDED = [
    ("<5.0", None, 5.0), ("< 5", None, 5.0), ("≤ 5", None, 5.0), ("<=5", None, 5.0),
    ("> 60", 60.0, None), (">60", 60.0, None), ("≥60", 60.0, None), (">= 60", 60.0, None),
    ("(< 5.0)", None, 5.0), ("< 0,5", None, 0.5), ("< 1.000,5", None, 1000.5),
    ("<200 mg/dL", None, 200.0), ("> -2", -2.0, None), ("60+", 60.0, None),
    # en
    ("Up to 40", None, 40.0), ("up to 40", None, 40.0), ("Less than 5", None, 5.0),
    ("Below 5", None, 5.0), ("Above 60", 60.0, None), ("Over 60", 60.0, None),
    ("More than 60", 60.0, None), ("60 or more", 60.0, None), ("5 or less", None, 5.0),
    ("60 and above", 60.0, None), ("At least 60", 60.0, None),
    # es
    ("Hasta 40", None, 40.0), ("hasta 40", None, 40.0), ("Menor de 200", None, 200.0),
    ("Menor que 1", None, 1.0), ("Inferior a 0,5", None, 0.5), ("Mayor de 60", 60.0, None),
    ("Mayor a 60", 60.0, None), ("Mayor que 60", 60.0, None), ("Superior a 40", 40.0, None),
    ("60 o más", 60.0, None),
    # pt
    ("Até 40", None, 40.0), ("Inferior a 200", None, 200.0), ("Menor que 1,0", None, 1.0),
    ("Superior a 60", 60.0, None), ("Acima de 60", 60.0, None), ("Maior que 60", 60.0, None),
    ("A partir de 60", 60.0, None),
    # fr
    ("jusqu'à 40", None, 40.0), ("Jusqu’à 40", None, 40.0), ("Inférieur à 5", None, 5.0),
    ("Supérieur à 60", 60.0, None), ("Au-dessus de 60", 60.0, None), ("< 5,0", None, 5.0),
    # de
    ("bis 40", None, 40.0), ("Bis 40", None, 40.0), ("unter 5", None, 5.0),
    ("kleiner 5,0", None, 5.0), ("über 60", 60.0, None), ("größer als 60", 60.0, None),
    ("ab 60", 60.0, None),
    # it
    ("fino a 40", None, 40.0), ("Inferiore a 5", None, 5.0), ("Minore di 5", None, 5.0),
    ("Superiore a 60", 60.0, None), ("Maggiore di 60", 60.0, None), ("Oltre 60", 60.0, None),
    # id
    ("sampai 40", None, 40.0), ("hingga 40", None, 40.0), ("s/d 40", None, 40.0),
    ("Kurang dari 200", None, 200.0), ("Lebih dari 60", 60.0, None),
    ("Di atas 60", 60.0, None),
    # tr
    ("40'a kadar", None, 40.0), ("100'e kadar", None, 100.0), ("60 üzeri", 60.0, None),
    ("60 ve üzeri", 60.0, None), ("5'ten küçük", None, 5.0), ("60'tan büyük", 60.0, None),
    # vi
    ("Nhỏ hơn 5", None, 5.0), ("Dưới 5", None, 5.0), ("Lớn hơn 60", 60.0, None),
    ("Trên 60", 60.0, None), ("Đến 40", None, 40.0), ("Từ 60", 60.0, None),
    # th
    ("น้อยกว่า 5", None, 5.0), ("มากกว่า 60", 60.0, None), ("ไม่เกิน 40", None, 40.0),
    ("ตั้งแต่ 60", 60.0, None), ("60 ขึ้นไป", 60.0, None),
]

QUALITATIVE = [
    "Negative", "negative", "NEGATIVE", "Not detected", "Non-reactive", "Nonreactive", "Absent",
    "Negativo", "No detectado", "No reactivo", "Não detectado", "Não reagente", "Négatif",
    "Non détecté", "Negativ", "Nicht nachweisbar", "Non rilevato", "Assente", "Negatif",
    "Tidak terdeteksi", "Non reaktif", "Saptanmadı", "Âm tính", "Không phát hiện", "ลบ",
    "ไม่พบ", "Positive", "Reactive", "Positivo", "Reagente", "Positif", "Pozitif",
    "Dương tính", "บวก", "(Negative)", "Negative\n",
]

NO_RANGE = [
    "", "   ", "abc", "5", "Normal", "See comment", "mg/dL", "-", "<", "to", "N/A", "Adults:",
    "Male", "18 years", "*", "Up to", "H: L:",
]

# (text, sex, low, high): the band that applies, or None/None when not exactly one does
SEX_BANDS = [
    ("M: 13-17 F: 12-15", "male", 13.0, 17.0), ("M: 13-17 F: 12-15", "female", 12.0, 15.0),
    ("M: 13-17 F: 12-15", None, None, None), ("M: 13-17 F: 12-15", "M", 13.0, 17.0),
    ("M: 13-17 F: 12-15", "F", 12.0, 15.0), ("M: 13-17; F: 12-15", "female", 12.0, 15.0),
    ("M 13-17, F 12-15", "male", 13.0, 17.0),
    ("Male 13.0-17.0 / Female 12.0-15.5", "male", 13.0, 17.0),
    ("Male 13.0-17.0 / Female 12.0-15.5", "female", 12.0, 15.5),
    ("Male 13.0-17.0 / Female 12.0-15.5", None, None, None),
    ("Men: 13 - 17\nWomen: 12 - 15", "female", 12.0, 15.0),
    ("Males: 0.7-1.3\nFemales: 0.6-1.1", "male", 0.7, 1.3),
    ("13-17 (M), 12-15 (F)", "male", 13.0, 17.0), ("13-17 (M), 12-15 (F)", "female", 12.0, 15.0),
    ("Male:\n13-17\nFemale:\n12-15", "female", 12.0, 15.0),
    ("Female: 12-15", "female", 12.0, 15.0), ("Female: 12-15", "male", None, None),
    ("Female: 12-15", None, 12.0, 15.0),
    # es: H = hombre, M = mujer
    ("H: 13-17 M: 12-15", "male", 13.0, 17.0), ("H: 13-17 M: 12-15", "female", 12.0, 15.0),
    ("H: 13-17 M: 12-15", None, None, None),
    ("Hombres: 13 - 17\nMujeres: 12 - 15", "female", 12.0, 15.0),
    ("Varones 13-17 Mujeres 12-15", "male", 13.0, 17.0),
    # pt
    ("Homens: 13,0 a 17,0\nMulheres: 12,0 a 15,5", "male", 13.0, 17.0),
    ("Homens: 13,0 a 17,0\nMulheres: 12,0 a 15,5", "female", 12.0, 15.5),
    ("Masculino: 0,7 - 1,3 Feminino: 0,6 - 1,1", "female", 0.6, 1.1),
    # fr
    ("H : 13 - 17 F : 12 - 15", "male", 13.0, 17.0),
    ("H : 13 - 17 F : 12 - 15", "female", 12.0, 15.0),
    ("Hommes : 13 - 17\nFemmes : 12 - 15", "female", 12.0, 15.0),
    # de
    ("M: 13-17 W: 12-15", "male", 13.0, 17.0), ("M: 13-17 W: 12-15", "female", 12.0, 15.0),
    ("Männer: 13-17\nFrauen: 12-15", "female", 12.0, 15.0),
    ("m 13 - 17 / w 12 - 15", "female", 12.0, 15.0),
    # it
    ("Uomini: 13-17 Donne: 12-15", "male", 13.0, 17.0),
    ("Maschi 13-17 / Femmine 12-15", "female", 12.0, 15.0),
    # id
    ("L: 13-17 P: 12-15", "male", 13.0, 17.0), ("L: 13-17 P: 12-15", "female", 12.0, 15.0),
    ("Pria 13-17 Wanita 12-15", "female", 12.0, 15.0),
    ("Laki-laki: 13-17\nPerempuan: 12-15", "male", 13.0, 17.0),
    # tr
    ("E: 14-18 K: 12-16", "male", 14.0, 18.0), ("Erkek: 14-18 Kadın: 12-16", "female", 12.0, 16.0),
    # vi
    ("Nam: 13-17 Nữ: 12-15", "male", 13.0, 17.0), ("Nam: 13-17 Nữ: 12-15", "female", 12.0, 15.0),
    # th
    ("ชาย 13-17 หญิง 12-15", "male", 13.0, 17.0), ("ชาย: 13-17\nหญิง: 12-15", "female", 12.0, 15.0),
    ("ช 13-17 ญ 12-15", "female", 12.0, 15.0),
    # one-sided bands
    ("M: <50 F: <35", "female", None, 35.0), ("Male > 40\nFemale > 50", "female", 50.0, None),
    # a lone "M" is male in English but mujer in Spanish: no band with all languages
    ("M: 13-17", "male", None, None), ("M: 13-17", None, None, None),
    # units that look like sex letters are not labels
    ("< 150 mg/24 h", "female", None, 150.0), ("3.5 - 5.0 mmol/L", "female", 3.5, 5.0),
    ("4.0-11.0 x 10^9 /L", "female", 4.0, 11.0),
]

# (text, age, sex, low, high)
AGE_BANDS = [
    ("Adults: 0.5-1.2\nChildren: 0.3-0.7", 40, None, 0.5, 1.2),
    ("Adults: 0.5-1.2\nChildren: 0.3-0.7", 4, None, 0.3, 0.7),
    ("Adults: 0.5-1.2\nChildren: 0.3-0.7", None, None, None, None),
    ("Adults: 0.5-1.2\nChildren: 0.3-0.7", 18, None, 0.5, 1.2),
    ("Adults: 0.5-1.2\nChildren: 0.3-0.7", 17.9, None, 0.3, 0.7),
    ("Adultos: 0,5-1,2\nNiños: 0,3-0,7", 40, None, 0.5, 1.2),
    ("Adultos: 0,5-1,2\nCrianças: 0,3-0,7", 8, None, 0.3, 0.7),
    ("Adultes : 0,5-1,2\nEnfants : 0,3-0,7", 8, None, 0.3, 0.7),
    ("Erwachsene: 0,5-1,2\nKinder: 0,3-0,7", 30, None, 0.5, 1.2),
    ("Adulti: 0,5-1,2\nBambini: 0,3-0,7", 30, None, 0.5, 1.2),
    ("Dewasa: 0.5-1.2\nAnak: 0.3-0.7", 6, None, 0.3, 0.7),
    ("Yetişkin: 0,5-1,2\nÇocuk: 0,3-0,7", 6, None, 0.3, 0.7),
    ("Người lớn: 0,5-1,2\nTrẻ em: 0,3-0,7", 50, None, 0.5, 1.2),
    ("ผู้ใหญ่: 0.5-1.2\nเด็ก: 0.3-0.7", 50, None, 0.5, 1.2),
    ("18-49 years: 10-20\n50+ years: 15-30", 30, None, 10.0, 20.0),
    ("18-49 years: 10-20\n50+ years: 15-30", 49.5, None, 10.0, 20.0),
    ("18-49 years: 10-20\n50+ years: 15-30", 50, None, 15.0, 30.0),
    ("18-49 years: 10-20\n50+ years: 15-30", 80, None, 15.0, 30.0),
    ("18-49 years: 10-20\n50+ years: 15-30", 12, None, None, None),
    ("18-49 years: 10-20\n50+ years: 15-30", None, None, None, None),
    ("< 18 years: 0.3-0.7\n>= 18 years: 0.5-1.2", 17.99, None, 0.3, 0.7),
    ("< 18 years: 0.3-0.7\n>= 18 years: 0.5-1.2", 18, None, 0.5, 1.2),
    ("Up to 17 years: 0.3-0.7\n18 years and over: 0.5-1.2", 17.5, None, 0.3, 0.7),
    ("Up to 17 years: 0.3-0.7\n18 years and over: 0.5-1.2", 18, None, 0.5, 1.2),
    ("0-30 days: 8-20\n1-12 months: 6-14\n1-17 years: 5-12", 0.05, None, 8.0, 20.0),
    ("0-30 days: 8-20\n1-12 months: 6-14\n1-17 years: 5-12", 0.5, None, 6.0, 14.0),
    ("0-30 days: 8-20\n1-12 months: 6-14\n1-17 years: 5-12", 10, None, 5.0, 12.0),
    ("18-49 años: 10-20\n50 años o más: 15-30", 60, None, 15.0, 30.0),
    ("18-49 Jahre: 10-20\nab 50 Jahre: 15-30", 60, None, 15.0, 30.0),
    ("18-49 anni: 10-20\noltre 50 anni: 15-30", 25, None, 10.0, 20.0),
    ("18-49 tahun: 10-20\n> 50 tahun: 15-30", 25, None, 10.0, 20.0),
    ("18-49 yaş: 10-20\n50 yaş üzeri: 15-30", 55, None, 15.0, 30.0),
    ("18-49 tuổi: 10-20\nTrên 50 tuổi: 15-30", 55, None, 15.0, 30.0),
    ("18-49 ปี: 10-20\n50 ปี ขึ้นไป: 15-30", 55, None, 15.0, 30.0),
    ("18-49 ans : 10-20\n50 ans et plus : 15-30", 30, None, 10.0, 20.0),
    # sex and age together
    ("Male 18-49 years: 13-17\nMale 50+ years: 12-16\nFemale: 12-15", 60, "male", 12.0, 16.0),
    ("Male 18-49 years: 13-17\nMale 50+ years: 12-16\nFemale: 12-15", 30, "male", 13.0, 17.0),
    ("Male 18-49 years: 13-17\nMale 50+ years: 12-16\nFemale: 12-15", 30, "female", 12.0, 15.0),
    ("Male 18-49 years: 13-17\nMale 50+ years: 12-16\nFemale: 12-15", None, "male", None, None),
    ("Men: 13-17\nWomen: 12-15\nChildren: 11-16", 40, "male", 13.0, 17.0),
    ("Men: 13-17\nWomen: 12-15\nChildren: 11-16", 10, "male", None, None),
    ("Men: 13-17\nWomen: 12-15\nChildren: 11-16", None, "female", None, None),
    # overlapping groups: no single band
    ("Newborns: 14-24\nChildren: 11-16\nAdults: 12-17", 0.01, None, None, None),
    ("Newborns: 14-24\nChildren: 11-16\nAdults: 12-17", 30, None, 12.0, 17.0),
    ("Newborns: 14-24\nAdults: 12-17", 0.01, None, 14.0, 24.0),
    # labels without known meaning: every band may apply
    ("Desirable: < 200\nBorderline: 200-239\nHigh: >= 240", 40, "male", None, None),
    ("Fasting: 70-100", 40, "male", 70.0, 100.0),
]


@pytest.mark.parametrize(("text", "low", "high"), TWO_SIDED + ONE_SIDED)
def test_numeric_ranges(text, low, high):
    assert parse_range(text) == ReferenceRange(low, high, text.strip())


@pytest.mark.parametrize("text", QUALITATIVE)
def test_qualitative_ranges_keep_the_text(text):
    assert parse_range(text) == ReferenceRange(None, None, text.strip())


@pytest.mark.parametrize("text", NO_RANGE)
def test_no_range(text):
    assert parse_range(text) is None


@pytest.mark.parametrize(("text", "sex", "low", "high"), SEX_BANDS)
def test_sex_bands(text, sex, low, high):
    assert parse_range(text, sex=sex) == ReferenceRange(low, high, text.strip())


@pytest.mark.parametrize(("text", "age", "sex", "low", "high"), AGE_BANDS)
def test_age_bands(text, age, sex, low, high):
    assert parse_range(text, age=age, sex=sex) == ReferenceRange(low, high, text.strip())


@pytest.mark.parametrize(("text", "languages", "sex", "bounds"), [
    ("M: 13-17", ["es"], "female", (13.0, 17.0)), ("M: 13-17", ["es"], "male", (None, None)),
    ("M: 13-17", ["en"], "male", (13.0, 17.0)), ("M: 13-17", ["en"], "female", (None, None)),
    ("M: 13-17", ["en", "de"], "male", (13.0, 17.0)),
    ("M: 13-17", ["en", "es"], "male", (None, None)),
    ("H: 13-17 M: 12-15", ["es"], "male", (13.0, 17.0)),
    ("H: 13-17 M: 12-15", ["en"], "male", (None, None)),
    ("Hasta 40", ["es"], None, (None, 40.0)), ("Hasta 40", ["en"], None, None),
    ("3,5 bis 5,0", ["de"], None, (3.5, 5.0)), ("3,5 bis 5,0", ["fr"], None, None),
])
def test_words_follow_the_report_language(text, languages, sex, bounds):
    expected = bounds and ReferenceRange(*bounds, text)
    assert parse_range(text, sex=sex, lexicon=load_lexicon(languages)) == expected


@pytest.mark.parametrize(("text", "decimal", "low", "high"), [
    ("150.000 - 450.000", ",", 150000.0, 450000.0), ("150,000 - 450,000", ".", 150000.0, 450000.0),
    ("4.500 - 11.000", ",", 4500.0, 11000.0), ("4.500 - 11.000", ".", 4.5, 11.0),
    ("1,005 - 1,030", ",", 1.005, 1.03), ("1,005 - 1,030", ".", 1005.0, 1030.0),
    ("1.005 - 1.030", None, 1.005, 1.03), ("3,5 - 5,0", ".", 3.5, 5.0),
    ("< 1.000", ",", None, 1000.0), ("< 1.000", ".", None, 1.0),
])
def test_decimal_convention(text, decimal, low, high):
    assert parse_range(text, decimal=decimal) == ReferenceRange(low, high, text)


@pytest.mark.parametrize("sex", ["x", "unknown", "hombre"])
def test_bad_sex_raises(sex):
    with pytest.raises(ValueError):
        parse_range("13-17", sex=sex)


@pytest.mark.parametrize("reference", [
    ReferenceRange(3.5, 5.0, "3.5-5.0"), ReferenceRange(None, 5.0, "<5"),
    ReferenceRange(60.0, None, ">60"), ReferenceRange(None, None, "Negative"),
    ReferenceRange(-2.0, 2.0, "-2 - +2"),
])
def test_dict_round_trip(reference):
    assert reference.to_dict() == {"low": reference.low, "high": reference.high,
                                   "text": reference.text}
    assert ReferenceRange.from_dict(reference.to_dict()) == reference


def test_from_dict_accepts_integers():
    assert ReferenceRange.from_dict({"low": 3, "high": 5, "text": "3-5"}) == ReferenceRange(
        3.0, 5.0, "3-5")


@pytest.mark.parametrize(("text", "low", "high"), [
    # OCR damage: look-alike letters for digits, a lost decimal point in the low bound
    ("< O.99", None, 0.99), ("35 - S0", 35.0, 50.0), ("l,10-4,40", 1.1, 4.4),
    ("l30 - 170", 130.0, 170.0), ("6,0-B,0", 6.0, 8.0), ("2O - 66", 20.0, 66.0),
    ("39 - 5.5", 3.9, 5.5), ("350 - 5,00", 3.5, 5.0), ("1300 - 17.00", 13.0, 17.0),
    ("05 - 2.0", 0.5, 2.0), ("Bis 40", None, 40.0), ("10 - 5", 10.0, 5.0),
    # "≤" read as "s"
    ("s 40", None, 40.0), ("s  1.2", None, 1.2),
    # a dash and a tilde
    ("0.51  -~  0.95", 0.51, 0.95), ("95 - -108", 95.0, 108.0), ("-5 - -2", -5.0, -2.0),
])
def test_ocr_damage_is_repaired(text, low, high):
    got = parse_range(text)
    assert (got.low, got.high) == (low, high)


@pytest.mark.parametrize(("text", "lone_equals", "low", "high"), [
    ("= 34", "≤", None, 34.0), ("(Ref:  = 90.0)", "≥", 90.0, None),
    ("<= 5", "≥", None, 5.0)])   # only a lone "=" stands for the lost sign
def test_a_lone_equals_sign_is_read_as_the_lost_inequality(text, lone_equals, low, high):
    rng = parse_range(text, lone_equals=lone_equals)
    assert (rng.low, rng.high) == (low, high)


def test_a_lone_equals_sign_is_no_range_without_knowing_which():
    assert parse_range("= 34") is None


@pytest.mark.parametrize(("text", "low", "high"), [
    ("<1:80", None, 80.0), ("(< 1:160)", None, 160.0), ("1:40 - 1:80", 40.0, 80.0),
])
def test_titre_ranges_read_as_reciprocals(text, low, high):
    rng = parse_range(text)
    assert (rng.low, rng.high) == (low, high)
