"""OCR- and PDF-extraction-style noise, applied piece by piece so labels stay exact.

What Tesseract and PDF text extraction do to real reports: character confusions (O/0, l/1/I,
S/5, B/8, rn/m), µ read as u or p or dropped, dropped or doubled spaces, lost decimal points,
stray symbols. Merged columns, words split across lines and bar-graph debris are layout-level
and are placed by the renderer through :meth:`OcrNoise.debris` and :attr:`merge_columns`.
"""

from __future__ import annotations

import random
import re

_LETTER_SWAPS = {"O": "0", "o": "0", "l": "1", "I": "l", "i": "l", "S": "5", "B": "8",
                 "m": "rn", "rn": "m", "e": "c", "h": "b", "cl": "d"}
_DIGIT_SWAPS = {"0": "O", "1": "l", "5": "S", "8": "B"}
_DEBRIS = ["|||||||", "▌▌▌▌", "▇▇▇▇▇▁", "■■■■□□", "----|----", "░░▒▒▓▓", "'", "¦", "~", "·"]


class OcrNoise:
    """A per-report noise model; ``intensity`` is the chance that a piece is damaged."""

    def __init__(self, rng: random.Random, intensity: float) -> None:
        self.rng = rng
        self.intensity = intensity
        self.merge_columns = rng.random() < 0.3
        self.events: list[str] = []

    def __call__(self, text: str, label: str | None) -> str:
        if not text.strip() or self.rng.random() >= self.intensity:
            return text
        handler = {None: self._plain, "BIOMARKER": self._name, "UNIT": self._unit,
                   "VALUE": self._value, "RANGE": self._range}.get(label)
        if handler is None:
            return text
        damaged = handler(text)
        if damaged != text and damaged.strip():
            self.events.append(label or "O")
            return damaged
        return text

    def _swap_letter(self, text: str) -> str:
        spots = [(m.start(), m.group()) for key in _LETTER_SWAPS
                 for m in re.finditer(re.escape(key), text)]
        if not spots:
            return text
        i, key = self.rng.choice(spots)
        return text[:i] + _LETTER_SWAPS[key] + text[i + len(key):]

    def _plain(self, text: str) -> str:
        r = self.rng.random()
        if r < 0.4:
            return self._swap_letter(text)
        if r < 0.6 and "  " in text:
            return text.replace("  ", " ", 1)
        if r < 0.8:
            return text.replace(" ", "  ", 1) if " " in text else text
        return text + self.rng.choice(_DEBRIS[6:])

    def _name(self, text: str) -> str:
        if len(text) < 5:
            return text
        return self._swap_letter(text)

    def _unit(self, text: str) -> str:
        r = self.rng.random()
        if "µ" in text or "μ" in text:
            micro = "µ" if "µ" in text else "μ"
            return text.replace(micro, self.rng.choice(["u", "u", "p", ""]), 1)
        if r < 0.5 and "l" in text:
            return text.replace("l", "I", 1)
        if r < 0.7 and "o" in text:
            return text.replace("o", "0", 1)
        return text

    def _value(self, text: str) -> str:
        r = self.rng.random()
        sep = "." if "." in text else "," if "," in text else None
        if sep and r < 0.35:
            return text.replace(sep, "", 1)  # lost decimal point
        if sep and r < 0.7:
            return text.replace(sep, sep + " ", 1)  # "5. 5"
        digits = [i for i, ch in enumerate(text) if ch in _DIGIT_SWAPS]
        if digits and r < 0.85:
            i = self.rng.choice(digits)
            return text[:i] + _DIGIT_SWAPS[text[i]] + text[i + 1:]
        return text

    def _range(self, text: str) -> str:
        if self.rng.random() < 0.5:
            return text.replace(" - ", "-", 1).replace("-", " - ", 1)
        return self._value(text)

    def debris(self) -> str:
        """A bar-graph or stray-symbol fragment to place between columns."""
        return self.rng.choice(_DEBRIS)
