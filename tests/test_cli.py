"""CLI conventions: --version, help and an example everywhere, global options on either side of the
command, logging levels, a closed pipe, a missing optional package, exit codes."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest

from policyparse import __version__
from policyparse.cli import build_parser, main

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpora" / "dev" / "004_6f963c420dca890b.txt"
HIDDEN = {"parse_fn"}  # the batch's test hook, deliberately not in --help


def run(*args: str, env: dict[str, str] | None = None, **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "policyparse", *args], capture_output=True, text=True,
                          timeout=240, env=env, **kw)  # type: ignore[call-overload]  # fmt: skip


def parsers() -> list[tuple[str, argparse.ArgumentParser]]:
    root = build_parser()
    sub = next(a for a in root._actions if isinstance(a, argparse._SubParsersAction))
    return [("policyparse", root), *((f"policyparse {name}", p) for name, p in sub.choices.items())]


def test_version() -> None:
    res = run("--version")
    assert (res.returncode, res.stdout.strip()) == (0, f"policyparse {__version__}")


@pytest.mark.parametrize(("prog", "parser"), parsers(), ids=[name for name, _ in parsers()])
def test_every_command_and_argument_has_help_and_the_command_an_example(
    prog: str, parser: argparse.ArgumentParser
) -> None:
    for action in parser._actions:
        if action.dest in HIDDEN:
            assert action.help == argparse.SUPPRESS
            continue
        assert action.help and action.help != argparse.SUPPRESS, (
            f"{prog}: {action.option_strings or action.dest}"
        )
    assert parser.description, prog
    assert parser.epilog and parser.epilog.startswith("examples:"), prog
    assert f"\n  {prog.split()[0]} " in parser.epilog  # a command line to copy
    if prog != "policyparse":
        assert f"{prog} " in parser.epilog, prog
    parser.format_help()  # renders without error


def test_the_command_list_has_help() -> None:
    root = build_parser()
    sub = next(a for a in root._actions if isinstance(a, argparse._SubParsersAction))
    assert all(choice.help for choice in sub._choices_actions)
    assert {"parse", "batch", "summary", "eval", "schema", "show", "diff", "timeline"} <= set(sub.choices)


@pytest.mark.parametrize(
    "argv",
    [["--debug", "--rules", "R", "-v", "parse", "F"], ["parse", "F", "--debug", "--rules", "R", "-v"],
     ["--debug", "parse", "--rules", "R", "F", "-v"]],
    ids=["before", "after", "both-sides"],
)  # fmt: skip
def test_global_options_before_or_after_the_command(argv: list[str]) -> None:
    args = build_parser().parse_args(argv)
    assert (args.debug, args.rules, args.verbose, args.quiet, args.file) == (True, "R", 1, False, "F")


def test_global_defaults_when_not_given() -> None:
    args = build_parser().parse_args(["parse", "F"])
    assert (args.debug, args.rules, args.verbose, args.quiet) == (False, None, 0, False)


def test_an_option_before_the_command_is_not_reset_by_the_command_parser() -> None:
    args = build_parser().parse_args(["--rules", "R", "-q", "batch", "in", "-o", "out"])
    assert (args.rules, args.quiet) == ("R", True)


def test_rules_after_the_command_take_effect(tmp_path: Path) -> None:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "units.yaml").write_text("units: {not: [a, list]}\n::", "utf-8")
    res = run("parse", str(SAMPLE), "--rules", str(tmp_path / "rules"))
    assert res.returncode == 2 and res.stderr.startswith("error: "), res.stderr


@pytest.mark.slow  # a large file through a subprocess
def test_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"  # JSON far beyond a pipe's buffer, so the write meets the closed end
    big.write_text(SAMPLE.read_text("utf-8") * 60, "utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "policyparse", "parse", str(big)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.read(10) == b'{"meta":{"'
    proc.stdout.close()  # what `| head -c 10` does
    err = proc.stderr.read().decode()
    assert proc.wait(120) == 0
    assert err == ""


@pytest.mark.slow  # a large file through a shell pipe
def test_closed_pipe_through_a_shell(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text(SAMPLE.read_text("utf-8") * 60, "utf-8")
    res = subprocess.run(f'set -o pipefail; "{sys.executable}" -m policyparse parse "{big}" | head -c 10',
                         shell=True, executable="/bin/bash", capture_output=True, text=True, timeout=120)  # fmt: skip
    assert (res.returncode, res.stdout, res.stderr) == (0, '{"meta":{"', "")


@pytest.mark.parametrize(("fmt", "module", "extra"), [("duckdb", "duckdb", "duckdb"), ("parquet", "pyarrow", "parquet"),
                                                       ("xlsx", "openpyxl", "xlsx")])  # fmt: skip
def test_a_missing_optional_package_names_its_extra(tmp_path: Path, fmt: str, module: str, extra: str,
                                                    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    monkeypatch.setitem(sys.modules, module, None)  # `import module` now raises ModuleNotFoundError
    code = main(["batch", str(SAMPLE), "-o", str(tmp_path / "out"), "--format", fmt, "--workers", "1"])
    err = capsys.readouterr().err
    assert code == 2
    assert (
        err.strip()
        == f'error: this needs the optional package {module!r}: pip install "policyparse[{extra}]"'
    )
    assert not (tmp_path / "out").exists()  # refused before any work


def test_a_missing_optional_package_in_a_command(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in [
        m for m in sys.modules if m == "pandas" or m.startswith(("pandas.", "policyparse.timeline"))
    ]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "pandas", None)
    code = main(["timeline", str(SAMPLE.parent)])
    assert code == 2
    assert 'pip install "policyparse[frames]"' in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "code"),
    [(["parse", str(SAMPLE)], 0), (["parse", "/nonexistent/x.pdf"], 1), (["parse"], 2), (["nosuchcommand"], 2),
     (["parse", str(SAMPLE), "--no-such-option"], 2), (["--version"], 0)],
    ids=["ok", "unreadable", "missing-argument", "unknown-command", "unknown-option", "version"],
)  # fmt: skip
def test_exit_codes(args: list[str], code: int) -> None:
    res = run(*args)
    assert res.returncode == code, res.stderr
    assert "Traceback" not in res.stderr


@pytest.mark.slow  # four batch runs through the CLI
def test_logging_levels_from_flags_and_environment(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(SAMPLE.read_text("utf-8"), "utf-8")
    args = ["batch", str(folder), "--workers", "1"]
    quiet = run(*args, "-o", str(tmp_path / "o1"))
    assert "INFO" not in quiet.stderr
    verbose = run(*args, "-o", str(tmp_path / "o2"), "-v")
    assert "INFO policyparse.batch: 1 file to parse" in verbose.stderr, verbose.stderr
    env = {**os.environ, "POLICYPARSE_LOG": "INFO"}
    by_env = run(*args, "-o", str(tmp_path / "o3"), env=env)
    assert "INFO policyparse.batch: 1 file to parse" in by_env.stderr
    silenced = run(*args, "-o", str(tmp_path / "o4"), "-q", env=env)
    assert silenced.stderr == ""


@pytest.mark.slow  # a fresh interpreter loads jieba's dictionary
def test_jieba_prints_nothing(tmp_path: Path) -> None:
    jieba_cache = {**os.environ, "TMPDIR": str(tmp_path)}  # no cached dictionary: jieba builds it and says so
    res = run(
        "diff",
        str(SAMPLE),
        str(ROOT / "corpora" / "dev" / "001_73d4c39dd0a74372.txt"),
        "--json",
        env=jieba_cache,
    )
    assert res.returncode == 0, res.stderr
    assert res.stderr == ""
    code = ("import spacy, policyparse.spacy_component\n"
            "nlp = spacy.blank('zh'); nlp.add_pipe('policyparse'); print(len(nlp('一、总体要求\\n全年培训65万人次。')))")  # fmt: skip
    res = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=240, env=jieba_cache
    )
    assert res.returncode == 0, res.stderr
    assert "Building prefix dict" not in res.stderr and "Loading model" not in res.stderr, res.stderr


@pytest.mark.parametrize(("env", "verbose", "quiet", "level"), [
    ("", 0, False, "WARNING"), ("", 1, False, "INFO"), ("", 2, False, "DEBUG"), ("", 0, True, "ERROR"),
    ("DEBUG", 0, False, "DEBUG"), ("info", 0, False, "INFO"), ("10", 0, False, "DEBUG"), ("DEBUG", 0, True, "ERROR"),
    ("nonsense", 0, False, "WARNING"),
])  # fmt: skip
def test_log_level_from_environment_and_flags(monkeypatch: pytest.MonkeyPatch, env: str, verbose: int, quiet: bool,
                                              level: str) -> None:  # fmt: skip
    import logging

    from policyparse.logs import configure

    monkeypatch.setenv("POLICYPARSE_LOG", env)
    assert logging.getLevelName(configure(verbose, quiet)) == level
    assert logging.getLevelName(logging.getLogger("policyparse").level) == level
    jieba_level = logging.getLogger("jieba").level  # dependencies speak only when debugging
    assert jieba_level == (logging.DEBUG if level == "DEBUG" else logging.ERROR)
    configure()


def test_jieba_handler_removed_and_an_application_level_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    import logging

    from policyparse import logs

    logs.import_jieba()
    assert not [h for h in logging.getLogger("jieba").handlers if isinstance(h, logging.StreamHandler)]
    monkeypatch.setattr(logs, "_SET_BY_US", set())  # as in a fresh process
    fonts, pil = logging.getLogger("fontTools"), logging.getLogger("PIL")
    monkeypatch.setattr(fonts, "level", logging.INFO)  # the application's choice
    monkeypatch.setattr(pil, "level", logging.NOTSET)  # nobody's choice
    logs.quiet_dependencies(logging.WARNING)
    assert (fonts.level, pil.level) == (logging.INFO, logging.ERROR)


@pytest.mark.slow  # a fresh interpreter draws a chart
def test_matplotlib_glyph_warnings_do_not_leak(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    res = run("timeline", str(SAMPLE.parent), "--metric", "高级工", "--plot", str(tmp_path / "t.png"))
    assert res.returncode == 0, res.stderr
    assert "Glyph" not in res.stderr and "findfont" not in res.stderr, res.stderr  # one font line at most
    assert (tmp_path / "t.png").stat().st_size > 0
