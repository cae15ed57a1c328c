"""Throughput of each registered extractor and of a full ``parse`` over the dev corpus.

Run: ``.venv/bin/python benchmarks/bench_extract.py [--rounds N] [--corpus DIR]``.
The structure stage runs once per document outside the timed loops, so each extractor line
measures that extractor alone on prepared ``Context`` objects; the last line times ``parse``
end to end (loading from text, normalising, structure, every extractor, linking). The goal
is >= 300 documents/s for a ~4 KB notice on one core.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from policyparse.api import parse
from policyparse.document import Document
from policyparse.extractors import Context, get_extractors
from policyparse.rules import load_rules
from policyparse.structure import build_clause_tree, document_year, parse_header

ROOT = Path(__file__).resolve().parents[1]


def _rate(fn: Callable[[], object], docs: int, rounds: int) -> float:
    fn()  # warm up: compile rule tables once
    start = time.perf_counter()
    for _ in range(rounds):
        fn()
    return docs * rounds / (time.perf_counter() - start)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=50)
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpora" / "dev")
    args = ap.parse_args()
    rules = load_rules()
    texts = [p.read_text(encoding="utf-8") for p in sorted(args.corpus.glob("*.txt"))]
    chrome = rules.get("chrome")["lines"]
    contexts = []
    for text in texts:
        doc = Document.from_text(text, chrome_lines=chrome)
        meta = parse_header(doc, rules)
        contexts.append(Context.build(doc, meta, build_clause_tree(doc, meta, rules), document_year(meta)))
    kb = sum(len(t) for t in texts) / len(texts) / 1024
    print(f"corpus: {len(texts)} documents, mean {kb:.1f} K characters, {args.rounds} rounds")
    for name, extractor in get_extractors().items():
        rate = _rate(lambda ex=extractor: [ex(c, rules) for c in contexts], len(texts), args.rounds)
        print(f"extract {name:<14} {rate:10.0f} documents/s")
    rate = _rate(lambda: [parse(t, rules=rules) for t in texts], len(texts), max(1, args.rounds // 5))
    print(f"parse   {'(full)':<14} {rate:10.0f} documents/s")


if __name__ == "__main__":
    main()
