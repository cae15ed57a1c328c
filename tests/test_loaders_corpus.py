"""The PDF and DOCX versions of the dev notices read back as the same text as the .txt."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
import regex as re

from policyparse.loaders import load_path
from policyparse.normalize import normalize_text

ROOT = Path(__file__).resolve().parents[1]
VARIANTS = sorted(
    p for d in ("pdf", "docx") for p in (ROOT / "corpora" / d).glob("*.*") if p.suffix in (".pdf", ".docx")
)


def _reference(variant: Path) -> str:
    stem = variant.stem.removeprefix("lo_").removeprefix("autonum_")
    return normalize_text((ROOT / "corpora" / "dev" / f"{stem}.txt").read_text(encoding="utf-8")).text


def _nonblank(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


@pytest.mark.parametrize("variant", VARIANTS, ids=[p.name for p in VARIANTS])
def test_variant_text_matches_txt(variant: Path) -> None:
    ref = _reference(variant)
    loaded = load_path(variant)
    got = normalize_text(loaded.text).text
    # blank lines are layout, not content (the .txt files have them between paragraphs)
    ratio = difflib.SequenceMatcher(
        None, "\n".join(_nonblank(ref)), "\n".join(_nonblank(got)), autojunk=False
    ).ratio()
    assert ratio >= 0.98
    if variant.suffix == ".docx":
        # DOCX keeps every paragraph and cell paragraph: the same lines, blank lines aside
        assert _nonblank(got) == _nonblank(ref)
    else:
        # a line that ends before an unbreakable 〔2025〕3号 is still joined to it
        doc_number = re.compile(r"[\p{Han}]{2,8}〔\d{4}〕\d+号")
        assert doc_number.findall(got) == doc_number.findall(ref)
        assert loaded.page_starts[0] == 0 and list(loaded.page_starts) == sorted(loaded.page_starts)


@pytest.mark.parametrize(
    "variant", [p for p in VARIANTS if p.stem.endswith("73d4c39dd0a74372")], ids=lambda p: p.name
)
def test_task_table_rows_survive(variant: Path) -> None:
    text = load_path(variant).text
    cells = [line[1:] for line in text.split("\n") if line.startswith("\t")]
    assert cells[:4] == ["序号", "项目", "内容", "牵头部门"]  # the header row once, first
    assert cells.count("序号") == 1  # the header row repeated on later pages is dropped
    numbers = [c for c in cells if c.isdigit()]
    assert numbers == [str(n) for n in range(1, len(numbers) + 1)] and len(numbers) >= 40


def test_autonumbered_docx_renders_the_typed_labels() -> None:
    auto = load_path(ROOT / "corpora" / "docx" / "autonum_004_6f963c420dca890b.docx").text
    typed = load_path(ROOT / "corpora" / "docx" / "004_6f963c420dca890b.docx").text
    assert auto == typed
    assert "\n（十六）营造良好的社会氛围。" in auto
