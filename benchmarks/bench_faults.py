"""The fault corpus of issue 16, each file parsed in a fresh process: outcome, seconds, peak RSS.

Prints one line per case and the worst time and peak memory over the corpus. Before the
fixes, these inputs took up to 10 GB or hundreds of seconds; each must now end in a typed
error or a parse, fast and small.

    PYTHONPATH=src python benchmarks/bench_faults.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from loader_factories import blocks_from_text, docx_bytes  # noqa: E402
from test_hostile import flate_bomb_pdf, nested_docx, nested_html, numbered_docx, with_parts  # noqa: E402

NOTICE = "关于开展职业技能培训工作的通知\n各区人力资源社会保障局：\n一、总体要求\n全年完成培训65万人次。\n"
DTD = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'


def text(s: str) -> Callable[[], bytes]:
    return lambda: s.encode("utf-8")


CASES: dict[str, tuple[str, Callable[[], bytes]]] = {
    "nested-tables-20.html": ("html", lambda: nested_html(20)),
    "nested-tables-9.html": ("html", lambda: nested_html(9)),
    "nested-tables-20.docx": ("docx", lambda: nested_docx(20)),
    "list-start-1e11-letters.docx": ("docx", lambda: numbered_docx("lowerLetter", "100000000000")),
    "list-start-1e13-roman.docx": ("docx", lambda: numbered_docx("lowerRoman", "10000000000000")),
    "list-start-1e30-chinese.docx": ("docx", lambda: numbered_docx("chineseCounting", "1" + "0" * 30)),
    "list-ilvl-abc.docx": ("docx", lambda: numbered_docx("decimal", "1", ilvl="abc")),
    "dtd-in-png-member.docx": (
        "docx",
        lambda: with_parts(docx_bytes(blocks_from_text(NOTICE)), {"word/media/a.png": DTD}),
    ),
    "flate-bomb-1GB.pdf": ("pdf", lambda: flate_bomb_pdf(1024)),
    "wan-x80000.txt": ("txt", text("65万人次以上" * 80_000)),
    "train-x16000.txt": ("txt", text("完成培训65万人次，" * 16_000)),
    "names-x16000.txt": ("txt", text(NOTICE + "市人社局、" * 16_000 + "牵头。\n")),
    "labels-x8000.txt": ("txt", text(NOTICE + "一、" * 8_000 + "5\n")),
    "spaces-80000.txt": ("txt", text(NOTICE + "打印" + " " * 80_000 + "打印\n")),
    "one-line-8MB.txt": ("txt", text("推进职业技能培训工作，完成培训65万人次。" * (8_000_000 // 60))),
    "pdf-bytes.txt": ("txt", lambda: flate_bomb_pdf(1)),
    "html-claims-utf16.html": (
        "html",
        text('<meta charset="utf-16"><div id="zoom"><p>一、总体要求</p></div>'),
    ),
}

CHILD = """
import json, resource, sys, time
from policyparse import parse
started = time.perf_counter()
try:
    doc = parse(sys.argv[1])
    outcome = f"ok ({len(doc.targets)} targets)"
except Exception as exc:
    outcome = type(exc).__name__
print(json.dumps({"outcome": outcome, "seconds": time.perf_counter() - started,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def main() -> None:
    worst_s = worst_mb = 0.0
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    with tempfile.TemporaryDirectory() as tmp:
        print(f"{'case':<32} {'bytes':>10} {'outcome':<22} {'seconds':>8} {'peak MB':>8}")
        for name, (_, build) in CASES.items():
            path = Path(tmp) / name
            path.write_bytes(build())
            run = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, env=env,
                                 timeout=600)  # fmt: skip
            try:
                r = json.loads(run.stdout.strip().splitlines()[-1])
            except (IndexError, ValueError):
                print(f"{name:<32} crashed: {run.stderr.strip()[-200:]}")
                continue
            worst_s, worst_mb = max(worst_s, r["seconds"]), max(worst_mb, r["peak_mb"])
            print(f"{name:<32} {path.stat().st_size:>10,} {r['outcome']:<22} {r['seconds']:>8.2f} {r['peak_mb']:>8.0f}",
                  flush=True)  # fmt: skip
    print(f"worst: {worst_s:.2f} s, peak {worst_mb:.0f} MB")


if __name__ == "__main__":
    main()
