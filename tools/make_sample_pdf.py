"""Write examples/sample-report.pdf (text layer, reportlab) from examples/sample-report.txt.

The text is drawn line by line in a monospaced font, so the PDF's table columns are those of
the text report. Usage: python tools/make_sample_pdf.py [TEXT] [PDF]
"""

from __future__ import annotations

import sys
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

ROOT = Path(__file__).resolve().parents[1]


def text_to_pdf(text: str, pdf: Path, font_size: float = 8.0) -> None:
    """Draw ``text`` on A4 pages in DejaVu/Vera mono (µ, ≥ and arrows print)."""
    font = "Courier"
    for candidate in ("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",):
        if Path(candidate).exists():
            pdfmetrics.registerFont(TTFont("Mono", candidate))
            font = "Mono"
    c = canvas.Canvas(str(pdf), pagesize=A4)
    _width, height = A4
    y = height - 40
    for line in text.splitlines():
        if y < 40:
            c.showPage()
            y = height - 40
        c.setFont(font, font_size)
        c.drawString(30, y, line)
        y -= font_size * 1.4
    c.save()


if __name__ == "__main__":
    src = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "examples/sample-report.txt"
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "examples/sample-report.pdf"
    text_to_pdf(src.read_text("utf-8"), out)
    print(f"wrote {out}")
