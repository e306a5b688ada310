"""PDF pages -> text that keeps the visual rows of tables and their columns apart.

Characters of the text layer (pypdfium2) are grouped into rows by their vertical position and
ordered left to right; gaps become spaces in proportion to their width, so columns stay
apart, and a row is indented by its distance from the page's left-most character, so a row
that starts in a later column stays under it. A vertical gap of two or more line pitches
becomes one blank line, as tables and sections are separated in the text they were printed
from. Each character keeps its box (PDF points, origin bottom-left). A page without a text
layer is rendered and read by OCR; only such pages are.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

from bloodclarity.extract.inputs import InputError, Page

RENDER_DPI = 300
MIN_CHARS_FOR_TEXT_LAYER = 20


def _page_text(textpage) -> tuple[str, list[tuple[float, float, float, float] | None]]:
    from pypdfium2 import raw  # one call per character: the C function is the fast one

    chars = []
    for i in range(textpage.count_chars()):
        code = raw.FPDFText_GetUnicode(textpage, i)
        ch = chr(code) if code else ""
        if not ch or ch.isspace():
            continue
        left, bottom, right, top = textpage.get_charbox(i, loose=True)
        chars.append((ch, left, bottom, right, top))
    if not chars:
        return "", []
    heights = sorted(c[4] - c[2] for c in chars)
    height = max(heights[len(heights) // 2], 1.0)
    widths = sorted(c[3] - c[1] for c in chars if c[3] > c[1])
    width = max(widths[len(widths) // 2] if widths else height / 2, 0.5)
    rows: list[list[tuple]] = []
    for c in sorted(chars, key=lambda c: -(c[2] + c[4]) / 2):
        middle = (c[2] + c[4]) / 2
        if rows and abs(rows[-1][0] - middle) < height * 0.5:
            rows[-1][1].append(c)
        else:
            rows.append([middle, [c]])
    page_left = min(c[1] for c in chars)
    steps = sorted(a[0] - b[0] for a, b in pairwise(rows))
    pitch = steps[len(steps) // 2] if steps else height
    text: list[str] = []
    boxes: list[tuple[float, float, float, float] | None] = []
    for k, (middle, row) in enumerate(rows):
        if k and rows[k - 1][0] - middle >= 1.5 * pitch:
            text.append("\n")
            boxes.append(None)
        row.sort(key=lambda c: c[1])
        indent = round((row[0][1] - page_left) / width)
        text.append(" " * indent)
        boxes.extend([None] * indent)
        previous_right = None
        for ch, left, bottom, right, top in row:
            if previous_right is not None:
                gap = left - previous_right
                spaces = 0 if gap < width * 0.3 else max(1, round(gap / width))
                text.append(" " * spaces)
                boxes.extend([None] * spaces)
            text.append(ch)
            boxes.append((left, bottom, right, top))
            previous_right = right
        text.append("\n")
        boxes.append(None)
    return "".join(text), boxes


def read_pdf(path: Path, *, max_pages: int) -> list[Page]:
    """Pages of a PDF; scanned pages (no text layer) go through OCR."""
    try:
        import pypdfium2 as pdfium
    except ImportError as exc:
        raise InputError(f"{path}: reading PDF needs pypdfium2 (pip install "
                         f"'bloodclarity[pdf]')") from exc
    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        reason = "encrypted (password-protected)" if "password" in str(exc).lower() else (
            "corrupt or not a PDF")
        raise InputError(f"{path}: PDF {reason}") from exc
    try:
        if len(pdf) == 0:
            raise InputError(f"{path}: PDF has no pages")
        if len(pdf) > max_pages:
            raise InputError(f"{path}: PDF has {len(pdf)} pages, more than the limit of "
                             f"{max_pages}; not a laboratory report")
        pages = []
        for number in range(1, len(pdf) + 1):
            page = pdf[number - 1]
            text, boxes = _page_text(page.get_textpage())
            if len(text.strip()) >= MIN_CHARS_FOR_TEXT_LAYER:
                pages.append(Page(number, text, boxes))
                continue
            from bloodclarity.extract.ocr import ocr_image

            image = page.render(scale=RENDER_DPI / 72).to_pil()
            ocr = ocr_image(image, f"{path} page {number}")
            ocr.number = number
            pages.append(ocr)
        return pages
    finally:
        pdf.close()
