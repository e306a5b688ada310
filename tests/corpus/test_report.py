"""Whole synthetic reports: label integrity for every layout family and language."""

from __future__ import annotations

import itertools
import random

import pytest

from bloodclarity.corpus.generate import make_report
from bloodclarity.corpus.labels import Span, bio_tags, spans_from_tags, word_offsets
from bloodclarity.corpus.report import ReportWriter
from bloodclarity.corpus.resources import load_families
from bloodclarity.knowledge import load_knowledge_base
from bloodclarity.rules.plausibility import check_plausible

KB = load_knowledge_base()
FAMILIES = sorted(load_families())
RECORD_FIELDS = {"BIOMARKER": "name", "VALUE": "value_text", "UNIT": "unit", "FLAG": "flag_text"}


def reports_of(family: str, n: int = 6) -> list[dict]:
    return [make_report(7, i, family) for i in range(n)]


@pytest.mark.parametrize("family", FAMILIES)
def test_span_text_equals_the_record_field(family):
    for report in reports_of(family):
        text, entities = report["text"], report["entities"]
        assert report["records"], "every report has results"
        for rec in report["records"]:
            for label, index in rec["entities"].items():
                e = entities[index]
                assert e["label"] == label
                span_text = text[e["start"]:e["end"]]
                if label == "RANGE":
                    assert span_text == rec["reference_range"]["text"]
                else:
                    assert span_text == rec[RECORD_FIELDS[label]]


@pytest.mark.parametrize("family", FAMILIES)
def test_spans_are_trimmed_disjoint_and_all_used(family):
    for report in reports_of(family):
        text = report["text"]
        spans = sorted((e["start"], e["end"]) for e in report["entities"])
        for start, end in spans:
            assert start < end and not text[start].isspace() and not text[end - 1].isspace()
        for (_, end), (start, _) in itertools.pairwise(spans):
            assert end <= start, "spans overlap"
        used = {i for rec in report["records"] for i in rec["entities"].values()}
        assert used == set(range(len(report["entities"])))


@pytest.mark.parametrize("family", FAMILIES)
def test_bio_tags_round_trip_to_the_spans(family):
    for report in reports_of(family, 3):
        spans = [Span(e["start"], e["end"], e["label"]) for e in report["entities"]]
        offsets = word_offsets(report["text"])
        assert spans_from_tags(offsets, bio_tags(offsets, spans)) == sorted(
            spans, key=lambda s: s.start)


@pytest.mark.parametrize("family", FAMILIES)
def test_header_and_footer_carry_no_labels(family):
    fam = load_families()[family]
    for seed in range(5):
        writer = ReportWriter(KB, fam, random.Random(seed))
        report = writer.write()
        for e in report["entities"]:
            assert writer.header_end <= e["start"] and e["end"] <= writer.footer_start


@pytest.mark.parametrize("family", FAMILIES)
def test_values_are_plausible_in_their_printed_unit(family):
    for report in reports_of(family):
        if report["noise"]:
            continue  # a lost decimal point may make a value implausible on purpose
        for rec in report["records"]:
            if rec["value"] is None:
                continue
            analyte = KB[rec["analyte"]]
            verdict = check_plausible(rec["value"], rec["ucum"], analyte, KB,
                                      comparator=rec["comparator"])
            assert verdict.ok, (rec, verdict.reason)
            rng = rec["reference_range"]
            for bound in (rng or {}).get("low"), (rng or {}).get("high"):
                if bound is not None and bound > 0:
                    assert check_plausible(bound, rec["ucum"], analyte, KB).ok, rec


def test_the_language_of_every_family_is_used():
    languages = {load_families()[f].language for f in FAMILIES}
    assert {"en", "es", "pt", "id", "th", "vi", "fr", "de", "it", "tr"} <= languages
    assert len({load_families()[f].country for f in FAMILIES}) >= 12
    assert len(FAMILIES) >= 24


def test_titres_are_printed_as_dilutions_and_recorded_as_reciprocals():
    writer = ReportWriter(KB, load_families()["uk_nhs"], random.Random(3))
    rows = [writer.rows.make(KB["ana"]) for _ in range(60)]
    for row in rows:
        assert row.value_text.lstrip("<").startswith("1:")
        assert row.value == float(row.value_text.lstrip("<")[2:])
        assert (row.comparator == "<") == row.value_text.startswith("<")
        assert (row.flag is not None) <= (row.value > 80)
    assert {r.status for r in rows} == {"normal", "high"}
    assert any(r.range_text and r.range_high == 160 for r in rows)
