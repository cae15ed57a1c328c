"""Every 发文字号 written in a text: ``find(text, rules) -> list[Found]`` (normalised offsets).

The scan that :mod:`.references` runs once per document before the extractors; patterns live
in ``rules/doc_number.yaml``, the 机关代字 -> issuing body table in ``rules/issuer_codes.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import regex

from ..rules import RuleSet


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
        codes = rules.issuer_codes
        # the provincial-level regions' 简称 (rules/vocabulary.yaml), then the cities'
        regions = {**rules.vocabulary.region_codes(), **codes.regions}
        table: dict[str, str] = {}
        for abbr, region in regions.items():
            for suffix, body in codes.region_suffixes.items():
                template = (
                    (region.city and (body.city or body.municipal))
                    or (region.municipal and body.municipal)
                    or body.provincial
                )
                table[abbr + suffix] = template.format(region=region.name)
        table.update(codes.codes)
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


def _after_lead_phrase(run: str, rules: RuleSet) -> str:
    """What follows the last lead phrase of two or more characters inside the run."""
    phrases = rules.compiled("doc_number").lead_phrases
    cut = 0
    for m in phrases.finditer(run, overlapped=True):
        if m.end() < len(run):
            cut = max(cut, m.end())
    return run[cut:]


def _strip_lead_words(run: str, rules: RuleSet) -> str:
    words = rules.compiled("doc_number").lead_words
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


def _matches(
    text: str, pattern: regex.Pattern[str], anchor: re.Pattern[str] | regex.Pattern[str] | None
) -> Iterator[regex.Match[str]]:
    if anchor is None:
        yield from pattern.finditer(text)
        return
    # a rule with an anchor matches within one line that holds the anchor: scanning only those
    # lines, each from its start, finds what a scan of the whole text finds
    for start, end in anchor_lines(text, anchor):
        yield from pattern.finditer(text, start, end)


def find(text: str, rules: RuleSet) -> list[Found]:
    """Every number in ``text`` in order (normalised offsets); overlapping matches dropped."""
    found: list[Found] = []
    for rule_id, pattern, anchor in rules.compiled("doc_number").rules:
        for m in _matches(text, pattern, anchor):
            code = _trim_code(m.group("code"), rules)
            if not code:
                continue
            start = m.end("code") - len(code)
            year = m.group("year")
            found.append(
                Found(start, m.end(), code, int(year) if year else None, int(m.group("serial")), rule_id)
            )
    found.sort(key=lambda f: (f.start, -f.end))
    out: list[Found] = []
    for f in found:
        if out and f.start < out[-1].end:
            continue
        out.append(f)
    return out
