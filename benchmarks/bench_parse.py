"""Throughput of ``policyparse.parse`` and the cost of ``import policyparse``.

Run: ``.venv/bin/python benchmarks/bench_parse.py``. The text corpus (corpora/dev/*.txt) is
repeated until it holds >= 1 MB; each of 5 passes parses every document once on one core, and
the best pass counts (CPU time of the process, so that other load on a shared machine does not
inflate it). Prints documents/s and MB/s for the full parse, for normalise + structure, and for
the structure stage alone (header, clauses, tasks on normalised documents), and
the wall-clock time of ``python -c "import policyparse"`` (best of 5).
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from policyparse import parse
from policyparse.document import Document
from policyparse.rules import load_rules
from policyparse.structure import build_clause_tree, extract_tasks, parse_header

ROOT = Path(__file__).resolve().parents[1]


def corpus(min_bytes: int = 1_000_000) -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpora" / "dev").glob("*.txt"))]
    out: list[str] = []
    while sum(len(t.encode("utf-8")) for t in out) < min_bytes:
        out.extend(texts)
    return out


def structure_only(text: str) -> None:
    rules = load_rules()
    doc = Document.from_text(text, chrome_lines=rules.get("chrome")["lines"])
    meta = parse_header(doc, rules)
    extract_tasks(doc, build_clause_tree(doc, meta, rules), rules)


def rate(name: str, fn: object, texts: list, passes: int = 5) -> None:
    """Documents/s of ``fn`` over ``texts``: CPU time of this process, best of ``passes``
    (other load on a shared machine inflates wall time, and the best pass is the least disturbed)."""
    mb = sum(len((t if isinstance(t, str) else t.original).encode("utf-8")) for t in texts) / 1e6
    secs = float("inf")
    for _ in range(passes):
        start = time.process_time()
        for t in texts:
            fn(t)  # type: ignore[operator]
        secs = min(secs, time.process_time() - start)
    print(
        f"{name:<16}{len(texts) / secs:9.1f} documents/s {mb / secs:7.2f} MB/s  ({len(texts)} docs, {mb:.2f} MB, CPU, best of {passes})"
    )


def import_time(runs: int = 5) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import policyparse"], check=True)
        best = min(best, time.perf_counter() - start)
    base = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        base = min(base, time.perf_counter() - start)
    return best - base


def structure_stage(doc: Document) -> None:
    rules = load_rules()
    meta = parse_header(doc, rules)
    extract_tasks(doc, build_clause_tree(doc, meta, rules), rules)


if __name__ == "__main__":
    texts = corpus()
    parse(texts[0])  # load and compile the rules once
    structure_only(texts[0])
    chrome = load_rules().get("chrome")["lines"]
    docs = [Document.from_text(t, chrome_lines=chrome) for t in texts]
    rate("structure stage", structure_stage, docs)  # header + clauses + tasks on normalised documents
    rate("normalise+struct", structure_only, texts)
    rate("full parse", parse, texts)
    print(f"import policyparse: {import_time():.3f} s (interpreter start-up subtracted)")
