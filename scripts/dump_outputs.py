"""Write the parse JSON of every committed corpus file to one file, to check that a change
(a speed pass, a refactor) leaves the output byte-identical.

    .venv/bin/python scripts/dump_outputs.py /tmp/before.jsonl   # on the old code
    .venv/bin/python scripts/dump_outputs.py /tmp/after.jsonl    # on the new code
    cmp /tmp/before.jsonl /tmp/after.jsonl

The published documents of ``corpora/real/raw/`` (git-ignored; ``scripts/build_real_corpus.py``
rebuilds it) are included when that folder exists, every file in it.

One line names the file, the next holds its JSON (or the typed error it raised).
"""

from __future__ import annotations

import sys
from pathlib import Path

from policyparse import parse
from policyparse.errors import PolicyParseError
from policyparse.rules import load_rules

ROOT = Path(__file__).resolve().parents[1]
SUFFIXES = {".txt", ".pdf", ".docx"}


def main(out_path: str) -> None:
    rules = load_rules()
    # every notice has a gold file beside it (RESULTS.txt and the like are not notices)
    files = sorted(
        p
        for p in (ROOT / "corpora").rglob("*")
        if p.suffix in SUFFIXES and p.with_suffix(".gold.json").exists()
    )
    real = ROOT / "corpora" / "real" / "raw"
    if real.is_dir():
        files += sorted(p for p in real.iterdir() if p.is_file())
    with open(out_path, "w", encoding="utf-8") as out:
        for path in files:
            rel = path.relative_to(ROOT).as_posix()
            try:
                doc = parse(path, rules=rules)
                out.write(f"{rel}\n{doc.to_json()}\n")
            except PolicyParseError as exc:
                out.write(f"{rel}\nERROR {type(exc).__name__}: {exc}\n")
    print(f"{len(files)} files -> {out_path}")


if __name__ == "__main__":
    main(sys.argv[1])
