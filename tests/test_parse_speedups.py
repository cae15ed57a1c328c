"""The parse-path speed-ups find exactly what the plain way finds (differential tests)."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from policyparse.document import Document
from policyparse.extractors import Context, departments, get_extractors, targets
from policyparse.extractors import context as context_module
from policyparse.extractors.numbers import anchor_lines, find
from policyparse.extractors.target_tables import Tables, compile_gate
from policyparse.extractors.target_tables import build as build_target_tables
from policyparse.extractors.target_tables import tables as target_tables_of
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


@pytest.mark.slow  # hypothesis, 300 examples
@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_anchored_doc_numbers_equal_a_full_scan(text: str) -> None:
    rules = load_rules()
    assert find(text, rules) == find(text, _full_scan_rules(rules))


def _context(path: Path, rules: RuleSet) -> Context:
    doc = Document.from_text(path.read_text(encoding="utf-8"), chrome_lines=rules.get("chrome")["lines"])
    meta = parse_header(doc, rules)
    return Context.build(doc, meta, build_clause_tree(doc, meta, rules), document_year(meta), rules)


def test_references_are_scanned_once_per_context(rules: RuleSet, monkeypatch: pytest.MonkeyPatch) -> None:
    # doc_numbers, citations and departments all read the one scan made by Context.build
    calls: list[str] = []
    real_scan = context_module.scan

    def counting_scan(*args: Any) -> Any:
        calls.append("scan")
        return real_scan(*args)

    monkeypatch.setattr(context_module, "scan", counting_scan)
    ctx = _context(TEXTS[0], rules)
    for extract in get_extractors().values():
        extract(ctx, rules)
    assert calls == ["scan"]
    # an extractor called with other rules than the Context was built for scans with those
    other = _full_scan_rules(rules)
    assert ctx.references_for(other) == context_module.scan(ctx.doc, ctx.meta, other)
    assert ctx.references_for(rules) is ctx.references


# -- targets: the candidate scan's speed-only lookahead --------------------------------------------
ALL_TEXTS = sorted(CORPUS.parent.glob("*/*.txt"))


@pytest.fixture(scope="module")
def target_tables(rules: RuleSet) -> tuple[Tables, Tables]:
    return build_target_tables(rules), build_target_tables(rules, fast=False)


def _candidates(t: Tables, text: str) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(m.span(), m.groupdict()) for m in t.candidate.finditer(text)]


@pytest.mark.parametrize("path", ALL_TEXTS, ids=lambda p: f"{p.parent.name}/{p.name[:3]}")
def test_target_candidates_equal_the_plain_scan_on_corpus(
    target_tables: tuple[Tables, Tables], path: Path
) -> None:
    fast, plain = target_tables
    text = Document.from_text(path.read_text(encoding="utf-8")).text
    assert _candidates(fast, text) == _candidates(plain, text)


def test_target_candidates_are_found_by_the_fast_scan(target_tables: tuple[Tables, Tables]) -> None:
    fast, _ = target_tables
    text = "全年完成培训65万人次，3至5个基地，100余家企业，超过30%，35-36MW，一是加强，2025年。"
    assert [m.group() for m in fast.candidate.finditer(text)] == [
        "65万人次",
        "3至5个",
        "100余家",
        "30%",
        "35-36MW",
    ]


_TARGET_PIECES = ["65", "1,607", "4.5", "万", "亿", "一", "二十", "两", "十", "百", "人次", "人", "个", "个百分点",
                  "家", "%", "MW", "千瓦", "微克", "/", "立方米", "余", "至", "-", "～", " ", "\n", "以上", "左右",
                  "年", "是", "起草", "宗旨", "第", "，", "。", "A"]  # fmt: skip


@pytest.mark.slow  # hypothesis, 400 examples
@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_TARGET_PIECES), max_size=25).map("".join))
def test_target_candidates_equal_the_plain_scan(text: str) -> None:
    rules = load_rules()
    fast, plain = build_target_tables(rules), build_target_tables(rules, fast=False)
    assert _candidates(fast, text) == _candidates(plain, text)


# -- gates: speed-only prechecks never change what a rule finds -------------------------------------
@pytest.mark.parametrize(
    ("gate", "engine"),
    [("第", re), ("已|共有|现有", re), ("[+＋]", re), ("个(?:工作日|月)", re), ("[一二].[一二]", re),
     (r"\p{Han}{2}市", regex), (r"(?<=第)\d", regex), ("第*", regex), (r"[\d年]", regex)],
    ids=["word", "words", "class", "group", "any-char", "property", "lookbehind", "repeat", "escape-in-class"],
)  # fmt: skip
def test_plain_gates_use_the_stdlib_engine(gate: str, engine: Any) -> None:
    assert type(compile_gate(gate)) is type(engine.compile(gate))


def _target_filters(rules: RuleSet) -> list[tuple[str, str, str]]:
    return [(f["id"], f["params"]["gate"], ex) for f in rules.get("targets")["filters"]
            if (f.get("params") or {}).get("gate") for ex in f["examples"]]  # fmt: skip


@pytest.mark.parametrize(
    ("rule_id", "gate", "example"), _target_filters(load_rules()), ids=lambda v: str(v)[:12]
)
def test_target_filter_gates_pass_their_examples(rule_id: str, gate: str, example: str) -> None:
    assert compile_gate(gate).search(Document.from_text(example).text), rule_id


def _local_department_rules(rules: RuleSet) -> list[tuple[str, str, str]]:
    return [(r["id"], r["params"]["gate"], ex) for r in rules.get("department_patterns")["rules"]
            if (r.get("params") or {}).get("gate") for ex in r["examples"]]  # fmt: skip


def test_some_department_rule_is_gated(rules: RuleSet) -> None:
    assert _local_department_rules(rules)


@pytest.mark.parametrize(
    ("rule_id", "gate", "example"), _local_department_rules(load_rules()), ids=lambda v: str(v)[:12]
)
def test_department_gates_pass_their_examples(rules: RuleSet, rule_id: str, gate: str, example: str) -> None:
    assert rules.compile(gate).search(Document.from_text(example).text), rule_id


def _ungated_rules(rules: RuleSet) -> RuleSet:
    """The same rules without any target filter or department pattern gate."""
    data = {name: rules.get(name) for name in rules.names()}
    data["department_patterns"] = dict(data["department_patterns"])
    data["department_patterns"]["rules"] = [
        {**r, "params": {k: v for k, v in (r.get("params") or {}).items() if k != "gate"}}
        for r in data["department_patterns"]["rules"]
    ]
    plain = RuleSet(data, rules.sources)
    t = build_target_tables(plain)
    ungated = dataclasses.replace(t, filters=tuple(dataclasses.replace(f, gate=None) for f in t.filters))
    plain.cached("targets.tables.v1", lambda: ungated)
    return plain


@pytest.mark.slow  # every corpus text parsed twice
@pytest.mark.parametrize("path", ALL_TEXTS, ids=lambda p: f"{p.parent.name}/{p.name[:3]}")
def test_gated_targets_and_departments_equal_ungated(rules: RuleSet, path: Path) -> None:
    plain = _ungated_rules(rules)
    assert all(f.gate is None for f in target_tables_of(plain).filters)  # the comparison is real
    ctx = _context(path, rules)
    assert targets.extract(ctx, rules) == targets.extract(_context(path, rules), plain)
    assert departments.extract(ctx, rules) == departments.extract(_context(path, rules), plain)
