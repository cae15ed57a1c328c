"""``policyparse diff OLD NEW``: what changed between two notices, as tables (``--json`` for machines)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from . import subcommand

if TYPE_CHECKING:  # pragma: no cover
    from ..diff import PolicyDiff, TargetChange

STATUS_STYLE = {
    "changed": "yellow",
    "unchanged": "dim",
    "added": "green",
    "removed": "red",
    "moved": "cyan",
    "reworded": "yellow",
    "shifted": "yellow",
}


def _side(c: TargetChange, side: str) -> str:
    from ..quantity_format import format_quantity

    get = lambda name: getattr(c, f"{side}_{name}")  # noqa: E731
    return format_quantity(
        get("value"),
        c.unit,
        value_max=get("value_max"),
        comparator=get("comparator"),
        direction=get("direction"),
    )


def render(d: PolicyDiff, *, all_clauses: bool = False) -> None:
    """Print a diff as rich tables."""
    from rich.console import Console
    from rich.table import Table

    console = Console()
    console.print(
        f"[bold]{d.old_path or 'old'}[/] ({d.old_year}) → [bold]{d.new_path or 'new'}[/] ({d.new_year})"
    )

    from ..quantity_format import KIND_NAMES, format_change, format_quantity

    t = Table(title="目标 targets", show_lines=False)
    for col in ("status", "kind", "metric", "old", "new", "Δ", "score"):
        t.add_column(
            col,
            justify="right" if col in ("old", "new", "Δ", "score") else "left",
            overflow="fold",
            min_width=14 if col == "metric" else None,
        )
    for c in d.targets:
        style = STATUS_STYLE.get(c.status, "")
        t.add_row(
            f"[{style}]{c.status}[/]",
            KIND_NAMES.get(c.kind, c.kind),
            c.metric,
            _side(c, "old"),
            _side(c, "new"),
            format_change(c.abs_change, c.rel_change, c.unit),
            "" if c.score is None else f"{c.score:.2f}",
        )
    console.print(t)

    for s in d.schedules:
        points = "  ".join(
            f"{m.deadline}: {format_quantity(m.value, s.unit, comparator=m.comparator)}" for m in s.milestones
        )
        console.print(f"[bold]进度安排[/] ({s.side}) {s.metric} [{s.unit}]  {points}")

    shown = [clause for clause in d.clauses if all_clauses or clause.status != "unchanged"]
    if shown:
        t = Table(title="条款 clauses")
        for col in ("status", "old", "new", "change"):
            t.add_column(col)
        for clause in shown:
            old = f"{clause.old_label or ''}{clause.old_heading or ''}"
            new = f"{clause.new_label or ''}{clause.new_heading or ''}"
            change = " ".join(f"[red]-{a}[/][green]+{b}[/]" for _, a, b in clause.text_diff[:4])
            status = clause.status + (" (moved)" if clause.moved and clause.status == "reworded" else "")
            t.add_row(f"[{STATUS_STYLE.get(clause.status, '')}]{status}[/]", old, new, change)
        console.print(t)

    m = d.meta
    for f in m.fields:
        console.print(f"[bold]{f.field}[/]: {f.old} → {f.new}")
    for label, items in (
        ("发文机关 +", m.issuers_added),
        ("发文机关 -", m.issuers_removed),
        ("主送机关 +", m.addressees_added),
        ("主送机关 -", m.addressees_removed),
    ):
        if items:
            console.print(f"[bold]{label}[/] {'、'.join(items)}")
    for dl in m.deadlines:
        if dl.status != "unchanged":
            console.print(
                f"[bold]期限 {dl.status}[/]: {dl.old_text or '—'} → {dl.new_text or '—'}  «{dl.context[:40]}»"
            )


def cmd_diff(args: argparse.Namespace) -> int:
    from ..diff import diff
    from ..errors import PolicyParseError

    try:
        d = diff(args.old, args.new, rules=args.rules)
    except (PolicyParseError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(d.to_json(indent=2))
    else:
        render(d, all_clauses=args.all)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    sp = subcommand(
        subparsers,
        "diff",
        "compare two notices: targets by metric, clauses, meta",
        "policyparse diff plan2025.pdf plan2026.pdf",
        "policyparse diff old.txt new.txt --json",
    )
    sp.add_argument("old", help="the earlier notice (any readable file)")
    sp.add_argument("new", help="the later notice")
    sp.add_argument("--json", action="store_true", help="the PolicyDiff as JSON")
    sp.add_argument("--all", action="store_true", help="also list unchanged clauses")
    sp.set_defaults(func=cmd_diff)
