"""The 版头 fields of a notice (GB/T 9704-2012 §7.2, §7.3.1–7.3.2), read in the header zone.

* the 发文机关标志 (上海市人力资源和社会保障局文件, or co-issuers one to a line) names the issuers;
* the 发文字号 (沪人社职〔2025〕1号), or a web page's labelled field (文号：…);
* a website's 发布时间 line;
* the title: the line run that ends with a 文种 such as 通知/意见/方案; its 《X》 (关于印发《X》的通知)
  names the document it issues;
* the 主送机关 line, wrapped over several lines when long;
* a 令 (命令（令）格式, §10.2) has instead a 发文机关标志 ending in 令 with the 令号 beside or
  below it (福建省人民政府令 / 第239号 → doc number 福建省人民政府令第239号) and no title here:
  its title is the issued 规章's (:mod:`.issued`). A 公告 promulgating a regulation reads alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import regex

from ..document import Line
from ..models import DocNumberRef, Span
from .header_lines import Layout, doc_number, loose_date, nospace, split_names, unquoted
from .header_zone import Zones
from .web_meta import strip_title_suffix

_ANNOUNCEMENT_SCAN_LINES = 12


@dataclass(frozen=True)
class Masthead:
    """What the header zone says; ``spans`` in the order the fields are read."""

    is_order: bool = False  # a 令 (or a promulgating 公告): the title comes from the issued 规章
    title_lines: tuple[Line, ...] = ()
    title: str | None = None
    doc_type: str | None = None
    issued_title: str | None = None  # X of 关于印发《X》的通知
    issued_plain: str | None = None  # X of 关于印发X的通知: issued once a line equal to X follows
    doc_number: DocNumberRef | None = None
    publish_date: str | None = None
    addressees: tuple[str, ...] | None = None  # None: no 主送机关 line
    issuers: tuple[str, ...] = ()  # named by the 发文机关标志 (or the 令's)
    title_issuers: tuple[str, ...] = ()  # named at the start of the title (某局关于…)
    spans: dict[str, Span] = field(default_factory=dict)

    def meta_fields(self) -> dict[str, Any]:
        """The Meta fields read here (issuers are left to the composer: the signature's come first)."""
        out: dict[str, Any] = {}
        if self.title is not None:
            out["title"], out["doc_type"] = self.title, self.doc_type
        if self.issued_title is not None:
            out["issued_title"] = self.issued_title
        if self.doc_number is not None:
            out["doc_number"] = self.doc_number
        if self.publish_date is not None:
            out["publish_date"] = self.publish_date
        if self.addressees is not None:
            out["addressees"] = list(self.addressees)
        return out


def read_masthead(lay: Layout, zones: Zones) -> Masthead:
    """The 版头 fields of the header zone."""
    zone = zones.header
    spans: dict[str, Span] = {}
    order = _order_mark(lay, zone)
    if order is not None:
        spans.update(order.spans)
        title = _Title()  # a 令 has no 发文字号 and no title in its header
        number = order.doc_number
    else:
        title = _title(lay, zone)
        spans.update(title.spans)
        number, number_span = _docno(lay, zone)
        if number_span is not None:
            spans["doc_number"] = number_span
    publish_date, publish_span = _publish_date(lay, zone)
    if publish_span is not None:
        spans["publish_date"] = publish_span
    addressees: tuple[str, ...] | None = None
    if zones.addressee is not None:
        addressees, spans["addressees"] = _addressees(lay, zones.addressee, title.lines)
    if order is not None:
        issuers = order.issuers
    else:
        issuers, mark_span = _issuer_mark(lay, zone, title.lines)
        if mark_span is not None:
            spans["issuer_mark"] = mark_span
    return Masthead(
        is_order=order is not None,
        title_lines=title.lines,
        title=title.text,
        doc_type=title.doc_type,
        issued_title=title.issued,
        issued_plain=title.issued_plain,
        doc_number=number,
        publish_date=publish_date,
        addressees=addressees,
        issuers=issuers,
        title_issuers=_title_issuers(lay, title),
        spans=spans,
    )


# -- title -------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Title:
    lines: tuple[Line, ...] = ()
    text: str | None = None
    doc_type: str | None = None
    issued: str | None = None
    issued_plain: str | None = None
    spans: dict[str, Span] = field(default_factory=dict)


def _title(lay: Layout, zone: list[Line]) -> _Title:
    run = _title_lines(lay, zone)
    if not run:
        return _Title()
    end = run[0].start + strip_title_suffix(lay.doc.norm.text[run[0].start : run[-1].end], lay.rules)
    title = unquoted(lay.hr, lay.source_text(run[0].start, end))
    m = lay.hr.type_at_end(title)
    issued = lay.hr.patterns["issued_title"].search(title)
    # 关于印发X的通知 without 《》: X is the issued document once its title line is found
    plain = None if issued else lay.hr.patterns["issued_plain"].search(title)
    return _Title(
        lines=tuple(run),
        text=title,
        doc_type=m["type"] if m else None,
        issued=issued["issued"] if issued else None,
        issued_plain=plain["issued"] if plain else None,
        spans={"title": lay.doc.span(run[0].start, end)},
    )


def _title_tail(lay: Layout, candidates: list[Line | None], ln: Line) -> bool:
    """A short line that ends a title wrapped just before its 文种 (…建设的实 / 施意见): it ends
    with a 文种 and the line right above is a title candidate that does not."""
    prev = candidates[-1] if candidates else None
    return (
        prev is not None
        and prev.index == ln.index - 1
        and lay.hr.type_at_end(nospace(ln.text)) is not None
        and not lay.hr.type_at_end(nospace(prev.text))
    )


def _title_goes_on(lay: Layout, candidates: list[Line | None], ln: Line) -> bool:
    """A short line inside a title wrapped over several lines (关于做好 / 某事的 / 通知): the line
    right above is a title candidate that has no 文种 yet and no body name alone."""
    prev = candidates[-1] if candidates else None
    return (
        prev is not None
        and prev.index == ln.index - 1
        and not lay.hr.type_at_end(nospace(prev.text))
        and not lay.is_org_line(prev)
    )


def _title_lines(lay: Layout, zone: list[Line]) -> list[Line]:
    """The run of lines forming the title: it ends with a 文种; falls back to a 关于 line."""
    candidates: list[Line | None] = []
    for ln in zone:
        text = ln.text.strip()
        if (
            lay.match("docno", ln)
            or lay.match("publish_date", ln)
            or lay.match("date", ln)
            or lay.match("attachments", ln)
            or (
                len(text) < 4
                and not _title_tail(lay, candidates, ln)
                and not _title_goes_on(lay, candidates, ln)
            )
            or text.endswith(lay.hr.mark_suffix)
            or text.endswith(("：", "。"))
        ):
            candidates.append(None)
        else:
            candidates.append(ln)
    end = next(
        (
            i
            for i, ln in enumerate(candidates)
            if ln and lay.hr.type_at_end(unquoted(lay.hr, nospace(_unsuffixed(lay, ln.text))))
        ),
        None,
    )
    if end is None:
        end = next((i for i, ln in enumerate(candidates) if ln and "关于" in ln.text), None)
    if end is None:
        return []
    start = end
    # a title wraps over adjacent lines (the 发文机关标志 is separated by the 发文字号)
    while (
        start > 0
        and candidates[start - 1] is not None
        and not lay.hr.type_at_end(nospace(zone[start - 1].text))
    ):
        if zone[start - 1].index != zone[start].index - 1 and zone[start - 1].index != zone[start].index - 2:
            break
        start -= 1
    title_run = [ln for ln in candidates[start : end + 1] if ln]
    # without a 发文字号 above, a leading line of only body names before a title starting with
    # 关于 is the 发文机关标志 (GB/T 9704 puts the 标志 above the 发文字号, the title below it)
    docno_above = any(lay.match("docno", ln) for ln in zone if ln.index < title_run[0].index)
    if not docno_above:
        # the 发文机关标志 may take several lines (co-issuers one to a line) above the 关于 line
        k = 0
        while k < len(title_run) - 1 and lay.is_org_line(title_run[k]):
            k += 1
        if 0 < k < len(title_run) and nospace(title_run[k].text).startswith("关于"):
            title_run = title_run[k:]
    return title_run


def _unsuffixed(lay: Layout, text: str) -> str:
    """A page title without its site name (X_中国政府网 → X); other lines as they are."""
    return text[: strip_title_suffix(text, lay.rules)] if "_" in text else text


# -- 发文字号 -------------------------------------------------------------------------------------------
def _docno(lay: Layout, zone: list[Line]) -> tuple[DocNumberRef | None, Span | None]:
    """The 发文字号 line of the header; else a web page's labelled field (文号：…)."""
    for ln in zone:
        m = lay.match("docno", ln)
        if m:
            return docno_from_match(m), lay.span(ln)
    for ln in zone:
        m = lay.hr.patterns["docno_field"].search(ln.text)
        if m:
            return docno_from_match(m), lay.doc.span(ln.start + m.start("code"), ln.start + m.end())
    return None, None


def docno_from_match(m: regex.Match[str]) -> DocNumberRef:
    """The 发文字号 of a ``docno`` / ``docno_field`` match (groups code, year, serial)."""
    code = nospace(m["code"])
    raw = f"{code}〔{m['year']}〕{int(m['serial'])}号"
    return doc_number(raw, code, int(m["year"]), int(m["serial"]))


# -- 令 and promulgating 公告 -----------------------------------------------------------------------------
@dataclass(frozen=True)
class _OrderMark:
    issuers: tuple[str, ...]
    doc_number: DocNumberRef | None
    spans: dict[str, Span]


def _order_mark(lay: Layout, zone: list[Line]) -> _OrderMark | None:
    """A 令 (GB/T 9704-2012 §10.2): the 发文机关标志 is the issuer's full name + 令 and the 令号
    (第239号, 2019年第1号) stands on the same line or the next. Gives the joined number
    (福建省人民政府令第239号, the form a 令 is cited by) and the issuer; else a promulgating
    公告's mark, else None."""
    for k, ln in enumerate(zone):
        m = lay.match("order_mark", ln)
        if m is None or not lay.hr.is_org_name(nospace(m["issuer"])):
            continue
        last = ln
        if m["serial"] is None:
            if k + 1 >= len(zone):
                return None
            last = zone[k + 1]
            m_number = lay.match("order_number", last)
            if m_number is None:
                return None
            year, serial = m_number["year"], m_number["serial"]
        else:
            year, serial = m["year"], m["serial"]
        issuer = nospace(m["issuer"])
        code = issuer + "令"
        number = doc_number(
            f"{code}{year + '年' if year else ''}第{int(serial)}号",
            code,
            int(year) if year else None,
            int(serial),
        )
        return _OrderMark((issuer,), number, {"doc_number": lay.span(ln, last), "issuer_mark": lay.span(ln)})
    return _announcement_mark(lay, zone)


def _announcement_mark(lay: Layout, zone: list[Line]) -> _OrderMark | None:
    """A 公告 that promulgates a regulation (人大常委会 / 公 告 / （十四届第3号） / 《X》…现予公布):
    laid out like a 令, its number is the 公告's, its title the regulation's."""
    for k in range(len(zone) - 1):
        name, mark = nospace(zone[k].text), nospace(zone[k + 1].text)
        if mark != "公告" or not lay.hr.is_org_name(name):
            continue
        opening = "".join(ln.text.strip() for ln in lay.lines[:_ANNOUNCEMENT_SCAN_LINES])
        if "《" not in opening or not lay.hr.patterns["order_sentence"].search(opening):
            return None  # a 公告 of its own, not one promulgating a regulation
        last = zone[k + 1]
        spans: dict[str, Span] = {}
        number = None
        m = lay.hr.text["announcement_number"].match(nospace(zone[k + 2].text)) if k + 2 < len(zone) else None
        if m:
            last = zone[k + 2]
            serial = lay.hr.text["number_serial"].search(m["n"])
            assert serial is not None  # announcement_number ends with 第 n 号
            number = doc_number(nospace(m["n"]), name + "公告", None, int(serial["serial"]))
            spans["doc_number"] = lay.span(last)
        spans["issuer_mark"] = lay.span(zone[k], last)
        return _OrderMark((name,), number, spans)
    return None


# -- 发布时间, 主送机关, 发文机关标志 ---------------------------------------------------------------------
def _publish_date(lay: Layout, zone: list[Line]) -> tuple[str | None, Span | None]:
    for ln in zone:
        m = lay.match("publish_date", ln)
        if m:
            iso = loose_date(lay.hr, m["date"])
            return (iso, lay.span(ln)) if iso else (None, None)
    return None, None


def _addressees(lay: Layout, addressee: Line, title: tuple[Line, ...]) -> tuple[tuple[str, ...], Span]:
    """The 主送机关 names; 主送机关 lists groups of bodies separated by ； (GB/T 9704 usage)."""
    m = lay.match("addressee", addressee)
    assert m is not None
    # a long 主送机关 wraps: the lines above it that end with a separator and list bodies
    above = _addressee_lines_above(lay, addressee, title)
    separator = lay.hr.text["addressee_separator"]
    names = (
        *(n for ln in above for n in split_names(ln.text.strip(), separator)),
        *split_names(m["names"], separator),
    )
    return names, lay.span(above[0] if above else addressee, addressee)


def _addressee_lines_above(lay: Layout, addressee: Line, title: tuple[Line, ...]) -> list[Line]:
    """The first lines of a 主送机关 wrapped over several lines (各区人民政府，/ 市政府各部门：): each
    ends with a separator and names only bodies (or 各… groups)."""
    k = lay.lines.index(addressee)
    first = k
    titled = {ln.index for ln in title}
    separator = lay.hr.text["addressee_separator"]
    trailing_bracket = lay.hr.text["trailing_bracket"]
    while first > 0:
        ln = lay.lines[first - 1]
        text = ln.text.strip()
        if ln.index in titled or not text.endswith(("，", "、", "；", ",")):
            break
        names = split_names(text, separator)
        if not names or not all(
            n.startswith("各") or lay.hr.is_org_name(trailing_bracket.sub("", n)) for n in names
        ):
            break
        first -= 1
    return lay.lines[first:k]


def _issuer_mark(
    lay: Layout, zone: list[Line], title: tuple[Line, ...]
) -> tuple[tuple[str, ...], Span | None]:
    """Bodies named by the 发文机关标志: the body-name line(s) above the title."""
    first_title = title[0].index if title else None
    for ln in zone:
        if first_title is not None and ln.index >= first_title:
            break
        text = ln.text.strip()
        if text.endswith(lay.hr.mark_suffix):
            text = text[: -len(lay.hr.mark_suffix)].strip()
        parts = text.split(" ")
        if parts and all(lay.hr.is_org_name(p) for p in parts):
            return tuple(parts), lay.span(ln)
    return (), None


def _title_issuers(lay: Layout, title: _Title) -> tuple[str, ...]:
    """Issuers named in the title: its first line's, else the whole title's."""
    if not title.lines:
        return ()
    return tuple(
        _issuers_from_title(lay, title.lines[0].text.strip()) or _issuers_from_title(lay, title.text or "")
    )


def _issuers_from_title(lay: Layout, title_line: str) -> list[str]:
    """``上海市人力资源和社会保障局关于…`` → that body; several bodies are separated by spaces.
    A title without 关于 names its body before the year it covers (淮安市人民政府2024年政府信息公开
    工作年度报告, 某某局2025年工作要点) when that part is a body name."""
    head, sep, _ = title_line.partition("关于")
    if not sep:
        m = lay.hr.text["title_year"].search(title_line)
        head = title_line[: m.start()] if m else ""
        # a body, not a place (万载县2015年…统计公报 names where, not who)
        if (
            not head.strip()
            or not lay.hr.is_org_name(nospace(head))
            or nospace(head).endswith(lay.hr.place_ends)
        ):
            return []
    if not head.strip():
        return []
    co_issued = lay.hr.text["co_issued_count"]
    names = [co_issued.sub("", p) for p in head.split()]
    return [n for n in names if len(n) >= 2]
