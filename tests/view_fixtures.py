"""Documents with records for the view tests (frames, HTML, spaCy), independent of the extractors.

``gold_document(path)`` parses a sample notice and adds the records of its gold file, placed
where their text occurs, so the views are tested on real notices even while extractors change.
``synthetic_document()`` is a small notice with overlapping and crossing records.
"""

from __future__ import annotations

import json
from pathlib import Path

from policyparse import parse
from policyparse.models import (
    Clause,
    Comparator,
    DateMention,
    Department,
    DocNumber,
    PolicyDocument,
    Source,
    Target,
)
from policyparse.normalize import normalize_text

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "corpora" / "dev"
SAMPLES = sorted(DEV.glob("*.txt"))
RECORD_KINDS = ("targets", "dates", "doc_numbers", "departments")


def _find_all(source: str, wanted: list[str]) -> list[tuple[int, int]]:
    """Original spans of each wanted (normalised) text, the n-th occurrence for the n-th repeat."""
    norm = normalize_text(source)
    seen: dict[str, int] = {}
    spans = []
    for text in wanted:
        start = -1
        for _ in range(seen.get(text, 0) + 1):
            start = norm.text.find(text, start + 1)
            if start < 0:
                break
        if start < 0:
            continue
        seen[text] = seen.get(text, 0) + 1
        spans.append(norm.span_to_original(start, start + len(text)))
    return spans


def gold_document(path: Path) -> PolicyDocument:
    """The parse of ``path`` with the gold records (targets, dates, doc numbers, meta bodies) added."""
    doc = parse(path)
    gold = json.loads(path.with_name(path.name.replace(".txt", ".gold.json")).read_text(encoding="utf-8"))
    text = doc.source.text
    targets = [
        Target(text=text[s:e], metric=g["metric"], value=g["value"], unit=g["unit"],
               comparator=Comparator(g.get("comparator", "=")), year=g.get("year"), span=(s, e), rule_id="gold")
        for g, (s, e) in zip(gold["targets"], _find_all(text, [g["text"] for g in gold["targets"]]), strict=False)
    ]  # fmt: skip
    dates = [
        DateMention(text=text[s:e], value=g["value"], kind=g["kind"], span=(s, e), rule_id="gold")
        for g, (s, e) in zip(gold["dates"], _find_all(text, [g["text"] for g in gold["dates"]]), strict=False)
    ]
    numbers = [
        DocNumber(raw=g["raw"], text=text[s:e], agency_code=g["raw"].split("〔")[0], role=g["role"],
                  span=(s, e), rule_id="gold")
        for g, (s, e) in zip(gold["doc_numbers"], _find_all(text, [g["raw"] for g in gold["doc_numbers"]]),
                             strict=False)
    ]  # fmt: skip
    bodies = gold["meta"].get("issuers", []) + gold["meta"].get("addressees", [])
    departments = [
        Department(text=text[s:e], name=text[s:e], role="mention", span=(s, e), rule_id="gold")
        for s, e in _find_all(text, bodies)
    ]
    return doc.model_copy(
        update={
            "targets": [*doc.targets, *targets],
            "dates": [*doc.dates, *dates],
            "doc_numbers": [*doc.doc_numbers, *numbers],
            "departments": [*doc.departments, *departments],
        }
    )


SYNTHETIC_TEXT = (
    "关于做好2025年职业培训工作的通知\n沪人社职〔2025〕1号\n各区人力资源社会保障局：\n"
    "一、总体要求\n2025年底前，上海市人力资源和社会保障局完成培训 65 万人次以上。\n"
    "（一）加强组织领导\n<b>&amp;</b> 市财政局配合。\n"
)


def _span(text: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def synthetic_document() -> PolicyDocument:
    """A hand-built notice: a date nested in a target, a department crossing the target's end,
    HTML-like characters in the text, and a clause tree."""
    t = SYNTHETIC_TEXT
    target = _span(t, "2025年底前，上海市人力资源和社会保障局完成培训 65 万人次以上")
    crossing = (
        _span(t, "65 万人次以上。")[0] + 5,
        _span(t, "（一）")[0],
    )  # "以上。\n" crosses the target end
    sub = Clause(id="一.一", label="（一）", level=2, kind="cn_paren", number=1, heading="加强组织领导",
                 text="（一）加强组织领导", span=(_span(t, "（一）")[0], len(t)),
                 heading_span=_span(t, "（一）加强组织领导"))  # fmt: skip
    root = Clause(id="一", label="一、", level=1, kind="cn_dun", number=1, heading="总体要求",
                  text="一、总体要求", span=(_span(t, "一、")[0], len(t)),
                  heading_span=_span(t, "一、总体要求"), children=[sub])  # fmt: skip
    return PolicyDocument(
        source=Source(text=t),
        clauses=[root],
        targets=[Target(text=t[target[0]:target[1]], metric="培训", value=650000, unit="人次",
                        comparator=Comparator.GE, year=2025, span=target, clause_id="一", rule_id="t")],
        dates=[
            DateMention(text="2025年", value="2025", kind="year", span=_span(t, "2025年"), rule_id="d"),
            DateMention(text="2025年底前", value="2025-12-31", kind="deadline", modifier="by",
                        span=_span(t, "2025年底前"), clause_id="一", rule_id="d"),
        ],
        doc_numbers=[DocNumber(raw="沪人社职〔2025〕1号", text="沪人社职〔2025〕1号", agency_code="沪人社职",
                               year=2025, serial=1, role="self", span=_span(t, "沪人社职〔2025〕1号"))],
        departments=[
            Department(text="上海市人力资源和社会保障局", name="上海市人力资源和社会保障局", role="lead",
                       span=_span(t, "上海市人力资源和社会保障局"), clause_id="一"),
            Department(text="市财政局", name="上海市财政局", role="co", span=_span(t, "市财政局"), clause_id="一.一"),
            Department(text=t[crossing[0]:crossing[1]], name="(crossing)", span=crossing),
        ],
    )  # fmt: skip


def records(doc: PolicyDocument) -> list[tuple[str, int, object]]:
    """(kind, index, record) of every highlighted record."""
    return [(kind, i, r) for kind in RECORD_KINDS for i, r in enumerate(getattr(doc, kind))]
