"""What every parse must satisfy, whatever the input (shared by the fuzz targets)."""

from __future__ import annotations

from policyparse.models import PolicyDocument

RECORD_KINDS = ("targets", "dates", "doc_numbers", "departments")


def check_document(doc: PolicyDocument) -> None:
    """Spans in bounds, ``source.text[s:e] == record.text``, JSON re-validates."""
    text = doc.source.text
    n = len(text)

    def in_bounds(span: tuple[int, int] | list[int], what: str) -> None:
        s, e = span
        assert 0 <= s <= e <= n, f"{what} span {span} outside 0..{n}"

    for kind in RECORD_KINDS:
        for rec in getattr(doc, kind):
            in_bounds(rec.span, kind)
            assert text[rec.span[0] : rec.span[1]] == rec.text, f"{kind}: {text[rec.span[0]:rec.span[1]]!r} != {rec.text!r}"
    for clause in doc.iter_clauses():
        in_bounds(clause.span, f"clause {clause.id}")
        if clause.heading_span is not None:
            in_bounds(clause.heading_span, f"clause {clause.id} heading")
    for task in doc.tasks:
        in_bounds(task.span, "task")
    for name, span in doc.meta.spans.items():
        in_bounds(span, f"meta.{name}")
    for citation in doc.citations:
        for span in citation.spans:
            in_bounds(span, "citation")
    again = PolicyDocument.model_validate_json(doc.to_json())
    assert again == doc, "JSON round trip changed the document"
