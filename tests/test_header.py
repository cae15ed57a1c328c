"""parse_header: the parts composed into Meta (GB/T 9704-2012 header and footer), on realistic snippets."""

from __future__ import annotations

import pytest

from policyparse.document import Document
from policyparse.models import Meta
from policyparse.rules import load_rules
from policyparse.structure import parse_header

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


def test_publish_date_line_gives_date_without_signature_date() -> None:
    m = header("关于做好培训工作的通知\n发布日期：2024年5月6日\n各区人社局：\n正文内容。")
    assert (m.date, m.publish_date) == ("2024-05-06", "2024-05-06")


@pytest.mark.parametrize(
    "text",
    ["", "　", "\x00", "⑱", "一" * 5000, "<html><body>x</body></html>", "附件"],
    ids=["empty", "ideographic-space", "nul", "circled", "long", "html", "only-fujian"],
)
def test_junk_gives_empty_or_partial_meta(text: str) -> None:
    m = header(text)
    assert m.doc_number is None and m.issuers == []


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


def test_a_file_that_is_one_table_takes_its_title_from_the_first_cells() -> None:
    # an attachment published as a table: 附件： and the title in the first cells, empty cells between
    from policyparse import parse

    doc = parse(
        "\t附件2：\n\t\n\t\n\n\t某市2024年度拟录用人员名单（3人）\n\t\n\n\t姓名\n\t单位\n\n\t张某\n\t某局\n"
    )
    assert doc.meta.title == "某市2024年度拟录用人员名单（3人）" and doc.meta.issuers == []
    # a table that does not open with 附件 gives no title from its cells
    assert parse("\t姓名\n\t单位\n\n\t张某\n\t某局\n").meta.title is None
