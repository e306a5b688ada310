"""The ``bloodclarity`` command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bloodclarity.cli import main

ROOT = Path(__file__).resolve().parents[1]


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bloodclarity", *args],
                          capture_output=True, text=True, check=False, cwd=ROOT)


def test_biomarkers_json_lists_the_knowledge_base():
    proc = run_cli("biomarkers", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert len(data) >= 200
    assert sum(len(n) for a in data for n in a["aliases"].values()) >= 1000
    assert len({lang for a in data for lang in a["aliases"]}) >= 10
    for a in data:
        assert {"id", "name", "category", "loinc", "aliases", "units"} <= set(a)
        assert isinstance(a["loinc"], list) and (a["loinc"] or a["id"] == "zonulin")
        assert set(a["loinc_names"]) == set(a["loinc"])


def test_biomarkers_search(capsys):
    assert main(["biomarkers", "--format", "json", "--search", "glicose"]) == 0
    ids = [a["id"] for a in json.loads(capsys.readouterr().out)]
    assert "glucose" in ids and "sodium" not in ids


def test_biomarkers_search_by_loinc_code(capsys):
    assert main(["biomarkers", "--format", "json", "--search", "2160-0"]) == 0
    assert [a["id"] for a in json.loads(capsys.readouterr().out)] == ["creatinine"]


def test_biomarkers_table():
    proc = run_cli("biomarkers", "--search", "hemoglobin")
    assert proc.returncode == 0 and "hemoglobin" in proc.stdout


def test_extract_says_plainly_that_no_model_ships_yet():
    proc = run_cli("extract", "examples/sample-report.txt")
    assert proc.returncode == 3
    assert "no extraction model is shipped yet" in proc.stderr
    assert proc.stdout == ""


def test_unknown_command_fails():
    assert run_cli("frobnicate").returncode != 0
