"""Entity-level scores with seqeval's IOB2 conventions."""

from __future__ import annotations

from bloodclarity.model.metrics import NerScores, chunks


def test_chunks():
    tags = ["B-VALUE", "I-VALUE", "O", "I-UNIT", "B-UNIT", "I-FLAG", "B-FLAG"]
    assert chunks(tags) == {(0, 2, "VALUE"), (3, 4, "UNIT"), (4, 5, "UNIT"), (5, 6, "FLAG"),
                            (6, 7, "FLAG")}


def test_scores():
    s = NerScores()
    s.add(["B-VALUE", "I-VALUE", "O", "B-UNIT"], ["B-VALUE", "I-VALUE", "O", "O"])
    s.add(["B-FLAG"], ["B-UNIT"])
    r = s.report()
    assert r["token_accuracy"] == 3 / 5
    assert r["per_label"]["VALUE"]["f1"] == 1.0
    assert r["per_label"]["UNIT"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1}
    assert r["micro"]["precision"] == 0.5 and r["micro"]["recall"] == 1 / 3
