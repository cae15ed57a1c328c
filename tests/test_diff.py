"""diff(): metric keys, target alignment (DIFF.json), clauses, meta, properties."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import policyparse
from diff_factories import DEV, diff_gold, gold_document, notice, target
from policyparse.diff import PolicyDiff, diff, diff_targets
from policyparse.metric_key import metric_key, metric_similarity, to_base
from policyparse.models import Clause, DateMention, Meta, PolicyDocument, Source

# -- metric keys -----------------------------------------------------------------------------

SAME_METRIC = [
    ("新增取得高级工以上等级技能评价证书的高技能人才", "新增培养高级工及以上技能人才"),
    ("新增培养高级工及以上技能人才", "新增取得高级工及以上等级技能评价证书的高技能人才"),
    ("全年完成补贴性职业技能培训", "补贴性职业技能培训"),
    ("高技能人才占技能人才比例", "高技能人才占技能人才的比例"),
]
DIFFERENT_METRIC = [
    ("等级工（新技能）培训", "“人工智能推介官”培训认证"),
    ("生活性服务业人员", "“人工智能推介官”培训认证"),
    ("市级首席技师", "高技能领军人才"),
    ("竞赛项目", "新技能培训项目"),
    ("技能大师工作室", "技能体验活动"),
]


@pytest.mark.parametrize(("a", "b"), SAME_METRIC, ids=[f"{a}~{b}" for a, b in SAME_METRIC])
def test_same_metric_worded_differently_is_similar(a: str, b: str) -> None:
    assert metric_similarity(a, b) >= 0.5
    assert metric_similarity(a, b) == metric_similarity(b, a)


@pytest.mark.parametrize(("a", "b"), DIFFERENT_METRIC, ids=[f"{a}!~{b}" for a, b in DIFFERENT_METRIC])
def test_different_metrics_are_not_similar(a: str, b: str) -> None:
    assert metric_similarity(a, b) < 0.5


@pytest.mark.parametrize(
    ("metric", "key"),
    [
        ("新增培养高级工及以上技能人才", "高级工以上技能人才"),
        ("全年完成补贴性职业技能培训", "补贴性职业技能培训"),
        ("“人工智能推介官”培训认证", "人工智能推介官培训认证"),
    ],
    ids=["verbs-and-及以上", "time-words", "quotes"],
)
def test_metric_key(metric: str, key: str) -> None:
    assert metric_key(metric) == key


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (65, "万千瓦", (650000, "千瓦")),
        (3, "MW", (3000, "千瓦")),
        (5, "万人次", (50000, "人次")),
        (100, "名", (100, "人")),
        (2, "亿元", (200000000, "元")),
        (7, "栋", (7, "栋")),
    ],
    ids=["万千瓦", "MW", "万人次", "名", "亿元", "unknown-unit"],
)
def test_to_base(value: float, unit: str, expected: tuple[float, str]) -> None:
    assert to_base(value, unit) == pytest.approx(expected)


# -- DIFF.json on gold targets -----------------------------------------------------------------

GOLD = diff_gold()
GOLD_IDS = [f"{g['old'][:3]}->{g['new'][:3]}" for g in GOLD]


def _overlap(a: str, b: str) -> float:
    a, b = set(a), set(b)
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def _matches_name(names: list[str], metric: str) -> bool:
    return any(_overlap(n, metric) >= 0.5 for n in names)


@pytest.mark.parametrize("case", GOLD, ids=GOLD_IDS)
def test_diff_gold_pairs(case: dict) -> None:
    d = diff(gold_document(case["old"]), gold_document(case["new"]))
    got = sorted((p.old_value, p.new_value, p.new_unit) for p in d.pairs)
    want = sorted((p["old_value"], p["new_value"], p["unit"]) for p in case["pairs"])
    assert got == want


WITH_ADDED = [g for g in GOLD if "added" in g]


@pytest.mark.parametrize("case", WITH_ADDED, ids=[f"{g['old'][:3]}->{g['new'][:3]}" for g in WITH_ADDED])
def test_diff_gold_added_removed(case: dict) -> None:
    d = diff(gold_document(case["old"]), gold_document(case["new"]))
    assert len(d.added) == len(case["added"])
    assert len(d.removed) == len(case["removed"])
    assert all(_matches_name(case["added"], t.metric) for t in d.added)
    assert all(_matches_name(case["removed"], t.metric) for t in d.removed)


def test_diff_reports_changes_and_spans() -> None:
    old, new = gold_document("001_73d4c39dd0a74372"), gold_document("004_6f963c420dca890b")
    d = diff(old, new)
    training = next(p for p in d.pairs if p.old_value == 800000)
    assert (training.status, training.abs_change, training.rel_change) == ("changed", -150000, -18.75)
    assert (training.old_year, training.new_year) == (2024, 2026)
    assert old.quote(training.old_span) == training.old_text
    assert new.quote(training.new_span) == training.new_text
    assert "补贴性职业技能培训" in training.new_text


def test_milestones_are_a_schedule_not_pairs() -> None:
    d = diff(gold_document("001_73d4c39dd0a74372"), gold_document("000_c1e55a22a332b4cb"))
    (schedule,) = [s for s in d.schedules if s.side == "new"]
    assert [(m.deadline, m.value) for m in schedule.milestones] == [
        ("2025-03-31", 5000),
        ("2025-06-30", 15000),
        ("2025-09-30", 25000),
        ("2025-11-30", 50000),
    ]
    assert all(t.new_value != 5000 for t in d.targets)


def test_comparator_change_is_reported() -> None:
    old = notice([target("技能体验活动", 20, "场", comparator=">=", year=2025)])
    new = notice([target("技能体验活动", 20, "场", comparator="=", year=2026)])
    (t,) = diff(old, new).targets
    assert (t.status, t.old_comparator, t.new_comparator, t.comparator_changed) == (
        "changed",
        ">=",
        "=",
        True,
    )


def test_units_convert_before_comparing() -> None:
    old = notice([target("新增光伏装机", 65, "万千瓦", year=2025)])
    new = notice([target("光伏装机", 800, "MW", year=2026)])
    (t,) = diff(old, new).targets
    assert (t.unit, t.old_value, t.new_value, t.abs_change) == ("千瓦", 650000, 800000, 150000)


def test_incompatible_units_never_pair() -> None:
    old = notice([target("企业新型学徒制培训", 10000, "人")])
    new = notice([target("企业新型学徒制培训", 12000, "人次")])
    assert sorted(t.status for t in diff(old, new).targets) == ["added", "removed"]


@pytest.mark.parametrize(
    "stem",
    ["000_c1e55a22a332b4cb", "001_73d4c39dd0a74372", "004_6f963c420dca890b"],
    ids=["000", "001", "004"],
)
def test_diff_with_itself_is_unchanged(stem: str) -> None:
    doc = gold_document(stem)
    d = diff(doc, doc)
    assert d.targets
    assert {t.status for t in d.targets} == {"unchanged"}
    assert all(t.score == 1.0 for t in d.targets)


# -- properties ----------------------------------------------------------------------------------

METRICS = [
    "补贴性职业技能培训",
    "新增培养高级工及以上技能人才",
    "取得高级工以上等级技能评价证书的高技能人才",
    "技能体验活动",
    "竞赛项目",
    "市级首席技师",
    "“人工智能推介官”培训认证",
    "企业新型学徒制培训",
]
targets_st = st.lists(
    st.builds(
        target,
        st.sampled_from(METRICS),
        st.integers(1, 10).map(lambda v: v * 5000),
        st.sampled_from(["人次", "人", "名", "个"]),
        year=st.just(2025),
        comparator=st.sampled_from(["=", ">="]),
    ),
    max_size=6,
)


def _view(changes: list, *, swap: bool) -> list[tuple]:
    out = []
    for t in changes:
        status = {"added": "removed", "removed": "added"}.get(t.status, t.status) if swap else t.status
        vals = (t.new_value, t.old_value) if swap else (t.old_value, t.new_value)
        texts = (t.new_text, t.old_text) if swap else (t.old_text, t.new_text)
        out.append((status, vals, texts, t.unit, t.score))
    return sorted(out, key=repr)


@settings(max_examples=60, deadline=None)
@given(targets_st, targets_st)
def test_swapping_old_and_new_mirrors_the_diff(old: list, new: list) -> None:
    forward, _ = diff_targets(old, new)
    backward, _ = diff_targets(new, old)
    assert _view(forward, swap=False) == _view(backward, swap=True)


@settings(max_examples=40, deadline=None)
@given(targets_st)
def test_diff_of_a_list_with_itself_pairs_everything(ts: list) -> None:
    changes, _ = diff_targets(ts, ts)
    assert all(t.status == "unchanged" for t in changes)
    assert len(changes) == len(ts)


# -- clauses and meta ----------------------------------------------------------------------------


def _clause(cid: str, label: str, text: str) -> Clause:
    return Clause(
        id=cid,
        label=label,
        level=1,
        kind="cn_dun",
        number=1,
        heading=text.split("。")[0][:12],
        text=label + text,
        span=(0, 0),
    )


def _doc(clauses: list[Clause], **meta: object) -> PolicyDocument:
    return PolicyDocument(meta=Meta(**meta), clauses=clauses, source=Source(text=""))


def test_clause_alignment() -> None:
    old = _doc(
        [
            _clause("一", "一、", "总体要求。坚持以人民为中心。"),
            _clause("二", "二、", "主要任务。开展补贴性职业技能培训。"),
            _clause("三", "三、", "保障措施。加强组织领导，压实工作责任。"),
        ]
    )
    new = _doc(
        [
            _clause("一", "一、", "保障措施。加强组织领导，压实工作责任。"),
            _clause("二", "二、", "总体要求。坚持以人民为中心。"),
            _clause("三", "三、", "主要任务。全面开展补贴性职业技能培训。"),
            _clause("四", "四、", "工作安排。分三个阶段实施。"),
        ]
    )
    d = diff(old, new)
    status = {(c.old_heading, c.new_heading): c.status for c in d.clauses}
    assert status[("总体要求", "总体要求")] == "unchanged"
    assert status[("保障措施", "保障措施")] == "moved"
    assert status[("主要任务", "主要任务")] == "reworded"
    assert status[(None, "工作安排")] == "added"
    reworded = next(c for c in d.clauses if c.status == "reworded")
    assert reworded.text_diff == [("insert", "", "全面")]


def test_meta_diff_and_deadline_shift() -> None:
    old_text = "请各区于2025年3月10日前报送实施方案。"
    new_text = "请各区于2026年2月底前报送实施方案。"
    old = PolicyDocument(
        meta=Meta(
            issuers=["上海市人力资源和社会保障局"], addressees=["各区人力资源社会保障局", "各有关单位"]
        ),
        dates=[DateMention(text="2025年3月10日前", value="2025-03-10", kind="deadline", span=(4, 15))],
        source=Source(text=old_text),
    )
    new = PolicyDocument(
        meta=Meta(
            issuers=["上海市人力资源和社会保障局", "上海市财政局"], addressees=["各区人力资源社会保障局"]
        ),
        dates=[DateMention(text="2026年2月底前", value="2026-02-28", kind="deadline", span=(4, 13))],
        source=Source(text=new_text),
    )
    m = diff(old, new).meta
    assert (m.issuers_added, m.addressees_removed) == (["上海市财政局"], ["各有关单位"])
    (shift,) = m.deadlines
    assert (shift.status, shift.old_text, shift.new_text) == ("shifted", "2025年3月10日前", "2026年2月底前")


def test_diff_is_exported_lazily_and_accepts_paths() -> None:
    d = policyparse.diff(DEV / "001_73d4c39dd0a74372.txt", DEV / "004_6f963c420dca890b.txt")
    assert isinstance(d, PolicyDiff)
    assert d.old_path and d.old_path.endswith("001_73d4c39dd0a74372.txt")


# -- real parses (targets extractor output) ---------------------------------------------


def _parsed_pairs(case: dict) -> list[tuple]:
    d = diff(DEV / f"{case['old']}.txt", DEV / f"{case['new']}.txt")
    return sorted((p.old_value, p.new_value, p.new_unit) for p in d.pairs)


@pytest.mark.parametrize("case", GOLD, ids=GOLD_IDS)
def test_diff_gold_pairs_on_real_parses(case: dict) -> None:
    want = sorted((p["old_value"], p["new_value"], p["unit"]) for p in case["pairs"])
    assert _parsed_pairs(case) == want
