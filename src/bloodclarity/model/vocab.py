"""Prune the 30,522-token BERT vocabulary to what the corpus and the knowledge base need.

Kept: the special tokens, every piece the base vocabulary uses to tokenize the given texts,
every single character of the base vocabulary (``c`` and ``##c``), and the characters of the
texts that the base vocabulary lacks (Thai vowels, µ-like symbols), so nothing becomes [UNK].
Greedy longest-match tokenization of the given texts is unchanged by the pruning.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from importlib import resources

from bloodclarity.corpus.labels import word_offsets
from bloodclarity.knowledge import load_knowledge_base
from bloodclarity.model.tokenizer import SPECIAL_TOKENS, WordPieceTokenizer, normalise_char


def knowledge_texts() -> list[str]:
    """Aliases, unit spellings, lexicon and report words: text the product must read."""
    kb = load_knowledge_base()
    texts = [a for analyte in kb for a in analyte.all_aliases()]
    texts += [s for unit in kb.units.values() for s in (unit.code, *unit.spellings)]
    for package, folder in (("bloodclarity.data", "lexicon"),
                            ("bloodclarity.corpus.data", "words")):
        for entry in resources.files(package).joinpath(folder).iterdir():
            texts.append(json.dumps(json.loads(entry.read_text("utf-8")), ensure_ascii=False))
    return texts


def build_vocab(base: list[str], texts: Iterable[str]) -> tuple[list[str], list[int | None]]:
    """The pruned vocabulary and, per new token, its id in ``base`` (None for new ones)."""
    base = list(base)
    if "[NL]" not in base:
        base.append("[NL]")
    tokenizer = WordPieceTokenizer(base)
    used: set[int] = set()
    new_chars: set[str] = set()
    for text in texts:
        for start, end in word_offsets(text):
            word = text[start:end]
            used.update(t for t, _, _ in tokenizer.word_pieces(word))
            new_chars.update(c for c in map(normalise_char, word) if c not in tokenizer.vocab)
    singles = {i for i, t in enumerate(base) if len(t) == 1 or (t.startswith("##")
                                                                 and len(t) == 3)}
    keep = sorted((used | singles) - {tokenizer.vocab[s] for s in SPECIAL_TOKENS})
    vocab = list(SPECIAL_TOKENS) + [base[i] for i in keep]
    origin: list[int | None] = [tokenizer.vocab[s] if s != "[NL]" else None
                                for s in SPECIAL_TOKENS] + keep
    for ch in sorted(new_chars - {"\n"}):
        for token in (ch, "##" + ch):
            if token not in tokenizer.vocab:
                vocab.append(token)
                origin.append(None)
    return vocab, origin
