"""Score target alignment against diff gold files (the corpora/DIFF.json format).

    .venv/bin/python scripts/score_diff.py [DIFF.json ...] [--docs corpora/dev] [--gold-targets]

Each gold entry names an old and a new document (file stems in --docs) and lists the pairs
``{metric, old_value, new_value, unit}``; optionally ``added`` / ``removed`` metric names.
A predicted pair is correct when (old_value, new_value, unit) equals a gold pair; added/removed
are matched to gold names by character overlap >= 0.5. Prints pair precision / recall / F1 and
the added/removed recall. ``--gold-targets`` diffs the gold files' targets instead of parses,
which measures the alignment alone. New series are added as data: another DIFF-format file.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _overlap(a: str, b: str) -> float:
    sa, sb = set(a), set(b)
    return len(sa & sb) / min(len(sa), len(sb)) if sa and sb else 0.0


def _document(stem: str, docs: Path, gold_targets: bool):
    if gold_targets:
        sys.path.insert(0, str(ROOT / "tests"))
        from diff_factories import gold_document

        return gold_document(stem)
    from policyparse import parse

    path = next(p for p in docs.glob(f"{stem}.*") if not p.name.endswith(".json"))
    return parse(path)


def score(cases: list[dict], docs: Path, *, gold_targets: bool = False) -> dict[str, float]:
    from policyparse.diff import diff

    tp = fp = fn = 0
    side_hit = side_total = 0
    for case in cases:
        d = diff(_document(case["old"], docs, gold_targets), _document(case["new"], docs, gold_targets))
        got = [(p.old_value, p.new_value, p.new_unit) for p in d.pairs]
        want = [(p["old_value"], p["new_value"], p["unit"]) for p in case["pairs"]]
        remaining = list(want)
        for g in got:
            if g in remaining:
                remaining.remove(g)
                tp += 1
            else:
                fp += 1
        fn += len(remaining)
        for key, predicted in (("added", d.added), ("removed", d.removed)):
            if key in case:
                names = [t.metric for t in predicted]
                side_total += len(case[key])
                side_hit += sum(1 for n in case[key] if any(_overlap(n, m) >= 0.5 for m in names))
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "pairs_tp": tp,
        "pairs_fp": fp,
        "pairs_fn": fn,
        "precision": p,
        "recall": r,
        "f1": f,
        "added_removed_recall": side_hit / side_total if side_total else 1.0,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold", nargs="*", default=[str(ROOT / "corpora" / "DIFF.json")])
    ap.add_argument("--docs", default=str(ROOT / "corpora" / "dev"))
    ap.add_argument("--gold-targets", action="store_true", help="diff the gold targets, not parses")
    args = ap.parse_args(argv)
    cases = [c for g in args.gold for c in json.loads(Path(g).read_text(encoding="utf-8"))]
    s = score(cases, Path(args.docs), gold_targets=args.gold_targets)
    print(
        f"diff.pairs        P={s['precision']:.3f} R={s['recall']:.3f} F1={s['f1']:.3f} "
        f"(tp={s['pairs_tp']} fp={s['pairs_fp']} fn={s['pairs_fn']})"
    )
    print(f"diff.added_removed recall={s['added_removed_recall']:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
