"""A self-contained HTML view of a parsed notice, for review in a browser or a notebook.

The notice's source text is shown as written, with the clause headings in bold and every
extracted target, date, 发文字号 and department highlighted in its own colour. A legend names
the colours; a side panel holds the clause outline and one table per record kind, each row
linking to its highlight. Nothing is fetched: CSS is inline, fonts are the reader's own CJK
fonts, there is no script.

Records may overlap (a date inside a target). Highlights are nested; where two records cross,
the inner one is closed and reopened, so a record can be drawn in several pieces that share
its ``data-rec`` id. The pieces of a record, joined, are always exactly its text.

Task tables (the loaders' tab-prefixed cell lines) are drawn as HTML tables, one cell per
line; every character of the source stays in the view, in a cell, so the shown text is still
exactly the notice. The side panel also lists the tasks with their leads and deadlines.

>>> from policyparse.models import PolicyDocument, Source, DateMention
>>> doc = PolicyDocument(source=Source(text="2026年底前完成。"),
...                      dates=[DateMention(text="2026年底前", value="2026-12-31", kind="deadline", span=(0, 7))])
>>> '<mark class="pp-dates" data-rec="dates-0"' in render_fragment(doc)
True
"""

from __future__ import annotations

import html
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .quantity_format import target_quantity

if TYPE_CHECKING:  # pragma: no cover
    from .models import Clause, PolicyDocument

HIGHLIGHTS: dict[str, tuple[str, str]] = {
    "targets": ("目标 Targets", "#ffd166"),
    "dates": ("日期 Dates", "#8ecae6"),
    "doc_numbers": ("文号 Doc numbers", "#cdb4db"),
    "departments": ("部门 Departments", "#95d5b2"),
}
"""Record field -> (legend label, background colour). The order is the nesting priority on ties."""

HEADING_KIND = "heading"


@dataclass(frozen=True)
class _Mark:
    start: int
    end: int
    kind: str
    index: int
    title: str

    @property
    def rec(self) -> str:
        return f"{self.kind}-{self.index}"


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _describe(kind: str, r: Any) -> str:
    """One-line summary of a record, shown as tooltip and in the side tables."""
    if kind == "targets":
        when = f" ({r.year})" if r.year else ""
        kind = f" [{r.kind}]" if r.kind != "goal" else ""
        return f"{r.metric}: {target_quantity(r)}{when}{kind}"
    if kind == "dates":
        return f"{r.kind} {r.modifier + ' ' if r.modifier else ''}{r.value}"
    if kind == "doc_numbers":
        return f"{r.role} {r.raw}"
    if kind == "departments":
        return f"{r.role} {r.name}"
    return ""


def _marks(doc: PolicyDocument) -> list[_Mark]:
    size = len(doc.source.text)
    marks: list[_Mark] = []
    for kind in HIGHLIGHTS:
        for i, r in enumerate(getattr(doc, kind)):
            s, e = r.span
            if 0 <= s < e <= size:  # a record with a bad span is listed, not drawn
                marks.append(_Mark(s, e, kind, i, _describe(kind, r)))
    for clause in doc.iter_clauses():
        if clause.heading_span and 0 <= clause.heading_span[0] < clause.heading_span[1] <= size:
            s, e = clause.heading_span
            marks.append(_Mark(s, e, HEADING_KIND, 0, clause.id))
    return marks


_PRIORITY = {kind: i for i, kind in enumerate([HEADING_KIND, *HIGHLIGHTS])}


def _clip(marks: list[_Mark], start: int, end: int) -> list[_Mark]:
    """The parts of ``marks`` inside ``[start, end)``."""
    return [
        replace(m, start=max(m.start, start), end=min(m.end, end))
        for m in marks
        if m.start < end and m.end > start
    ]


def _open_tag(m: _Mark, first: bool) -> str:
    if m.kind == HEADING_KIND:
        return f'<span class="pp-heading" data-clause="{_esc(m.title)}">'
    anchor = f' id="{m.rec}"' if first else ""
    return f'<mark class="pp-{m.kind}" data-rec="{m.rec}"{anchor} title="{_esc(m.title)}">'


def _close_tag(m: _Mark) -> str:
    return "</span>" if m.kind == HEADING_KIND else "</mark>"


def highlight(
    text: str,
    marks: list[_Mark],
    anchors: dict[int, list[str]] | None = None,
    *,
    start: int = 0,
    end: int | None = None,
    opened_recs: set[str] | None = None,
) -> str:
    """``text[start:end]`` escaped, with every mark wrapped in properly nested tags.

    ``anchors`` maps an offset to element ids placed there (clause starts). Marks reaching
    outside the range are drawn in part; ``opened_recs`` (shared between calls on pieces of one
    text) keeps a record's ``id`` anchor on its first piece only.
    """
    anchors = anchors or {}
    end = len(text) if end is None else end
    if start or end != len(text):
        marks = _clip(marks, start, end)
        anchors = {p: ids for p, ids in anchors.items() if start <= p < end}
    first_recs = opened_recs if opened_recs is not None else set()
    starts: dict[int, list[_Mark]] = defaultdict(list)
    for m in marks:
        starts[m.start].append(m)
    cuts = sorted({start, end, *starts, *(m.end for m in marks), *(p for p in anchors if p <= end)})
    out: list[str] = []
    stack: list[_Mark] = []
    for p, q in zip(cuts, [*cuts[1:], end], strict=True):
        ending = [i for i, m in enumerate(stack) if m.end <= p]
        reopen: list[_Mark] = []
        if ending:
            # close down to the lowest mark that ends here; marks above it that go on are reopened
            low = ending[0]
            for m in reversed(stack[low:]):
                out.append(_close_tag(m))
            reopen = [m for m in stack[low:] if m.end > p]
            del stack[low:]
        out.extend(f'<a class="pp-anchor" id="{_esc(a)}"></a>' for a in anchors.get(p, ()))
        # longer marks outside, so nesting crosses as rarely as possible
        for m in sorted(reopen + starts.get(p, []), key=lambda m: (-m.end, _PRIORITY[m.kind])):
            out.append(_open_tag(m, m.rec not in first_recs))
            first_recs.add(m.rec)
            stack.append(m)
        out.append(_esc(text[p:q]))
    out.extend(_close_tag(m) for m in reversed(stack))
    return "".join(out)


def _segments(text: str) -> list[tuple[str, int, int] | list[list[tuple[int, int]]]]:
    """The text cut into prose ``("text", start, end)`` and tables (rows of cell ranges).

    A table row is a run of lines starting with a tab (one cell per line; lines without a tab
    continue the cell above); rows are separated by a blank line, which goes with the row
    before it. Every offset of ``text`` falls in exactly one segment.
    """
    lines: list[tuple[int, int]] = []  # (start, end including the newline)
    pos = 0
    for line in text.splitlines(keepends=True):
        lines.append((pos, pos + len(line)))
        pos += len(line)
    out: list[tuple[str, int, int] | list[list[tuple[int, int]]]] = []
    prose_start = 0
    i = 0
    while i < len(lines):
        if not text.startswith("\t", lines[i][0]):
            i += 1
            continue
        if lines[i][0] > prose_start:
            out.append(("text", prose_start, lines[i][0]))
        rows: list[list[tuple[int, int]]] = []
        while i < len(lines) and text.startswith("\t", lines[i][0]):
            cells: list[tuple[int, int]] = []
            while i < len(lines) and text[lines[i][0] : lines[i][1]].strip("\r\n"):
                s, e = lines[i]
                if text.startswith("\t", s) or not cells:
                    cells.append((s, e))
                else:
                    cells[-1] = (cells[-1][0], e)  # a cell's text on more than one line
                i += 1
            while i < len(lines) and not text[lines[i][0] : lines[i][1]].strip("\r\n"):
                cells[-1] = (cells[-1][0], lines[i][1])  # the blank line after a row
                i += 1
            rows.append(cells)
        out.append(rows)
        prose_start = lines[i][0] if i < len(lines) else len(text)
    if prose_start < len(text) or not out:
        out.append(("text", prose_start, len(text)))
    return out


def _body(text: str, marks: list[_Mark], anchors: dict[int, list[str]]) -> str:
    """The highlighted text, task tables drawn as ``<table>`` elements."""
    opened: set[str] = set()
    parts = []
    for seg in _segments(text):
        if isinstance(seg, tuple):
            parts.append(highlight(text, marks, anchors, start=seg[1], end=seg[2], opened_recs=opened))
            continue
        rows = "".join(
            "<tr>" + "".join(f"<td>{highlight(text, marks, anchors, start=s, end=e, opened_recs=opened)}</td>"
                             for s, e in cells) + "</tr>"
            for cells in seg
        )  # fmt: skip
        parts.append(f'<table class="pp-srctable"><tbody>{rows}</tbody></table>')
    return "".join(parts)


def _clause_anchor(clause_id: str) -> str:
    return f"clause-{clause_id}"


def _outline(clauses: list[Clause]) -> str:
    if not clauses:
        return ""
    items = []
    for c in clauses:
        label = f"{c.label}{c.heading}" if not c.heading.startswith(c.label) else c.heading
        items.append(
            f'<li><a href="#{_esc(_clause_anchor(c.id))}">{_esc(label[:40] or c.label)}</a>{_outline(c.children)}</li>'
        )
    return "<ul>" + "".join(items) + "</ul>"


def _meta_block(doc: PolicyDocument) -> str:
    m = doc.meta
    rows = [
        ("标题", m.title),
        ("文号", m.doc_number.raw if m.doc_number else None),
        ("发文机关", "、".join(m.issuers)),
        ("主送", "、".join(m.addressees)),
        ("成文日期", m.date),
    ]
    cells = "".join(f"<dt>{k}</dt><dd>{_esc(v)}</dd>" for k, v in rows if v)
    counts = " · ".join(
        [*(f"{HIGHLIGHTS[k][0]} {len(getattr(doc, k))}" for k in HIGHLIGHTS), f"任务 Tasks {len(doc.tasks)}"]
    )
    return f'<dl class="pp-meta">{cells}</dl><p class="pp-counts">{_esc(counts)}</p>'


def _legend() -> str:
    swatches = "".join(
        f'<span class="pp-legend-item"><mark class="pp-{k}">{_esc(label)}</mark></span>'
        for k, (label, _) in HIGHLIGHTS.items()
    )
    return f'<div class="pp-legend">{swatches}<span class="pp-legend-item"><span class="pp-heading">条款标题 Headings</span></span></div>'


def _record_tables(doc: PolicyDocument) -> str:
    parts = []
    for kind, (label, _) in HIGHLIGHTS.items():
        records = getattr(doc, kind)
        if not records:
            continue
        rows = "".join(
            f'<tr><td><a href="#{kind}-{i}"><mark class="pp-{kind}">{_esc(r.text)}</mark></a></td>'
            f"<td>{_esc(_describe(kind, r))}</td><td>{_esc(r.clause_id or '')}</td></tr>"
            for i, r in enumerate(records)
        )
        parts.append(
            f'<h3>{_esc(label)} ({len(records)})</h3><table class="pp-table" data-kind="{kind}">'
            f"<thead><tr><th>text</th><th>value</th><th>clause</th></tr></thead><tbody>{rows}</tbody></table>"
        )
    parts.append(_tasks_table(doc))
    return "".join(parts)


TASK_CONTENT_CHARS = 80
"""Task content longer than this is cut in the side table (the full text is in the notice)."""


def _tasks_table(doc: PolicyDocument) -> str:
    """Who does what by when: one row per task, linked to its clause."""
    if not doc.tasks:
        return ""
    rows = []
    for i, task in enumerate(doc.tasks):
        content = (
            task.content
            if len(task.content) <= TASK_CONTENT_CHARS
            else task.content[:TASK_CONTENT_CHARS] + "…"
        )
        where = task.clause_id or ""
        ref = (
            f'<a href="#{_esc(_clause_anchor(where))}">{_esc(task.clause or where)}</a>'
            if where
            else _esc(task.seq or "")
        )
        targets = "、".join(f'<a href="#targets-{t}">{t}</a>' for t in task.target_ids)
        rows.append(
            f'<tr data-task="{i}"><td>{ref}</td><td>{_esc(content)}</td><td>{_esc("、".join(task.lead))}</td>'
            f"<td>{_esc('、'.join(task.co))}</td><td>{_esc(task.deadline or '')}</td><td>{targets}</td></tr>"
        )
    head = "".join(
        f"<th>{h}</th>"
        for h in ("条款/序号", "任务 task", "牵头 lead", "配合 co", "期限 deadline", "目标 targets")
    )
    return (f'<h3>任务 Tasks ({len(doc.tasks)})</h3><table class="pp-table" data-kind="tasks">'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")  # fmt: skip


CSS = """
.pp-view *{box-sizing:border-box}
.pp-view{font-family:"Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",
 "WenQuanYi Micro Hei",sans-serif;color:#1b1b1b;line-height:1.7;font-size:15px}
.pp-view .pp-grid{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:20px;align-items:start}
.pp-view .pp-text{white-space:pre-wrap;word-break:break-all;tab-size:2;border:1px solid #ddd;padding:12px 16px;
 background:#fff}
.pp-view .pp-side{position:sticky;top:0;max-height:100vh;overflow:auto;font-size:13px;padding-right:8px}
.pp-view mark{border-radius:3px;padding:0 1px;color:inherit}
.pp-view .pp-heading{font-weight:700;color:#7a1f1f}
.pp-view .pp-legend{display:flex;flex-wrap:wrap;gap:10px;margin:8px 0 12px}
.pp-view .pp-legend-item{font-size:13px}
.pp-view .pp-meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:0}
.pp-view .pp-meta dt{font-weight:700;color:#555}.pp-view .pp-meta dd{margin:0}
.pp-view .pp-counts{color:#555;font-size:13px}
.pp-view .pp-table{border-collapse:collapse;width:100%;margin-bottom:10px;word-break:break-all}
.pp-view .pp-table td,.pp-view .pp-table th{border-bottom:1px solid #eee;padding:2px 4px;text-align:left;
 vertical-align:top}
.pp-view .pp-side ul{padding-left:16px;margin:2px 0}
.pp-view a{color:inherit;text-decoration:none}
.pp-view h3{font-size:14px;margin:12px 0 4px}
.pp-view .pp-srctable{border-collapse:collapse;margin:4px 0;white-space:normal}
.pp-view .pp-srctable td{border:1px solid #bbb;padding:2px 6px;vertical-align:top;white-space:pre-line}
"""
CSS += "".join(f".pp-view mark.pp-{k}{{background:{colour}}}\n" for k, (_, colour) in HIGHLIGHTS.items())


def render_fragment(doc: PolicyDocument) -> str:
    """The view as an HTML fragment (a ``<div>`` with its own ``<style>``), for notebooks."""
    anchors: dict[int, list[str]] = defaultdict(list)
    for clause in doc.iter_clauses():
        anchors[clause.span[0]].append(_clause_anchor(clause.id))
    body = _body(doc.source.text, _marks(doc), anchors)
    outline = _outline(doc.clauses)
    side = (f"<h3>条款 Clauses</h3>{outline}" if outline else "") + _record_tables(doc)
    return (
        f'<div class="pp-view"><style>{CSS}</style>{_meta_block(doc)}{_legend()}'
        f'<div class="pp-grid"><div class="pp-text">{body}</div><div class="pp-side">{side}</div></div></div>'
    )


def render_html(doc: PolicyDocument, *, title: str | None = None) -> str:
    """A standalone HTML page of the view (UTF-8, no external resources)."""
    page_title = title or doc.meta.title or (Path(doc.source.path).name if doc.source.path else "policyparse")
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{_esc(page_title)}</title></head>"
        f'<body style="margin:16px">{render_fragment(doc)}</body></html>\n'
    )


def write_html(doc: PolicyDocument, path: str | Path, *, title: str | None = None) -> Path:
    """Write :func:`render_html` to ``path``; returns the path."""
    out = Path(path)
    out.write_text(render_html(doc, title=title), encoding="utf-8")
    return out
