"""Targets extractor: table-driven examples from several domains, negatives, rule data, properties."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policyparse.document import Document
from policyparse.extractors import Context
from policyparse.extractors.target_tables import expand
from policyparse.extractors.targets import extract
from policyparse.models import Meta
from policyparse.rules import load_rules

RULES = load_rules()


def targets(text: str, year: int | None = 2025, title: str | None = None) -> list[Any]:
    ctx = Context.build(Document.from_text(text), Meta(title=title), [], year)
    return extract(ctx, RULES)


# (sentence, metric, value, value_max, unit, comparator, year, deadline)
POSITIVE = [
    ("全年完成补贴性职业技能培训65万人次。", "补贴性职业技能培训", 650000, None, "人次", "=", 2025, None),
    ("全年完成补贴性职业技能培训 ６５ 万人次。", "补贴性职业技能培训", 650000, None, "人次", "=", 2025, None),
    ("全年完成培训六十五万人次。", "完成培训", 650000, None, "人次", "=", 2025, None),
    ("新增用人单位评价机构30家。", "用人单位评价机构", 30, None, "家", "=", None, None),
    (
        "遴选30家具备条件的院校备案成为用人单位技能评价机构。",
        "具备条件的院校",
        30,
        None,
        "家",
        "=",
        None,
        None,
    ),
    ("本市技能人才占就业人员比例超过30%。", "技能人才占就业人员比例", 30, None, "%", ">", None, None),
    (
        "到2025年，本市技能人才占就业人员比例超过30%。",
        "技能人才占就业人员比例",
        30,
        None,
        "%",
        ">",
        2025,
        None,
    ),
    ("“十四五”时期，建设高技能人才培养平台100家。", "高技能人才培养平台", 100, None, "家", "=", 2025, None),
    ("“十五五”期间，新建公共实训基地8个。", "公共实训基地", 8, None, "个", "=", 2030, None),
    (
        "企业要按规定足额提取和使用职工教育经费，60%以上用于一线职工教育和培训。",
        "职工教育经费",
        60,
        None,
        "%",
        ">=",
        None,
        None,
    ),
    ("全年组织开展20场以上技能体验活动。", "技能体验活动", 20, None, "场", ">=", 2025, None),
    (
        "全市累计新增培养高级工及以上技能人才15000人次（今年截至6月）。",
        "高级工及以上技能人才",
        15000,
        None,
        "人次",
        "=",
        2025,
        "2025-06-30",
    ),
    ("3月底前，全市新增培养技能人才5000人次。", "技能人才", 5000, None, "人次", "=", 2025, "2025-03-31"),
    ("新增光伏装机容量35-36MW。", "光伏装机容量", 35, 36, "MW", "range", None, None),
    ("年内新增分布式光伏装机33.091万千瓦。", "分布式光伏装机", 330910, None, "千瓦", "=", 2025, None),
    ("新建改建农村公路1,607公里。", "农村公路", 1607, None, "公里", "=", None, None),
    ("今年安排专项资金一点二亿元。", "专项资金", 120000000, None, "元", "=", 2025, None),
    ("全年投入资金5亿元。", "资金", 500000000, None, "元", "=", 2025, None),
    ("城镇调查失业率控制在5%以内。", "城镇调查失业率", 5, None, "%", "<=", None, None),
    ("每个区培育不少于3至5个示范点。", "示范点", 3, 5, "个", "range", None, None),
    ("单位能耗下降3个百分点左右。", "单位能耗下降", 3, None, "个百分点", "~", None, None),
    ("力争到2027年引进100余家研发机构。", "研发机构", 100, None, "家", ">", 2027, None),
    ("2026年底前建成充电桩2万个。", "充电桩", 20000, None, "个", "=", 2026, "2026-12-31"),
    ("新增城镇就业不少于3万人。", "城镇就业", 30000, None, "人", ">=", None, None),
    ("新增社会化评价项目30个职业（工种）。", "社会化评价项目", 30, None, "个", "=", None, None),
]


@pytest.mark.parametrize(
    ("text", "metric", "value", "value_max", "unit", "comparator", "year", "deadline"),
    POSITIVE,
    ids=[p[0][:14] for p in POSITIVE],
)
def test_target(
    text: str,
    metric: str,
    value: float,
    value_max: float | None,
    unit: str,
    comparator: str,
    year: int | None,
    deadline: str | None,
) -> None:
    (t,) = targets(text)
    assert (t.metric, t.value, t.value_max, t.unit, t.comparator.value, t.year, t.deadline) == (
        metric,
        value,
        value_max,
        unit,
        comparator,
        year,
        deadline,
    )
    assert text[t.span[0] : t.span[1]] == t.text


def test_list_of_targets_splits_at_enumeration_comma() -> None:
    found = targets("评选资助市级首席技师100名、技能大师工作室30个。")
    assert [(t.metric, t.value, t.unit, t.text) for t in found] == [
        ("市级首席技师", 100, "名", "评选资助市级首席技师100名"),
        ("技能大师工作室", 30, "个", "技能大师工作室30个"),
    ]


def test_annual_plan_title_gives_year_and_standing_rule_has_none() -> None:
    (t,) = targets("新增用人单位评价机构30家。", year=2024, title="2024年高技能人才队伍建设工作要点")
    assert t.year == 2024
    (t,) = targets("60%以上用于一线职工教育和培训。", year=2023, title="关于加强高技能人才队伍建设的实施意见")
    assert t.year is None


def test_multi_year_title_gives_end_year() -> None:
    (t,) = targets("建成示范基地20个。", year=2024, title="2024—2026年技能人才培养行动计划")
    assert t.year == 2026


def test_cumulative_and_number_text() -> None:
    (t,) = targets("全市累计新增培养技能人才25000人次。")
    assert t.cumulative and t.number_text == "25000人次"
    assert t.rule_id == "targets.number_unit.v1"


NEGATIVE = [
    "以举办第48届世界技能大赛为引领。",
    "围绕“3+6”新质生产力领域。",
    "根据沪人社职〔2023〕12号文件要求。",
    "“十四五”时期，加强技能人才队伍建设。",
    "深化“一网通办”改革。",
    "做好三农工作。",
    "打造“15分钟就业服务圈”。",
    "拓展15分钟就业服务圈。",
    "于5个工作日内办结。",
    "各区任务详见附件1。",
    "上海市人力资源和社会保障局等23部门关于加强新时代高技能人才队伍建设的实施意见",
    "推行“岗位需求+技能培训+技能评价+就业服务”四位一体项目化培训模式。",
    "赋能千行百业，一业一策推进。",
    "培育一批高技能领军人才，打造一支高素质队伍。",
    "建设“五个中心”重要使命。",
    "根据《关于新增培养5万人次高级工的通知》要求。",
    "按每人2000元的标准给予补贴。",
    "给予一次性奖励5000元。",
    "全市已累计培训100万人次。",
    "对招用30人以上的企业给予支持。",
    "2025年3月28日",
    "全面贯彻党的二十大精神。",
    "高技能人才人均工资增幅不低于单位管理人员。",
]


@pytest.mark.parametrize("text", NEGATIVE, ids=[n[:12] for n in NEGATIVE])
def test_not_a_target(text: str) -> None:
    assert targets(text) == []


# -- rule data ------------------------------------------------------------------------------------
def _rule_cases() -> list[Any]:
    tg = RULES.get("targets")
    rules = [*tg["filters"], *tg["year_cues"], *tg["deadline_cues"], tg["title_year"]]
    cases = []
    for r in rules:
        cases += [pytest.param(r["pattern"], ex, True, id=f"{r['id']}+{ex}") for ex in r.get("examples", [])]
        cases += [
            pytest.param(r["pattern"], ex, False, id=f"{r['id']}-{ex}")
            for ex in r.get("counter_examples", [])
        ]
    return cases


@pytest.mark.parametrize(("pattern", "example", "matches"), _rule_cases())
def test_rule_examples(pattern: str, example: str, matches: bool) -> None:
    compiled = RULES.compile(expand(RULES, pattern).replace("$", "$$"))
    assert (compiled.search(example) is not None) is matches


def test_units_are_unique_and_free_of_magnitudes() -> None:
    units = [u["unit"] for u in RULES.get("units")["units"]]
    assert len(units) == len(set(units))
    assert not [u for u in units if u[0] in RULES.get("units")["magnitudes"]]


# -- properties -----------------------------------------------------------------------------------
JUNK = [
    "",
    "　",
    "\x00",
    "⑱",
    "一" * 5000,
    "<p>全年完成培训65万人次</p>",
    "万人次",
    "第",
    "“",
    "《",
    "3至",
    "-5%",
]


@pytest.mark.parametrize("text", JUNK, ids=[repr(j[:8]) for j in JUNK])
def test_junk_never_raises(text: str) -> None:
    assert isinstance(targets(text), list)


ALPHABET = st.sampled_from(
    list(
        "0123456789.,万亿千百十一二两三五〇人次家个%名以上超过不少于至-第“”《》，。、\n 全年新增完成建设到年月底前截"
    )
)


@settings(max_examples=300, deadline=None)
@given(st.text(ALPHABET, max_size=60))
def test_spans_quote_the_source(text: str) -> None:
    for t in targets(text):
        assert 0 <= t.span[0] < t.span[1] <= len(text)
        assert text[t.span[0] : t.span[1]] == t.text
        assert t.number_text in t.text


CORPUS = sorted((Path(__file__).resolve().parents[1] / "corpora" / "dev").glob("*.txt"))


@pytest.mark.parametrize("path", CORPUS, ids=[p.stem[:3] for p in CORPUS])
def test_corpus_targets_quote_the_source(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    found = targets(text, year=None)
    assert all(text[t.span[0] : t.span[1]] == t.text for t in found)
    assert [t.span for t in found] == sorted(t.span for t in found)
