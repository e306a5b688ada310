"""The model's tokenizer: our word split, a pinned character normalisation, then WordPiece.

Every step is simple enough to implement identically in JavaScript (web/src/tokenizer.js),
so the browser produces exactly the Python token ids:

1. words: :func:`bloodclarity.corpus.labels.word_offsets` (digit runs, letter runs with their
   combining marks, single punctuation marks, and newlines);
2. characters, one by one (so offsets never move): decompose (NFD) and drop Latin combining
   marks U+0300-U+036F (é -> e, Vietnamese tones; Thai marks stay), lower-case, and map the
   micro sign µ to the Greek μ (pdf.js does the same); a character whose result is not exactly
   one character is kept as it is;
3. a newline is the token ``[NL]``; a run of one rule character ("-----") is the token of
   that character; any other word is split by greedy longest-match WordPiece with ``##``
   continuations; a character that no piece covers becomes ``[UNK]`` on its own.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from bloodclarity.corpus.labels import word_offsets

SPECIAL_TOKENS = ("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "[NL]")
MAX_WORD_CHARS = 64


def normalise_char(ch: str) -> str:
    """The pinned one-character normalisation (see module docstring)."""
    base = "".join(c for c in unicodedata.normalize("NFD", ch) if not "\u0300" <= c <= "\u036f")
    if len(base) != 1:
        base = ch
    low = base.lower()
    if len(low) != 1:
        low = base
    return "μ" if low == "µ" else low


@dataclass(frozen=True)
class Encoding:
    """Token ids with their character offsets in the original text and their word index."""

    ids: list[int]
    offsets: list[tuple[int, int]]
    words: list[int]


class WordPieceTokenizer:
    """WordPiece over a fixed vocabulary (``vocab.txt``, one token a line, id = line index)."""

    def __init__(self, vocab: list[str]) -> None:
        self.vocab = {token: i for i, token in enumerate(vocab)}
        self.tokens = list(vocab)
        for special in SPECIAL_TOKENS:
            if special not in self.vocab:
                raise ValueError(f"vocabulary lacks the special token {special}")
        self.pad_id, self.unk_id = self.vocab["[PAD]"], self.vocab["[UNK]"]
        self.cls_id, self.sep_id = self.vocab["[CLS]"], self.vocab["[SEP]"]
        self.nl_id = self.vocab["[NL]"]
        self._cache: dict[str, list[tuple[int, int, int]]] = {}

    @classmethod
    def from_file(cls, path: str | Path) -> WordPieceTokenizer:
        return cls(Path(path).read_text("utf-8").split("\n")[:-1])

    def save(self, path: str | Path) -> None:
        Path(path).write_text("".join(t + "\n" for t in self.tokens), "utf-8")

    def __len__(self) -> int:
        return len(self.tokens)

    def word_pieces(self, word: str) -> list[tuple[int, int, int]]:
        """(id, start, end) of the pieces of one word, offsets relative to the word."""
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        if word == "\n":
            pieces = [(self.nl_id, 0, 1)]
        elif len(word) > 1 and len(set(word)) == 1 and not word[0].isalnum():
            pieces = [(self.vocab.get(normalise_char(word[0]), self.unk_id), 0, len(word))]
        else:
            norm = "".join(normalise_char(c) for c in word)
            pieces = self._greedy(norm) if len(norm) <= MAX_WORD_CHARS else [
                (self.unk_id, 0, len(norm))]
        if len(self._cache) < 200_000:
            self._cache[word] = pieces
        return pieces

    def _greedy(self, word: str) -> list[tuple[int, int, int]]:
        pieces = []
        start = 0
        while start < len(word):
            end = len(word)
            found = None
            while end > start:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                found = self.vocab.get(piece)
                if found is not None:
                    break
                end -= 1
            if found is None:
                pieces.append((self.unk_id, start, start + 1))
                start += 1
            else:
                pieces.append((found, start, end))
                start = end
        return pieces

    def encode(self, text: str) -> Encoding:
        """Tokens of ``text`` (no [CLS]/[SEP]; windows add them)."""
        ids: list[int] = []
        offsets: list[tuple[int, int]] = []
        words: list[int] = []
        for w, (start, end) in enumerate(word_offsets(text)):
            for token, s, e in self.word_pieces(text[start:end]):
                ids.append(token)
                offsets.append((start + s, start + e))
                words.append(w)
        return Encoding(ids, offsets, words)
