"""``policyparse batch INPUT... -o OUT``: parse files and folders into JSONL, parquet or DuckDB."""

from __future__ import annotations

import argparse
import sys


def _positive(kind: type) -> object:
    def check(text: str) -> object:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        if value <= 0:
            raise argparse.ArgumentTypeError(f"must be positive: {text!r}")
        return value

    return check


def cmd_batch(args: argparse.Namespace) -> int:
    from ..batch import print_failures, print_summary, run_batch
    from ..errors import RuleError
    from ..limits import MB, Limits

    limits = Limits(
        max_file_bytes=int(args.max_file_mb * MB),
        max_pdf_pages=args.max_pages,
        max_text_chars=args.max_chars,
        max_unzipped_bytes=int(args.max_unzipped_mb * MB),
    )

    fmt = args.format or "jsonl"
    if args.resume and args.overwrite:
        print("error: --resume and --overwrite exclude each other", file=sys.stderr)
        return 2
    if args.resume and fmt in ("csv", "xlsx"):
        print(
            f"error: --format {fmt} is an export and cannot --resume (jsonl, parquet and duckdb can)",
            file=sys.stderr,
        )
        return 2
    if args.dask:
        if args.format not in (None, "parquet") or args.resume:
            print("error: --dask writes --format parquet and cannot --resume", file=sys.stderr)
            return 2
        from pathlib import Path

        from ..batch import prepare_out
        from ..dask import run_on_dask

        prepare_out(Path(args.out), resume=False, overwrite=args.overwrite)  # OutputExists: exit 2

        summary = run_on_dask(args.inputs, args.out, address=args.dask, rules=args.rules)
    else:
        try:
            summary = run_batch(
                args.inputs,
                args.out,
                workers=args.workers,
                fmt=fmt,
                timeout=args.timeout,
                resume=args.resume,
                rules=args.rules,
                progress=not args.quiet and sys.stderr.isatty(),
                chunk_size=args.chunk_size,
                parse_fn=args.parse_fn,
                limits=limits,
                overwrite=args.overwrite,
                globs=args.glob,
                follow_links=args.follow_links,
            )
        except RuleError as exc:
            from ..paths import for_terminal

            print(f"error: {for_terminal(str(exc))}", file=sys.stderr)
            return 2
        except KeyboardInterrupt:
            print("interrupted: the output so far is valid; rerun with --resume to finish", file=sys.stderr)
            return 130
    if not args.quiet:
        print_failures(args.out)
        print_summary(summary, args.out)
    return summary.exit_code


def register(subparsers: argparse._SubParsersAction) -> None:
    from ..limits import MB, Limits

    sp = subparsers.add_parser(
        "batch",
        help="parse files and folders (recursive) into OUT: JSONL, parquet tables or a DuckDB file",
        description="Parse every .txt .pdf .docx .html .htm .doc .ofd file under the inputs that looks like a notice "
        "(others are skipped and counted; --glob picks files by name instead). Exit code 0 when all parsed, "
        "1 when some failed (listed in OUT/errors.jsonl), 2 on bad usage or when OUT already holds files "
        "(pass --overwrite or --resume).",
        epilog="examples:\n  policyparse batch pdfs/ -o out/ --format duckdb\n"
        "  policyparse batch archive/ -o out/ --format csv --glob '*.txt'\n"
        "  policyparse batch pdfs/ -o out/ --format duckdb --resume",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sp.add_argument("inputs", nargs="+", metavar="INPUT", help="files or folders (recursive)")
    sp.add_argument(
        "-o", "--out", required=True, help="output folder (new or empty, unless --overwrite/--resume)"
    )
    sp.add_argument("--format", choices=["jsonl", "parquet", "duckdb", "csv", "xlsx"],
                    help="jsonl: OUT/documents.jsonl (default); parquet: OUT/<table>/*.parquet; "
                    "duckdb: OUT/policyparse.duckdb; csv: OUT/<table>.csv; xlsx: OUT/policyparse.xlsx, "
                    "one sheet per table")  # fmt: skip
    sp.add_argument(
        "--workers", type=_positive(int), default=None, help="worker processes (default: the cores)"
    )
    sp.add_argument(
        "--timeout", type=_positive(float), default=60.0, help="seconds allowed per file (default 60)"
    )
    sp.add_argument("--resume", action="store_true",
                    help="finish an interrupted run into OUT: skip files already there (by content hash)")  # fmt: skip
    sp.add_argument("--overwrite", action="store_true", help="replace the outputs of an earlier run in OUT")
    sp.add_argument("--follow-links", action="store_true",
                    help="read symlinks that lead out of the input folders (skipped by default)")  # fmt: skip
    sp.add_argument("--glob", metavar="PATTERN", action="append",
                    help="parse exactly the files whose name matches PATTERN ('*.txt'; repeatable), "
                    "notice-like or not")  # fmt: skip
    sp.add_argument("--chunk-size", type=_positive(int), default=100,
                    help="documents per parquet part / DuckDB transaction (default 100)")  # fmt: skip
    d = Limits()
    sp.add_argument("--max-file-mb", type=_positive(float), default=d.max_file_bytes / MB,
                    help=f"refuse files larger than this (default {d.max_file_bytes / MB:g})")  # fmt: skip
    sp.add_argument("--max-pages", type=_positive(int), default=d.max_pdf_pages,
                    help=f"refuse PDFs with more pages (default {d.max_pdf_pages})")  # fmt: skip
    sp.add_argument("--max-chars", type=_positive(int), default=d.max_text_chars,
                    help=f"refuse texts with more characters (default {d.max_text_chars:,})")  # fmt: skip
    sp.add_argument("--max-unzipped-mb", type=_positive(float), default=d.max_unzipped_bytes / MB,
                    help=f"refuse DOCX that inflate beyond this (default {d.max_unzipped_bytes / MB:g})")  # fmt: skip
    sp.add_argument("--dask", metavar="SCHEDULER_ADDRESS", help="run on a Dask cluster (parquet output)")
    sp.add_argument("--parse-fn", help=argparse.SUPPRESS)  # module:function replacing parse (tests)
    sp.set_defaults(func=cmd_batch)
