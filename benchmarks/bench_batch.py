"""Batch throughput and memory: 1,000 text notices with 1 and 2 workers; peak RSS for 200 vs 1,000 files.

    .venv/bin/python benchmarks/bench_batch.py [--files 1000]

Files are copies of corpora/dev/*.txt, each with a numbered closing line so every copy has its
own content hash (the batch parses identical content once). Each measurement runs
``run_batch`` in a fresh process; peak RSS is sampled over the parent and all its workers.
The machine's load average is printed: the speed-up needs two otherwise idle cores.
Targets: 2 workers >= 1.7x the files/s of 1 worker; peak RSS flat in the number of files.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

RUN = """
import json, sys, threading, time
import psutil
from policyparse.batch import run_batch

peak = {"total": 0, "parent": 0}
def sample():  # the parent plus every descendant (workers are forked by the forkserver)
    me = psutil.Process()
    while True:
        try:
            procs = [me, *me.children(recursive=True)]
            rss = [p.memory_info().rss for p in procs]
        except psutil.Error:
            continue
        peak["total"] = max(peak["total"], sum(rss))
        peak["parent"] = max(peak["parent"], rss[0])
        time.sleep(0.05)
threading.Thread(target=sample, daemon=True).start()
s = run_batch([sys.argv[1]], sys.argv[2], workers=int(sys.argv[3]), fmt=sys.argv[4])
print(json.dumps({"parsed": s.parsed, "failed": s.failed, "seconds": s.seconds,
                  "parent_mb": peak["parent"] / 2**20, "total_mb": peak["total"] / 2**20,
                  "load": psutil.getloadavg()[0]}))
"""


def make_copies(folder: Path, n: int) -> None:
    corpus = sorted((ROOT / "corpora" / "dev").glob("*.txt"))
    folder.mkdir(parents=True)
    for i in range(n):
        src = corpus[i % len(corpus)]
        (folder / f"{i:05d}_{src.name}").write_text(src.read_text("utf-8") + f"\n（副本{i}）\n", "utf-8")


def run(folder: Path, out: Path, workers: int, fmt: str = "jsonl") -> dict[str, float]:
    res = subprocess.run([sys.executable, "-c", RUN, str(folder), str(out), str(workers), fmt],
                         capture_output=True, text=True, check=True)  # fmt: skip
    return json.loads(res.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--format", default="jsonl", choices=["jsonl", "parquet", "duckdb"])
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        make_copies(base / "big", args.files)
        make_copies(base / "small", max(1, args.files // 5))
        rates = {}
        for workers in (1, 2):
            r = run(base / "big", base / f"out{workers}", workers, args.format)
            rates[workers] = r["parsed"] / r["seconds"]
            print(f"{args.files} files, {workers} worker(s): {rates[workers]:.0f} files/s "
                  f"({r['seconds']:.2f} s, {r['failed']:.0f} failed; machine load {r['load']:.1f})")  # fmt: skip
        print(f"speed-up 2 vs 1 workers: {rates[2] / rates[1]:.2f}x (target >= 1.7x)")
        for name in ("small", "big"):
            r = run(base / name, base / f"mem_{name}", 2, args.format)
            print(f"{r['parsed']:.0f} files, 2 workers: peak RSS parent {r['parent_mb']:.0f} MB, "
                  f"parent + workers {r['total_mb']:.0f} MB")  # fmt: skip


if __name__ == "__main__":
    main()
