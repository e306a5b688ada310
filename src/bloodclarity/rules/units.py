"""Printed unit -> UCUM code: spelling folding (µ/μ/u/mc, superscripts, OCR damage), then look-up.

Look-up is exact on the folded spelling first (so "G/L", the French giga-per-litre, and "g/L"
stay apart), then case-insensitive; a case-insensitive key shared by several units, or a
spelling listed as ambiguous in the knowledge base, is never resolved silently.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from bloodclarity.knowledge import Analyte, KnowledgeBase
from bloodclarity.rules.names import edit_distance

_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
_SUPERSCRIPT_RUN = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+")
_OCR_I = re.compile(r"(?<=[/dmfnpceiu])I(?![UuNnDd])|(?<=[mM]o)I|I(?=l)|^I(?=/)")
_OCR_ZERO = re.compile(r"(?<=[A-Za-z])0(?=[A-Za-z]|$)")
_MICRO_MC = re.compile(r"(?<![A-Za-z])mc(?=(g|mol|l|L|IU|iu|U|kat)\b|(g|mol|l|L|IU|U|kat)[/ ])")
_POWER = re.compile(r"10\s*(?:\*|\^|e|E)\s*(?=[+-]?\d)")


def fold_unit(text: str) -> str:
    """A canonical key for a printed unit spelling; case is kept (see module docstring)."""
    text = _SUPERSCRIPT_RUN.sub(lambda m: "^" + m.group().translate(_SUPERSCRIPTS), text)
    text = unicodedata.normalize("NFKC", text).replace("μ", "u").replace("×", "x")
    text = _OCR_ZERO.sub("o", _OCR_I.sub("l", text))
    text = _MICRO_MC.sub("u", text)
    text = _POWER.sub("10^", text)
    text = re.sub(r"\s+", "", text).rstrip(".")
    return text[1:] if text[:4] in ("x10^", "X10^") else text


@dataclass(frozen=True)
class UnitMatch:
    """The UCUM reading of a printed unit: ``ucum`` when certain, else candidates + reason."""

    text: str
    ucum: str | None
    candidates: tuple[str, ...] = ()
    reason: str | None = None


@dataclass(frozen=True)
class _UnitIndex:
    exact: dict[str, str]
    folded: dict[str, tuple[str, ...]]


@cache
def _index(kb: KnowledgeBase) -> _UnitIndex:
    exact: dict[str, str] = {}
    folded: dict[str, set[str]] = {}
    for code, unit in kb.units.items():
        for spelling in (code, *unit.spellings):
            key = fold_unit(spelling)
            exact.setdefault(key, code)
            folded.setdefault(key.casefold(), set()).add(code)
    for spelling, codes in kb.ambiguous_unit_spellings.items():
        key = fold_unit(spelling)
        exact.pop(key, None)
        folded[key.casefold()] = set(codes)
    return _UnitIndex(exact, {k: tuple(sorted(v)) for k, v in folded.items()})


# OCR misreads, tried one at a time (then all together) only on spellings that are otherwise
# unknown: the micro sign read as "p" ("10^3/pL", "pg/dL") or dropped ("10^3/L", "K/L"); a
# superscript exponent flattened ("x103/uL") or its caret read as "%", "7", a quote or a degree
# sign ("x10%3/uL", "x1079/L", "10°9/L"); "l" read as "1" or "7" at the end ("U/1", "U/7"),
# as "t" ("mg/dt", "ft", "mmot/L") or lost at the end ("IU/m", "mg/d", "U/"); the O of H2O
# read as a zero; the q of mEq read as "a".
_LOST_FINAL_L = re.compile(r"(?:(?<=/[dm])|(?<=/))$")
_LOST_MICRO = re.compile(r"^(?=g/|mol/)")
_MICRO_READ_AS_P = re.compile(r"(?<![A-Za-z])p(?=[A-Za-z])")
_OCR_READS = ((_MICRO_READ_AS_P, "u"),
              (re.compile(r"(?<=/)(?=[lL]$)"), "u"),
              (re.compile(r"(?<=10)[%7\"°](?=\d)"), "^"),
              (re.compile(r"(?<=10)(?=\d/)"), "^"),
              (re.compile(r"(?<=/)[17]$"), "l"),
              (re.compile(r"t$"), "l"),
              (re.compile(r"(?<=mo)t(?=/)"), "l"),
              (re.compile(r"(?<=H2)0"), "O"),
              (re.compile(r"(?<=mE)a(?=/)"), "q"),
              (_LOST_FINAL_L, "l"))


def normalise_unit(text: str, kb: KnowledgeBase) -> UnitMatch:
    """Map a printed unit to its UCUM code, or explain why not (unknown or ambiguous).

    A spelling that is unknown as printed is retried with each OCR misread of ``_OCR_READS``
    undone, then with all of them, and the match says so in ``reason``.
    """
    key = fold_unit(text)
    if not key:
        return UnitMatch(text, None, (), "no unit")
    match = _look_up(text, key, kb)
    if match.ucum is None and not match.candidates:
        every = key  # last, all of them together ("x103/pL")
        for pattern, replacement in _OCR_READS:
            every = fold_unit(pattern.sub(replacement, every, count=1))
        singles = [fold_unit(p.sub(r, key, count=1)) for p, r in _OCR_READS]
        for repaired in (*singles, every):
            again = _look_up(text, repaired, kb) if repaired != key else match
            if again.ucum is not None:
                return UnitMatch(text, again.ucum, (), f"OCR damage: read as {repaired!r}")
    return match


def _look_up(text: str, key: str, kb: KnowledgeBase) -> UnitMatch:
    index = _index(kb)
    if key in index.exact:
        return UnitMatch(text, index.exact[key])
    candidates = index.folded.get(key.casefold(), ())
    if len(candidates) == 1:
        return UnitMatch(text, candidates[0])
    if candidates:
        return UnitMatch(text, None, candidates, f"ambiguous unit: could be {' or '.join(candidates)}")
    return UnitMatch(text, None, (), "unknown unit")


# Characters OCR confuses in units, each class read as one: the micro sign as "y", "w", "¡"
# or "p"; "l" as "1", "I", "|", "i", "t" or "T"; "o" as "0" or "Q"; "9" as "g", "q" or "S".
_UNIT_LOOKALIKES = str.maketrans("yw¡p1I|itTL0OQgqS", "uuuulllllllooo999")
MIN_LOOKALIKE_EDIT_LENGTH = 3
_LOST_EXPONENT = re.compile(r"[xX]?10[^\d/^]?(/.+)")  # a superscript lost: "x10?/uL", "x10/uL"


def unit_skeleton(text: str) -> str:
    """A folded unit with OCR look-alikes merged, case-insensitive: the same for "µg/dL" and
    "yg/dt"."""
    return fold_unit(text).translate(_UNIT_LOOKALIKES).casefold()


def lookalike_unit(text: str, analyte: Analyte, kb: KnowledgeBase) -> tuple[str, str] | None:
    """The one unit of ``analyte`` (UCUM code, spelling) whose spelling ``text`` reads as, up
    to OCR look-alikes and one edit in units of 3 characters or more, or up to an exponent OCR
    lost ("x10?/uL"); None if none or several."""
    lost = _LOST_EXPONENT.fullmatch(fold_unit(text))
    if lost is not None:
        per = lost[1].casefold()
        codes = [c for c in analyte.units if re.fullmatch(r"10\*\d+/.+", c)
                 and c[c.index("/"):].casefold() == per]
        return (codes[0], codes[0]) if len(codes) == 1 else None
    key = unit_skeleton(text)
    allowed = 1 if len(key) >= MIN_LOOKALIKE_EDIT_LENGTH else 0
    best: dict[str, tuple[int, str]] = {}
    for code in analyte.units:
        for spelling in (code, *kb.units[code].spellings):
            d = edit_distance(key, unit_skeleton(spelling), allowed + 1)
            if d <= allowed and d < best.get(code, (allowed + 1, ""))[0]:
                best[code] = (d, spelling)
    top = min((d for d, _ in best.values()), default=None)
    codes = [c for c, (d, _) in best.items() if d == top]
    return (codes[0], best[codes[0]][1]) if len(codes) == 1 else None


def unit_for_analyte(text: str, analyte: Analyte, kb: KnowledgeBase) -> UnitMatch:
    """Like :func:`normalise_unit`, resolving an ambiguous spelling by the analyte's units;
    a known spelling the analyte never has that lost its final "l" ("mg/d" for magnesium) or
    its micro sign ("g/dL" for total T4), or whose micro sign was read as "p" ("pmol/L" for
    creatinine), is read with it; an unknown spelling is read as the analyte's unit it is an
    OCR misreading of (:func:`lookalike_unit`: "ymol/L" for µmol/L)."""
    match = normalise_unit(text, kb)
    if match.ucum is None and match.candidates:
        fitting = tuple(c for c in match.candidates if c in analyte.units)
        if len(fitting) == 1:
            return UnitMatch(text, fitting[0], match.candidates, None)
    if match.ucum is None and not match.candidates:
        found = lookalike_unit(text, analyte, kb)
        if found is not None:
            return UnitMatch(text, found[0], (), f"OCR damage: read as {found[1]!r}")
    if match.ucum is not None and match.ucum not in analyte.units:
        key = fold_unit(text)
        for pattern, replacement in ((_LOST_FINAL_L, "l"), (_LOST_MICRO, "u"),
                                     (_MICRO_READ_AS_P, "u")):
            repaired = pattern.sub(replacement, key, count=1)
            if repaired == key:
                continue
            again = _look_up(text, repaired, kb)
            if again.ucum in analyte.units:
                return UnitMatch(text, again.ucum, (), f"OCR damage: read as {repaired!r}")
    return match
