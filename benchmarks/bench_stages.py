"""Milliseconds per document of each ``parse`` stage, and documents/s of the full parse.

Run: ``.venv/bin/python benchmarks/bench_stages.py [--rounds N] [--corpus DIR]``.
Each stage is timed alone over the corpus (default ``corpora/dev/*.txt``), ``rounds`` times,
on inputs prepared by the stages before it, so one line is one stage's own cost:
``document`` (normalise + line index), ``header``, ``clauses``, ``tasks``, ``context`` (with
the 发文字号/citation scan the extractors share, ``Context.references``), then each registered
extractor, run in registry order on a fresh ``Context`` per document as ``parse`` runs them,
then ``parse`` end to end (loading from text, linking, the pydantic models).
The goal is >= 300 documents/s for a ~4 KB notice on one core. Times are CPU seconds.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from policyparse.api import parse
from policyparse.document import Document
from policyparse.extractors import Context, get_extractors
from policyparse.rules import RuleSet, load_rules
from policyparse.structure import build_clause_tree, document_year, extract_tasks, parse_header

ROOT = Path(__file__).resolve().parents[1]
# CPU time of this process: other load on a shared machine does not inflate the figures
_clock = time.process_time


def _ms_per_doc(fn: Callable[[object], object], inputs: list, rounds: int) -> float:
    for x in inputs:  # warm up: rule tables compile once per RuleSet
        fn(x)
    start = _clock()
    for _ in range(rounds):
        for x in inputs:
            fn(x)
    return (_clock() - start) * 1000 / (rounds * len(inputs))


def _extractors_ms(built: list, rules: RuleSet, rounds: int) -> dict[str, float]:
    extractors = get_extractors()
    spent = dict.fromkeys(extractors, 0.0)
    for r in range(rounds + 1):  # round 0 warms up
        for doc, meta, clauses in built:
            ctx = Context.build(doc, meta, clauses, document_year(meta), rules)
            for name, fn in extractors.items():
                start = _clock()
                fn(ctx, rules)
                if r:
                    spent[name] += _clock() - start
    return {name: secs * 1000 / (rounds * len(built)) for name, secs in spent.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpora" / "dev")
    args = ap.parse_args()
    rules = load_rules()
    chrome = rules.get("chrome")["lines"]
    texts = [p.read_text(encoding="utf-8") for p in sorted(args.corpus.glob("*.txt"))]
    docs = [Document.from_text(t, chrome_lines=chrome) for t in texts]
    metas = [parse_header(d, rules) for d in docs]
    trees = [build_clause_tree(d, m, rules) for d, m in zip(docs, metas, strict=True)]
    built = list(zip(docs, metas, trees, strict=True))
    stages: list[tuple[str, Callable[[object], object], list]] = [
        ("document", lambda t: Document.from_text(t, chrome_lines=chrome), texts),
        ("header", lambda d: parse_header(d, rules), docs),
        ("clauses", lambda dm: build_clause_tree(dm[0], dm[1], rules), list(zip(docs, metas, strict=True))),
        ("tasks", lambda b: extract_tasks(b[0], b[2], rules), built),
        ("context", lambda b: Context.build(b[0], b[1], b[2], document_year(b[1]), rules), built),
    ]
    kb = sum(len(t) for t in texts) / len(texts) / 1024
    print(f"corpus: {len(texts)} documents, mean {kb:.1f} K characters, {args.rounds} rounds")
    total = 0.0
    for name, fn, inputs in stages:
        ms = _ms_per_doc(fn, inputs, args.rounds)
        total += ms
        print(f"{name:<14}{ms:8.3f} ms/doc")
    for name, ms in _extractors_ms(built, rules, args.rounds).items():
        total += ms
        print(f"{name:<14}{ms:8.3f} ms/doc")
    print(f"{'sum of stages':<14}{total:8.3f} ms/doc")
    ms = _ms_per_doc(lambda t: parse(t, rules=rules), texts, args.rounds)
    print(f"{'parse (full)':<14}{ms:8.3f} ms/doc  {1000 / ms:7.1f} documents/s")


if __name__ == "__main__":
    main()
