"""The targets extractor's speed-only shortcuts find exactly what the plain way finds."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from policyparse.document import Document
from policyparse.extractors.target_tables import _NOT_DIGIT, _NOT_SPACE, Tables, _class_outside, tables
from policyparse.rules import load_rules

RULES = load_rules()
ALL_TEXTS = sorted((Path(__file__).resolve().parents[1] / "corpora").glob("*/*.txt"))

# every code point but the surrogates, which a str may not hold in a pattern search
_ALL_CHARS = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)


def _spans(ms: list[regex.Match[str]]) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(m.span(), m.groupdict()) for m in ms]


def _plain_scan(t: Tables, text: str) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return _spans(list(t.candidate.finditer(text)))


@pytest.mark.parametrize(
    ("regex_class", "outside"), [(r"\d", _NOT_DIGIT), (r"\s", _NOT_SPACE)], ids=["digits", "spaces"]
)
def test_start_scan_classes_hold_every_regex_digit_and_space(
    regex_class: str, outside: list[tuple[int, int]]
) -> None:
    # the start scan's classes must be supersets of what ``regex`` reads as a digit or a space
    wanted = set(regex.findall(regex_class, _ALL_CHARS))
    held = set(re.findall(_class_outside(outside), _ALL_CHARS))
    assert wanted and not wanted - held


def test_start_scan_is_used() -> None:
    assert tables(RULES).starts is not None


@pytest.mark.parametrize("path", ALL_TEXTS, ids=lambda p: f"{p.parent.name}/{p.name[:3]}")
def test_candidates_equal_the_plain_scan_on_corpus(path: Path) -> None:
    t = tables(RULES)
    text = Document.from_text(path.read_text(encoding="utf-8")).text
    assert _spans(t.candidates(text)) == _plain_scan(t, text)
    # cut anywhere: a text may start or end inside a number, a unit or a range
    for cut in range(0, len(text), 97):
        piece = text[cut : cut + 160]
        assert _spans(t.candidates(piece)) == _plain_scan(t, piece)


_PIECES = ["65", "1,607", "4.5", "0", ".", ",", "万", "亿", "萬", "一", "二十", "两", "十", "百", "千", "〇", "O", "点",
           "五", "人次", "人", "个", "个百分点", "家", "%", "％", "MW", "千瓦", "千瓦时", "微克", "年", "月", "日", "/",
           "／", "立方米", "余", "多", "至", "到", "-", "～", "—", " ", "\u3000", "\n", "\t", "\x1c", "\u00a0",
           "\u0663", "\U0001d7ce", "²", "以上", "左右", "是", "第", "等", "，", "。", "、", "A", "z", "〕"]  # fmt: skip


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_candidates_equal_the_plain_scan(text: str) -> None:
    t = tables(RULES)
    assert _spans(t.candidates(text)) == _plain_scan(t, text)
