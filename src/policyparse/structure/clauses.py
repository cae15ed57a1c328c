"""The clause tree (GB/T 9704-2012 §7.3.3: 一、 → （一） → 1. → （1）, then ①).

Label families come from ``rules/structure.yaml`` ``labels``, top of the ladder first. A label
opens a clause only when it

* starts a line of the body (``meta.spans["body"]``: after the 主送机关 or the issued
  document's title, before the 附件说明 / signature), outside table cells;
* continues its family's numbering: 1 under a new parent, the previous sibling's number + 1,
  or the last number of the family anywhere + 1 (numbering that runs on across sections, as
  （三）…（二十二） under 二、…七、). A stray "3." inside a paragraph-like list is text.

Levels follow GB/T 9704 (一、=1, （一）=2, 1.=3, （1）=4, ①=5) whatever the nesting, so a
1. directly under 一、 is still level 3. The regulation grammar of 办法/规定/条例 nests
第X章 (level 1) → 第X节 (2) → 第X条, and a 条 takes the level below its parent (2 under a
chapter, 3 under a section, 1 when the document has no chapters); items inside an article
count by depth too, one below the clause they nest in.

``id`` is the path of label numbers in Arabic digits joined by dots: 二、（一）1. → ``2.1.1``;
第二章 第十条 → ``2.10``. It is unique within a document (a repeated path gets ``~2``).
"""

from __future__ import annotations

import bisect
import functools
import operator
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import regex

from ..document import Document, Line
from ..model_build import built
from ..models import Clause, Meta
from ..numerals import cn_to_int
from ..rules import RuleSet, compile_plain

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_REGULATION = ("chapter", "section", "article")


@dataclass(frozen=True)
class LabelFamily:
    kind: str
    level: int
    rank: int  # position on the ladder: a clause nests under any open clause of lower rank
    pattern: regex.Pattern[str]
    rule_id: str


@dataclass(frozen=True)
class ClauseRules:
    families: tuple[LabelFamily, ...]
    # first character of a line -> the families whose labels can start with it, top first
    by_first: dict[str, tuple[LabelFamily, ...]]
    heading_end: re.Pattern[str] | regex.Pattern[str]
    heading_max: int


def clause_rules(rules: RuleSet) -> ClauseRules:
    """Label families and heading settings, compiled once per RuleSet."""

    def build() -> ClauseRules:
        data = rules.structure  # the typed model (rule_schema.StructureRules)
        families = tuple(
            LabelFamily(
                r.params["kind"],
                int(r.params["level"]),
                rank,
                regex.compile(rules.expand(r.pattern)),
                r.id,
            )
            for rank, r in enumerate(data.labels)
        )
        firsts = [r.params["first"] for r in data.labels]
        by_first = {
            c: tuple(f for f, chars in zip(families, firsts, strict=True) if c in chars)
            for c in "".join(firsts)
        }
        return ClauseRules(families, by_first, compile_plain(data.heading_end), data.heading_max_chars)

    return rules.cached("structure.clauses", build)


@functools.lru_cache(maxsize=1024)  # a few dozen distinct labels recur in every document
def label_number(kind: str, text: str) -> int:
    """Value of a label's number: 十二 → 12, 3 → 3, ③ → 3."""
    if kind == "circled":
        return _CIRCLED.index(text) + 1
    return int(text) if text.isdigit() else cn_to_int(text)


@dataclass(slots=True)
class _Node:
    family: LabelFamily
    number: int
    label: str
    start: int  # normalised offset of the label
    label_end: int
    line_end: int
    level: int = 0
    end: int = 0
    parent: _Node | None = None
    children: list[_Node] = field(default_factory=list)


def _to_norm(doc: Document, orig: int) -> int:
    """Normalised offset of the first kept character at or after a source offset."""
    run_orig, run_norm = doc.norm.run_orig, doc.norm.run_norm
    if not run_orig:
        return 0
    i = bisect.bisect_right(run_orig, orig) - 1
    if i < 0:
        return 0
    run_len = (run_norm[i + 1] if i + 1 < len(run_norm) else len(doc.text)) - run_norm[i]
    return run_norm[i] + min(orig - run_orig[i], run_len)


def _label_lines(doc: Document, meta: Meta, cr: ClauseRules) -> tuple[list[tuple[int, int, str]], int]:
    """(start, end, text) of the body lines that may open a clause (outside tables, starting
    with a label's first character), and the body's end."""
    body = meta.spans.get("body")
    lo, hi = (0, len(doc.text)) if body is None else (_to_norm(doc, body[0]), _to_norm(doc, body[1]))
    text = doc.text
    by_first = cr.by_first
    out = []
    lines = doc.lines
    in_table = False
    first = bisect.bisect_right(lines, lo, key=_line_end)  # the first line ending after lo
    # a regulation's 目录 lists its 章 before they start: its entries are not clauses, until
    # the first entry's label comes again (the text proper)
    toc_seen = in_toc = False
    toc_first: str | None = None
    for k in range(first, len(lines)):
        ln = lines[k]
        if ln.start >= hi:
            break  # lines are in text order
        if not toc_seen and "目" in ln.text and _TOC_HEAD.match(ln.text):  # (a str scan first)
            toc_seen = in_toc = True
            continue
        if ln.is_table_cell:
            in_table = True
            continue
        if in_table:
            if not ln.text.strip():
                continue
            # a cell's extra lines continue without a tab; the table goes on after them
            if _table_follows(lines, k):
                continue
            in_table = False
        start = ln.start if ln.start > lo else lo
        # cheap filter: most lines are prose (and a blank line starts with no label character)
        if text[start : start + 1] in by_first:
            if in_toc:
                label = _SPACE_SPLIT.split(text[start : ln.end].strip(), maxsplit=1)[0]
                if toc_first is None:
                    toc_first = label
                    continue
                if label != toc_first:
                    continue
                in_toc = False
            out.append((start, ln.end, text[start : ln.end]))
    return out, hi


_TOC_HEAD = re.compile(r"^\s*目\s*录\s*$")
_SPACE_SPLIT = re.compile(r"\s+")


_line_end = operator.attrgetter("end")


def _table_follows(lines: Sequence[Line], k: int) -> bool:
    """Whether the next non-blank line after line ``k`` is a table cell."""
    for i in range(k + 1, len(lines)):  # (by index: islice steps over the k lines before)
        if lines[i].text.strip():
            return lines[i].is_table_cell
    return False


def _continues(
    node: _Node, parent: _Node | None, last_sibling: dict[tuple[int, str], int], last_any: dict[str, int]
) -> bool:
    key = (id(parent), node.family.kind)
    if key in last_sibling:
        return node.number == last_sibling[key] + 1
    return node.number == 1 or node.number == last_any.get(node.family.kind, -1) + 1


def _in_articles(node: _Node | None) -> bool:
    """Whether the node is an article or nests inside one (its levels count by depth)."""
    while node is not None:
        if node.family.kind == "article":
            return True
        node = node.parent
    return False


def _level(fam: LabelFamily, parent: _Node | None) -> int:
    """GB/T 9704's fixed level, except in the regulation grammar, where depth counts: a 条 is
    one below its 章/节 (1 with none), and items inside an article ((一), 1., (1)) one below
    the clause they nest in (the revised guide; 第三条 → （一） → 1. is 2 → 3 → 4 under a 章)."""
    if fam.kind == "article":
        return parent.level + 1 if parent and parent.family.kind in _REGULATION else 1
    if _in_articles(parent):
        assert parent is not None
        return parent.level + 1
    return fam.level


def _parse_nodes(doc: Document, meta: Meta, cr: ClauseRules) -> tuple[list[_Node], int]:
    lines, body_end = _label_lines(doc, meta, cr)
    roots: list[_Node] = []
    stack: list[_Node] = []
    last_sibling: dict[tuple[int, str], int] = {}
    last_any: dict[str, int] = {}
    for start, end, text in lines:
        for fam in cr.by_first[text[0]]:
            m = fam.pattern.match(text)
            if m:
                break
        else:
            continue
        try:
            number = label_number(fam.kind, m["n"])
        except (ValueError, IndexError):
            continue
        label = m.group(0).rstrip()
        node = _Node(fam, number, label, start, start + len(label), end)
        depth = len(stack)
        while depth and stack[depth - 1].family.rank >= fam.rank:
            depth -= 1
        parent = stack[depth - 1] if depth else None
        if not _continues(node, parent, last_sibling, last_any):
            continue
        del stack[depth:]
        node.parent = parent
        node.level = _level(fam, parent)
        (parent.children if parent else roots).append(node)
        stack.append(node)
        last_sibling[(id(parent), fam.kind)] = number
        last_any[fam.kind] = number
    return roots, body_end


def _close(nodes: list[_Node], end: int) -> None:
    """Each clause runs to the next sibling (or its parent's end)."""
    for i, node in enumerate(nodes):
        node.end = nodes[i + 1].start if i + 1 < len(nodes) else end
        _close(node.children, node.end)


def _to_models(doc: Document, roots: list[_Node], cr: ClauseRules) -> list[Clause]:
    """The ``Clause`` trees of the nodes; ids unique within the document."""
    text, original = doc.text, doc.original
    norm = doc.norm
    run_norm, run_orig = norm.run_norm, norm.run_orig
    last_run = len(run_norm) - 1
    bisect_right = bisect.bisect_right
    heading_end, heading_max = cr.heading_end.search, cr.heading_max
    page_at = doc.page_at if doc.page_starts else None
    seen: set[str] = set()

    def to_original(start: int, end: int) -> tuple[int, int]:
        # Normalized.span_to_original inlined (three spans for each of ~70 clauses a document);
        # a clause, its label and a heading are never empty, the run table never is with text
        if end <= start or last_run < 0:
            return norm.span_to_original(start, end)
        i = bisect_right(run_norm, start) - 1
        if i < 0:
            i = 0
        last = end - 1
        j = i if i == last_run or run_norm[i + 1] > last else bisect_right(run_norm, last) - 1
        return (run_orig[i] + (start - run_norm[i]), run_orig[j] + (last - run_norm[j]) + 1)

    def to_model(node: _Node, parent_id: str) -> Clause:
        cid = f"{parent_id}.{node.number}" if parent_id else str(node.number)
        if cid in seen:
            k = 2
            while f"{cid}~{k}" in seen:
                k += 1
            cid = f"{cid}~{k}"
        seen.add(cid)
        start, label_end = node.start, node.label_end
        end = start + len(text[start : node.end].rstrip())
        children = node.children
        own_end = children[0].start if children else end
        rest = text[label_end : node.line_end]
        m = heading_end(rest)
        h_len = m.start() if m else min(len(rest), heading_max)
        h_start = label_end + (len(rest) - len(rest.lstrip()))
        h_end = max(h_start, label_end + h_len)
        heading = text[h_start:h_end].strip()
        span = to_original(start, end)
        label_span = to_original(start, label_end)
        return built(
            Clause,
            {
                "id": cid,
                "label": original[label_span[0] : label_span[1]].strip(),  # as written: (一) stays half-width
                "level": node.level,
                "kind": node.family.kind,
                "number": node.number,
                "heading": heading,
                "text": text[start:own_end].strip(),
                "span": span,
                "heading_span": to_original(h_start, h_end) if heading else None,
                "page": page_at(span[0]) if page_at is not None else None,
                "children": [to_model(c, cid) for c in children],
            },
        )

    return [to_model(r, "") for r in roots]


def build_clause_tree(doc: Document, meta: Meta, rules: RuleSet) -> list[Clause]:
    """Clause tree roots of the body, in document order; [] when the body has no labels."""
    cr = clause_rules(rules)
    roots, body_end = _parse_nodes(doc, meta, cr)
    _close(roots, body_end)
    return _to_models(doc, roots, cr)
