"""The targets extractor's speed-only shortcuts find exactly what the plain way finds."""

from __future__ import annotations

import dataclasses
import re
import sys
from pathlib import Path
from typing import Any

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from policyparse.document import Document
from policyparse.extractors import Context
from policyparse.extractors.target_tables import (
    _NOT_DIGIT,
    _NOT_SPACE,
    Cue,
    Tables,
    _class_outside,
    expand,
    tables,
)
from policyparse.extractors.targets import _value, extract
from policyparse.numerals import parse_number
from policyparse.rules import RuleSet, load_rules
from policyparse.structure import build_clause_tree, document_year, parse_header

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


@pytest.mark.slow  # hypothesis, 1500 examples
@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_candidates_equal_the_plain_scan(text: str) -> None:
    t = tables(RULES)
    assert _spans(t.candidates(text)) == _plain_scan(t, text)


# -- gates: text every match contains ---------------------------------------------------------------
def _all_entries() -> list[dict[str, Any]]:
    tg = RULES.get("targets")
    return [
        *tg["filters"],
        *tg["year_cues"],
        *tg["deadline_cues"],
        *tg["standing_rules"],
        *tg["metric_tails"],
    ]


def _gated_rules() -> list[tuple[str, str, str]]:
    return [
        (e["id"], e["pattern"], e["params"]["gate"])
        for e in _all_entries()
        if (e.get("params") or {}).get("gate")
    ]


@pytest.mark.parametrize(("rule_id", "pattern", "gate"), _gated_rules(), ids=lambda v: str(v)[:30])
def test_every_match_holds_its_gate(rule_id: str, pattern: str, gate: str) -> None:
    # in the examples and across the corpus: each match of a gated rule contains its gate
    compiled = RULES.compile(expand(RULES, pattern).replace("$", "$$"))
    gate_re = RULES.compile(gate)
    rule = next(e for e in _all_entries() if e["id"] == rule_id)
    texts = [*rule.get("examples", []), *(p.read_text(encoding="utf-8") for p in ALL_TEXTS)]
    matched = 0
    for text in texts:
        for m in compiled.finditer(text):
            matched += 1
            assert gate_re.search(text, m.start(), m.end()), (rule_id, m.group())
    assert matched


def _ungated(t: Tables) -> Tables:
    def off(cues: tuple[Cue, ...]) -> tuple[Cue, ...]:
        return tuple(dataclasses.replace(c, gate=None) for c in cues)

    return dataclasses.replace(
        t,
        filters=off(t.filters),
        year_cues=off(t.year_cues),
        deadline_cues=off(t.deadline_cues),
        standing=off(t.standing),
        metric_tails=off(t.metric_tails),
        starts=None,
    )


@pytest.mark.parametrize("path", ALL_TEXTS, ids=lambda p: f"{p.parent.name}/{p.name[:3]}")
def test_targets_equal_without_any_shortcut(path: Path) -> None:
    plain = RuleSet({name: RULES.get(name) for name in RULES.names()}, RULES.sources)
    ungated = _ungated(tables(RULES))
    plain.cached("targets.tables.v1", lambda: ungated)
    assert all(c.gate is None for c in tables(plain).year_cues) and tables(plain).starts is None

    def targets_of(rules: RuleSet) -> list[Any]:
        doc = Document.from_text(path.read_text(encoding="utf-8"))
        meta = parse_header(doc, rules)
        return extract(
            Context.build(doc, meta, build_clause_tree(doc, meta, rules), document_year(meta)), rules
        )

    assert targets_of(RULES) == targets_of(plain)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="0123456789", min_size=1, max_size=400))
def test_plain_digits_take_the_value_parse_number_gives(written: str) -> None:
    try:
        slow: float | None = float(parse_number(written))
    except (ValueError, ArithmeticError):
        slow = None
    assert _value(written) == slow
