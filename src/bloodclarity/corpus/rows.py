"""One printed result row: choose the unit and its spelling, draw the value, word the range
and the flag, exactly as a laboratory of the given family would print them."""

from __future__ import annotations

import random
from dataclasses import dataclass

from bloodclarity.corpus.resources import Family
from bloodclarity.corpus.values import (
    DrawnValue,
    decimals_for,
    draw_value,
    format_number,
    interval_in_unit,
    round_to,
)
from bloodclarity.knowledge import Analyte, Interval, KnowledgeBase
from bloodclarity.rules.flags import parse_flag
from bloodclarity.rules.plausibility import check_plausible

FLAG_SYMBOLS = {
    "letter": {"H": "H", "L": "L", "HH": "HH", "LL": "LL"},
    "arrow": {"H": "↑", "L": "↓", "HH": "↑↑", "LL": "↓↓"},
    "asterisk": {"H": "*", "L": "*", "HH": "**", "LL": "**"},
    "paren": {"H": "(H)", "L": "(L)", "HH": "(HH)", "LL": "(LL)"},
}
GLUED = {"glued_letter": ("letter", "after"), "glued_arrow": ("arrow", "before"),
         "glued_asterisk": ("asterisk", "before")}
# Analytes whose low results are printed below a detection limit ("<0.5").
CENSORED_CATEGORIES = {"inflammation", "cardiac", "tumour_markers", "immunology", "serology",
                       "hormones", "drug_monitoring", "toxicology", "coagulation", "liver"}
STATUS_FLAG = {"high": "H", "low": "L", "critical_high": "HH", "critical_low": "LL"}
QUALIFIED_NAMES = 0.06  # share of names printed with the patient's sex or the specimen
TITRES = (40, 80, 160, 320, 640, 1280, 2560)  # the doubling dilutions, as reciprocals


@dataclass
class Row:
    """Everything printed for one result, before placement on the page."""

    analyte: Analyte
    name: str
    value_text: str
    value: float | None
    comparator: str | None
    unit_text: str | None
    ucum: str
    range_text: str | None
    range_low: float | None
    range_high: float | None
    flag_text: str | None
    flag: str | None
    flag_position: str | None  # None (own column), "after" or "before" the value
    previous_text: str | None
    status: str
    qualitative: bool = False


class RowMaker:
    """Makes :class:`Row` objects for one report (one family, one patient, one rng)."""

    def __init__(self, rng: random.Random, kb: KnowledgeBase, family: Family,
                 words: dict[str, list[str]], sex: str, flag_style: str,
                 range_format: str) -> None:
        self.rng, self.kb, self.family, self.words = rng, kb, family, words
        self.sex = sex
        self.flag_style = flag_style
        self.range_format = range_format
        self.decimal_extra = rng.random() < 0.3

    # -- units -------------------------------------------------------------------------------
    def unit_for(self, analyte: Analyte) -> str:
        """The UCUM unit this family prints for ``analyte``."""
        mapped = self.family.unit_map.get(analyte.id)
        if mapped in analyte.units:
            return mapped
        base = analyte.si_unit if self.family.system == "si" else analyte.conventional_unit
        mapped = self.family.unit_map.get(base)
        return mapped if mapped in analyte.units else base

    def spelling(self, ucum: str) -> str:
        preferred = self.family.spellings.get(ucum)
        if preferred:
            return self.rng.choice(preferred)
        spellings = self.kb.units[ucum].spellings
        return self.rng.choice(spellings[:2]) if spellings else ucum

    # -- numbers -----------------------------------------------------------------------------
    def number(self, value: float, decimals: int) -> str:
        thousands = self.family.thousands if abs(value) >= 1000 else None
        return format_number(value, decimals, decimal=self.family.decimal, thousands=thousands)

    def range_text(self, bounds: Interval, decimals: int) -> tuple[str, Interval]:
        """The printed range and the bounds it actually shows (a "< hi" format drops low)."""
        lo = None if bounds.low is None else self.number(round_to(bounds.low, decimals), decimals)
        hi = None if bounds.high is None else self.number(round_to(bounds.high, decimals),
                                                          decimals)
        low = None if bounds.low is None else round_to(bounds.low, decimals)
        high = None if bounds.high is None else round_to(bounds.high, decimals)
        if lo is not None and hi is not None:
            shown = Interval(low if "{lo}" in self.range_format else None,
                           high if "{hi}" in self.range_format else None)
            return self.range_format.format(lo=lo, hi=hi), shown
        if hi is not None:
            r = self.rng.random()
            if r < 0.5:
                text = f"< {hi}" if r < 0.3 else f"<{hi}"
            elif r < 0.75 and self.family.language != "tr":  # Turkish puts "kadar" after
                text = f"{self.rng.choice(self.words['up_to_words'])} {hi}"
            else:
                text = f"≤ {hi}"
            return text, Interval(None, high)
        text = f"> {lo}" if self.rng.random() < 0.6 else f"≥ {lo}"
        return text, Interval(low, None)

    def sex_range_text(self, analyte: Analyte, unit: str, decimals: int,
                       separator: str) -> tuple[str, Interval]:
        """"Men: 13-17  Women: 12-15"; the bounds are the patient's."""
        texts = {}
        for sex in ("male", "female"):
            texts[sex] = self.range_text(interval_in_unit(self.kb, analyte, unit, sex), decimals)
        m = self.rng.choice(self.words["men"] + self.words["male"][:1])
        f = self.rng.choice(self.words["women"] + self.words["female"][:1])
        return f"{m}: {texts['male'][0]}{separator}{f}: {texts['female'][0]}", texts[self.sex][1]

    # -- the row -----------------------------------------------------------------------------
    def name_for(self, analyte: Analyte) -> str:
        names = analyte.aliases.get(self.family.language) or analyte.aliases["en"]
        if self.family.language != "en" and self.rng.random() < 0.15:
            names = analyte.aliases["en"]  # English abbreviations on non-English reports
        name = self.rng.choice(names)
        if self.rng.random() < QUALIFIED_NAMES:
            name = self.qualified(analyte, name)
        if self.family.case == "upper" and self.rng.random() < 0.8:
            return name.upper()
        return name

    def qualified(self, analyte: Analyte, name: str) -> str:
        """The name with a word the name rules strip: the patient's sex for an analyte with
        sex-specific intervals ("LH Female", "Testosterone, Male"), else the specimen for a
        serum test ("Serum Iron"); other names as they are."""
        ri = analyte.reference_interval
        if ri is not None and ri.male is not None and ri.female is not None:
            word = self.words[self.sex][0]
            return self.rng.choice((f"{name} {word}", f"{name}, {word}", f"{name} ({word})"))
        if analyte.specimen in ("serum", "serum/plasma"):
            return f"{self.words['specimen_names'][0]} {name}"
        return name

    def make(self, analyte: Analyte, *, unit: str | None = None,
             name: str | None = None, multiline_sex: str | None = None) -> Row:
        """A row for ``analyte``; ``multiline_sex`` is the line break + indent to use when
        the range is printed as sex bands over two lines."""
        unit = unit or self.unit_for(analyte)
        bounds = interval_in_unit(self.kb, analyte, unit, self.sex)
        decimals = decimals_for(bounds) + (1 if self.decimal_extra else 0)
        decimals = min(decimals, 3)
        drawn = draw_value(self.rng, self.kb, analyte, unit, bounds, decimals)
        if analyte.result_type == "qualitative":
            return self._qualitative(analyte, unit, drawn, name)
        if analyte.result_type == "titer":
            return self._titre(analyte, unit, drawn, name)
        value_text, value, comparator = self._value_text(drawn, bounds, analyte, unit)
        ri = analyte.reference_interval
        sexed = ri.male is not None and ri.female is not None and self.rng.random() < 0.25
        if sexed:
            sep = multiline_sex if multiline_sex and self.rng.random() < 0.5 else "  "
            range_text, printed = self.sex_range_text(analyte, unit, decimals, sep)
        else:
            range_text, printed = self.range_text(bounds, decimals)
        if self.rng.random() < 0.04:
            range_text = None  # ranges are sometimes missing
        flag = STATUS_FLAG.get(drawn.status)
        if comparator is not None:
            flag = None
        flag_text, position = self._flag_text(flag)
        if flag_text is not None and flag in ("HH", "LL"):
            flag = parse_flag(flag_text) if parse_flag(flag_text) in ("HH", "LL") else flag[0]
        previous = None
        if self.rng.random() < 0.9:
            prev = draw_value(self.rng, self.kb, analyte, unit, bounds, decimals)
            previous = self.number(prev.value, decimals)
        return Row(
            analyte=analyte, name=name or self.name_for(analyte), value_text=value_text,
            value=value, comparator=comparator,
            unit_text=self.spelling(unit), ucum=unit, range_text=range_text,
            range_low=printed.low, range_high=printed.high,
            flag_text=flag_text, flag=flag if flag_text else None, flag_position=position,
            previous_text=previous, status=drawn.status,
        )

    def _value_text(self, drawn: DrawnValue, bounds: Interval, analyte: Analyte,
                    unit: str) -> tuple[str, float, str | None]:
        """Censored values: "<0.5", "inferior a 0,03" below a detection limit, and ">90" for
        analytes with only a lower limit (eGFR)."""
        if (analyte.category in CENSORED_CATEGORIES and bounds.low is None and bounds.high
                and drawn.status == "normal"
                and drawn.value < bounds.high * 0.2 and self.rng.random() < 0.5):
            limit = round_to(bounds.high * self.rng.choice([0.02, 0.05, 0.1]), drawn.decimals)
            if limit > 0 and check_plausible(limit, unit, analyte, self.kb, comparator="<").ok:
                number = self.number(limit, drawn.decimals)
                if self.rng.random() < 0.25 and self.family.language != "tr":
                    text = f"{self.rng.choice(self.words['less_than_words'])} {number}"
                else:
                    text = self.rng.choice([f"<{number}", f"< {number}"])
                return text, limit, "<"
        if (bounds.high is None and bounds.low and drawn.status == "normal"
                and drawn.value > bounds.low and self.rng.random() < 0.4):
            limit = round_to(bounds.low, drawn.decimals)  # "eGFR >90"
            number = self.number(limit, drawn.decimals)
            return self.rng.choice([f">{number}", f"> {number}"]), limit, ">"
        return self.number(drawn.value, drawn.decimals), drawn.value, None

    def _flag_text(self, flag: str | None) -> tuple[str | None, str | None]:
        if flag is None or self.flag_style == "none":
            return None, None
        style, position = GLUED.get(self.flag_style, (self.flag_style, None))
        if style in ("word", "word_short"):
            key = "flag_words_high" if flag in ("H", "HH") else "flag_words_low"
            return self.rng.choice(self.words[key]), position
        symbols = FLAG_SYMBOLS.get(style, FLAG_SYMBOLS["letter"])
        return symbols[flag], position

    def _qualitative(self, analyte: Analyte, unit: str, drawn: DrawnValue,
                     name: str | None) -> Row:
        positive = drawn.status != "normal"
        word = self.rng.choice(self.words["qualitative_positive" if positive
                                          else "qualitative_negative"])
        reference = self.rng.choice(self.words["qualitative_negative"])
        return Row(
            analyte=analyte, name=name or self.name_for(analyte), value_text=word, value=None,
            comparator=None, unit_text=None, ucum=unit, range_text=reference,
            range_low=None, range_high=None, flag_text=None, flag=None, flag_position=None,
            previous_text=None, status="abnormal" if positive else "normal", qualitative=True,
        )

    def _titre(self, analyte: Analyte, unit: str, drawn: DrawnValue, name: str | None) -> Row:
        """A titre ("1:160", "<1:40") against the analyte's upper limit ("<1:160", "≤1:80");
        its value is the reciprocal, as the knowledge base keeps titres."""
        r = self.rng
        limit = analyte.reference_interval.high
        normal = [t for t in TITRES if t <= limit]
        if drawn.status == "normal":
            value, comparator = ((TITRES[0], "<") if r.random() < 0.4
                                 else (r.choice(normal), None))
        else:
            value, comparator = r.choice([t for t in TITRES if t > limit]), None
        bound = TITRES[len(normal)] if r.random() < 0.5 else normal[-1]
        sign = "<" if bound > limit else "≤"
        printed = r.random() > 0.04  # ranges are sometimes missing
        status = "normal" if value <= limit else "high"
        flag_text, position = self._flag_text(None if status == "normal" else "H")
        return Row(
            analyte=analyte, name=name or self.name_for(analyte),
            value_text=f"{'<' if comparator else ''}1:{value}", value=float(value),
            comparator=comparator, unit_text=self.spelling(unit) if r.random() < 0.6 else None,
            ucum=unit, range_text=f"{sign}{r.choice(['', ' '])}1:{bound}" if printed else None,
            range_low=None, range_high=float(bound) if printed else None,
            flag_text=flag_text, flag="H" if flag_text else None, flag_position=position,
            previous_text=f"1:{r.choice(TITRES)}", status=status,
        )
