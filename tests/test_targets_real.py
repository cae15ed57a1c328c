"""Targets: conventions found in the error analysis of the real development gold (kind, metric).

Each convention gets minimal synthetic sentences of its own, positive and negative: none is a
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


def targets(text: str, year: int | None = 2025, **meta: Any) -> list[Any]:
    ctx = Context.build(Document.from_text(text), Meta(**meta), [], year)
    return extract(ctx, RULES)


def kinds(text: str, **meta: Any) -> list[tuple[float, str]]:
    return [(t.value, t.kind) for t in targets(text, **meta)]


# -- kinds in regulations -------------------------------------------------------------------------
FLOORS = "每个考点应当配备不少于三名监考员；每间阅览室人均面积不低于2平方米。"


@pytest.mark.parametrize("meta", [{"doc_type": "条例"}, {"doc_type": "办法"},
                                  {"doc_type": "通知", "issued_title": "某市图书馆管理实施细则"}],
                         ids=["regulation", "measures", "issued-rules"])
def test_bounds_in_a_regulation_are_requirements(meta: dict[str, str]) -> None:
    assert kinds(FLOORS, **meta) == [(3, "requirement"), (2, "requirement")]


def test_bounds_in_a_plan_stay_goals() -> None:
    assert kinds(FLOORS, doc_type="方案") == [(3, "goal"), (2, "goal")]


def test_exact_numbers_in_a_regulation_are_not_requirements() -> None:
    # no bound: the regulation's bound rule does not apply (a count stays a goal)
    assert kinds("设立服务站5个。", doc_type="办法") == [(5, "goal")]


def test_per_unit_quantities_in_a_regulation_are_standards() -> None:
    text = "油菜种子按每户2斤/亩免费发放，玉米种子3斤/亩。"
    assert kinds(text, doc_type="细则") == [(2, "standard"), (3, "standard")]
    # in a plan a yield per 亩 is a level to reach
    assert kinds("粮食单产达到500公斤/亩。", doc_type="方案") == [(500, "goal")]


def test_adjustments_in_a_regulation_are_standards() -> None:
    assert kinds("查实虚报面积的，奖补资金扣减30%。", doc_type="细则") == [(30, "standard")]
    assert kinds("查实虚报面积的，奖补资金扣减30%。", doc_type="方案") == [(30, "goal")]


def test_payments_set_as_a_share_are_standards() -> None:
    text = "用人单位应当按照职工日工资的200%支付加班报酬。"
    assert kinds(text, doc_type="通知") == [(200, "standard")]
    # a share of money spent on something is not a payment per case
    assert kinds("全年安排资金的30%用于支付培训费用。", doc_type="方案") == [(30, "goal")]


# -- metrics --------------------------------------------------------------------------------------
def test_a_fine_names_whom_it_falls_on() -> None:
    text = "违反本条例的，对单位处2万元以上20万元以下罚款，对个人处2000元以上2万元以下罚款；对其处500元罚款。"
    assert [(t.metric, t.value, t.value_max) for t in targets(text, doc_type="条例")] == [
        ("单位罚款", 20000, 200000), ("个人罚款", 2000, 20000), ("罚款", 500, None)]
