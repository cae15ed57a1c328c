"""Where the 版头 ends and the body starts (GB/T 9704-2012 §7).

* the *header zone* runs from the top to the 主送机关 line (``各区人力资源社会保障局：``), or,
  without one, to the first clause label / long paragraph / table. In it sit the
  发文机关标志, the 发文字号, a website's 发布时间 line and the title (:mod:`.masthead`);
* the *body* is every line after it: 正文, then the signature, 成文日期, 附件说明 and 版记
  (:mod:`.signature`), and the document a notice issues (:mod:`.issued`);
* a file that is only an attachment (附件 / title / table) has a title line and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..document import Line
from .header_lines import Layout, nospace, split_names

_HEADER_SCAN_LINES = 15  # the 主送机关 line sits within the first lines of a notice
# an addressee name this short need not end with a body suffix (各省, 自治区, 各直属机构)
_SHORT_COLLECTIVE_CHARS = 5


@dataclass(frozen=True)
class Zones:
    """The header zone and the body of a document's lines (``Layout.lines`` split in two)."""

    header: list[Line]
    body: list[Line]
    addressee: Line | None  # the 主送机关 line closing the header zone, when there is one


def find_zones(lay: Layout) -> Zones:
    """The header zone, the body, and the 主送机关 line between them."""
    end, addressee = _header_end(lay)
    return Zones(header=lay.lines[:end], body=lay.lines[end:], addressee=addressee)


def _header_end(lay: Layout) -> tuple[int, Line | None]:
    """Index of the first line after the header, and the 主送机关 line if there is one."""
    for i, ln in enumerate(lay.lines[:_HEADER_SCAN_LINES]):
        text = ln.text.strip()
        if lay.match("publish_date", ln):  # a site's metadata line, however long
            continue
        if lay.hr.label.match(text) or (lay.is_paragraph(text) and not _lists_bodies(lay, ln)):
            return i, None
        if i == 0 or lay.match("attachments", ln) or lay.match("docno", ln) or lay.match("date", ln):
            continue
        if lay.match("addressee", ln):
            return i + 1, ln
    # no 主送机关: the header ends before the first paragraph or label
    for i, ln in enumerate(lay.lines):
        text = ln.text.strip()
        if lay.hr.label.match(text) or lay.is_paragraph(text) or text.endswith("：") or ln.is_table_cell:
            return i, None
    return len(lay.lines), None


def _lists_bodies(lay: Layout, ln: Line) -> bool:
    """A 主送机关 line however long (a dozen bodies run past the paragraph length): it matches
    the addressee pattern and every name in it is a body, so a sentence ending with ：
    (为…，经…同意，现就有关事项通知：) is not one."""
    m = lay.match("addressee", ln)
    if m is None:
        return False
    for name in split_names(m["names"], lay.hr.text["addressee_separator"]):
        name = lay.hr.text["trailing_bracket"].sub("", name)  # 发展改革局（委）
        if len(name) > _SHORT_COLLECTIVE_CHARS and not lay.hr.is_org_name(name):
            return False
    return True


def attachment_only_title(lay: Layout, lines: list[Line] | None = None) -> Line | None:
    """The title line of a document that is only an attachment (附件 / title / table), else None.
    ``lines``: the lines to read instead of the header's (the cells of a file that is one table)."""
    lines = lay.lines if lines is None else lines
    if len(lines) < 2 or not lay.hr.text["attachment_head"].match(lines[0].text.strip()):
        return None
    title = lines[1]
    text = nospace(title.text)
    if text.endswith(("。", "：")) or lay.hr.label.match(text):
        return None
    return title
