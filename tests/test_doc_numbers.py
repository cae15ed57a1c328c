"""发文字号 extraction: forms, codes -> issuers, roles, provenance, gold documents, junk."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policyparse.document import Document
from policyparse.extractors import Context, doc_numbers
from policyparse.models import DocNumberRef, Meta
from policyparse.rules import load_rules

DEV = Path(__file__).resolve().parents[1] / "corpora" / "dev"


@pytest.fixture(scope="module")
def rules():
    return load_rules()


def run(text: str, rules, meta: Meta | None = None):
    ctx = Context.build(Document.from_text(text), meta or Meta(), [], None)
    return doc_numbers.extract(ctx, rules)


# fmt: off
FORMS = [
    # (text, raw, agency_code, year, serial, issuer)
    ("根据沪人社职〔2025〕87号文件", "沪人社职〔2025〕87号", "沪人社职", 2025, 87, "上海市人力资源和社会保障局"),
    ("按照国办发〔2023〕5号要求", "国办发〔2023〕5号", "国办发", 2023, 5, "国务院办公厅"),
    ("国发[2023]12号", "国发〔2023〕12号", "国发", 2023, 12, "国务院"),
    ("人社部发（2022）14号", "人社部发〔2022〕14号", "人社部发", 2022, 14, "人力资源和社会保障部"),
    ("财社【2019】7号", "财社〔2019〕7号", "财社", 2019, 7, "财政部"),
    ("京政发［2021］3号", "京政发〔2021〕3号", "京政发", 2021, 3, "北京市人民政府"),
    ("粤府〔2020〕12号", "粤府〔2020〕12号", "粤府", 2020, 12, "广东省人民政府"),
    ("沪府办规〔2024〕第2号", "沪府办规〔2024〕2号", "沪府办规", 2024, 2, "上海市人民政府办公厅"),
    ("沪委办﹝2025﹞3号", "沪委办〔2025〕3号", "沪委办", 2025, 3, "中共上海市委办公厅"),
    ("苏人社发〔2023〕9号", "苏人社发〔2023〕9号", "苏人社发", 2023, 9, "江苏省人力资源和社会保障厅"),
    ("国发 〔2023〕 5 号", "国发〔2023〕5号", "国发", 2023, 5, "国务院"),
    ("某某委发〔2023〕5号", "某某委发〔2023〕5号", "某某委发", 2023, 5, None),
    ("国务院令第699号", "国务院令第699号", "国务院令", None, 699, None),
    ("人力资源社会保障部令第12号", "人力资源社会保障部令第12号", "人力资源社会保障部令", None, 12, None),
    ("交通运输部令2019年第1号", "交通运输部令2019年第1号", "交通运输部令", 2019, 1, None),
]
IDS = ["sh-bureau", "gbf", "ascii-brackets", "paren-year", "lenticular", "fullwidth-square", "gd-fu",
       "di-serial", "small-paren", "js-bureau", "spaces", "unknown-code", "state-council-order",
       "ministry-order", "order-with-year"]
# fmt: on


@pytest.mark.parametrize(("text", "raw", "code", "year", "serial", "issuer"), FORMS, ids=IDS)
def test_forms(rules, text, raw, code, year, serial, issuer) -> None:
    [d] = run(text, rules)
    assert (d.raw, d.agency_code, d.year, d.serial) == (raw, code, year, serial)
    if issuer is not None or not code.endswith("令"):
        assert d.issuer == issuer
    assert text[d.span[0] : d.span[1]] == d.text


@pytest.mark.parametrize(
    "text",
    [
        "根据财税2016 36号文",
        "第48届世界技能大赛",
        "2025年3月28日",
        "见附件1",
        "〔2023〕5号",
        "《办法》（2023年修订）第3号",
        "命令第一号",
        "三号楼",
    ],
    ids=["no-brackets", "ordinal", "date", "attachment", "no-code", "revision-year", "cn-serial", "building"],
)
def test_not_doc_numbers(rules, text: str) -> None:
    assert run(text, rules) == []


def test_every_mention_in_order(rules) -> None:
    text = "据国发〔2023〕5号和国办发〔2022〕1号，重申国发〔2023〕5号。"
    assert [d.raw for d in run(text, rules)] == ["国发〔2023〕5号", "国办发〔2022〕1号", "国发〔2023〕5号"]


@pytest.mark.parametrize(
    ("text", "roles"),
    [
        ("关于做好培训的通知\n沪人社职〔2025〕87号\n各区人社局：\n根据国发〔2023〕5号。", ["self", "cited"]),
        ("关于做好培训的通知\n发文字号：国办发〔2024〕2号\n各省人民政府：\n正文。", ["self"]),
        ("各区人社局：\n沪人社职〔2025〕87号文件继续执行。", ["cited"]),
        ("关于转发《办法》（国发〔2023〕5号）的通知\n各区：\n正文。", ["cited"]),
    ],
    ids=["standalone-header-line", "labelled", "after-addressees", "inside-title"],
)
def test_role_without_meta(rules, text: str, roles: list[str]) -> None:
    assert [d.role for d in run(text, rules)] == roles


def test_role_from_meta(rules) -> None:
    meta = Meta(doc_number=DocNumberRef(raw="国发〔2023〕5号", agency_code="国发", year=2023, serial=5))
    text = "国办发〔2022〕1号\n各省：\n按国发〔2023〕5号执行。"
    assert [(d.raw, d.role) for d in run(text, rules, meta)] == [
        ("国办发〔2022〕1号", "cited"),
        ("国发〔2023〕5号", "self"),
    ]


def test_cited_title_is_paired(rules) -> None:
    [d] = run("根据《关于加强技能人才工作的意见》（国办发〔2023〕5号）", rules)
    assert d.cited_title == "关于加强技能人才工作的意见"


def _gold_docs() -> list[Path]:
    return sorted(DEV.glob("*.txt"))


@pytest.mark.parametrize("path", _gold_docs(), ids=lambda p: p.stem[:3])
def test_gold_documents(rules, path: Path) -> None:
    from policyparse import parse

    gold = json.loads(path.with_suffix(".gold.json").read_text(encoding="utf-8"))
    doc = parse(path, rules=rules)
    assert [(d.raw, d.role) for d in doc.doc_numbers] == [(g["raw"], g["role"]) for g in gold["doc_numbers"]]
    for d in doc.doc_numbers:
        assert doc.source.text[d.span[0] : d.span[1]] == d.text


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("沪人社职国发办〔〕[]（）【】2013号第令部 \n：")) | st.characters(),
        max_size=80,
    )
)
def test_never_raises_and_spans_hold(text: str) -> None:
    rules = load_rules()
    for d in run(text, rules):
        assert 0 <= d.span[0] < d.span[1] <= len(text)
        assert text[d.span[0] : d.span[1]] == d.text


# -- the 机关代字 is the whole Han run, minus lead phrases; city prefixes stay ------------------------
@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("扬农发〔2023〕8号", "扬农发"),
        ("成教发〔2025〕6号", "成教发"),
        ("文号：青环发[2024]27号", "青环发"),
        ("（桐农发〔2023〕17号）", "桐农发"),
        ("《关于X的通知》（苏农发〔2024〕3号）", "苏农发"),
        ("根据扬农发〔2023〕8号文件精神", "扬农发"),
        ("认真贯彻落实国办发〔2023〕5号文件", "国办发"),
        ("省政府印发成教发〔2025〕6号", "成教发"),
        ("见国发〔2023〕5号", "国发"),
        ("文件精神国发〔2023〕5号", "国发"),
    ],
    ids=[
        "city-prefix-yz",
        "city-prefix-cd",
        "labelled-field",
        "bracketed",
        "after-title",
        "genju",
        "guanche-luoshi",
        "yinfa",
        "jian",
        "running-text",
    ],
)
def test_agency_code_run(rules, text: str, code: str) -> None:
    [d] = run(text, rules)
    assert d.agency_code == code
    assert text[d.span[0] : d.span[1]] == d.text


@pytest.mark.parametrize(
    ("text", "self_raw"),
    [
        (
            "扬州市农业农村局文件\n扬农发〔2023〕8号\n关于印发工作要点的通知\n各县（市、区）农业农村局：\n依据农发〔2023〕1号。",
            "扬农发〔2023〕8号",
        ),
        (
            "首页 > 通知公告\n青岛市生态环境局关于开展宣传活动的通知\n文号：青环发[2024]27号\n各区（市）分局：\n根据环办宣教函[2024]156号要求。",
            "青环发〔2024〕27号",
        ),
    ],
    ids=["header-line", "web-field"],
)
def test_own_number_is_self_and_agrees_with_meta(self_raw: str, text: str) -> None:
    from policyparse import parse

    doc = parse(text)
    assert doc.meta.doc_number is not None and doc.meta.doc_number.raw == self_raw
    roles = {d.raw: d.role for d in doc.doc_numbers}
    assert roles[self_raw] == "self"
    assert sorted(roles.values()) == ["cited", "self"]


def test_order_number_on_the_line_below_its_mark_is_the_documents_own() -> None:
    from policyparse import parse

    text = (
        "某某省人民政府令\n\n第12号\n\n《某某省河道采砂管理办法》已经省人民政府常务会议通过，现予公布。\n\n"
        "省长　张某某\n\n2024年3月20日\n\n某某省河道采砂管理办法\n\n第一条　本办法自公布之日起施行，"
        "《某某省河道管理规定》（某某省人民政府令第101号）同时废止。\n"
    )
    found = [(d.raw, d.role, d.agency_code, d.serial) for d in parse(text).doc_numbers]
    assert found == [
        ("某某省人民政府令第12号", "self", "某某省人民政府令", 12),
        ("某某省人民政府令第101号", "cited", "某某省人民政府令", 101),
    ]


def test_order_cited_in_a_notice_is_cited() -> None:
    from policyparse import parse

    text = "某水发〔2024〕5号\n关于做好采砂管理的通知\n各市水利局：\n根据《河道采砂管理条例》（国务院令第699号），现通知如下。\n"
    assert [(d.raw, d.role) for d in parse(text).doc_numbers] == [
        ("某水发〔2024〕5号", "self"),
        ("国务院令第699号", "cited"),
    ]


@pytest.mark.parametrize(
    ("text", "issuer"),
    [
        ("穗府办〔2024〕3号", "广州市人民政府办公厅"),
        ("深人社规〔2023〕5号", "深圳市人力资源和社会保障局"),
        ("蓉府发〔2022〕1号", "成都市人民政府"),
        ("交公路发〔2023〕155号", "交通运输部"),
        ("财社〔2019〕7号", "财政部"),
        ("桂政办发〔2021〕9号", "广西壮族自治区人民政府办公厅"),
        ("粤卫基层函〔2026〕9号", "广东省卫生健康委员会"),
        ("京建发〔2024〕2号", "北京市住房和城乡建设委员会"),
        ("国办秘函〔2020〕2号", "国务院办公厅"),
    ],
    ids=[
        "gz-office",
        "sz-bureau",
        "cd-gov",
        "ministry-one-char",
        "finance",
        "gx-office",
        "gd-health",
        "bj-housing",
        "office-secretariat",
    ],
)
def test_issuers_of_regional_and_city_codes(rules, text: str, issuer: str) -> None:
    [d] = run(text, rules)
    assert d.issuer == issuer


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("根据苏教财〔2022〕7号文件", "苏教财"),
        ("渝北交发〔2027〕3号", "渝北交发"),
        ("长住建发〔2025〕21号", "长住建发"),
    ],
)
def test_one_character_ministry_prefix_does_not_cut_a_code(rules, text: str, code: str) -> None:
    [d] = run(text, rules)
    assert d.agency_code == code


@pytest.mark.parametrize(
    ("text", "raw"),
    [
        ("（2010年11月19日中华人民共和国国务院令第583号公布）", "中华人民共和国国务院令第583号"),
        (
            "2002年1月25日原中华人民共和国国家发展计划委员会令第8号同时废止",
            "中华人民共和国国家发展计划委员会令第8号",
        ),
        ("日照市人民政府令第5号", "日照市人民政府令第5号"),
    ],
    ids=["date-before-order", "former-body", "city-starting-with-ri"],
)
def test_order_number_after_a_date_or_a_former_name(rules, text: str, raw: str) -> None:
    assert [d.raw for d in run(text, rules)] == [raw]


def test_a_date_right_before_a_number_is_not_its_code(rules) -> None:
    assert [d.raw for d in run("2005年11月17日沪公发〔2005〕423号文发布", rules)] == ["沪公发〔2005〕423号"]
