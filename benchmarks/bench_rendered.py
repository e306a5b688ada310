"""Record accuracy through the PDF and OCR readers:
python benchmarks/bench_rendered.py [N] [M] [K] [P]

From the K-th report on (default 0), N reports (default 60) of the test split are drawn into
PDFs with a text layer (reportlab, DejaVu Sans Mono) and read back with pypdfium2; M (default
12) are drawn into PNG images (PIL, 26 px DejaVu Sans Mono, rotated 1 degree) and read by
Tesseract in the report's language; P (default 0) such images are made to look like phone
photos (see :func:`photograph`) and saved as JPEG before Tesseract reads them. Thai and Vietnamese reports are skipped: the monospaced
font has no Thai glyphs and lacks some Vietnamese ones. Records are scored as by ``bloodclarity evaluate``, except that a result may come from any line (the
reader's line numbers are not the corpus's), beside the same reports given as plain text.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

TESSERACT = {"en": "eng", "es": "spa", "pt": "por", "fr": "fra", "de": "deu", "it": "ita",
             "id": "ind", "tr": "tur"}


def render_png(text: str, path: Path) -> None:
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf", 26)
    lines = [line.expandtabs(8) for line in text.splitlines()]  # the font has no tab glyph
    width = 60 + 16 * max((len(line) for line in lines), default=1)
    image = Image.new("RGB", (width, 60 + 36 * len(lines)), "white")
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((30, 30 + 36 * i), line, fill="black", font=font)
    image.rotate(1.0, expand=True, fillcolor="white").save(path)


def photograph(path: Path, out: Path, seed: int) -> None:
    """A phone-photo look for a rendered page: tilted 2.5 degrees, a shadow across it, out of
    focus, sensor noise, taken at 60 % of the scan's resolution and saved as a JPEG."""
    import numpy as np
    from PIL import Image, ImageFilter

    image = Image.open(path).convert("L").rotate(2.5, expand=True, fillcolor=235)
    pixels = np.asarray(image, dtype=np.float32)
    shadow = np.linspace(1.0, 0.7, pixels.shape[1], dtype=np.float32)[None, :]
    noise = np.random.default_rng(seed).normal(0, 8, pixels.shape).astype(np.float32)
    pixels = np.clip(pixels * shadow + noise, 0, 255).astype(np.uint8)
    image = Image.fromarray(pixels).filter(ImageFilter.GaussianBlur(1.2))
    image = image.resize((image.width * 3 // 5, image.height * 3 // 5), Image.LANCZOS)
    image.save(out, "JPEG", quality=60)


def main() -> None:
    from make_sample_pdf import text_to_pdf
    from PIL import Image

    from bloodclarity.extract.evaluate import score_reports
    from bloodclarity.extract.extractor import Extractor
    from bloodclarity.extract.ocr import ocr_image
    from bloodclarity.model.dataset import read_jsonl

    n_pdf = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    n_png = int(sys.argv[2]) if len(sys.argv) > 2 else 12
    first = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    n_photo = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    reports = [r for r in read_jsonl(ROOT / "corpus/test.jsonl")
               if r["language"] not in ("th", "vi")][first:]
    extractor = Extractor(threads=2)
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for kind, count in (("text", n_pdf), ("pdf", n_pdf), ("png", n_png),
                            ("jpg", n_photo)):
            pairs, started = [], time.perf_counter()
            for report in reports[:count]:
                path = Path(tmp) / f"{report['id']}.{kind}"
                if kind == "text":
                    got = extractor.extract(report["id"], text=report["text"])
                elif kind == "pdf":
                    text_to_pdf(report["text"], path)
                    got = extractor.extract(path)
                else:
                    png = path.with_suffix(".png")
                    render_png(report["text"], png)
                    if kind == "jpg":
                        photograph(png, path, len(pairs))
                    page = ocr_image(Image.open(path), str(path), TESSERACT[report["language"]])
                    got = extractor.extract_pages(str(path), [page])
                pairs.append((report, got))
            scores = score_reports(pairs, extractor.kb, by_line=False)
            out[kind] = {"reports": count, "seconds_per_report":
                         round((time.perf_counter() - started) / max(count, 1), 2),
                         **{k: scores[k] for k in ("expected_records", "correct_records",
                                                   "record_accuracy", "precision")},
                         "field_accuracy": scores["field_accuracy"]}
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
