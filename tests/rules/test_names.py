"""Printed names -> analytes: every alias, confusable pairs, qualifiers and guarded fuzzy matching."""

from __future__ import annotations

import pytest

from bloodclarity.knowledge import load_knowledge_base
from bloodclarity.rules.names import edit_distance, fold_name, match_name, ocr_skeleton

KB = load_knowledge_base()


def test_every_alias_maps_to_its_analyte():
    for analyte in KB:
        for alias in analyte.all_aliases():
            match = match_name(alias, KB)
            assert analyte.id in match.analytes, (alias, analyte.id, match)
            if fold_name(alias) not in {fold_name(a) for a in analyte.ambiguous_aliases}:
                assert match.analytes == (analyte.id,), (alias, match)


# Confusable names that must stay apart (issue: Na/Ca/K, T3/T4/FT4, LDL/HDL/VLDL, ...).
CONFUSABLE = [
    ("Na", "sodium"), ("Ca", "calcium"), ("K", "potassium"), ("Na+", "sodium"),
    ("K+", "potassium"), ("Sodium", "sodium"), ("Calcium", "calcium"),
    ("Potassium", "potassium"), ("FT4", "free_t4"), ("Free T4", "free_t4"),
    ("FT3", "free_t3"), ("Free T3", "free_t3"), ("TT4", "total_t4"), ("TT3", "total_t3"),
    ("LDL", "ldl"), ("HDL", "hdl"), ("VLDL", "vldl"), ("LDL Cholesterol", "ldl"),
    ("HDL Cholesterol", "hdl"), ("Hb", "hemoglobin"), ("Hgb", "hemoglobin"),
    ("HbA1c", "hba1c"), ("Hemoglobin A1c", "hba1c"), ("ALT", "alt"), ("ALP", "alp"),
    ("AST", "ast"), ("SGPT", "alt"), ("SGOT", "ast"), ("MCH", "mch"), ("MCHC", "mchc"),
    ("MCV", "mcv"), ("Total Bilirubin", "bilirubin_total"),
    ("Direct Bilirubin", "bilirubin_direct"), ("Indirect Bilirubin", "bilirubin_indirect"),
    ("Ionised Calcium", "ionized_calcium"), ("Ionized Calcium", "ionized_calcium"),
    ("Urea", "urea"), ("BUN", "bun"), ("CK", "ck"), ("CK-MB mass", "ck_mb"),
    ("TLC", "wbc"), ("White cell count", "wbc"), ("Haemoglobin", "hemoglobin"), ("Hemoglobina", "hemoglobin"),
    ("Creatinina", "creatinine"), ("Glicose", "glucose"), ("Glukosa", "glucose"),
    ("Triglicéridos", "triglycerides"), ("TSH", "tsh"), ("GGT", "ggt"), ("PSA", "psa"),
    ("CRP", "crp"), ("hs-CRP", "hs_crp"), ("eGFR", "egfr"), ("Hg", "mercury"), ("Pb", "lead"),
    ("SpO2", "oxygen_saturation_pulse"), ("SaO2", "oxygen_saturation"),
    ("Base deficit", "base_deficit"), ("Base excess", "base_excess"),
]


@pytest.mark.parametrize(("printed", "analyte"), CONFUSABLE)
def test_confusable_names_stay_apart(printed, analyte):
    assert match_name(printed, KB).analytes == (analyte,)


@pytest.mark.parametrize(
    ("printed", "analytes"),
    [("WBC", {"wbc", "urine_wbc"}), ("CK-MB", {"ck_mb", "ck_mb_activity"}),
     ("pH", {"ph", "urine_ph"}), ("Lp(a)", {"lipoprotein_a", "lipoprotein_a_molar"}),
     ("Thyroxine", {"total_t4", "free_t4"}), ("T3", {"total_t3", "free_t3"}),
     ("FT", {"free_t4", "free_t3", "free_testosterone"}),
     ("Free T", {"free_t4", "free_t3", "free_testosterone"})],
)
def test_names_shared_on_purpose_return_every_candidate(printed, analytes):
    # The unit or the report section decides between them.
    assert set(match_name(printed, KB).analytes) == analytes


def test_percent_and_absolute_differential_are_distinct_analytes():
    match = match_name("Neutrophils", KB)
    assert set(match.analytes) == {"neutrophils_pct", "neutrophils_abs"}
    assert KB["neutrophils_pct"].units != KB["neutrophils_abs"].units


@pytest.mark.parametrize(
    ("printed", "analyte"),
    [("Haemoglobln", "hemoglobin"), ("Creatlnine", "creatinine"), ("Cholesteroi", "cholesterol"),
     ("Triglycerldes", "triglycerides"), ("Potasium", "potassium"), ("Hematocrlt", "hematocrit"),
     ("Bilirubin Indlrect", "bilirubin_indirect"), ("Fibrinogem", "fibrinogen"),
     ("Ferritn", "ferritin")],
)
def test_fuzzy_repairs_ocr_damage(printed, analyte):
    match = match_name(printed, KB)
    assert match.analytes == (analyte,) and match.method in ("ocr", "fuzzy"), match


@pytest.mark.parametrize(
    ("printed", "analyte"),
    [("5erum urate", "uric_acid"), ("Potassiurn", "potassium"), ("8ilirubin indirect",
      "bilirubin_indirect"), ("Blood urca", "urea"), ("Kallum im Serum", "potassium"),
     ("Mercury, wbole blood", "mercury"), ("Rubella virus lgG", "rubella_igg"),
     ("Thromb0cyte count", "platelets"), ("VITAMINA 86", "vitamin_b6"), ("TOTAL C02", "bicarbonate"),
     ("Nat", "sodium"), ("Kt", "potassium"), ("Catt", "calcium"), ("P04", "phosphate"),
     ("HC03", "bicarbonate"), ("Het", "hematocrit"), ("8UN", "bun")],
)
def test_ocr_look_alikes_are_read_through(printed, analyte):
    match = match_name(printed, KB)
    assert match.analytes == (analyte,) and match.method == "ocr", match


@pytest.mark.parametrize(("a", "b"), [("bilirubin", "8ilirubln"), ("ammonia", "arnrnonia"),
                                      ("urea", "urca"), ("whole", "wbole")])
def test_ocr_skeleton_merges_look_alikes(a, b):
    assert ocr_skeleton(a) == ocr_skeleton(b)


@pytest.mark.parametrize(
    "printed",
    ["Nb", "Kx", "T5", "T7", "Protein Z", "Vitamin K2", "CA 72-4", "Factor XIII",
     "Patient name", "Page 1 of 2", "Reference range", "Doctor", "Zzzzzzzz", "", "  "],
)
def test_unknown_or_near_names_are_not_forced(printed):
    assert match_name(printed, KB).analytes == ()


@pytest.mark.parametrize(
    ("printed", "analyte"),
    [("S-Creatinine", "creatinine"), ("Glucose, fasting", "glucose"),
     ("Serum Sodium", "sodium"), ("Potassium, serum", "potassium"),
     ("GLUCOSE (FASTING)", "glucose"), ("Plasma glucose", "glucose"),
     ("Glucose en ayunas", "glucose"), ("Whole blood lead", "lead"), ("P (Method)", "phosphate"),
     ("Hematocrit (calculated)", "hematocrit"), ("Ferritina, Feminino", "ferritin"),
     ("Huyết thanh Ferritin", "ferritin"), ("Testosteron Erkek", "testosterone"),
     ("lhfemale", "lh"), ("LHFemale", "lh"), ("serumiron", "iron"),
     # no more words cut than it takes to meet an alias
     ("Serum Fasting blood sugar", "glucose"), ("Apo B, Masculino", "apolipoprotein_b"),
     ("Total RBC count, Male", "rbc"), ("Serum Total leukocyte count", "wbc")],
)
def test_specimen_and_method_qualifiers_are_ignored(printed, analyte):
    assert match_name(printed, KB).analytes == (analyte,)


@pytest.mark.parametrize(
    ("text", "key"),
    [("Hémoglobine", "hemoglobine"), ("Đường huyết", "duong huyet"), ("Ca++", "ca"),
     ("  GLUCOSE  ", "glucose"), ("Bilirrubina-Total", "bilirrubina total"),
     ("İnsülin", "insulin"), ("Glukoz (açlık)", "glukoz aclik"), ("Leucócitos", "leucocitos"),
     ("HbA1c", "hba1c"), ("Vitamin B12", "vitamin b12")],
)
def test_fold_name(text, key):
    assert fold_name(text) == key


@pytest.mark.parametrize(
    ("a", "b", "cap", "d"),
    [("kitten", "sitting", 9, 3), ("abc", "abc", 3, 0), ("abc", "abd", 3, 1),
     ("short", "muchlongerword", 3, 3), ("", "abc", 9, 3)],
)
def test_edit_distance(a, b, cap, d):
    assert edit_distance(a, b, cap) == d


@pytest.mark.parametrize(("printed", "analyte"), [
    ("Anion Gap / Anion Gap", "anion_gap"), ("Glucose / Đường huyết", "glucose"),
    ("Kali / Potassium", "potassium"), ("hdlcholesterol", "hdl"), ("bilirubindirect",
                                                                  "bilirubin_direct"),
    ("LH Female", "lh"), ("Testosterone, male", "testosterone")])
def test_bilingual_joined_and_sex_qualified_names(printed, analyte):
    assert match_name(printed, KB).analytes == (analyte,)
