"""Holdout regression floors: scores on ``corpora/holdout`` must not fall.

The holdout is MEASURED, NEVER TUNED ON (see ``corpora/README.md``): its gold was written by
hand from ``corpora/GUIDE.md`` before the parser ever ran on these notices. A floor is the
score measured when the holdout was added minus a small margin, so a change that generalises
worse fails here. When a fix raises a score, raise its floor; never edit a holdout notice or
its gold to make a test pass (a real gold mistake is fixed and noted in ``holdout/NOTES.md``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from policyparse.api import parse
from policyparse.evaluate import Report, evaluate

HOLDOUT = Path(__file__).resolve().parents[1] / "corpora" / "holdout"
GOLDS = sorted(HOLDOUT.glob("*.gold.json"))
MARGIN = 0.03

# Scores measured on each held-out set after it was used for error analysis (the first,
# unbiased measurements are in corpora/holdout/ERRORS.md, holdout2/RESULTS.md,
# holdout3/ to holdout6/RESULTS.txt; holdout6 was only measured). holdoutN_pdf / holdoutN_docx are those
# notices rendered to PDF (reportlab and LibreOffice) and DOCX. F1 per field and attribute accuracies;
# floor = value - MARGIN.
FIELDS = (
    "meta.title",
    "meta.doc_number",
    "meta.issuers",
    "meta.addressees",
    "meta.date",
    "meta.attachments",
    "clauses",
    "clauses.structure",
    "targets",
    "dates",
    "doc_numbers",
    "tasks",
    "targets.comparator",
    "targets.year",
    "targets.deadline",
    "targets.metric",
    "dates.kind",
    "doc_numbers.role",
)


def scores(below_one: dict[str, float] | None = None) -> dict[str, float]:
    """1.000 on every field but those given."""
    return {**dict.fromkeys(FIELDS, 1.0), **(below_one or {})}


# Measured after the gold was brought in line with the revised guide (standards and caps are
# targets now, items inside articles count by depth): the targets the parser does not yet read
# (per-unit standards, 翻一番) are misses until the quantities work lands. Attribute accuracies
# re-measured after it landed: more targets match, a few of them with another year or metric.
HOLDOUT4 = scores({"targets": 0.988, "targets.metric": 0.924})
HOLDOUT5 = scores(
    {"targets": 0.979, "targets.comparator": 0.986, "targets.year": 0.932, "targets.metric": 0.892}
)
HOLDOUT6 = scores({"targets": 0.962, "targets.deadline": 0.961, "targets.metric": 0.926})
MEASURED = {
    "holdout": scores({"targets": 0.984, "targets.year": 0.969, "targets.metric": 0.984}),
    # its gold reads a range of days as one period; the real annotators read two dates
    "holdout2": scores(
        {
            "targets": 0.958,
            "targets.year": 0.92,
            "targets.deadline": 0.971,
            "targets.metric": 0.907,
            "dates": 0.957,
        }
    ),
    "holdout3": scores(
        {"targets": 0.981, "targets.comparator": 0.981, "targets.year": 0.98, "targets.metric": 0.943}
    ),
    "holdout4": HOLDOUT4,
    "holdout4_pdf": HOLDOUT4,
    "holdout4_docx": HOLDOUT4,
    "holdout5": HOLDOUT5,
    "holdout5_pdf": HOLDOUT5,
    "holdout5_docx": HOLDOUT5,
    "holdout6": HOLDOUT6,
    "holdout6_pdf": HOLDOUT6,
    "holdout6_docx": HOLDOUT6,
}
DOC_COUNTS = {
    "holdout": 8,
    "holdout2": 7,
    "holdout3": 6,
    "holdout4": 8,
    "holdout4_pdf": 16,
    "holdout4_docx": 8,
    "holdout5": 7,
    "holdout5_pdf": 14,
    "holdout5_docx": 7,
    "holdout6": 5,
    "holdout6_pdf": 10,
    "holdout6_docx": 5,
}
CASES = [(corpus, name, value) for corpus, values in MEASURED.items() for name, value in values.items()]


@pytest.fixture(scope="module")
def reports() -> dict[str, Report]:
    root = HOLDOUT.parent
    return {corpus: evaluate(root / corpus) for corpus in MEASURED}


@pytest.mark.parametrize("corpus", list(DOC_COUNTS))
def test_every_holdout_document_parses(reports: dict[str, Report], corpus: str) -> None:
    assert reports[corpus].documents == DOC_COUNTS[corpus]
    assert reports[corpus].errors == []


@pytest.mark.parametrize(("corpus", "name", "measured"), CASES, ids=[f"{c}-{n}" for c, n, _ in CASES])
def test_score_floor(reports: dict[str, Report], corpus: str, name: str, measured: float) -> None:
    report = reports[corpus]
    value = report.scores[name].f1 if name in report.scores else report.accuracies[name].value
    assert value >= measured - MARGIN, report.to_text()


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("gold_path", GOLDS, ids=[g.name.split(".")[0] for g in GOLDS])
def test_gold_texts_stand_in_the_source_in_order(gold_path: Path) -> None:
    """The gold quotes the notice (guide: texts as they stand, whitespace removed, in order)."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    flat = _flat((HOLDOUT / gold["document"]).read_text(encoding="utf-8"))
    for field in ("targets", "dates"):
        pos = 0
        for item in gold[field]:
            found = flat.find(_flat(item["text"]), pos)
            assert found >= 0, (field, item["text"])
            pos = found + (1 if field == "dates" else 0)
    lines = [_flat(x) for x in flat_lines(HOLDOUT / gold["document"])]
    at = 0
    for label, _level, heading in gold["clauses"]:
        while not lines[at].startswith(_flat(label)):
            at += 1  # IndexError here: a gold clause label with no source line
        rest = lines[at][len(_flat(label)) :]
        assert rest.split("。")[0][:12] == heading, (label, heading)  # the guide's 12-character rule
        at += 1


def flat_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("gold_path", GOLDS, ids=[g.name.split(".")[0] for g in GOLDS])
def test_every_record_quotes_its_source_span(gold_path: Path) -> None:
    doc = parse(HOLDOUT / gold_path.name.replace(".gold.json", ".txt"))
    src = doc.source.text
    records = [*doc.targets, *doc.dates, *doc.doc_numbers]
    assert records
    for r in records:
        assert src[r.span[0] : r.span[1]] == r.text, r
