"""masthead: the 版头 fields — 发文机关标志, 发文字号 (or a 令号), title, 主送机关."""

from __future__ import annotations

import pytest

from policyparse.document import Document
from policyparse.models import Meta
from policyparse.rules import load_rules
from policyparse.structure import parse_header
from policyparse.structure.header_lines import Layout, header_rules
from policyparse.structure.header_zone import find_zones
from policyparse.structure.masthead import Masthead, read_masthead

RULES = load_rules()


def header(text: str) -> Meta:
    return parse_header(Document.from_text(text), RULES)


@pytest.mark.parametrize(
    ("line", "raw"),
    [
        ("国办发[2023]12号", "国办发〔2023〕12号"),
        ("沪府发（2024）3号", "沪府发〔2024〕3号"),
        ("沪人社规〔2025〕 5 号", "沪人社规〔2025〕5号"),
        ("国发［2024］第5号", "国发〔2024〕5号"),
    ],
    ids=["square", "paren", "spaces", "fullwidth-square-di"],
)
def test_doc_number_bracket_variants(line: str, raw: str) -> None:
    m = header(f"{line}\n关于开展检查的通知\n各区政府：\n正文。")
    assert m.doc_number is not None and m.doc_number.raw == raw


def test_issuers_from_title_when_no_signature() -> None:
    m = header("上海市人力资源和社会保障局关于做好培训工作的通知\n各区人社局：\n现将有关事项通知如下。")
    assert m.issuers == ["上海市人力资源和社会保障局"]
    assert m.date is None


# -- 主送机关: ； separates groups; 、 inside （…） does not split ----------------------------------------
@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("各县（市、区）农业农村局，市各有关单位：", ["各县（市、区）农业农村局", "市各有关单位"]),
        (
            "各市、县人民政府，工业园区管委会；省直各单位：",
            ["各市", "县人民政府", "工业园区管委会", "省直各单位"],
        ),
        ("各区（市）县教育局；局属各单位：", ["各区（市）县教育局", "局属各单位"]),
    ],
    ids=["bracket-dun", "semicolon-groups", "bracket-semicolon"],
)
def test_addressees(line: str, names: list[str]) -> None:
    meta = header(f"关于做好春耕生产工作的通知\n{line}\n现将有关事项通知如下。\n某某局\n2024年3月1日")
    assert meta.addressees == names


# -- the own number as a labelled web field -------------------------------------------------------------
@pytest.mark.parametrize(
    ("field", "raw"),
    [
        ("文号：扬环发[2024]12号", "扬环发〔2024〕12号"),
        ("发文字号：苏政办发〔2023〕5号", "苏政办发〔2023〕5号"),
        ("发布日期：2024-05-20 文号：京环发〔2024〕3号", "京环发〔2024〕3号"),
        ("索引号：11320000MB1234/2024-00123", None),
    ],
    ids=["wenhao", "fawenzihao", "after-date", "index-number"],
)
def test_labelled_doc_number(field: str, raw: str | None) -> None:
    text = f"首页 > 政务公开 > 通知公告\n某某局关于开展节能宣传周活动的通知\n{field}\n各有关单位：\n现将有关事项通知如下。"
    meta = header(text)
    assert (meta.doc_number.raw if meta.doc_number else None) == raw
    if raw:
        s, e = meta.spans["doc_number"]
        assert text[s:e].startswith(raw[:2])


@pytest.mark.parametrize(
    ("lines", "title"),
    [
        (
            ["某省商务厅等5部门关于加快推进县域商业体系建设的实", "施意见"],
            "某省商务厅等5部门关于加快推进县域商业体系建设的实施意见",
        ),
        (
            ["某市交通运输局关于做好2026年道路运输安全工作的", "通知"],
            "某市交通运输局关于做好2026年道路运输安全工作的通知",
        ),
    ],
    ids=["mid-word", "before-doctype"],
)
def test_title_wrapped_just_before_its_doc_type(lines: list[str], title: str) -> None:
    text = "\n".join(["某商发〔2026〕6号", *lines, "各市商务局：", "一、工作目标", "全年完成培训10万人次。"])
    assert parse_header(Document.from_text(text), load_rules()).title == title


# 命令（令）格式 (GB/T 9704-2012 §10.2): synthetic 令 texts, 令号 on the next line or the same one
def _order(mark: str, number: str | None, title: str = "某某省河道采砂管理办法") -> str:
    head = f"{mark}\n\n{number}" if number else mark
    return (
        f"{head}\n\n《{title}》已经2024年3月1日省人民政府第5次常务会议通过，现予公布，自2024年5月1日起施行。\n\n"
        f"省长　张某某\n\n2024年3月20日\n\n{title}\n\n第一章　总则\n\n第一条　为了规范河道采砂，制定本办法。\n"
    )


@pytest.mark.parametrize(
    ("text", "raw", "issuer"),
    [
        (_order("某某省人民政府令", "第12号"), "某某省人民政府令第12号", "某某省人民政府"),
        (
            _order("中华人民共和国国务院令", "第699号"),
            "中华人民共和国国务院令第699号",
            "中华人民共和国国务院",
        ),
        (_order("交通运输部令", "2019年第1号"), "交通运输部令2019年第1号", "交通运输部"),
        (_order("某某市人民政府令 第3号", None), "某某市人民政府令第3号", "某某市人民政府"),
    ],
)
def test_order_format(text: str, raw: str, issuer: str) -> None:
    m = header(text)
    assert m.doc_number is not None and m.doc_number.raw == raw
    assert m.issuers == [issuer]  # the signer (省长 name) is not an issuer
    assert m.title == "某某省河道采砂管理办法" and m.doc_type == "办法"
    assert m.date == "2024-03-20"
    assert text[m.spans["body"][0] :].lstrip().startswith("第一章")


def test_order_title_without_the_sentence_is_the_line_after_the_date() -> None:
    text = _order("某某省人民政府令", "第12号").replace("《某某省河道采砂管理办法》", "本办法")
    assert header(text).title == "某某省河道采砂管理办法"


def test_notice_citing_an_order_is_not_an_order() -> None:
    m = header(
        "某某省水利厅文件\n\n某水发〔2024〕5号\n\n关于做好河道采砂管理工作的通知\n\n各市水利局：\n\n"
        "根据《河道采砂管理条例》（国务院令第699号），现将有关事项通知如下。\n\n一、加强管理\n\n某某省水利厅\n\n2024年3月20日\n"
    )
    assert m.doc_number is not None and m.doc_number.raw == "某水发〔2024〕5号"
    assert m.title == "关于做好河道采砂管理工作的通知" and m.issuers == ["某某省水利厅"]


def test_a_plain_announcement_is_not_an_order() -> None:
    from policyparse import parse

    doc = parse("某某局\n公告\n为加强管理，现将有关事项公告如下。\n一、适用范围\n某某局\n2024年1月5日\n")
    assert doc.meta.doc_number is None


def test_title_wrapped_over_short_lines_under_issuer_lines_and_addressees_over_two_lines() -> None:
    from policyparse import parse

    doc = parse(
        "某某市财政局\n某某市发展和改革委员会\n关于做好\n某事的\n通知\n各区人民政府，\n市政府各部门：\n一、总体要求\n"
        "某某市财政局  某某市发展和改革委员会\n2024年3月1日\n"
    )
    assert doc.meta.title == "关于做好某事的通知"
    assert doc.meta.addressees == ["各区人民政府", "市政府各部门"]
    assert doc.meta.issuers == ["某某市财政局", "某某市发展和改革委员会"]


def test_issuer_named_before_the_year_of_a_title_without_guanyu() -> None:
    from policyparse import parse

    assert parse("淮安市人民政府2024年政府信息公开工作年度报告\n一、总体情况\n").meta.issuers == [
        "淮安市人民政府"
    ]
    assert parse("2024年政府信息公开工作年度报告\n一、总体情况\n").meta.issuers == []
    assert parse("淮安市人民政府\n2024年政府信息公开工作年度报告\n一、总体情况\n").meta.issuers == [
        "淮安市人民政府"
    ]


def test_a_place_before_the_year_is_not_an_issuer() -> None:
    from policyparse import parse

    assert parse("万载县2015年国民经济和社会发展统计公报\n全县经济平稳增长。\n").meta.issuers == []


def test_a_footnote_mark_after_a_web_title_is_not_part_of_it() -> None:
    from policyparse import parse

    doc = parse("江西省2022年国民经济和社会发展统计公报[1]\n江西省统计局\n全省经济平稳增长。\n")
    assert (doc.meta.title, doc.meta.doc_type) == ("江西省2022年国民经济和社会发展统计公报", "公报")


# -- read_masthead on its own: the typed part and its spans ----------------------------------------------
def _masthead(text: str) -> Masthead:
    lay = Layout(Document.from_text(text), header_rules(RULES), RULES)
    return read_masthead(lay, find_zones(lay))


def test_read_masthead_gives_the_header_fields_with_spans_in_reading_order() -> None:
    text = "某某市财政局文件\n某财发〔2024〕3号\n关于印发《某某办法》的通知\n各区财政局，\n各有关单位：\n现将办法印发给你们。"
    m = _masthead(text)
    assert (m.title, m.doc_type, m.issued_title, m.issued_plain) == (
        "关于印发《某某办法》的通知",
        "通知",
        "某某办法",
        None,
    )
    assert m.doc_number is not None and m.doc_number.raw == "某财发〔2024〕3号"
    assert m.addressees == ("各区财政局", "各有关单位") and m.issuers == ("某某市财政局",)
    assert list(m.spans) == ["title", "doc_number", "addressees", "issuer_mark"]
    assert text[slice(*m.spans["issuer_mark"])] == "某某市财政局文件"
    assert not m.is_order and m.publish_date is None


def test_read_masthead_of_an_order_has_no_title() -> None:
    m = _masthead("某某省人民政府令\n第12号\n《某某办法》已经省政府常务会议通过，现予公布。")
    assert m.is_order and m.title is None and m.title_lines == ()
    assert m.doc_number is not None and m.doc_number.raw == "某某省人民政府令第12号"
    assert m.issuers == ("某某省人民政府",) and list(m.spans) == ["doc_number", "issuer_mark"]


def test_title_issuers_are_read_from_the_title() -> None:
    m = _masthead("某某市农业农村局关于做好春耕工作的通知\n各区农业农村局：\n正文。")
    assert m.issuers == () and m.title_issuers == ("某某市农业农村局",)
    assert _masthead("关于做好春耕工作的通知\n各区：\n正文。").title_issuers == ()
