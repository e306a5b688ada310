"""One synthetic report: header and patient block, result sections in the family's styles,
interpretive tables, comments and footers; every result placed with exact labels.

Labelling decisions (docs/corpus.md): a previous-result column is O; a value that noise made
implausible ("5.7" -> "57" mmol/L potassium) keeps its labels and is marked ``implausible``
(a reader must reject it); qualitative results
(Negative, Reactive) are labelled BIOMARKER + VALUE with a null numeric value; a converted
second value printed on the same row (SI and conventional columns) is a second record that
shares the name; units printed only in a column header are O and the record's unit is null.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from bloodclarity.corpus.builder import ReportBuilder
from bloodclarity.corpus.noise import OcrNoise
from bloodclarity.corpus.resources import (
    CATEGORY_SECTIONS,
    DEFAULT_SECTION,
    Family,
    load_panels,
    load_words,
)
from bloodclarity.corpus.rows import Row, RowMaker
from bloodclarity.knowledge import Analyte, KnowledgeBase
from bloodclarity.rules.conversion import convert
from bloodclarity.rules.flags import parse_flag
from bloodclarity.rules.numbers import parse_number
from bloodclarity.rules.plausibility import check_plausible
from bloodclarity.rules.ranges import parse_range

NOISE_RATE = 0.18
SNIPPET_RATE = 0.08
NO_UNIT_RATE = 0.06


def generatable(analyte: Analyte) -> bool:
    """Analytes the generator can print: those with a reference interval with a bound."""
    ri = analyte.reference_interval
    return ri is not None and (ri.low is not None or ri.high is not None)


class ReportWriter:
    """Writes one report of ``family`` with its own seeded random generator."""

    def __init__(self, kb: KnowledgeBase, family: Family, rng: random.Random) -> None:
        self.kb, self.family, self.rng = kb, family, rng
        self.words = load_words(family.language)
        self.sex = rng.choice(["male", "female"])
        self.age = rng.randint(18, 90)
        self.noise = OcrNoise(rng, rng.uniform(0.08, 0.25)) if rng.random() < NOISE_RATE else None
        self.out = ReportBuilder(self.noise)
        self.rows = RowMaker(rng, kb, family, self.words, self.sex,
                             rng.choice(family.flags), rng.choice(family.range))
        self.records: list[dict[str, Any]] = []
        self.widths = (rng.randint(24, 34), rng.randint(9, 13), rng.randint(5, 8),
                       rng.randint(11, 16), rng.randint(14, 20))
        self.page = 1
        self.pages = rng.choice([1, 1, 2])

    def w(self, key: str) -> str:
        return self.rng.choice(self.words[key])

    # -- whole report --------------------------------------------------------------------------
    def write(self) -> dict[str, Any]:
        snippet = self.rng.random() < SNIPPET_RATE
        if snippet:  # a few pasted result lines: no header, one short table, no footer
            self.header_end = 0
            section, analytes, _ = self.choose_panels()[0]
            self.section(section, analytes[: self.rng.randint(1, 6)], None, titled=False)
            self.footer_start = len(self.out.text)
            self.unsex_ranges()
        else:
            self.header()
            self.header_end = len(self.out.text)
            panels = self.choose_panels()
            for i, (section, analytes, interpretive) in enumerate(panels):
                if self.pages == 2 and i == len(panels) // 2 and i > 0:
                    self.page_break()
                self.section(section, analytes, interpretive)
            self.footer()
        return {"text": self.out.text, "entities": [s.to_dict() for s in self.out.spans],
                "records": self.records, "noise": self.noise is not None,
                "noise_events": len(self.noise.events) if self.noise else 0}

    def unsex_ranges(self) -> None:
        """Without a header the patient's sex is unknown, so sex bands give no bounds."""
        for rec in self.records:
            rng = rec["reference_range"]
            if rng and parse_range(rng["text"], sex=self.sex) != parse_range(rng["text"]):
                rng["low"] = rng["high"] = None

    def choose_panels(self) -> list[tuple[str, list[Analyte], str | None]]:
        panels = load_panels()
        names = [p for p in self.family.panels if p == "misc" or p in panels]
        chosen = self.rng.sample(names, k=min(len(names), self.rng.randint(2, 4)))
        out = []
        for name in chosen:
            if name == "misc":
                category = self.rng.choice(sorted(self.kb.categories))
                pool = [a for a in self.kb if a.category == category and generatable(a)]
                if not pool:
                    continue
                picked = self.rng.sample(pool, k=min(len(pool), self.rng.randint(2, 6)))
                out.append((CATEGORY_SECTIONS.get(category, DEFAULT_SECTION), picked, None))
                continue
            panel = panels[name]
            ids = panel.get("analytes") or [f"{p}_{k}" for p in panel["pairs"]
                                             for k in ("pct", "abs")]
            pool = [self.kb[i] for i in ids if i in self.kb.analytes and generatable(self.kb[i])]
            keep = [a for a in pool if self.rng.random() < 0.85] or pool[:1]
            out.append((panel["section"], keep, panel.get("interpretive")))
        return out

    # -- header and footer ---------------------------------------------------------------------
    def lab_name(self) -> str:
        city = self.w("city_names")
        patterns = [f"{self.w('lab_words')} {self.w('last_names')}",
                    f"{city} {self.w('lab_words')}", f"{self.w('lab_words')} {city}"]
        name = self.rng.choice(patterns)
        return name.upper() if self.rng.random() < 0.5 else name

    def phone(self) -> str:
        r = self.rng
        return r.choice([
            f"({r.randint(1, 99):02d}) {r.randint(1000, 9999)} {r.randint(1000, 9999)}",
            f"+{r.randint(1, 99)} {r.randint(10, 99)} {r.randint(100, 999)} {r.randint(1000, 9999)}",
            f"{r.randint(100, 999)}-{r.randint(100, 999)}-{r.randint(1000, 9999)}",
            f"1800 {r.randint(100, 999)} {r.randint(100, 999)}",
        ])

    def a_date(self, days_back: int = 0) -> str:
        d = date(2026, 1, 1) + timedelta(days=self.rng.randint(0, 330) - days_back)
        fmt = self.rng.choice(["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d.%m.%Y", "%m/%d/%Y"])
        return d.strftime(fmt)

    def a_time(self) -> str:
        return f"{self.rng.randint(6, 20):02d}:{self.rng.randint(0, 59):02d}"

    def line(self, text: str = "") -> None:
        if text:
            self.out.add(text)
        self.out.newline()

    def header(self) -> None:
        r, w = self.rng, self.w
        lab = self.lab_name()
        accreditation = w("accreditation").format(n=r.choice(
            [r.randint(100, 9999), r.randint(10000, 99999), "2619", "15189"]))
        address = f"{r.randint(1, 999)} {w('address_words')} {w('last_names')}, {w('city_names')}"
        if self.family.header == "banner":
            self.line(lab.center(78).rstrip())
            self.line(address.center(78).rstrip())
            self.line(f"{w('phone')}: {self.phone()}   {w('fax')}: {self.phone()}   {accreditation}")
            self.line("=" * r.randint(60, 80))
        else:
            self.line(f"{lab}{' ' * r.randint(4, 20)}{accreditation}")
            self.line(address)
            self.line(f"{w('phone')} {self.phone()}   {w('fax')} {self.phone()}")
            self.line("-" * r.randint(50, 80))
        self.line(w("report_title"))
        name = f"{w('last_names').upper()}, {w('first_names')}"
        sex = w("male") if self.sex == "male" else w("female")
        dob = self.a_date(days_back=365 * self.age)
        mrn = str(r.randint(100000, 99999999))
        fields = [(w("patient_name"), name), (w("date_of_birth"), dob),
                  (w("age"), f"{self.age} {w('years')}"), (w("sex"), sex), (w("mrn"), mrn),
                  (w("lab_number"), f"{r.randint(10, 99)}-{r.randint(1000000, 9999999)}"),
                  (w("requested_by"), f"{w('doctor_title')} {w('last_names')}"),
                  (w("collected"), f"{self.a_date()} {self.a_time()}"),
                  (w("reported"), f"{self.a_date()} {self.a_time()}")]
        if self.family.header == "key_value":
            width = max(len(k) for k, _ in fields) + 1
            for key, value in fields:
                self.line(f"{key.ljust(width)}: {value}")
        else:
            for (k1, v1), (k2, v2) in zip(fields[::2], fields[1::2], strict=False):
                left = f"{k1}: {v1}"
                self.line(f"{left.ljust(40)}{k2}: {v2}")
            if len(fields) % 2:
                self.line(f"{fields[-1][0]}: {fields[-1][1]}")
        self.line()

    def page_break(self) -> None:
        self.line(f"{self.w('page')} {self.page} {self.w('of')} {self.pages}"
                  f"   {self.w('continued')}")
        self.line("\f" if self.rng.random() < 0.3 else "")
        self.page += 1
        self.line(f"{self.lab_name()}   {self.w('patient')}: {self.w('last_names').upper()}")

    def footer(self) -> None:
        r, w = self.rng, self.w
        self.line()
        self.footer_start = len(self.out.text)
        if r.random() < 0.8:
            self.line(f"{w('comment_label')}: {w('comments')}")
        if r.random() < 0.5:
            self.line(w("footnotes"))
        self.line(f"{w('validated_by')}: {w('doctor_title')} {w('first_names')} "
                  f"{w('last_names')}, {w('signature_roles')}")
        self.line(f"{w('page')} {self.page} {w('of')} {self.pages}    {w('end_of_report')}")

    # -- sections ------------------------------------------------------------------------------
    def section(self, section: str, analytes: list[Analyte], interpretive: str | None,
                titled: bool = True) -> None:
        r = self.rng
        title = self.w(section)
        if titled or r.random() < 0.5:
            self.line(title.upper() if r.random() < 0.6 else title)
        if r.random() < self.family.method:
            self.line(f"{self.w('specimen')}: {self.w('specimen_names')}")
        style = r.choice(self.family.styles)
        if style == "pct_abs" or (section == "section_differential" and r.random() < 0.3):
            self.differential_rows(analytes)
        elif style == "side_by_side":
            self.side_by_side(analytes)
        elif style in ("two_line", "method_below"):
            self.two_line(analytes, with_header=style == "two_line")
        elif style in ("dotted", "colon"):
            for analyte in analytes:
                self.inline_row(self.rows.make(analyte), style)
        else:
            self.table(analytes, style)
        if interpretive and r.random() < 0.5:
            self.interpretive(interpretive)
        self.line()

    def column_header(self, columns: list[str], style: str, header_unit: str | None) -> None:
        labels = {"name": self.w("col_test"), "value": self.w("col_result"),
                  "unit": self.w("col_unit"), "range": self.w("col_reference"),
                  "flag": self.w("col_flag"), "previous": self.w("col_previous")}
        if header_unit is not None:
            labels["value"] = f"{labels['value']} ({header_unit})"
        cells = [labels[c] for c in columns]
        if style in ("pipe", "markdown"):
            self.line("| " + " | ".join(cells) + " |")
            if style == "markdown":
                self.line("|" + "|".join("---" for _ in cells) + "|")
        elif style == "tsv":
            self.line("\t".join(cells))
        else:
            for col, cell in zip(columns, cells, strict=True):
                self.out.pad_to(self.column_start(col), minimum=0 if col == columns[0] else 1)
                self.out.add(cell)
            self.out.newline()

    def column_start(self, column: str) -> int:
        order = list(self.row_columns)
        widths = dict(zip(["name", "value", "flag", "unit", "range", "previous"],
                          [*self.widths, self.widths[1]], strict=True))
        return sum(widths[c] for c in order[: order.index(column)])

    def table(self, analytes: list[Analyte], style: str) -> None:
        r = self.rng
        columns = [c for c in self.family.columns if c != "previous"]
        if r.random() < self.family.previous or style == "previous_first":
            at = 1 if style == "previous_first" else min(len(columns), 2 + r.randint(0, 2))
            columns.insert(at, "previous")
        if style == "range_before_unit" and "unit" in columns and "range" in columns:
            columns.remove("unit")
            columns.append("unit")
        if style == "unit_first" and "unit" in columns:
            columns.remove("unit")
            columns.insert(1, "unit")
        if not any(f != "none" for f in [self.rows.flag_style]) and "flag" in columns:
            columns.remove("flag")
        if self.rows.flag_style.startswith("glued") and "flag" in columns:
            columns.remove("flag")
        header_unit = None
        rows = [self.rows.make(a, multiline_sex=None) for a in analytes]
        if "unit" in columns and r.random() < NO_UNIT_RATE:  # no unit printed at all
            columns.remove("unit")
            for row in rows:
                row.unit_text = None
        if style == "header_units":
            units = {row.ucum for row in rows if not row.qualitative}
            if len(units) == 1:
                header_unit = rows[0].unit_text
                columns = [c for c in columns if c != "unit"]
        self.row_columns = columns
        if r.random() < 0.85 or "previous" in columns:  # which column is current must be told
            self.column_header(columns, style, header_unit)
        for row in rows:
            if header_unit is not None:
                row.unit_text = None
            self.place(row, columns, style)
            if style == "dual_units":
                self.dual_unit_row(row, columns)

    def place(self, row: Row, columns: list[str], style: str) -> dict[str, Any]:
        """Place ``row``'s cells in ``columns`` order in ``style``; record it."""
        out, r = self.out, self.rng
        ents: dict[str, int] = {}
        texts: dict[str, str] = {}
        if style in ("pipe", "markdown"):
            out.add("| ")
        first = True
        for col in columns:
            text = self.cell_text(row, col)
            if not first:
                if style in ("pipe", "markdown"):
                    out.add(" | ")
                elif style == "tsv":
                    out.add("\t")
                else:
                    jitter = r.randint(-2, 2) if self.noise is None else r.randint(-3, 1)
                    out.pad_to(self.column_start(col) + jitter,
                               minimum=0 if self.noise and self.noise.merge_columns else 1)
            first = False
            if col == "value":
                self.place_value(row, ents, texts)
            elif text:
                label = {"name": "BIOMARKER", "unit": "UNIT", "range": "RANGE",
                         "flag": "FLAG"}.get(col)
                idx, placed = out.add(text, label)
                if label and idx is not None:
                    ents[label] = idx
                    texts[label] = placed
        if style in ("pipe", "markdown"):
            out.add(" |")
        out.newline()
        return self.record(row, ents, texts)

    def cell_text(self, row: Row, col: str) -> str:
        return {"name": row.name, "unit": row.unit_text or "", "range": row.range_text or "",
                "flag": row.flag_text if row.flag_position is None and row.flag_text else "",
                "previous": row.previous_text or "", "value": row.value_text}[col]

    def place_value(self, row: Row, ents: dict[str, int], texts: dict[str, str]) -> None:
        if row.flag_text and row.flag_position == "before":
            idx, texts["FLAG"] = self.out.add(row.flag_text, "FLAG")
            ents["FLAG"] = idx
        idx, texts["VALUE"] = self.out.add(row.value_text, "VALUE")
        ents["VALUE"] = idx
        if row.flag_text and row.flag_position == "after":
            if self.rng.random() < 0.3:
                self.out.add(" ")
            idx, texts["FLAG"] = self.out.add(row.flag_text, "FLAG")
            ents["FLAG"] = idx

    def place_result(self, row: Row, ents: dict[str, int], texts: dict[str, str], *,
                     flag_gap: str = " ", range_gap: str = "  ", range_at: int | None = None,
                     multiline: bool = True) -> None:
        """The value (with a glued flag), then its unit, flag and range, on the current line."""
        out = self.out
        self.place_value(row, ents, texts)
        if row.unit_text:
            out.add(" ")
            ents["UNIT"], texts["UNIT"] = out.add(row.unit_text, "UNIT")
        if row.flag_text and row.flag_position is None:
            out.add(flag_gap)
            ents["FLAG"], texts["FLAG"] = out.add(row.flag_text, "FLAG")
        if row.range_text and (multiline or "\n" not in row.range_text):
            if range_at is None:
                out.add(range_gap)
            else:
                out.pad_to(range_at)
            ents["RANGE"], texts["RANGE"] = out.add(row.range_text, "RANGE")

    def record(self, row: Row, ents: dict[str, int], texts: dict[str, str],
               shared: dict[str, int] | None = None) -> dict[str, Any]:
        """The record of a placed row; ``shared`` entities (the name) come from another row."""
        ents = {**(shared or {}), **ents}
        value = self.printed_value(row, texts.get("VALUE"))
        rec = {
            "name": texts.get("BIOMARKER"),
            "analyte": row.analyte.id,
            "value": value,
            "value_text": texts.get("VALUE"),
            "comparator": row.comparator,
            "unit": texts.get("UNIT"),
            "ucum": row.ucum,
            "reference_range": None if "RANGE" not in texts else {
                "low": row.range_low, "high": row.range_high, "text": texts["RANGE"]},
            "flag": self.printed_flag(row, texts),
            "flag_text": texts.get("FLAG"),
            "status": row.status,
            "implausible": value is not None and not check_plausible(
                value, row.ucum, row.analyte, self.kb, comparator=row.comparator).ok,
            "qualitative": row.qualitative,
            "entities": ents,
        }
        self.records.append(rec)
        return rec

    @staticmethod
    def printed_flag(row: Row, texts: dict[str, str]) -> str | None:
        """The flag the printed text tells: an asterisk without a printed range says
        "abnormal" but not which way, so no direction is expected from it."""
        if "FLAG" not in texts:
            return None
        if parse_flag(texts["FLAG"]) == "A" and "RANGE" not in texts:
            return None
        return row.flag

    def printed_value(self, row: Row, text: str | None) -> float | None:
        """The number as printed (noise may have changed it: "5.4" -> "54")."""
        if text is None or row.qualitative:
            return None
        if text == row.value_text:
            return row.value
        parsed = parse_number(text, decimal=self.family.decimal)
        return None if parsed is None else parsed.value

    def inline_row(self, row: Row, style: str) -> None:
        """"Glucose ........ 5.4 mmol/L (3.9-5.5)" or "Glucose: 5.4 mmol/L (Ref: 3.9-5.5)"."""
        out, r = self.out, self.rng
        ents, texts = {}, {}
        idx, texts["BIOMARKER"] = out.add(row.name, "BIOMARKER")
        ents["BIOMARKER"] = idx
        if style == "dotted":
            out.add(" " + "." * max(3, self.widths[0] + 6 - len(row.name)) + " ")
        else:
            out.add(": " if r.random() < 0.7 else " : ")
        self.place_value(row, ents, texts)
        if row.unit_text:
            out.add(" ")
            ents["UNIT"], texts["UNIT"] = out.add(row.unit_text, "UNIT")
        if row.flag_text and row.flag_position is None:
            out.add(" " * r.randint(1, 4))
            ents["FLAG"], texts["FLAG"] = out.add(row.flag_text, "FLAG")
        if row.range_text:
            out.add(" " * r.randint(2, 8))
            if style == "colon" and r.random() < 0.5:
                out.add("(Ref: ")
                ents["RANGE"], texts["RANGE"] = out.add(row.range_text, "RANGE")
                out.add(")")
            else:
                ents["RANGE"], texts["RANGE"] = out.add(row.range_text, "RANGE")
        out.newline()
        self.record(row, ents, texts)

    def two_line(self, analytes: list[Analyte], *, with_header: bool) -> None:
        """Name on one line; a method line; the value, unit and range on a later line."""
        out, r = self.out, self.rng
        if with_header and r.random() < 0.7:
            self.line(self.w("result_header_line"))
        for analyte in analytes:
            row = self.rows.make(analyte, multiline_sex="\n" + " " * 30)
            ents, texts = {}, {}
            ents["BIOMARKER"], texts["BIOMARKER"] = out.add(row.name, "BIOMARKER")
            out.newline()
            if r.random() < max(self.family.method, 0.3):
                self.line(f"{self.w('method')}: {self.w('method_names')}")
            out.add(" " * r.randint(2, 12))
            self.place_result(row, ents, texts, flag_gap="  ", range_at=30)
            out.newline()
            if row.previous_text and r.random() < self.family.previous:
                self.line(f"{self.w('col_previous')}: {row.previous_text}"
                          f"  ({self.a_date(days_back=200)})")
            self.record(row, ents, texts)

    def differential_rows(self, analytes: list[Analyte]) -> None:
        """"Neutrophils   60 %   3.9 x10^9/L   (2.0-7.5)": % and count share the name."""
        out, r = self.out, self.rng
        ids = {a.id for a in analytes}
        done = set()
        for analyte in analytes:
            if analyte.id in done:
                continue
            base = analyte.id.rsplit("_", 1)[0]
            pct, count = f"{base}_pct", f"{base}_abs"
            if not (pct in ids and count in ids):
                self.inline_row(self.rows.make(analyte), "colon")
                done.add(analyte.id)
                continue
            done |= {pct, count}
            name = self.shared_name(self.kb[pct])
            rows = [self.rows.make(self.kb[i], name=name) for i in (pct, count)]
            ents, texts = {}, {}
            ents["BIOMARKER"], texts["BIOMARKER"] = out.add(name, "BIOMARKER")
            own: list[tuple[dict[str, int], dict[str, str]]] = [(ents, texts), ({}, {})]
            for k, row in enumerate(rows):
                out.pad_to(self.widths[0] + k * 22)
                e, t = own[k]
                self.place_value(row, e, t)
                out.add(" ")
                if row.unit_text:
                    e["UNIT"], t["UNIT"] = out.add(row.unit_text, "UNIT")
                if row.flag_text and row.flag_position is None:
                    out.add(" ")
                    e["FLAG"], t["FLAG"] = out.add(row.flag_text, "FLAG")
                if k == 1 and row.range_text and "\n" not in row.range_text:
                    out.add(" " * r.randint(3, 6))
                    e["RANGE"], t["RANGE"] = out.add(row.range_text, "RANGE")
            out.newline()
            self.record(rows[0], ents, texts)
            e, t = own[1]
            t["BIOMARKER"] = texts["BIOMARKER"]
            self.record(rows[1], e, t, shared={"BIOMARKER": ents["BIOMARKER"]})

    def shared_name(self, analyte: Analyte) -> str:
        """A name printed once for the % and the absolute count ("Neutrophils")."""
        shared = [a for a in analyte.aliases.get(self.family.language, ())
                  if a in analyte.ambiguous_aliases] or sorted(analyte.ambiguous_aliases)
        name = self.rng.choice(shared) if shared else analyte.name
        return name.upper() if self.family.case == "upper" and self.rng.random() < 0.8 else name

    def side_by_side(self, analytes: list[Analyte]) -> None:
        """Two results on one text line, as a flattened two-column PDF."""
        out = self.out
        half = 44
        for left, right in zip(analytes[::2], [*analytes[1::2], None], strict=False):
            for k, analyte in enumerate((left, right)):
                if analyte is None:
                    continue
                row = self.rows.make(analyte)
                if k:
                    out.pad_to(half, minimum=3)
                ents, texts = {}, {}
                ents["BIOMARKER"], texts["BIOMARKER"] = out.add(row.name, "BIOMARKER")
                out.pad_to(k * half + 18)
                self.place_result(row, ents, texts, multiline=False)
                self.record(row, ents, texts)
            out.newline()

    def dual_unit_row(self, row: Row, columns: list[str]) -> None:
        """The same result in the other unit system on the next line (a second record)."""
        analyte = row.analyte
        other = (analyte.conventional_unit if row.ucum == analyte.si_unit
                 else analyte.si_unit)
        if other == row.ucum or row.qualitative or row.comparator:
            return
        value = convert(self.kb, analyte, row.value, row.ucum, other) if row.value else None
        if value is None:
            return
        twin = self.rows.make(analyte, unit=other, name=row.name)
        twin.value = round(value, 2 if value < 10 else 1 if value < 100 else 0)
        twin.value_text = self.rows.number(twin.value, 2 if value < 10 else 1 if value < 100
                                           else 0)
        twin.flag_text, twin.flag = None, None
        twin.previous_text = None
        twin.status = row.status
        self.out.pad_to(self.column_start("value"))
        ents, texts = {}, {}
        self.place_result(twin, ents, texts, range_gap="   ", multiline=False)
        self.out.newline()
        shared = {"BIOMARKER": self.records[-1]["entities"]["BIOMARKER"]}
        texts["BIOMARKER"] = self.records[-1]["name"]
        self.record(twin, ents, texts, shared=shared)

    def interpretive(self, kind: str) -> None:
        """Treatment goals or trimester ranges: numbers that are not results (all O)."""
        r = self.rng
        self.line(self.w("interpretive_title"))
        labels = self.words["risk_levels"] if kind == "lipids" else self.words["trimesters"]
        value = r.uniform(1.0, 3.0)
        for label in labels:
            low, high = value, value * r.uniform(1.1, 1.4)
            self.line(f"  {label.ljust(22)}{self.rows.number(low, 1)} - "
                      f"{self.rows.number(high, 1)}")
            value = high
