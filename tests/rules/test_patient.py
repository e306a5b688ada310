"""The patient's sex from a report header, in every language."""

from __future__ import annotations

import pytest

from bloodclarity.rules.patient import detect_sex


@pytest.mark.parametrize(
    ("text", "sex"),
    [("Sex: F", "female"), ("Sex: Male", "male"), ("Gender : M", "male"),
     ("Sexo        : M", "male"), ("Sexo: Femenino", "female"), ("Sexo: Masculino.", "male"),
     ("Sexe : Masculin", "male"), ("Geschlecht: W", "female"), ("Geschlecht: männlich", "male"),
     ("Sesso: F", "female"), ("Jenis Kelamin: L", "male"), ("JK : P", "female"),
     ("Cinsiyet: E", "male"), ("Cinsiyeti: Kadın", "female"), ("Giới tính : Nữ", "female"),
     ("Giới tính: Nam", "male"), ("เพศ: หญิง", "female"), ("เพศ : ชาย", "male"),
     ("Patient: DOE, Jane   DOB: 14/03/1971   Sex: F   MRN: 4471208", "female"),
     ("Gender : Femate", "female"), ("Sex: Ma1e", "male"), ("Sexo: Masculimo", "male")],
)
def test_detect_sex(text, sex):
    assert detect_sex(text) == sex


@pytest.mark.parametrize("text", ["", "Sodium 140 mmol/L", "Sex: X", "Sex: F\nSex: M",
                                  "Sex: Mate"])
def test_no_or_conflicting_sex(text):
    assert detect_sex(text) is None
