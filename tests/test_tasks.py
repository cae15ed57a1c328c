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
        ("（一）整治管网。（市水务局牵头，各区政府、各开发区管委会落实）", ["市水务局", "各区政府", "各开发区管委会"],
         ["市水务局"], ["各区政府", "各开发区管委会"]),
        ("（一）整治管网。（市水务局牵头，各区政府实施）", ["市水务局", "各区政府"], ["市水务局"], ["各区政府"]),
        ("（一）整治管网。（市水务局牵头，各区政府组织实施）", ["市水务局", "各区政府"], ["市水务局"], ["各区政府"]),
        ("（一）整治管网。（市水务局牵头，市财政局、各区政府共同负责）", ["市水务局", "市财政局", "各区政府"],
         ["市水务局"], ["市财政局", "各区政府"]),
        ("（一）整治管网。（市水务局牵头，各区政府负责落实）", ["市水务局", "各区政府"], ["市水务局"], ["各区政府"]),
        ("（一）整治管网。（市水务局牵头，市财政局协助）", ["市水务局", "市财政局"], ["市水务局"], ["市财政局"]),
    ],
    ids=["keyed-units", "responsible", "lead-and-implement", "lead-co", "lead-carry-out", "lead-implement",
         "lead-organise", "lead-jointly", "lead-responsible-carry-out", "lead-assist"],
)  # fmt: skip
def test_inline_markers(clause: str, units: list[str], lead: list[str], co: list[str]) -> None:
    doc = parse(HEAD + clause)
    assert [(t.clause, t.clause_id, t.units, t.lead, t.co) for t in doc.tasks] == [
        ("（一）", "1.1", units, lead, co)
    ]


@pytest.mark.parametrize(
    "clause",
    ["（一）推进节水（2025年3月底前）", "（一）推进节水（以下简称节水行动）", "（一）推进节水（含技工院校）",
     "（一）推进节水（各区要认真负责）", "（一）推进节水（市水务局牵头，各区加快落实）",
     "（一）推进节水（市水务局牵头，2025年底前落实）", "（一）推进节水（市水务局牵头，落实资金保障）"],
    ids=["deadline", "alias", "scope", "not-a-body", "verb-after-no-body", "date-before-verb", "verb-with-object"],
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


# -- task tables: extra cell lines in any column; deadline column -------------------------------------
MULTILINE_TABLE = """关于印发重点任务分工的通知
各街道办事处：
现将分工印发给你们。
\t序号
\t重点任务
\t责任单位
\t完成时限

\t1
\t推行企业开办一件事
\t区市场监管局
区政务服务办
区税务局
\t2024年6月底前

\t2
\t优化涉企政策兑现
\t区发展改革委、
区财政局
\t11月底前

\t3
\t建立常态化走访机制
\t区工商联
\t长期坚持

某某区人民政府
2024年2月1日
"""


def test_table_cell_continues_in_a_middle_column() -> None:
    doc = parse(MULTILINE_TABLE)
    assert [(t.seq, t.units, t.lead) for t in doc.tasks] == [
        (1, ["区市场监管局", "区政务服务办", "区税务局"], ["区市场监管局", "区政务服务办", "区税务局"]),
        (2, ["区发展改革委", "区财政局"], ["区发展改革委", "区财政局"]),
        (3, ["区工商联"], ["区工商联"]),
    ]
    assert [t.deadline for t in doc.tasks][::2] == ["2024-06-30", None]


# a cell of several paragraphs as DOCX/PDF cells give them: a blank line before each further one
PARAGRAPH_CELL_TABLE = (
    "附件\n重点任务分工表\n\t序号\n\t重点任务\n\t责任单位\n\t完成时限\n\n"
    "\t1\n\t推行企业开办集成服务。\n\t区市场监管局\n\n区政务服务办\n\n区税务局\n\t2024年6月底前\n\n"
    "\t2\n\t梳理惠企政策清单。\n\t区财政局\n\t2024年12月底前\n\n"
    "抄送：区委办公室。\n"
)


def test_cell_paragraphs_after_blank_lines_stay_in_an_incomplete_row() -> None:
    doc = parse(PARAGRAPH_CELL_TABLE)
    assert [(t.seq, t.units, t.deadline) for t in doc.tasks] == [
        (1, ["区市场监管局", "区政务服务办", "区税务局"], "2024-06-30"),
        (2, ["区财政局"], "2024-12-31"),
    ]
    # a complete last row does not swallow the text after the table
    assert "抄送" not in doc.tasks[-1].content


@pytest.mark.parametrize(
    ("cell", "year", "iso"),
    [
        ("2024年6月底前", None, "2024-06-30"),
        ("2025年2月底前", None, "2025-02-28"),
        ("2024年9月30日前", None, "2024-09-30"),
        ("2025年12月", None, "2025-12-31"),
        ("2024年底前", None, "2024-12-31"),
        ("11月底前", 2025, "2025-11-30"),
        ("2024年6月启动，12月底前完成", None, "2024-12-31"),
        ("11月底前", None, None),
        ("长期坚持", 2024, None),
        ("每季度", 2024, None),
        # a named period ends on the last day of its last month, in the document's year
        ("第一季度", 2025, "2025-03-31"),
        ("一季度", 2025, "2025-03-31"),
        ("第二季度前", 2025, "2025-06-30"),
        ("第三季度", 2025, "2025-09-30"),
        ("三季度末前", 2025, "2025-09-30"),
        ("第四季度", 2025, "2025-12-31"),
        ("上半年", 2025, "2025-06-30"),
        ("下半年", 2025, "2025-12-31"),
        ("年底前", 2025, "2025-12-31"),
        ("年底", 2025, "2025-12-31"),
        ("2024年第三季度", 2025, "2024-09-30"),
        ("2024年上半年", None, "2024-06-30"),
        ("2024年底前", 2025, "2024-12-31"),
        ("2024年3月启动，第三季度完成", 2025, "2024-09-30"),
        ("第三季度", None, None),
        ("全年", 2025, None),
        ("长期", 2025, None),
        ("持续推进", 2025, None),
        ("每一季度", 2025, None),
    ],
    ids=[
        "month-end",
        "february",
        "day",
        "month",
        "year-end",
        "doc-year",
        "last-date-in-cell",
        "no-year",
        "standing",
        "recurring",
        "q1",
        "q1-short",
        "q2-before",
        "q3",
        "q3-end",
        "q4",
        "first-half",
        "second-half",
        "year-end-before",
        "year-end-word",
        "year-quarter",
        "year-half",
        "year-end-not-doc-year",
        "cell-year-continues",
        "period-no-year",
        "whole-year",
        "long-term",
        "ongoing",
        "each-quarter",
    ],
)
def test_deadline_cell(cell: str, year: int | None, iso: str | None) -> None:
    from policyparse.structure.tasks import cell_deadline, task_rules

    assert cell_deadline(cell, task_rules(RULES), year) == iso


@pytest.mark.parametrize("rule", RULES.get("structure")["tasks"]["deadline"], ids=lambda r: r["id"])
def test_deadline_rule_examples(rule: dict) -> None:
    from policyparse.structure.tasks import cell_deadline, task_rules

    tr = task_rules(RULES)
    assert all(cell_deadline(ex, tr, 2025) for ex in rule["examples"])
    assert not any(cell_deadline(ex, tr, 2025) for ex in rule["counter_examples"])


# -- inline markers: nested brackets, the 列第一位者为牵头单位 note inside the marker ------------------
def _clauses(*markers: str) -> str:
    body = "\n".join(
        f"（{n}）推进第{n}项工作，年内完成。{m}" for n, m in zip("一二三四", markers, strict=False)
    )
    return f"关于推进重点工作的通知\n各区（市）县政府：\n一、重点任务\n{body}\n某某市人民政府\n2024年1月5日"


@pytest.mark.parametrize(
    ("marker", "units", "lead"),
    [
        (
            "（牵头单位：市经信局；配合单位：市生态环境局、各区（市）县政府）",
            ["市经信局", "市生态环境局", "各区（市）县政府"],
            ["市经信局"],
        ),
        ("（市教育局牵头，各县（市、区）政府配合）", ["市教育局", "各县（市、区）政府"], ["市教育局"]),
        (
            "（市水务局、各区（市）县政府按职责分工负责）",
            ["市水务局", "各区（市）县政府"],
            ["市水务局", "各区（市）县政府"],
        ),
        ("（详见附件（一））", None, None),
    ],
    ids=["keyed-nested", "lead-co-nested", "responsible-nested", "not-a-marker"],
)
def test_nested_brackets_in_markers(marker: str, units, lead) -> None:
    doc = parse(_clauses(marker))
    assert [(t.units, t.lead) for t in doc.tasks] == ([(units, lead)] if units else [])


def test_marker_carrying_the_first_lead_note() -> None:
    doc = parse(
        _clauses(
            "（水利部、生态环境部、自然资源部按职责分工负责，列第一位者为牵头单位，下同）",
            "（自然资源部、水利部按职责分工负责）",
        )
    )
    assert [(t.clause, t.units, t.lead) for t in doc.tasks] == [
        ("（一）", ["水利部", "生态环境部", "自然资源部"], ["水利部"]),
        ("（二）", ["自然资源部", "水利部"], ["自然资源部"]),
    ]


# Published notices close a list with 等 (（A、B、C等负责）) and put the 列第一位者 note after it with
# 下同; the note carries to every later marker, 等-lists included (the revised guide's 等负责 rule).
def test_deng_markers_and_the_first_lead_note_carried() -> None:
    doc = parse(
        _clauses(
            "（市人社局、市财政局、市教育局等负责，列第一位者为牵头单位，下同）",
            "（市发展改革委、市财政局等按职责分工负责）",
            "（市经信委牵头，市财政局、市商务局等配合）",
        )
    )
    assert [(t.clause, t.units, t.lead) for t in doc.tasks] == [
        ("（一）", ["市人社局", "市财政局", "市教育局"], ["市人社局"]),
        ("（二）", ["市发展改革委", "市财政局"], ["市发展改革委"]),
        ("（三）", ["市经信委", "市财政局", "市商务局"], ["市经信委"]),
    ]


# Published plans close an item with a bare list of its bodies, and write a second group as
# "B为实施单位" after a keyed lead (上海 市场监管局, 区政府 plans).
def test_bare_list_of_bodies_is_a_marker() -> None:
    doc = parse(_clauses("（各街镇、区规划资源局、区土储中心）", "（区财政局）"))
    assert [(t.units, t.lead) for t in doc.tasks] == [
        (["各街镇", "区规划资源局", "区土储中心"], ["各街镇", "区规划资源局", "区土储中心"]),
        (["区财政局"], ["区财政局"]),
    ]


def test_a_list_of_names_with_short_forms_is_no_task() -> None:
    # 机关名称及简称: （一）中共某市委办公厅（市委办公厅） names a body and its short form
    doc = parse(
        "关于印发机关名称及简称的通知\n各区：\n一、市委机关\n（一）中共某市委办公厅（市委办公厅）\n"
        "（二）中共某市委组织部（市委组织部）\n某市人民政府办公厅\n2024年7月24日\n"
    )
    assert doc.tasks == []


def test_keyed_lead_with_a_group_named_after_it() -> None:
    doc = parse(
        _clauses(
            "（牵头指导处室：市局质量处，各区市场监管局、机场分局为实施单位，下同）",
            "（牵头指导处室：市局标准处）",
        )
    )
    assert [(t.units, t.lead, t.co) for t in doc.tasks] == [
        (["市局质量处", "各区市场监管局", "机场分局"], ["市局质量处"], ["各区市场监管局", "机场分局"]),
        (["市局标准处"], ["市局标准处"], []),
    ]


def test_keyed_groups_after_a_comma_bodies_that_carry_out_and_universities() -> None:
    doc = parse(
        _clauses(
            "（责任单位：区应急局、区消防支队，配合单位：区财政局）",
            "（市应急局、市市场监管局、各区政府组织落实）",
            "（责任部门：市规划资源局、同济大学）",
        )
    )
    assert [(t.units, t.lead, t.co) for t in doc.tasks] == [
        (["区应急局", "区消防支队", "区财政局"], ["区应急局", "区消防支队"], ["区财政局"]),
        (["市应急局", "市市场监管局", "各区政府"], ["市应急局", "市市场监管局", "各区政府"], []),
        (["市规划资源局", "同济大学"], ["市规划资源局", "同济大学"], []),
    ]


def test_lead_that_takes_charge_and_others_who_carry_out() -> None:
    doc = parse(_clauses("（市住房城乡建设管理委牵头负责，各区政府组织落实）"))
    assert [(t.units, t.lead) for t in doc.tasks] == [
        (["市住房城乡建设管理委", "各区政府"], ["市住房城乡建设管理委"])
    ]


def test_deng_marker_without_the_note_names_every_unit_as_lead() -> None:
    doc = parse(_clauses("（市民政局、市卫生健康委等负责）"))
    assert [(t.units, t.lead) for t in doc.tasks] == [
        (["市民政局", "市卫生健康委"], ["市民政局", "市卫生健康委"])
    ]


# -- a vertically merged 牵头 cell is filled down like the 项目 ------------------------------------------
def _lead_table(rows: list[tuple[str, str, str]]) -> str:
    head = "\t序号\n\t任务\n\t牵头单位\n\t责任单位\n"
    body = "".join(f"\n\t{n}\n\t任务{n}\n\t{lead}\n\t{units}\n" for n, lead, units in rows)
    return "附件\n重点任务分工表\n" + head + body


@pytest.mark.parametrize(
    ("rows", "want"),
    [
        # rows 2 and 3 sit in the merged lead cell of row 1
        ([("1", "市交通局", "各区政府"), ("2", "", "市财政局、各区政府"), ("3", "", "市公安局")],
         [["市交通局"], ["市交通局"], ["市交通局"]]),
        # a new lead closes the merge
        ([("1", "市交通局", "各区政府"), ("2", "", "市财政局"), ("3", "市商务局", "各区政府")],
         [["市交通局"], ["市交通局"], ["市商务局"]]),
        # nothing above to fill from: the 责任单位 lead (no first-is-lead note: every body)
        ([("1", "", "市财政局、市税务局")], [["市财政局", "市税务局"]]),
    ],
    ids=["merged-down", "new-lead", "first-row-empty"],
)  # fmt: skip
def test_merged_lead_cell_is_filled_down(rows: list[tuple[str, str, str]], want: list[list[str]]) -> None:
    doc = parse(_lead_table(rows))
    assert [t.lead for t in doc.tasks] == want
    for task, (_, _, units) in zip(doc.tasks, rows, strict=True):
        assert task.units[: len(task.lead)] == task.lead  # the lead comes first among the units
        assert set(task.units) >= set(regex.split("、", units))


def test_tasks_built_without_validation_equal_validated_ones() -> None:
    # extract_tasks fills Task instances directly (structure.clauses.built): they must be what
    # validation of the same fields would give, field for field, in JSON and in fields set
    from pathlib import Path

    from policyparse.models import Task

    root = Path(__file__).resolve().parents[1]
    docs = [parse(TABLE), parse(MULTILINE_TABLE)] + [
        parse(p.read_text(encoding="utf-8")) for p in sorted(root.glob("corpora/*/*.txt"))[:12]
    ]
    tasks = [t for doc in docs for t in doc.tasks]
    assert tasks
    for task in tasks:
        validated = Task.model_validate(task.model_dump(include=task.model_fields_set))
        assert validated == task
        assert validated.model_dump_json() == task.model_dump_json()
        assert validated.model_fields_set == task.model_fields_set


# -- a vertically merged 完成时限 cell is filled down like the 牵头 --------------------------------------
def _deadline_table(rows: list[tuple[str, str, str]]) -> str:
    head = "\t序号\n\t工作任务\n\t责任单位\n\t完成时限\n"
    body = "".join(f"\n\t{n}\n\t{task}\n\t市财政局\n\t{cell}\n" for n, task, cell in rows)
    return "关于分解重点任务的通知\n各区政府：\n" + head + body + "\n某某市人民政府\n2025年1月6日\n"


@pytest.mark.parametrize(
    ("rows", "want"),
    [
        # rows 2 and 3 sit in the merged deadline cell of row 1
        ([("1", "任务一", "2025年11月30日前"), ("2", "任务二", ""), ("3", "任务三", "")],
         ["2025-11-30", "2025-11-30", "2025-11-30"]),
        # a new deadline closes the merge; a period cell is filled down too
        ([("1", "任务一", "上半年"), ("2", "任务二", ""), ("3", "任务三", "全年"), ("4", "任务四", "")],
         ["2025-06-30", "2025-06-30", None, None]),
        # nothing above to fill from
        ([("1", "任务一", ""), ("2", "任务二", "第三季度")], [None, "2025-09-30"]),
    ],
    ids=["merged-down", "new-deadline", "first-row-empty"],
)  # fmt: skip
def test_merged_deadline_cell_is_filled_down(
    rows: list[tuple[str, str, str]], want: list[str | None]
) -> None:
    doc = parse(_deadline_table(rows))
    assert [t.deadline for t in doc.tasks] == want


@pytest.mark.parametrize(
    ("cell", "units"),
    [
        ("县农业农村局县财政局", ["县农业农村局", "县财政局"]),
        ("县自然资源局县农业农村局各乡镇人民政府", ["县自然资源局", "县农业农村局", "各乡镇人民政府"]),
        ("各开发区管委会各街道办事处", ["各开发区管委会", "各街道办事处"]),
        # one body whose name holds a place word, or parts that are no body names: kept whole
        ("市公安局交警支队", ["市公安局交警支队"]),
        ("省人民政府办公厅", ["省人民政府办公厅"]),
        ("市场监督管理局", ["市场监督管理局"]),
    ],
    ids=["two", "three", "groups", "sub-unit", "office", "market"],
)
def test_body_names_run_together_are_split(cell: str, units: list[str]) -> None:
    from policyparse.structure.tasks import split_units, task_rules

    assert split_units(cell, task_rules(RULES)) == units


LAST_COLUMN_PARAGRAPHS = (
    "附件\n任务分工表\n\t序号\n\t重点任务\n\t牵头单位\n\t配合单位\n\n"
    "\t1\n\t建设超充站120座。\n\t省交通运输厅\n\t省发展改革委\n\n省能源局\n\n河南交通投资集团\n\n"
    "\t2\n\t新建充电桩8000个。\n\t省能源局\n\t省财政厅\n\n"
    "附件2\n\n推进情况统计表\n\n\t序号\n\t指标\n\n\t1\n\t充电桩数量\n"
)


def test_last_column_paragraphs_after_blank_lines_stay_in_the_row() -> None:
    doc = parse(LAST_COLUMN_PARAGRAPHS)
    assert [(t.seq, t.lead, t.co) for t in doc.tasks][:2] == [
        (1, ["省交通运输厅"], ["省发展改革委", "省能源局", "河南交通投资集团"]),
        (2, ["省能源局"], ["省财政厅"]),
    ]
    # short lines before a table's header row (附件2, its title) are not a cell's paragraphs
    assert "附件2" not in doc.tasks[1].co
