"""Tasks: task-table rows and inline responsibility markers."""

from __future__ import annotations

import pytest
import regex

from policyparse import parse
from policyparse.rules import load_rules

RULES = load_rules()

TABLE = """附件
2024年重点任务分工表
\t序号
\t项目
\t工作内容
\t牵头单位
\t配合单位

\t1
\t加强需求预测
\t聚焦重点产业开展预测。
\t市人力资源社会保障局、
\t市发展改革委

\t2
\t
\t建立联动机制。
\t市教委、

市财政局
\t各区政府

\t3
\t发挥补贴作用
\t整合补贴政策。
\t市财政局
\t
"""


def test_table_rows_with_merged_cells_and_multiline_departments() -> None:
    doc = parse(TABLE)
    got = [(t.seq, t.item, t.content, t.lead, t.co, t.units) for t in doc.tasks]
    assert got == [
        (1, "加强需求预测", "聚焦重点产业开展预测。", ["市人力资源社会保障局"], ["市发展改革委"], ["市人力资源社会保障局", "市发展改革委"]),
        (2, "加强需求预测", "建立联动机制。", ["市教委", "市财政局"], ["各区政府"], ["市教委", "市财政局", "各区政府"]),
        (3, "发挥补贴作用", "整合补贴政策。", ["市财政局"], [], ["市财政局"]),
    ]  # fmt: skip
    assert doc.source.text[slice(*doc.tasks[1].span)].startswith("2\n")
    assert doc.source.text[slice(*doc.tasks[1].span)].endswith("各区政府")


RESP_TABLE = "{note}\n\t序号\n\t任务\n\t责任单位\n\n\t1\n\t做好培训\n\t市教委、市财政局\n"


@pytest.mark.parametrize(
    ("note", "lead"),
    [("（列第一位者为牵头单位，下同）", ["市教委"]), ("各单位认真落实。", ["市教委", "市财政局"])],
    ids=["first-is-lead", "all-lead"],
)
def test_responsibility_column_lead(note: str, lead: list[str]) -> None:
    doc = parse("关于分解任务的通知\n各单位：\n" + RESP_TABLE.format(note=note))
    assert [t.lead for t in doc.tasks] == [lead]
    assert doc.tasks[0].units == ["市教委", "市财政局"]


def test_table_without_department_column_gives_no_tasks() -> None:
    assert parse("附件\n统计表\n\t序号\n\t项目\n\t数量\n\n\t1\n\t培训\n\t100").tasks == []


HEAD = "关于推进节水工作的通知\n各区政府：\n一、主要任务\n"


@pytest.mark.parametrize(
    ("clause", "units", "lead", "co"),
    [
        ("（一）推进节水。加强管理（责任单位：市水务局、市住房城乡建设管理委）", ["市水务局", "市住房城乡建设管理委"],
         ["市水务局", "市住房城乡建设管理委"], []),
        ("（一）完善政策。加强保障。（人力资源社会保障部、财政部负责）", ["人力资源社会保障部", "财政部"],
         ["人力资源社会保障部", "财政部"], []),
        ("（一）推进改革。（牵头部门：市发展改革委；实施部门：各区政府）", ["市发展改革委", "各区政府"],
         ["市发展改革委"], ["各区政府"]),
        ("（一）落实资金。（市发展改革委牵头，市财政局配合）", ["市发展改革委", "市财政局"], ["市发展改革委"], ["市财政局"]),
    ],
    ids=["keyed-units", "responsible", "lead-and-implement", "lead-co"],
)  # fmt: skip
def test_inline_markers(clause: str, units: list[str], lead: list[str], co: list[str]) -> None:
    doc = parse(HEAD + clause)
    assert [(t.clause, t.clause_id, t.units, t.lead, t.co) for t in doc.tasks] == [
        ("（一）", "1.1", units, lead, co)
    ]


@pytest.mark.parametrize(
    "clause",
    ["（一）推进节水（2025年3月底前）", "（一）推进节水（以下简称节水行动）", "（一）推进节水（含技工院校）",
     "（一）推进节水（各区要认真负责）"],
    ids=["deadline", "alias", "scope", "not-a-body"],
)  # fmt: skip
def test_parentheticals_that_are_not_markers(clause: str) -> None:
    assert parse(HEAD + clause).tasks == []


def _task_rules() -> list[dict]:
    data = RULES.get("structure")["tasks"]
    return data["first_is_lead"] + data["inline"]


@pytest.mark.parametrize("rule", _task_rules(), ids=lambda r: r["id"])
def test_task_rule_examples(rule: dict) -> None:
    pattern = regex.compile(RULES.expand(rule["pattern"]))
    assert all(pattern.search(ex) for ex in rule["examples"])
    assert not any(pattern.search(ex) for ex in rule["counter_examples"])
