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


def test_addressee_is_not_a_list_intro() -> None:
    meta = header("关于做好春耕生产工作的通知\n具体要求如下：\n一是抓好备耕；二是保障供应。")
    assert meta.addressees == []


# -- a 主送机关 line longer than a header line is still one: every name in it is a body ---------------
_BODIES = "、".join(
    f"市{w}局" for w in ("农业农村", "财政", "自然资源", "水利", "生态环境", "商务", "市场监管", "统计")
)
_LONG = f"{_BODIES}，各县（市、区）人民政府，各开发区管委会："
_SENTENCE = "为进一步做好今年春耕生产和农资供应保障工作，切实稳定粮食播种面积和主要农产品产量，经市人民政府研究同意，现将有关工作安排通知："


@pytest.mark.parametrize(
    ("line", "names"),
    [
        (_LONG, [*_BODIES.split("、"), "各县（市、区）人民政府", "各开发区管委会"]),
        ("国务院各部委、各直属机构，" + _BODIES + "：", ["国务院各部委", "各直属机构", *_BODIES.split("、")]),
        (_SENTENCE, []),
        ("为做好工作，" + _BODIES + "要加强协作，各县（市、区）人民政府按照以下要求组织实施：", []),
        ("具体要求如下：", []),
    ],
    ids=["long-list", "short-collective", "long-sentence", "sentence-naming-bodies", "list-intro"],
)
def test_long_addressee_line(line: str, names: list[str]) -> None:
    assert len(_LONG) > 60 and len(_SENTENCE) > 60  # longer than the paragraph test's bound
    meta = header(f"关于做好春耕生产工作的通知\n{line}\n现将有关事项通知如下。\n某某局\n2024年3月1日")
    assert meta.addressees == names


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


def test_meta_built_without_validation_equals_validated_meta() -> None:
    # parse_header fills Meta directly (policyparse.model_build.built): it must be what validation of
    # the same fields would give, field for field, in JSON and in fields set
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    texts = [NOTICE] + [p.read_text(encoding="utf-8") for p in sorted(root.glob("corpora/*/*.txt"))]
    for text in texts:
        meta = header(text)
        validated = Meta.model_validate(meta.model_dump(include=meta.model_fields_set))
        assert validated == meta
        assert validated.model_dump_json() == meta.model_dump_json()
        assert validated.model_fields_set == meta.model_fields_set


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


def test_a_plain_announcement_is_not_an_order() -> None:
    from policyparse import parse

    doc = parse("某某局\n公告\n为加强管理，现将有关事项公告如下。\n一、适用范围\n某某局\n2024年1月5日\n")
    assert doc.meta.doc_number is None


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


def test_a_document_the_title_names_printed_after_the_signature_is_body() -> None:
    from policyparse import parse

    doc = parse(
        "某区文物局关于延长《某区文物保护暂行规定》有效期的通知\n各镇人民政府：\n有效期延长至2026年11月1日。\n特此通知。\n"
        "某区文物局\n2024年10月31日\n某区文物保护暂行规定\n第一章 总则\n第一条 为加强保护，制订本规定。\n"
    )
    assert [c.label for c in doc.iter_clauses()] == ["第一章", "第一条"]


def test_a_footnote_mark_after_a_web_title_is_not_part_of_it() -> None:
    from policyparse import parse

    doc = parse("江西省2022年国民经济和社会发展统计公报[1]\n江西省统计局\n全省经济平稳增长。\n")
    assert (doc.meta.title, doc.meta.doc_type) == ("江西省2022年国民经济和社会发展统计公报", "公报")
