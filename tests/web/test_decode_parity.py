"""Parity of the browser's decoding (web/src/decode.js) with Python's, in Node (no browser).

The same token scores go through Python's ``tag_documents`` decoding (log-softmax, Viterbi
over BIO tags) and ``entities_of``, and through decode.js: tags, confidences and entities must
agree. Scores come from the shipped model on generated reports, plus random and tied scores.
"""

from __future__ import annotations

import json
import math
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from bloodclarity.corpus.labels import BIO_TAGS
from bloodclarity.extract.extractor import entities_of
from bloodclarity.model.tagging import TaggedDocument, tag_documents, viterbi

ROOT = Path(__file__).resolve().parents[2]
DECODE = ROOT / "web" / "src" / "decode.js"
NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(NODE is None, reason="node (Node.js >= 20) is not on PATH")

SCRIPT = """
import { readFileSync } from "node:fs";
import { decodeDocument, entitiesOf, viterbi } from %s;
const job = JSON.parse(readFileSync(0, "utf8"));
const num = (x) => (x === "-inf" ? -Infinity : x);
const out = {
  docs: job.docs.map(({ text, scores, offsets }) => {
    const d = decodeDocument(scores);
    return { ...d, entities: entitiesOf(text, { encoding: { offsets }, ...d }) };
  }),
  paths: job.matrices.map((m) => viterbi(m.map((row) => row.map(num)))),
};
process.stdout.write(JSON.stringify(out));
"""


def run_node(job: dict) -> dict:
    script = SCRIPT % json.dumps(DECODE.as_uri())
    proc = subprocess.run([NODE, "--input-type=module", "-e", script], input=json.dumps(job),
                          capture_output=True, text=True, encoding="utf-8", timeout=300,
                          check=False)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def capture_scores(texts: list[str]) -> tuple[list[TaggedDocument], list[np.ndarray]]:
    """Python's tagging of ``texts`` with the shipped model, and the owner scores it decoded."""
    from bloodclarity.model.onnx_model import OnnxTagger, shipped_model_dir
    from bloodclarity.model.windows import pack_windows

    if not (shipped_model_dir() / "model.onnx").is_file():
        pytest.skip("the shipped model is not there")
    tagger = OnnxTagger(threads=1)
    calls = []

    def predict(windows):
        logits = tagger.predict(windows)
        calls.extend(logits)
        return logits

    docs = tag_documents(predict, tagger.tokenizer, texts, tagger.max_tokens,
                         tagger.overlap_lines)
    encodings = [d.encoding for d in docs]
    jobs = [(d, w) for d, e in enumerate(encodings)
            for w in pack_windows(e.ids, tagger.tokenizer.nl_id, max_tokens=tagger.max_tokens,
                                  overlap_lines=tagger.overlap_lines)]
    jobs.sort(key=lambda j: j[1].stop - j[1].start)  # the order tag_documents predicted in
    scores = [np.zeros((len(e.ids), len(BIO_TAGS))) for e in encodings]
    for (d, w), rows in zip(jobs, calls, strict=True):
        own = slice(1 + w.own_start - w.start, 1 + w.own_stop - w.start)
        scores[d][w.own_start:w.own_stop] = rows[own]
    return docs, scores


def test_decoding_matches_python(tmp_path):
    from bloodclarity.corpus.generate import generate_corpus

    generate_corpus(tmp_path, 12, seed=3)
    texts = [json.loads(line)["text"] for split in ("train", "dev", "test", "heldout")
             if (tmp_path / f"{split}.jsonl").is_file()
             for line in (tmp_path / f"{split}.jsonl").read_text("utf-8").splitlines()]
    texts.append((ROOT / "examples" / "sample-report.txt").read_text("utf-8"))
    docs, scores = capture_scores(texts)
    rng = np.random.default_rng(7)
    matrices = [rng.normal(size=(n, len(BIO_TAGS))) for n in (1, 2, 5, 40)]
    matrices.append(np.zeros((6, len(BIO_TAGS))))  # all tied
    matrices.append(np.round(rng.normal(size=(30, len(BIO_TAGS))), 0))  # many ties
    answer = run_node({
        "docs": [{"text": t, "scores": s.tolist(), "offsets": d.encoding.offsets}
                 for t, s, d in zip(texts, scores, docs, strict=True)],
        "matrices": [m.tolist() for m in matrices],
    })
    for text, doc, js in zip(texts, docs, answer["docs"], strict=True):
        assert js["tags"] == doc.tags
        assert all(math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
                   for a, b in zip(js["confidence"], doc.confidence, strict=True))
        py_entities = [(e.label, e.start, e.end) for e in entities_of(text, doc)]
        assert [tuple(e[:3]) for e in js["entities"]] == py_entities
    for m, path in zip(matrices, answer["paths"], strict=True):
        assert path == viterbi(m).tolist()
