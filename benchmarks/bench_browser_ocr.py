"""Record accuracy of OCR in the browser (tesseract.js, English data only) beside Python's
(Tesseract), on the same images: python benchmarks/bench_browser_ocr.py [N] [FIRST]

N English reports (default 10) of the test split, from the FIRST-th English one on (default 60:
reports the OCR work never inspected), are drawn as scans and as phone photos, as in
bench_rendered.py. The built app (web/dist) reads them through its file picker in headless
Chromium; the Python extractor reads the same files. Records are scored as in
bench_rendered.py. Needs node, playwright-core and Chromium, as the browser tests do.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench_rendered import ROOT, photograph, render_png


def read_in_browser(images: list[Path]) -> dict:
    """The app's reports of ``images`` (None where it failed) and its seconds per image."""
    from bloodclarity.serve import make_server

    httpd = make_server(0, ROOT / "web" / "dist")
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        job = {"origin": f"http://127.0.0.1:{httpd.server_address[1]}",
               "images": [str(p) for p in images]}
        proc = subprocess.run([shutil.which("node") or "node", "tools/read-images.mjs"],
                              input=json.dumps(job), capture_output=True, text=True,
                              encoding="utf-8", cwd=ROOT / "web", timeout=3600, check=False)
    finally:
        httpd.shutdown()
        httpd.server_close()
    if proc.returncode != 0:
        raise SystemExit(f"read-images.mjs failed:\n{proc.stderr[-4000:]}")
    return json.loads(proc.stdout)


def main() -> None:
    from PIL import Image

    from bloodclarity.extract.evaluate import score_reports
    from bloodclarity.extract.extractor import Extractor
    from bloodclarity.extract.ocr import ocr_image
    from bloodclarity.model.dataset import read_jsonl
    from bloodclarity.schema import Report

    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    first = int(sys.argv[2]) if len(sys.argv) > 2 else 60
    reports = [r for r in read_jsonl(ROOT / "corpus/test.jsonl")
               if r["language"] == "en"][first:first + count]
    extractor = Extractor(threads=2)
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for kind in ("scan", "photo"):
            images = []
            for n, report in enumerate(reports):
                png = Path(tmp) / f"{report['id']}.png"
                render_png(report["text"], png)
                if kind == "photo":
                    path = png.with_suffix(".jpg")
                    photograph(png, path, n)
                    png.unlink()
                    images.append(path)
                else:
                    images.append(png)
            answer = read_in_browser(images)
            browser = [Report.from_dict(d) if d else Report(str(p))
                       for p, d in zip(images, answer["reports"], strict=True)]
            started = time.perf_counter()
            python = [extractor.extract_pages(str(p), [ocr_image(Image.open(p), str(p), "eng")])
                      for p in images]
            python_seconds = (time.perf_counter() - started) / max(len(images), 1)
            out[kind] = {"reports": len(images)}
            for reader, got, seconds in (("browser", browser, sum(answer["seconds"]) / max(len(images), 1)),
                                         ("python", python, python_seconds)):
                scores = score_reports(list(zip(reports, got, strict=True)), extractor.kb,
                                       by_line=False)
                out[kind][reader] = {"seconds_per_report": round(seconds, 2),
                                     **{k: scores[k] for k in ("expected_records", "correct_records",
                                                               "record_accuracy", "precision")}}
            out[kind]["browser"]["failed"] = [e for e in answer["errors"] if e]
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
