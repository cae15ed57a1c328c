"""Targets: conventions added after the holdout4 error analysis (corpora/holdout4/ERRORS.md).

Each rule gets its own minimal synthetic sentences, a positive and a negative: none is a
sentence of a corpus notice.
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


def targets(text: str, year: int | None = 2025, doc_type: str | None = None) -> list[Any]:
    ctx = Context.build(Document.from_text(text), Meta(doc_type=doc_type), [], year)
    return extract(ctx, RULES)


def found(text: str, **kw: Any) -> list[tuple[str, float, str]]:
    return [(t.metric, t.value, t.unit) for t in targets(text, **kw)]


# (sentence, [(metric, value, unit)] of every target found)
METRIC_BOUNDARIES = [
    # a list of examples closed by 等 or a sector word opens the metric: the head follows
    ("到2026年，供热、燃气等管网监测覆盖率达到85%。", [("管网监测覆盖率", 85, "%")]),
    ("改造电力、化工行业节能示范企业20家。", [("节能示范企业", 20, "家")]),
    ("研究制定充电、换电等团体标准5项。", [("团体标准", 5, "项")]),
    # ... but not the object list of a preposition, and not a list without 等
    ("距离学校、医院等敏感目标不少于50米。", [("距离学校、医院等敏感目标", 50, "米")]),
    ("新建公交车、出租车充电桩比例达到90%。", [("公交车、出租车充电桩比例", 90, "%")]),
    # coordinated kinds of city are a scope
    ("地级市和县级市污水处理率达到95%。", [("污水处理率", 95, "%")]),
    # a quarter or half-year is when, not what
    ("第三季度新增示范社区12个。", [("示范社区", 12, "个")]),
    # 首批 is a determiner: the metric is read after the number
    ("完成首批50家重点企业节能诊断。", [("重点企业节能诊断", 50, "家")]),
    # 新开 / 优化 / 接入 open a target like 新增
    ("新开和优化定制公交线路8条。", [("定制公交线路", 8, "条")]),
    # a share's base (达到…的) is what the share is of
    ("可调节负荷能力达到年度最大负荷的3%以上。", [("可调节负荷能力", 3, "%")]),
    # 同比 is the baseline of a change, like 较上年
    ("全年普惠托位数量同比增长不低于15%。", [("普惠托位数量", 15, "%")]),
]


@pytest.mark.parametrize(("text", "expected"), METRIC_BOUNDARIES, ids=[m[0][:14] for m in METRIC_BOUNDARIES])
def test_metric_boundaries(text: str, expected: list[tuple[str, float, str]]) -> None:
    assert found(text) == expected


# a change with no subject of its own refers back to the quantity stated before it
REFER_BACK = [
    (
        "全年完成农业投资30亿元，同比增长8%左右。",
        [("农业投资", 3_000_000_000, "元"), ("农业投资", 8, "%")],
    ),
    # 分别: the k-th of n changes takes the k-th of the n targets before the list
    (
        "2026年，全市森林覆盖率达到45%，空气优良天数不少于300天，较2025年分别提高1.5个百分点、增加5天。",
        [
            ("森林覆盖率", 45, "%"),
            ("空气优良天数", 300, "天"),
            ("森林覆盖率", 1.5, "个百分点"),
            ("空气优良天数", 5, "天"),
        ],
    ),
    # a change with a subject keeps it; a sentence end cuts the reach-back
    ("新建公园10个，绿地面积较上年增长5%。", [("公园", 10, "个"), ("绿地面积", 5, "%")]),
    ("新建公园10个。同比增长5%。", [("公园", 10, "个")]),
]


@pytest.mark.parametrize(
    ("text", "expected"), REFER_BACK, ids=["change", "fenbie", "own-subject", "new-sentence"]
)
def test_subjectless_change_refers_back(text: str, expected: list[tuple[str, float, str]]) -> None:
    assert found(text) == expected


# counted days are targets (优良天数); a span of days is a duration
DAYS = [
    ("全年空气优良天数不少于280天。", [("空气优良天数", 280, "天")]),
    ("对发现的问题在15天内完成整改。", []),
    ("新建驿站20个，连续3天开放。", [("驿站", 20, "个")]),
]


@pytest.mark.parametrize(("text", "expected"), DAYS, ids=["counted", "within", "span"])
def test_days_are_counted_only_as_days(text: str, expected: list[tuple[str, float, str]]) -> None:
    assert found(text) == expected


# 最高 is a payment cap (a requirement) only before an amount or a cap/grant word
CAPS = [
    ("对新建项目最高补助200万元。", [(2000000, "元", "requirement")]),
    ("单个项目最高500万元。", [(5000000, "元", "requirement")]),
    ("储能调节能力达到最高负荷的8%。", [(8, "%", "goal")]),
]


@pytest.mark.parametrize(("text", "expected"), CAPS, ids=["grant", "amount", "peak-load"])
def test_highest_is_a_cap_only_before_an_amount(text: str, expected: list[tuple[float, str, str]]) -> None:
    ctx = Context.build(Document.from_text(text), Meta(), [], 2025)
    assert [(t.value, t.unit, t.kind) for t in extract(ctx, RULES)] == expected


REPORT = "一季度，全省共检查企业2,100家次，整改率96.2%。下一步，确保整改率达到100%。"


def test_report_results_are_not_targets() -> None:
    # in a 通报 only the sentence that states an intent sets a target
    assert found(REPORT, doc_type="通报") == [("整改率", 100, "%")]
    # the same figures in a plan are targets
    assert [v for _, v, _ in found(REPORT, doc_type="方案")] == [2100, 96.2, 100]


# (sentence, deadline of each target)
SHARED_DEADLINE = [
    # a …前 cue opening a verb phrase dates a later phrase that opens with a verb (same subject)
    ("依托现有平台，2026年9月30日前建成市级数据中心，接入各类终端不少于20万台。", ["2026-09-30"]),
    # a clause with its own subject is not dated by it
    ("年底前建成充电站30座，全市公共充电车位比例保持100%。", ["2025-12-31", None]),
    ("年底前建成充电站30座，新增的公交车中新能源车比例保持100%。", ["2025-12-31", None]),
    # nor a clause with its own time
    ("6月底前完成方案编制，全年新增充电桩500个。", [None]),
]


@pytest.mark.parametrize(
    ("text", "deadlines"), SHARED_DEADLINE, ids=["shared", "own-subject", "adjective-verb", "own-time"]
)
def test_deadline_of_a_shared_verb_phrase(text: str, deadlines: list[str | None]) -> None:
    assert [t.deadline for t in targets(text)] == deadlines
