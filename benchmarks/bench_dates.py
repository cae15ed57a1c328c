"""Dates: policyparse against JioNLP's ``jionlp.ner.extract_time`` on the gold corpus.

Run (JioNLP is not a project dependency; it lives in a separate venv)::

    python3 -m venv .venv-bench && .venv-bench/bin/pip install jionlp -e .
    .venv-bench/bin/python benchmarks/bench_dates.py [corpora/dev]

Both get the same inputs: the raw text and the document's year (gold meta.date; JioNLP's
``time_base``). Both are scored like ``policyparse eval``: micro P/R/F1 over the multiset of
ISO values per document. Speed is documents per second of date extraction alone
(policyparse: normalise + extract; JioNLP: extract_time with parsing), one core.

Mapping JioNLP to ISO (``detail.time`` is ``[start, end]`` timestamps):

* ``time_period`` (recurring) and ``time_delta`` (durations) are not dates: dropped;
* a span open at the start (``-inf``) or starting at ``time_base`` is a deadline: its end
  (``2025年3月底前`` → ``2025-03-31``);
* otherwise both ends are written at their precision: a whole year → ``YYYY``, a whole month
  → ``YYYY-MM``, a day → ``YYYY-MM-DD``; different ends → ``A/B``
  (``2024年至2026年`` → ``2024/2026``, ``上半年`` → ``2025-01/2025-06``).
"""

from __future__ import annotations

import calendar
import json
import sys
import time
from collections import Counter
from pathlib import Path

from policyparse.document import Document
from policyparse.evaluate import Score, norm
from policyparse.extractors import Context
from policyparse.extractors.dates import extract
from policyparse.models import Meta
from policyparse.rules import load_rules

REPEAT = 20


def load_corpus(folder: Path) -> list[tuple[str, str | None, list[str]]]:
    """(text, gold meta.date, gold date values) per document."""
    out = []
    for gold_path in sorted(folder.glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text = gold_path.with_name(gold_path.name.replace(".gold.json", ".txt")).read_text(encoding="utf-8")
        out.append((text, gold["meta"].get("date"), [d["value"] for d in gold["dates"]]))
    return out


# -- policyparse -------------------------------------------------------------------------------
def ours(text: str, date: str | None) -> list[str]:
    ctx = Context.build(Document.from_text(text), Meta(), [], int(date[:4]) if date else None)
    return [d.value for d in extract(ctx, load_rules())]


# -- JioNLP ------------------------------------------------------------------------------------
def _precise(start: str, end: str) -> tuple[str, str]:
    """Both ends of a [start, end] timestamp pair at the precision the pair spans."""
    sy, sm, sd = int(start[:4]), int(start[5:7]), int(start[8:10])
    ey, em, ed = int(end[:4]), int(end[5:7]), int(end[8:10])
    if (sm, sd, em, ed) == (1, 1, 12, 31):
        return f"{sy:04d}", f"{ey:04d}"
    if sd == 1 and ed == calendar.monthrange(ey, em)[1]:
        return f"{sy:04d}-{sm:02d}", f"{ey:04d}-{em:02d}"
    return start[:10], end[:10]


def jio_value(item: dict, base: str) -> str | None:
    detail = item.get("detail") or {}
    if item.get("type") not in ("time_point", "time_span"):
        return None
    t = detail.get("time")
    if not isinstance(t, list) or len(t) != 2 or not all(isinstance(x, str) for x in t):
        return None
    start, end = t
    if end in ("inf", "-inf"):
        return None
    if start == "-inf" or start.startswith(base):
        return end[:10]
    a, b = _precise(start, end)
    return a if a == b else f"{a}/{b}"


def jionlp_runner():
    try:
        import jionlp  # type: ignore[import-not-found]
    except ImportError:
        return None

    def run(text: str, date: str | None) -> list[str]:
        base = date or "2025-01-01"
        tb = {"year": int(base[:4]), "month": int(base[5:7]), "day": int(base[8:10])}
        found = jionlp.ner.extract_time(text, time_base=tb, with_parsing=True)
        return [v for item in found if (v := jio_value(item, base)) is not None]

    return run


# -- scoring -----------------------------------------------------------------------------------
def measure(name: str, fn, corpus) -> tuple[Score, float]:
    score = Score()
    for text, date, gold in corpus:
        score.add_multisets(Counter(norm(v) for v in gold), Counter(norm(v) for v in fn(text, date)))
    start = time.perf_counter()
    for _ in range(REPEAT):
        for text, date, _gold in corpus:
            fn(text, date)
    rate = REPEAT * len(corpus) / (time.perf_counter() - start)
    print(f"{name:<12}{score.precision:7.3f}{score.recall:7.3f}{score.f1:7.3f}{score.tp:5d}{score.fp:5d}{score.fn:5d}"
          f"{rate:12.1f}")  # fmt: skip
    return score, rate


def main(argv: list[str]) -> int:
    folder = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parents[1] / "corpora" / "dev"
    corpus = load_corpus(folder)
    chars = sum(len(t) for t, _, _ in corpus) / max(len(corpus), 1)
    print(f"{len(corpus)} documents, {chars:.0f} characters on average, gold dates "
          f"{sum(len(g) for *_, g in corpus)}")  # fmt: skip
    print(f"{'system':<12}{'P':>7}{'R':>7}{'F1':>7}{'tp':>5}{'fp':>5}{'fn':>5}{'docs/s':>12}")
    measure("policyparse", ours, corpus)
    jio = jionlp_runner()
    if jio is None:
        print("jionlp      not installed (pip install jionlp into a separate venv, see the docstring)")
        return 0
    measure("jionlp", jio, corpus)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
