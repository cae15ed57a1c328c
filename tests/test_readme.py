"""The README's Python examples run as written, and the values their comments quote are the values.

A line ``expr   # 'value'`` whose comment is a Python literal is checked: ``expr == value``.
"""

from __future__ import annotations

import ast
import contextlib
import io
import re
import textwrap
import tokenize
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text("utf-8")

# a block's names that the README defines in prose or in another block
PRELUDES = {
    "spacy": "text = open('corpora/dev/004_6f963c420dca890b.txt', encoding='utf-8').read()",
}
# blocks this test does not run, and where they run instead
ELSEWHERE = {
    "connect": "reads out/duckdb written by the section's batch commands: "
    "test_batch_first_use.py::test_the_readme_analyst_path_runs runs it on those outputs",
}


def python_blocks() -> list[str]:
    """The ```python blocks, dedented (those inside a list item are indented)."""
    blocks = re.findall(r"^( *)```python\n(.*?)^\1```", README, re.S | re.M)
    return [textwrap.dedent(body) for _, body in blocks]


def _key(block: str) -> str:
    return next((k for k in [*PRELUDES, *ELSEWHERE] if k in block), "")


def _quoted_values(source: str) -> dict[int, Any]:
    """Line number -> the literal its trailing comment quotes (lines whose comment is not one: none)."""
    out = {}
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.COMMENT:
            with contextlib.suppress(ValueError, SyntaxError):  # prose, not a value
                out[tok.start[0]] = ast.literal_eval(tok.string.lstrip("# "))
    return out


def test_the_readme_has_python_examples() -> None:
    assert len(python_blocks()) >= 3


@pytest.mark.parametrize("block", python_blocks(), ids=lambda b: b.strip().splitlines()[0][:40])
def test_a_readme_example_runs(block: str, monkeypatch: pytest.MonkeyPatch) -> None:
    key = _key(block)
    if key in ELSEWHERE:
        pytest.skip(ELSEWHERE[key])
    monkeypatch.chdir(ROOT)  # the examples name files as a user at the repository root does
    namespace: dict[str, Any] = {}
    exec(PRELUDES.get(key, ""), namespace)
    quoted = _quoted_values(block)
    checked = 0
    for stmt in ast.parse(block).body:
        code = ast.get_source_segment(block, stmt)
        assert code is not None
        if isinstance(stmt, ast.Expr) and stmt.end_lineno in quoted:
            assert eval(code, namespace) == quoted[stmt.end_lineno], code
            checked += 1
        else:
            exec(code, namespace)
    assert checked == len(quoted)  # every quoted value sits on an expression, so was checked
