"""The knowledge base: size, schema, LOINC and UCUM codes, aliases, units, limits."""

from __future__ import annotations

import itertools
import json
import math

import pytest

from bloodclarity.knowledge import load_knowledge_base
from bloodclarity.knowledge.model import read_knowledge_base_json
from bloodclarity.rules.conversion import conversion
from bloodclarity.rules.names import fold_name, match_name
from bloodclarity.rules.units import fold_unit

KB = load_knowledge_base()
ANALYTES = list(KB)
IDS = [a.id for a in ANALYTES]
RAW = {a["id"]: a for a in read_knowledge_base_json()["analytes"]}
REQUIRED_LANGUAGES = ("en", "es", "pt", "id", "th", "vi")
SPECIMENS = {"blood", "serum/plasma", "serum", "plasma", "arterial blood", "urine", "stool"}


def test_size_targets():
    aliases = sum(len(a.all_aliases()) for a in ANALYTES)
    languages = {lang for a in ANALYTES for lang, names in a.aliases.items() if names}
    assert len(ANALYTES) >= 200
    assert aliases >= 1000
    assert len(languages) >= 10 and set(REQUIRED_LANGUAGES) <= languages


def test_ids_unique_and_snake_case():
    assert len(IDS) == len(set(IDS))
    assert all(i == i.lower() and " " not in i and "-" not in i for i in IDS)


def test_file_is_canonically_formatted():
    import importlib.util
    from pathlib import Path

    tool = Path(__file__).resolve().parents[2] / "tools/kb_format.py"
    spec = importlib.util.spec_from_file_location("kb_format", tool)
    kb_format = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(kb_format)
    text = kb_format.KB_PATH.read_text("utf-8")
    assert text == kb_format.dump_kb(json.loads(text)), "run python tools/kb_format.py"


@pytest.mark.parametrize("analyte", ANALYTES, ids=IDS)
def test_analyte_schema(analyte):
    assert analyte.name and analyte.category in KB.categories
    assert analyte.specimen in SPECIMENS
    assert analyte.result_type in {"quantitative", "qualitative", "titer"}
    assert analyte.loinc or "LOINC" in RAW[analyte.id].get("notes", ""), "no LOINC code"
    assert analyte.units and analyte.units[0] == analyte.si_unit
    assert analyte.conventional_unit in analyte.units
    assert all(u in KB.units for u in analyte.units)
    for lang in REQUIRED_LANGUAGES:
        assert analyte.aliases.get(lang), f"no {lang} alias"
    assert set(analyte.aliases) <= set(KB.languages)
    ri, pl = analyte.reference_interval, analyte.plausible
    assert pl is not None and pl.unit == analyte.si_unit and pl.min < pl.max
    assert ri is not None and ri.unit == analyte.si_unit and ri.source
    for interval in (ri.for_sex(None), ri.male, ri.female):
        if interval is None:
            continue
        bounds = [b for b in (interval.low, interval.high) if b is not None]
        assert all(pl.min <= b <= pl.max for b in bounds)
        if len(bounds) == 2:
            assert interval.low <= interval.high


@pytest.mark.parametrize("analyte", ANALYTES, ids=IDS)
def test_every_unit_pair_converts_and_round_trips(analyte):
    for src, dst in itertools.permutations(analyte.units, 2):
        there, back = conversion(KB, analyte, src, dst), conversion(KB, analyte, dst, src)
        for x in (0.37, 5.0, 123.0):
            assert math.isclose(back(there(x)), x, rel_tol=1e-9), (src, dst)


def test_aliases_not_shared_unless_marked_ambiguous():
    owners: dict[str, set[str]] = {}
    for a in ANALYTES:
        for alias in a.all_aliases():
            owners.setdefault(fold_name(alias), set()).add(a.id)
    for key, ids in owners.items():
        if len(ids) > 1:
            for i in ids:
                marked = {fold_name(x) for x in KB[i].ambiguous_aliases}
                assert key in marked, f"{key!r} is shared by {sorted(ids)}, not marked in {i}"


def test_ambiguous_aliases_are_aliases():
    for a in ANALYTES:
        own = {fold_name(x) for x in a.all_aliases()}
        assert {fold_name(x) for x in a.ambiguous_aliases} <= own, a.id


def test_unit_spellings_belong_to_one_unit():
    owner: dict[str, str] = {}
    for code, unit in KB.units.items():
        for spelling in (code, *unit.spellings):
            key = fold_unit(spelling)
            assert owner.setdefault(key, code) == code, f"{spelling!r}: {owner[key]} and {code}"
    for spelling, codes in KB.ambiguous_unit_spellings.items():
        assert len(codes) > 1 and all(c in KB.units for c in codes)


def test_units_have_known_dimensions():
    for code, unit in KB.units.items():
        assert unit.dimension in KB.dimensions, code
        assert unit.scale > 0


def test_loinc_codes_exist_with_their_names(reference):
    names = reference.loinc_names()
    for a in ANALYTES:
        for code in a.loinc:
            assert code.code in names, f"{a.id}: LOINC {code.code} not in the reference tables"
            assert code.name in names[code.code], f"{a.id}: {code.code} is {names[code.code]}"
            assert code.unit is None or code.unit in a.units


def test_ucum_codes_are_valid(reference):
    from tests.ucum_grammar import is_valid_ucum

    bad = [code for code in KB.units if not is_valid_ucum(code)]
    assert not bad


def test_molar_masses_said_to_come_from_loinc_agree_with_it(reference):
    terms = reference.loinc_terms()
    for a in ANALYTES:
        if a.molar_mass is None or not RAW[a.id]["molar_mass"]["source"].startswith("LOINC"):
            continue
        listed = [terms.get(c.code, {}).get("MOLECULAR_WEIGHT", "").strip() for c in a.loinc]
        weights = [float(w) for w in listed if w.replace(".", "", 1).isdigit()]
        if weights:
            assert any(math.isclose(w, a.molar_mass, rel_tol=0.01) for w in weights), a.id


def test_seed_catalogue_is_covered(reference):
    seed = json.loads((reference.SHARED / "reference/bloodclarity-seed/seed-biomarkers.json")
                      .read_text("utf-8"))
    ids = set(IDS)
    missing = [b["id"] for b in seed["biomarkers"]
               if b["id"] not in ids and not {f"{b['id']}_pct", f"{b['id']}_abs"} <= ids]
    assert not missing


# Seed aliases we do not read as the seed does, and why (the seed is a checklist, not truth).
SEED_ALIASES_DECLINED = {
    "Haem": "a section heading (haematology), not a test",
    "Haemoglobine": "misspelt; as close to haptoglobine as to hemoglobine",
    "BUN": "urea nitrogen is our bun, a quantity of its own",
    "Blood Urea Nitrogen": "urea nitrogen is our bun",
    "Urea Nitrogen": "urea nitrogen is our bun",
    "Ca2+": "the ionised calcium, not total calcium",
    "Folic": "a truncated word",
    "carbon dioxide": "total CO2 (bicarbonate), not its partial pressure",
    "oxygen": "content, saturation or partial pressure",
    "Base deficit": "the base excess with its sign reversed; our base_deficit",
    "Antígeno Carcinoembrionario 19-9": "names CEA, not CA 19-9",
    "hsCRP": "high-sensitivity CRP is our hs_crp",
    "hs-troponin": "troponin I or T",
    "Péptido Natriurético": "BNP or NT-proBNP",
    "Fibrin Degradation Product": "FDP, not D-dimer",
    "bone osteocalcin": "not a term laboratories use",
}


def test_seed_aliases_resolve_to_their_analyte_unless_declined(reference):
    seed = json.loads((reference.SHARED / "reference/bloodclarity-seed/seed-biomarkers.json")
                      .read_text("utf-8"))
    wrong = []
    for b in seed["biomarkers"]:
        aliases = set(b["aliases"]).union(*b["aliases_by_language"].values())
        for alias in sorted(aliases - set(SEED_ALIASES_DECLINED)):
            found = match_name(alias, KB).analytes
            if not any(i == b["id"] or i.startswith(b["id"] + "_") for i in found):
                wrong.append((b["id"], alias, found))
    assert not wrong


def test_raw_document_lists_only_known_top_level_keys():
    raw = read_knowledge_base_json()
    assert set(raw) == {"version", "about", "languages", "categories", "dimensions", "units",
                        "ambiguous_unit_spellings", "name_qualifiers", "analytes"}
