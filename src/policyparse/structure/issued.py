"""The document a notice issues, printed after its signature.

* a notice that issues another document (关于印发《X》的通知, or 关于印发X的通知, or a body sentence
  现将《X》印发给你们) carries X's own title after its signature: the clause body starts there
  (``issued_body_start``);
* a 附件 the 附件说明 names (附件：修改后的《X》), printed in full after the signature, is body:
  its span is ``attached`` (only the 版记 closes the body then);
* a 令 (or a promulgating 公告) issues a 规章 whose title, printed after the 成文日期, is the
  document's title.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..document import Line
from ..models import Span
from .header_lines import Layout, nospace
from .masthead import Masthead
from .signature import Attachments


@dataclass(frozen=True)
class Issued:
    """Where the issued document's title stands; ``title`` only for a 令's 规章."""

    title: str | None = None  # the document's own title, when it is the issued 规章's
    doc_type: str | None = None  # read with ``title``
    issued_title: str | None = None  # set when it was found here (else the masthead's stands)
    issued_body_start: int | None = None
    spans: dict[str, Span] = field(default_factory=dict)

    def meta_fields(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.title is not None:  # a 令's title is its 规章's
            out["title"], out["doc_type"] = self.title, self.doc_type
        if self.issued_title is not None:
            out["issued_title"] = self.issued_title
        if self.issued_body_start is not None:
            out["issued_body_start"] = self.issued_body_start
        return out


def read_issued(
    lay: Layout, body: list[Line], after: int, masthead: Masthead, attachments: Attachments
) -> Issued:
    """Where the issued document's own title starts (关于印发《X》的通知, or 关于印发X的通知
    when a line equal to X follows the signature; X may also come from the body sentence
    现将《X》印发给你们). ``after``: the first body line below the 成文日期 (0 without one)."""
    plain = masthead.issued_plain
    titled = masthead.issued_title
    sentence = _sentence_issued(lay, body[: max(after - 1, 0)] if after else body)
    # the title's own 《X》 first, then the sentence's exact title, then the loose title; else a
    # document the 附件说明 names (附件：修改后的《X》), printed after the signature: body too
    # (or named in the title: 关于延长《X》有效期的通知 + signature + X in full)
    named = (
        []
        if (titled or plain or sentence)
        else [_attachment_title(lay, a) for a in attachments.names]
        + lay.hr.text["book_title"].findall(masthead.title or "")
    )
    attached = {nospace(t) for t in named}
    targets = list(dict.fromkeys(nospace(t) for t in (titled, sentence, plain, *named) if t))
    if not targets:
        return Issued()
    for i in range(after, len(body)):
        for target in targets:
            j = _title_end(lay, body, i, target)
            if j is None:
                continue
            # a bracketed period/edition printed on the next line belongs to the title
            if j + 1 < len(body) and lay.hr.patterns["title_edition"].fullmatch(nospace(body[j + 1].text)):
                j += 1
            if target in attached:  # the notice's own clauses stay body; the 附件 is body too
                return Issued(spans={"attached": lay.span(body[i], body[j])})
            return Issued(
                issued_title=None if titled else (sentence if target == sentence else plain),
                issued_body_start=lay.span(body[i])[0],
                spans={"issued_title": lay.span(body[i], body[j])},
            )
    return Issued()


def read_order_title(lay: Layout, body: list[Line], after: int) -> Issued:
    """The title of the 规章 a 令 issues: the line after the 成文日期 that is the 《X》 of the
    正文 (《X》已经…通过，现予公布), else that line when it ends with a 文种. The clause body
    starts below it, as in a notice that issues a document."""
    if after >= len(body):
        return Issued()
    text = "".join(ln.text.strip() for ln in body[:after])  # the sentence may wrap over lines
    m = lay.hr.patterns["order_sentence"].search(text) if "《" in text else None
    sentence = nospace(m["issued"]) if m else None
    j = _title_end(lay, body, after, sentence) if sentence else None
    if sentence is None or j is None:
        line = nospace(body[after].text)
        if lay.is_paragraph(line) or lay.hr.label.match(line) or not lay.hr.type_at_end(line):
            return Issued()
        j, sentence = after, line
    title = sentence
    m = lay.hr.type_at_end(title)
    span = lay.span(body[after], body[j])
    return Issued(
        title=title,
        doc_type=m["type"] if m else None,
        issued_title=title,
        issued_body_start=lay.span(body[after])[0],
        spans={"title": span, "issued_title": span},
    )


def _sentence_issued(lay: Layout, lines: list[Line]) -> str | None:
    """X of the body sentence 现将《X》印发给你们 (or 《X》…，现予印发): the issued document's
    own title, which the notice title may only paraphrase (关于印发2026年工作要点的通知)."""
    text = "".join(ln.text.strip() for ln in lines)  # the sentence may wrap over lines
    if "《" not in text:
        return None
    m = lay.hr.patterns["issued_sentence"].search(text)
    return nospace(m["issued"]) if m else None


def _title_end(lay: Layout, body: list[Line], i: int, target: str) -> int | None:
    """Index of the last line of the issued title when it starts at ``body[i]``, else None.

    The title line is X, X with a short tail (an edition such as （试行）), or X after an
    issuer name (泾县文化和旅游局2026年工作要点 for X = 2026年工作要点); it may wrap."""
    joined = ""
    for j in range(i, min(i + 4, len(body))):
        joined += nospace(body[j].text)
        at = joined.find(target)
        if at >= 0 and len(joined) - at - len(target) <= 4 and (at == 0 or lay.hr.is_org_name(joined[:at])):
            return j
        if not target.startswith(joined) and not lay.hr.is_org_name(joined):
            return None
    return None


def _attachment_title(lay: Layout, name: str) -> str:
    """The title an attachment is printed under: 修改后的《X》 -> X."""
    m = lay.hr.text["attached_as"].match(nospace(name))
    return m["title"] if m else name
