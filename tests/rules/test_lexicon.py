"""Lexicon resources: same shape in every language, valid values, no contradictions, merging."""

from __future__ import annotations

import json
from importlib.resources import files

import pytest

from bloodclarity.rules.flags import FLAG_CODES
from bloodclarity.rules.lexicon import (
    SUFFIX_MARK,
    available_languages,
    fold,
    load_lexicon,
    read_language,
)

LANGUAGES = ("de", "en", "es", "fr", "id", "it", "pt", "th", "tr", "vi")
KEYS = {"comparators", "range_upper", "range_lower", "range_separators", "flags", "sex",
        "sex_labels", "sex_letters", "columns",
        "age_words", "age_groups", "qualitative"}
SUBKEYS = {"sex": {"male", "female"}, "age_words": {"year", "month", "day"},
           "age_groups": {"newborn", "infant", "child", "adult"},
           "qualitative": {"negative", "positive"}, "columns": {"result", "previous"}}
OPS = {"<", "<=", ">", ">="}


def _direction(op: str) -> str:
    return "upper" if op.startswith("<") else "lower"


def _phrase(text: str) -> str:
    key = fold(text)
    return key[len(SUFFIX_MARK):].strip() if key.startswith(SUFFIX_MARK) else key


def test_available_languages():
    assert available_languages() == LANGUAGES


@pytest.mark.parametrize("code", LANGUAGES)
def test_same_keys(code):
    assert set(read_language(code)) == KEYS


@pytest.mark.parametrize("code", LANGUAGES)
@pytest.mark.parametrize("key", sorted(SUBKEYS))
def test_same_subkeys(code, key):
    assert set(read_language(code)[key]) == SUBKEYS[key]


@pytest.mark.parametrize("code", LANGUAGES)
def test_no_duplicate_json_keys(code):
    def no_duplicates(pairs):
        keys = [fold(k) for k, _ in pairs]
        assert len(keys) == len(set(keys)), keys
        return dict(pairs)

    path = files("bloodclarity") / "data" / "lexicon" / f"{code}.json"
    json.loads(path.read_text(encoding="utf-8"), object_pairs_hook=no_duplicates)


@pytest.mark.parametrize("code", LANGUAGES)
def test_comparators_are_valid_operators(code):
    assert set(read_language(code)["comparators"].values()) <= OPS


@pytest.mark.parametrize("code", LANGUAGES)
def test_flags_map_to_valid_codes(code):
    flags = read_language(code)["flags"]
    assert flags and set(flags.values()) <= set(FLAG_CODES)
    assert {"H", "L"} <= set(flags.values())


@pytest.mark.parametrize("code", LANGUAGES)
def test_no_phrase_points_both_ways(code):
    data = read_language(code)
    seen: dict[str, str] = {}
    pairs = [(p, _direction(op)) for p, op in data["comparators"].items()]
    pairs += [(p, "upper") for p in data["range_upper"]]
    pairs += [(p, "lower") for p in data["range_lower"]]
    for phrase, direction in pairs:
        assert seen.setdefault(_phrase(phrase), direction) == direction, phrase
    assert len(pairs) == len(seen)  # a range word is not also a comparator


@pytest.mark.parametrize("code", LANGUAGES)
@pytest.mark.parametrize("key", sorted(SUBKEYS))
def test_no_word_in_two_groups(code, key):
    words = [fold(w) for group in read_language(code)[key].values() for w in group]
    assert len(words) == len(set(words))


@pytest.mark.parametrize("code", LANGUAGES)
@pytest.mark.parametrize("key", ["range_upper", "range_lower", "range_separators"])
def test_lists_have_no_duplicates(code, key):
    words = [fold(w) for w in read_language(code)[key]]
    assert words and len(words) == len(set(words))


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_language_has_the_basic_words(code):
    data = read_language(code)
    assert all(data["sex"].values()) and all(data["qualitative"].values())
    assert data["age_words"]["year"] and all(data["age_groups"].values())
    assert {"<", ">"} & set(data["comparators"].values()) == {"<", ">"}


@pytest.mark.parametrize("code", LANGUAGES)
def test_merged_lexicon_keeps_each_language_reading(code):
    data, merged = read_language(code), load_lexicon()
    for phrase, op in data["comparators"].items():
        table = merged.comparators_after if fold(phrase).startswith(SUFFIX_MARK) else (
            merged.comparators)
        assert table[_phrase(phrase)] == op
    for word, code_ in data["flags"].items():
        assert merged.flags[fold(word)] == code_
    for name, words in data["qualitative"].items():
        assert all(merged.qualitative[fold(w)] == name for w in words)
    for name, words in data["sex"].items():
        assert all(merged.sex[code][fold(w)] == name for w in words)


@pytest.mark.parametrize("code", LANGUAGES)
def test_single_language_lexicon(code):
    lexicon = load_lexicon([code])
    assert lexicon.languages == (code,)
    assert set(lexicon.sex) == {code}


@pytest.mark.parametrize(("text", "folded"), [
    ("  Größer   ALS ", "grösser als"),
    ("Jusqu’à", "jusqu'à"),
    ("NÉGATIF", "négatif"),
    ("Nicht\u00a0nachweisbar", "nicht nachweisbar"),
    ("Âm   Tính", "âm tính"),
    ("ＭＡＬＥ", "male"),
    ("a\tb\nc", "a b c"),
])
def test_fold(text, folded):
    assert fold(text) == folded


def test_load_is_cached_and_order_free():
    assert load_lexicon() is load_lexicon(LANGUAGES)
    assert load_lexicon(["es", "en"]) is load_lexicon(("en", "es", "en"))
    assert load_lexicon(["en"]) == load_lexicon(["en"])
    assert hash(load_lexicon(["en"])) == hash(load_lexicon(["en"]))


@pytest.mark.parametrize("languages", [["xx"], [], ["en", "zz"]])
def test_unknown_languages_raise(languages):
    with pytest.raises(ValueError):
        load_lexicon(languages)


@pytest.mark.parametrize(("code", "word", "sex"), [
    ("en", "m", "male"), ("es", "m", "female"), ("es", "h", "male"), ("fr", "h", "male"),
    ("de", "w", "female"), ("id", "l", "male"), ("id", "p", "female"), ("tr", "e", "male"),
    ("tr", "k", "female"), ("vi", "nữ", "female"), ("th", "ชาย", "male"),
    ("pt", "mulheres", "female"), ("it", "uomini", "male"),
])
def test_sex_words_are_per_language(code, word, sex):
    assert load_lexicon().sex[code][word] == sex


@pytest.mark.parametrize(("text", "found"), [
    ("m: 13", "m"), ("mg", None), ("mmol/l", None), ("less than 5", "less than"),
    ("fino a 40", "fino a"), ("น้อยกว่า5", "น้อยกว่า"), ("bisher", None),
])
def test_phrases_match_whole_words(text, found):
    lexicon = load_lexicon()
    starts = [lexicon.phrases.match(text, i) for i in range(len(text))]
    matches = [m.group() for m in starts if m]
    assert (matches[0] if matches else None) == found
