"""Generate the corpus: train/dev/test splits, a held-out split of unseen layout families and
languages, and corpus statistics. Deterministic for a given seed (each report has its own
random generator seeded from the corpus seed and its index)."""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from bloodclarity.corpus.labels import word_offsets
from bloodclarity.corpus.report import ReportWriter
from bloodclarity.corpus.resources import load_families
from bloodclarity.knowledge import load_knowledge_base

HELDOUT_FAMILIES = ("it_laboratorio", "tr_hastane", "za_lancet", "co_colsanitas", "my_pathlab")
SPLITS = ("train", "dev", "test", "heldout")
DEV_SHARE, TEST_SHARE = 0.1, 0.1
CHUNK = 250


def heldout_languages() -> set[str]:
    """Languages that appear only in held-out families."""
    families = load_families().values()
    seen = {f.language for f in families if f.name not in HELDOUT_FAMILIES}
    return {f.language for f in families if f.name in HELDOUT_FAMILIES} - seen


def make_report(seed: int, index: int, family_name: str | None = None) -> dict[str, Any]:
    """Report ``index`` of the corpus with ``seed``: its family, split and labelled text."""
    rng = random.Random(seed * 1_000_003 + index)
    families = load_families()
    family = families[family_name or rng.choice(sorted(families))]
    if family.name in HELDOUT_FAMILIES:
        split = "heldout"
    else:
        r = rng.random()
        split = "dev" if r < DEV_SHARE else "test" if r < DEV_SHARE + TEST_SHARE else "train"
    sample = ReportWriter(load_knowledge_base(), family, rng).write()
    return {"id": f"bc-{seed}-{index:07d}", "split": split, "layout": family.name,
            "country": family.country, "language": family.language, **sample}


def _chunk(args: tuple[int, int, int]) -> list[dict[str, Any]]:
    seed, start, stop = args
    return [make_report(seed, i) for i in range(start, stop)]


def iter_reports(num_samples: int, seed: int, workers: int = 1) -> Iterator[dict[str, Any]]:
    """All reports in index order, made by ``workers`` processes."""
    jobs = [(seed, s, min(s + CHUNK, num_samples)) for s in range(0, num_samples, CHUNK)]
    if workers <= 1:
        for job in jobs:
            yield from _chunk(job)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for chunk in pool.map(_chunk, jobs):
            yield from chunk


def generate_corpus(out: Path, num_samples: int, seed: int, workers: int = 1) -> dict[str, Any]:
    """Write ``train/dev/test/heldout.jsonl`` and ``stats.json`` under ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    stats = StatsCollector()
    files = {s: (out / f"{s}.jsonl").open("w", encoding="utf-8") for s in SPLITS}
    try:
        for report in iter_reports(num_samples, seed, workers):
            stats.add(report)
            split = report.pop("split")
            files[split].write(json.dumps(report, ensure_ascii=False) + "\n")
    finally:
        for fh in files.values():
            fh.close()
    summary = stats.summary(seed)
    (out / "stats.json").write_text(json.dumps(summary, indent=1, ensure_ascii=False) + "\n")
    return summary


class StatsCollector:
    """Corpus statistics: samples, tokens, layouts, languages, analytes, noise, abnormal share."""

    def __init__(self) -> None:
        self.splits: Counter[str] = Counter()
        self.layouts: Counter[str] = Counter()
        self.languages: Counter[str] = Counter()
        self.analytes: Counter[str] = Counter()
        self.labels: Counter[str] = Counter()
        self.status: Counter[str] = Counter()
        self.tokens = 0
        self.noisy = 0
        self.records = 0

    def add(self, report: dict[str, Any]) -> None:
        self.splits[report["split"]] += 1
        self.layouts[report["layout"]] += 1
        self.languages[report["language"]] += 1
        self.tokens += len(word_offsets(report["text"]))
        self.noisy += bool(report["noise"])
        self.labels.update(e["label"] for e in report["entities"])
        for rec in report["records"]:
            self.records += 1
            self.analytes[rec["analyte"]] += 1
            self.status["normal" if rec["status"] == "normal" else "abnormal"] += 1

    def summary(self, seed: int) -> dict[str, Any]:
        samples = sum(self.splits.values())
        return {
            "seed": seed,
            "samples": samples,
            "splits": dict(self.splits),
            "tokens": self.tokens,
            "records": self.records,
            "layouts": len(self.layouts),
            "languages": len(self.languages),
            "analytes": len(self.analytes),
            "noise_rate": round(self.noisy / samples, 4) if samples else 0.0,
            "normal_abnormal": dict(self.status),
            "abnormal_share": round(self.status["abnormal"] / self.records, 4)
            if self.records else 0.0,
            "heldout_layouts": list(HELDOUT_FAMILIES),
            "heldout_languages": sorted(heldout_languages()),
            "entity_labels": dict(self.labels),
            "per_layout": dict(sorted(self.layouts.items())),
            "per_language": dict(sorted(self.languages.items())),
        }
