"""The document's references to documents, scanned once before the extractors run.

:func:`scan` finds every 发文字号 in the text (:mod:`.numbers`), which of them is the document's
own number, where the header ends, and every cited document (《title》 paired with its number,
its 以下简称 alias and later mentions; patterns in ``rules/citations.yaml``). ``Context.build``
stores the result as ``Context.references``; ``doc_numbers``, ``citations`` and ``departments``
read it from there instead of scanning again or calling into each other.

Cited forms:

* number after the title: 《关于…的通知》（国办发〔2023〕5号）
* number inside the title's end: 《…的通知（沪委办〔2025〕3号）》
* alias: 《…实施意见》（沪人社职〔2021〕489号，以下简称沪人社职〔2021〕489号文件）, then every later
  mention of the alias is a span of the same citation;
* a title with no number (《中华人民共和国劳动法》) when it ends with a 文种;
* a cited number with no title (按照国发〔2023〕5号文件).

A title the notice issues itself (现将《X》印发给你们) is not a citation. The document's own
number is not a citation.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..document import Document
from ..models import Meta
from ..rules import RuleSet
from .numbers import Found, find


@dataclass(frozen=True)
class CitedDocument:
    """One cited document: its title and/or number, alias, and every span (normalised offsets)."""

    title: str | None
    number: str | None
    alias: str | None
    spans: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class References:
    """What :func:`scan` found in one document; shared by several extractors, never mutated."""

    found: tuple[Found, ...]
    """Every 发文字号 in document order (normalised offsets), overlapping matches dropped."""
    own: int | None
    """Index in ``found`` of the document's own number, else None."""
    header_end: int
    """Normalised offset of the first line ending in ： (主送机关), else ``min(len(text), 400)``."""
    cited: tuple[CitedDocument, ...]
    """Cited documents, in order of first mention (one per document)."""
    rules: RuleSet = field(repr=False, compare=False)
    """The rules the scan used."""

    @property
    def own_raw(self) -> str | None:
        """The document's own number as written in ``found`` (normalised form), else None."""
        return self.found[self.own].raw if self.own is not None else None

    def titles_by_number(self) -> dict[str, str]:
        """Cited number (raw) -> the title it is paired with."""
        return {c.number: c.title for c in self.cited if c.number and c.title}


def scan(doc: Document, meta: Meta, rules: RuleSet) -> References:
    """The 发文字号 and cited documents of ``doc`` (``meta`` from the header parser)."""
    found = tuple(find(doc.text, rules))
    header_end = _header_end(doc)
    own = _own_index(doc, meta, found, header_end, rules)
    cited = _cited(doc, meta, rules, found, own, header_end)
    return References(found, own, header_end, cited, rules)


def _header_end(doc: Document) -> int:
    for line in doc.lines:
        if line.text.rstrip().endswith("："):
            return line.start
    return min(len(doc.text), 400)


def _own_index(
    doc: Document, meta: Meta, found: tuple[Found, ...], header_end: int, rules: RuleSet
) -> int | None:
    """``meta.doc_number`` when the header parser found one; else a number standing on its own
    line, or after a 发文字号： label, in the header."""
    own = meta.doc_number
    if own is not None:
        for i, f in enumerate(found):
            if f.raw == own.raw or (
                f.code == own.agency_code and f.year == own.year and f.serial == own.serial
            ):
                return i
        return None
    labels = rules.compiled("doc_number").self_labels
    text = doc.text
    for i, f in enumerate(found):
        if f.start >= header_end:
            break
        line = doc.line_at(f.start)
        before = text[line.start : f.start].strip(" \t：")
        after = text[f.end : line.end].strip(" \t")
        if (not before or before in labels) and not after:
            return i
    return None


@dataclass
class _Draft:
    """A citation while the scan builds it."""

    title: str | None
    number: str | None
    alias: str | None = None
    spans: list[tuple[int, int]] = field(default_factory=list)  # normalised offsets


def _issued_titles(doc: Document, meta: Meta, rules: RuleSet, header_end: int) -> set[str]:
    text = doc.text
    issued = {meta.issued_title} if meta.issued_title else set()
    for pattern, header_only in rules.compiled("citations").issued:
        for m in pattern.finditer(text):
            if header_only and m.start() >= header_end:
                continue
            issued.add(m.group("title"))
    return issued


def _is_document_title(title: str, rules: RuleSet) -> bool:
    return title.endswith(rules.compiled("citations").doc_types)


def _cited(
    doc: Document,
    meta: Meta,
    rules: RuleSet,
    found: tuple[Found, ...],
    own: int | None,
    header_end: int,
) -> tuple[CitedDocument, ...]:
    """Citations with normalised spans, in order of first mention."""
    text = doc.text
    own_raw = found[own].raw if own is not None else None
    by_start = {f.start: f for f in found}
    issued = _issued_titles(doc, meta, rules, header_end)
    tables = rules.compiled("citations")
    alias_res = tables.aliases
    cites: list[_Draft] = []
    used: set[int] = set()  # starts of numbers already paired with a title
    aliases: list[tuple[str, _Draft, int]] = []  # alias, citation, end of its definition
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
            cite = _Draft(title, number.raw if number else None, spans=[(t_start, t_end)])
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
            holder = _Draft(None, f.raw)
            cites.append(holder)
        if not any(s <= f.start < e for s, e in holder.spans):
            holder.spans.append((f.start, f.end))
    # the same document cited twice by title is one citation
    merged: dict[tuple[str | None, str | None], _Draft] = {}
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
    return tuple(CitedDocument(c.title, c.number, c.alias, tuple(c.spans)) for c in out)
