"""The real PDF/DOC/DOCX/HTML files of corpora/real: does each parse, and are its title, 发文字号
and 成文日期 right against the gold (real-dev and gold-files per file; real-test only summed)?

    python scripts/real_files_table.py        # a Markdown table on stdout
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from policyparse import parse
from policyparse.errors import PolicyParseError
from policyparse.evaluate import norm, norm_docno

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "corpora" / "real"
FILE_FORMATS = {"pdf", "doc", "docx", "html", "wps", "ofd"}


def main() -> None:
    rows = [
        r
        for r in csv.DictReader((REAL / "MANIFEST.tsv").open(encoding="utf-8"), delimiter="\t")
        if r["format"] in FILE_FORMATS
    ]
    golds = {
        p.name.split(".")[0]: (p.parent.name, json.loads(p.read_text(encoding="utf-8")))
        for d in ("gold-dev", "gold-test", "gold-files")
        for p in (REAL / d).glob("*.gold.json")
    }
    print("| id | format | what | parses | title | 发文字号 | 成文日期 |")
    print("|---|---|---|---|---|---|---|")
    test = {"title": [0, 0], "doc_number": [0, 0], "date": [0, 0]}
    for r in rows:
        path = next((REAL / "raw").glob(r["id"] + ".*"), None)
        if path is None:
            continue
        try:
            meta = parse(path).meta
            status = "yes"
        except PolicyParseError as e:
            meta, status = None, type(e).__name__
        split, gold = golds.get(r["id"], (None, None))
        cells = []
        for field, key in (("title", norm), ("doc_number", norm_docno), ("date", norm)):
            want = gold["meta"].get(field) if gold else None
            if not want:
                cells.append("–" if gold else "")
                continue
            got = getattr(meta, field, None) if meta else None
            got = got.raw if field == "doc_number" and got is not None else got
            right = key(got) == key(want)
            if split == "gold-test":
                test[field][0] += right
                test[field][1] += 1
                cells.append("(test)")
            else:
                cells.append("right" if right else f"wrong: {got}")
        print(f"| {r['id']} | {r['format']} | {r['title'][:30]} | {status} | " + " | ".join(cells) + " |")
    print()
    print(
        "real-test files (summed, not analysed): " + ", ".join(f"{k} {a}/{b}" for k, (a, b) in test.items())
    )


if __name__ == "__main__":
    main()
