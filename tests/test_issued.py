"""issued: the document a 印发 notice or a 令 issues, printed after the signature."""

from __future__ import annotations

import pytest

from policyparse.document import Document
from policyparse.models import Meta
from policyparse.rules import load_rules
from policyparse.structure import parse_header
from policyparse.structure.header_lines import Layout, header_rules
from policyparse.structure.header_zone import find_zones
from policyparse.structure.issued import Issued, read_issued, read_order_title
from policyparse.structure.masthead import Masthead, read_masthead
from policyparse.structure.signature import read_attachments, read_signature

RULES = load_rules()


def header(text: str) -> Meta:
    return parse_header(Document.from_text(text), RULES)


def test_issued_document_title_and_body_start() -> None:
    text = "上海市人力资源和社会保障局关于印发《技能提升年行动方案》的通知\n各区人社局：\n现将《技能提升年行动方案》印发给你们。\n上海市人力资源和社会保障局\n2026年3月30日\n技能提升年行动方案\n一、总体要求\n"
    m = header(text)
    assert m.issued_title == "技能提升年行动方案"
    assert m.issued_body_start == text.index("技能提升年行动方案\n一")
    assert m.issuers == ["上海市人力资源和社会保障局"]


# -- 关于印发X的通知 without 《》 issues X -------------------------------------------------------------
def _issuing(title: str, issued_line: str, extra: str = "") -> str:
    return (
        f"{title}\n各县（市、区）发展改革局：\n现将有关方案印发给你们，请认真贯彻落实。\n"
        f"某某市发展和改革委员会\n2024年3月5日\n{issued_line}\n{extra}一、总体要求\n坚持稳中求进。"
    )


@pytest.mark.parametrize(
    ("text", "issued"),
    [
        (
            _issuing("关于印发2024年全市物价工作要点的通知", "2024年全市物价工作要点"),
            "2024年全市物价工作要点",
        ),
        (
            _issuing("关于印发城市更新行动方案（2024—2026年）的通知", "城市更新行动方案（2024—2026年）"),
            "城市更新行动方案（2024—2026年）",
        ),
        (_issuing("关于印发粮食收储管理办法的通知", "粮食收储管理办法", "（试行）\n"), "粮食收储管理办法"),
        (
            _issuing("关于转发省发展改革委价格监测工作方案的通知", "省发展改革委价格监测工作方案"),
            "省发展改革委价格监测工作方案",
        ),
        # X never follows the signature: nothing is issued
        (_issuing("关于印发2024年全市物价工作要点的通知", "附件下载"), None),
        (_issuing("关于做好2024年物价监测工作的通知", "2024年物价监测工作"), None),
    ],
    ids=["points", "period-in-title", "edition-line", "forward", "not-found", "no-issue-verb"],
)
def test_issued_title_without_book_marks(text: str, issued: str | None) -> None:
    doc = Document.from_text(text)
    meta = parse_header(doc, RULES)
    assert meta.issued_title == issued
    body = text[meta.spans["body"][0] : meta.spans["body"][1]]
    assert body.lstrip().startswith("一、总体要求") is (issued is not None)


def test_issued_body_gives_clauses_with_1_under_1() -> None:
    from policyparse import parse

    text = _issuing("关于印发2024年全市物价工作要点的通知", "2024年全市物价工作要点").replace(
        "坚持稳中求进。", "1.稳定价格总水平。\n2.加强价格监测。\n二、保障措施\n加强领导。"
    )
    doc = parse(text)
    assert [(c.id, c.level) for c in doc.iter_clauses()] == [("1", 1), ("1.1", 3), ("1.2", 3), ("2", 1)]


# -- 现将《X》印发给你们 names the issued document when the title only paraphrases it ------------------
def _issuing_with_sentence(sentence: str, issued_line: str) -> str:
    return (
        "某某市农业农村局关于印发2025年重点工作安排的通知\n各区农业农村局，局属各单位：\n"
        f"{sentence}\n某某市农业农村局\n2025年1月20日\n{issued_line}\n一、稳定粮食生产\n确保面积不减。"
    )


@pytest.mark.parametrize(
    ("sentence", "issued_line", "issued"),
    [
        # the issued plan's own line carries its issuer before the loose title
        ("现将《某某市农业农村局2025年重点工作安排》印发给你们，请认真贯彻执行。",
         "某某市农业农村局2025年重点工作安排", "某某市农业农村局2025年重点工作安排"),
        ("《某某市农业农村局2025年重点工作安排》已经局党组会议研究同意，现予印发，请结合实际认真贯彻执行。",
         "某某市农业农村局2025年重点工作安排", "某某市农业农村局2025年重点工作安排"),
        # the sentence wraps over two lines
        ("现将《某某市农业农村局2025年\n重点工作安排》印发给你们。",
         "某某市农业农村局2025年重点工作安排", "某某市农业农村局2025年重点工作安排"),
        # no sentence: the title line still ends with the loose title after an issuer name
        ("请认真贯彻执行。", "某某市农业农村局\n2025年重点工作安排", "2025年重点工作安排"),
        # a prefix that is no body name is not the issued title
        ("请认真贯彻执行。", "关于2025年重点工作安排", None),
    ],
    ids=["sentence", "sentence-xianyu", "sentence-wrapped", "issuer-prefix", "not-a-body-prefix"],
)  # fmt: skip
def test_issued_title_from_the_body_sentence(sentence: str, issued_line: str, issued: str | None) -> None:
    text = _issuing_with_sentence(sentence, issued_line)
    meta = header(text)
    assert meta.issued_title == issued
    body = text[meta.spans["body"][0] : meta.spans["body"][1]]
    assert body.lstrip().startswith("一、稳定粮食生产") is (issued is not None)
    if issued is not None:
        assert meta.issued_body_start == text.rindex(issued_line)


def test_an_attachment_printed_in_full_after_the_signature_is_body() -> None:
    # 关于修改《X》的决定 + 附件：修改后的《X》 + signature + X in full: its articles are clauses,
    # and so are the notice's own
    from policyparse import parse

    doc = parse(
        "某某局关于修改《某某管理规定》的决定\n各分局：\n一、修改内容\n现决定作如下修改。\n附件：修改后的《某某管理规定》\n"
        "某某局\n2025年4月16日\n附件\n某某管理规定\n第一条 为规范管理，制定本规定。\n第二条 本规定自发布之日起施行。\n"
    )
    assert [c.label for c in doc.iter_clauses()] == ["一、", "第一条", "第二条"]
    assert doc.meta.issued_title is None and doc.meta.title == "某某局关于修改《某某管理规定》的决定"


def test_a_title_in_book_title_marks_on_its_own_line() -> None:
    from policyparse import parse

    doc = parse(
        "《某某区公共租赁住房管理办法》\n《某某区公共租赁住房管理办法》已经区政府常务会议审议通过，现予印发。\n"
        "某某区住房保障和房屋管理局\n2021年9月29日\n某某区公共租赁住房管理办法\n第一章 总则\n第一条 为了加强管理，制定本办法。\n"
    )
    assert doc.meta.title == "某某区公共租赁住房管理办法"
    assert [c.label for c in doc.iter_clauses()] == ["第一章", "第一条"]


def test_announcement_promulgating_a_regulation_reads_like_an_order() -> None:
    # 人大常委会 / 公 告 / （十四届第3号） / 《X》…现予公布 / signature / X with its 目录 and articles
    from policyparse import parse

    doc = parse(
        "某某自治区人大常委会\n公 告\n（十四届第3号）\n《某某自治区燃气管理条例》已由某某自治区人民代表大会常务委员会第二次会议于2023年3月28日修订通过，现予公布，自2023年5月1日起施行。\n"
        "某某自治区人民代表大会常务委员会\n2023年3月28日\n某某自治区燃气管理条例\n目 录\n第一章 总 则\n第二章 规划与建设\n"
        "第一章 总 则\n第一条 为了加强燃气管理，制定本条例。\n第二章 规划与建设\n第二条 编制规划。\n"
    )
    assert doc.meta.title == "某某自治区燃气管理条例"
    assert doc.meta.doc_number is not None and doc.meta.doc_number.raw == "十四届第3号"
    assert doc.meta.issuers == ["某某自治区人民代表大会常务委员会"] and doc.meta.date == "2023-03-28"
    # the 目录 lists the chapters: they are clauses once, where the text has them
    assert [c.label for c in doc.iter_clauses()] == ["第一章", "第一条", "第二章", "第二条"]


def test_a_document_the_title_names_printed_after_the_signature_is_body() -> None:
    from policyparse import parse

    doc = parse(
        "某区文物局关于延长《某区文物保护暂行规定》有效期的通知\n各镇人民政府：\n有效期延长至2026年11月1日。\n特此通知。\n"
        "某区文物局\n2024年10月31日\n某区文物保护暂行规定\n第一章 总则\n第一条 为加强保护，制订本规定。\n"
    )
    assert [c.label for c in doc.iter_clauses()] == ["第一章", "第一条"]


# -- read_issued / read_order_title on their own ------------------------------------------------------------
def _parts(text: str) -> tuple[Layout, list, Masthead, int]:
    lay = Layout(Document.from_text(text), header_rules(RULES), RULES)
    zones = find_zones(lay)
    signature = read_signature(lay, zones.body)
    assert signature.date_line is not None
    return lay, zones.body, read_masthead(lay, zones), signature.date_line + 1


def test_read_issued_keeps_the_title_s_own_issued_title() -> None:
    text = "关于印发《某某方案》的通知\n各区：\n现将《某某方案》印发给你们。\n某某局\n2024年3月1日\n某某方案\n一、总体要求"
    lay, body, masthead, after = _parts(text)
    issued = read_issued(lay, body, after, masthead, read_attachments(lay, body))
    assert issued.issued_title is None  # the masthead's 《某某方案》 stands
    assert issued.issued_body_start == text.index("某某方案\n一") and list(issued.spans) == ["issued_title"]
    assert issued.title is None


def test_read_issued_names_the_loose_title_it_found() -> None:
    lay, body, masthead, after = _parts(
        _issuing("关于印发2024年全市物价工作要点的通知", "2024年全市物价工作要点")
    )
    assert masthead.issued_title is None and masthead.issued_plain == "2024年全市物价工作要点"
    issued = read_issued(lay, body, after, masthead, read_attachments(lay, body))
    assert issued.issued_title == "2024年全市物价工作要点"


def test_read_order_title() -> None:
    text = "某某省人民政府令\n第12号\n《某某办法》已经省政府常务会议通过，现予公布。\n省长　张某\n2024年3月20日\n某某办法\n第一条 为了规范，制定本办法。"
    lay, body, _, after = _parts(text)
    issued = read_order_title(lay, body, after)
    assert (issued.title, issued.doc_type, issued.issued_title) == ("某某办法", "办法", "某某办法")
    assert list(issued.spans) == ["title", "issued_title"]
    assert read_order_title(lay, body, len(body)) == Issued()
