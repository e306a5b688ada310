"""End to end with the shipped model: text, PDF, image; the rules' effect; no network."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest

from bloodclarity.extract.extractor import Extractor

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples/sample-report.txt"


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(threads=1)


def by_analyte(report):
    return {r.biomarker: r for r in report.results}


def test_sample_report_text(extractor):
    report = extractor.extract(SAMPLE)
    found = by_analyte(report)
    assert found["hemoglobin"].value == 128 and found["hemoglobin"].ucum == "g/L"
    assert found["potassium"].value == 5.6 and found["potassium"].flag == "H"
    assert found["potassium"].flag_source == "report"
    assert found["glucose"].value == 6.4 and found["glucose"].ucum == "mmol/L"
    assert found["hba1c"].ucum == "mmol/mol" and found["hba1c"].reference_range.high == 42
    assert found["egfr"].comparator == ">" and found["egfr"].value == 90
    assert found["ferritin"].flag == "L"
    assert found["glucose"].line == SAMPLE.read_text().splitlines().index(
        next(x for x in SAMPLE.read_text().splitlines() if x.startswith("Glucose"))) + 1
    values = {r.value for r in report.results}
    assert 2619 not in values and 4471208 not in values, "header numbers are not results"
    assert len(report.results) >= 18


def test_sample_report_pdf(extractor):
    report = extractor.extract(ROOT / "examples/sample-report.pdf")
    found = by_analyte(report)
    assert found["sodium"].value == 139 and found["ldl"].flag == "H"
    assert found["sodium"].bbox is not None and len(found["sodium"].bbox) == 4


def test_rendered_image_through_tesseract(extractor, tmp_path):
    if shutil.which("tesseract") is None:
        pytest.skip("Debian's tesseract-ocr is not installed")
    from PIL import Image, ImageDraw, ImageFont

    lines = ["CLINICAL CHEMISTRY", "Test            Result   Units     Reference",
             "Sodium          139      mmol/L    135 - 145",
             "Potassium       5.6  H   mmol/L    3.5 - 5.2",
             "Creatinine      72       umol/L    45 - 90"]
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf", 28)
    image = Image.new("RGB", (1400, 60 + 50 * len(lines)), "white")
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((40, 30 + 50 * i), line, fill="black", font=font)
    path = tmp_path / "scan.png"
    image.rotate(1.5, expand=True, fillcolor="white").save(path)
    found = by_analyte(extractor.extract(path))
    assert found["sodium"].value == 139 and found["potassium"].value == 5.6
    assert found["creatinine"].ucum == "umol/L"


def test_implausible_value_is_rejected_with_its_reason(extractor):
    text = "Test        Result  Units   Reference\nPotassium   45      mmol/L  3.5 - 5.2\n"
    report = extractor.extract("x", text=text)
    assert not [r for r in report.results if r.biomarker == "potassium"]
    (rejected,) = report.rejected
    assert rejected.status == "implausible" and "plausible range" in rejected.reasons[0]


@pytest.mark.parametrize(("value", "unit"), [("5.4", "mmol/L"), ("98", "mg/dL")])
def test_unit_less_glucose_gets_its_unit(extractor, value, unit):
    text = f"Test          Result   Reference\nGlucose       {value}\nSodium        140\n"
    found = by_analyte(extractor.extract("x", text=text))
    assert found["glucose"].ucum == unit and found["glucose"].unit_inferred


def test_censored_value_keeps_its_comparator(extractor):
    text = "Test     Result   Units   Reference\nCRP      <0.5     mg/L    < 5.0\n"
    crp = by_analyte(extractor.extract("x", text=text))["crp"]
    assert crp.comparator == "<" and crp.value == 0.5 and crp.value_text == "<0.5"


def test_previous_result_column_is_not_the_result(extractor):
    text = ("Test        Result   Previous   Units    Reference\n"
            "Sodium      141      133        mmol/L   135 - 145\n"
            "Potassium   4.1      3.3        mmol/L   3.5 - 5.2\n")
    found = by_analyte(extractor.extract("x", text=text))
    assert found["sodium"].value == 141 and found["potassium"].value == 4.1
    assert len([r for r in extractor.extract("x", text=text).results]) == 2


def test_no_network_at_run_time(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    report = Extractor(threads=1).extract(SAMPLE)
    assert len(report.results) >= 18


def test_a_lone_equals_sign_is_read_as_the_analytes_inequality(extractor):
    report = extractor.extract("scan", text="TPOAb  31  IU/mL  = 34\n"
                                            "est GFR  84.9  mL/min/1.73m2  = 90\n")
    tpo, gfr = report.results
    assert (tpo.reference_range.low, tpo.reference_range.high) == (None, 34.0)
    assert (gfr.reference_range.low, gfr.reference_range.high, gfr.flag) == (90.0, None, "L")


def test_a_value_printed_before_its_name(extractor):
    report = extractor.extract("flattened", text="22.9 Anti-TG 0-40 IU/mL\n"
                                                 "8.78 SHBG 13 - 71 nmol/L\n")
    assert [(r.biomarker, r.value, r.ucum) for r in report.results] == [
        ("anti_tg", 22.9, "[IU]/mL"), ("shbg", 8.78, "nmol/L")]


def test_a_value_before_its_name_and_titres(extractor):
    texts = ["4.31 Potassium 3.5 - 5.1 mmol/L",
             "Anticuerpos antinucleares: 2 titer (Referencia: 0 - 1)",
             "ANA (IIF)   1:320  H   <1:80"]
    results = [r for t in texts for r in extractor.extract("titres", text=t).results]
    assert [(r.biomarker, r.value, r.ucum) for r in results] == [
        ("potassium", 4.31, "mmol/L"), ("ana", 2.0, "{titer}"), ("ana", 320.0, "{titer}")]
    assert (results[2].flag, results[2].reference_range.high) == ("H", 80.0)


def test_the_unit_or_the_value_tells_shared_names_apart(extractor):
    report = extractor.extract("shared", text="Thyroxine  15.2 pmol/L\nSaturation  38.1 %\n"
                                              "Sat  97 %\nLeukocytes  3.33\n")
    assert [r.biomarker for r in report.results] == [
        "free_t4", "transferrin_saturation", "oxygen_saturation", "wbc"]


def test_element_symbols_and_pulse_oximetry(extractor):
    report = extractor.extract("symbols", text="Hg: 12.6 µg/L [0 - 50]\nPb 0.18 µg/dL\n"
                                               "SpO2: 97.2 %\nFree T: 152 pg/mL\n"
                                               "Base deficit 3.4 mmol/L\n")
    assert [(r.biomarker, r.value, r.loinc) for r in report.results] == [
        ("mercury", 12.6, "5685-3"), ("lead", 0.18, "5671-3"),
        ("oxygen_saturation_pulse", 97.2, "59408-5"), ("free_testosterone", 152.0, "2991-8"),
        ("base_deficit", 3.4, "1922-4")]
