"""Constrained decoding: Viterbi against brute force."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from bloodclarity.corpus.labels import BIO_TAGS
from bloodclarity.model.tagging import ALLOWED, START_ALLOWED, viterbi


def brute_force(log_probs: np.ndarray) -> float:
    best = -np.inf
    for path in itertools.product(range(len(BIO_TAGS)), repeat=len(log_probs)):
        if START_ALLOWED[path[0]] and all(ALLOWED[a, b] for a, b in itertools.pairwise(path)):
            best = max(best, sum(log_probs[t, j] for t, j in enumerate(path)))
    return best


@pytest.mark.parametrize("seed", range(12))
def test_viterbi_finds_the_best_allowed_sequence(seed):
    rng = np.random.default_rng(seed)
    log_probs = rng.normal(size=(rng.integers(1, 4), len(BIO_TAGS))) * 3
    if seed % 2:
        log_probs[:, [2, 4, 6]] += 4  # favour I- tags so the best tags break the rule
    path = viterbi(log_probs)
    assert START_ALLOWED[path[0]] and all(ALLOWED[a, b] for a, b in itertools.pairwise(path))
    assert np.isclose(log_probs[np.arange(len(path)), path].sum(), brute_force(log_probs))


def test_best_tags_that_obey_the_rule_are_kept():
    log_probs = np.full((3, len(BIO_TAGS)), -5.0)
    log_probs[[0, 1, 2], [BIO_TAGS.index(t) for t in ("B-VALUE", "I-VALUE", "O")]] = 0
    assert [BIO_TAGS[i] for i in viterbi(log_probs)] == ["B-VALUE", "I-VALUE", "O"]
