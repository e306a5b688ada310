"""Model speed, size and memory: python benchmarks/bench_model.py [MODEL_DIR] [FP32_FILE]

For the INT8 model (and the FP32 export when given), with 1 and 2 threads: load time, the
median latency of one 128-token window at batch 1 and batch 16, and peak resident memory.
Each configuration runs in a fresh process so load time and memory are its own.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

PROBE = r"""
import json, resource, statistics, sys, time
import numpy as np
started = time.perf_counter()
from bloodclarity.model.onnx_model import OnnxTagger
tagger = OnnxTagger(sys.argv[1], threads=int(sys.argv[3]), model_file=sys.argv[2])
load = time.perf_counter() - started
rng = np.random.default_rng(0)
out = {"load_s": load}
for batch in (1, 16):
    windows = [[2, *rng.integers(6, len(tagger.tokenizer), 126).tolist(), 3] for _ in range(batch)]
    tagger.predict(windows)
    times = []
    for _ in range(30 if batch == 1 else 8):
        t = time.perf_counter(); tagger.predict(windows); times.append(time.perf_counter() - t)
    out[f"batch{batch}_ms"] = statistics.median(times) * 1000
out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""


def measure(model_dir: Path, file: str, threads: int) -> dict:
    proc = subprocess.run([sys.executable, "-c", PROBE, str(model_dir), file, str(threads)],
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    from bloodclarity.model.onnx_model import shipped_model_dir

    model_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else shipped_model_dir()
    files = ["model.onnx"] + ([sys.argv[2]] if len(sys.argv) > 2 else [])
    rows = []
    for file in files:
        path = model_dir / file
        size = path.stat().st_size + sum(p.stat().st_size for p in model_dir.glob(file + ".data"))
        for threads in (1, 2):
            r = measure(model_dir, file, threads)
            rows.append({"file": file, "size_mb": round(size / 1e6, 2), "threads": threads,
                         **{k: round(v, 2) for k, v in r.items()}})
    print("| file | size MB | threads | load s | 1x128 ms | 16x128 ms | peak RSS MB |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['file']} | {r['size_mb']} | {r['threads']} | {r['load_s']} | "
              f"{r['batch1_ms']} | {r['batch16_ms']} | {r['peak_rss_mb']:.0f} |")


if __name__ == "__main__":
    main()
