"""Benchmarks of diff and timeline.

    .venv/bin/python benchmarks/bench_diff.py

* diff of two ~10 KB notices, parse included (goal < 50 ms, warm: jieba and rules loaded);
* timeline over 1,000 documents (copies of corpora/dev in a temporary folder), parse included
  (goal < 10 s).
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from pathlib import Path

from policyparse import diff, parse, timeline

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "corpora" / "dev"


def _ten_kb(stem: str, filler: str) -> str:
    """A notice grown to ~10 KB with body paragraphs of another notice (structure kept)."""
    text = (DEV / f"{stem}.txt").read_text(encoding="utf-8")
    extra = (DEV / f"{filler}.txt").read_text(encoding="utf-8").split("\n")
    body = [line for line in extra if len(line) > 40]
    i = 0
    while len(text.encode("utf-8")) < 10_000 and body:
        text += "\n" + body[i % len(body)]
        i += 1
    return text


def bench_diff(rounds: int = 30) -> float:
    old = _ten_kb("001_73d4c39dd0a74372", "002_0f5567ded5e35ccd")
    new = _ten_kb("004_6f963c420dca890b", "002_0f5567ded5e35ccd")
    diff(old, new)  # warm up: rules, jieba dictionary
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        diff(parse(old), parse(new))
        times.append(time.perf_counter() - t)
    ms = statistics.median(times) * 1000
    print(
        f"diff of two ~{len(old.encode()) // 1024} KB notices, parse included: {ms:.1f} ms (median of {rounds})"
        f"  goal < 50 ms  {'OK' if ms < 50 else 'SLOW'}"
    )
    return ms


def bench_timeline(n: int = 1000) -> float:
    files = sorted(p for p in DEV.glob("*.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(n):
            src = files[i % len(files)]
            shutil.copy(src, Path(tmp) / f"{i:04d}_{src.name}")
        timeline(DEV)  # warm up
        t = time.perf_counter()
        docs = [parse(p) for p in sorted(Path(tmp).glob("*.txt"))]
        parsed = time.perf_counter() - t
        frame = timeline(docs)
        s = time.perf_counter() - t
    print(
        f"timeline over {n} documents: {s:.2f} s total = parse {parsed:.2f} s + timeline {s - parsed:.3f} s "
        f"({len(frame)} rows)  goal < 10 s  {'OK' if s < 10 else 'SLOW'}"
    )
    return s


if __name__ == "__main__":
    bench_diff()
    bench_timeline()
