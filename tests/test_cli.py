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


def test_extract_one_file_prints_json_when_piped():
    proc = run_cli("extract", "examples/sample-report.txt")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["source"] == "examples/sample-report.txt" and len(report["results"]) >= 18


def test_extract_stdin_csv():
    proc = subprocess.run([sys.executable, "-m", "bloodclarity", "extract", "-", "--format", "csv"],
                          input="Sodium   140   mmol/L   135 - 145\n", capture_output=True,
                          text=True, check=False, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0].startswith("source,page,line,name")
    assert ",sodium," in proc.stdout


def test_extract_many_files_with_bad_ones(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    junk = tmp_path / "junk.bin"
    junk.write_bytes(bytes(range(256)) * 10)
    out = tmp_path / "out"
    proc = run_cli("extract", "examples/sample-report.txt", str(empty), str(junk),
                   str(tmp_path / "missing.pdf"), "--out", str(out), "--format", "fhir")
    assert proc.returncode == 1
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error")]
    assert len(errors) == 3
    assert any("empty.txt: empty file" in e for e in errors)
    assert any("junk.bin" in e and "binary" in e for e in errors)
    assert any("missing.pdf: no such file" in e for e in errors)
    written = sorted(p.name for p in out.iterdir())
    assert written == ["sample-report.txt.fhir.json"], "only complete outputs, no temp files"
    bundle = json.loads((out / "sample-report.txt.fhir.json").read_text())
    assert bundle["resourceType"] == "Bundle"


def test_extract_units_conversion():
    proc = run_cli("extract", "examples/sample-report.txt", "--format", "json",
                   "--units", "conventional")
    report = json.loads(proc.stdout)
    glucose = next(r for r in report["results"] if r["biomarker"] == "glucose")
    assert glucose["value"] == 6.4 and glucose["converted"]["unit"] == "mg/dL"


def test_unknown_command_fails():
    assert run_cli("frobnicate").returncode != 0
