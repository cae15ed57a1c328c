"""Cited documents: 《title》 paired with its 发文字号, its 以下简称 alias and every later mention.

Forms handled (patterns in ``rules/citations.yaml``):

* number after the title: 《关于…的通知》（国办发〔2023〕5号）
* number inside the title's end: 《…的通知（沪委办〔2025〕3号）》
* alias: 《…实施意见》（沪人社职〔2021〕489号，以下简称沪人社职〔2021〕489号文件）, then every later
  mention of the alias is a span of the same citation;
* a title with no number (《中华人民共和国劳动法》) when it ends with a 文种;
* a cited number with no title (按照国发〔2023〕5号文件).

A title the notice issues itself (现将《X》印发给你们) is not a citation. The document's own
number (role ``self``) is not a citation. One record per cited document, in order of first mention.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..models import Citation
from ..rules import RuleSet
from . import Context
from .doc_numbers import Found, _header_end, found_in, own_index


@dataclass
class _Cite:
    title: str | None
    number: str | None
    alias: str | None = None
    spans: list[tuple[int, int]] = field(default_factory=list)  # normalised offsets


def _issued_titles(ctx: Context, rules: RuleSet) -> set[str]:
    text = ctx.doc.text
    header_end = _header_end(ctx)
    issued = {ctx.meta.issued_title} if ctx.meta.issued_title else set()
    for pattern, header_only in rules.compiled("citations").issued:
        for m in pattern.finditer(text):
            if header_only and m.start() >= header_end:
                continue
            issued.add(m.group("title"))
    return issued


def _is_document_title(title: str, rules: RuleSet) -> bool:
    return title.endswith(rules.compiled("citations").doc_types)


def _scanned(ctx: Context, rules: RuleSet) -> list[_Cite]:
    """``_scan`` once per document (doc_numbers reads the titles, citations the records)."""
    return ctx.memo(("citations.scan", rules), lambda: _scan(ctx, rules, found_in(ctx, rules)))


def _scan(ctx: Context, rules: RuleSet, found: list[Found]) -> list[_Cite]:
    """Citations with normalised spans, in order of first mention."""
    text = ctx.doc.text
    own = own_index(ctx, rules)
    own_raw = found[own].raw if own is not None else None
    by_start = {f.start: f for f in found}
    issued = _issued_titles(ctx, rules)
    tables = rules.compiled("citations")
    alias_res = tables.aliases
    cites: list[_Cite] = []
    used: set[int] = set()  # starts of numbers already paired with a title
    aliases: list[tuple[str, _Cite, int]] = []  # alias, citation, end of its definition
    for title_re in tables.titles:
        for m in title_re.finditer(text):
            title, t_start, t_end = m.group("title"), m.start("title"), m.end("title")
            number: Found | None = None
            after = m.end()
            # number inside the title's end: 《…的通知（沪委办〔2025〕3号）》
            for f in found:
                if (
                    t_start < f.start
                    and f.end + 1 == t_end
                    and text[f.start - 1] == "（"
                    and text[f.end] == "）"
                ):
                    number, title, t_end = f, text[t_start : f.start - 1], f.start - 1
            # number right after the title: 《…》（国办发〔2023〕5号…）
            if number is None and text.startswith("（", after) and after + 1 in by_start:
                number = by_start[after + 1]
                after = number.end
            if title in issued or (number is None and not _is_document_title(title, rules)):
                continue
            cite = _Cite(title, number.raw if number else None, spans=[(t_start, t_end)])
            if number is not None:
                cite.spans.append((number.start, number.end))
                used.add(number.start)
            if number is None and text.startswith("（", after):
                after += 1  # 《条例》（以下简称“条例”）
            for alias_re in alias_res:
                a = alias_re.match(text, after)
                if a:
                    cite.alias = a.group("alias")
                    cite.spans.append((a.start("alias"), a.end("alias")))
                    aliases.append((cite.alias, cite, a.end("alias")))
                    break
            cites.append(cite)
    # later mentions of an alias
    for alias, cite, defined_end in aliases:
        pos = text.find(alias, defined_end)
        while pos != -1:
            cite.spans.append((pos, pos + len(alias)))
            pos = text.find(alias, pos + len(alias))
    # numbers cited without a title (or repeated): attach to the citation with that number
    for f in found:
        if f.start in used or f.raw == own_raw:
            continue
        holder = next((c for c in cites if c.number == f.raw), None)
        if holder is None:
            holder = _Cite(None, f.raw)
            cites.append(holder)
        if not any(s <= f.start < e for s, e in holder.spans):
            holder.spans.append((f.start, f.end))
    # the same document cited twice by title is one citation
    merged: dict[tuple[str | None, str | None], _Cite] = {}
    for c in cites:
        key = (c.title, c.number)
        if key in merged:
            merged[key].spans.extend(c.spans)
            merged[key].alias = merged[key].alias or c.alias
        else:
            merged[key] = c
    out = list(merged.values())
    for c in out:
        c.spans = sorted(set(c.spans))
    out.sort(key=lambda c: c.spans[0] if c.spans else (0, 0))
    return out


def titles_by_number(ctx: Context, rules: RuleSet) -> dict[str, str]:
    """Cited number (raw) -> the title it is paired with."""
    return {c.number: c.title for c in _scanned(ctx, rules) if c.number and c.title}


def extract(ctx: Context, rules: RuleSet) -> list[Citation]:
    """Every cited document, in order of first mention; never raises on junk text."""
    out = []
    for c in _scanned(ctx, rules):
        spans = [ctx.doc.span(s, e) for s, e in c.spans]
        out.append(Citation(title=c.title, doc_number=c.number, alias=c.alias, spans=spans))
    return out
