"""Build PolicyDocuments from the gold files, so diff/timeline/corpus are tested on correct
targets and meta while the extractors are still being written."""

from __future__ import annotations

import json
import re
from pathlib import Path

from policyparse.models import DocNumberRef, Meta, PolicyDocument, Source, Target

DEV = Path(__file__).resolve().parents[1] / "corpora" / "dev"
DIFF_GOLD = Path(__file__).resolve().parents[1] / "corpora" / "DIFF.json"

_DOCNO = re.compile(r"^(?P<code>.+?)〔(?P<year>\d{4})〕(?P<serial>\d+)号$")


def doc_number(raw: str | None) -> DocNumberRef | None:
    if not raw:
        return None
    m = _DOCNO.match(raw)
    if not m:
        return DocNumberRef(raw=raw, agency_code=raw)
    return DocNumberRef(raw=raw, agency_code=m["code"], year=int(m["year"]), serial=int(m["serial"]))


def target(
    metric: str,
    value: float,
    unit: str = "人次",
    *,
    year: int | None = 2025,
    comparator: str = "=",
    deadline: str | None = None,
    text: str | None = None,
    optional: bool = False,
) -> Target:
    """One target in one line: ``target("补贴性职业技能培训", 800000, year=2024)``."""
    return Target(
        text=text or metric,
        metric=metric,
        value=value,
        unit=unit,
        comparator=comparator,
        year=year,
        deadline=deadline,
        optional=optional,
        span=(0, 0),
    )


def notice(
    targets: list[Target],
    *,
    path: str | None = None,
    date: str | None = None,
    doc_no: str | None = None,
    title: str | None = None,
) -> PolicyDocument:
    """A PolicyDocument holding only these targets and meta."""
    return PolicyDocument(
        meta=Meta(title=title, date=date, doc_number=doc_number(doc_no)),
        targets=targets,
        source=Source(text="", path=path),
    )


def _span(text: str, quote: str, start: int) -> tuple[int, int]:
    """Span of a gold quote (whitespace removed) in the source text, searching from start."""
    pattern = r"\s*".join(map(re.escape, quote))
    m = re.compile(pattern).search(text, start) or re.compile(pattern).search(text)
    return (m.start(), m.end()) if m else (0, 0)


def gold_document(stem: str) -> PolicyDocument:
    """The gold file of corpora/dev/<stem> as a PolicyDocument (targets and meta)."""
    gold = json.loads((DEV / f"{stem}.gold.json").read_text(encoding="utf-8"))
    text = (DEV / f"{stem}.txt").read_text(encoding="utf-8")
    targets, pos = [], 0
    for t in gold["targets"]:
        span = _span(text, t["text"], pos)
        pos = span[1] or pos
        targets.append(Target(**{**t, "text": text[span[0] : span[1]] if span[1] else t["text"]}, span=span))
    m = gold["meta"]
    meta = Meta(
        title=m["title"],
        doc_number=doc_number(m["doc_number"]),
        issuers=m["issuers"],
        addressees=m["addressees"],
        date=m["date"],
        attachments=m["attachments"],
    )
    return PolicyDocument(meta=meta, targets=targets, source=Source(text=text, path=str(DEV / f"{stem}.txt")))


def diff_gold() -> list[dict]:
    return json.loads(DIFF_GOLD.read_text(encoding="utf-8"))


def with_doc_numbers(doc: PolicyDocument, stem: str) -> PolicyDocument:
    """The document with the gold doc_numbers of corpora/dev/<stem> (cited ones for the graph)."""
    from policyparse.models import DocNumber

    gold = json.loads((DEV / f"{stem}.gold.json").read_text(encoding="utf-8"))
    numbers, pos = [], 0
    for n in gold["doc_numbers"]:
        span = _span(doc.source.text, n["raw"], pos)
        pos = span[1] or pos
        ref = doc_number(n["raw"])
        numbers.append(
            DocNumber(
                raw=n["raw"],
                text=n["raw"],
                agency_code=ref.agency_code if ref else n["raw"],
                year=ref.year if ref else None,
                serial=ref.serial if ref else None,
                role=n["role"],
                span=span,
            )
        )
    return doc.model_copy(update={"doc_numbers": numbers})
