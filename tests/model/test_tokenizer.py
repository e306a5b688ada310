"""The model tokenizer: word split, pinned normalisation, WordPiece, offsets."""

from __future__ import annotations

import pytest

from bloodclarity.model.tokenizer import SPECIAL_TOKENS, WordPieceTokenizer, normalise_char

VOCAB = [*SPECIAL_TOKENS, "glucose", "hem", "##og", "##lo", "##bine", "5", "4", ",", ".", "/",
         "mmol", "l", "μ", "##mol", "-", "h", "e", "##e", "d", "##u", "##o", "##n", "##g", "đ",
         "<", "0", "น", "##้", "##ำ", "x", "10", "⁹"]


@pytest.fixture(scope="module")
def tok() -> WordPieceTokenizer:
    return WordPieceTokenizer(VOCAB)


def pieces(tok: WordPieceTokenizer, text: str) -> list[str]:
    return [tok.tokens[i] for i in tok.encode(text).ids]


@pytest.mark.parametrize(
    ("ch", "norm"),
    [("É", "e"), ("é", "e"), ("ü", "u"), ("ư", "u"), ("Đ", "đ"), ("µ", "μ"), ("μ", "μ"),
     ("İ", "i"), ("ß", "ß"), ("้", "้"), ("A", "a"), ("⁹", "⁹"), ("\n", "\n")],
)
def test_normalise_char_is_one_to_one(ch, norm):
    assert normalise_char(ch) == norm


def test_newlines_reach_the_model(tok):
    enc = tok.encode("glucose\n5,4\n\n")
    assert [tok.tokens[i] for i in enc.ids] == ["glucose", "[NL]", "5", ",", "4", "[NL]", "[NL]"]
    assert enc.offsets[1] == (7, 8)


def test_micro_sign_and_greek_mu_give_the_same_ids(tok):
    assert tok.encode("µmol/L").ids == tok.encode("μmol/L").ids
    assert pieces(tok, "µmol/L") == ["μ", "##mol", "/", "l"]


def test_accents_fold_and_offsets_stay_on_the_original_text(tok):
    text = "Hémoglobine 5.4"
    enc = tok.encode(text)
    assert pieces(tok, text) == ["hem", "##og", "##lo", "##bine", "5", ".", "4"]
    assert [text[s:e] for s, e in enc.offsets][:4] == ["Hém", "og", "lo", "bine"]


def test_decimal_comma_and_censored_values(tok):
    assert pieces(tok, "<0,5") == ["<", "0", ",", "5"]


def test_vietnamese_and_thai(tok):
    assert pieces(tok, "Đường") == ["đ", "##u", "##o", "##n", "##g"]
    assert pieces(tok, "น้ำ") == ["น", "##้", "##ำ"]


def test_unknown_characters_are_unk_one_by_one(tok):
    assert pieces(tok, "h☃e") == ["h", "[UNK]", "e"]
    assert pieces(tok, "hx") == ["h", "[UNK]"]


def test_rules_of_dashes_are_one_token(tok):
    enc = tok.encode("----------")
    assert [tok.tokens[i] for i in enc.ids] == ["-"] and enc.offsets == [(0, 10)]


def test_superscript_exponent_is_kept(tok):
    assert pieces(tok, "x10⁹/L") == ["x", "10", "⁹", "/", "l"]


def test_vocabulary_must_hold_the_special_tokens():
    with pytest.raises(ValueError, match=r"\[NL\]"):
        WordPieceTokenizer(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"])


def test_save_and_load(tmp_path, tok):
    tok.save(tmp_path / "vocab.txt")
    again = WordPieceTokenizer.from_file(tmp_path / "vocab.txt")
    assert again.tokens == tok.tokens
