"""Checks on the per-language report vocabularies in ``bloodclarity/corpus/data/words``."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

WORDS_DIR = Path(__file__).resolve().parents[2] / "src" / "bloodclarity" / "corpus" / "data" / "words"
LANGUAGES = ("en", "es", "pt", "fr", "de", "it", "id", "tr", "vi", "th")
# Lists whose items are positional (one per category), not free alternatives.
ORDERED = {"risk_levels": 5, "trimesters": 3}


def _load(lang: str) -> dict:
    with (WORDS_DIR / f"{lang}.json").open(encoding="utf-8") as fh:
        return json.load(fh)


@pytest.fixture(scope="module")
def words() -> dict[str, dict]:
    return {lang: _load(lang) for lang in LANGUAGES}


def test_all_files_present():
    found = {p.stem for p in WORDS_DIR.glob("*.json")}
    assert set(LANGUAGES) <= found


def test_identical_key_sets(words):
    reference = set(words["en"])
    for lang, table in words.items():
        assert set(table) == reference, (
            lang, sorted(reference - set(table)), sorted(set(table) - reference))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_values_are_nonempty_string_lists(words, lang):
    for key, value in words[lang].items():
        assert isinstance(value, list) and value, (lang, key)
        for item in value:
            assert isinstance(item, str) and item, (lang, key, item)
            assert item == item.strip(), (lang, key, item)
            assert unicodedata.is_normalized("NFC", item), (lang, key, item)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_accreditation_placeholder(words, lang):
    for item in words[lang]["accreditation"]:
        assert "{n}" in item, (lang, item)
        assert "{n}" not in item.format(n="1234")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_only_accreditation_has_placeholders(words, lang):
    for key, value in words[lang].items():
        if key != "accreditation":
            assert not any("{" in item or "}" in item for item in value), (lang, key)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_ordered_lists_have_fixed_length(words, lang):
    for key, length in ORDERED.items():
        assert len(words[lang][key]) == length, (lang, key)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_duplicate_alternatives(words, lang):
    for key, value in words[lang].items():
        assert len(value) == len(set(value)), (lang, key)
