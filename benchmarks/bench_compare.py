"""Full-parse speed of this checkout beside another commit's, in one run.

    git worktree add /tmp/pp-base <commit>        # the code to compare with
    .venv/bin/python benchmarks/bench_compare.py --base /tmp/pp-base

Each side parses the same documents in its own process (``PYTHONPATH`` at its ``src``, its own
``rules/``), rounds alternating so that a change in the shared machine's load hits both: the
dev notices (``corpora/dev/*.txt``) and, when ``corpora/real/raw`` is built, the published text
notices there (``*.md``, ``*.txt``, ``*.html``). CPU time of the parsing process, best round,
documents per second for each side and the ratio (this checkout / base).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHILD = r"""
import json, sys, time
from pathlib import Path
from policyparse import parse
paths = [Path(p) for p in json.loads(sys.argv[1])]
for p in dict.fromkeys(paths):  # warm-up: rules, dictionaries, compiled patterns
    parse(p)
t0 = time.process_time()
for p in paths:
    parse(p)
print(json.dumps({"seconds": time.process_time() - t0, "documents": len(paths)}))
"""


def sets() -> dict[str, list[Path]]:
    out = {"dev notices": sorted((ROOT / "corpora" / "dev").glob("*.txt"))}
    raw = ROOT / "corpora" / "real" / "raw"
    if raw.is_dir():
        out["published notices"] = sorted(p for p in raw.iterdir() if p.suffix in {".md", ".txt", ".html"})
    return out


def run(src: Path, paths: list[Path], repeat: int) -> float:
    env = {**os.environ, "PYTHONPATH": str(src)}
    arg = json.dumps([str(p) for p in paths] * repeat)
    res = subprocess.run(
        [sys.executable, "-c", CHILD, arg], env=env, capture_output=True, text=True, check=True
    )
    data = json.loads(res.stdout.strip().splitlines()[-1])
    return data["documents"] / data["seconds"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", type=Path, required=True, help="a checkout of the commit to compare with")
    ap.add_argument("--rounds", type=int, default=3, help="alternating rounds (best counts)")
    ap.add_argument("--repeat", type=int, default=3, help="passes over the documents in a round")
    args = ap.parse_args()
    print(f"{'documents':<20}{'base docs/s':>12}{'this docs/s':>12}{'ratio':>8}")
    for name, paths in sets().items():
        base = here = 0.0
        for _ in range(args.rounds):
            base = max(base, run(args.base / "src", paths, args.repeat))
            here = max(here, run(ROOT / "src", paths, args.repeat))
        print(f"{name + f' ({len(paths)})':<20}{base:>12.1f}{here:>12.1f}{here / base:>8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
