"""Quantities as analysts track them (GUIDE.md, targets): kinds, directions, numbers, non-targets.

Each case is a minimal sentence written for the convention it pins (a real notice's usage).
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


def targets(text: str, year: int | None = 2026) -> list[Any]:
    return extract(Context.build(Document.from_text(text), Meta(), [], year), RULES)


# (sentence, [(value, unit, kind)])
KINDS = [
    ("全年完成补贴性职业技能培训65万人次。", [(650000, "人次", "goal")]),
    ("城乡低保标准每人每月1200元。", [(1200, "元", "standard")]),
    ("按每人2000元的标准给予补贴。", [(2000, "元", "standard")]),
    ("给予一次性奖励5000元。", [(5000, "元", "standard")]),
    ("按500元/人的标准发放交通补贴。", [(500, "元/人", "standard")]),
    ("对符合条件的项目给予30%资金支持。", [(30, "%", "standard")]),
    ("低保标准由每人每月1200元提高到1250元。", [(1250, "元", "standard")]),
    ("单个项目补助最高不超过20万元。", [(200000, "元", "requirement")]),
    ("新建项目单位增加值能耗不高于0.35吨标准煤/万元。", [(0.35, "吨标准煤/万元", "requirement")]),
    ("申报条件：\n（一）年接收实习人员不少于30人。\n", [(30, "人", "requirement")]),
    # a floor in a plan's aims, not in a condition, stays a goal
    ("全年组织培训不少于2000人次。", [(2000, "人次", "goal")]),
    # money a plan spends in all is a goal, not a per-unit standard
    ("安排补助资金1亿元。", [(100000000, "元", "goal")]),
]


@pytest.mark.parametrize(("text", "expected"), KINDS, ids=[k[0][:10] for k in KINDS])
def test_kind(text: str, expected: list[tuple[float, str, str]]) -> None:
    assert [(t.value, t.unit, t.kind) for t in targets(text)] == expected


def test_standard_metric_is_the_standard_name() -> None:
    (t,) = targets("城乡低保标准每人每月1200元。")
    assert (t.metric, t.value, t.unit) == ("低保标准", 1200, "元")  # 城乡 is a scope, like 全市
    (t,) = targets("农机购置补贴按300元/千瓦给予支持。")
    assert (t.metric, t.unit, t.kind) == ("农机购置补贴", "元/千瓦", "standard")


# (sentence, [(metric, value, unit, comparator, direction, baseline)])
CHANGES = [
    (
        "到2027年，单位地区生产总值能耗较2023年下降10%。",
        [("单位地区生产总值能耗", 10, "%", "=", "decrease", 2023)],
    ),
    ("营业收入同比增长不低于6%。", [("营业收入", 6, "%", ">=", "increase", 2025)]),
    ("森林覆盖率比2020年提高2个百分点。", [("森林覆盖率", 2, "个百分点", "=", "increase", 2020)]),
    ("与2020年相比，单位GDP二氧化碳排放下降18%。", [("单位GDP二氧化碳排放", 18, "%", "=", "decrease", 2020)]),
    # a level is no change, whatever verb reaches it
    ("城市生活垃圾资源化利用率提高到75%。", [("城市生活垃圾资源化利用率", 75, "%", "=", None, None)]),
    ("城镇调查失业率下降到5.5%以下。", [("城镇调查失业率", 5.5, "%", "<=", None, None)]),
    ("到2030年，园区再生水利用量较2020年翻一番。", [("园区再生水利用量", 2, "倍", "=", "increase", 2020)]),
]


@pytest.mark.parametrize(("text", "expected"), CHANGES, ids=[c[0][:10] for c in CHANGES])
def test_change(text: str, expected: list[tuple[Any, ...]]) -> None:
    got = [(t.metric, t.value, t.unit, t.comparator.value, t.direction, t.baseline) for t in targets(text)]
    assert got == expected


def test_change_range_keeps_its_upper_end() -> None:
    (t,) = targets("能耗下降2～4个百分点。")
    assert (t.value, t.value_max, t.direction) == (2, 4, "decrease")


# (sentence, [(value, value_max, unit, comparator)])
NUMBERS = [
    ("打造百项标杆工程。", [(100, None, "项", "=")]),
    ("培育千家专精特新企业。", [(1000, None, "家", "=")]),
    ("带动超千万元社会投资。", [(10000000, None, "元", ">")]),
    ("吸引上万人参与。", [(10000, None, "人", ">=")]),
    ("近百家企业入驻园区。", [(100, None, "家", "~")]),
    ("每个区培育3至5个示范点。", [(3, 5, "个", "range")]),
    ("新建20-25MW分布式光伏。", [(20, 25, "MW", "range")]),
    ("万元工业增加值用水量不高于20立方米/万元。", [(20, None, "立方米/万元", "<=")]),
    ("补贴标准为500元/人·月。", [(500, None, "元/人·月", "=")]),
    ("新增装机33.091万千瓦。", [(330910, None, "千瓦", "=")]),
    ("全年发电量1.2亿千瓦时。", [(120000000, None, "千瓦时", "=")]),
    ("新增海上风电装机5吉瓦。", [(5, None, "吉瓦", "=")]),
]


@pytest.mark.parametrize(("text", "expected"), NUMBERS, ids=[n[0][:10] for n in NUMBERS])
def test_number(text: str, expected: list[tuple[Any, ...]]) -> None:
    assert [(t.value, t.value_max, t.unit, t.comparator.value) for t in targets(text)] == expected


# the guide's non-targets, each beside a target that must stay
NOT_TARGETS = [
    ("加快推进某产业园二期，新增企业10家。", [(10, "家")]),
    ("推进某渔光互补30MW项目建设，新建光伏装机50MW。", [(50, "MW")]),
    ("场址平均水深约8米，距岸约15公里，建设风电机组20台。", [(20, "台")]),
    ("配置3台空压机（功率55千瓦），年节约标准煤100吨。", [(100, "吨")]),
    ("达标率=达标户数÷总户数×100%，达标率达到90%。", [(90, "%")]),
    ("举办第48届世界技能大赛，选拔选手30名。", [(30, "名")]),
    ("于5个工作日内办结，办结率达到100%。", [(100, "%")]),
    ("万元国内生产总值用水量较2023年下降10%。", [(10, "%")]),
    ("赋能千行百业，打造千家万户信赖的服务。", []),
    ("营造百家争鸣的氛围，点亮万家灯火。", []),
]


@pytest.mark.parametrize(("text", "expected"), NOT_TARGETS, ids=[n[0][:10] for n in NOT_TARGETS])
def test_not_a_target(text: str, expected: list[tuple[float, str]]) -> None:
    assert [(t.value, t.unit) for t in targets(text)] == expected


def test_numbered_sessions_stay_a_count() -> None:
    assert [(t.value, t.unit) for t in targets("举办专题培训班3期。")] == [(3, "期")]
