"""A table copied one cell per line with its unit declared above it (a convention of web copies)."""

from __future__ import annotations

from policyparse import parse

ALLOCATION = """某区2026年整治工作方案

一、工作目标

全年完成整治任务500亩。

附表

某区2026年度各镇整治任务表

制表日期：2026.1      单位：亩

序号

镇

全年任务量

6月底前

1

甲镇

120.50

60.25

2

乙镇

80

40
"""


def test_number_cells_below_a_unit_line_are_targets_in_that_unit() -> None:
    cells = [t for t in parse(ALLOCATION).targets if t.rule_id == "targets.table.declared_unit.v1"]
    assert [(t.value, t.unit, t.metric) for t in cells] == [
        (120.5, "亩", "甲镇"),
        (60.25, "亩", "甲镇"),
        (80, "亩", "乙镇"),
        (40, "亩", "乙镇"),
    ]  # the 序号 cells 1 and 2 are not quantities
    assert all(t.text == ALLOCATION[t.span[0] : t.span[1]] for t in cells)


def test_a_magnitude_in_the_declared_unit_and_a_standards_caption() -> None:
    text = "某补贴办法\n\n第一条 按下表给予补贴。\n\n表1 更新补贴标准\n\n（单位：万元）\n\n机械类型\n\n补贴金额\n\n叉车\n\n1.9\n\n挖掘机\n\n2.6\n"
    cells = [t for t in parse(text).targets if t.rule_id == "targets.table.declared_unit.v1"]
    assert [(t.value, t.unit, t.metric, t.kind) for t in cells] == [
        (19000, "元", "叉车", "standard"),
        (26000, "元", "挖掘机", "standard"),
    ]


def test_a_responsibility_label_is_no_unit_declaration() -> None:
    text = "某通知\n\n一、工作要求\n\n责任单位：区民政局\n\n5\n\n各有关单位：\n\n3\n"
    assert [t for t in parse(text).targets if t.rule_id == "targets.table.declared_unit.v1"] == []
