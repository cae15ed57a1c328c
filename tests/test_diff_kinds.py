"""diff and timeline by kind: standards and limits compared year on year, changes with changes.

The notices are minimal ones written for the conventions (a yearly 低保 standard notice, an
energy plan stating changes from a base year); they are parsed end to end.
"""

from __future__ import annotations

from policyparse import parse
from policyparse.diff import diff
from policyparse.timeline import timeline


def standards_notice(year: int, base: int, extra: int, cap: int) -> str:
    return (
        f"{year}年城乡低保标准调整方案\n"
        f"一、城市低保标准调整为每人每月{base}元。\n"
        f"二、对重度残疾人按每人每月{extra}元给予补贴。\n"
        f"三、单个家庭临时救助金额最高不超过{cap}元。\n"
        f"{year}年3月1日\n"
    )


def changes_plan(year: int, energy: int, water: int, forest: int, intensity: str) -> str:
    return (
        f"{year}年节能工作要点\n"
        f"一、到{year + 1}年，单位地区生产总值能耗较2020年下降{energy}%，"
        f"万元地区生产总值用水量较2020年下降{water}%，森林覆盖率提高到{forest}%。\n"
        f"二、新建项目单位增加值能耗不高于{intensity}。\n"
        f"{year}年2月1日\n"
    )


def test_diff_of_two_years_of_a_standard_setting_notice() -> None:
    d = diff(parse(standards_notice(2024, 1200, 200, 5000)), parse(standards_notice(2025, 1250, 220, 5000)))
    got = [(c.status, c.kind, c.metric, c.old_value, c.new_value, c.unit, c.abs_change, c.rel_change)
           for c in d.targets]  # fmt: skip
    assert got == [
        ("changed", "standard", "城市低保标准", 1200, 1250, "元", 50, 4.17),
        ("changed", "standard", "对重度残疾人", 200, 220, "元", 20, 10.0),
        ("unchanged", "requirement", "单个家庭临时救助金额", 5000, 5000, "元", 0, 0.0),
    ]


def test_diff_of_two_plans_stating_changes() -> None:
    old = parse(changes_plan(2024, 10, 8, 24, "0.35吨标准煤/万元"))
    new = parse(changes_plan(2025, 12, 8, 25, "300千克标准煤/万元"))
    by_metric = {c.metric: c for c in diff(old, new).targets}
    energy = by_metric["单位地区生产总值能耗"]
    # 下降10% → 下降12%: compared signed, a deeper cut of 2 points (−20 %)
    assert (energy.status, energy.old_direction, energy.new_direction) == ("changed", "decrease", "decrease")
    assert (energy.old_value, energy.new_value, energy.abs_change, energy.rel_change) == (10, 12, -2, -20.0)
    assert (energy.old_baseline, energy.new_baseline) == (2020, 2020)
    water = by_metric["万元地区生产总值用水量"]
    assert (water.status, water.abs_change) == ("unchanged", 0)
    # a level pairs with a level only
    forest = by_metric["森林覆盖率"]
    assert (forest.old_direction, forest.old_value, forest.new_value, forest.abs_change) == (None, 24, 25, 1)
    # a limit in compound units of one dimension converts: 0.35 吨标准煤/万元 = 350 千克标准煤/万元
    limit = by_metric["项目单位增加值能耗"]
    assert (limit.kind, limit.unit, limit.old_value, limit.new_value) == (
        "requirement",
        "千克标准煤/万元",
        350,
        300,
    )
    assert (limit.abs_change, limit.rel_change) == (-50, -14.29)


def test_a_change_never_pairs_with_a_level() -> None:
    old = parse("到2025年，城市生活垃圾资源化利用率较2020年提高10%。\n2024年2月1日\n")
    new = parse("到2026年，城市生活垃圾资源化利用率提高到60%。\n2025年2月1日\n")
    assert sorted(c.status for c in diff(old, new).targets) == ["added", "removed"]


def test_timeline_keeps_kinds_apart_and_says_them() -> None:
    docs = [parse(standards_notice(2024, 1200, 200, 5000)), parse(standards_notice(2025, 1250, 220, 5000))]
    frame = timeline(docs)
    rows = frame[frame["metric"] == "城市低保标准"]
    assert list(zip(rows["year"], rows["value"], rows["kind"], strict=True)) == [
        (2024, 1200, "standard"),
        (2025, 1250, "standard"),
    ]
    assert {"kind", "direction", "baseline", "value_max"} <= set(frame.columns)
