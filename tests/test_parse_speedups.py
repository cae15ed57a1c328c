"""The parse-path speed-ups find exactly what the plain way finds (differential tests)."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from policyparse.document import Document
from policyparse.extractors import Context
from policyparse.extractors.doc_numbers import anchor_lines, find
from policyparse.extractors.target_tables import Tables
from policyparse.extractors.target_tables import build as build_target_tables
from policyparse.rules import RuleSet, load_rules
from policyparse.structure import build_clause_tree, document_year, parse_header

CORPUS = Path(__file__).resolve().parents[1] / "corpora" / "dev"
TEXTS = sorted(CORPUS.glob("*.txt"))


def _full_scan_rules(rules: RuleSet) -> RuleSet:
    """The same rules with every doc_number anchor removed: each pattern scans the whole text."""
    data = {name: rules.get(name) for name in rules.names()}
    data["doc_number"] = dict(data["doc_number"])
    data["doc_number"]["rules"] = [
        {**r, "params": {k: v for k, v in (r.get("params") or {}).items() if k != "anchor"}}
        for r in data["doc_number"]["rules"]
    ]
    return RuleSet(data, rules.sources)


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    return load_rules()


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("国发〔2023〕5号", [(0, 10)]),
        ("正文\n根据国发〔2023〕5号和国发〔2023〕6号。\n其他", [(3, 27)]),
        ("一号\n二\n三号", [(0, 2), (5, 7)]),
        ("没有编号的行\n", [(0, 6)]),
        ("无锚点\n正文", []),
        ("", []),
    ],
    ids=["one-line", "two-in-one-line", "two-lines", "trailing-newline", "no-anchor", "empty"],
)
def test_anchor_lines(text: str, lines: list[tuple[int, int]]) -> None:
    assert anchor_lines(text, regex.compile("号")) == lines


def test_anchored_rules_exist(rules: RuleSet) -> None:
    # the differential tests below are vacuous unless some rule really is anchored
    assert any((r.get("params") or {}).get("anchor") for r in rules.get("doc_number")["rules"])


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.name[:3])
def test_anchored_doc_numbers_on_corpus(rules: RuleSet, path: Path) -> None:
    text = Document.from_text(path.read_text(encoding="utf-8")).text
    found = find(text, rules)
    assert found == find(text, _full_scan_rules(rules))


# whole numbers, their parts and the text around them, so random joins form numbers at line
# starts and ends, next to each other and broken across lines
_PIECES = ["国发〔2023〕5号", "沪人社职[2024]12号", "国务院令第699号", "交通运输部令2019年第1号", "国发", "办", "令",
           "〔2023〕", "（2025）", "第", "5", "号", "号文", " ", "\n", "\n", "根据", "和", "《关于…的通知》", "（", "）",
           "。"]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_anchored_doc_numbers_equal_a_full_scan(text: str) -> None:
    rules = load_rules()
    assert find(text, rules) == find(text, _full_scan_rules(rules))


def _context(path: Path, rules: RuleSet) -> Context:
    doc = Document.from_text(path.read_text(encoding="utf-8"), chrome_lines=rules.get("chrome")["lines"])
    meta = parse_header(doc, rules)
    return Context.build(doc, meta, build_clause_tree(doc, meta, rules), document_year(meta))


def test_memo_computes_once_per_context(rules: RuleSet) -> None:
    ctx = _context(TEXTS[0], rules)
    calls: list[str] = []

    def factory() -> int:
        calls.append("called")
        return len(calls)

    assert (ctx.memo("k", factory), ctx.memo("k", factory), calls) == (1, 1, ["called"])
    # another Context (another document, or the same one parsed again) starts empty
    assert _context(TEXTS[0], rules).memo("k", factory) == 2


# -- targets: the candidate scan's speed-only lookahead --------------------------------------------
ALL_TEXTS = sorted(CORPUS.parent.glob("*/*.txt"))


@pytest.fixture(scope="module")
def target_tables(rules: RuleSet) -> tuple[Tables, Tables]:
    return build_target_tables(rules), build_target_tables(rules, fast=False)


def _candidates(t: Tables, text: str) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(m.span(), m.groupdict()) for m in t.candidate.finditer(text)]


@pytest.mark.parametrize("path", ALL_TEXTS, ids=lambda p: f"{p.parent.name}/{p.name[:3]}")
def test_target_candidates_equal_the_plain_scan_on_corpus(target_tables: tuple[Tables, Tables], path: Path) -> None:
    fast, plain = target_tables
    text = Document.from_text(path.read_text(encoding="utf-8")).text
    assert _candidates(fast, text) == _candidates(plain, text)


def test_target_candidates_are_found_by_the_fast_scan(target_tables: tuple[Tables, Tables]) -> None:
    fast, _ = target_tables
    text = "全年完成培训65万人次，3至5个基地，100余家企业，超过30%，35-36MW，一是加强，2025年。"
    assert [m.group() for m in fast.candidate.finditer(text)] == ["65万人次", "3至5个", "100余家", "30%", "35-36MW"]


_TARGET_PIECES = ["65", "1,607", "4.5", "万", "亿", "一", "二十", "两", "十", "百", "人次", "人", "个", "个百分点",
                  "家", "%", "MW", "千瓦", "微克", "/", "立方米", "余", "至", "-", "～", " ", "\n", "以上", "左右",
                  "年", "是", "起草", "宗旨", "第", "，", "。", "A"]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_TARGET_PIECES), max_size=25).map("".join))
def test_target_candidates_equal_the_plain_scan(text: str) -> None:
    rules = load_rules()
    fast, plain = build_target_tables(rules), build_target_tables(rules, fast=False)
    assert _candidates(fast, text) == _candidates(plain, text)
