"""Targets: conventions added after the holdout5 error analysis (corpora/holdout5/ERRORS.md).

Each rule gets its own minimal synthetic sentences, positive and negative: none is a sentence
of a corpus notice.
"""

from __future__ import annotations

from typing import Any

import pytest

from policyparse.document import Document
from policyparse.extractors import Context
from policyparse.extractors.targets import extract
from policyparse.models import Meta
from policyparse.rules import load_rules

RULES = load_rules()


def targets(text: str, year: int | None = 2025, **meta: Any) -> list[Any]:
    ctx = Context.build(Document.from_text(text), Meta(**meta), [], year)
    return extract(ctx, RULES)


def values(text: str, **kw: Any) -> list[float]:
    return [t.value for t in targets(text, **kw)]


# an award decision (表彰…的决定) reports last year's results before it sets this year's work
AWARD = (
    "2024年，全市新建养老服务站15个，培训护理员3,000人次。\n"
    "各地要对照2025年目标，抓好以下工作：\n"
    "一、完善服务网络。全年新建养老服务站20个。\n"
    "二、提升服务能力。年内培训护理员4,000人次以上。\n"
)

# (title, doc_type, values found)
REPORT_TYPES = [
    # an award decision: the results are out, the list the intent introduces stays
    ("关于表彰2024年度养老服务工作先进单位的决定", "决定", [20, 4000]),
    ("关于授予张三同志“优秀护理员”称号的决定", "决定", [20, 4000]),
    # a 决定 that sets a policy keeps every number, like an 意见
    ("关于加快发展养老服务业的决定", "决定", [15, 3000, 20, 4000]),
    # a plan is unaffected
    ("2025年养老服务工作要点", "要点", [15, 3000, 20, 4000]),
    # a 通报 too: its list items inherit the intent of their introduction
    ("关于2024年养老服务工作情况的通报", "通报", [20, 4000]),
]


@pytest.mark.parametrize(
    ("title", "doc_type", "expected"),
    REPORT_TYPES,
    ids=["award", "grant-title", "policy", "plan", "bulletin"],
)
def test_award_decisions_report_results(title: str, doc_type: str, expected: list[float]) -> None:
    assert values(AWARD, title=title, doc_type=doc_type) == expected


def test_list_without_intent_stays_a_report() -> None:
    # a 通报's list introduced without an intent (现将…通报如下：) holds results
    text = "现将有关情况通报如下：\n一、检查情况。全省共检查企业2,100家次。\n"
    assert values(text, title="关于检查情况的通报", doc_type="通报") == []


# (sentence, document year, values found)
AS_OF = [
    # 截至 a year before the document's: a reported stock
    ("截至2024年底，全市累计建成充电桩1.2万个。到2027年，累计建成充电桩3万个以上。", 2025, [30000]),
    ("截止2023年9月，全区共有托育机构80家。", 2025, []),
    # 截至 the document's year or later: still a target
    ("截至2025年底，全市累计建成充电桩2万个。", 2025, [20000]),
    ("到2024年底，全市累计建成充电桩1.2万个。", 2025, [12000]),
]


@pytest.mark.parametrize(("text", "year", "expected"), AS_OF, ids=["past", "past-month", "same-year", "dao"])
def test_as_of_a_past_year_is_a_stock(text: str, year: int, expected: list[float]) -> None:
    assert values(text, year=year) == expected


# The revised guide counts an amount charged per case as a standard: a fine is one (every real
# annotator read it so, corpora/real/ADJUDICATION.md); its two bounds are one range.
FINES = [
    ("违反本规定的，处2000元以上2万元以下罚款。", [(2000, 20000, "range", "standard", "罚款")]),
    ("逾期不改正的，并处五千元罚款。", [(5000, None, "=", "standard", "罚款")]),
    # whom the fine falls on stays in the metric (tests/test_targets_real.py)
    ("对单位可以处10万元以下罚款。", [(100000, None, "<=", "standard", "单位罚款")]),
    # money that is not a fine is a goal
    (
        "全年查处违法案件120件，筹集整治资金3,000万元。",
        [(120, None, "=", "goal", "违法案件"), (30_000_000, None, "=", "goal", "资金")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), FINES, ids=["range", "single", "cap", "not-fine"])
def test_fines_are_standards(text: str, expected: list[tuple]) -> None:
    assert [(t.value, t.value_max, t.comparator.value, t.kind, t.metric) for t in targets(text)] == expected


def test_grade_unit() -> None:
    assert [(t.value, t.unit) for t in targets("全年新建标准化鱼塘20个，水质等级提高1个等级。")] == [
        (20, "个"),
        (1, "个等级"),
    ]


# (sentence, deadline of each target)
PART_OF_YEAR = [
    ("上半年完成老旧电梯更新30台，下半年完成其余25台。", ["2025-06-30", "2025-12-31"]),
    ("第三季度建成社区食堂8个。", ["2025-09-30"]),
    ("2026年一季度新增公共停车位500个。", ["2026-03-31"]),
    # every quarter is a reporting rhythm, not a deadline
    ("每季度开展安全检查，全年新增公共停车位500个。", [None]),
]


@pytest.mark.parametrize(
    ("text", "deadlines"), PART_OF_YEAR, ids=["halves", "quarter", "year-quarter", "every"]
)
def test_part_of_year_deadlines(text: str, deadlines: list[str | None]) -> None:
    assert [t.deadline for t in targets(text)] == deadlines


# a …前 cue dates a later verb phrase only while no clause with its own time stands between
SHARED_REACH = [
    ("年底前建成驿站10个，全年培训骑手2,000人次，新增共享单车3,000辆。", ["2025-12-31", None, None]),
    ("年底前建成驿站10个，培训骑手2,000人次，新增共享单车3,000辆。", ["2025-12-31"] * 3),
]


@pytest.mark.parametrize(("text", "deadlines"), SHARED_REACH, ids=["own-time-between", "shared"])
def test_deadline_reach_ends_at_a_clause_with_its_own_time(text: str, deadlines: list[str | None]) -> None:
    assert [t.deadline for t in targets(text)] == deadlines


# (sentence, [(metric, value, unit)] of every target found)
METRICS = [
    # a share's base after 提高到…的 is what the share is of
    ("到2027年，机组调节能力提高到设计容量的60%。", [("机组调节能力", 60, "%")]),
    ("到2027年，机组调节能力提高到60%。", [("机组调节能力", 60, "%")]),
    # 折合 restates a quantity in another unit: what follows it is the metric
    (
        "年内新增光伏装机5万千瓦，折合年节约标准煤1.5万吨。",
        [("光伏装机", 50000, "千瓦"), ("节约标准煤", 15000, "吨")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), METRICS, ids=["share-base", "no-base", "converted"])
def test_metric_boundaries_h5(text: str, expected: list[tuple[str, float, str]]) -> None:
    assert [(t.metric, t.value, t.unit) for t in targets(text)] == expected


# (sentence, [(metric, value, unit, deadline)]): where the counted thing stands (polish fixes)
METRIC_PLACES = [
    # a verb before a comparator word (解决约N户): the counted thing follows the number
    ("年内解决约3,000户农户饮水问题。", [("农户饮水问题", 3000, "户", None)]),
    ("年内完成约20个村改造。", [("村改造", 20, "个", None)]),
    # a qualifier ending in 的 right before the number describes the noun after it
    ("对年久失修的5座桥梁予以加固。", [("桥梁", 5, "座", None)]),
    ("年内改造建成年代较早的8个小区。", [("小区", 8, "个", None)]),
    # …的 before a share is its base, still cut by the tails (the noun before stays)
    ("到2027年，研发投入占营业收入的3%以上。", [("研发投入", 3, "%", None)]),
    # a deadline between the metric and its number is when, not what
    ("全县粮食储备量在10月底前达到5万吨。", [("粮食储备量", 50000, "吨", "2025-10-31")]),
    ("全县粮食储备量年底前达到5万吨。", [("粮食储备量", 50000, "吨", "2025-12-31")]),
    # a deadline leading the verb is a lead word, as before
    ("10月底前完成粮食收储5万吨。", [("粮食收储", 50000, "吨", "2025-10-31")]),
    # a year of a relative clause is kept (it says which things)
    ("完成2000年底前建成的小区改造30个。", [("2000年底前建成的小区改造", 30, "个", None)]),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    METRIC_PLACES,
    ids=[
        "verb-about",
        "verb-about-known",
        "qualifier",
        "qualifier-after-verb",
        "share-base",
        "deadline-in-metric",
        "year-end-in-metric",
        "deadline-lead",
        "relative-year",
    ],
)
def test_metric_place_conventions(text: str, expected: list[tuple[str, float, str, str | None]]) -> None:
    assert [(t.metric, t.value, t.unit, t.deadline) for t in targets(text)] == expected


# conventions of the published laws and notices of corpora/real (minimal reproductions)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("违反本条例第十七条第二款和十八条规定的，责令改正。", []),  # article references
        ("联系地址：江西省南昌市红谷滩新区卧龙路999号省行政中心西8栋", []),  # an address
        ("年休假天数=当年度在本单位剩余日历天数÷365天×全年应当享受的年休假天数", []),  # a formula
        ("户均配变容量不低于2.3千伏安。", [(2.3, "千伏安")]),
        ("补建市政消火栓169具。", [(169, "具")]),
    ],
    ids=["article-list", "address", "formula-divisor", "kva", "fixtures"],
)
def test_real_notice_quantities(text: str, expected: list[tuple]) -> None:
    assert [(t.value, t.unit) for t in targets(text)] == expected


def test_a_review_section_holds_results_not_targets() -> None:
    from policyparse import parse

    doc = parse(
        "某区消防“十三五”规划\n一、“十二五”期间消防工作成效\n（一）基础设施。新增市政消火栓253个。\n"
        "二、规划目标\n（一）主要目标。到2020年，新增市政消火栓300个。\n"
    )
    assert [(t.value, t.year) for t in doc.targets] == [(300, 2020)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("近三年来本区共发生火灾7起。", []),
        ("依照《某某条例》第十四、十五、十六条的规定处理。", []),
        ("两人及两人以上举报的，按照下列规则认定。", []),
        ("全年新增两个以上示范区。", [(2, "个")]),
    ],
    ids=["recent-years", "article-list-without-tiao", "scope-count", "floor-goal"],
)
def test_more_reported_and_referenced_numbers(text: str, expected: list) -> None:
    assert [(t.value, t.unit) for t in targets(text)] == expected
