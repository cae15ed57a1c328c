"""``policyparse show FILE``: the clause tree in the terminal, targets, deadlines and leads highlighted.

``--html out.html`` also writes the standalone highlighted view (:mod:`policyparse.html_view`).
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..loaders.registry import extensions_text
from ..quantity_format import KIND_NAMES, target_quantity
from . import subcommand

if TYPE_CHECKING:  # pragma: no cover
    from rich.tree import Tree

    from ..models import Clause, PolicyDocument

STYLES = {"target": "bold black on yellow", "deadline": "bold white on red", "lead": "bold black on green"}


def _by_clause(doc: PolicyDocument) -> dict[str | None, list[tuple[str, str]]]:
    """Clause id -> (style key, line) of the records to show under it, in document order."""
    items: dict[str | None, list[tuple[int, str, str]]] = defaultdict(list)
    for t in doc.targets:
        when = f"  [{t.year}]" if t.year else ""
        kind = f" ({KIND_NAMES[t.kind]})" if t.kind != "goal" else ""
        line = f"目标{kind} {t.metric}: {target_quantity(t)}{when}  «{t.text}»"
        items[t.clause_id].append((t.span[0], "target", line))
    for d in doc.dates:
        if d.kind == "deadline":
            items[d.clause_id].append((d.span[0], "deadline", f"期限 {d.value}  «{d.text}»"))
    for task in doc.tasks:
        if task.lead:
            items[task.clause_id].append((task.span[0], "lead", f"牵头 {'、'.join(task.lead)}"))
    for dep in doc.departments:
        if dep.role == "lead":
            items[dep.clause_id].append((dep.span[0], "lead", f"牵头 {dep.name}"))
    return {cid: [(k, line) for _, k, line in sorted(rows)] for cid, rows in items.items()}


def _add_records(node: Tree, rows: list[tuple[str, str]]) -> None:
    from rich.text import Text

    seen = set()
    for key, line in rows:
        if line in seen:  # a lead named by both the task table and the department extractor
            continue
        seen.add(line)
        node.add(Text(line, style=STYLES[key]))


def _add_clause(parent: Tree, clause: Clause, records: dict[str | None, list[tuple[str, str]]]) -> None:
    from rich.text import Text

    heading = clause.heading if clause.heading.startswith(clause.label) else f"{clause.label}{clause.heading}"
    node = parent.add(Text(heading or clause.label, style="bold" if clause.level == 1 else ""))
    _add_records(node, records.get(clause.id, []))
    for child in clause.children:
        _add_clause(node, child, records)


def build_tree(doc: PolicyDocument) -> Tree:
    """A rich ``Tree``: the title, records outside any clause, then the clauses with their records."""
    from rich.tree import Tree

    m = doc.meta
    title = m.title or (Path(doc.source.path).name if doc.source.path else "(untitled)")
    number = f"  {m.doc_number.raw}" if m.doc_number else ""
    root = Tree(f"[bold]{_escape(title)}[/bold]{_escape(number)}  {_escape(m.date or '')}")
    records = _by_clause(doc)
    _add_records(root, records.get(None, []))
    for clause in doc.clauses:
        _add_clause(root, clause, records)
    return root


def _escape(s: str) -> str:
    from rich.markup import escape

    return escape(s)


def cmd_show(args: argparse.Namespace) -> int:
    from rich.console import Console

    from ..api import parse
    from ..errors import PolicyParseError

    console = Console(no_color=args.no_color, highlight=False)
    try:
        doc = parse(Path(args.file), rules=args.rules)
    except (PolicyParseError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    console.print(build_tree(doc))
    legend = "  ".join(f"[{style}] {name} [/]" for name, style in STYLES.items())
    console.print(
        f"legend: {legend}   targets {len(doc.targets)} · dates {len(doc.dates)} · tasks {len(doc.tasks)}"
    )
    if args.html:
        from ..html_view import write_html

        out = write_html(doc, args.html)
        console.print(f"wrote {out}")
    return 0


def register(subparsers: Any) -> None:
    sp = subcommand(
        subparsers,
        "show",
        "print the clause tree with targets, deadlines and leads highlighted",
        "policyparse show notice.pdf",
        "policyparse show notice.docx --html view.html",
    )
    sp.add_argument("file", help=f"a {extensions_text()} file")
    sp.add_argument("--html", metavar="OUT", help="also write the standalone highlighted HTML view here")
    sp.add_argument("--no-color", action="store_true", help="plain text output")
    sp.set_defaults(func=cmd_show)
