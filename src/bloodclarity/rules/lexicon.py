"""Per-language report vocabulary (comparators, range words, flags, sex, age, qualitative results).

Every word lives in ``bloodclarity/data/lexicon/<language>.json``. A phrase written ``"... X"``
follows its number (``"5 or less"``); any other phrase precedes it (``"less than 5"``). The
languages asked for are merged into one :class:`Lexicon` of folded phrases; a phrase that two
languages read differently is an error, except sex words, which are kept per language because
``M`` is male in English and female (*mujer*) in Spanish.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from types import MappingProxyType

SUFFIX_MARK = "..."
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
_SPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    """NFKC, case-fold, unify apostrophes and collapse whitespace: the form every look-up uses."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_APOSTROPHES)
    return _SPACE.sub(" ", text).strip()


@dataclass(frozen=True)
class Lexicon:
    """Merged, folded look-up tables of some languages; identified by its languages alone.

    ``comparators``/``bounds`` hold phrases written before the number, the ``*_after`` tables
    phrases written after it; ``bounds`` adds the one-sided range words (upper ``<=``, lower
    ``>=``) to the comparators. ``sex`` maps language -> word -> ``male``/``female``;
    ``age_units`` word -> ``year``/``month``/``day``; ``age_groups``, ``qualitative`` and
    ``flags`` word -> group name, ``negative``/``positive`` and flag code.
    ``phrases`` matches any known phrase, longest first, not inside a word nor next to ``/``.
    """

    languages: tuple[str, ...]
    comparators: Mapping[str, str] = field(compare=False, repr=False)
    comparators_after: Mapping[str, str] = field(compare=False, repr=False)
    bounds: Mapping[str, str] = field(compare=False, repr=False)
    bounds_after: Mapping[str, str] = field(compare=False, repr=False)
    range_separators: frozenset[str] = field(compare=False, repr=False)
    flags: Mapping[str, str] = field(compare=False, repr=False)
    sex: Mapping[str, Mapping[str, str]] = field(compare=False, repr=False)
    age_units: Mapping[str, str] = field(compare=False, repr=False)
    age_groups: Mapping[str, str] = field(compare=False, repr=False)
    qualitative: Mapping[str, str] = field(compare=False, repr=False)
    phrases: re.Pattern[str] = field(compare=False, repr=False)


@cache
def available_languages() -> tuple[str, ...]:
    """Codes of the languages that have a lexicon file, sorted."""
    folder = files("bloodclarity") / "data" / "lexicon"
    return tuple(sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".json")))


def load_lexicon(languages: Iterable[str] | None = None) -> Lexicon:
    """The merged lexicon of ``languages`` (all when None); cached per set of languages."""
    known = available_languages()
    wanted = tuple(sorted(set(known if languages is None else languages)))
    unknown = [code for code in wanted if code not in known]
    if unknown or not wanted:
        raise ValueError(f"unknown or no languages {unknown}; available: {', '.join(known)}")
    return _build(wanted)


def read_language(code: str) -> dict:
    """The raw JSON resource of one language."""
    path = files("bloodclarity") / "data" / "lexicon" / f"{code}.json"
    return json.loads(path.read_text(encoding="utf-8"))


def _inverted(groups: Mapping[str, Iterable[str]]) -> dict[str, str]:
    """``{"male": ["M", "Men"]}`` -> ``{"m": "male", "men": "male"}``."""
    return {fold(word): name for name, words in groups.items() for word in words}


def _merge(target: dict[str, str], source: Mapping[str, str], what: str) -> None:
    """Add ``source`` to ``target``; a phrase with two different readings raises ValueError."""
    for phrase, value in source.items():
        if target.setdefault(phrase, value) != value:
            raise ValueError(f"{what} {phrase!r} is both {target[phrase]!r} and {value!r}")


def _split_suffixes(table: Mapping[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """Fold a phrase table and split it into (before-number, after-number) phrases."""
    before: dict[str, str] = {}
    after: dict[str, str] = {}
    for phrase, value in table.items():
        key = fold(phrase)
        if key.startswith(SUFFIX_MARK):
            after[key[len(SUFFIX_MARK):].strip()] = value
        else:
            before[key] = value
    return before, after


@cache
def _build(languages: tuple[str, ...]) -> Lexicon:
    """Read, fold and merge the lexicon files of ``languages``."""
    tables: dict[str, dict[str, str]] = {name: {} for name in (
        "comparators", "comparators_after", "bounds", "bounds_after", "flags",
        "age_units", "age_groups", "qualitative")}
    separators: set[str] = set()
    sex: dict[str, Mapping[str, str]] = {}
    for code in languages:
        data = read_language(code)
        comparators = _split_suffixes(data["comparators"])
        bounds = _split_suffixes({**dict.fromkeys(data["range_upper"], "<="),
                                  **dict.fromkeys(data["range_lower"], ">=")})
        for name, table in (
                ("comparators", comparators[0]), ("comparators_after", comparators[1]),
                ("bounds", comparators[0]), ("bounds_after", comparators[1]),
                ("bounds", bounds[0]), ("bounds_after", bounds[1]),
                ("flags", {fold(k): v for k, v in data["flags"].items()}),
                ("age_units", _inverted(data["age_words"])),
                ("age_groups", _inverted(data["age_groups"])),
                ("qualitative", _inverted(data["qualitative"]))):
            _merge(tables[name], table, f"{code}: {name}")
        separators.update(fold(word) for word in data["range_separators"])
        sex[code] = MappingProxyType(_inverted(data["sex"]))
    words = {*separators, *(w for t in sex.values() for w in t)}
    words.update(w for name, table in tables.items() if name != "flags" for w in table)
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    frozen = {name: MappingProxyType(table) for name, table in tables.items()}
    return Lexicon(
        languages=languages, range_separators=frozenset(separators),
        sex=MappingProxyType(sex),
        phrases=re.compile(rf"(?<![^\W\d_])(?<!/)(?:{alternatives})(?![^\W\d_])(?!/)"),
        **frozen)
