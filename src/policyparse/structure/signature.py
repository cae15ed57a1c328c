"""The signature and 版记 fields of a notice (GB/T 9704-2012 §7.3.4–7.4), read in the body.

* the *signature* is the run of lines made of body names just above the 成文日期 line;
* the 附件说明 (附件：1.名称 2.名称, or the one name on the line(s) under a bare 附件：);
* the 版记: 附注 （此件主动公开）, 抄送 and the 印发 line (印发机关和印发日期);
* a regulation without a signature has a 题注 under its title (adopted / promulgated): it gives
  the date, the issuer and the 令号 instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import regex

from ..dates_resolve import is_real, numeral, point_iso
from ..document import Line
from ..models import DocNumberRef, Span
from .header_lines import Layout, doc_number, iso_date, loose_date, nospace, split_names, unquoted

NOTE_LINES = 8  # a 题注 (adopted / approved / promulgated / revised) stands in the lines under the title


# -- signature and 成文日期 --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Signature:
    """The 成文日期 and the signature above it."""

    date: str | None = None
    date_line: int | None = None  # index (in the body) of the 成文日期 line
    issuers: tuple[str, ...] = ()
    spans: dict[str, Span] = field(default_factory=dict)

    def meta_fields(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.date is not None:
            out["date"] = self.date
        if self.issuers:
            out["issuers"] = list(self.issuers)
        return out


def read_signature(lay: Layout, body: list[Line]) -> Signature:
    """成文日期 and the signature above it: the first date line under a body-name line, else the
    first date line."""
    dates = [i for i in lay.body_hits(body, "date") if lay.match("date", body[i])]
    if not dates:
        return Signature()
    signed = [i for i in dates if i > 0 and lay.is_org_line(body[i - 1])]
    at = signed[0] if signed else dates[0]
    m = lay.match("date", body[at])
    assert m is not None
    iso = iso_date(m["y"], m["m"], m["d"])
    if iso is None:
        return Signature()
    spans = {"date": lay.span(body[at])}
    first = at
    while first > 0 and lay.is_org_line(body[first - 1]):
        first -= 1
    names: tuple[str, ...] = ()
    if first < at:
        names = tuple(
            n for ln in body[first:at] for p in ln.text.strip().split(" ") for n in _run_together(lay, p)
        )
        spans["signature"] = lay.span(body[first], body[at - 1])
    return Signature(date=iso, date_line=at, issuers=names, spans=spans)


def _run_together(lay: Layout, name: str) -> list[str]:
    """Co-issuers printed without a space (某某市财政局某某市发展和改革委员会, 国家发展改革委国家能源局):
    split after a body suffix where the rest starts as the name did (the same place, or 国家) and
    both parts are body names; else the name as it is."""
    for k in range(4, len(name) - 3):
        rest = name[k:]
        if not (
            name[:k].endswith(lay.hr.org_suffixes)
            and (rest[:2] == name[:2] or rest.startswith(("国家", "中共")))
        ):
            continue
        if lay.hr.is_org_name(name[:k]) and lay.hr.is_org_name(rest):
            return [name[:k], *_run_together(lay, rest)]
    return [name]


# -- 附件说明 --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Attachments:
    """The 附件说明: the names of the attachments, numbering dropped."""

    names: tuple[str, ...] = ()
    spans: dict[str, Span] = field(default_factory=dict)

    def meta_fields(self) -> dict[str, Any]:
        return {"attachments": list(self.names)} if self.names else {}


def read_attachments(lay: Layout, body: list[Line]) -> Attachments:
    """The first 附件说明 of the body."""
    item_pattern = lay.hr.patterns["attachment_item"]
    for i in lay.body_hits(body, "attachments"):
        ln = body[i]
        m = lay.match("attachments", ln)
        if not m:
            continue
        names: list[str] = []
        last = ln
        rest = m["rest"].strip()
        if rest:
            item = item_pattern.match(m["rest"])
            if item:
                names.append(_group_text(lay, ln, item, "name", m.start("rest")))
            else:  # 附件：名称 (a single attachment)
                names.append(_group_text(lay, ln, m, "rest"))
                return _attachments(lay, names, ln, ln)
        expect = len(names) + 1
        for nxt in body[i + 1 :]:
            item = item_pattern.match(nxt.text.strip())
            if not item or int(item["n"]) != expect:
                break
            names.append(_group_text(lay, nxt, item, "name"))
            last = nxt
            expect += 1
        if not names and not rest:  # 附件： on its own line, the one name on the line(s) below
            name_lines = _attachment_name_below(lay, body[i + 1 : i + 3])
            if name_lines:
                names = [lay.source_text(name_lines[0].start, name_lines[-1].end)]
                last = name_lines[-1]
        return _attachments(lay, names, ln, last) if names else Attachments()
    return Attachments()


def _attachments(lay: Layout, names: list[str], first: Line, last: Line) -> Attachments:
    # 附件：《X方案》 names X方案
    return Attachments(tuple(unquoted(lay.hr, n) for n in names), {"attachments": lay.span(first, last)})


def _group_text(lay: Layout, ln: Line, m: regex.Match[str], group: str, base: int = 0) -> str:
    """Source text of a match group on a (stripped) line, whitespace removed."""
    lead = len(ln.text) - len(ln.text.lstrip())
    return lay.source_text(ln.start + lead + base + m.start(group), ln.start + lead + base + m.end(group))


def _attachment_name_below(lay: Layout, below: list[Line]) -> list[Line]:
    """The line(s) naming the single attachment under a bare 附件：, wrapped over two lines at
    most: text that is not a sentence, a label, a date or a signature (a body name), and ends like
    a document's name (a 文种, …名单, …表)."""
    lines: list[Line] = []
    for ln in below:
        text = nospace(ln.text)
        if (
            not text
            or lay.is_paragraph(text)
            or lay.hr.label.match(text)
            or lay.match("date", ln)
            or lay.is_org_line(ln)
            or ln.is_table_cell
        ):
            break
        lines.append(ln)
        if lay.hr.type_at_end(text) or text.endswith(lay.hr.attachment_name_ends):
            return lines
    return []  # what follows does not end like a document's name (a site's related-links box)


# -- 版记: 附注, 抄送, 印发 ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Footer:
    """附注, 抄送 and the 印发 line; ``spans`` in line order (a field keeps its first place)."""

    notes: tuple[str, ...] = ()
    cc: tuple[str, ...] | None = None  # None: no 抄送 line
    printer: str | None = None
    print_date: str | None = None  # read when spans has print_date (an 印发 line)
    spans: dict[str, Span] = field(default_factory=dict)

    def meta_fields(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.notes:
            out["notes"] = list(self.notes)
        if self.cc is not None:
            out["cc"] = list(self.cc)
        if self.printer is not None:
            out["printer"] = self.printer
        if "print_date" in self.spans:
            out["print_date"] = self.print_date
        return out


def read_footer(lay: Layout, body: list[Line]) -> Footer:
    """The 版记 lines of the body; a later 抄送 / 印发 line replaces an earlier one's values."""
    notes: list[str] = []
    cc: tuple[str, ...] | None = None
    printer: str | None = None
    print_date: str | None = None
    spans: dict[str, Span] = {}
    for i in lay.body_hits(body, "notes", "cc", "printer"):
        ln = body[i]
        text = ln.text.strip()
        if lay.match("notes", ln):
            notes.append(text)
            spans.setdefault("notes", lay.span(ln))
            continue
        m = lay.match("cc", ln)
        if m:
            cc = tuple(split_names(m["names"], lay.hr.text["name_separator"]))
            spans["cc"] = lay.span(ln)
            continue
        m = lay.match("printer", ln)
        if m:
            name = nospace(m["printer"] or "")
            first = ln
            if not name and i > 0 and lay.is_org_line(body[i - 1]):
                name = nospace(body[i - 1].text)
                first = body[i - 1]
            if name:
                printer = name
                spans["printer"] = lay.span(first, ln)
            print_date = loose_date(lay.hr, m["date"])
            spans["print_date"] = lay.span(ln)
    return Footer(tuple(notes), cc, printer, print_date, spans)


# -- 题注 -------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class TitleNote:
    """What a regulation's 题注 says in place of a signature."""

    date: str | None = None
    doc_number: DocNumberRef | None = None
    issuers: tuple[str, ...] = ()
    spans: dict[str, Span] = field(default_factory=dict)

    def meta_fields(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.date is not None:
            out["date"] = self.date
        if self.doc_number is not None:
            out["doc_number"] = self.doc_number
        if self.issuers:
            out["issuers"] = list(self.issuers)
        return out


def read_title_note(lay: Layout, below: list[Line]) -> TitleNote:
    """The 题注 under a regulation's title, when the document has no signature: a promulgation
    by 令 gives the date, the issuer and the 令号 (as written); else the adopting body is the
    issuer (the approving one is not). It ends at the first clause label."""
    lines = []
    for ln in below:
        if lay.hr.label.match(ln.text.strip()):
            break
        lines.append(ln)
    if not lines:
        return TitleNote()
    cover = _read_cover(lay, lines)
    if cover is not None:
        return cover
    text = "".join(ln.text for ln in lines)
    span = lay.span(lines[0], lines[-1])
    published = lay.hr.patterns["note_published"].search(text) if "令" in text else None
    if published:
        iso = iso_date(published["y"], published["m"], published["d"])
        issuer = nospace(published["issuer"])
        number = doc_number(nospace(published["order"]), issuer + "令", None, int(published["serial"]))
        spans = {"date": span, "doc_number": span} if iso else {"doc_number": span}
        return TitleNote(date=iso, doc_number=number, issuers=(issuer,), spans=spans)
    announced = lay.hr.patterns["note_announced"].search(text) if "公告" in text else None
    if announced:
        iso = iso_date(announced["y"], announced["m"], announced["d"])
        issuer = nospace(announced["place"]) + announced["organ"]
        numbered = (
            doc_number(nospace(announced["order"]), issuer + "公告", None, int(announced["serial"]))
            if announced["serial"]
            else None
        )
        spans = {"date": span} if iso else {}
        if numbered is not None:
            spans["doc_number"] = span
        return TitleNote(date=iso, doc_number=numbered, issuers=(issuer,), spans=spans)
    adopted = lay.hr.patterns["note_adopted"].search(text) if "通过" in text else None
    if adopted:
        return TitleNote(
            issuers=(nospace(adopted["place"]) + (adopted["organ"] or ""),), spans={"signature": span}
        )
    return TitleNote()


def _read_cover(lay: Layout, lines: list[Line]) -> TitleNote | None:
    """A booklet's cover (a report, a plan): under the title, one line per body, then the date
    (二〇二二年十二月, YYYY-MM, or a full date)."""
    names = 0
    while names < len(lines) and lay.is_org_line(lines[names]):
        names += 1
    if names == 0 or names == len(lines):
        return None
    at = lines[names]
    full = lay.match("date", at)
    if full is not None:
        iso = iso_date(full["y"], full["m"], full["d"])
    else:
        month = lay.match("cover_date", at)
        point = (numeral(month["y"]), numeral(month["m"])) if month is not None else None
        iso = point_iso(point) if point is not None and is_real(point) else None
    if iso is None:
        return None
    issuers = tuple(nospace(ln.text) for ln in lines[:names])
    spans = {"signature": lay.span(lines[0], lines[names - 1]), "date": lay.span(at)}
    return TitleNote(date=iso, issuers=issuers, spans=spans)
