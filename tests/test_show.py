"""``policyparse show``: the clause tree with its records, and the --html view."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from policyparse.cli import main
from policyparse.commands.show import build_tree
from view_fixtures import SAMPLES, synthetic_document


def _render(doc) -> str:
    console = Console(width=200, record=True, no_color=True)
    console.print(build_tree(doc))
    return console.export_text()


def test_tree_nests_clauses_and_records() -> None:
    out = _render(synthetic_document())
    lines = out.splitlines()
    top = next(i for i, line in enumerate(lines) if "一、总体要求" in line)
    sub = next(i for i, line in enumerate(lines) if "（一）加强组织领导" in line)
    assert top < sub
    assert "目标 培训: ≥65万人次" in out
    assert "期限 2025-12-31" in out
    assert "牵头 上海市人力资源和社会保障局" in out
    assert "市财政局" not in out.split("（一）加强组织领导")[1].split("\n")[0]  # co bodies are not leads
    assert "2025年" not in [line.strip("│├└─ ") for line in lines]  # plain years are not deadlines


def test_cli_show_writes_html(tmp_path: Path, capsys) -> None:
    out = tmp_path / "view.html"
    assert main(["show", str(SAMPLES[0]), "--no-color", "--html", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "legend:" in printed and str(out) in printed
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_cli_show_missing_file(tmp_path: Path, capsys) -> None:
    assert main(["show", str(tmp_path / "nope.txt")]) == 1
    assert "error" in capsys.readouterr().err
