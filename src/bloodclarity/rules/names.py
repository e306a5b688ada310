"""Printed test name -> analyte id: alias folding, exact look-up, OCR look-alikes, then guarded
fuzzy matching."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from bloodclarity.knowledge import KnowledgeBase

MIN_FUZZY_LENGTH = 5

_SPECIAL = str.maketrans({"đ": "d", "Đ": "D", "ı": "i", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L",
                          "µ": "u", "μ": "u", "ß": "ss", "æ": "ae", "œ": "oe"})
_PUNCT = re.compile(r"[\s.,:;_\-–—/\\()\[\]{}'\"`´*]+")


def fold_name(text: str) -> str:
    """Accent-, case- and punctuation-insensitive key of a printed name.

    Only Latin combining marks (U+0300-U+036F: é, ü, Vietnamese tones) are removed; Thai and
    other scripts keep theirs. '+' is dropped, so "Ca++" and "Na+" fold like "Ca" and "Na".
    """
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).translate(_SPECIAL))
    text = "".join(ch for ch in text if not "\u0300" <= ch <= "\u036f")
    text = unicodedata.normalize("NFC", text).casefold().replace("+", " ")
    return _PUNCT.sub(" ", text).strip()


@dataclass(frozen=True)
class NameMatch:
    """Analytes a printed name may denote (several only for aliases marked ambiguous)."""

    text: str
    analytes: tuple[str, ...]
    method: str | None  # "exact", "qualified", "ocr", "fuzzy" or None
    alias: str | None = None
    score: float = 0.0


@dataclass(frozen=True)
class _NameIndex:
    exact: dict[str, tuple[str, ...]]
    by_length: dict[int, list[str]]
    qualifiers: frozenset[str]
    glued: tuple[str, ...]  # one-word qualifiers that may be glued to a name, longest first
    skeletons: dict[str, str]  # OCR skeleton -> the one alias that has it


# Characters OCR confuses, each class read as one ("rn" -> "m", "Bilirubln", "5erum", "urca").
_SKELETON_PAIRS = (("rn", "m"), ("cl", "d"))
_SKELETON_CHARS = str.maketrans("l1|c8b0s5", "iiiehhoss")
MIN_SKELETON_LENGTH = 3
MIN_GLUED_QUALIFIER = 4
# OCR reads an ion's "+" as "t": "Nat", "Kt", "Catt" (folded names drop the charge)
_CHARGE_READ_AS_T = re.compile(r"(?<=[a-z])t{1,2}$")
MAX_ION_LENGTH = 4


def ocr_skeleton(key: str) -> str:
    """A folded name with OCR look-alikes merged and spaces dropped: the same for
    "bilirubin direct", "8ilirubln direct" and "bilirubindirect"."""
    for a, b in _SKELETON_PAIRS:
        key = key.replace(a, b)
    return key.replace(" ", "").translate(_SKELETON_CHARS)


@cache
def _index(kb: KnowledgeBase) -> _NameIndex:
    exact: dict[str, list[str]] = {}
    for analyte in kb:
        for alias in analyte.all_aliases():
            ids = exact.setdefault(fold_name(alias), [])
            if analyte.id not in ids:
                ids.append(analyte.id)
    by_length: dict[int, list[str]] = {}
    for key in exact:
        by_length.setdefault(len(key), []).append(key)
    qualifiers = frozenset(fold_name(q) for q in kb.raw.get("name_qualifiers", ()))
    skeleton_of = {key: ocr_skeleton(key) for key in exact}
    shared: dict[str, set[tuple[str, ...]]] = {}
    for key, skeleton in skeleton_of.items():
        shared.setdefault(skeleton, set()).add(tuple(exact[key]))
    skeletons = {skeleton: key for key, skeleton in skeleton_of.items()
                 if len(shared[skeleton]) == 1}
    glued = tuple(sorted((q for q in qualifiers if " " not in q and len(q) >= MIN_GLUED_QUALIFIER),
                         key=lambda q: (-len(q), q)))
    return _NameIndex({k: tuple(v) for k, v in exact.items()}, by_length, qualifiers, glued,
                      skeletons)


_OCR_LETTERS = {"0": "o", "1": "l", "5": "s", "8": "b"}
_DIGIT_IN_WORD = re.compile(
    r"(?<=[^\W\d_])[0158](?=[^\W\d_])|(?<=[^\W\d_]{2})[0158]\b|(?<=[^\W\d_])0(?=\d)")


def repair_ocr_letters(key: str) -> str:
    """Digits OCR read for letters inside words: "cholester0l" -> "cholesterol", "p04" ->
    "po4" (a zero between a letter and a digit)."""
    return _DIGIT_IN_WORD.sub(lambda m: _OCR_LETTERS[m.group()], key)


def _strip_qualifiers(key: str, index: _NameIndex) -> str:
    """A folded name without the specimen, method and sex words ("s", "serum", "whole blood",
    "female") at its ends, keeping at least one word: the first alias met when cutting as few
    as possible ("serum fasting blood sugar" -> "fasting blood sugar", not "sugar"; "apo b nu"
    -> "apo b", not "apo"), else the name with all of them cut."""
    words = key.split()
    level, seen = [(0, len(words))], set()
    while level:
        for a, b in level:
            if " ".join(words[a:b]) in index.exact:
                return " ".join(words[a:b])
        seen.update(level)
        level = list(dict.fromkeys(cut for a, b in level
                                   for cut in _cuts(words[a:b], a, b, index.qualifiers)
                                   if cut not in seen))
    while n := _qualifier_words(words, index.qualifiers, at_start=False):
        del words[-n:]
    while n := _qualifier_words(words, index.qualifiers, at_start=True):
        del words[:n]
    return " ".join(words)


def _cuts(words: list[str], a: int, b: int, qualifiers: frozenset[str]) -> list[tuple[int, int]]:
    """The spans ``words[a:b]`` (given as ``words``) leaves when one qualifier is cut from its
    end or its start."""
    out = []
    if n := _qualifier_words(words, qualifiers, at_start=False):
        out.append((a, b - n))
    if n := _qualifier_words(words, qualifiers, at_start=True):
        out.append((a + n, b))
    return out


def _qualifier_words(words: list[str], qualifiers: frozenset[str], at_start: bool) -> int:
    """How many words (two, else one) of a qualifier open or close ``words``; 0 for none."""
    for n in (2, 1):
        part = words[:n] if at_start else words[-n:]
        if len(words) > n and " ".join(part) in qualifiers:
            return n
    return 0


def _unglued(key: str, index: _NameIndex) -> str | None:
    """The alias left when a qualifier glued to a name's start or end is cut off ("lhfemale",
    "serumiron"), as a flattened table or OCR prints it."""
    for q in index.glued:
        for rest in (key[:-len(q)] if key.endswith(q) else None,
                     key[len(q):] if key.startswith(q) else None):
            if rest and rest.strip() in index.exact:
                return rest.strip()
    return None


def _max_edits(length: int) -> int:
    return 0 if length < MIN_FUZZY_LENGTH else 1 if length < 8 else 2 if length < 13 else 3


_ROMAN = re.compile(r"^(?=[ivxl]+$)(xl|l?x{0,3})(ix|iv|v?i{0,3})$")


def _fuzzy_compatible(key: str, alias: str) -> bool:
    """Never fuzzy across digits (T3/T4, CA 19-9/CA 15-3), roman numerals (Factor VIII/XIII)
    or short words (Protein C/S)."""
    if re.sub(r"\D", "", key) != re.sub(r"\D", "", alias):
        return False
    alias_words = set(alias.split())
    return all(w in alias_words for w in key.split() if len(w) <= 3 or _ROMAN.match(w))


def match_name(text: str, kb: KnowledgeBase) -> NameMatch:
    """Resolve a printed test name: exact alias, alias without qualifiers (also glued ones),
    OCR look-alikes (digits read for letters, then :func:`ocr_skeleton`), then guarded fuzzy;
    a bilingual name ("Glucose / Đường huyết") that matches as a whole by none of them, by its
    parts.

    Fuzzy matching needs a name of at least ``MIN_FUZZY_LENGTH`` characters, a small edit
    distance, the same digits and short words, and a clear winner (the next analyte at least
    two edits further away).
    """
    match = _match_whole(text, kb)
    if match.analytes or " / " not in text:
        return match
    for part in text.split(" / "):
        found = _match_whole(part, kb)
        if found.analytes:
            return NameMatch(text, found.analytes, found.method, found.alias, found.score)
    return match


@lru_cache(maxsize=4096)  # a name is looked up by the relabel stage and again by interpret
def _match_whole(text: str, kb: KnowledgeBase) -> NameMatch:
    index = _index(kb)
    key = fold_name(text)
    if key in index.exact:
        return NameMatch(text, index.exact[key], "exact", key, 1.0)
    stripped = _strip_qualifiers(key, index)
    if stripped in index.exact:
        return NameMatch(text, index.exact[stripped], "qualified", stripped, 1.0)
    unglued = _unglued(stripped, index)
    if unglued is not None:
        return NameMatch(text, index.exact[unglued], "qualified", unglued, 1.0)
    repaired_key = repair_ocr_letters(key)
    repaired = stripped if repaired_key == key else _strip_qualifiers(repaired_key, index)
    if repaired in index.exact:
        return NameMatch(text, index.exact[repaired], "ocr", repaired, 1.0)
    ion = _CHARGE_READ_AS_T.sub("", key)
    if len(key) <= MAX_ION_LENGTH and ion != key and ion in index.exact:
        return NameMatch(text, index.exact[ion], "ocr", ion, 1.0)
    for candidate in (key, repaired):
        alias = index.skeletons.get(ocr_skeleton(candidate))
        if alias is not None and len(candidate) >= MIN_SKELETON_LENGTH:
            return NameMatch(text, index.exact[alias], "ocr", alias, 1.0)
    stripped = repaired
    limit = _max_edits(len(stripped))
    if limit == 0:
        return NameMatch(text, (), None)
    scored: list[tuple[int, str]] = []
    for length in range(len(stripped) - limit, len(stripped) + limit + 1):
        for alias in index.by_length.get(length, ()):
            if _fuzzy_compatible(stripped, alias):
                d = edit_distance(stripped, alias, limit + 2)
                if d <= limit + 1:
                    scored.append((d, alias))
    scored.sort()
    if not scored or scored[0][0] > limit:
        return NameMatch(text, (), None)
    best_d, best = scored[0]
    rivals = [d for d, a in scored[1:] if set(index.exact[a]) != set(index.exact[best])]
    if rivals and rivals[0] < best_d + 2:
        return NameMatch(text, (), None)
    return NameMatch(text, index.exact[best], "fuzzy", best, 1.0 - best_d / max(len(best), 1))


def edit_distance(a: str, b: str, cap: int) -> int:
    """Levenshtein distance of ``a`` and ``b``, or ``cap`` when it is at least ``cap``."""
    if abs(len(a) - len(b)) >= cap:
        return cap
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) >= cap:
            return cap
        previous = current
    return min(previous[-1], cap)
