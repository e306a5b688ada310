"""Corpus generation: files, determinism, splits, statistics."""

from __future__ import annotations

import json

from bloodclarity.cli import main
from bloodclarity.corpus.generate import HELDOUT_FAMILIES, generate_corpus, heldout_languages


def test_generate_writes_all_splits_and_stats(tmp_path):
    stats = generate_corpus(tmp_path, 300, seed=5)
    for split in ("train", "dev", "test", "heldout"):
        assert (tmp_path / f"{split}.jsonl").exists()
    assert stats["samples"] == 300 == sum(stats["splits"].values())
    first = json.loads((tmp_path / "train.jsonl").read_text().splitlines()[0])
    assert {"id", "text", "layout", "language", "entities", "records"} <= set(first)
    on_disk = json.loads((tmp_path / "stats.json").read_text())
    assert on_disk == stats


def test_generation_is_deterministic(tmp_path):
    generate_corpus(tmp_path / "a", 120, seed=9)
    generate_corpus(tmp_path / "b", 120, seed=9, workers=2)
    generate_corpus(tmp_path / "c", 120, seed=10)
    for split in ("train", "heldout"):
        a = (tmp_path / "a" / f"{split}.jsonl").read_text()
        assert a == (tmp_path / "b" / f"{split}.jsonl").read_text()
        assert a != (tmp_path / "c" / f"{split}.jsonl").read_text()


def test_heldout_layouts_and_languages_never_reach_the_other_splits(tmp_path):
    generate_corpus(tmp_path, 400, seed=3)
    held = heldout_languages()
    assert held, "at least one language is held out"
    for split in ("train", "dev", "test"):
        for line in (tmp_path / f"{split}.jsonl").read_text().splitlines():
            report = json.loads(line)
            assert report["layout"] not in HELDOUT_FAMILIES
            assert report["language"] not in held
    heldout = [json.loads(x) for x in (tmp_path / "heldout.jsonl").read_text().splitlines()]
    assert heldout and all(r["layout"] in HELDOUT_FAMILIES for r in heldout)


def test_ratios(tmp_path):
    stats = generate_corpus(tmp_path, 600, seed=11)
    assert 0.25 <= stats["abnormal_share"] <= 0.35
    assert 0.13 <= stats["noise_rate"] <= 0.23
    assert stats["layouts"] >= 24 and stats["languages"] >= 10


def test_cli_generate(tmp_path, capsys):
    assert main(["generate", "--num-samples", "40", "--seed", "2", "--out",
                 str(tmp_path), "--workers", "1"]) == 0
    assert "40 reports" in capsys.readouterr().out
