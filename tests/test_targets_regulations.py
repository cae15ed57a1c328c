"""Targets: conventions of regulations (条例, 规定, 办法) found in the retired second real test split.

Each convention gets minimal synthetic sentences of its own, positive and negative: none is a
sentence of a corpus document.
"""

from __future__ import annotations

from typing import Any

from policyparse.document import Document
from policyparse.extractors import Context
from policyparse.extractors.targets import extract
from policyparse.models import Meta
from policyparse.rules import load_rules

RULES = load_rules()


def targets(text: str, **meta: Any) -> list[Any]:
    meta.setdefault("doc_type", "条例")
    ctx = Context.build(Document.from_text(text), Meta(**meta), [], 2025)
    return extract(ctx, RULES)


def values(text: str, **meta: Any) -> list[tuple[float, float | None, str, str, str]]:
    return [(t.value, t.value_max, t.unit, t.comparator.value, t.kind) for t in targets(text, **meta)]


def test_a_lower_bound_without_its_unit_joins_the_upper_bound() -> None:
    # 二万以上二十万元以下: the unit is written once, after the upper bound
    found = targets("第九条 违反本条规定的，处三万以上三十万元以下的罚款。")
    assert [(t.value, t.value_max, t.unit, t.comparator.value) for t in found] == [
        (30000, 300000, "元", "range")
    ]
    assert found[0].kind == "standard" and found[0].metric == "罚款"
    assert found[0].rule_id == "targets.bounds_range.v1"
    assert found[0].number_text == "三万以上三十万元" and found[0].text == "处三万以上三十万元以下的罚款"


def test_a_lower_bound_with_its_own_unit_is_the_same_range() -> None:
    assert values("第九条 违反本条规定的，处三万元以上三十万元以下的罚款。") == [
        (30000, 300000, "元", "range", "standard")
    ]


def test_multiples_are_quantities_and_fines_by_multiple_are_standards() -> None:
    assert values("第十条 并处违法所得二倍以上六倍以下的罚款。") == [(2, 6, "倍", "range", "standard")]
    assert values("第十条 并处货值金额4倍以下的罚款。") == [(4, None, "倍", "<=", "standard")]


def test_percentages_written_in_words() -> None:
    assert values("第十一条 经营户摊位应当占市场总摊位数的百分之十五以上。") == [
        (15, None, "%", ">=", "requirement")
    ]
    found = values("第十二条 补偿款按评估价格上浮百分之三至百分之八确定。")
    assert [(v, vmax, u, c) for v, vmax, u, c, _ in found] == [(3, 8, "%", "range")]
    # 百分之百 and a numeral run inside a word are not this form's
    assert values("第十三条 本办法所称百分比，是指两数之比。") == []


def test_a_capped_fine_is_a_requirement() -> None:
    assert values("第十四条 可以处以最高不超过五万元的罚款。") == [(50000, None, "元", "<=", "requirement")]


def test_an_article_label_is_not_part_of_a_metric() -> None:
    (found,) = targets("第十五条 在三个以上设区的市开展经营活动的，应当备案。")
    assert not found.metric.startswith("第十五条")


def test_a_lone_one_before_a_measure_word_is_an_article() -> None:
    assert values("第十六条 由主任会议在委员中推选一人担任召集人，并至少在一处醒目位置公示。") == []
    assert values("第十六条 统一本市执法标准。") == []
    # a real count with a digit stays
    assert values("第十七条 每个乡镇配备专职人员不少于3人。") == [(3, None, "人", ">=", "requirement")]


def test_a_share_earmarked_for_one_use_is_a_requirement() -> None:
    found = targets("企业要按规定足额提取职工教育经费，60%以上用于一线职工培训。", doc_type="意见")
    assert [(t.value, t.comparator.value, t.kind) for t in found] == [(60, ">=", "requirement")]


def test_units_of_published_notices() -> None:
    # a count in a compound unit's denominator, tokens, a discount (折合 converts, it is no unit)
    assert values("一、使用合格育秧基质的，补贴15元/50升。", doc_type="细则") == [
        (15, None, "元/50升", "=", "standard")
    ]
    assert [(v, u) for v, _, u, _, _ in values("一、建成不少于8亿词元的行业语料库。", doc_type="方案")] == [
        (800000000, "词元")
    ]
    assert [(v, u, c) for v, _, u, c, _ in values("一、租金应当在市场租金的八折以下。", doc_type="意见")] == [
        (8, "折", "<=")
    ]
    assert [u for _, _, u, _, _ in values("一、全年节水5万吨，折合标准煤3万吨。", doc_type="方案")] == [
        "吨",
        "吨",
    ]


def test_an_inclusion_bracket_makes_the_bound_inclusive_and_is_no_second_target() -> None:
    found = targets(
        "一、申请家庭人均年收入低于36000元（含36000元）、人均财产低于90000元（含90000元）。", doc_type="通知"
    )
    assert [(t.value, t.comparator.value, t.metric) for t in found] == [
        (36000, "<=", "申请家庭人均年收入"),
        (90000, "<=", "人均财产"),
    ]
