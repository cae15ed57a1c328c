"""Header and footer elements (GB/T 9704-2012), on realistic snippets."""

from __future__ import annotations

import pytest

from policyparse.document import Document
from policyparse.models import Meta
from policyparse.rules import load_rules
from policyparse.structure import parse_header
from policyparse.structure.header import iso_date

RULES = load_rules()


def header(text: str) -> Meta:
    return parse_header(Document.from_text(text), RULES)


NOTICE = """北京市交通委员会文件

京交发【2022】 7 号

北京市交通委员会 北京市财政局
关于做好2022年公共交通运营补贴工作的通知

各区交通局、财政局，市公交集团：

现将有关事项通知如下。

附件：1.补贴标准表
2.申报材料清单

北京市交通委员会 北京市财政局

二〇二二年六月六日

（此件公开发布）

抄送：市政府办公厅，市审计局。

北京市交通委员会办公室 2022年6月8日印发
"""


def test_full_notice_elements() -> None:
    m = header(NOTICE)
    assert m.title == "北京市交通委员会北京市财政局关于做好2022年公共交通运营补贴工作的通知"
    assert m.doc_type == "通知"
    assert m.doc_number is not None
    assert (m.doc_number.raw, m.doc_number.agency_code, m.doc_number.year, m.doc_number.serial) == (
        "京交发〔2022〕7号", "京交发", 2022, 7)  # fmt: skip
    assert m.addressees == ["各区交通局", "财政局", "市公交集团"]
    assert m.attachments == ["补贴标准表", "申报材料清单"]
    assert m.issuers == ["北京市交通委员会", "北京市财政局"]
    assert m.date == "2022-06-06"
    assert m.notes == ["（此件公开发布）"]
    assert m.cc == ["市政府办公厅", "市审计局"]
    assert (m.printer, m.print_date) == ("北京市交通委员会办公室", "2022-06-08")
    assert "北京市交通委员会办公室" not in m.issuers


def test_spans_quote_the_source() -> None:
    m = header(NOTICE)
    assert NOTICE[slice(*m.spans["doc_number"])] == "京交发【2022】 7 号"
    assert NOTICE[slice(*m.spans["date"])] == "二〇二二年六月六日"
    s, e = m.spans["title"]
    assert NOTICE[s:e].startswith("北京市交通委员会 北京市财政局") and NOTICE[s:e].endswith("的通知")


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


def test_issued_document_title_and_body_start() -> None:
    text = "上海市人力资源和社会保障局关于印发《技能提升年行动方案》的通知\n各区人社局：\n现将《技能提升年行动方案》印发给你们。\n上海市人力资源和社会保障局\n2026年3月30日\n技能提升年行动方案\n一、总体要求\n"
    m = header(text)
    assert m.issued_title == "技能提升年行动方案"
    assert m.issued_body_start == text.index("技能提升年行动方案\n一")
    assert m.issuers == ["上海市人力资源和社会保障局"]


def test_issuers_from_title_when_no_signature() -> None:
    m = header("上海市人力资源和社会保障局关于做好培训工作的通知\n各区人社局：\n现将有关事项通知如下。")
    assert m.issuers == ["上海市人力资源和社会保障局"]
    assert m.date is None


def test_publish_date_line_gives_date_without_signature_date() -> None:
    m = header("关于做好培训工作的通知\n发布日期：2024年5月6日\n各区人社局：\n正文内容。")
    assert (m.date, m.publish_date) == ("2024-05-06", "2024-05-06")


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


def test_attachment_table_document_has_only_a_title() -> None:
    m = header("附件\n2024年重点任务分工表\n\t序号\n\t任务\n\t牵头部门\n\n\t1\n\t做好培训\n\t市教委")
    assert m.title == "2024年重点任务分工表"
    assert (m.issuers, m.addressees, m.date, m.doc_number) == ([], [], None, None)


@pytest.mark.parametrize(
    "text",
    ["", "　", "\x00", "⑱", "一" * 5000, "<html><body>x</body></html>", "附件"],
    ids=["empty", "ideographic-space", "nul", "circled", "long", "html", "only-fujian"],
)
def test_junk_gives_empty_or_partial_meta(text: str) -> None:
    m = header(text)
    assert m.doc_number is None and m.issuers == []


@pytest.mark.parametrize(
    ("y", "mo", "d", "iso"),
    [
        ("2023", "5", "11", "2023-05-11"),
        ("二〇二二", "六", "六", "2022-06-06"),
        ("二○二三", "十二", "三十一", "2023-12-31"),
        ("2023", "2", "30", None),
    ],
    ids=["arabic", "chinese", "chinese-circle-zero", "invalid"],
)
def test_iso_date(y: str, mo: str, d: str, iso: str | None) -> None:
    assert iso_date(y, mo, d) == iso
