"""Command line: argument parsing and I/O only; the work is done by the library."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

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
    """Parse every document in a folder and print a readable summary of each."""
    from .api import parse
    from .errors import PolicyParseError

    folder = Path(args.folder) if args.folder else _default_corpus()
    files = sorted(p for p in folder.rglob("*") if p.suffix.lower() in {".txt", ".pdf", ".docx", ".html", ".ofd"})
    failed = 0
    for path in files:
        try:
            doc = parse(path, rules=args.rules)
        except PolicyParseError as exc:
            failed += 1
            print(f"✗ {path.name}: {exc}")
            continue
        m = doc.meta
        print(f"■ {path.name}")
        print(f"  标题 {m.title}")
        print(f"  文号 {m.doc_number.raw if m.doc_number else '—'}  成文日期 {m.date or '—'}  发文机关 {'、'.join(m.issuers) or '—'}")
        print(f"  条款 {sum(1 for _ in doc.iter_clauses())}  任务 {len(doc.tasks)}  目标 {len(doc.targets)}  "
              f"日期 {len(doc.dates)}  文号 {len(doc.doc_numbers)}  部门 {len(doc.departments)}")
        for t in doc.targets[:8]:
            print(f"    · {t.metric}: {t.comparator.value} {t.value:g} {t.unit}  (year {t.year}, deadline {t.deadline})")
    print(f"{len(files) - failed} parsed, {failed} failed")
    return 1 if failed else 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="policyparse", description="Parse Chinese policy notices (公文).")
    p.add_argument("--rules", help="folder of extra rules/*.yaml overlaid on the shipped rules")
    p.add_argument("--debug", action="store_true", help="show the full traceback of an error")
    sub = p.add_subparsers(dest="command", required=True)

    sp = sub.add_parser("parse", help="parse one file, JSON to stdout")
    sp.add_argument("file")
    sp.add_argument("--pretty", action="store_true")
    sp.add_argument("--no-text", action="store_true", help="leave source.text out of the JSON")
    sp.set_defaults(func=cmd_parse)

    sp = sub.add_parser("eval", help="score parses against gold files (default: corpora/dev)")
    sp.add_argument("gold_dir", nargs="?")
    sp.add_argument("docs_dir", nargs="?")
    sp.add_argument("--format", choices=["txt", "pdf", "docx", "html"], help="only documents of this format")
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=cmd_eval)

    sp = sub.add_parser("schema", help="print the JSON Schema of the output")
    sp.set_defaults(func=cmd_schema)

    sp = sub.add_parser("summary", help="parse a folder and print a readable summary (default: corpora/dev)")
    sp.add_argument("folder", nargs="?")
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
    return p


def main(argv: list[str] | None = None) -> int:
    """Run a command; an error is one line on stderr (a traceback only with ``--debug``).

    Exit codes: 0 done, 1 some input failed, 2 usage or rules error, 3 internal error, 130 Ctrl-C.
    """
    args = build_parser().parse_args(argv)
    from .errors import PolicyParseError, RuleError

    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        if args.debug:
            raise
        print("interrupted", file=sys.stderr)
        return 130
    except (PolicyParseError, OSError) as exc:
        if args.debug:
            raise
        print(f"error: {_one_line(exc)}", file=sys.stderr)
        return 2 if isinstance(exc, RuleError) else 1
    except Exception as exc:  # a bug: say so in one line, the traceback is one flag away
        if args.debug:
            raise
        print(f"internal error: {type(exc).__name__}: {_one_line(exc)} (rerun with --debug for the traceback)",
              file=sys.stderr)  # fmt: skip
        return 3


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__
