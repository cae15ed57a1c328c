"""发文字号: every document number written in the text, one record per mention.

Format (GB/T 9704-2012 §7.2.3): 发文机关代字 + 〔年份〕 + 发文顺序号 + 号, e.g. 国办发〔2023〕5号;
a 令 number is 机关名称 + 令 + 第N号 (国务院令第699号). Patterns live in ``rules/doc_number.yaml``;
the 机关代字 -> issuing body table in ``rules/issuer_codes.yaml``.

``role`` is ``self`` for the document's own number (``ctx.meta.doc_number`` when the header
parser found one; else a number standing on its own line, or after a 发文字号： label, in the
header, i.e. before the first line ending in ：), ``cited`` otherwise.

>>> from policyparse import parse
>>> [(d.raw, d.role, d.issuer) for d in parse("沪人社职〔2025〕87号\\n各区人社局：\\n根据国发[2023]5号文件。").doc_numbers]
[('沪人社职〔2025〕87号', 'self', '上海市人力资源和社会保障局'), ('国发〔2023〕5号', 'cited', '国务院')]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import regex

from ..models import DocNumber
from ..rules import RuleSet
from . import Context


@dataclass(frozen=True)
class Found:
    """A number found in the normalised text (offsets are normalised)."""

    start: int
    end: int
    code: str
    year: int | None
    serial: int
    rule_id: str

    @property
    def raw(self) -> str:
        if self.code.endswith(("令", "公告")):  # 令号 and 公告 numbers: no bracketed year
            year = f"{self.year}年" if self.year else ""
            return f"{self.code}{year}第{self.serial}号"
        return f"{self.code}〔{self.year}〕{self.serial}号"


def issuer_table(rules: RuleSet) -> dict[str, str]:
    """机关代字 prefix -> body: explicit codes plus every region x suffix combination."""

    def build() -> dict[str, str]:
        data = rules.get("issuer_codes")
        table: dict[str, str] = {}
        for abbr, region in (data.get("regions") or {}).items():
            for suffix, body in (data.get("region_suffixes") or {}).items():
                template = (
                    (region.get("city") and (body.get("city") or body.get("municipal")))
                    or (region.get("municipal") and body.get("municipal"))
                    or body["provincial"]
                )
                table[abbr + suffix] = template.format(region=region["name"])
        table.update(data.get("codes") or {})
        return table

    return rules.cached("doc_numbers.issuers", build)


def issuer_of(code: str, rules: RuleSet) -> str | None:
    """The body behind a 机关代字, by its longest known prefix; None when unknown."""
    table = issuer_table(rules)
    for n in range(len(code), 0, -1):
        body = table.get(code[:n])
        if body:
            return body
    return None


def _trim_code(run: str, rules: RuleSet) -> str:
    """The 机关代字 at the end of a run of Han characters (根据国发 -> 国发).

    The run already stops at the line start, punctuation, a bracket or 《》. Within it, the
    code starts after the last lead phrase (根据, 按照, 印发, 贯彻落实 …) and after lead words
    at its start; running text of two or more characters before a known code is cut, but a
    one-character city prefix is kept (扬农发, 成教发: 扬州/成都 + 农发/教发).
    """
    if run.endswith("令"):
        return _strip_lead_words(run, rules)
    run = _strip_lead_words(_after_lead_phrase(run, rules), rules)
    table = issuer_table(rules)
    longest = rules.cached("doc_numbers.longest_code", lambda: max(map(len, table), default=0))
    for p in range(2, len(run)):
        # the leftmost place a known code starts after 2+ characters: running text before it
        # (one-character ministry prefixes such as 财 and 交 do not count: 苏教财, 渝北交发)
        if any(run[p : p + n] in table for n in range(2, min(longest, len(run) - p) + 1)):
            return run[p:]
    return run


def _lead_words(rules: RuleSet) -> list[str]:
    return rules.cached(
        "doc_numbers.lead_words",
        lambda: sorted(rules.get("doc_number").get("code_lead_words") or [], key=len, reverse=True),
    )


def _after_lead_phrase(run: str, rules: RuleSet) -> str:
    """What follows the last lead phrase of two or more characters inside the run."""
    phrases = rules.cached(
        "doc_numbers.lead_phrases",
        lambda: regex.compile("|".join(regex.escape(w) for w in _lead_words(rules) if len(w) >= 2) or "(?!)"),
    )
    cut = 0
    for m in phrases.finditer(run, overlapped=True):
        if m.end() < len(run):
            cut = max(cut, m.end())
    return run[cut:]


def _strip_lead_words(run: str, rules: RuleSet) -> str:
    words = _lead_words(rules)
    changed = True
    while run and changed:
        changed = False
        for w in words:
            if run.startswith(w) and len(run) > len(w):
                run = run[len(w) :]
                changed = True
                break
    return run


def anchor_lines(text: str, anchor: re.Pattern[str] | regex.Pattern[str]) -> list[tuple[int, int]]:
    """``[start, end)`` of each line holding an ``anchor`` match, in order, without repeats."""
    out: list[tuple[int, int]] = []
    pos = 0
    while (m := anchor.search(text, pos)) is not None:
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.end())
        end = len(text) if end < 0 else end
        out.append((start, end))
        pos = end + 1
    return out


def _matches(text: str, rule: dict[str, Any], rules: RuleSet) -> Iterator[regex.Match[str]]:
    pattern = rules.compile(rule["pattern"])
    anchor = (rule.get("params") or {}).get("anchor")
    if not anchor:
        yield from pattern.finditer(text)
        return
    # a rule with an anchor matches within one line that holds the anchor: scanning only those
    # lines, each from its start, finds what a scan of the whole text finds
    for start, end in anchor_lines(text, rules.compile_plain(anchor)):
        yield from pattern.finditer(text, start, end)


def find(text: str, rules: RuleSet) -> list[Found]:
    """Every number in ``text`` in order (normalised offsets); overlapping matches dropped."""
    found: list[Found] = []
    for rule in rules.get("doc_number")["rules"]:
        for m in _matches(text, rule, rules):
            code = _trim_code(m.group("code"), rules)
            if not code:
                continue
            start = m.end("code") - len(code)
            year = m.group("year")
            found.append(
                Found(start, m.end(), code, int(year) if year else None, int(m.group("serial")), rule["id"])
            )
    found.sort(key=lambda f: (f.start, -f.end))
    out: list[Found] = []
    for f in found:
        if out and f.start < out[-1].end:
            continue
        out.append(f)
    return out


def found_in(ctx: Context, rules: RuleSet) -> list[Found]:
    """``find`` on the document, run once per document (doc_numbers, citations and departments
    all read it); the list is shared, do not mutate it."""
    return ctx.memo(("doc_numbers.found", rules), lambda: find(ctx.doc.text, rules))


def _header_end(ctx: Context) -> int:
    """Normalised offset of the first line ending in ： (主送机关), else of the first clause line."""
    return ctx.memo("doc_numbers.header_end", lambda: _first_colon_line(ctx))


def _first_colon_line(ctx: Context) -> int:
    for line in ctx.doc.lines:
        if line.text.rstrip().endswith("："):
            return line.start
    return min(len(ctx.doc.text), 400)


def own_index(ctx: Context, rules: RuleSet) -> int | None:
    """Index in ``found_in(ctx, rules)`` of the document's own number, once per document."""
    return ctx.memo(("doc_numbers.own", rules), lambda: _self_index(ctx, found_in(ctx, rules), rules))


def _self_index(ctx: Context, found: list[Found], rules: RuleSet) -> int | None:
    own = ctx.meta.doc_number
    if own is not None:
        for i, f in enumerate(found):
            if f.raw == own.raw or (
                f.code == own.agency_code and f.year == own.year and f.serial == own.serial
            ):
                return i
        return None
    labels = tuple(rules.get("doc_number").get("self_labels") or [])
    end = _header_end(ctx)
    text = ctx.doc.text
    for i, f in enumerate(found):
        if f.start >= end:
            break
        line = ctx.doc.line_at(f.start)
        before = text[line.start : f.start].strip(" \t：")
        after = text[f.end : line.end].strip(" \t")
        if (not before or before in labels) and not after:
            return i
    return None


def extract(ctx: Context, rules: RuleSet) -> list[DocNumber]:
    """Every 发文字号 mention in document order; never raises on junk text."""
    found = found_in(ctx, rules)
    if not found:
        return []
    own = own_index(ctx, rules)
    from .citations import titles_by_number

    titles = titles_by_number(ctx, rules)
    out = []
    for i, f in enumerate(found):
        role = "self" if i == own or (own is not None and f.raw == found[own].raw) else "cited"
        out.append(
            DocNumber(
                raw=f.raw,
                agency_code=f.code,
                year=f.year,
                serial=f.serial,
                role=role,
                issuer=issuer_of(f.code, rules),
                cited_title=titles.get(f.raw) if role == "cited" else None,
                rule_id=f.rule_id,
                **ctx.provenance(f.start, f.end),
            )
        )
    return out
