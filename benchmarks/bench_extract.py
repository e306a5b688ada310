"""Extraction speed: python benchmarks/bench_extract.py [--ocr]

Start-up plus the first page (a fresh process), then per-document latency of a one-page text
report, text-PDF pages per second, and (with --ocr) OCR seconds per page.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples/sample-report.txt"
PDF = ROOT / "examples/sample-report.pdf"


def cold_start() -> float:
    code = ("import time; t=time.perf_counter(); from bloodclarity.extract.extractor import "
            f"Extractor; r=Extractor(threads=2).extract({str(SAMPLE)!r}); print(time.perf_counter()-t)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    from bloodclarity.extract.extractor import Extractor

    cold = statistics.median(cold_start() for _ in range(3))
    for threads in (1, 2):
        extractor = Extractor(threads=threads)
        text = SAMPLE.read_text()
        extractor.extract("warm", text=text)
        times = []
        for _ in range(20):
            t = time.perf_counter()
            extractor.extract("x", text=text)
            times.append(time.perf_counter() - t)
        print(f"one-page text report, {threads} thread(s): median "
              f"{statistics.median(times) * 1000:.1f} ms")
    extractor = Extractor(threads=2)
    extractor.extract(PDF)  # warm: the PDF library's first call loads it
    t = time.perf_counter()
    pages = 0
    for _ in range(20):
        pages += len(extractor.extract(PDF).results) and 1
    pdf_rate = pages / (time.perf_counter() - t)
    print(f"start-up + first page (fresh process, 2 threads): {cold:.2f} s")
    print(f"text-PDF pages per second (2 threads): {pdf_rate:.1f}")
    if "--ocr" in sys.argv:
        from PIL import Image, ImageDraw, ImageFont

        font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf", 26)
        lines = SAMPLE.read_text().splitlines()
        image = Image.new("RGB", (2400, 60 + 36 * len(lines)), "white")
        draw = ImageDraw.Draw(image)
        for i, line in enumerate(lines):
            draw.text((40, 30 + 36 * i), line, fill="black", font=font)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "scan.png"
            image.rotate(1.0, expand=True, fillcolor="white").save(path)
            t = time.perf_counter()
            report = extractor.extract(path)
            print(f"OCR page (rendered sample, 3 passes): {time.perf_counter() - t:.1f} s, "
                  f"{len(report.results)} results")


if __name__ == "__main__":
    main()
