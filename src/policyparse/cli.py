"""Command line: argument parsing and I/O only; the work is done by the library."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from pathlib import Path

from .commands import examples, subcommand
from .loaders.registry import SUPPORTED, extensions_text

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "corpora" / "dev"


def _default_corpus() -> Path:
    for cand in (Path.cwd() / "corpora" / "dev", DEFAULT_CORPUS):
        if cand.is_dir():
            return cand
    raise SystemExit("no corpora/dev folder here: pass GOLD_DIR and DOCS_DIR")


def cmd_parse(args: argparse.Namespace) -> int:
    from .api import parse

    doc = parse(Path(args.file), rules=args.rules)  # errors: one line from main()
    print(doc.to_json(indent=2 if args.pretty else None, include_text=not args.no_text))
    return 0


def cmd_sanity(args: argparse.Namespace) -> int:
    from .sanity import main

    return main([args.folder, *(["--json"] if args.json else [])])


def cmd_eval(args: argparse.Namespace) -> int:
    from .evaluate import evaluate

    gold = Path(args.gold_dir) if args.gold_dir else _default_corpus()
    docs = Path(args.docs_dir) if args.docs_dir else gold
    report = evaluate(gold, docs, fmt=args.format)
    print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2) if args.json else report.to_text())
    return 0 if not report.errors else 1


def cmd_schema(args: argparse.Namespace) -> int:
    from .models import PolicyDocument

    print(json.dumps(PolicyDocument.model_json_schema(), ensure_ascii=False, indent=2))
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    """Parse every notice in a folder and print a readable summary of each.

    Files that do not look like notices (RESULTS.txt, a README) are listed as skipped; with
    ``--glob`` exactly the matching files are parsed.
    """
    from .api import parse
    from .errors import PolicyParseError
    from .inputs import collect_files
    from .paths import for_terminal
    from .quantity_format import KIND_NAMES, target_quantity
    from .screen import not_a_notice

    folder = Path(args.folder) if args.folder else _default_corpus()
    globs = [args.glob] if args.glob else None
    files, _ = collect_files([folder], globs)
    failed = skipped = 0
    for path in files:
        try:
            doc = parse(path, rules=args.rules)
        except PolicyParseError as exc:
            failed += 1
            print(f"✗ {for_terminal(path.name)}: {for_terminal(str(exc))}")
            continue
        if not globs and not_a_notice(doc):
            skipped += 1
            print(f"– {for_terminal(path.name)}: skipped, not a notice")
            continue
        m = doc.meta
        print(f"■ {for_terminal(path.name)}")
        print(f"  标题 {m.title}")
        print(
            f"  文号 {m.doc_number.raw if m.doc_number else '—'}  成文日期 {m.date or '—'}  发文机关 {'、'.join(m.issuers) or '—'}"
        )
        print(
            f"  条款 {sum(1 for _ in doc.iter_clauses())}  任务 {len(doc.tasks)}  目标 {len(doc.targets)}  "
            f"日期 {len(doc.dates)}  文号 {len(doc.doc_numbers)}  部门 {len(doc.departments)}"
        )
        for t in doc.targets[:8]:
            print(
                f"    · {t.metric}: {target_quantity(t)}  ({KIND_NAMES[t.kind]}, year {t.year}, deadline {t.deadline})"
            )
    tail = f", {skipped} skipped (not notices)" if skipped else ""
    print(f"{len(files) - failed - skipped} parsed, {failed} failed{tail}")
    return 1 if failed else 0


def add_global_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    """Options accepted before or after the command (``suppress``: on a command's own parser,
    where an option not given must not reset a value given before the command)."""

    def default(value: object) -> object:
        return argparse.SUPPRESS if suppress else value

    g = parser.add_argument_group("global options (before or after the command)")
    g.add_argument("--rules", metavar="DIR", default=default(None),
                   help="folder of extra rules/*.yaml overlaid on the shipped rules")  # fmt: skip
    g.add_argument("--debug", action="store_true", default=default(False),
                   help="show the full traceback of an error")  # fmt: skip
    g.add_argument("-v", "--verbose", action="count", default=default(0),
                   help="log more: -v info, -vv debug (also POLICYPARSE_LOG=DEBUG)")  # fmt: skip
    g.add_argument("-q", "--quiet", action="store_true", default=default(False),
                   help="log errors only; batch: no progress bar, failure lines or summary")  # fmt: skip


def build_parser() -> argparse.ArgumentParser:
    from .version import __version__

    p = argparse.ArgumentParser(
        prog="policyparse",
        description="Parse Chinese policy notices (公文) into typed, traceable records.",
        epilog=examples(
            "policyparse parse notice.pdf --pretty",
            "policyparse batch pdfs/ -o out/ --format duckdb",
            "policyparse summary corpora/dev",
            "policyparse batch --help",
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"policyparse {__version__}",
                   help="print the version and exit")  # fmt: skip
    add_global_options(p, suppress=False)
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND", help="one of:")

    sp = subcommand(sub, "parse", "parse one file, JSON to stdout", "policyparse parse notice.pdf --pretty",
              "policyparse parse notice.txt --no-text | jq .targets")  # fmt: skip
    sp.add_argument("file", help=f"a {extensions_text()} file")
    sp.add_argument("--pretty", action="store_true", help="indent the JSON")
    sp.add_argument("--no-text", action="store_true", help="leave source.text out of the JSON")
    sp.set_defaults(func=cmd_parse)

    sp = subcommand(sub, "eval", "score parses against gold files (default: corpora/dev)", "policyparse eval",
              "policyparse eval corpora/holdout6", "policyparse eval corpora/dev corpora/pdf --format pdf")  # fmt: skip
    sp.add_argument("gold_dir", nargs="?", help="folder of *.gold.json files (default corpora/dev)")
    sp.add_argument("docs_dir", nargs="?", help="folder of the documents to parse (default: GOLD_DIR)")
    sp.add_argument("--format", choices=[ext.lstrip(".") for ext in SUPPORTED],
                    help="only documents with this extension")  # fmt: skip
    sp.add_argument("--json", action="store_true", help="the report as JSON")
    sp.set_defaults(func=cmd_eval)

    sp = subcommand(sub, "sanity", "share of notices in a folder where the parser finds what the text prints (no gold)",
              "policyparse sanity corpora/real/raw", "policyparse sanity archive/ --json")  # fmt: skip
    sp.add_argument("folder", help="folder of notices (searched recursively)")
    sp.add_argument("--json", action="store_true", help="the report as JSON")
    sp.set_defaults(func=cmd_sanity)

    sp = subcommand(
        sub,
        "schema",
        "print the JSON Schema of the output",
        "policyparse schema > policydocument.schema.json",
    )
    sp.set_defaults(func=cmd_schema)

    sp = subcommand(sub, "summary", "parse a folder and print a readable summary (default: corpora/dev)",
              "policyparse summary corpora/dev", "policyparse summary archive/ --glob '*.txt'")  # fmt: skip
    sp.add_argument("folder", nargs="?", help="folder of notices (recursive; default corpora/dev)")
    sp.add_argument("--glob", metavar="PATTERN",
                    help="parse exactly the files matching PATTERN (e.g. '*.txt'), notice-like or not")  # fmt: skip
    sp.set_defaults(func=cmd_summary)

    import importlib

    from .commands import COMMAND_MODULES

    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f".commands.{name}", __package__)
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.endswith(f"commands.{name}"):
                continue  # command not built
            raise
        module.register(sub)
    for command in sub.choices.values():
        add_global_options(command, suppress=True)
    return p


def main(argv: list[str] | None = None) -> int:
    """Run a command; an error is one line on stderr (a traceback only with ``--debug``).

    Exit codes: 0 done (also when stdout is closed early, ``| head``), 1 some input failed,
    2 usage, rules or a missing optional package, 3 internal error, 130 Ctrl-C.
    """
    args = build_parser().parse_args(argv)
    from .errors import MissingExtra, OutputExists, PolicyParseError, RuleError
    from .extras import from_import_error
    from .logs import configure

    configure(args.verbose, args.quiet)
    try:
        code = int(args.func(args))
        sys.stdout.flush()  # a closed pipe shows here, not at interpreter exit
        return code
    except KeyboardInterrupt:
        if args.debug:
            raise
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader (head, less) has gone: stop quietly
        _silence_stdout()
        return 0
    except (PolicyParseError, OSError) as exc:
        if args.debug:
            raise
        print(f"error: {_one_line(exc)}", file=sys.stderr)
        return 2 if isinstance(exc, (RuleError, MissingExtra, OutputExists)) else 1
    except ModuleNotFoundError as exc:
        extra = from_import_error(exc)
        if args.debug or extra is None:
            if args.debug:
                raise
            return _internal(exc)
        print(f"error: {extra}", file=sys.stderr)
        return 2
    except Exception as exc:  # a bug: say so in one line, the traceback is one flag away
        if args.debug:
            raise
        return _internal(exc)


def _internal(exc: BaseException) -> int:
    print(f"internal error: {type(exc).__name__}: {_one_line(exc)} (rerun with --debug for the traceback)",
          file=sys.stderr)  # fmt: skip
    return 3


def _silence_stdout() -> None:
    # Python flushes stdout again at exit and would complain about the closed pipe
    import os

    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _one_line(exc: BaseException) -> str:
    from .paths import for_terminal  # a file name's escape sequences must not reach the terminal

    return for_terminal(" ".join(str(exc).split())) or type(exc).__name__
