"""Dates extractor: table-driven cases, negatives, rule examples, gold corpus, properties."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policyparse.document import Document
from policyparse.extractors import Context
from policyparse.extractors.dates import expand_pattern, extract, find, tables
from policyparse.models import Meta
from policyparse.rule_schema import DateRules
from policyparse.rules import load_rules

CORPUS = Path(__file__).resolve().parents[1] / "corpora" / "dev"


@pytest.fixture(scope="module")
def rules():
    return load_rules()


def dates(text: str, year: int | None = 2025):
    ctx = Context.build(Document.from_text(text), Meta(), [], year)
    return [(d.text, d.value, d.kind, d.modifier) for d in extract(ctx, load_rules())]


# (text, [(text, value, kind, modifier)])
POSITIVE = [
    ("成文于2025年3月28日。", [("2025年3月28日", "2025-03-28", "date", None)]),
    ("发布时间：2025-03-28", [("2025-03-28", "2025-03-28", "date", None)]),
    ("2025.3.28", [("2025.3.28", "2025-03-28", "date", None)]),
    ("二〇二二年六月六日", [("二〇二二年六月六日", "2022-06-06", "date", None)]),
    ("二○二五年三月二十八日印发", [("二○二五年三月二十八日", "2025-03-28", "date", None)]),
    ("并于4月20日前提交", [("4月20日前", "2025-04-20", "deadline", "before")]),
    ("(2025年3月底前)", [("2025年3月底前", "2025-03-31", "deadline", "before")]),
    ("2024年2月底前完成", [("2024年2月底前", "2024-02-29", "deadline", "before")]),
    ("培养5000人次(今年截至3月)", [("今年截至3月", "2025-03-31", "deadline", "until")]),
    ("今年截至11月", [("今年截至11月", "2025-11-30", "deadline", "until")]),
    ("年底前全部完成", [("年底前", "2025-12-31", "deadline", "before")]),
    ("明年年底前建成", [("明年年底前", "2026-12-31", "deadline", "before")]),
    ("截至2024年底，已建成", [("截至2024年底", "2024-12-31", "deadline", "until")]),
    ("上半年完成", [("上半年", "2025-01/2025-06", "period", None)]),
    ("2024年下半年", [("2024年下半年", "2024-07/2024-12", "period", None)]),
    ("一季度报送", [("一季度", "2025-01/2025-03", "period", None)]),
    ("第四季度", [("第四季度", "2025-10/2025-12", "period", None)]),
    ("2025年三季度末", [("2025年三季度末", "2025-09-30", "date", None)]),
    ("2020年前三季度", [("2020年前三季度", "2020-01/2020-09", "period", None)]),
    ("“十四五”时期", [("“十四五”时期", "2021/2025", "period", None)]),
    ("国家“十五五”规划", [("“十五五”", "2026/2030", "period", None)]),
    ("“十五五”期间", [("“十五五”期间", "2026/2030", "period", None)]),
    ("十三五以来", [("十三五以来", "2016/2020", "period", "since")]),
    ("到2035年基本实现", [("到2035年", "2035", "year", "by")]),
    ("到 2025 年，本市", [("到 2025 年", "2025", "year", "by")]),
    ("到2025年6月，建成", [("到2025年6月", "2025-06", "deadline", "by")]),
    ("2024年至2026年", [("2024年至2026年", "2024/2026", "period", None)]),
    ("（2024—2026年）", [("2024—2026年", "2024/2026", "period", None)]),
    ("2025年3月至6月", [("2025年3月至6月", "2025-03/2025-06", "period", None)]),
    (
        "2024年1月1日至2024年12月31日",
        # a range of days is two dates (as annotators of published notices read it)
        [("2024年1月1日", "2024-01-01", "date", None), ("2024年12月31日", "2024-12-31", "date", None)],
    ),
    ("自2025年5月1日起施行", [("自2025年5月1日起", "2025-05-01", "date", "since")]),
    ("《2025年上海市为民办实事项目》", [("2025年", "2025", "year", None)]),
    ("关于2023年本市新型技师学院", [("2023年", "2023", "year", None)]),
    ("2023年度考核", [("2023年度", "2023", "year", None)]),
    ("2023年10月18日印发", [("2023年10月18日", "2023-10-18", "date", None)]),
    ("二〇二五年", [("二〇二五年", "2025", "year", None)]),
    ("9月份开展", [("9月份", "2025-09", "date", None)]),
    # year-less ranges take the document year and stay one period entry
    (
        "集中整治时间为9月15日至10月15日",
        [("9月15日", "2025-09-15", "date", None), ("10月15日", "2025-10-15", "date", None)],
    ),
    (
        "申报时间为11月1日—15日",
        [("11月1日", "2025-11-01", "date", None), ("15日", "2025-11-15", "date", None)],
    ),
    ("汛期为6月至9月", [("6月至9月", "2025-06/2025-09", "period", None)]),
    ("今年4月至10月开展专项行动", [("今年4月至10月", "2025-04/2025-10", "period", None)]),
    # a list item's numbering before the year is not a decimal point
    ("附件：1.2025年度项目申报表", [("2025年度", "2025", "year", None)]),
    ("附件：\n2.2024年绩效评价指标", [("2024年", "2024", "year", None)]),
]


@pytest.mark.parametrize(("text", "expected"), POSITIVE, ids=[t for t, _ in POSITIVE])
def test_positive(text: str, expected: list[tuple[str, str, str, str | None]]) -> None:
    assert dates(text) == expected


NEGATIVE = [
    "沪人社职〔2023〕12号",
    "国办发[2023]5号",
    "（2023）第2025号",
    "每15分钟一班",
    "5个工作日内办结",
    "连续3个月",
    "全年完成培训65万人次",
    "年内基本建成",
    "今年以来",
    "年度计划",
    "上下半年各报道一次",
    "按月开展督导，按季度报送",
    "年末",
    "每季度第一个月",
    "每年组织一次安全生产检查",
    "每一季度通报一次",
    "每月5日前报送上月数据",
    "每半年开展一次评估",
    "第48届世界技能大赛",
    "二十五五",
    "2025.3",
    "2025-13-01",
    "2月30日前",
    "价格为2025元",
    "每月1日至5日报送上月数据",
    "增长率为11.2025年",
    "",
]


@pytest.mark.parametrize("text", NEGATIVE, ids=NEGATIVE)
def test_negative(text: str) -> None:
    assert dates(text) == []


YEARLESS = [
    (2025, [("4月20日前", "2025-04-20", "deadline", "before")]),
    (2023, [("4月20日前", "2023-04-20", "deadline", "before")]),
    (None, []),  # no year anywhere: skipped rather than guessed
]


@pytest.mark.parametrize(("year", "expected"), YEARLESS, ids=["2025", "2023", "no-year"])
def test_yearless_uses_document_year(year: int | None, expected: list) -> None:
    assert dates("于4月20日前报送", year) == expected


def test_yearless_without_document_year_takes_the_year_written_most() -> None:
    text = "2024年工作要点。到2035年建成。2024年继续推进，于4月20日前报送。"
    assert dates(text, None)[-1] == ("4月20日前", "2024-04-20", "deadline", "before")


# A yearly date is listed as the document year's instance (GUIDE: every date or deadline);
# the kind follows its words as for any year-less date.
RECURRING = [
    ("排污单位应于每年3月31日前提交上年度执行报告。", [("3月31日前", "2025-03-31", "deadline", "before")]),
    ("各校每年9月底前报送招生计划", [("9月底前", "2025-09-30", "deadline", "before")]),
    ("每年一季度组织开展防汛检查", [("一季度", "2025-01/2025-03", "period", None)]),
    ("每年上半年开展一次消防演练", [("上半年", "2025-01/2025-06", "period", None)]),
    ("每年6月为安全生产月", [("6月", "2025-06", "date", None)]),
    ("医保基金每年年底前完成清算", [("年底前", "2025-12-31", "deadline", "before")]),
]


@pytest.mark.parametrize(("text", "expected"), RECURRING, ids=[t[:10] for t, _ in RECURRING])
def test_recurring_dates_take_the_document_year(text: str, expected: list) -> None:
    assert dates(text) == expected


def test_relative_years_follow_the_document_year() -> None:
    assert dates("明年3月底前", 2025) == [("明年3月底前", "2026-03-31", "deadline", "before")]


# -- rule data ---------------------------------------------------------------------------------
def _rule_cases(kind: str) -> list[tuple[str, str]]:
    spec = DateRules.model_validate(load_rules().get("dates"))
    return [(r.id, s) for r in spec.rules for s in getattr(r, kind)]


@pytest.mark.parametrize(("rule_id", "example"), _rule_cases("examples"), ids=lambda v: str(v))
def test_rule_examples_match(rules, rule_id: str, example: str) -> None:
    pattern = next(r.pattern for r in tables(rules).rules if r.id == rule_id)
    assert pattern.search(Document.from_text(example).text)


@pytest.mark.parametrize(("rule_id", "example"), _rule_cases("counter_examples"), ids=lambda v: str(v))
def test_rule_counter_examples_do_not_match_fully(rules, rule_id: str, example: str) -> None:
    # a counter-example may contain a shorter date another rule reports, but this rule
    # must not claim the text
    pattern = next(r.pattern for r in tables(rules).rules if r.id == rule_id)
    assert not pattern.search(Document.from_text(example).text)


def test_rule_ids_unique_and_parts_known(rules) -> None:
    spec = DateRules.model_validate(rules.get("dates"))
    ids = [r.id for r in spec.rules]
    assert len(ids) == len(set(ids))
    for r in spec.rules:
        assert "{{" not in expand_pattern(r.pattern, spec)
    for plan, (first, last) in spec.five_year_plans.items():
        assert last - first == 4, plan


# -- gold corpus -------------------------------------------------------------------------------
GOLD = sorted(CORPUS.glob("*.gold.json"))


@pytest.mark.parametrize("gold_path", GOLD, ids=[p.name[:3] for p in GOLD])
def test_gold_dates(rules, gold_path: Path) -> None:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    text = gold_path.with_name(gold_path.name.replace(".gold.json", ".txt")).read_text(encoding="utf-8")
    year = int(gold["meta"]["date"][:4]) if gold["meta"].get("date") else None
    ctx = Context.build(Document.from_text(text), Meta(), [], year)
    found = extract(ctx, rules)
    assert [(d.value, d.kind) for d in found] == [(d["value"], d["kind"]) for d in gold["dates"]]
    for d in found:
        assert text[d.span[0] : d.span[1]] == d.text
        assert d.rule_id.startswith("date.")


# -- properties --------------------------------------------------------------------------------
_ALPHABET = "0123456789年月日底前至到截今起季度上下半十四五“”〔〕-.／一二〇季 \n"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=40) | st.text(max_size=40))
def test_never_raises_and_spans_quote_the_source(text: str) -> None:
    ctx = Context.build(Document.from_text(text), Meta(), [], 2025)
    found = extract(ctx, load_rules())
    last = -1
    for d in found:
        s, e = d.span
        assert 0 <= s < e <= len(text)
        assert text[s:e] == d.text
        assert s >= last  # document order, no overlap
        last = e


@pytest.mark.parametrize(("rule_id", "example"), _rule_cases("examples"), ids=lambda v: str(v))
def test_rule_gates_pass_their_examples(rules, rule_id: str, example: str) -> None:
    rule = next(r for r in tables(rules).rules if r.id == rule_id)
    assert rule.gate is None or rule.gate.search(Document.from_text(example).text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET + "每第底截自从起前以来度份一", max_size=80))
def test_anchor_windows_find_what_a_full_scan_finds(text: str) -> None:
    # differential: scanning only the windows around anchors must equal scanning everything
    t = tables(load_rules())
    full = dataclasses.replace(t, margin=len(text) + 1)
    assert find(text, t) == find(text, full)


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_anchor_windows_on_corpus(path: Path) -> None:
    t = tables(load_rules())
    text = Document.from_text(path.read_text(encoding="utf-8")).text
    assert find(text, t) == find(text, dataclasses.replace(t, margin=len(text) + 1))


def test_a_plan_period_in_brackets_without_nian() -> None:
    from policyparse import parse

    assert [(d.value, d.kind) for d in parse("关于印发消防工作三年行动计划（2019—2021）的通知\n").dates] == [
        ("2019/2021", "period")
    ]
