"""Line packing into overlapping windows."""

from __future__ import annotations

import itertools
import random

import pytest

from bloodclarity.model.windows import line_spans, pack_windows

NL = 1


def document(rng: random.Random, lines: int, longest: int) -> list[int]:
    ids: list[int] = []
    for _ in range(lines):
        ids += [5] * rng.randint(0, longest) + [NL]
    return ids


@pytest.mark.parametrize("seed", range(40))
def test_every_token_is_owned_once_and_windows_fit(seed):
    rng = random.Random(seed)
    ids = document(rng, rng.randint(1, 60), rng.choice([5, 20, 60, 200]))
    max_tokens = rng.choice([16, 32, 126])
    windows = pack_windows(ids, NL, max_tokens=max_tokens, overlap_lines=rng.choice([0, 1, 2]))
    owned = [0] * len(ids)
    for w in windows:
        assert 0 <= w.start <= w.own_start <= w.own_stop <= w.stop <= len(ids)
        assert w.stop - w.start <= max_tokens
        for i in range(w.own_start, w.own_stop):
            owned[i] += 1
    assert owned == [1] * len(ids)


def test_windows_hold_whole_lines_and_overlap():
    ids = ([5] * 9 + [NL]) * 30  # 30 lines of 10 tokens
    windows = pack_windows(ids, NL, max_tokens=40, overlap_lines=2)
    starts = {s for s, _ in line_spans(ids, NL)}
    for w in windows:
        assert w.start in starts and w.stop - w.start <= 40
    for a, b in itertools.pairwise(windows):
        assert b.start <= a.stop - 20, "two lines of overlap"


def test_empty_document():
    assert pack_windows([], NL) == []


def test_windows_are_balanced():
    ids = ([5] * 9 + [NL]) * 13  # 13 lines of 10 tokens: greedy packing would cut 120 + 10
    windows = pack_windows(ids, NL, max_tokens=126, overlap_lines=0)
    assert [w.stop - w.start for w in windows] == [70, 60]
