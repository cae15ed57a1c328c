"""Golden structure values of the five sample notices in corpora/dev."""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from policyparse import parse
from policyparse.models import PolicyDocument

DEV = Path(__file__).resolve().parents[1] / "corpora" / "dev"


@cache
def doc(prefix: str) -> PolicyDocument:
    return parse(next(DEV.glob(f"{prefix}_*.txt")))


@pytest.mark.parametrize(
    ("prefix", "title_start", "doc_number", "n_issuers", "date"),
    [
        ("000", "上海市人力资源和社会保障局关于印发《2025年", "沪人社职〔2025〕87号", 1, "2025-03-28"),
        ("001", "2024年加强新时代高技能人才队伍建设工作要点", None, 0, None),
        ("002", "上海市人力资源和社会保障局等23部门关于加强", "沪人社职〔2023〕345号", 23, "2023-10-12"),
        ("003", "上海市人力资源和社会保障局上海市教育委员会上海市", "沪人社职〔2023〕127号", 3, "2023-05-11"),
        ("004", "上海市人力资源和社会保障局关于印发《技能提升年", "沪人社职〔2026〕79号", 1, "2026-03-30"),
    ],
    ids=["000", "001", "002", "003", "004"],
)  # fmt: skip
def test_meta(
    prefix: str, title_start: str, doc_number: str | None, n_issuers: int, date: str | None
) -> None:
    m = doc(prefix).meta
    assert m.title is not None and m.title.startswith(title_start)
    assert (m.doc_number.raw if m.doc_number else None) == doc_number
    assert len(m.issuers) == n_issuers
    assert m.date == date
    text = doc(prefix).source.text
    assert "".join(text[slice(*m.spans["title"])].split()) == m.title


def test_meta_details() -> None:
    assert doc("000").meta.attachments == ["各区任务表", "各区实施方案(参考格式)"]
    assert (
        doc("000").meta.issued_title
        == "2025年上海市为民办实事项目“新增培养5万人次高级工及以上技能人才”实施方案"
    )
    assert doc("002").meta.issuers[16:18] == ["上海市人民政府外事办公室", "上海市国有资产监督管理委员会"]
    assert doc("002").meta.printer == "上海市人力资源和社会保障局办公室"
    assert doc("003").meta.addressees == ["各区人力资源和社会保障局", "教育局", "国资委", "各有关单位"]
    assert doc("004").meta.notes == ["（此件主动公开）"]


@pytest.mark.parametrize(
    ("prefix", "per_level"),
    [("000", {1: 4, 2: 13, 3: 19}), ("001", {}), ("002", {1: 7, 2: 22}), ("003", {1: 2, 2: 5, 3: 8}),
     ("004", {1: 5, 2: 16})],
    ids=["000", "001", "002", "003", "004"],
)  # fmt: skip
def test_clause_counts_per_level(prefix: str, per_level: dict[int, int]) -> None:
    assert Counter(c.level for c in doc(prefix).iter_clauses()) == per_level


@pytest.mark.parametrize(
    ("prefix", "clause_id", "label", "heading"),
    [("000", "2.1.1", "1.", "先行试点开发新职业标准"), ("000", "3.1", "(一)", "启动阶段（2025年3月底前）"),
     ("002", "2.3", "（三）", "健全高技能人才培养体系"), ("002", "3.8", "(八)", "健全高技能人才岗位使用机制"),
     ("003", "1.1.1", "1. ", "推进面向本校学生开展职业技能评价"), ("004", "5.16", "（十六）", "营造良好的社会氛围")],
    ids=["000-sub", "000-stage", "002-runs-on", "002-half-width", "003-bold", "004-last"],
)  # fmt: skip
def test_clause_ids_and_headings(prefix: str, clause_id: str, label: str, heading: str) -> None:
    c = doc(prefix).clause(clause_id)
    assert c is not None
    assert (c.label, c.heading) == (label.strip(), heading)


def test_clause_spans_nest_and_quote_the_label() -> None:
    for prefix in ("000", "002", "003", "004"):
        d = doc(prefix)
        for c in d.iter_clauses():
            assert d.source.text[c.span[0] :].startswith(c.label)
            for child in c.children:
                assert c.span[0] < child.span[0] <= child.span[1] <= c.span[1]


def test_task_table_of_001() -> None:
    tasks = doc("001").tasks
    assert [t.seq for t in tasks] == list(range(1, 47))
    assert tasks[2].lead == ["市人力资源社会保障局", "市财政局"]
    assert tasks[16].lead == ["市商务委", "市民政局", "市教委", "市妇联"]
    assert tasks[1].item == tasks[0].item == "加强急需紧缺职业（工种）需求预测"
    assert tasks[35].item == "加大急需紧缺高技能人才引进力度。"


def test_no_tasks_in_notices_without_markers() -> None:
    assert all(doc(p).tasks == [] for p in ("000", "002", "003", "004"))
