"""Quantities in indicator, allocation and plan tables (unit in the header or in a unit column).

Tables follow the loaders' convention: each cell a line starting with a tab, rows separated by
blank lines, the header first. The tables are minimal ones written for the convention.
"""

from __future__ import annotations

from typing import Any

from policyparse.document import Document
from policyparse.extractors import Context
from policyparse.extractors.targets import extract
from policyparse.models import Meta
from policyparse.rules import load_rules

RULES = load_rules()


def table(*rows: list[str]) -> str:
    return "\n\n".join("\n".join("\t" + c for c in row) for row in rows) + "\n"


def targets(text: str, title: str | None = None) -> list[Any]:
    return extract(Context.build(Document.from_text(text), Meta(title=title), [], 2026), RULES)


INDICATORS = "表1 主要指标\n" + table(
    ["序号", "指标", "目标值（万千瓦）", "属性"],
    ["1", "光伏装机", "120", "预期性"],
    ["2", "风电装机", "20-25", "约束性"],
    ["3", "储能装机", "—", "预期性"],
)


def test_unit_in_the_column_header() -> None:
    got = targets(INDICATORS, title="2026年能源工作要点")
    assert [(t.metric, t.value, t.value_max, t.unit, t.comparator.value, t.year) for t in got] == [
        ("光伏装机", 1200000, None, "千瓦", "=", 2026),
        ("风电装机", 200000, 250000, "千瓦", "range", 2026),
    ]
    first = got[0]
    assert (first.table, first.row, first.column, first.text) == (0, "光伏装机", "目标值（万千瓦）", "120")
    assert first.rule_id == "targets.table_cell.v1"


def test_cell_span_quotes_the_source() -> None:
    doc = Document.from_text(INDICATORS)
    for t in extract(Context.build(doc, Meta(), [], 2026), RULES):
        assert doc.original[t.span[0] : t.span[1]] == t.text


def test_unit_column_and_year_columns() -> None:
    text = table(
        ["指标", "单位", "2026年", "2027年"],
        ["森林覆盖率", "%", "≥60", "62"],
        ["城镇新增就业", "万人", "5", "6"],
    )
    got = [(t.metric, t.value, t.unit, t.comparator.value, t.year, t.column) for t in targets(text)]
    assert got == [
        ("森林覆盖率", 60, "%", ">=", 2026, "2026年"),
        ("森林覆盖率", 62, "%", "=", 2027, "2027年"),
        ("城镇新增就业", 50000, "人", "=", 2026, "2026年"),
        ("城镇新增就业", 60000, "人", "=", 2027, "2027年"),
    ]


def test_base_columns_are_not_targets() -> None:
    text = "2026年3月1日\n" + table(
        ["指标", "单位", "2020年", "2025年基期值", "2027年"],
        ["森林覆盖率", "%", "55", "58", "62"],
    )
    ctx = Context.build(Document.from_text(text), Meta(date="2026-03-01"), [], 2026)
    got = [(t.value, t.year, t.column) for t in extract(ctx, RULES)]
    assert got == [(62, 2027, "2027年")]


def test_allocation_table_names_the_column_metric() -> None:
    text = "附件\n2026年各区培训任务分配表\n" + table(
        ["区", "培训任务（万人次）", "新增岗位（个）"],
        ["黄浦区", "2.5", "300"],
    )
    # 区 is no label header: the first column of text names the row; the caption gives the year
    got = [(t.metric, t.value, t.unit, t.row, t.year) for t in targets(text)]
    assert got == [
        ("黄浦区培训任务", 25000, "人次", "黄浦区", 2026),
        ("黄浦区新增岗位", 300, "个", "黄浦区", 2026),
    ]


def test_district_allocation_with_a_label_header() -> None:
    text = table(["区县", "培训任务（万人次）"], ["黄浦区", "2.5"], ["徐汇区", "3至4"])
    got = [(t.metric, t.value, t.value_max, t.comparator.value, t.year) for t in targets(text)]
    # no year in the header, the caption or the title: the guide gives none
    assert got == [
        ("黄浦区培训任务", 25000, None, "=", None),
        ("徐汇区培训任务", 30000, 40000, "range", None),
    ]


def test_task_table_gains_no_targets_and_cell_targets_get_provenance() -> None:
    text = table(
        ["序号", "任务", "牵头单位", "完成时限"],
        ["1", "全年新增充电桩3000台", "市发展改革委", "2026年底"],
    )
    (t,) = targets(text)
    assert (t.value, t.unit, t.table, t.column) == (3000, "台", 0, "任务")


def test_cells_of_a_standards_table_are_standards() -> None:
    text = table(
        ["类别", "补助标准（元/人·月）", "最高补助（万元）"],
        ["重度残疾人", "200", "2"],
    )
    got = [(t.metric, t.value, t.unit, t.kind) for t in targets(text)]
    assert got == [
        ("重度残疾人补助标准", 200, "元/人·月", "standard"),
        ("重度残疾人最高补助", 20000, "元", "requirement"),
    ]
