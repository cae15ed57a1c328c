"""The 文件信息 block of a saved or printed government web page.

Websites print a block of labelled fields above the notice — 索引号, 发文机关, 发文字号, 成文日期,
效力状态, 标题 … — as a table (label and value cells, or ``label：value`` cells) or as lines with
several ``label：value`` pairs. The block is not the notice: its lines never become the title or
the body, and its values fill the meta fields the notice itself lacks (``rules/chrome.yaml``:
``meta_fields``). A run of lines counts as a block only when it holds at least
``meta_block_min_fields`` distinct labels, so a body sentence with one 文号： is left alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from ..document import Document, Line
from ..rules import RuleSet

# the block sits in the first lines of a page (above the article); labels after this are body
_SCAN_LINES = 60
_MAX_VALUE_CHARS = 120


@dataclass(frozen=True)
class BlockValue:
    label: str
    field: str | None
    value: str
    start: int  # normalised offsets of the value
    end: int


@dataclass
class MetaBlock:
    lines: set[int] = field(default_factory=set)  # Line.index of the block's lines
    values: dict[str, BlockValue] = field(default_factory=dict)  # Meta field -> first value


@dataclass(frozen=True)
class _Compiled:
    label: regex.Pattern[str]
    fields: dict[str, str | None]  # label without spaces -> field
    min_fields: int
    first_chars: frozenset[str]  # a block line starts with a label: one of these characters


def _label_regex(label: str) -> str:
    # websites pad labels to one width: 标  题, 索 引 号
    return r"\s*".join(regex.escape(ch) for ch in label.replace(" ", ""))


def _compiled(rules: RuleSet) -> _Compiled:
    def build() -> _Compiled:
        data = rules.chrome  # the typed model (rule_schema.ChromeRules)
        fields: dict[str, str | None] = {}
        for mf in data.meta_fields:
            for label in mf.labels:
                fields[label.replace(" ", "")] = mf.field
        alts = sorted(fields, key=len, reverse=True)
        # a label starts the line or follows a space, digit or punctuation ending the previous
        # value (normalisation drops the space in 2025-00012 主题分类); the colon may be missing
        # only when the value sits in the next cell (the label cell ends the line)
        pattern = (
            r"(?:^|(?<=[\s\d\p{P}]))(?P<label>"
            + "|".join(_label_regex(a) for a in alts)
            + r")\s*(?:[：:]\s*|$)"
            if alts
            else r"(?!)"
        )
        return _Compiled(
            regex.compile(pattern),
            fields,
            data.meta_block_min_fields or 2,
            frozenset(a[0] for a in alts),
        )

    return rules.cached("chrome.meta_block", build)


def _pairs(comp: _Compiled, ln: Line) -> list[tuple[str, int, int]]:
    """(label, value start, value end) of each ``label：value`` on the line (offsets in the line)."""
    text = ln.text
    hits = list(comp.label.finditer(text))
    out = []
    for k, m in enumerate(hits):
        end = hits[k + 1].start() if k + 1 < len(hits) else len(text)
        start = m.end()
        while start < end and text[start] in " \t":
            start += 1
        while end > start and text[end - 1] in " \t":
            end -= 1
        out.append((regex.sub(r"\s+", "", m["label"]), start, end))
    return out


def find_meta_block(doc: Document, rules: RuleSet) -> MetaBlock:
    comp = _compiled(rules)
    lines = [ln for ln in doc.lines[: _SCAN_LINES * 3] if ln.stripped][:_SCAN_LINES]
    found: list[tuple[Line, list[tuple[str, int, int]]]] = []
    first = comp.first_chars
    for ln in lines:
        if ln.stripped[:1] not in first:  # the cheap test first: most lines start otherwise
            continue
        pairs = _pairs(comp, ln)
        if pairs and ln.text.lstrip("\t ").startswith(tuple(p[0][0] for p in pairs)):
            found.append((ln, pairs))
    labels = {label for _, pairs in found for label, _, _ in pairs}
    block = MetaBlock()
    if len(labels) < comp.min_fields:
        return block
    by_index = {ln.index: ln for ln in lines}
    for ln, pairs in found:
        block.lines.add(ln.index)
        for label, start, end in pairs:
            vstart, vend = ln.start + start, ln.start + end
            if start >= end:  # label cell, value in the next cell (a table without colons)
                nxt = by_index.get(ln.index + 1)
                if nxt is None or not nxt.stripped or _pairs(comp, nxt):
                    continue
                lead = len(nxt.text) - len(nxt.text.lstrip("\t "))
                vstart, vend = nxt.start + lead, nxt.start + len(nxt.text.rstrip())
                block.lines.add(nxt.index)
            value = doc.norm.text[vstart:vend]
            if not value or len(value) > _MAX_VALUE_CHARS:
                continue
            fld = comp.fields.get(label)
            if fld and fld not in block.values:
                block.values[fld] = BlockValue(label, fld, value, vstart, vend)
    return block


def strip_title_suffix(title: str, rules: RuleSet) -> int:
    """Length of ``title`` without a site-name suffix (X_中国政府网 → X)."""
    for rule in rules.chrome.title_suffixes:
        m = rules.compile(rule.pattern).search(title)
        if m and m.start() > 0:
            return m.start()
    return len(title)
