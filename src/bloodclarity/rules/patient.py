"""Facts about the patient printed in a report header that the rules need: the sex."""

from __future__ import annotations

import re
from functools import cache

from bloodclarity.rules.lexicon import available_languages, fold, read_language
from bloodclarity.rules.names import edit_distance, repair_ocr_letters


@cache
def _sex_tables() -> tuple[re.Pattern[str], dict[str, str]]:
    labels, words = set(), {}
    for code in available_languages():
        data = read_language(code)
        labels.update(fold(x) for x in data["sex_labels"])
        for sex in ("male", "female"):
            words.update({fold(w): sex for w in data["sex"][sex] if len(w) > 1})
        words.update({fold(k): v for k, v in data["sex_letters"].items()})
    alternatives = "|".join(sorted((re.escape(x) for x in labels), key=len, reverse=True))
    pattern = re.compile(rf"(?:^|[\s/|])(?:{alternatives})\s*[:.]?\s*([^\s:;,/|()]+)", re.MULTILINE)
    return pattern, words


MIN_FUZZY_SEX_WORD = 5


def _sex_of(word: str, words: dict[str, str]) -> str | None:
    """The sex a printed word means; a word of five or more letters may be one OCR misread
    away from a sex word ("Femate"), when all such words mean the same sex."""
    word = repair_ocr_letters(word.rstrip("."))
    if word in words or len(word) < MIN_FUZZY_SEX_WORD:
        return words.get(word)
    near = {sex for w, sex in words.items() if edit_distance(word, w, 2) <= 1}
    return near.pop() if len(near) == 1 else None


def detect_sex(text: str) -> str | None:
    """"male" or "female" from a header field ("Sex: F", "Sexo: Masculino", "Giới tính: Nữ",
    OCR's "Ma1e" and "Femate")."""
    pattern, words = _sex_tables()
    found = {_sex_of(fold(m.group(1)), words) for m in pattern.finditer(fold(text))}
    found.discard(None)
    return found.pop() if len(found) == 1 else None

