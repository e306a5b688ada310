"""Parity of the JavaScript rule layer (web/src/rules/) with the Python rules.

The same reports go through the Python path (make_entities -> assemble -> interpret_all with
detect_sex) and through ``node web/tools/oracle.mjs``; every result must agree field by field.
A second test runs a table of tricky single inputs through single functions on both sides.
"""

from __future__ import annotations

import json
import math
import shutil
import subprocess
from pathlib import Path

import pytest

from bloodclarity.corpus.generate import SPLITS, generate_corpus, make_report
from bloodclarity.corpus.resources import load_families
from bloodclarity.extract.assemble import assemble, make_entities
from bloodclarity.extract.columns import current_values
from bloodclarity.extract.interpret import interpret_all
from bloodclarity.extract.ocr import repair_ocr_line
from bloodclarity.extract.relabel import relabel
from bloodclarity.extract.spans import snap_spans
from bloodclarity.knowledge import load_knowledge_base
from bloodclarity.rules.conversion import convert
from bloodclarity.rules.flags import derive_flag, parse_flag, split_glued_flag
from bloodclarity.rules.inference import best_fit, infer_unit, range_misfit, unit_by_range
from bloodclarity.rules.lexicon import fold
from bloodclarity.rules.names import fold_name, match_name, ocr_skeleton, repair_ocr_letters
from bloodclarity.rules.numbers import (
    detect_decimal_convention,
    normalize,
    parse_number,
    read_number,
    repair_ocr,
)
from bloodclarity.rules.patient import detect_sex
from bloodclarity.rules.plausibility import check_plausible
from bloodclarity.rules.ranges import ReferenceRange, parse_range, restore_lost_decimal
from bloodclarity.rules.units import fold_unit, normalise_unit, unit_for_analyte

ROOT = Path(__file__).resolve().parents[2]
ORACLE = ROOT / "web" / "tools" / "oracle.mjs"
NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(NODE is None, reason="node (Node.js >= 20) is not on PATH")

NUM_REPORTS, SEED = 60, 5
FIELDS = ("name", "biomarker", "loinc", "value", "value_text", "comparator", "unit", "ucum",
          "unit_inferred", "reference_range", "flag", "flag_source", "status", "line")
REL_TOL = 1e-9


def run_oracle(request: dict) -> dict:
    proc = subprocess.run([NODE, str(ORACLE)], input=json.dumps(request, ensure_ascii=False),
                          capture_output=True, text=True, encoding="utf-8", cwd=ROOT,
                          timeout=300, check=False)
    assert proc.returncode == 0, f"oracle.mjs failed:\n{proc.stderr}"
    return json.loads(proc.stdout)


def js_float(value):
    """The oracle writes non-finite floats as strings."""
    return float(value) if value in ("Infinity", "-Infinity", "NaN") else value


def same_number(py: float, js: float) -> bool:
    if math.isnan(py) or math.isnan(js):
        return math.isnan(py) and math.isnan(js)
    if math.isinf(py) or math.isinf(js):
        return py == js
    return math.isclose(py, js, rel_tol=REL_TOL, abs_tol=0.0)


def same(py, js) -> bool:
    """Deep equality; numbers compare at REL_TOL, tuples as lists, bools only with bools."""
    if isinstance(py, bool) or isinstance(js, bool):
        return py is js
    if isinstance(py, (int, float)):
        js = js_float(js)
        return isinstance(js, (int, float)) and same_number(float(py), float(js))
    if isinstance(py, (list, tuple)):
        return isinstance(js, list) and len(py) == len(js) and all(map(same, py, js))
    if isinstance(py, dict):
        return isinstance(js, dict) and py.keys() == js.keys() and all(
            same(py[k], js[k]) for k in py)
    return type(py) is type(js) and py == js


# Hand-marked texts for rules the corpus does not exercise: a value printed before its name,
# names shared by analytes that the value or the unit tells apart.
HAND_REPORTS = [
    ("22.93 Anti-TG (Method) 0-40 IU/mL\n0.55 Hematocrit 0.4 - 0.54 L/L\n",
     [("VALUE", "22.93"), ("BIOMARKER", "Anti-TG (Method)"), ("RANGE", "0-40"),
      ("UNIT", "IU/mL"), ("VALUE", "0.55"), ("BIOMARKER", "Hematocrit"), ("RANGE", "0.4 - 0.54"),
      ("UNIT", "L/L")]),
    (("Saturation: 38.1 %\nThyroxine: 35,45 pmol/L\nThyroxine 8.5\nLH Female 15.4 IU/L\n"
      "Leukocytes 3.33\n"),
     [("BIOMARKER", "Saturation"), ("VALUE", "38.1"), ("UNIT", "%"), ("BIOMARKER", "Thyroxine"),
      ("VALUE", "35,45"), ("UNIT", "pmol/L"), ("BIOMARKER", "Thyroxine"), ("VALUE", "8.5"),
      ("BIOMARKER", "LH Female"), ("VALUE", "15.4"), ("UNIT", "IU/L"),
      ("BIOMARKER", "Leukocytes"), ("VALUE", "3.33")]),
]


def _hand_report(n: int, text: str, pieces: list[tuple[str, str]]) -> dict:
    marked = _marked(text, [(label, piece, 1.0) for label, piece in pieces])
    return {"id": f"hand-{n}", "language": "en", "text": text,
            "entities": [{"label": label, "start": a, "end": b} for label, a, b, _ in marked]}


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> list[dict]:
    """The 60-report corpus (all four splits), one report of each language it misses, and
    the hand-marked texts."""
    out = tmp_path_factory.mktemp("corpus")
    generate_corpus(out, NUM_REPORTS, seed=SEED)
    found = []
    for split in SPLITS:
        with (out / f"{split}.jsonl").open(encoding="utf-8") as fh:
            found.extend(json.loads(line) for line in fh)
    assert len(found) == NUM_REPORTS
    languages = {r["language"] for r in found}
    for n, family in enumerate(sorted(load_families().values(), key=lambda f: f.name)):
        if family.language not in languages:
            found.append(make_report(SEED, 1_000_000 + n, family.name))
            languages.add(family.language)
    return found + [_hand_report(n, text, pieces) for n, (text, pieces) in enumerate(HAND_REPORTS)]


def python_results(report: dict, kb) -> list[dict]:
    text = report["text"]
    ents = make_entities(text, [(e["label"], e["start"], e["end"], 1.0)
                                for e in report["entities"]])
    results = interpret_all(assemble(ents, text), kb, sex=detect_sex(text))
    return [r.to_dict() for r in results]


def test_reports_match_python(reports):
    kb = load_knowledge_base()
    assert {r["language"] for r in reports} >= set(kb.languages), "a language is not exercised"
    expected = [python_results(r, kb) for r in reports]
    got = run_oracle({"reports": [{"text": r["text"], "entities": r["entities"]}
                                  for r in reports]})["results"]
    assert len(got) == len(expected)
    mismatches = []
    compared = 0
    for report, py_results, js_results in zip(reports, expected, got, strict=True):
        if len(py_results) != len(js_results):
            mismatches.append(f"{report['id']}: {len(py_results)} Python results, "
                              f"{len(js_results)} JavaScript results")
            continue
        for py, js in zip(py_results, js_results, strict=True):
            compared += 1
            for field in FIELDS:
                if field == "reference_range" and py[field] is not None:
                    py_value = {k: py[field][k] for k in ("low", "high", "text")}
                    js_value = js[field] and {k: js[field].get(k) for k in ("low", "high", "text")}
                else:
                    py_value, js_value = py[field], js[field]
                if not same(py_value, js_value):
                    mismatches.append(f"{report['id']} line {py['line']} {py['name']!r} "
                                      f"{field}: Python {py_value!r} != JavaScript {js_value!r}")
    assert compared > 500, f"only {compared} results compared"
    assert not mismatches, f"{len(mismatches)} mismatches in {compared} results:\n" + "\n".join(
        mismatches[:40])


# ---------------------------------------------------------------------------------------------
# Single functions on tricky inputs


def _unit_match(m) -> dict:
    return {"ucum": m.ucum, "candidates": list(m.candidates), "reason": m.reason}


def _range(r: ReferenceRange | None) -> dict | None:
    return None if r is None else {"low": r.low, "high": r.high, "text": r.text}


def _python_call(kb, name: str, *args):
    keywords = name in ("read_number", "parse_number", "parse_range", "check_plausible")
    kw = args[-1] if keywords and args and isinstance(args[-1], dict) else {}
    args = args[:-1] if kw else args
    if "plausible" in kw and kw["plausible"] is not None:
        kw = {**kw, "plausible": tuple(kw["plausible"])}
    if name == "read_number":
        read = read_number(args[0], **kw)
        return None if read is None else [read[0], read[1] is not None]
    if name == "parse_number":
        n = parse_number(args[0], **kw)
        return None if n is None else {"value": n.value, "comparator": n.comparator,
                                       "text": n.text, "assumed": n.assumption is not None}
    if name == "parse_range":
        return _range(parse_range(args[0], **kw))
    if name == "derive_flag":
        value, comparator, ref = args
        return derive_flag(value, comparator, ref and ReferenceRange.from_dict(ref))
    if name == "normalise_unit":
        return _unit_match(normalise_unit(args[0], kb))
    if name == "unit_for_analyte":
        return _unit_match(unit_for_analyte(args[0], kb[args[1]], kb))
    if name == "match_name":
        m = match_name(args[0], kb)
        return {"analytes": list(m.analytes), "method": m.method, "alias": m.alias,
                "score": m.score}
    if name == "convert":
        analyte, value, src, dst = args
        return convert(kb, kb[analyte], value, src, dst)
    if name == "check_plausible":
        value, unit, analyte = args
        v = check_plausible(value, unit, kb[analyte], kb, **kw)
        return {"ok": v.ok, "si_value": v.si_value}
    if name == "infer_unit":
        printed = tuple(args[2]) if len(args) > 2 and args[2] is not None else None
        inferred = infer_unit(args[0], kb[args[1]], kb, printed)
        return [inferred.unit, inferred.reason]
    if name == "unit_by_range":
        low, high, analyte = args
        return unit_by_range(low, high, kb[analyte], kb)
    if name == "range_misfit":
        low, high, unit, analyte = args
        return range_misfit(low, high, unit, kb[analyte], kb)
    if name == "best_fit":
        return best_fit([tuple(item) for item in args[0]])
    if name == "split_glued_flag":
        return list(split_glued_flag(args[0]))
    if name == "snap_spans":
        text, marked = args
        ents = snap_spans(make_entities(text, [tuple(m) for m in marked]), text)
        return [[e.label, e.start, e.end, e.text] for e in ents]
    if name == "relabel":
        text, marked = args
        ents = relabel(make_entities(text, [tuple(m) for m in marked]), text, kb)
        return [[e.label, e.start, e.end, e.text, e.confidence] for e in ents]
    if name == "current_values":
        text, marked = args
        ents = current_values(make_entities(text, [tuple(m) for m in marked]), text)
        return [[e.label, e.start, e.end, e.text] for e in ents]
    simple = {"casefold": str.casefold, "fold": fold, "normalize": normalize,
              "repair_ocr": repair_ocr, "detect_decimal_convention": detect_decimal_convention,
              "parse_flag": parse_flag, "fold_unit": fold_unit, "fold_name": fold_name,
              "repair_ocr_letters": repair_ocr_letters, "detect_sex": detect_sex,
              "ocr_skeleton": ocr_skeleton, "restore_lost_decimal": restore_lost_decimal,
              "repair_ocr_line": repair_ocr_line}
    return simple[name](*args)


_FIXED = ("Analyt          Vorwert   Wert      Einheit\n"
          "Glucose         5.1       6.2       mmol/L\n"
          "Natrium         140       138       mmol/L\n"
          "Kalium          4.1                 mmol/L\n\n"
          "Harnstoff       5.5       7.0       mmol/L\n")
_PIPES = "| Test | Resultado | Resultado anterior |\n| Glicose 𝔾 | 98 | 91 |\n"
COLUMN_CASES = [  # (text, [(label, printed piece, confidence)] in order of appearance)
    (_FIXED, [("VALUE", "5.1", 1.0), ("VALUE", "138", 0.9)]),
    (_FIXED, [("VALUE", "5.1", 1.0), ("VALUE", "6.2", 1.0)]),
    (_FIXED, [("VALUE", "4.1", 1.0)]),
    (_FIXED, [("BIOMARKER", "Harnstoff", 1.0), ("VALUE", "5.5", 1.0)]),
    (_PIPES, [("VALUE", "91", 1.0)]),
    ("Test  Ergebnis  Einheit\nNa    140       mmol/L\n", [("VALUE", "140", 1.0)]),
    ("Test  V0rbefund  Wert\nNa    140        138\n", [("VALUE", "140", 1.0)]),
    ("Test  Wert  Vorbefund\nNa 𝔾  140   138  mmol/L\n", [("BIOMARKER", "Na 𝔾", 0.7),
                                                       ("UNIT", "mmol/L", 1.0)]),
    ("ผลการตรวจ   ผลครั้งก่อน\n5.1        4.9\n", [("VALUE", "4.9", 1.0)]),
]


SNAP_CASES = [
    ("ALT (SGPT)   l3   95   U/l", [("BIOMARKER", "ALT (SGPT)", 1.0), ("VALUE", "3", 0.9)]),
    ("THROMBOCYTE5 S15 240", [("BIOMARKER", "THROMBOCYTE5 S", 1.0), ("VALUE", "15", 0.8)]),
    ("Base excess     -1.03  mmol/L", [("BIOMARKER", "Base excess     -", 1.0),
                                        ("VALUE", "1.03", 1.0), ("UNIT", "mmol/L", 1.0)]),
    ("Hct 0.42l/l 𝔾 5l", [("VALUE", "0.42", 1.0), ("VALUE", "5", 1.0)]),
    ("Hb 𝔾 B12 x", [("VALUE", "12", 1.0)]),
    ("Eos 𝔾 0.15 10%3/uL 0.02-0.50", [("VALUE", "0.15", 1.0), ("UNIT", "10", 0.9),
                                     ("RANGE", "0.02-0.50", 1.0)]),
    ("Hb 13.5g/dL", [("VALUE", "13.5", 1.0), ("UNIT", "g", 1.0)]),
    ("HGB 𝔾 159 g/L l30 - 170 H", [("VALUE", "159", 1.0), ("FLAG", "l", 0.6),
                                  ("RANGE", "30 - 170", 1.0), ("FLAG", "H", 1.0)]),
    ("BASO 𝔾 0.138 H 10%9/L 0.02", [("VALUE", "0.138", 1.0), ("FLAG", "H", 1.0),
                                   ("UNIT", "10", 0.7), ("UNIT", "%9/L", 0.9)]),
    ("𝔾 Vitamin B12..........514 pg/mL........150-650",
     [("BIOMARKER", "Vitamin B", 1.0), ("VALUE", "12..........514", 0.6),
      ("RANGE", "........150-650", 0.9)]),
    ("Base excess…-0.87 𝔾 mEq/L", [("BIOMARKER", "Base excess", 1.0), ("VALUE", "0.87", 1.0)]),
    ("SaO2: 99.08 𝔾 %", [("BIOMARKER", "SaO", 1.0), ("VALUE", "99.08", 1.0)]),
    ("ca199: 𝔾 8.87", [("BIOMARKER", "ca", 1.0), ("VALUE", "199", 0.5), ("VALUE", "8.87", 1.0)]),
    ("Hb13 g/dL\nNa 140", [("BIOMARKER", "Hb", 1.0), ("VALUE", "13", 1.0),
                          ("VALUE", "140", 1.0)]),
    ("WBC5 RBC 4.5", [("BIOMARKER", "WBC", 1.0), ("VALUE", "5", 1.0),
                      ("BIOMARKER", "RBC", 1.0), ("VALUE", "4.5", 1.0)]),
    ("Factor I.......... 3.99", [("BIOMARKER", "Factor I..........", 1.0),
                                 ("VALUE", "3.99", 1.0)]),
    ("Lp(a)     21      s 30   𝔾 mg/dl", [("BIOMARKER", "Lp(a)", 1.0),
                                          ("VALUE", "21      s", 0.8), ("UNIT", "mg/dl", 1.0)]),
    ("x 𝔾 O  …", [("VALUE", "O  …", 0.8)]),
    ("Insulin  𝔾 19.  5   uIU/mL", [("VALUE", "19.  5", 1.0)]),
    ("CA 19-9.....𝔾 45.3", [("BIOMARKER", "CA 19-", 1.0), ("VALUE", "9.....𝔾 45.3", 0.9)]),
    ("Anti-1 𝔾 4.2", [("BIOMARKER", "Anti-", 1.0), ("VALUE", "1", 1.0), ("VALUE", "4.2", 1.0)]),
    ("BE: 𝔾 −0.25mEq/L", [("BIOMARKER", "BE", 1.0), ("VALUE", "−", 0.7), ("VALUE", "0.25", 1.0)]),
    ("pO2 𝔾 86.2 mmHg........80-100", [("VALUE", "86.2", 1.0), ("UNIT", "mm", 0.9),
                                      ("RANGE", "Hg........80-100", 0.8)]),
    ("pO2 𝔾 86.2 mmHg........", [("VALUE", "86.2", 1.0), ("UNIT", "mm", 0.9),
                                ("RANGE", "Hg........", 0.8)]),
    ("x 5.4 mmol/LNormal 3.9-5.5", [("UNIT", "mmol/L", 1.0), ("RANGE", "Normal 3.9-5.5", 1.0)]),
    ("sat 𝔾 14.7 % (LOW)", [("VALUE", "14.7", 1.0), ("RANGE", "(", 0.5), ("FLAG", "LOW", 1.0)]),
    ("Base deficit: -1.7mmol/L", [("BIOMARKER", "Base deficit: -", 1.0), ("VALUE", "1.7", 1.0),
                                  ("UNIT", "mmol/L", 1.0)]),
    ("ANA titre 1:160 H\nANF <1:40\n𝔾 Time 11:30", [("BIOMARKER", "ANA titre 1", 1.0),
                                                 ("VALUE", "160", 1.0), ("VALUE", "40", 1.0),
                                                 ("VALUE", "30", 1.0)]),
    ("2.41 Transferrin 1.9 - 3.4 g/L", [("VALUE", "2.41", 1.0), ("BIOMARKER", "Transferrin 1.9 -", 0.9),
                                        ("VALUE", "3.4", 0.8), ("UNIT", "g/L", 1.0)]),
    ("𝔾 Lymphocytes 1 – 3 %\n0.05 Basophils 0 - 0.1\nRef 0 -\n5.4 CA 19-9 0 - 35",
     [("BIOMARKER", "Lymphocytes 1 – 3", 1.0), ("UNIT", "%", 1.0), ("VALUE", "0.05", 1.0),
      ("BIOMARKER", "Basophils", 1.0), ("RANGE", "0 -", 0.7), ("VALUE", "0.1", 1.0),
      ("RANGE", "0 -", 1.0), ("VALUE", "5.4", 1.0), ("BIOMARKER", "CA 19-9 0 - 35", 1.0)]),
    ("1.9 Glucose (Method) 3-6.1\nCA-125....... 22.4", [("VALUE", "1.9", 1.0),
                                                      ("BIOMARKER", "Glucose (Method) 3-", 1.0),
                                                      ("VALUE", "6.1", 1.0),
                                                      ("BIOMARKER", "CA-", 1.0),
                                                      ("VALUE", "125", 0.6),
                                                      ("VALUE", "22.4", 1.0)]),
    ("1.7 CEA (ECLIA) 0-4 ng/mL\n𝔾 (x) 1.2-3", [("VALUE", "1.7", 1.0),
                                                ("BIOMARKER", "CEA (ECLIA) 0-4", 0.9),
                                                ("BIOMARKER", "𝔾 (x) 1.2-3", 1.0)]),
]

RELABEL_CASES = [
    ("4.31 Potassium 3.5 - 5.1 mmol/L\n4.12 FT3 3.1 - 6.8 pmol/L\n7.41 pH 7.35 - 7.45",
     [("VALUE", "4.31", 1.0), ("FLAG", "Potassium", 0.9), ("RANGE", "3.5 - 5.1", 1.0),
      ("UNIT", "mmol/L", 1.0), ("VALUE", "4.12", 1.0), ("UNIT", "FT3", 0.8),
      ("RANGE", "3.1 - 6.8", 1.0), ("UNIT", "pmol/L", 1.0), ("VALUE", "7.41", 1.0),
      ("UNIT", "pH", 1.0), ("RANGE", "7.35 - 7.45", 1.0)]),
    ("𝔾 ANA: 0 titer (0-0)\nANA  1.5)\nCA 125 x\nANA 40\nGlucose\n5.4\nHb 12-3 H\nLDL 3,2",
     [("BIOMARKER", "ANA", 1.0), ("RANGE", "0-0", 1.0), ("BIOMARKER", "ANA", 1.0),
      ("BIOMARKER", "CA", 1.0), ("BIOMARKER", "ANA", 1.0), ("BIOMARKER", "Glucose", 1.0),
      ("VALUE", "5.4", 1.0), ("BIOMARKER", "Hb", 1.0), ("FLAG", "H", 1.0),
      ("BIOMARKER", "LDL", 1.0)]),
    ("4.31 Potassium 3.5 - 5.1 mmol/L", [("VALUE", "4.31", 1.0), ("FLAG", "Potassium", 0.9)]),
    ("21.5 𝔾 CA 19-9 0 - 35 U/mL\nGlucose 5.4 3.9-5.5\nCA  15-3",
     [("VALUE", "21.5", 1.0), ("BIOMARKER", "CA", 0.9), ("RANGE", "19-9", 0.8),
      ("RANGE", "0 - 35", 1.0), ("BIOMARKER", "Glucose", 1.0), ("VALUE", "5.4", 1.0),
      ("RANGE", "3.9-5.5", 1.0), ("BIOMARKER", "CA", 1.0), ("RANGE", "15-3", 1.0)]),
    ("Partial pressure O2.......... 92.7\n𝔾 Partial Pressure O2: 88.4 mmHg\nCA 125",
     [("BIOMARKER", "Partial pressure", 1.0), ("VALUE", "O2", 0.6), ("VALUE", "92.7", 1.0),
      ("BIOMARKER", "Partial Pressure O", 1.0), ("VALUE", "2", 0.7), ("BIOMARKER", "CA", 1.0),
      ("VALUE", "125", 1.0)]),
]


def _marked(text: str, pieces: list[tuple[str, str, float]]) -> list[list]:
    out, pos = [], 0
    for label, piece, confidence in pieces:
        start = text.index(piece, pos)
        out.append([label, start, start + len(piece), confidence])
        pos = start + len(piece)
    return out

CALLS = [
    # numbers
    ["parse_number", "6.650"], ["parse_number", "6.650", {"decimal": ","}],
    ["parse_number", "6.650", {"plausible": [0.5, 20]}], ["parse_number", "6,000"],
    ["parse_number", "1,234"], ["parse_number", "1.234,5"], ["parse_number", "12 500"],
    ["parse_number", "1'234,5"], ["parse_number", "150,000"], ["parse_number", ".5"],
    ["parse_number", "<0,5"], ["parse_number", "≤ 0.01"], ["parse_number", "=>90"],
    ["parse_number", "inferior a 0,03"], ["parse_number", "menos de 5"],
    ["parse_number", "5 or less"], ["parse_number", "5 o más"], ["parse_number", "< 5"],
    ["parse_number", "inférieur à 0,5"], ["parse_number", "kleiner als 3"],
    ["parse_number", "น้อยกว่า 5"], ["parse_number", "l3"], ["parse_number", "2S0"],
    ["parse_number", "1.O"], ["parse_number", "5. 5"], ["parse_number", "O.5"],
    ["parse_number", "4.5 x 10^9"], ["parse_number", "4.5×10⁹"], ["parse_number", "1.2E3"],
    ["parse_number", "3e-2"], ["parse_number", "-3.2"], ["parse_number", "+7"],
    ["parse_number", "Negative"], ["parse_number", "1-2"], ["parse_number", "B12"],
    ["parse_number", "๑๒.๕"], ["parse_number", "٣٫٥"], ["parse_number", "１２３"],
    ["parse_number", "9e999"], ["parse_number", "1.234.567"], ["parse_number", "1,2,3"],
    ["parse_number", "0.125"], ["parse_number", "0,125"], ["parse_number", "−4"],
    ["read_number", "6.650", {"plausible": [5000, 9000]}], ["read_number", "x10"],
    ["normalize", "  Hb  ≥ 13⁵ – 17 ’"], ["fold", "Straße  ΣΑΣ ﬁ İ ꭰ"],
    ["casefold", "ẞ ǰ ς ﬀ Ꭰ ꭰ ᾼ"], ["repair_ocr", "l3 - 2S0, 1.O and 3. 9 130--170 B12 S1"],
    ["detect_decimal_convention", ["5,4", "3,2", "1.5"]],
    ["detect_decimal_convention", ["1.000", "2,5"]],
    ["detect_decimal_convention", ["6.650", "7.123"]],
    ["parse_number", "S9"], ["parse_number", "B4,5"], ["parse_number", "3l"],
    ["parse_number", "B,0"], ["parse_number", "s.5"], ["parse_number", "S1"],
    ["parse_number", "lO"], ["parse_number", "SS"], ["parse_number", "1.2.3l"],
    ["parse_number", "5,O"], ["repair_ocr", "B,0 and S.5 and B12 s,1 Bs.5"],
    # ranges
    ["parse_range", "= 34", {"lone_equals": "≤"}], ["parse_range", "(Ref: = 90.0)", {"lone_equals": "≥"}],
    ["parse_range", "<= 5 = 3", {"lone_equals": "≥"}], ["parse_range", "= 34"],
    ["parse_range", "M: 13-17 F: 12-15"], ["parse_range", "M: 13-17 F: 12-15", {"sex": "male"}],
    ["parse_range", "M: 13-17 F: 12-15", {"sex": "female"}],
    ["parse_range", "H: 13-17 M: 12-15", {"sex": "female"}], ["parse_range", "Hasta 40"],
    ["parse_range", "3,5–5,0"], ["parse_range", "130--170"], ["repair_ocr_line", "|  Blood  urea  {|  36  {|    [{  15  -  47  |"],
    ["repair_ocr_line", "|  EOS%  |  1.1]    |  1.0  -  6.0  |"],
    ["repair_ocr_line", "Range [2.15 - 2.55] g"], ["repair_ocr_line", "{ a { b"],
    ["repair_ocr_line", "Colesterol ..cccccscccccccc  rc. 241 mg/dL"],
    ["repair_ocr_line", "Access cocos seco ... x"],
    ["repair_ocr_line", "Blood Urea  ..0oooocoommmmmmmmmo...  22 mg/dl"],
    ["repair_ocr_line", "MPV occcccor   rr    5,2 fL ¿oocccconco o 𝔾 ..."],
    ["repair_ocr_line", "Hemoglobin ... +0. ..oooomo.o.. 16,7 Ketones ........ 0 mg/dL"],
    ["parse_range", "<5"], ["parse_range", "s 40"], ["parse_range", "= 150"], ["parse_range", "s5"], ["parse_range", "0.51  -~  0.95"], ["parse_range", "95 - -108"],
    ["parse_range", "-5 - -2"], ["repair_ocr", "3.9 - -5.5 and -1 -- -3"],
    ["parse_range", " =40"], ["parse_range", "3 = 5"],
    ["parse_range", "> 60"], ["parse_range", "3.5 - 5.0 mmol/L"], ["parse_range", "Negative"],
    ["parse_range", "Negativo"], ["parse_range", "13-17 (M) 12-15 (F)", {"sex": "f"}],
    ["parse_range", "Adults: 10-40\nChildren: 5-20", {"age": 30}],
    ["parse_range", "Adults: 10-40\nChildren: 5-20", {"age": 8}],
    ["parse_range", "18-49 years: 1-5\n50 years or more: 2-8", {"age": 49}],
    ["parse_range", "18-49 years: 1-5\n50 years or more: 2-8", {"age": 50.5}],
    ["parse_range", "from 3 to 5"], ["parse_range", "de 3 a 5"], ["parse_range", "5 or less"],
    ["parse_range", "10+"], ["parse_range", "Homme : 13-17\nFemme : 12-15", {"sex": "male"}],
    ["parse_range", "Männer: 13,5-17,5 Frauen: 12-15,5", {"sex": "female"}],
    ["parse_range", "1.000-4.000"], ["parse_range", "ถึง 40"], ["parse_range", "Up to 1.2"],
    ["parse_range", "mg/24 h 10-20"], ["parse_range", "3..5"], ["parse_range", ""],
    ["parse_range", "x", {"sex": "other"}], ["parse_range", "4,0 – 10,0\r\n"],
    ["parse_range", "39 - 5.5"], ["parse_range", "350 - 5,00"], ["parse_range", "10 - 3.0"],
    ["parse_range", "39 - 55"], ["parse_range", "120 - 1,5"], ["parse_range", "3,9 - 5.5"],
    ["restore_lost_decimal", "39", 39.0, "5.5", 5.5], ["restore_lost_decimal", "350", 350.0, "5,00", 5.0],
    ["restore_lost_decimal", "120", 120.0, "1,5", 1.5], ["restore_lost_decimal", "3", 3.0, "5.5", 5.5],
    # flags
    ["parse_flag", "(H)"], ["parse_flag", "[L]"], ["parse_flag", "H*"], ["parse_flag", "↑↑"],
    ["parse_flag", "Bajo"], ["parse_flag", "Alto"], ["parse_flag", "hoch"], ["parse_flag", "*"],
    ["parse_flag", "+"], ["parse_flag", "ผิดปกติ"], ["parse_flag", "(( H ))"],
    ["split_glued_flag", "5.9H"], ["split_glued_flag", "↑5"], ["split_glued_flag", "H5.9"],
    ["split_glued_flag", "5.9 H"], ["split_glued_flag", "<0.5"], ["split_glued_flag", "12.1*"],
    ["derive_flag", 5.0, None, {"low": 1.0, "high": 4.0, "text": "1-4"}],
    ["derive_flag", 0.4, "<", {"low": 0.0, "high": 1.0, "text": "0-1"}],
    ["derive_flag", 5.0, "<", {"low": 10.0, "high": None, "text": ">10"}],
    ["derive_flag", 4.0, ">", {"low": 1.0, "high": 4.0, "text": "1-4"}],
    ["derive_flag", 4.0, None, None],
    # units
    ["normalise_unit", "IU/m"], ["normalise_unit", "ft"], ["normalise_unit", "mEa/L"], ["normalise_unit", "10°9/L"],
    ["normalise_unit", 'x10"3/uL'], ["normalise_unit", "mmot/L"], ["normalise_unit", "U/7"],
    ["normalise_unit", "U/"], ["normalise_unit", "mmol/"],
    ["unit_for_analyte", "g/dL", "total_t4"], ["unit_for_analyte", "g/L", "ferritin"],
    ["unit_for_analyte", "U/T", "alt"], ["unit_for_analyte", "x ES/L", "neutrophils_abs"],
    ["unit_for_analyte", "mEq/1l", "sodium"], ["unit_for_analyte", "wIU/mL", "insulin"],
    ["unit_for_analyte", "¡mol/L", "creatinine"], ["unit_for_analyte", "Tsd/yul", "basophils_abs"],
    ["unit_for_analyte", "Ratia", "tc_hdl_ratio"], ["unit_for_analyte", "U1", "ast"],
    ["unit_for_analyte", "mg/bL", "crp"], ["unit_for_analyte", "sSumol/L", "creatinine"],
    ["unit_for_analyte", "x10*/uL", "neutrophils_abs"], ["unit_for_analyte", "x10/L", "wbc"],
    ["unit_for_analyte", "x10°/uL", "rbc"], ["match_name", "Het"], ["match_name", "8UN"],
    ["unit_for_analyte", "pmol/L", "creatinine"], ["unit_for_analyte", "pg/dk", "total_t4"],
    ["parse_number", "‘40"], ["parse_number", "19.  5"], ["parse_number", "“1,5”"],
    ["parse_number", "Q.9"], ["repair_ocr", "Q.9 - 1.Q"], ["unit_for_analyte", "mg/d", "magnesium"],
    ["unit_for_analyte", "pg/mL", "ferritin"], ["unit_for_analyte", "mg/m", "glucose"],
    ["normalise_unit", "x10⁹/L"], ["normalise_unit", "mg/dI"], ["normalise_unit", "G/l"],
    ["normalise_unit", "g/l"], ["normalise_unit", "mil/µL"], ["normalise_unit", "µmol/L"],
    ["normalise_unit", "mcg/dL"], ["normalise_unit", "mmoI/L"], ["normalise_unit", "mg/d0"],
    ["normalise_unit", "10*3/uL"], ["normalise_unit", "10 ^ 9 / l"], ["normalise_unit", "mol/L"],
    ["normalise_unit", "U/L."], ["normalise_unit", ""], ["normalise_unit", "furlongs"],
    ["unit_for_analyte", "mil/µL", "wbc"], ["unit_for_analyte", "mol/L", "creatinine"],
    ["fold_unit", "X10^12/L"], ["fold_unit", "mcmol/L"], ["fold_unit", "mg0\n"],
    ["normalise_unit", "10^3/pL"], ["normalise_unit", "pg/dL"], ["normalise_unit", "10^3/L"],
    ["normalise_unit", "K/L"], ["normalise_unit", "pg/mL"], ["normalise_unit", "cells/pL"],
    ["normalise_unit", "p/L"], ["normalise_unit", "fI"], ["normalise_unit", "IU/I"],
    ["normalise_unit", "I/L"], ["normalise_unit", "mIU/mI"], ["normalise_unit", "ImmoI/L"],
    ["normalise_unit", "10^9/I"], ["normalise_unit", "nmoI/L"], ["fold_unit", "Il/L pI fI/L"],
    # names
    ["match_name", "Nat"], ["match_name", "Catt"], ["match_name", "Fat"], ["match_name", "Haemoglobln"], ["match_name", "CHOLESTER0L"], ["match_name", "T5"],
    ["match_name", "Neutrophils"], ["match_name", "S-Creatinine"], ["match_name", "Glucosa"],
    ["match_name", "Glucose, fasting"], ["match_name", "Đường huyết"],
    ["match_name", "น้ำตาลในเลือด"], ["match_name", "Hemoglobina glicada"],
    ["match_name", "Factor VIII"], ["match_name", "Protein S"], ["match_name", "Potasium"],
    ["match_name", "Trigliceridos"], ["match_name", "Ca++"], ["match_name", "Xyzzy"],
    ["fold_name", "Créatinine (sérique)"], ["fold_name", "Ca++ / Na+"],
    ["fold_name", "Größe Ølę"], ["repair_ocr_letters", "cholester0l b1ood hb5"],
    ["repair_ocr_letters", "p04 hc03 b100 ca 0"],
    ["match_name", "8ilirubln"], ["match_name", "Creatinlne"], ["match_name", "5erum Creatinine"],
    ["match_name", "urca"], ["match_name", "Ca1cium"], ["match_name", "Trig1icerides"],
    ["match_name", "Ferrltin"], ["match_name", "rnagnesium"], ["match_name", "Basos"],
    ["ocr_skeleton", "bilirubin"], ["ocr_skeleton", "8ilirubln"], ["ocr_skeleton", "clhdl|c05"],
    # conversion, plausibility, inference
    ["convert", "glucose", 5.5, "mmol/L", "mg/dL"], ["convert", "glucose", 100, "mg/dL", "mmol/L"],
    ["check_plausible", 5.5, "mmol/L", "glucose"], ["check_plausible", 500, "mmol/L", "glucose"],
    ["check_plausible", 500, "mmol/L", "glucose", {"comparator": "<"}],
    ["infer_unit", 5.5, "glucose"], ["infer_unit", 99, "glucose"], ["infer_unit", 14, "hemoglobin"],
    ["infer_unit", 30, "vitamin_d", [20, 50]], ["infer_unit", 30, "vitamin_d", [None, None]],
    ["infer_unit", 5.5, "glucose", [70, 100]], ["infer_unit", 90, "glucose", [70, 110]],
    ["infer_unit", 99, "glucose", [3.9, 5.5]], ["infer_unit", 30, "vitamin_d", [None, 30]],
    ["unit_by_range", 20, 50, "vitamin_d"], ["unit_by_range", 50, 125, "vitamin_d"],
    ["unit_by_range", None, None, "vitamin_d"], ["unit_by_range", 0.02, 0.1, "basophils_abs"],
    ["unit_by_range", 13, 17, "hemoglobin"], ["unit_by_range", 150, 375, "vitamin_d"],
    ["range_misfit", 20, 50, "ng/mL", "vitamin_d"], ["range_misfit", 20, 50, "nmol/L", "vitamin_d"],
    ["range_misfit", None, 30, "ng/mL", "vitamin_d"], ["range_misfit", -1, 0, "ng/mL", "vitamin_d"],
    ["range_misfit", 150, None, "nmol/L", "vitamin_d"], ["range_misfit", 70, 100, "mg/dL", "glucose"],
    ["best_fit", [[1.2, "a"], [1.5, "b"]]], ["best_fit", [[1.2, "a"], [2.0, "b"]]],
    ["best_fit", [[3.0000000000000004, "a"]]], ["best_fit", []], ["best_fit", [[2.0, "b"], [2.0, "a"]]],
    ["best_fit", [[2.9, "b"], [1.4, "a"], [5, "c"]]],
    ["match_name", "Anion Gap / Anion Gap"], ["match_name", "Glucose / Đường huyết"],
    ["match_name", "ldlcholesterol"], ["match_name", "LH Female"], ["match_name", "Na / K"],
    ["match_name", "P (Method)"], ["match_name", "Glucose en ayunas"],
    ["match_name", "Huyết thanh Ferritin"], ["match_name", "Thyroxine"],
    ["match_name", "lhfemale"], ["match_name", "serumiron"], ["match_name", "Glukozaçlık"],
    ["match_name", "Serum Fasting blood sugar"], ["match_name", "Apo B Nữ"],
    ["match_name", "Total RBC count, Male"], ["match_name", "S-Ferritin Male"],
    ["match_name", "Serum Serum triglycerides"], ["match_name", "Plasma Glucose fasting Female"],
    ["ocr_skeleton", "bilirubin direct"],
    *[["normalise_unit", u] for u in ("x10%3/uL", "x103/pL", "x103/uL", "x1079/L", "U/1",
                                       "mg/dt", "mOsm/kg H20", "10^3/pL", "K/L", "ft", "U/st")],
    # patient
    ["detect_sex", "Gender : Femate"], ["detect_sex", "Sex: Mala"], ["detect_sex", "Sex: Fenale"],
    ["detect_sex", "Sexo: M"], ["detect_sex", "Sex: F"], ["detect_sex", "Gender : Male"],
    ["detect_sex", "Sexo: Masculino"], ["detect_sex", "Giới tính: Nữ"], ["detect_sex", "เพศ: ชาย"],
    ["detect_sex", "Sexe : Féminin"], ["detect_sex", "Geschlecht: weiblich"],
    ["detect_sex", "Sex: M\nSex: F"], ["detect_sex", "no header"],
    ["detect_sex", "Sex: Ma1e"], ["detect_sex", "Gender: Fema1e"], ["detect_sex", "Sexo: Masculin0"],
    # columns
    *[["current_values", text, _marked(text, pieces)] for text, pieces in COLUMN_CASES],
    *[["snap_spans", text, _marked(text, pieces)] for text, pieces in SNAP_CASES],
    *[["relabel", text, _marked(text, pieces)] for text, pieces in RELABEL_CASES],
    ["parse_range", "< O.99"], ["parse_range", "35 - S0"], ["parse_range", "l,10-4,40"],
    ["parse_number", "1:160"], ["parse_number", "<1:40"], ["parse_number", "1:1.5"],
    ["parse_number", "11:30"], ["parse_range", "(< 1:160)"], ["parse_range", "1:40 - 1:80"],
]


def test_single_functions_match_python():
    kb = load_knowledge_base()
    got = run_oracle({"calls": CALLS})["calls"]
    assert len(got) == len(CALLS)
    mismatches = []
    for call, js in zip(CALLS, got, strict=True):
        try:
            py = _python_call(kb, *call)
        except (ValueError, KeyError) as error:
            py = {"error": type(error).__name__}
            js = {"error": type(error).__name__} if isinstance(js, dict) and "error" in js else js
        if not same(py, js):
            mismatches.append(f"{call!r}: Python {py!r} != JavaScript {js!r}")
    assert not mismatches, "\n".join(mismatches)
