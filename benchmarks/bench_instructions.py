"""Instructions per parsed document, counted by valgrind: a measure that does not swing with
the load of a shared machine, for A/B comparisons of speed changes.

Run: ``.venv/bin/python benchmarks/bench_instructions.py [--stage parse|targets|...]``
(needs ``valgrind``; about a minute). The script runs itself under callgrind twice, once
warming up only and once parsing the dev notices 4 more times, and prints the difference per
document. ``--stage NAME`` counts one extractor on prepared documents instead (the 发文字号 scan
the others share runs too).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROUNDS = 4


def work(rounds: int, stage: str) -> None:
    from policyparse.api import parse
    from policyparse.document import Document
    from policyparse.extractors import Context, get_extractors
    from policyparse.rules import load_rules
    from policyparse.structure import build_clause_tree, document_year, parse_header

    rules = load_rules()
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpora" / "dev").glob("*.txt"))]
    if stage == "parse":

        def once() -> None:
            for t in texts:
                parse(t, rules=rules)
    else:
        built = []
        for t in texts:
            doc = Document.from_text(t, chrome_lines=rules.get("chrome")["lines"])
            meta = parse_header(doc, rules)
            built.append((doc, meta, build_clause_tree(doc, meta, rules), document_year(meta)))
        extractors = get_extractors()

        def once() -> None:
            for b in built:
                ctx = Context.build(*b)
                for name, fn in extractors.items():
                    if name in (stage, "doc_numbers"):
                        fn(ctx, rules)

    for _ in range(1 + rounds):  # the first round warms up (rules compiled)
        once()


def count(rounds: int, stage: str) -> int:
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    out = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, __file__,
         "--child", str(rounds), "--stage", stage],
        capture_output=True, text=True, env=env, check=True,
    )  # fmt: skip
    m = re.search(r"Collected : (\d+)", out.stderr)
    if m is None:
        raise SystemExit(f"no instruction count in valgrind's output:\n{out.stderr[-2000:]}")
    return int(m.group(1))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stage", default="parse")
    ap.add_argument("--child", type=int, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child is not None:
        work(args.child, args.stage)
        return
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (apt-get install valgrind)")
    docs = ROUNDS * len(list((ROOT / "corpora" / "dev").glob("*.txt")))
    per_doc = (count(ROUNDS, args.stage) - count(0, args.stage)) / docs
    print(f"{args.stage}: {per_doc / 1e6:.2f} M instructions per document (valgrind, {docs} documents)")


if __name__ == "__main__":
    main()
