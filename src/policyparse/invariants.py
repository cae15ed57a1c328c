"""What every parse must satisfy, whatever the input: the provenance contract, checked.

Used by the property tests and the fuzz targets, and available to users who build records
of their own (e.g. after editing rules):

>>> from policyparse import parse
>>> problems(parse("关于开展培训的通知\\n全年培训65万人次。"))
[]
"""

from __future__ import annotations

from .models import PolicyDocument, Span

RECORD_KINDS = ("targets", "dates", "doc_numbers", "departments")


def problems(doc: PolicyDocument, *, round_trip: bool = True) -> list[str]:
    """Every broken invariant of ``doc``: spans in bounds, ``source.text[s:e] == record.text``
    for quoted records, and (with ``round_trip``) the JSON re-validates to an equal document."""
    text = doc.source.text
    n = len(text)
    found: list[str] = []

    def in_bounds(span: Span, what: str) -> None:
        s, e = span
        if not 0 <= s <= e <= n:
            found.append(f"{what} span {span} outside 0..{n}")

    for kind in RECORD_KINDS:
        for rec in getattr(doc, kind):
            in_bounds(rec.span, kind)
            quoted = text[rec.span[0] : rec.span[1]]
            if quoted != rec.text:
                found.append(f"{kind}: source quotes {quoted!r}, record says {rec.text!r}")
    for clause in doc.iter_clauses():
        in_bounds(clause.span, f"clause {clause.id}")
        if clause.heading_span is not None:
            in_bounds(clause.heading_span, f"clause {clause.id} heading")
        for child in clause.children:
            if not (clause.span[0] <= child.span[0] and child.span[1] <= clause.span[1]):
                found.append(f"clause {child.id} not inside its parent {clause.id}")
    for task in doc.tasks:
        in_bounds(task.span, "task")
    for name, span in doc.meta.spans.items():
        in_bounds(span, f"meta.{name}")
    for citation in doc.citations:
        for span in citation.spans:
            in_bounds(span, "citation")
    if round_trip and PolicyDocument.model_validate_json(doc.to_json()) != doc:
        found.append("JSON round trip changed the document")
    return found


def check_document(doc: PolicyDocument) -> None:
    """Raise ``AssertionError`` listing every broken invariant of ``doc``."""
    found = problems(doc)
    if found:
        raise AssertionError("; ".join(found))
