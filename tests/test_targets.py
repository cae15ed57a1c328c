"""Targets extractor: table-driven examples from several domains, negatives, rule data, properties."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policyparse.document import Document
from policyparse.extractors import Context
from policyparse.extractors.target_tables import expand
from policyparse.extractors.targets import extract
from policyparse.link import link_targets
from policyparse.models import Meta, Target, Task
from policyparse.rules import load_rules

RULES = load_rules()


def targets(text: str, year: int | None = 2025, title: str | None = None) -> list[Any]:
    ctx = Context.build(Document.from_text(text), Meta(title=title), [], year)
    return extract(ctx, RULES)


# (sentence, metric, value, value_max, unit, comparator, year, deadline)
POSITIVE = [
    ("全年完成补贴性职业技能培训65万人次。", "补贴性职业技能培训", 650000, None, "人次", "=", 2025, None),
    ("全年完成补贴性职业技能培训 ６５ 万人次。", "补贴性职业技能培训", 650000, None, "人次", "=", 2025, None),
    ("全年完成培训六十五万人次。", "完成培训", 650000, None, "人次", "=", 2025, None),
    ("新增用人单位评价机构30家。", "用人单位评价机构", 30, None, "家", "=", None, None),
    (
        "遴选30家具备条件的院校备案成为用人单位技能评价机构。",
        "具备条件的院校",
        30,
        None,
        "家",
        "=",
        None,
        None,
    ),
    ("本市技能人才占就业人员比例超过30%。", "技能人才占就业人员比例", 30, None, "%", ">", None, None),
    (
        "到2025年，本市技能人才占就业人员比例超过30%。",
        "技能人才占就业人员比例",
        30,
        None,
        "%",
        ">",
        2025,
        None,
    ),
    ("“十四五”时期，建设高技能人才培养平台100家。", "高技能人才培养平台", 100, None, "家", "=", 2025, None),
    ("“十五五”期间，新建公共实训基地8个。", "公共实训基地", 8, None, "个", "=", 2030, None),
    (
        "企业要按规定足额提取和使用职工教育经费，60%以上用于一线职工教育和培训。",
        "职工教育经费",
        60,
        None,
        "%",
        ">=",
        None,
        None,
    ),
    ("全年组织开展20场以上技能体验活动。", "技能体验活动", 20, None, "场", ">=", 2025, None),
    (
        "全市累计新增培养高级工及以上技能人才15000人次（今年截至6月）。",
        "高级工及以上技能人才",
        15000,
        None,
        "人次",
        "=",
        2025,
        "2025-06-30",
    ),
    ("3月底前，全市新增培养技能人才5000人次。", "技能人才", 5000, None, "人次", "=", 2025, "2025-03-31"),
    ("新增光伏装机容量35-36MW。", "光伏装机容量", 35, 36, "MW", "range", None, None),
    ("年内新增分布式光伏装机33.091万千瓦。", "分布式光伏装机", 330910, None, "千瓦", "=", 2025, None),
    ("新建改建农村公路1,607公里。", "农村公路", 1607, None, "公里", "=", None, None),
    ("今年安排专项资金一点二亿元。", "专项资金", 120000000, None, "元", "=", 2025, None),
    ("全年投入资金5亿元。", "资金", 500000000, None, "元", "=", 2025, None),
    ("城镇调查失业率控制在5%以内。", "城镇调查失业率", 5, None, "%", "<=", None, None),
    ("每个区培育不少于3至5个示范点。", "示范点", 3, 5, "个", "range", None, None),
    ("单位能耗下降3个百分点左右。", "单位能耗", 3, None, "个百分点", "~", None, None),
    ("力争到2027年引进100余家研发机构。", "研发机构", 100, None, "家", ">", 2027, None),
    ("2026年底前建成充电桩2万个。", "充电桩", 20000, None, "个", "=", 2026, "2026-12-31"),
    ("新增城镇就业不少于3万人。", "城镇就业", 30000, None, "人", ">=", None, None),
    ("新增社会化评价项目30个职业（工种）。", "社会化评价项目", 30, None, "个", "=", None, None),
]


@pytest.mark.parametrize(
    ("text", "metric", "value", "value_max", "unit", "comparator", "year", "deadline"),
    POSITIVE,
    ids=[p[0][:14] for p in POSITIVE],
)
def test_target(
    text: str,
    metric: str,
    value: float,
    value_max: float | None,
    unit: str,
    comparator: str,
    year: int | None,
    deadline: str | None,
) -> None:
    (t,) = targets(text)
    assert (t.metric, t.value, t.value_max, t.unit, t.comparator.value, t.year, t.deadline) == (
        metric,
        value,
        value_max,
        unit,
        comparator,
        year,
        deadline,
    )
    assert text[t.span[0] : t.span[1]] == t.text


def test_list_of_targets_splits_at_enumeration_comma() -> None:
    found = targets("评选资助市级首席技师100名、技能大师工作室30个。")
    assert [(t.metric, t.value, t.unit, t.text) for t in found] == [
        ("市级首席技师", 100, "名", "评选资助市级首席技师100名"),
        ("技能大师工作室", 30, "个", "技能大师工作室30个"),
    ]


def test_annual_plan_title_gives_year_and_standing_rule_has_none() -> None:
    (t,) = targets("新增用人单位评价机构30家。", year=2024, title="2024年高技能人才队伍建设工作要点")
    assert t.year == 2024
    (t,) = targets("60%以上用于一线职工教育和培训。", year=2023, title="关于加强高技能人才队伍建设的实施意见")
    assert t.year is None


# Conventions from the held-out error analysis (corpora/holdout/ERRORS.md §4), each on new
# sentences from several domains.
# (sentence, title, metric, value, unit, comparator, year)
CONVENTIONS = [
    # counts of incidents and cases: 起 / 宗 / 件
    ("全年生产安全事故起数控制在15起以内。", None, "生产安全事故起数", 15, "起", "<=", 2025),
    ("全年查处侵权假冒案件120宗。", None, "侵权假冒案件", 120, "宗", "=", 2025),
    ("年内查处非法营运案件30起。", None, "非法营运案件", 30, "起", "=", 2025),
    # compound units X/Y
    ("地表水氨氮浓度不高于0.5毫克/升。", None, "地表水氨氮浓度", 0.5, "毫克/升", "<=", None),
    ("新增城镇污水处理能力10万吨/日。", None, "城镇污水处理能力", 100000, "吨/日", "=", None),
    ("二氧化氮年均浓度不超过30微克/立方米。", None, "二氧化氮年均浓度", 30, "微克/立方米", "<=", None),
    ("全年工业用水价格控制在4.2元／立方米以内。", None, "工业用水价格", 4.2, "元/立方米", "<=", 2025),
    # a qualifier after the number stays in the metric of the rate that follows it
    (
        "城区公园绿地500米服务半径覆盖率达到90%以上。",
        None,
        "城区公园绿地500米服务半径覆盖率",
        90,
        "%",
        ">=",
        None,
    ),
    # a count of sessions is still a count (only 期 before 建设/工程/项目 is a phase)
    ("全年举办专题培训班十期。", None, "专题培训班", 10, "期", "=", 2025),
    # comparator words govern the number across 有, a …的 base phrase and 每X每Y rate words
    ("每个乡镇至少有1名专职网格员。", None, "专职网格员", 1, "名", ">=", None),
    ("每个行政村至少有1个综合性文化服务中心。", None, "综合性文化服务中心", 1, "个", ">=", None),
    ("地方配套资金不低于项目总投资的20%。", None, "地方配套资金", 20, "%", ">=", None),
    ("学生餐费不得超过每生每天15元。", None, "学生餐费", 15, "元", "<=", None),
    # standing rules (每年, 原则上, 不得, 按照…的N%): no year, unless the plan is an annual one
    ("每年新增公益性岗位不少于500个。", "关于进一步稳就业的实施意见", "公益性岗位", 500, "个", ">=", None),
    ("每年新增公益性岗位不少于500个。", "2025年就业工作要点", "公益性岗位", 500, "个", ">=", 2025),
    ("保障性住房配建比例原则上不低于15%。", None, "保障性住房配建比例", 15, "%", ">=", None),
    ("新建住宅小区按照总建筑面积的3%配建养老服务用房。", None, "住宅小区", 3, "%", "=", None),
    # a baseline year (较2023年, 比2020年) is never the target year, nor part of the metric
    ("到2027年，单位地区生产总值能耗较2023年下降10%。", None, "单位地区生产总值能耗", 10, "%", "=", 2027),
    ("森林覆盖率比2020年提高2个百分点。", None, "森林覆盖率", 2, "个百分点", "=", None),
    # clause labels and joined verbs never stay in a metric
    ("（3）新增城市绿地面积50公顷。", None, "城市绿地面积", 50, "公顷", "=", None),
    ("2.新建和改造农村供水管网200公里。", None, "农村供水管网", 200, "公里", "=", None),
    ("新建及改扩建公办幼儿园30所。", None, "公办幼儿园", 30, "所", "=", None),
]


@pytest.mark.parametrize(
    ("text", "title", "metric", "value", "unit", "comparator", "year"),
    CONVENTIONS,
    ids=[f"{c[0][:14]}-{c[1][:4] if c[1] else ''}" for c in CONVENTIONS],
)
def test_convention(
    text: str, title: str | None, metric: str, value: float, unit: str, comparator: str, year: int | None
) -> None:
    (t,) = targets(text, title=title)
    assert (t.metric, t.value, t.unit, t.comparator.value, t.year) == (metric, value, unit, comparator, year)
    assert text[t.span[0] : t.span[1]] == t.text


def test_phase_ordinal_leaves_the_target_beside_it() -> None:
    found = targets("推进数据中心二期建设，实现政务数据共享率100%。")
    assert [(t.metric, t.value, t.unit) for t in found] == [("政务数据共享率", 100, "%")]


YEAR_CARRY = [
    # a year leading its paragraph (到2026年，…) carries over to the paragraph's later sentences
    ("到2026年，全省新建5G基站2万个。培育数字化转型示范企业50家。", [2026, 2026]),
    # a year that does not lead its fragment does not carry
    ("2023年已建成10个基地。新建基地5个。", [None]),
    # nor across paragraphs
    ("到2026年，全省新建5G基站2万个。\n培育数字化转型示范企业50家。", [2026, None]),
]


@pytest.mark.parametrize(("text", "years"), YEAR_CARRY, ids=["carried", "not-leading", "next-paragraph"])
def test_paragraph_year_carries_over(text: str, years: list[int | None]) -> None:
    assert [t.year for t in targets(text, year=2024, title="数字经济发展行动方案（2024—2026年）")] == years


def test_multi_year_title_gives_no_year() -> None:
    # the guide: a stated year or a yearly plan only; a 2024—2026 plan names no year for this one
    (t,) = targets("建成示范基地20个。", year=2024, title="2024—2026年技能人才培养行动计划")
    assert t.year is None


def test_cumulative_and_number_text() -> None:
    (t,) = targets("全市累计新增培养技能人才25000人次。")
    assert t.cumulative and t.number_text == "25000人次"
    assert t.rule_id == "targets.number_unit.v1"


NEGATIVE = [
    "以举办第48届世界技能大赛为引领。",
    "围绕“3+6”新质生产力领域。",
    "根据沪人社职〔2023〕12号文件要求。",
    "“十四五”时期，加强技能人才队伍建设。",
    "深化“一网通办”改革。",
    "做好三农工作。",
    "打造“15分钟就业服务圈”。",
    "拓展15分钟就业服务圈。",
    "于5个工作日内办结。",
    "各区任务详见附件1。",
    "上海市人力资源和社会保障局等23部门关于加强新时代高技能人才队伍建设的实施意见",
    "推行“岗位需求+技能培训+技能评价+就业服务”四位一体项目化培训模式。",
    "赋能千行百业，一业一策推进。",
    "培育一批高技能领军人才，打造一支高素质队伍。",
    "建设“五个中心”重要使命。",
    "根据《关于新增培养5万人次高级工的通知》要求。",
    "全市已累计培训100万人次。",
    "对招用30人以上的企业给予支持。",
    "2025年3月28日",
    "全面贯彻党的二十大精神。",
    "高技能人才人均工资增幅不低于单位管理人员。",
    # a quantity qualifying a rate or ratio noun is part of that metric
    "学校周边200米范围内禁止设置网吧。",
    "社区养老服务设施按照15分钟服务圈布局。",
    # a phase (二期工程) is an ordinal
    "加快推进污水处理厂三期工程建设。",
    "开工建设地铁四期项目。",
    "完成人民医院一期改造。",
    # 一起 is "together" (money per person is a standard: tests/test_target_kinds.py)
    "各部门一起推进城乡环境整治。",
]


@pytest.mark.parametrize("text", NEGATIVE, ids=[n[:12] for n in NEGATIVE])
def test_not_a_target(text: str) -> None:
    assert targets(text) == []


# -- rule data ------------------------------------------------------------------------------------
def _rule_cases() -> list[Any]:
    tg = RULES.get("targets")
    rules = [
        *tg["filters"],
        *tg["year_cues"],
        *tg["deadline_cues"],
        tg["title_year"],
        *tg["standing_rules"],
        *tg["metric_tails"],
        *tg["bare_ratios"],
        *tg["kinds"],
        *tg["changes"],
        tg["tables"]["header_unit"],
        tg["tables"]["cell"],
    ]
    cases = []
    for r in rules:
        cases += [pytest.param(r["pattern"], ex, True, id=f"{r['id']}+{ex}") for ex in r.get("examples", [])]
        cases += [
            pytest.param(r["pattern"], ex, False, id=f"{r['id']}-{ex}")
            for ex in r.get("counter_examples", [])
        ]
    return cases


@pytest.mark.parametrize(("pattern", "example", "matches"), _rule_cases())
def test_rule_examples(pattern: str, example: str, matches: bool) -> None:
    compiled = RULES.compile(expand(RULES, pattern).replace("$", "$$"))
    assert (compiled.search(example) is not None) is matches


def _gated_examples() -> list[Any]:
    gated = [f for f in RULES.get("targets")["filters"] if (f.get("params") or {}).get("gate")]
    return [
        pytest.param(f["params"]["gate"], ex, id=f"{f['id']}+{ex}") for f in gated for ex in f["examples"]
    ]


@pytest.mark.parametrize(("gate", "example"), _gated_examples())
def test_filter_gates_pass_their_examples(gate: str, example: str) -> None:
    # a gate is a speed-up only: every text the filter matches must contain it
    assert RULES.compile(gate).search(example)


def test_units_are_unique_and_free_of_magnitudes() -> None:
    units = [u["unit"] for u in RULES.get("units")["units"]]
    assert len(units) == len(set(units))
    assert not [u for u in units if u[0] in RULES.get("units")["magnitudes"]]


# -- properties -----------------------------------------------------------------------------------
JUNK = [
    "",
    "　",
    "\x00",
    "⑱",
    "一" * 5000,
    "<p>全年完成培训65万人次</p>",
    "万人次",
    "第",
    "“",
    "《",
    "3至",
    "-5%",
]


@pytest.mark.parametrize("text", JUNK, ids=[repr(j[:8]) for j in JUNK])
def test_junk_never_raises(text: str) -> None:
    assert isinstance(targets(text), list)


ALPHABET = st.sampled_from(
    list(
        "0123456789.,万亿千百十一二两三五〇人次家个%名以上超过不少于至-第“”《》，。、\n 全年新增完成建设到年月底前截"
    )
)


@settings(max_examples=300, deadline=None)
@given(st.text(ALPHABET, max_size=60))
def test_spans_quote_the_source(text: str) -> None:
    for t in targets(text):
        assert 0 <= t.span[0] < t.span[1] <= len(text)
        assert text[t.span[0] : t.span[1]] == t.text
        assert t.number_text in t.text


CORPUS = sorted((Path(__file__).resolve().parents[1] / "corpora" / "dev").glob("*.txt"))


@pytest.mark.parametrize("path", CORPUS, ids=[p.stem[:3] for p in CORPUS])
def test_corpus_targets_quote_the_source(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    found = targets(text, year=None)
    assert all(text[t.span[0] : t.span[1]] == t.text for t in found)
    assert [t.span for t in found] == sorted(t.span for t in found)


# -- task-table deadlines (link.py) ------------------------------------------------------------------
def _target(span: tuple[int, int], deadline: str | None = None) -> Target:
    return Target(text="x", metric="m", value=1, unit="个", span=span, deadline=deadline)


ROW_DEADLINES = [
    # (task seq, task deadline, target deadline, expected)
    (1, "2024-06-30", None, "2024-06-30"),  # a table row lends its deadline column
    (1, "2024-06-30", "2024-03-31", "2024-03-31"),  # the target's own date wins
    (None, "2024-06-30", None, None),  # an inline-marker clause lends none
    (1, None, None, None),  # a row without a deadline
]


@pytest.mark.parametrize(
    ("seq", "task_deadline", "own", "expected"),
    ROW_DEADLINES,
    ids=["row", "own-wins", "clause", "no-deadline"],
)
def test_target_in_a_table_row_takes_its_deadline(
    seq: int | None, task_deadline: str | None, own: str | None, expected: str | None
) -> None:
    task = Task(seq=seq, clause=None if seq else "（一）", span=(100, 200), deadline=task_deadline)
    inside, outside = _target((120, 130), own), _target((210, 220))
    linked = link_targets([task], [inside, outside])
    assert [t.deadline for t in linked] == [expected, None]


# -- units, rate bases, relative baselines, qualifying years, bounds before verbs, bare ratios -------
# (sentence, title, metric, value, unit, comparator, year, deadline): one target each
MORE_CONVENTIONS = [
    # farming and statistical units; the longest unit wins (批次 over 批, 人次 over 人)
    ("全年粮食总产量稳定在120亿斤左右。", None, "粮食总产量", 12e9, "斤", "~", 2025, None),
    ("全年生猪出栏稳定在80万头左右。", None, "生猪出栏", 800000, "头", "~", 2025, None),
    ("新增家禽养殖规模3000万羽。", None, "家禽养殖规模", 3e7, "羽", "=", None, None),
    ("增殖放流鱼苗500万尾。", None, "增殖放流鱼苗", 5e6, "尾", "=", None, None),
    ("新建抗旱机井120眼。", None, "抗旱机井", 120, "眼", "=", None, None),
    ("补植珍贵树种苗木20万株。", None, "补植珍贵树种苗木", 200000, "株", "=", None, None),
    ("推广良种肉羊5万只。", None, "良种肉羊", 50000, "只", "=", None, None),
    ("全年开展安全检查200批次以上。", None, "安全检查", 200, "批次", ">=", 2025, None),
    # a relative baseline (较上年, 比去年) is the base of the change, not a past figure
    ("全市旅游收入较上年增长8%。", None, "旅游收入", 8, "%", "=", None, None),
    ("城镇新增就业比去年增加5000人。", None, "城镇新增就业", 5000, "人", "=", None, None),
    # a year in a relative clause (2010年以前建成的) does not govern; 到YYYY年底 does
    (
        "到2028年底，完成2010年以前建成的农村公路危桥改造300座。",
        None,
        "2010年以前建成的农村公路危桥改造",
        300,
        "座",
        "=",
        2028,
        "2028-12-31",
    ),
    # 至少 / 不少于 before the verb bound the number after it
    ("每个街道至少组织开展4场消防演练。", None, "消防演练", 4, "场", ">=", None, None),
    ("全年至少培训基层干部2000人次。", None, "基层干部", 2000, "人次", ">=", 2025, None),
    # a bare ratio takes its subject from the clause before, when that clause has no number
    (
        "推进城镇职工基本养老保险扩面，参保率稳定在95%以上。",
        None,
        "城镇职工基本养老保险扩面参保率",
        95,
        "%",
        ">=",
        None,
        None,
    ),
]


@pytest.mark.parametrize(
    ("text", "title", "metric", "value", "unit", "comparator", "year", "deadline"),
    MORE_CONVENTIONS,
    ids=[c[0][:16] for c in MORE_CONVENTIONS],
)
def test_more_conventions(
    text: str,
    title: str | None,
    metric: str,
    value: float,
    unit: str,
    comparator: str,
    year: int | None,
    deadline: str | None,
) -> None:
    (t,) = targets(text, title=title)
    assert (t.metric, t.value, t.unit, t.comparator.value, t.year, t.deadline) == (
        metric,
        value,
        unit,
        comparator,
        year,
        deadline,
    )
    assert text[t.span[0] : t.span[1]] == t.text


# (sentence, [(value, unit)] of every target found)
RATE_BASES_AND_RATIOS = [
    # 每N<unit> is the denominator of a rate: only the quantity after it is reported
    ("新建小区按照每100户不少于20个配建充电车位。", [(20, "个")]),
    ("每1000名学生配备1名专职校医。", [(1, "名")]),
    ("每十万人口拥有执业医师320人。", [(320, "人")]),
    # 一头 / 一口 / 只能 are no counts
    ("一头连着企业，一头连着群众，一口气抓到底。", []),
    ("每个企业只能申报1个项目。", [(1, "个")]),
    # an achieved figure of the previous year stays excluded
    ("上年全市接待游客800万人次。", []),
]


@pytest.mark.parametrize(
    ("text", "found"), RATE_BASES_AND_RATIOS, ids=[r[0][:12] for r in RATE_BASES_AND_RATIOS]
)
def test_rate_bases_and_non_counts(text: str, found: list[tuple[float, str]]) -> None:
    assert [(t.value, t.unit) for t in targets(text)] == found


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        ("开展儿童眼健康筛查，覆盖率达到90%。", "儿童眼健康筛查覆盖率"),
        # the clause before has its own number: the ratio keeps its own words
        ("新建养老床位500张，入住率达到60%。", "入住率"),
        # a sentence end cuts the reach-back
        ("开展儿童眼健康筛查。覆盖率达到90%。", "覆盖率"),
        # a ratio that names its own subject is left as written
        ("推进社区治理，城市社区综合服务设施覆盖率达到100%。", "城市社区综合服务设施覆盖率"),
    ],
    ids=["reach-back", "previous-has-number", "sentence-end", "own-subject"],
)
def test_bare_ratio_metric(text: str, metric: str) -> None:
    assert [t.metric for t in targets(text)][-1] == metric


def test_longest_unit_wins_whatever_the_lexicon_order() -> None:
    units = [u["unit"] for u in RULES.get("units")["units"]]
    for long in ("批次", "人次", "户次", "千瓦时", "吨标准煤", "个百分点"):
        assert long in units
        (t,) = targets(f"新增5万{long}。")
        assert (t.value, t.unit) == (50000, long)
