"""PDF output does not depend on the fonts installed (issues 14 and 17).

The corpus PDFs use fonts they do not embed (reportlab's STSong-Light), so pdfium draws their
glyphs with whatever system font it finds, or with none. The parse must be the same either way.
pdfium scans the font folders itself, so the fonts are hidden for real: the parse runs in a
subprocess inside a private mount namespace with an empty tmpfs over every font folder.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import policyparse
from loader_factories import Para, Table, pdf_bytes
from policyparse.api import parse
from policyparse.loaders import load_path

ROOT = Path(__file__).resolve().parents[1]
CORPUS_PDFS = sorted(
    p for p in (ROOT / "corpora").rglob("*.pdf") if p.relative_to(ROOT / "corpora").parts[0] != "real"
)
# the folders pdfium (and fontconfig) look in on Linux
FONT_DIRS = [
    d
    for d in (
        "/usr/share/fonts",
        "/usr/local/share/fonts",
        "/usr/share/X11/fonts",
        os.path.expanduser("~/.fonts"),
        os.path.expanduser("~/.local/share/fonts"),
    )
    if os.path.isdir(d)
]


def _hide_fonts_prefix() -> list[str] | None:
    """``unshare`` arguments that run a command with the font folders empty, or None."""
    if shutil.which("unshare") is None or not FONT_DIRS:
        return None
    mounts = " && ".join(f"mount -t tmpfs none '{d}'" for d in FONT_DIRS)
    # as root a mount namespace is enough; otherwise map the user to root in a user namespace
    for flags in (["-m"], ["-r", "-m"]):
        probe = subprocess.run(["unshare", *flags, "sh", "-c", mounts], capture_output=True, check=False)
        if probe.returncode == 0:
            return ["unshare", *flags, "sh", "-c", mounts + ' && exec "$0" "$@"']
    return None


HIDE_FONTS = _hide_fonts_prefix()
needs_namespace = pytest.mark.skipif(
    HIDE_FONTS is None, reason="cannot hide the fonts: unshare/mount not permitted here (or no font folder)"
)


def _without_fonts(code: str, *args: str) -> str:
    """Run Python ``code`` with this checkout's policyparse and no font folder visible."""
    assert HIDE_FONTS is not None
    src = str(Path(policyparse.__file__).resolve().parents[1])
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([src, str(ROOT / "tests"), os.environ.get("PYTHONPATH", "")]),
    }
    run = subprocess.run(
        [*HIDE_FONTS, sys.executable, "-c", code, *args],
        capture_output=True,
        env=env,
        check=False,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr.decode(errors="replace")[-3000:]
    return run.stdout.decode("utf-8")


_PARSE_ALL = """
import json, os, sys
from policyparse.api import parse
dirs = json.loads(sys.argv[1])
assert all(os.listdir(d) == [] for d in dirs), "the fonts are not hidden"
print(json.dumps({p: parse(p).model_dump_json() for p in sys.argv[2:]}))
"""


@pytest.mark.slow  # every corpus PDF, twice
@needs_namespace
def test_corpus_pdfs_parse_the_same_with_and_without_system_fonts() -> None:
    here = {str(p): parse(p).model_dump_json() for p in CORPUS_PDFS}
    there = json.loads(_without_fonts(_PARSE_ALL, json.dumps(FONT_DIRS), *here))
    assert len(here) >= 90
    differ = [Path(p).relative_to(ROOT).as_posix() for p in here if here[p] != there[p]]
    assert differ == []


_LOAD = """
import sys
from policyparse.loaders import load_path
sys.stdout.write(load_path(sys.argv[1]).text)
"""

# a table whose narrow columns put 序号 and 牵头单位 one character a line, and whose wide
# columns repeat one line: without glyph outlines pdfium's text page leaves out such lone
# characters and takes the repeated lines for a glyph drawn twice
PARAGRAPH = (
    "各区要结合区域实际加大政策引导和支持力度统筹用好各类资金全年完成补贴性职业技能培训确保完成各项任务"
)
ROWS = [
    [["序号"], ["任务内容" * 15], ["完成时限" * 15], ["工作要求" * 15], ["牵头单位"]],
    [["1"], ["推进技能人才评价改革"], ["2026年底前"], ["按季度报送"], ["市人社局"]],
]


def test_lone_characters_and_repeated_lines_in_a_font_not_embedded(tmp_path: Path) -> None:
    path = tmp_path / "narrow.pdf"
    path.write_bytes(
        pdf_bytes([Para("关于做好技能人才工作的通知", centered=True), Para(PARAGRAPH), Table(ROWS)])
    )
    text = load_path(path).text
    cells = [
        "序号",
        "任务内容" * 15,
        "完成时限" * 15,
        "工作要求" * 15,
        "牵头单位",
        "",
        "1",
        "推进技能人才评价改革",
        "2026年底前",
        "按季度报送",
        "市人社局",
    ]
    expected = (
        f"关于做好技能人才工作的通知\n{PARAGRAPH}\n\n"
        + "\n".join(f"\t{c}" if c else "" for c in cells)
        + "\n"
    )
    assert text == expected
    if HIDE_FONTS is None:
        pytest.skip("cannot hide the fonts: checked with this machine's fonts only")
    assert _without_fonts(_LOAD, str(path)) == text
