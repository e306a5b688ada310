"""Scans and photos -> text with Tesseract (the ``ocr`` extra and Debian's tesseract-ocr).

Preprocessing as the reference system describes, plus deskew and upscaling: grayscale,
upscale small images, deskew (projection-profile search), then several passes (contrast
only; median denoise + Otsu binarisation; contrast + Otsu) and keep the pass with the best
mean word confidence. Words are laid out on lines with spaces in proportion to the gaps, so
table columns stay apart.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import numpy as np

from bloodclarity.extract.inputs import InputError, Page

MIN_WIDTH = 1600
DEFAULT_LANGUAGES = os.environ.get("BLOODCLARITY_OCR_LANG", "eng")


def otsu(gray: np.ndarray) -> np.ndarray:
    """Otsu's global threshold: black text on white."""
    hist = np.bincount(gray.ravel(), minlength=256).astype(float)
    total = gray.size
    cum = np.cumsum(hist)
    cum_mean = np.cumsum(hist * np.arange(256))
    between = (cum_mean[-1] * cum - cum_mean * total) ** 2 / np.maximum(cum * (total - cum), 1)
    threshold = int(np.argmax(between))
    return np.where(gray > threshold, 255, 0).astype(np.uint8)


UNEVEN_LIGHTING = 0.85  # the page's background darker than this share of its brightest part


def _background(gray):
    """The page's local brightness with the text taken out, at an eighth of its size: a 5x5
    max filter, smoothed."""
    from PIL import ImageFilter

    small = gray.resize((max(1, gray.width // 8), max(1, gray.height // 8)))
    return small.filter(ImageFilter.MaxFilter(5)).filter(ImageFilter.GaussianBlur(2))


def lighting(gray) -> np.ndarray:
    """The page's local brightness with the text taken out, at the page's size."""
    return np.asarray(_background(gray).resize(gray.size), dtype=np.float32)


def unevenly_lit(gray) -> bool:
    """Whether the page has a shadow or a dim side, as photos do and scans do not."""
    low, high = np.percentile(np.asarray(_background(gray)), [5, 95])
    return bool(low < UNEVEN_LIGHTING * high)


def flatten(gray):
    """The page with its lighting evened out: divided by :func:`lighting`."""
    from PIL import Image

    flat = np.asarray(gray, dtype=np.float32) * 255.0 / np.maximum(lighting(gray), 1.0)
    return Image.fromarray(np.clip(flat, 0, 255).astype(np.uint8))


def deskew_angle(binary: np.ndarray) -> float:
    """The rotation (degrees, -5..5) that makes text rows most sharply separated."""
    from PIL import Image

    small = Image.fromarray(binary).resize((max(1, binary.shape[1] // 4),
                                            max(1, binary.shape[0] // 4)))
    best, best_score = 0.0, -1.0
    for angle in np.arange(-5, 5.01, 0.5):
        rotated = np.asarray(small.rotate(angle, fillcolor=255)) < 128
        score = float(np.var(rotated.sum(axis=1)))
        if score > best_score:
            best, best_score = float(angle), score
    return best


_BORDER = re.compile(r"(?<!\S)[{}\[\]|]{1,3}(?!\S)")
_GLUED_BORDER = re.compile(r"(?<=\d)[{}\[\]](?!\S)")


def repair_table_borders(line: str) -> str:
    """OCR reads a table's "|" as "{", "}", "[", "]" or a pair of them ("{|", "[{"): on a
    line with two or more such free-standing marks, each becomes "|", and so does one glued
    after a number ("1.1]" -> "1.1 |")."""
    if len(_BORDER.findall(line)) < 2:
        return line
    return _BORDER.sub("|", _GLUED_BORDER.sub(" |", line))


# Dot leaders between a name and its value ("Cholesterol ........ 241") read as words of dots
# and the letters OCR takes dots for ("..cccccscccc", "..0oooocoommmmo...", "c.coccccr rr").
_LEADER_WORD = re.compile(r"[.·:,;cseomnr0°¿+]+")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")
_LEADER_MARK = re.compile(r"\.\.|([cseomnr0])\1\1")  # no word has three c's in a row
_WORD = re.compile(r"\S+")


def _leader_word(word: str) -> int:
    """2 for a word that can only be a leader, 1 for one that can be part of one, else 0."""
    if not _LEADER_WORD.fullmatch(word) or _PLAIN_NUMBER.fullmatch(word):
        return 0
    if len(word) >= 4 and _LEADER_MARK.search(word):
        return 2
    return 1 if len(word) <= 3 or re.search(r"[.0°¿+]", word) else 0


def repair_dot_leaders(line: str) -> str:
    """Dot leaders that OCR read as letters become dots again: a run of words made of dots
    and the letters dots are read as, one of which can only be a leader (4 characters or
    more, with two dots or a letter three times in a row); real words ("seco cocos") stay."""
    out, run = list(line), []

    def close() -> None:
        if any(strength == 2 for _, strength in run):
            for m, _ in run:
                out[m.start():m.end()] = "." * (m.end() - m.start())
        run.clear()

    for m in _WORD.finditer(line):
        strength = _leader_word(m.group())
        if strength:
            run.append((m, strength))
        else:
            close()
    close()
    return "".join(out)


def repair_ocr_line(line: str) -> str:
    """A line of OCR text with its table borders and dot leaders restored."""
    return repair_dot_leaders(repair_table_borders(line))


def _layout(data: dict) -> tuple[str, float]:
    """Text from Tesseract's word boxes, and the mean confidence of its words."""
    lines: dict[tuple[int, int, int], list[tuple[int, int, str]]] = {}
    tops: dict[tuple[int, int, int], int] = {}
    confidences = []
    for i, word in enumerate(data["text"]):
        if not word.strip():
            continue
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        lines.setdefault(key, []).append((data["left"][i], data["width"][i], word))
        tops[key] = min(tops.get(key, data["top"][i]), data["top"][i])
        confidences.append(float(data["conf"][i]))
    out = []
    for key in sorted(lines, key=lambda k: (tops[k], k)):
        words = sorted(lines[key])
        char_w = max(8.0, sum(w for _, w, t in words) / max(1, sum(len(t) for *_, t in words)))
        parts, right = [], None
        for left, width, word in words:
            if right is not None:
                parts.append(" " * max(1, round((left - right) / char_w)))
            parts.append(word)
            right = left + width
        out.append(repair_ocr_line("".join(parts)))
    mean = sum(confidences) / len(confidences) if confidences else 0.0
    return "\n".join(out) + "\n", mean


def _upscaled(gray, resample: int):
    """The page widened to ``MIN_WIDTH`` pixels when it is narrower."""
    if gray.width >= MIN_WIDTH:
        return gray
    return gray.resize((MIN_WIDTH, round(gray.height * MIN_WIDTH / gray.width)), resample)


def _deskewed(page, resample: int) -> tuple:
    """The page turned by :func:`deskew_angle`, and the angle."""
    angle = deskew_angle(otsu(np.asarray(page)))
    if angle:
        page = page.rotate(angle, expand=True, fillcolor=255, resample=resample)
    return page, angle


def _scan_passes(gray) -> tuple[dict, float]:
    """Upscaled, deskewed; contrast, median + Otsu, contrast + Otsu."""
    from PIL import Image, ImageFilter, ImageOps

    gray, angle = _deskewed(_upscaled(gray, Image.BICUBIC), Image.NEAREST)
    contrast = ImageOps.autocontrast(gray)
    return {"contrast": contrast,
            "median+otsu": otsu(np.asarray(gray.filter(ImageFilter.MedianFilter(3)))),
            "contrast+otsu": otsu(np.asarray(contrast))}, angle


def _photo_passes(gray) -> tuple[dict, float]:
    """For an unevenly lit page: upscaled (Lanczos), its lighting evened out, deskewed
    (bicubic); sharpened contrast, median + Otsu, Otsu."""
    from PIL import Image, ImageFilter, ImageOps

    flat, angle = _deskewed(flatten(_upscaled(gray, Image.LANCZOS)), Image.BICUBIC)
    return {"contrast": ImageOps.autocontrast(flat.filter(ImageFilter.UnsharpMask(2, 150, 3))),
            "median+otsu": otsu(np.asarray(flat.filter(ImageFilter.MedianFilter(3)))),
            "otsu": otsu(np.asarray(flat))}, angle


def ocr_image(image, name: str, languages: str = DEFAULT_LANGUAGES) -> Page:
    """One page of text from a PIL image; the best of several preprocessing passes, on the
    page as it is or, when it is unevenly lit like a photo, with its lighting evened out."""
    try:
        import pytesseract
        from PIL import ImageOps
    except ImportError as exc:
        raise InputError(f"{name}: OCR needs pytesseract and Pillow (pip install "
                         f"'bloodclarity[ocr]') and Debian's tesseract-ocr") from exc
    gray = ImageOps.exif_transpose(image).convert("L")
    photo = unevenly_lit(gray)
    passes, angle = (_photo_passes if photo else _scan_passes)(gray)
    best = ("", -1.0, "")
    for label, img in passes.items():
        try:
            data = pytesseract.image_to_data(img, lang=languages, config="--psm 6",
                                             output_type=pytesseract.Output.DICT)
        except pytesseract.TesseractNotFoundError as exc:
            raise InputError(f"{name}: OCR needs Debian's tesseract-ocr") from exc
        text, conf = _layout(data)
        if conf > best[1]:
            best = (text, conf, label)
    text, conf, label = best
    page = Page(1, text)
    if not text.strip():
        raise InputError(f"{name}: no text found in the image")
    page.warnings.append(f"{name}: OCR ({'lighting evened out, ' if photo else ''}{label}, "
                         f"mean word confidence {conf:.0f}%, deskewed {angle:+.1f}°)")
    return page


def read_image(path: Path) -> list[Page]:
    try:
        from PIL import Image, UnidentifiedImageError
    except ImportError as exc:
        raise InputError(f"{path}: reading images needs Pillow (pip install "
                         f"'bloodclarity[ocr]')") from exc
    try:
        with Image.open(path) as img:
            img.load()
            image = img.copy()
    except (UnidentifiedImageError, OSError) as exc:
        raise InputError(f"{path}: corrupt or unsupported image") from exc
    return [ocr_image(image, str(path))]
