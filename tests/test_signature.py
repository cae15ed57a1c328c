"""signature: the signature and 成文日期, 附件说明, the 版记, and a regulation's 题注."""

from __future__ import annotations

import pytest

from policyparse.document import Document
from policyparse.models import Meta
from policyparse.rules import load_rules
from policyparse.structure import parse_header
from policyparse.structure.header_lines import Layout, header_rules
from policyparse.structure.header_zone import find_zones
from policyparse.structure.signature import (
    Footer,
    Signature,
    TitleNote,
    read_attachments,
    read_footer,
    read_signature,
    read_title_note,
)

RULES = load_rules()


def header(text: str) -> Meta:
    return parse_header(Document.from_text(text), RULES)


def test_single_attachment_without_numbering() -> None:
    m = header(
        "关于做好培训工作的通知\n各区人社局：\n正文内容。\n附件：培训计划表\n上海市人力资源和社会保障局\n2024年5月6日"
    )
    assert m.attachments == ["培训计划表"]


def test_several_issuers_on_one_signature_line() -> None:
    m = header(
        "关于加强技能人才工作的意见\n各区政府：\n正文。\n上海市教育委员会 上海市财政局\n上海市总工会\n2023年10月12日"
    )
    assert m.issuers == ["上海市教育委员会", "上海市财政局", "上海市总工会"]
    assert m.doc_type == "意见"


# -- 附件说明: numbering before a year, list over several lines ---------------------------------------
@pytest.mark.parametrize(
    ("lines", "names"),
    [
        ("附件：1.2024年省级项目申报表\n2.项目汇总表", ["2024年省级项目申报表", "项目汇总表"]),
        (
            "附件：1.2025年度绩效目标表\n    2.2025年度资金分配表\n    3.联系人名单",
            ["2025年度绩效目标表", "2025年度资金分配表", "联系人名单"],
        ),
        ("附件：1、评审标准\n2、申报材料清单", ["评审标准", "申报材料清单"]),
        ("附件：1.5%以上的企业名单", ["1.5%以上的企业名单"]),
    ],
    ids=["year-after-number", "indented-three", "dun-numbering", "decimal-is-a-name"],
)
def test_attachments(lines: str, names: list[str]) -> None:
    meta = header(f"关于申报项目的通知\n各有关单位：\n请按时申报。\n{lines}\n某某厅\n2024年3月1日")
    assert meta.attachments == names


def test_bare_attachment_label_names_the_attachment_on_the_lines_below() -> None:
    # 附件： alone on its line, the name wrapped under it (a published 公示公告)
    from policyparse import parse

    doc = parse(
        "关于某事的公告\n各单位：\n现将名单公示如下。\n附件：\n某某局2023年度拟录用\n人员名单\n某某局\n2023年5月17日\n"
    )
    assert doc.meta.attachments == ["某某局2023年度拟录用人员名单"]
    assert doc.meta.issuers == ["某某局"] and doc.meta.date == "2023-05-17"


def test_a_customs_office_signs() -> None:
    from policyparse import parse

    doc = parse(
        "南昌海关\n2023年度拟录用公务员公示公告\n现予以公示。公示期间如有问题，请向南昌海关反映。\n南昌海关\n2023年5月19日\n"
    )
    assert doc.meta.issuers == ["南昌海关"] and doc.meta.date == "2023-05-19"


# -- the 题注 of a regulation without a signature (adopted / approved / promulgated) ---------------------
def test_title_note_promulgated_by_order_gives_date_issuer_and_number() -> None:
    from policyparse import parse

    doc = parse(
        "某某暂行条例\n\n2015年10月21日 国务院第109次常务会议通过\n\n2015年11月26日 中华人民共和国国务院令第663号公布\n\n"
        "第一条 为了规范管理，制定本条例。\n第二条 本条例自2016年1月1日起施行。\n"
    )
    assert doc.meta.date == "2015-11-26"
    assert doc.meta.issuers == ["中华人民共和国国务院"]
    assert doc.meta.doc_number is not None and doc.meta.doc_number.raw == "中华人民共和国国务院令第663号"


def test_title_note_adopted_names_the_adopting_body_not_the_approving_one() -> None:
    from policyparse import parse

    doc = parse(
        "某某县促进产业发展条例\n\n2019年2月24日 某某县第九届人民代表大会第三次会议审议通过\n\n"
        "2019年5月31日 某某省第十三届人民代表大会常务委员会第十二次会议批准\n\n第一条 为了促进产业发展，制定本条例。\n"
    )
    assert doc.meta.issuers == ["某某县人民代表大会"]
    assert doc.meta.date is None  # adoption is not publication (corpora/real/ADJUDICATION.md)


def test_title_note_in_brackets_on_one_line() -> None:
    from policyparse import parse

    doc = parse(
        "城镇某某管理条例\n（2010年11月19日中华人民共和国国务院令第583号公布 根据2016年2月6日《国务院关于修改部分行政法规的决定》修订）\n"
        "第一章 总则\n第一条 为了加强管理，制定本条例。\n"
    )
    assert (doc.meta.date, doc.meta.issuers) == ("2010-11-19", ["中华人民共和国国务院"])


# -- 版头 and 主送 as published notices print them (issue: co-issuers, wrapped titles and 主送) ------------
def test_coissuers_run_together_in_the_signature() -> None:
    from policyparse import parse

    doc = parse(
        "关于做好某事的通知\n各区：\n一、总体要求\n某某市财政局某某市发展和改革委员会\n2024年3月1日\n"
    )
    assert doc.meta.issuers == ["某某市财政局", "某某市发展和改革委员会"]
    assert parse(
        "关于某事的通知\n各区：\n一、要求\n国家发展改革委国家能源局\n2024年3月1日\n"
    ).meta.issuers == ["国家发展改革委", "国家能源局"]
    assert parse("关于某事的通知\n各区：\n一、要求\n上海市人民政府办公厅\n2024年3月1日\n").meta.issuers == [
        "上海市人民政府办公厅"
    ]


# -- the parts on their own ------------------------------------------------------------------------------
def _body(text: str) -> tuple[Layout, list]:
    lay = Layout(Document.from_text(text), header_rules(RULES), RULES)
    return lay, find_zones(lay).body


_SIGNED = (
    "关于某事的通知\n各区：\n正文。\n附件：1.甲表\n2.乙表\n某某市财政局 某某市审计局\n2024年3月1日\n"
    "（此件主动公开）\n抄送：市政府办公厅，市审计局。\n某某市财政局办公室 2024年3月2日印发"
)


def test_read_signature() -> None:
    lay, body = _body(_SIGNED)
    s = read_signature(lay, body)
    assert (s.date, s.issuers) == ("2024-03-01", ("某某市财政局", "某某市审计局"))
    assert s.date_line is not None and body[s.date_line].text == "2024年3月1日"
    assert list(s.spans) == ["date", "signature"]
    assert read_signature(*_body("关于某事的通知\n各区：\n正文。")) == Signature()


def test_read_attachments() -> None:
    a = read_attachments(*_body(_SIGNED))
    assert a.names == ("甲表", "乙表") and _SIGNED[slice(*a.spans["attachments"])] == "附件：1.甲表\n2.乙表"


def test_read_footer_spans_in_line_order() -> None:
    f = read_footer(*_body(_SIGNED))
    assert f.notes == ("（此件主动公开）",) and f.cc == ("市政府办公厅", "市审计局")
    assert (f.printer, f.print_date) == ("某某市财政局办公室", "2024-03-02")
    assert list(f.spans) == ["notes", "cc", "printer", "print_date"]
    assert read_footer(*_body("关于某事的通知\n各区：\n正文。")) == Footer()


def test_read_title_note() -> None:
    lay, _ = _body(
        "某某条例\n2015年11月26日 中华人民共和国国务院令第663号公布\n第一条 为了规范管理，制定本条例。"
    )
    note = read_title_note(lay, lay.lines[1:])
    assert (note.date, note.issuers) == ("2015-11-26", ("中华人民共和国国务院",))
    assert note.doc_number is not None and note.doc_number.agency_code == "中华人民共和国国务院令"
    assert read_title_note(lay, lay.lines[2:]) == TitleNote()  # a clause label ends the 题注


# -- conventions of the retired second real test split (minimal reproductions) ---------------------
def test_a_regulation_promulgated_by_a_standing_committee_announcement() -> None:
    from policyparse import parse

    doc = parse(
        "某市河道保护规定\n\n"
        "2019年6月24日 某市第十三届人民代表大会常务委员会第九次会议通过\n\n"
        "2019年7月29日 某省第十三届人民代表大会常务委员会第十三次会议批准\n\n"
        "2019年8月5日 某市第十三届人民代表大会常务委员会公告第12号公布\n\n"
        "第一条 为了保护河道，制定本规定。\n\n第二条 本规定自2019年10月1日起施行。\n"
    )
    assert doc.meta.date == "2019-08-05"
    assert doc.meta.issuers == ["某市人民代表大会常务委员会"]
    assert doc.meta.doc_number is not None
    assert doc.meta.doc_number.raw == "某市第十三届人民代表大会常务委员会公告第12号"
    assert [(n.raw, n.role) for n in doc.doc_numbers] == [
        ("某市第十三届人民代表大会常务委员会公告第12号", "self")
    ]


def test_an_announcement_without_a_number_still_dates_the_publication() -> None:
    from policyparse import parse

    doc = parse(
        "某市海域保护规定\n\n"
        "2009年12月24日 某市第十四届人民代表大会常务委员会第十四次会议通过\n\n"
        "2010年3月31日 某省第十一届人民代表大会常务委员会第十六次会议批准2010年3月31日"
        "某市人民代表大会常务委员会公告公布自2010年5月1日施行\n\n"
        "第一条 为了保护海域，制定本规定。\n"
    )
    assert doc.meta.date == "2010-03-31"
    assert doc.meta.issuers == ["某市人民代表大会常务委员会"]
    assert doc.meta.doc_number is None


def test_a_report_cover_names_its_bodies_and_month() -> None:
    from policyparse import parse

    doc = parse(
        "某市2023年统计报告\n某市统计局\n某市妇女工作委员会\n二〇二四年三月\n1 人口\n人口情况如下。\n"
    )
    assert doc.meta.date == "2024-03"
    assert doc.meta.issuers == ["某市统计局", "某市妇女工作委员会"]
    # a month line alone, with no body above it, is no cover
    bare = parse("某市2023年统计报告\n二〇二四年三月\n1 人口\n人口情况如下。\n")
    assert bare.meta.date is None and bare.meta.issuers == []
