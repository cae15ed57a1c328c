"""``policyparse timeline DIR``: each metric's value by year across a folder of notices."""

from __future__ import annotations

import argparse
import sys

from . import subcommand


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""  # pandas gives NaN for missing text


def cmd_timeline(args: argparse.Namespace) -> int:
    from ..timeline import plot_timeline, timeline

    frame = timeline(args.folder, metric=args.metric, rules=args.rules)
    if args.json:
        print(frame.to_json(orient="records", force_ascii=False, indent=2))
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(title="目标时间序列 timeline")
        from ..quantity_format import KIND_NAMES, format_quantity

        for col in ("metric", "kind", "year", "value", "document", "clause"):
            table.add_column(col, justify="right" if col in ("year", "value") else "left")
        for row in frame.itertuples():
            top = None if row.value_max != row.value_max else row.value_max  # NaN: no range
            direction = row.direction if isinstance(row.direction, str) else None
            value = format_quantity(
                row.value, row.unit, value_max=top, comparator=row.comparator, direction=direction
            )
            table.add_row(
                row.metric,
                KIND_NAMES.get(row.kind, row.kind),
                str(row.year),
                value,
                _text(row.document).rsplit("/", 1)[-1],
                _text(row.clause_id),
            )
        Console().print(table)
    if args.plot:
        if frame.empty:
            print("nothing to plot", file=sys.stderr)
            return 1
        print(f"chart written to {plot_timeline(frame, args.plot)}", file=sys.stderr)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    sp = subcommand(
        subparsers,
        "timeline",
        "value by year of every metric across a folder of notices",
        "policyparse timeline corpora/dev --metric 高级工",
        "policyparse timeline plans/ --plot timeline.png",
    )
    sp.add_argument("folder", help="folder of notices (recursive)")
    sp.add_argument("--metric", metavar="TEXT", help="only metrics whose wording contains or resembles TEXT")
    sp.add_argument("--plot", metavar="PNG", help="draw the series to a PNG (matplotlib, CJK font)")
    sp.add_argument("--json", action="store_true", help="rows as JSON")
    sp.set_defaults(func=cmd_timeline)
