"""Facts about the patient printed in a report header that the rules need: the sex."""

from __future__ import annotations

import re
from functools import cache

from bloodclarity.rules.lexicon import available_languages, fold, read_language
from bloodclarity.rules.names import repair_ocr_letters


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


def detect_sex(text: str) -> str | None:
    """"male" or "female" from a header field ("Sex: F", "Sexo: Masculino", "Giới tính: Nữ",
    OCR's "Ma1e")."""
    pattern, words = _sex_tables()
    found = {words.get(repair_ocr_letters(fold(m.group(1)).rstrip(".")))
             for m in pattern.finditer(fold(text))}
    found.discard(None)
    return found.pop() if len(found) == 1 else None

