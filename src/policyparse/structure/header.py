"""Header and footer elements of a notice (GB/T 9704-2012 §7): title, 发文字号, 主送机关,
signature, 成文日期, 附注, 附件说明, 抄送, 印发机关和印发日期.

The layout is read line by line from the normalised text:

* the *header zone* runs from the top to the 主送机关 line (``各区人力资源社会保障局：``), or,
  without one, to the first clause label / long paragraph / table. In it sit the
  发文机关标志, the 发文字号, a website's 发布时间 line and the title (the line run that ends
  with a 文种 such as 通知/意见/方案);
* the *signature* is the run of lines made of body names just above the 成文日期 line;
* a notice that issues another document (关于印发《X》的通知) carries X's own title after its
  signature: the clause body starts there (``issued_body_start``);
* the footer holds 附注 （此件主动公开）, 抄送 and the 印发 line.
* a 令 (命令（令）格式, §10.2) has instead a 发文机关标志 ending in 令 with the 令号 beside or
  below it (福建省人民政府令 / 第239号 → doc number 福建省人民政府令第239号), a short 正文, the
  signer's post and name, the 成文日期 and the issued 规章, whose title is the document's title.

``meta.spans`` gives original-text spans of the single-valued fields, plus ``body``: the
region where clauses may start (used by :mod:`.clauses`).

>>> from policyparse.document import Document
>>> from policyparse.rules import load_rules
>>> m = parse_header(Document.from_text("沪人社职〔2025〕1号\\n关于做好培训工作的通知\\n各区人社局：\\n正文。\\n上海市人力资源和社会保障局\\n2025年3月28日"), load_rules())
>>> m.title, m.doc_number.raw, m.issuers, m.date
('关于做好培训工作的通知', '沪人社职〔2025〕1号', ['上海市人力资源和社会保障局'], '2025-03-28')
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass
from typing import Any

import regex

from ..document import Document, Line
from ..model_build import built, with_defaults
from ..models import DocNumberRef, Meta
from ..numerals import cn_to_int
from ..rules import RuleSet
from .web_meta import MetaBlock, find_meta_block, strip_title_suffix

_SPACES = regex.compile(r"\s+")
_HEADER_SCAN_LINES = 15  # the 主送机关 line sits within the first lines of a notice
_PARAGRAPH_CHARS = 60  # a header line is shorter than this; a body paragraph is longer
_SIGNATURE_LINE_CHARS = 60
# an addressee name this short need not end with a body suffix (各省, 自治区, 各直属机构)
_SHORT_COLLECTIVE_CHARS = 5
_TRAILING_BRACKET = regex.compile(r"[（(][^（）()]{1,10}[）)]$")


@dataclass(frozen=True)
class HeaderRules:
    """Compiled header/footer patterns of ``rules/structure.yaml``."""

    patterns: dict[str, regex.Pattern[str]]  # field -> compiled pattern
    rule_ids: dict[str, str]
    hints: dict[str, tuple[str, ...]]  # field -> words one of which a matching line holds
    doc_type: regex.Pattern[str]
    org_name: regex.Pattern[str]
    label: regex.Pattern[str]
    mark_suffix: str
    title_ends: tuple[str, ...]  # the last characters a doc_type match can have
    org_suffixes: tuple[str, ...]

    # The two patterns below end with ``$``: a text that does not end right cannot match, and
    # str.endswith says so far faster than the regex scan (these run on most lines).
    def type_at_end(self, text: str) -> regex.Match[str] | None:
        """The 文种 (and edition) ending a title: ``doc_type.search``."""
        return self.doc_type.search(text) if text.endswith(self.title_ends) else None

    def is_org_name(self, text: str) -> bool:
        """A body name: ``org_name.match``."""
        return text.endswith(self.org_suffixes) and self.org_name.match(text) is not None


def header_rules(rules: RuleSet) -> HeaderRules:
    """The header patterns, compiled once per RuleSet."""

    def build() -> HeaderRules:
        data = rules.get("structure")
        patterns: dict[str, regex.Pattern[str]] = {}
        ids: dict[str, str] = {}
        hints: dict[str, tuple[str, ...]] = {}
        for rule in data["header"]:
            key = rule["id"].split(".")[1]
            patterns[key] = regex.compile(
                rules.expand(rule["pattern"])
            )  # not rules.compile: its lock is held here
            ids[key] = rule["id"]
            # "" is in every line: a rule without hints is always tried
            hints[key] = tuple((rule.get("params") or {}).get("hints") or ("",))
        types = sorted(data["doc_types"], key=len, reverse=True)
        edition = patterns["title_edition"].pattern
        suffixes = sorted(data["org_suffixes"], key=len, reverse=True)
        labels = "|".join(f"(?:{rules.expand(r['pattern'])})" for r in data["labels"])
        return HeaderRules(
            patterns=patterns,
            rule_ids=ids,
            hints=hints,
            # the 文种 ends the title, possibly followed by a bracketed period/edition
            doc_type=regex.compile("(?P<type>" + "|".join(map(regex.escape, types)) + f")(?:{edition})?$"),
            # a body name: CJK (with digits/brackets inside, 县（市、区）), ending with an org suffix
            org_name=regex.compile(
                r"^(?:[\p{Han}0-9（）()]|[（(][\p{Han}、]{1,10}[）)]){2,40}?(?:"
                + "|".join(map(regex.escape, suffixes))
                + ")$"
            ),
            label=regex.compile(labels),
            mark_suffix=data["issuer_mark_suffix"],
            title_ends=(*types, "）"),  # an edition (title_edition) ends with ）
            org_suffixes=tuple(suffixes),
        )

    return rules.cached("structure.header", build)


# -- small helpers --------------------------------------------------------------------------------
def _nospace(text: str) -> str:
    if " " not in text and text.isprintable():  # no whitespace (every other space is unprintable)
        return text
    return _SPACES.sub("", text)


def _source_text(lay: _Layout, start: int, end: int) -> str:
    """Source text of a normalised range, as written, whitespace and ``**`` removed."""
    return _nospace(lay.doc.quote(start, end)).replace("**", "")


def _number(text: str) -> int:
    return int(text) if text.isdigit() else cn_to_int(text)


def iso_date(y: str, m: str, d: str) -> str | None:
    """ISO date of year/month/day written in Arabic or Chinese numerals; None if invalid.

    >>> iso_date("二〇二二", "六", "六"), iso_date("2023", "10", "12"), iso_date("2023", "2", "30")
    ('2022-06-06', '2023-10-12', None)
    """
    try:
        return datetime.date(_number(y), _number(m), _number(d)).isoformat()
    except ValueError:
        return None


_LOOSE_DATE = regex.compile(
    r"(?P<y>\d{4}|[〇零○一二三四五六七八九]{4})\s*(?:年|[-/.])\s*(?P<m>\d{1,2}|[一二三四五六七八九十]{1,2})\s*(?:月|[-/.])\s*"
    r"(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})"
)


def _loose_date(text: str) -> str | None:
    m = _LOOSE_DATE.search(text)
    return iso_date(m["y"], m["m"], m["d"]) if m else None


def split_names(text: str, seps: str = r"[、，,；;\s]+") -> list[str]:
    """Names of a list of bodies: split at 、 ， ； and spaces, final ：/。 dropped; never inside
    a （…） (各县（市、区）农业农村局 is one name)."""
    text = text.strip().rstrip("：:。.；;")
    return [p for p in _name_separator(seps).split(text) if p]


@functools.lru_cache(maxsize=8)
def _name_separator(seps: str) -> regex.Pattern[str]:
    # compiled once: regex.split(str) looks its pattern up in regex's cache on every call
    return regex.compile(f"(?:{seps})(?![^（(]*[）)])")


class _Layout:
    """The header parser's working state for one document (never shared)."""

    def __init__(self, doc: Document, hr: HeaderRules, rules: RuleSet) -> None:
        self.doc = doc
        self.hr = hr
        self.rules = rules
        self.lines: list[Line] = [ln for ln in doc.lines if ln.stripped and not ln.is_table_cell]
        self.meta: dict[str, Any] = {"spans": {}}
        self._memo: dict[tuple[str, int], regex.Match[str] | None] = {}
        self._hinted: dict[str, set[int]] = {}
        self._joined: str | None = None  # the line texts joined by newlines, for hinted()
        self._org_lines: dict[int, bool] = {}

    def span(self, first: Line, last: Line | None = None) -> tuple[int, int]:
        return self.doc.span(first.start, (last or first).end)

    def match(self, key: str, line: Line) -> regex.Match[str] | None:
        text = line.text
        for hint in self.hr.hints[key]:
            if hint in text:
                break
        else:  # the cheap pre-check: most lines hold none of the field's words
            return None
        memo_key = (key, line.index)
        if memo_key not in self._memo:  # the same line is tested for a field several times
            self._memo[memo_key] = self.hr.patterns[key].match(text.strip())
        return self._memo[memo_key]

    def hinted(self, key: str) -> set[int]:
        """Positions (in ``lines``) of the lines holding one of the field's hint words: only
        they can match."""
        found = self._hinted.get(key)
        if found is None:
            if self._joined is None:
                self._joined = "\n".join([ln.text for ln in self.lines])
            joined = self._joined
            found = set()
            for hint in self.hr.hints[key]:
                if not hint:  # no hint: every line
                    found.update(range(len(self.lines)))
                    continue
                # str.find jumps from hit to hit (most hints are rare); the line of a hit is
                # the number of newlines before it
                k = last = 0
                pos = joined.find(hint)
                while pos >= 0:
                    k += joined.count("\n", last, pos)
                    last = pos
                    found.add(k)
                    pos = joined.find(hint, pos + 1)
            self._hinted[key] = found
        return found

    def body_hits(self, body: list[Line], *keys: str) -> list[int]:
        """Positions in ``body`` (the tail of ``lines``) of the lines that may match one of the
        fields, in order: the body-wide loops visit only these."""
        at = len(self.lines) - len(body)
        hits = set().union(*(self.hinted(k) for k in keys))
        return sorted(p - at for p in hits if p >= at)

    def is_org_line(self, line: Line) -> bool:
        found = self._org_lines.get(line.index)
        if found is None:  # the signature search asks it of the same lines again
            text = line.text.strip()
            found = len(text) <= _SIGNATURE_LINE_CHARS and all(
                self.hr.is_org_name(p) for p in text.split(" ")
            )
            self._org_lines[line.index] = found
        return found


# -- header zone ---------------------------------------------------------------------------------
def _header_end(lay: _Layout) -> tuple[int, Line | None]:
    """Index of the first line after the header, and the 主送机关 line if there is one."""
    for i, ln in enumerate(lay.lines[:_HEADER_SCAN_LINES]):
        text = ln.text.strip()
        if lay.match("publish_date", ln):  # a site's metadata line, however long
            continue
        if lay.hr.label.match(text) or (_is_paragraph(lay, text) and not _lists_bodies(lay, ln)):
            return i, None
        if i == 0 or lay.match("attachments", ln) or lay.match("docno", ln) or lay.match("date", ln):
            continue
        if lay.match("addressee", ln):
            return i + 1, ln
    # no 主送机关: the header ends before the first paragraph or label
    for i, ln in enumerate(lay.lines):
        text = ln.text.strip()
        if lay.hr.label.match(text) or _is_paragraph(lay, text) or text.endswith("：") or ln.is_table_cell:
            return i, None
    return len(lay.lines), None


def _addressee_lines_above(lay: _Layout, addressee: Line, title: list[Line]) -> list[Line]:
    """The first lines of a 主送机关 wrapped over several lines (各区人民政府，/ 市政府各部门：): each
    ends with a separator and names only bodies (or 各… groups)."""
    k = lay.lines.index(addressee)
    first = k
    titled = {ln.index for ln in title}
    while first > 0:
        ln = lay.lines[first - 1]
        text = ln.text.strip()
        if ln.index in titled or not text.endswith(("，", "、", "；", ",")):
            break
        names = split_names(text, r"[、，,；;]+")
        if not names or not all(
            n.startswith("各") or lay.hr.is_org_name(_TRAILING_BRACKET.sub("", n)) for n in names
        ):
            break
        first -= 1
    return lay.lines[first:k]


def _lists_bodies(lay: _Layout, ln: Line) -> bool:
    """A 主送机关 line however long (a dozen bodies run past the paragraph length): it matches
    the addressee pattern and every name in it is a body, so a sentence ending with ：
    (为…，经…同意，现就有关事项通知：) is not one."""
    m = lay.match("addressee", ln)
    if m is None:
        return False
    for name in split_names(m["names"], r"[、，,；;]+"):
        name = _TRAILING_BRACKET.sub("", name)  # 发展改革局（委）
        if len(name) > _SHORT_COLLECTIVE_CHARS and not lay.hr.is_org_name(name):
            return False
    return True


def _is_paragraph(lay: _Layout, text: str) -> bool:
    """Body text: it has a full stop, or is long without being a title (which ends with a 文种)."""
    if "。" in text:
        return True
    return len(text) >= _PARAGRAPH_CHARS and not lay.hr.type_at_end(_nospace(text))


def _title_tail(lay: _Layout, candidates: list[Line | None], ln: Line) -> bool:
    """A short line that ends a title wrapped just before its 文种 (…建设的实 / 施意见): it ends
    with a 文种 and the line right above is a title candidate that does not."""
    prev = candidates[-1] if candidates else None
    return (
        prev is not None
        and prev.index == ln.index - 1
        and lay.hr.type_at_end(_nospace(ln.text)) is not None
        and not lay.hr.type_at_end(_nospace(prev.text))
    )


def _title_goes_on(lay: _Layout, candidates: list[Line | None], ln: Line) -> bool:
    """A short line inside a title wrapped over several lines (关于做好 / 某事的 / 通知): the line
    right above is a title candidate that has no 文种 yet and no body name alone."""
    prev = candidates[-1] if candidates else None
    return (
        prev is not None
        and prev.index == ln.index - 1
        and not lay.hr.type_at_end(_nospace(prev.text))
        and not lay.is_org_line(prev)
    )


def _title_lines(lay: _Layout, zone: list[Line]) -> list[Line]:
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
            if ln and lay.hr.type_at_end(_unquoted(_nospace(_unsuffixed(lay, ln.text))))
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
        and not lay.hr.type_at_end(_nospace(zone[start - 1].text))
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
        if 0 < k < len(title_run) and _nospace(title_run[k].text).startswith("关于"):
            title_run = title_run[k:]
    return title_run


def _unquoted(title: str) -> str:
    """A title printed in book-title marks on its own line (《X办法》, a bare 印发 note): X; a
    web page's footnote mark after the title (…统计公报[1]) is dropped."""
    title = _FOOTNOTE_MARK.sub("", title)
    if title.startswith("《") and title.endswith("》") and title.count("《") == 1:
        return title[1:-1]
    return title


_FOOTNOTE_MARK = regex.compile(r"\[\d{1,2}\]$")


def _unsuffixed(lay: _Layout, text: str) -> str:
    """A page title without its site name (X_中国政府网 → X); other lines as they are."""
    return text[: strip_title_suffix(text, lay.rules)] if "_" in text else text


def _parse_title(lay: _Layout, zone: list[Line]) -> list[Line]:
    run = _title_lines(lay, zone)
    if not run:
        return []
    end = run[0].start + strip_title_suffix(lay.doc.norm.text[run[0].start : run[-1].end], lay.rules)
    title = _unquoted(_source_text(lay, run[0].start, end))
    lay.meta["title"] = title
    lay.meta["spans"]["title"] = lay.doc.span(run[0].start, end)
    m = lay.hr.type_at_end(title)
    lay.meta["doc_type"] = m["type"] if m else None
    issued = lay.hr.patterns["issued_title"].search(title)
    if issued:
        lay.meta["issued_title"] = issued["issued"]
    else:
        # 关于印发X的通知 without 《》: X is the issued document once its title line is found
        plain = lay.hr.patterns["issued_plain"].search(title)
        if plain:
            lay.meta["_issued_plain"] = plain["issued"]
    return run


def _parse_docno(lay: _Layout, zone: list[Line]) -> Line | None:
    """The 发文字号 line of the header; else a web page's labelled field (文号：…)."""
    for ln in zone:
        m = lay.match("docno", ln)
        if m:
            _set_docno(lay, m, lay.span(ln))
            return ln
    for ln in zone:
        m = lay.hr.patterns["docno_field"].search(ln.text)
        if m:
            _set_docno(lay, m, lay.doc.span(ln.start + m.start("code"), ln.start + m.end()))
            return ln
    return None


def _set_docno(lay: _Layout, m: regex.Match[str], span: tuple[int, int]) -> None:
    code = _nospace(m["code"])
    raw = f"{code}〔{m['year']}〕{int(m['serial'])}号"
    lay.meta["doc_number"] = {
        "raw": raw,
        "agency_code": code,
        "year": int(m["year"]),
        "serial": int(m["serial"]),
    }
    lay.meta["spans"]["doc_number"] = span


def _parse_order_mark(lay: _Layout, zone: list[Line]) -> list[str]:
    """A 令 (GB/T 9704-2012 §10.2): the 发文机关标志 is the issuer's full name + 令 and the 令号
    (第239号, 2019年第1号) stands on the same line or the next. Sets the joined number
    (福建省人民政府令第239号, the form a 令 is cited by) and returns the issuer, else []."""
    for k, ln in enumerate(zone):
        m = lay.match("order_mark", ln)
        if m is None or not lay.hr.is_org_name(_nospace(m["issuer"])):
            continue
        last = ln
        if m["serial"] is None:
            if k + 1 >= len(zone):
                return []
            last = zone[k + 1]
            m_number = lay.match("order_number", last)
            if m_number is None:
                return []
            year, serial = m_number["year"], m_number["serial"]
        else:
            year, serial = m["year"], m["serial"]
        issuer = _nospace(m["issuer"])
        code = issuer + "令"
        lay.meta["doc_number"] = {
            "raw": f"{code}{year + '年' if year else ''}第{int(serial)}号",
            "agency_code": code,
            "year": int(year) if year else None,
            "serial": int(serial),
        }
        lay.meta["spans"]["doc_number"] = lay.span(ln, last)
        lay.meta["spans"]["issuer_mark"] = lay.span(ln)
        return [issuer]
    return _parse_announcement_mark(lay, zone)


_ANNOUNCEMENT_SCAN_LINES = 12
_ANNOUNCEMENT_NUMBER = regex.compile(r"^[（(]?\s*(?P<n>[^（）()\s]{0,12}第\s*\d{1,5}\s*号)\s*[）)]?$")


def _parse_announcement_mark(lay: _Layout, zone: list[Line]) -> list[str]:
    """A 公告 that promulgates a regulation (人大常委会 / 公 告 / （十四届第3号） / 《X》…现予公布):
    laid out like a 令, its number is the 公告's, its title the regulation's."""
    for k in range(len(zone) - 1):
        name, mark = _nospace(zone[k].text), _nospace(zone[k + 1].text)
        if mark != "公告" or not lay.hr.is_org_name(name):
            continue
        opening = "".join(ln.text.strip() for ln in lay.lines[:_ANNOUNCEMENT_SCAN_LINES])
        if "《" not in opening or not lay.hr.patterns["order_sentence"].search(opening):
            return []  # a 公告 of its own, not one promulgating a regulation
        last = zone[k + 1]
        number = _ANNOUNCEMENT_NUMBER.match(_nospace(zone[k + 2].text)) if k + 2 < len(zone) else None
        if number:
            last = zone[k + 2]
            lay.meta["doc_number"] = {
                "raw": _nospace(number["n"]),
                "agency_code": name + "公告",
                "year": None,
                "serial": int(regex.search(r"(\d{1,5})\s*号", number["n"])[1]),
            }
            lay.meta["spans"]["doc_number"] = lay.span(last)
        lay.meta["spans"]["issuer_mark"] = lay.span(zone[k], last)
        return [name]
    return []


def _parse_order_title(lay: _Layout, body: list[Line], after: int) -> None:
    """The title of the 规章 a 令 issues: the line after the 成文日期 that is the 《X》 of the
    正文 (《X》已经…通过，现予公布), else that line when it ends with a 文种. The clause body
    starts below it, as in a notice that issues a document."""
    if after >= len(body):
        return
    text = "".join(ln.text.strip() for ln in body[:after])  # the sentence may wrap over lines
    m = lay.hr.patterns["order_sentence"].search(text) if "《" in text else None
    sentence = _nospace(m["issued"]) if m else None
    j = _title_end(lay, body, after, sentence) if sentence else None
    if sentence is None or j is None:
        line = _nospace(body[after].text)
        if _is_paragraph(lay, line) or lay.hr.label.match(line) or not lay.hr.type_at_end(line):
            return
        j, sentence = after, line
    title = sentence
    lay.meta["title"] = lay.meta["issued_title"] = title
    m = lay.hr.type_at_end(title)
    lay.meta["doc_type"] = m["type"] if m else None
    lay.meta["spans"]["title"] = lay.meta["spans"]["issued_title"] = lay.span(body[after], body[j])
    lay.meta["issued_body_start"] = lay.span(body[after])[0]


def _issuer_mark(lay: _Layout, zone: list[Line], title: list[Line]) -> list[str]:
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
            lay.meta["spans"]["issuer_mark"] = lay.span(ln)
            return parts
    return []


_DENG_BUMEN = regex.compile(r"等[\d一二三四五六七八九十]+个?(?:部门|单位)$")


_PLACE_ENDS = ("省", "市", "县", "区", "镇", "乡", "州", "旗")


def _issuers_from_title(lay: _Layout, title_line: str) -> list[str]:
    """``上海市人力资源和社会保障局关于…`` → that body; several bodies are separated by spaces.
    A title without 关于 names its body before the year it covers (淮安市人民政府2024年政府信息公开
    工作年度报告, 某某局2025年工作要点) when that part is a body name."""
    head, sep, _ = title_line.partition("关于")
    if not sep:
        m = _TITLE_YEAR.search(title_line)
        head = title_line[: m.start()] if m else ""
        # a body, not a place (万载县2015年…统计公报 names where, not who)
        if not head.strip() or not lay.hr.is_org_name(_nospace(head)) or _nospace(head).endswith(_PLACE_ENDS):
            return []
    if not head.strip():
        return []
    names = [_DENG_BUMEN.sub("", p) for p in head.split()]
    return [n for n in names if len(n) >= 2]


# -- footer ------------------------------------------------------------------------------------------
def _run_together(lay: _Layout, name: str) -> list[str]:
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


def _parse_signature(lay: _Layout, body: list[Line]) -> int | None:
    """成文日期 and the signature above it; returns the index (in ``body``) of the date line."""
    dates = [i for i in lay.body_hits(body, "date") if lay.match("date", body[i])]
    if not dates:
        return None
    signed = [i for i in dates if i > 0 and lay.is_org_line(body[i - 1])]
    at = signed[0] if signed else dates[0]
    m = lay.match("date", body[at])
    assert m is not None
    iso = iso_date(m["y"], m["m"], m["d"])
    if iso is None:
        return None
    lay.meta["date"] = iso
    lay.meta["spans"]["date"] = lay.span(body[at])
    first = at
    while first > 0 and lay.is_org_line(body[first - 1]):
        first -= 1
    if first < at:
        names = [
            n for ln in body[first:at] for p in ln.text.strip().split(" ") for n in _run_together(lay, p)
        ]
        lay.meta["issuers"] = names
        lay.meta["spans"]["signature"] = lay.span(body[first], body[at - 1])
    return at


def _sentence_issued(lay: _Layout, lines: list[Line]) -> str | None:
    """X of the body sentence 现将《X》印发给你们 (or 《X》…，现予印发): the issued document's
    own title, which the notice title may only paraphrase (关于印发2026年工作要点的通知)."""
    text = "".join(ln.text.strip() for ln in lines)  # the sentence may wrap over lines
    if "《" not in text:
        return None
    m = lay.hr.patterns["issued_sentence"].search(text)
    return _nospace(m["issued"]) if m else None


def _title_end(lay: _Layout, body: list[Line], i: int, target: str) -> int | None:
    """Index of the last line of the issued title when it starts at ``body[i]``, else None.

    The title line is X, X with a short tail (an edition such as （试行）), or X after an
    issuer name (泾县文化和旅游局2026年工作要点 for X = 2026年工作要点); it may wrap."""
    joined = ""
    for j in range(i, min(i + 4, len(body))):
        joined += _nospace(body[j].text)
        at = joined.find(target)
        if at >= 0 and len(joined) - at - len(target) <= 4 and (at == 0 or lay.hr.is_org_name(joined[:at])):
            return j
        if not target.startswith(joined) and not lay.hr.is_org_name(joined):
            return None
    return None


def _parse_issued_start(lay: _Layout, body: list[Line], after: int) -> None:
    """Where the issued document's own title starts (关于印发《X》的通知, or 关于印发X的通知
    when a line equal to X follows the signature; X may also come from the body sentence
    现将《X》印发给你们)."""
    plain = lay.meta.pop("_issued_plain", None)
    titled = lay.meta.get("issued_title")
    sentence = _sentence_issued(lay, body[: max(after - 1, 0)] if after else body)
    # the title's own 《X》 first, then the sentence's exact title, then the loose title; else a
    # document the 附件说明 names (附件：修改后的《X》), printed after the signature: body too
    # (or named in the title: 关于延长《X》有效期的通知 + signature + X in full)
    named = (
        []
        if (titled or plain or sentence)
        else [_attachment_title(a) for a in lay.meta.get("attachments", [])]
        + _BOOK_TITLE.findall(lay.meta.get("title") or "")
    )
    attached = {_nospace(t) for t in named}
    targets = list(dict.fromkeys(_nospace(t) for t in (titled, sentence, plain, *named) if t))
    if not targets:
        return
    for i in range(after, len(body)):
        for target in targets:
            j = _title_end(lay, body, i, target)
            if j is None:
                continue
            # a bracketed period/edition printed on the next line belongs to the title
            if j + 1 < len(body) and lay.hr.patterns["title_edition"].fullmatch(_nospace(body[j + 1].text)):
                j += 1
            if target in attached:  # the notice's own clauses stay body; the 附件 is body too
                lay.meta["spans"]["attached"] = lay.span(body[i], body[j])
                return
            if not titled:
                lay.meta["issued_title"] = sentence if target == sentence else plain
            lay.meta["issued_body_start"] = lay.span(body[i])[0]
            lay.meta["spans"]["issued_title"] = lay.span(body[i], body[j])
            return


_BOOK_TITLE = regex.compile(r"《([^《》]{2,80})》")
_ATTACHED_AS = regex.compile(
    r"^(?:修改后的|修订后的|新修订的)?《?(?P<title>[^《》]+?)》?(?:（[^（）]{0,20}）)?$"
)


def _attachment_title(name: str) -> str:
    """The title an attachment is printed under: 修改后的《X》 -> X."""
    m = _ATTACHED_AS.match(_nospace(name))
    return m["title"] if m else name


def _group_text(lay: _Layout, ln: Line, m: regex.Match[str], group: str, base: int = 0) -> str:
    """Source text of a match group on a (stripped) line, whitespace removed."""
    lead = len(ln.text) - len(ln.text.lstrip())
    return _source_text(lay, ln.start + lead + base + m.start(group), ln.start + lead + base + m.end(group))


def _parse_attachments(lay: _Layout, body: list[Line]) -> None:
    for i in lay.body_hits(body, "attachments"):
        ln = body[i]
        m = lay.match("attachments", ln)
        if not m:
            continue
        names: list[str] = []
        last = ln
        rest = m["rest"].strip()
        if rest:
            item = lay.hr.patterns["attachment_item"].match(m["rest"])
            if item:
                names.append(_group_text(lay, ln, item, "name", m.start("rest")))
            else:
                names.append(_group_text(lay, ln, m, "rest"))
            if not item:  # 附件：名称 (a single attachment)
                lay.meta["attachments"] = [_unquoted(n) for n in names]
                lay.meta["spans"]["attachments"] = lay.span(ln)
                return
        expect = len(names) + 1
        for nxt in body[i + 1 :]:
            item = lay.hr.patterns["attachment_item"].match(nxt.text.strip())
            if not item or int(item["n"]) != expect:
                break
            names.append(_group_text(lay, nxt, item, "name"))
            last = nxt
            expect += 1
        if not names and not rest:  # 附件： on its own line, the one name on the line(s) below
            name_lines = _attachment_name_below(lay, body[i + 1 : i + 3])
            if name_lines:
                names = [_source_text(lay, name_lines[0].start, name_lines[-1].end)]
                last = name_lines[-1]
        if names:
            lay.meta["attachments"] = [_unquoted(n) for n in names]  # 附件：《X方案》 names X方案
            lay.meta["spans"]["attachments"] = lay.span(ln, last)
        return


_ATTACHMENT_NAME_ENDS = ("表", "单", "书", "册", "录", "图")


def _attachment_name_below(lay: _Layout, below: list[Line]) -> list[Line]:
    """The line(s) naming the single attachment under a bare 附件：, wrapped over two lines at
    most: text that is not a sentence, a label, a date or a signature (a body name), and ends like
    a document's name (a 文种, …名单, …表)."""
    lines: list[Line] = []
    for ln in below:
        text = _nospace(ln.text)
        if (
            not text
            or _is_paragraph(lay, text)
            or lay.hr.label.match(text)
            or lay.match("date", ln)
            or lay.is_org_line(ln)
            or ln.is_table_cell
        ):
            break
        lines.append(ln)
        if lay.hr.type_at_end(text) or text.endswith(_ATTACHMENT_NAME_ENDS):
            return lines
    return []  # what follows does not end like a document's name (a site's related-links box)


def _parse_footer(lay: _Layout, body: list[Line]) -> None:
    notes = []
    for i in lay.body_hits(body, "notes", "cc", "printer"):
        ln = body[i]
        text = ln.text.strip()
        if lay.match("notes", ln):
            notes.append(text)
            lay.meta["spans"].setdefault("notes", lay.span(ln))
            continue
        m = lay.match("cc", ln)
        if m:
            lay.meta["cc"] = split_names(m["names"])
            lay.meta["spans"]["cc"] = lay.span(ln)
            continue
        m = lay.match("printer", ln)
        if m:
            printer = _nospace(m["printer"] or "")
            first = ln
            if not printer and i > 0 and lay.is_org_line(body[i - 1]) and "spans" in lay.meta:
                printer = _nospace(body[i - 1].text)
                first = body[i - 1]
            if printer:
                lay.meta["printer"] = printer
                lay.meta["spans"]["printer"] = lay.span(first, ln)
            lay.meta["print_date"] = _loose_date(m["date"])
            lay.meta["spans"]["print_date"] = lay.span(ln)
    if notes:
        lay.meta["notes"] = notes


def _parse_publish_date(lay: _Layout, zone: list[Line]) -> None:
    for ln in zone:
        m = lay.match("publish_date", ln)
        if m:
            iso = _loose_date(m["date"])
            if iso:
                lay.meta["publish_date"] = iso
                lay.meta["spans"]["publish_date"] = lay.span(ln)
            return


_NOTE_LINES = 8  # a 题注 (adopted / approved / promulgated / revised) stands in the lines under the title


def _parse_title_note(lay: _Layout, below: list[Line]) -> None:
    """The 题注 under a regulation's title, when the document has no signature: a promulgation
    by 令 gives the date, the issuer and the 令号 (as written); else the adopting body is the
    issuer (the approving one is not). It ends at the first clause label."""
    lines = []
    for ln in below:
        if lay.hr.label.match(ln.text.strip()):
            break
        lines.append(ln)
    if not lines:
        return
    text = "".join(ln.text for ln in lines)
    published = lay.hr.patterns["note_published"].search(text) if "令" in text else None
    if published:
        iso = iso_date(published["y"], published["m"], published["d"])
        if iso:
            lay.meta["date"] = iso
            lay.meta["spans"]["date"] = lay.span(lines[0], lines[-1])
        order = _nospace(published["order"])
        lay.meta["doc_number"] = {
            "raw": order,
            "agency_code": _nospace(published["issuer"]) + "令",
            "year": None,
            "serial": int(published["serial"]),
        }
        lay.meta["spans"]["doc_number"] = lay.span(lines[0], lines[-1])
        lay.meta["issuers"] = [_nospace(published["issuer"])]
        return
    adopted = lay.hr.patterns["note_adopted"].search(text) if "通过" in text else None
    if adopted:
        lay.meta["issuers"] = [_nospace(adopted["place"]) + (adopted["organ"] or "")]
        lay.meta["spans"]["signature"] = lay.span(lines[0], lines[-1])


_ATTACHMENT_HEAD = regex.compile(r"^附\s*件\s*\d*[：:]?$")


# -- entry point ------------------------------------------------------------------------------------
def _attachment_only(lay: _Layout) -> Meta | None:
    """A document that is only an attachment (附件 / title / table): the title line and nothing else."""
    if len(lay.lines) < 2 or not _ATTACHMENT_HEAD.match(lay.lines[0].text.strip()):
        return None
    title = lay.lines[1]
    text = _nospace(title.text)
    if text.endswith(("。", "：")) or lay.hr.label.match(text):
        return None
    m = lay.hr.type_at_end(text)
    span = lay.span(title)
    after = lay.doc.span(title.end, title.end)[0]
    return Meta(
        title=text,
        doc_type=m["type"] if m else None,
        spans={"title": span, "body": (after, len(lay.doc.original))},
    )


def parse_header(doc: Document, rules: RuleSet) -> Meta:
    """Meta of the document: GB/T 9704-2012 header and footer elements, with source spans."""
    hr = header_rules(rules)
    lay = _Layout(doc, hr, rules)
    block = find_meta_block(doc, rules)
    if block.lines:  # a web page's 文件信息 block is neither title nor body
        lay.lines = [ln for ln in lay.lines if ln.index not in block.lines]
    if not lay.lines:
        return Meta()
    only = _attachment_only(lay)
    if only is not None:
        return only
    end, addressee = _header_end(lay)
    zone, body = lay.lines[:end], lay.lines[end:]
    order = _parse_order_mark(lay, zone)
    # a 令 has no 发文字号 and no title in its header: its title is the issued 规章's
    title = [] if order else _parse_title(lay, zone)
    if not order:
        _parse_docno(lay, zone)
    _parse_publish_date(lay, zone)
    if addressee is not None:
        m = lay.match("addressee", addressee)
        assert m is not None
        # a long 主送机关 wraps: the lines above it that end with a separator and list bodies
        above = _addressee_lines_above(lay, addressee, title)
        # 主送机关 lists groups of bodies separated by ； (GB/T 9704 usage)
        lay.meta["addressees"] = [
            *(n for ln in above for n in split_names(ln.text.strip(), r"[、，,；;]+")),
            *split_names(m["names"], r"[、，,；;]+"),
        ]
        lay.meta["spans"]["addressees"] = lay.span(above[0] if above else addressee, addressee)
    mark = order or _issuer_mark(lay, zone, title)
    date_at = _parse_signature(lay, body)
    _parse_attachments(lay, body)
    if order:
        _parse_order_title(lay, body, 0 if date_at is None else date_at + 1)
    else:
        _parse_issued_start(lay, body, 0 if date_at is None else date_at + 1)
    _parse_footer(lay, body)
    if not lay.meta.get("issuers") and "date" not in lay.meta and title and not order:
        after = lay.lines.index(title[-1]) + 1
        _parse_title_note(lay, lay.lines[after : after + _NOTE_LINES])
    if not lay.meta.get("issuers"):
        lay.meta["issuers"] = mark or (
            (
                _issuers_from_title(lay, title[0].text.strip())
                or _issuers_from_title(lay, lay.meta.get("title") or "")
            )
            if title
            else []
        )
    _fill_from_block(lay, block)
    if "date" not in lay.meta and "publish_date" in lay.meta:
        lay.meta["date"] = lay.meta["publish_date"]
        lay.meta["spans"]["date"] = lay.meta["spans"]["publish_date"]
    lay.meta["spans"]["body"] = _body_span(lay, body)
    if "doc_number" in lay.meta:
        lay.meta["doc_number"] = built(DocNumberRef, lay.meta["doc_number"])
    return built(Meta, with_defaults(Meta, lay.meta), lay.meta)  # Meta(**lay.meta), unvalidated


def _fill_from_block(lay: _Layout, block: MetaBlock) -> None:
    """Meta fields the notice lacks, from a web page's 文件信息 block (with their spans)."""
    meta, spans = lay.meta, lay.meta["spans"]
    for fld, bv in block.values.items():
        span = lay.doc.span(bv.start, bv.end)
        value = bv.value
        if fld == "title" and not meta.get("title"):
            end = bv.start + strip_title_suffix(value, lay.rules)
            meta["title"] = _source_text(lay, bv.start, end)
            spans["title"] = lay.doc.span(bv.start, end)
            m = lay.hr.type_at_end(meta["title"])
            meta["doc_type"] = m["type"] if m else None
        elif fld == "doc_number" and "doc_number" not in meta:
            # the labelled-field pattern, which stops at the 号 (a value may run into the next
            # line when normalisation joined them)
            prefix = "文号："
            m = lay.hr.patterns["docno_field"].search(prefix + value)
            if m and m.start("code") >= len(prefix):
                start = bv.start + m.start("code") - len(prefix)
                _set_docno(lay, m, lay.doc.span(start, bv.start + m.end() - len(prefix)))
        elif fld in ("date", "publish_date") and fld not in meta:
            iso = _loose_date(value)
            if iso:
                meta[fld] = iso
                spans[fld] = span
        elif fld == "issuers" and not meta.get("issuers"):
            names = split_names(value)
            if names and all(lay.hr.is_org_name(n) for n in names):
                meta["issuers"] = names
                spans["issuers"] = span


def _body_span(lay: _Layout, body: list[Line]) -> tuple[int, int]:
    """Original span where clauses may start: after the 主送机关 (or the issued title), up to
    the 附件说明 / signature that closes it, or the 版记 (抄送, 印发 line: GB/T 9704 §7.4) when the
    signature stands before the issued document (现将《…纪要》印发给你们 + signature + 纪要) or
    before a 附件 the 附件说明 names, printed in full (附件：修改后的《X》 + signature + X)."""
    n = len(lay.doc.original)
    if not body:
        return (n, n)
    spans = lay.meta["spans"]
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
