"""Corpus generation speed: python benchmarks/bench_corpus.py [N] [WORKERS]

Generates N reports (default 10,000) into a temporary folder and prints reports per second.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from bloodclarity.corpus.generate import generate_corpus


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    workers = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        stats = generate_corpus(Path(tmp), n, seed=13, workers=workers)
        seconds = time.perf_counter() - started
        size = sum(p.stat().st_size for p in Path(tmp).iterdir()) / 1e6
    print(f"{n} reports with {workers} workers in {seconds:.1f} s "
          f"({n / seconds:.0f} reports/s, {stats['records'] / seconds:.0f} results/s); "
          f"{stats['records']} results, {stats['tokens']} tokens, {size:.0f} MB")


if __name__ == "__main__":
    main()
