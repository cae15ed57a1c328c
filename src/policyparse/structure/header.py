"""Header and footer elements of a notice: title, 发文字号, 主送机关, signature, 成文日期, 附件 …"""

from __future__ import annotations

from ..document import Document
from ..models import Meta
from ..rules import RuleSet


def parse_header(doc: Document, rules: RuleSet) -> Meta:
    """Meta of the document (placeholder until the header parser lands)."""
    return Meta()


def document_year(meta: Meta) -> int | None:
    """The document's year: 成文日期, else the 发文字号 year, else a year in the title."""
    for iso in (meta.date, meta.publish_date):
        if iso:
            return int(iso[:4])
    if meta.doc_number and meta.doc_number.year:
        return meta.doc_number.year
    if meta.title:
        import regex

        m = regex.search(r"((?:19|20)\d{2})年", meta.title)
        if m:
            return int(m.group(1))
    return None
