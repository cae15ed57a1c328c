"""Header and footer elements of a notice (GB/T 9704-2012 §7): title, 发文字号, 主送机关,
signature, 成文日期, 附注, 附件说明, 抄送, 印发机关和印发日期.

The layout is read line by line from the normalised text, in parts that each return a typed
value; :func:`parse_header` composes them into :class:`~policyparse.models.Meta` in one place:

* :mod:`.header_zone`: where the 版头 ends and the body starts (the 主送机关 line);
* :mod:`.masthead`: the 版头 fields — 发文机关标志, 发文字号 (or a 令's 令号), 发布时间, title,
  主送机关;
* :mod:`.signature`: the signature and 成文日期, 附件说明, the 版记 (附注, 抄送, 印发 line), and
  a regulation's 题注 where it has no signature;
* :mod:`.issued`: the document a 印发 notice (or a 令) issues, printed after the signature;
* a web page's 文件信息 block (:mod:`.web_meta`) fills the fields the notice lacks.

``meta.spans`` gives original-text spans of the single-valued fields, plus ``body``: the
region where clauses may start (used by :mod:`.clauses`).

>>> from policyparse.document import Document
>>> from policyparse.rules import load_rules
>>> m = parse_header(Document.from_text("沪人社职〔2025〕1号\\n关于做好培训工作的通知\\n各区人社局：\\n正文。\\n上海市人力资源和社会保障局\\n2025年3月28日"), load_rules())
>>> m.title, m.doc_number.raw, m.issuers, m.date
('关于做好培训工作的通知', '沪人社职〔2025〕1号', ['上海市人力资源和社会保障局'], '2025-03-28')
"""

from __future__ import annotations

from typing import Any, Protocol

import regex

from ..document import Document, Line
from ..model_build import built, with_defaults
from ..models import Meta, Span
from ..rules import RuleSet
from .header_lines import Layout, header_rules, iso_date, loose_date, nospace, split_names
from .header_zone import attachment_only_title, find_zones
from .issued import read_issued, read_order_title
from .masthead import docno_from_match, read_masthead
from .signature import NOTE_LINES, TitleNote, read_attachments, read_footer, read_signature, read_title_note
from .web_meta import MetaBlock, find_meta_block, strip_title_suffix

__all__ = ["document_year", "header_rules", "iso_date", "parse_header"]


class _Part(Protocol):
    """A typed part of the header (masthead, signature, …): the Meta fields it read and their spans."""

    @property
    def spans(self) -> dict[str, Span]: ...

    def meta_fields(self) -> dict[str, Any]: ...


def parse_header(doc: Document, rules: RuleSet) -> Meta:
    """Meta of the document: GB/T 9704-2012 header and footer elements, with source spans."""
    block = find_meta_block(doc, rules)
    lay = Layout(doc, header_rules(rules), rules, hidden=block.lines)
    # a file that opens with a table (附件： and the title in its first cells, as some offices
    # publish a list or a 职位表): the attachment reading over its first written lines
    first = [ln for ln in doc.lines if ln.stripped and ln.index not in block.lines][:2]
    if first and first[0].is_table_cell:
        only = attachment_only_title(lay, first)
        if only is not None:
            return _attachment_only(lay, only)
    if not lay.lines:
        return Meta()
    only = attachment_only_title(lay)
    if only is not None:
        return _attachment_only(lay, only)
    zones = find_zones(lay)
    body = zones.body
    masthead = read_masthead(lay, zones)
    signature = read_signature(lay, body)
    attachments = read_attachments(lay, body)
    after = 0 if signature.date_line is None else signature.date_line + 1
    if masthead.is_order:
        issued = read_order_title(lay, body, after)
    else:
        issued = read_issued(lay, body, after, masthead, attachments)
    footer = read_footer(lay, body)
    note = TitleNote()
    if not signature.issuers and signature.date is None and masthead.title_lines and not masthead.is_order:
        below = lay.lines.index(masthead.title_lines[-1]) + 1
        note = read_title_note(lay, lay.lines[below : below + NOTE_LINES])

    # Compose, in reading order: a later part's field replaces an earlier one's (a 令's title is
    # its 规章's), a span keeps the place where its field was first read. A field is set only
    # when a part read it (Meta.model_fields_set).
    fields: dict[str, Any] = {}
    spans: dict[str, Span] = {}
    parts: tuple[_Part, ...] = (masthead, signature, attachments, issued, footer, note)
    for part in parts:
        fields.update(part.meta_fields())
        spans.update(part.spans)
    if not fields.get("issuers"):  # no signature: the 发文机关标志, else the title names them
        fields["issuers"] = list(masthead.issuers or masthead.title_issuers)
    from_block, block_spans = _from_block(lay, block, fields)
    fields.update(from_block)
    spans.update(block_spans)
    if "date" not in fields and "publish_date" in fields:
        fields["date"] = fields["publish_date"]
        spans["date"] = spans["publish_date"]
    spans["body"] = _body_span(lay, body, spans)
    fields["spans"] = spans
    return built(Meta, with_defaults(Meta, fields), fields)  # Meta(**fields), unvalidated


def _attachment_only(lay: Layout, title: Line) -> Meta:
    """A document that is only an attachment (附件 / title / table): the title line and nothing else."""
    text = nospace(title.text)
    m = lay.hr.type_at_end(text)
    span = lay.span(title)
    after = lay.doc.span(title.end, title.end)[0]
    return Meta(
        title=text,
        doc_type=m["type"] if m else None,
        spans={"title": span, "body": (after, len(lay.doc.original))},
    )


def _from_block(
    lay: Layout, block: MetaBlock, meta: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Span]]:
    """Meta fields the notice lacks (``meta``: what it has), from a web page's 文件信息 block,
    with their spans."""
    fields: dict[str, Any] = {}
    spans: dict[str, Span] = {}
    for fld, bv in block.values.items():
        span = lay.doc.span(bv.start, bv.end)
        value = bv.value
        if fld == "title" and not meta.get("title"):
            end = bv.start + strip_title_suffix(value, lay.rules)
            title = lay.source_text(bv.start, end)
            m = lay.hr.type_at_end(title)
            fields["title"], fields["doc_type"] = title, m["type"] if m else None
            spans["title"] = lay.doc.span(bv.start, end)
        elif fld == "doc_number" and "doc_number" not in meta:
            # the labelled-field pattern, which stops at the 号 (a value may run into the next
            # line when normalisation joined them)
            prefix = "文号："
            m = lay.hr.patterns["docno_field"].search(prefix + value)
            if m and m.start("code") >= len(prefix):
                start = bv.start + m.start("code") - len(prefix)
                fields["doc_number"] = docno_from_match(m)
                spans["doc_number"] = lay.doc.span(start, bv.start + m.end() - len(prefix))
        elif fld in ("date", "publish_date") and fld not in meta:
            iso = loose_date(lay.hr, value)
            if iso:
                fields[fld] = iso
                spans[fld] = span
        elif fld == "issuers" and not meta.get("issuers"):
            names = split_names(value, lay.hr.text["name_separator"])
            if names and all(lay.hr.is_org_name(n) for n in names):
                fields["issuers"] = names
                spans["issuers"] = span
    return fields, spans


def _body_span(lay: Layout, body: list[Line], spans: dict[str, Span]) -> Span:
    """Original span where clauses may start: after the 主送机关 (or the issued title), up to
    the 附件说明 / signature that closes it, or the 版记 (抄送, 印发 line: GB/T 9704 §7.4) when the
    signature stands before the issued document (现将《…纪要》印发给你们 + signature + 纪要) or
    before a 附件 the 附件说明 names, printed in full (附件：修改后的《X》 + signature + X)."""
    n = len(lay.doc.original)
    if not body:
        return (n, n)
    start = spans["issued_title"][1] if "issued_title" in spans else lay.span(body[0])[0]
    end = n
    # a 附件 printed in full after the signature is body: only the 版记 closes it
    closing = (
        ("cc", "printer", "print_date")
        if "attached" in spans
        else ("attachments", "signature", "date", "cc", "printer", "print_date")
    )
    for key in closing:
        if key in spans and start < spans[key][0] < end:
            end = spans[key][0]
    return (start, end)


_TITLE_YEAR = regex.compile(r"((?:19|20)\d{2})年")


def document_year(meta: Meta) -> int | None:
    """The document's year: 成文日期, else the 发文字号 year, else a year in the title."""
    for iso in (meta.date, meta.publish_date):
        if iso:
            return int(iso[:4])
    if meta.doc_number and meta.doc_number.year:
        return meta.doc_number.year
    if meta.title:
        m = _TITLE_YEAR.search(meta.title)
        if m:
            return int(m.group(1))
    return None
