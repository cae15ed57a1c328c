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


@pytest.mark.parametrize(
    "meta",
    [
        {"doc_type": "条例"},
        {"doc_type": "办法"},
        {"doc_type": "通知", "issued_title": "某市图书馆管理实施细则"},
    ],
    ids=["regulation", "measures", "issued-rules"],
)
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
        ("单位罚款", 20000, 200000),
        ("个人罚款", 2000, 20000),
        ("罚款", 500, None),
    ]


def metrics(text: str, **meta: Any) -> list[tuple[str, float]]:
    return [(t.metric, t.value) for t in targets(text, **meta)]


# a bare verb before the number is no metric: what follows the number is counted
BARE_VERBS = [
    ("形成20个以上社区治理案例。", "社区治理案例"),
    ("推动15家医院与社区卫生服务中心结对。", "医院与社区卫生服务中心结对"),
    ("研发“天枢”“天璇”3个行业模型。", "行业模型"),
]


@pytest.mark.parametrize(("text", "metric"), BARE_VERBS, ids=["form", "push", "develop-quoted"])
def test_a_bare_verb_takes_the_noun_after_the_number(text: str, metric: str) -> None:
    assert [t.metric for t in targets(text)] == [metric]


def test_a_listed_name_list_gives_each_number_its_name_and_scope() -> None:
    text = "到2027年，城市污水处理率、再生水利用率、污泥无害化处置率分别达到98%、30%、95%，农村地区分别达到60%、10%、80%。"
    assert metrics(text) == [
        ("城市污水处理率", 98),
        ("城市再生水利用率", 30),
        ("城市污泥无害化处置率", 95),
        ("农村地区污水处理率", 60),
        ("农村地区再生水利用率", 10),
        ("农村地区污泥无害化处置率", 80),
    ]


def test_listed_subjects_share_the_head() -> None:
    text = "本地苗木和本地花卉在新建绿地中的使用比例分别达到70%、40%以上。"
    assert metrics(text) == [("本地苗木使用比例", 70), ("本地花卉使用比例", 40)]


def test_a_list_of_numbers_shares_one_metric() -> None:
    text = "各区应分别完成年度任务量的30%、60%和100%。"
    assert [m for m, _ in metrics(text)] == ["应完成年度任务量"] * 3  # 各区 is a scope lead


def test_a_list_without_fenbie_is_unchanged() -> None:
    # no 分别: each number keeps the metric the ordinary rules give it
    text = "全年新建公园20座、绿道50公里。"
    assert metrics(text) == [("公园", 20), ("绿道", 50)]


def test_changes_in_a_fenbie_list_keep_their_earlier_targets() -> None:
    text = "优良天数比率达到85%，重污染天数控制在5天以内，较2024年分别提高2个百分点、减少3天。"
    assert [m for m, _ in metrics(text)][-2:] == ["优良天数比率", "重污染天数"]


def test_a_metric_read_after_its_number_ends_before_the_next_number() -> None:
    text = "年内完成不少于20万条标注样本和5万条问答样本采集。"
    assert metrics(text) == [("标注样本", 200000), ("问答样本采集", 50000)]


def test_a_note_listing_members_is_not_part_of_the_metric() -> None:
    text = "新建3个街道（甲街道、乙街道、丙街道）社区食堂12处。"
    assert [m for m, _ in metrics(text)] == ["街道社区食堂", "街道社区食堂"]
    # a note that lists nothing stays
    assert [m for m, _ in metrics("设置公示牌（板）规格不小于2平方米。")] == ["设置公示牌（板）规格"]


def test_a_letters_addressee_is_a_scope() -> None:
    assert metrics("你区2026年绿化任务总量为新建绿地30公顷。") == [("绿化任务总量为新建绿地", 30)]


def test_a_rate_bound_in_a_regulation_stays_a_goal() -> None:
    # a rate the administration is to reach is an aim, not a limit on the regulated
    assert kinds("码头视频监控覆盖率不低于95%。", doc_type="规定") == [(95, "goal")]
