"""Loaders on files built in the test: PDF layout, DOCX numbering and tables, HTML, encodings, errors."""

from __future__ import annotations

import io

import pytest

from loader_factories import (
    Para,
    Table,
    add_numbering,
    docx_bytes,
    encrypted_pdf_bytes,
    lines_pdf_bytes,
    pdf_bytes,
    scan_like_pdf_bytes,
    set_numbering,
)
from policyparse.errors import CorruptFile, EncryptedDocument, NoTextLayer, UnsupportedFormat
from policyparse.loaders import load_bytes, load_path
from policyparse.loaders.docx import format_number
from policyparse.loaders.text import decode_text

LONG = "各区要结合区域实际，加大政策引导和支持力度，统筹用好各类资金，确保各项任务按时保质完成，" * 3


def _lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


# -- PDF ------------------------------------------------------------------------------------


def test_pdf_rejoins_wrapped_lines_and_drops_page_numbers() -> None:
    paras = [
        Para("关于做好职业培训工作的通知", centered=True),
        Para("一、总体要求"),
        Para(LONG + "全年完成培训65万人次。"),
    ] * 12
    text = load_bytes(pdf_bytes(paras), "pdf").text
    assert _lines(text)[:3] == ["关于做好职业培训工作的通知", "一、总体要求", LONG + "全年完成培训65万人次。"]
    assert "—" not in text  # the — N — page numbers are gone


def test_pdf_drops_a_running_header_and_keeps_page_starts() -> None:
    paras = [Para(f"（{n}）第{n}段。" + LONG) for n in range(1, 30)]
    loaded = load_bytes(pdf_bytes(paras, header="上海市人力资源和社会保障局文件"), "pdf")
    assert "上海市人力资源和社会保障局文件" not in loaded.text
    assert len(loaded.page_starts) >= 3
    assert loaded.page_starts[0] == 0 and all(0 < s < len(loaded.text) for s in loaded.page_starts[1:])
    assert list(loaded.page_starts) == sorted(set(loaded.page_starts))


def test_pdf_table_across_pages_is_one_table_with_one_header() -> None:
    rows = [[["序号"], ["内容"], ["牵头部门"]]]
    rows += [
        [
            [str(n)],
            [f"第{n}项任务，" + "推进重点领域技能人才培养" * 3],
            ["市人力资源社会保障局、", "市财政局"],
        ]
        for n in range(1, 41)
    ]
    text = load_bytes(pdf_bytes([Para("附件"), Table(rows)]), "pdf").text
    cells = [line[1:] for line in text.split("\n") if line.startswith("\t")]
    assert cells.count("序号") == 1
    assert cells[0::3] == ["序号"] + [str(n) for n in range(1, 41)]
    # a cell of two paragraphs keeps them apart, as the DOCX loader and the sample corpus do
    assert "\t市人力资源社会保障局、\n\n市财政局\n" in text


def test_pdf_cell_lines_wrap_or_stay_paragraphs_by_the_cell_edge() -> None:
    names = ["区市场监管局", "区政务服务办", "区税务局"]  # one body per paragraph, each short
    wrapped = "推进重点领域技能人才培养工作，全年完成补贴性职业技能培训100%覆盖"  # longer than the cell
    rows = [[["序号"], ["重点任务"], ["责任单位"]], [["1"], [wrapped], names]]
    text = load_bytes(pdf_bytes([Para("附件"), Table(rows)]), "pdf").text
    assert "\t区市场监管局\n\n区政务服务办\n\n区税务局" in text
    assert f"\t{wrapped}\n" in text  # wrapped lines of one paragraph are joined, 100% kept whole


def test_pdf_centred_number_and_colon_lead_in_do_not_continue_a_line() -> None:
    title = "某某县水利局关于印发2026年水利重点工作任务分工的通知"  # fills the line
    chrome = "发布时间：2026-03-02　来源：县水利局　浏览次数："
    paras = [Para(chrome, centered=True), Para(title, centered=True), Para("某水〔2026〕8号", centered=True),
             Para("各乡镇人民政府："), Para(LONG)]  # fmt: skip
    lines = _lines(load_bytes(pdf_bytes(paras), "pdf").text)
    assert title in lines and "某水〔2026〕8号" in lines


def test_pdf_merged_cell_is_written_empty() -> None:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate, TableStyle
    from reportlab.platypus import Table as RLTable

    from loader_factories import FONT, _register_font

    _register_font()
    t = RLTable([["序号", "项目", "内容"], ["1", "发挥作用", "甲任务"], ["2", "", "乙任务"]])
    t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("FONT", (0, 0), (-1, -1), FONT, 12),
                           ("SPAN", (1, 1), (1, 2))]))  # fmt: skip
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4).build([t])
    text = load_bytes(buf.getvalue(), "pdf").text
    assert "\t2\n\t\n\t乙任务" in text
    assert "\t1\n\t发挥作用\n\t甲任务" in text


def _two_runs_pdf(left: str, right: str, gap_em: float, size: float = 16) -> bytes:
    """One line drawn as two runs of glyphs ``gap_em`` apart, no space glyph between them
    (how LibreOffice writes two issuers on one signature line)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    from loader_factories import FONT, _register_font

    _register_font()
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.setFont(FONT, size)
    c.drawString(72, 700, left)
    c.drawString(72 + stringWidth(left, FONT, size) + gap_em * size, 700, right)
    c.save()
    return buf.getvalue()


@pytest.mark.parametrize(
    ("left", "right", "gap_em", "expected"),
    [
        (
            "上海市人民政府外事办公室",
            "上海市国有资产监督管理委员会",
            0.33,
            "上海市人民政府外事办公室 上海市国有资产监督管理委员会",
        ),
        (
            "上海市人民政府外事办公室",
            "上海市国有资产监督管理委员会",
            1.0,
            "上海市人民政府外事办公室 上海市国有资产监督管理委员会",
        ),
        (
            "上海市人民政府外事办公室",
            "上海市国有资产监督管理委员会",
            0.0,
            "上海市人民政府外事办公室上海市国有资产监督管理委员会",
        ),
        ("全年完成培训65", "万人次", 0.1, "全年完成培训65万人次"),
    ],
    ids=["space-glyph-gap", "wide-gap", "no-gap", "narrow-gap-after-digit"],
)
def test_pdf_gap_between_runs_is_a_space(left: str, right: str, gap_em: float, expected: str) -> None:
    assert _lines(load_bytes(_two_runs_pdf(left, right, gap_em), "pdf").text) == [expected]


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (scan_like_pdf_bytes(), NoTextLayer),
        (encrypted_pdf_bytes(), EncryptedDocument),
        (b"%PDF-1.4\n garbage \x00\x01", CorruptFile),
        (b"this is not a pdf", CorruptFile),
        (lines_pdf_bytes([["(cid:123)(cid:456)(cid:789)(cid:1011)"]]), CorruptFile),
    ],
    ids=["scan", "encrypted", "broken-pdf", "not-a-pdf", "cid-garbage"],
)
def test_pdf_errors_name_the_problem(tmp_path, data: bytes, error: type) -> None:
    path = tmp_path / "notice.pdf"
    path.write_bytes(data)
    with pytest.raises(error) as info:
        load_path(path)
    assert "notice.pdf" in str(info.value)


def test_scan_error_says_ocr() -> None:
    with pytest.raises(NoTextLayer, match="OCR"):
        load_bytes(scan_like_pdf_bytes(), "pdf")


# -- DOCX -----------------------------------------------------------------------------------


def test_docx_table_merged_and_multi_paragraph_cells() -> None:
    rows = [
        [["序号"], ["项目"], ["牵头部门"]],
        [["1"], ["发挥作用"], ["市教委"]],
        [["2"], [], ["市人力资源社会保障局、", "市财政局"]],
    ]
    text = load_bytes(docx_bytes([Para("附件"), Table(rows)]), "docx").text
    assert "\t2\n\t\n\t市人力资源社会保障局、\n\n市财政局\n" in text  # vMerge continuation empty


def _numbered_docx(levels, items, **kwargs) -> bytes:  # type: ignore[no-untyped-def]
    import docx

    document = docx.Document()
    add_numbering(document, levels, **kwargs)
    for num_id, ilvl, text in items:
        set_numbering(document.add_paragraph(text), num_id, ilvl)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


LEVELS = [("chineseCounting", "%1、", None), ("chineseCounting", "（%2）", None), ("decimal", "%3.", None),
          ("decimalEnclosedCircle", "%4", None)]  # fmt: skip


@pytest.mark.parametrize(
    ("levels", "items", "kwargs", "expected"),
    [
        (LEVELS, [(90, 0, "总体要求"), (90, 1, "指导思想"), (90, 1, "目标任务"), (90, 0, "主要任务"), (90, 1, "加强培养")], {},
         ["一、总体要求", "（一）指导思想", "（二）目标任务", "二、主要任务", "（一）加强培养"]),
        ([LEVELS[0], ("chineseCounting", "（%2）", 0)], [(90, 0, "甲"), (90, 1, "乙"), (90, 0, "丙"), (90, 1, "丁")], {},
         ["一、甲", "（一）乙", "二、丙", "（二）丁"]),
        (LEVELS, [(90, 2, "先行"), (90, 3, "细项"), (90, 3, "细项"), (90, 2, "后续")], {},
         ["1.先行", "①细项", "②细项", "2.后续"]),
        (LEVELS, [(90, 2, "甲"), (90, 2, "乙"), (91, 2, "丙"), (92, 2, "丁")], {"num_ids": (90, 91, 92), "start_overrides": {92: {2: 1}}},
         ["1.甲", "2.乙", "3.丙", "1.丁"]),
    ],
    ids=["restart-under-parent", "lvlRestart-0-runs-on", "decimal-and-circled", "shared-list-and-startOverride"],
)  # fmt: skip
def test_docx_automatic_numbering(levels, items, kwargs, expected) -> None:  # type: ignore[no-untyped-def]
    text = load_bytes(_numbered_docx(levels, items, **kwargs), "docx").text
    assert _lines(text) == expected


@pytest.mark.parametrize(
    ("n", "fmt", "expected"),
    [(3, "chineseCounting", "三"), (12, "chineseCountingThousand", "十二"), (2, "ideographTraditional", "乙"),
     (5, "decimalEnclosedCircle", "⑤"), (4, "decimal", "4"), (4, "upperRoman", "IV"), (27, "lowerLetter", "aa")],
    ids=["chinese", "chinese-12", "tiangan", "circled", "decimal", "roman", "letters"],
)  # fmt: skip
def test_format_number(n: int, fmt: str, expected: str) -> None:
    assert format_number(n, fmt) == expected


@pytest.mark.parametrize(("data", "error"), [(b"PK\x03\x04 broken zip", CorruptFile), (b"\xd0\xcf\x11\xe0" + b"\0" * 64, EncryptedDocument), (b"plain text", CorruptFile)],
                         ids=["broken-zip", "ole-encrypted", "not-a-zip"])  # fmt: skip
def test_docx_errors(tmp_path, data: bytes, error: type) -> None:
    path = tmp_path / "notice.docx"
    path.write_bytes(data)
    with pytest.raises(error, match=r"notice\.docx"):
        load_path(path)


# -- HTML, text, .doc -----------------------------------------------------------------------

PAGE = """<html><head><meta charset="gb2312"><title>通知</title><script>var a = "菜单菜单";</script></head>
<body><div class="nav">首页 | 政务公开 | 政策文件 | 互动交流</div>
<div id="zoom"><p>各区人力资源社会保障局：</p><p>一、总体要求<br>全年完成培训65万人次。</p>
<table><tr><td>序号</td><td>牵头部门</td></tr><tr><td>1</td><td><p>市教委、</p><p>市财政局</p></td></tr></table></div>
<div class="footer">主办单位：上海市人力资源和社会保障局 版权所有</div></body></html>"""


def test_html_article_body_and_table() -> None:
    text = load_bytes(PAGE.encode("gb18030"), "html").text
    assert (
        text
        == "各区人力资源社会保障局：\n一、总体要求\n全年完成培训65万人次。\n\n\t序号\n\t牵头部门\n\n\t1\n\t市教委、\n\n市财政局\n"
    )


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16", "utf-16-le", "utf-16-be"]
)
def test_text_encodings(encoding: str) -> None:
    text = "沪人社职〔2025〕87号\r\n一、总体要求\r\n全年完成培训65万人次。"
    assert decode_text(text.encode(encoding)) == text


def test_text_loader_keeps_crlf_for_spans() -> None:
    loaded = load_bytes("一、总体要求\r\n全年完成。".encode("gbk"), "txt")
    assert loaded.text == "一、总体要求\r\n全年完成。" and loaded.format == "txt"


def test_doc_without_libreoffice_names_the_fix(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import policyparse.loaders.office as office

    monkeypatch.setattr(office, "soffice_path", lambda: None)
    with pytest.raises(UnsupportedFormat, match=r"LibreOffice.*DOCX"):
        load_bytes(b"\xd0\xcf\x11\xe0", "doc", path="old.doc")


# -- PDF table grids from pdfium's path objects ----------------------------------------------


def _box(x0: float, top: float, x1: float, bottom: float) -> tuple[list[list[float]], list[list[float]]]:
    """The four sides of a rectangle as (horizontal, vertical) edges."""
    return [[top, x0, x1], [bottom, x0, x1]], [[x0, top, bottom], [x1, top, bottom]]


def _edges(
    *boxes: tuple[float, float, float, float], rules: tuple[list[float], ...] = ()
) -> tuple[list[list[float]], list[list[float]]]:
    hs: list[list[float]] = [list(r) for r in rules]
    vs: list[list[float]] = []
    for b in boxes:
        h, v = _box(*b)
        hs += h
        vs += v
    return hs, vs


@pytest.mark.parametrize(
    ("edges", "expected"),
    [
        (
            _edges((0, 0, 50, 20), (50, 0, 100, 20), (0, 20, 50, 40), (50, 20, 100, 40)),
            [((0, 0, 100, 40), [[(0, 0, 50, 20), (50, 0, 100, 20)], [(0, 20, 50, 40), (50, 20, 100, 40)]])],
        ),
        # the left cell spans both rows: the second row's first cell is covered (None)
        (
            _edges((0, 0, 50, 40), (50, 0, 100, 20), (50, 20, 100, 40)),
            [((0, 0, 100, 40), [[(0, 0, 50, 40), (50, 0, 100, 20)], [None, (50, 20, 100, 40)]])],
        ),
        # a border drawn twice 1 pt apart (a thin filled rectangle) is one ruling
        (
            _edges((0, 0, 50, 20), (51, 0, 100, 20)),
            [((0, 0, 100, 20), [[(0, 0, 50.5, 20), (50.5, 0, 100, 20)]])],
        ),
        (_edges((0, 0, 100, 20)), []),  # one framed box is not a table
        (_edges(rules=([10, 0, 400], [300, 0, 400])), []),  # horizontal rules only
        (
            _edges((0, 0, 50, 20), (50, 0, 100, 20), (0, 200, 50, 220), (50, 200, 100, 220)),
            [
                ((0, 0, 100, 20), [[(0, 0, 50, 20), (50, 0, 100, 20)]]),
                ((0, 200, 100, 220), [[(0, 200, 50, 220), (50, 200, 100, 220)]]),
            ],
        ),
    ],
    ids=["2x2", "merged-rows", "double-border", "single-box", "rules-only", "two-tables"],
)
def test_find_grids(edges, expected) -> None:  # type: ignore[no-untyped-def]
    from policyparse.loaders.pdf_grid import find_grids

    assert find_grids(*edges) == expected


def test_pdf_tables_do_not_need_pdfplumber(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import policyparse.loaders.pdf as pdf_loader

    def no_plumber(*args):  # type: ignore[no-untyped-def]
        raise AssertionError("pdfplumber opened for a ruled grid pdfium can read")

    monkeypatch.setattr(pdf_loader, "_open_plumber", no_plumber)
    rows = [[["序号"], ["内容"]], [["1"], ["推进技能人才培养"]], [["2"], ["完善评价体系"]]]
    text = load_bytes(pdf_bytes([Para("附件"), Table(rows)]), "pdf").text
    assert "\t序号\n\t内容\n\n\t1\n\t推进技能人才培养\n\n\t2\n\t完善评价体系" in text


def test_pdf_falls_back_to_pdfplumber_when_no_grid_is_built(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import policyparse.loaders.pdf as pdf_loader

    monkeypatch.setattr(pdf_loader, "find_grids", lambda hs, vs: [])
    rows = [[["序号"], ["内容"]], [["1"], ["推进技能人才培养"]], [["2"], ["完善评价体系"]]]
    text = load_bytes(pdf_bytes([Para("附件"), Table(rows)]), "pdf").text
    assert "\t序号\n\t内容\n\n\t1\n\t推进技能人才培养\n\n\t2\n\t完善评价体系" in text


@pytest.mark.parametrize(
    ("first", "wraps"),
    [
        ("确保主次干道完成防滑物资布点。（市公安局负责）", False),  # a marker note ends its paragraph
        ("确保主次干道完成防滑物资布点（含人行道）", True),  # a bracket inside the sentence
        ("发布时间：2023-06-01 来源：市农业农村局 浏览次数：", False),  # a colon lead-in
        ("（责任单位：", True),  # a colon inside brackets goes on
    ],
    ids=["note", "inner-bracket", "lead-in", "bracketed-colon"],
)
def test_pdf_full_line_wraps_unless_it_closes_a_paragraph(first: str, wraps: bool) -> None:
    from policyparse.loaders.pdf import _Geometry, _Line, _wraps

    geo = _Geometry(left=85, right=510, indents=True)  # paragraphs indented: full lines go on
    a = _Line(first, 85, 508, 600, 16)
    b = _Line("出席：市住房城乡建设局、市城市管理综合执法局、市财政局负责同志", 85, 400, 628, 16)
    assert _wraps(a, b, geo, same_page=True) is wraps


def test_pdf_line_grouping_keeps_lower_latin_digits_on_a_flat_glyphs_line() -> None:
    from policyparse.loaders.pdf import _lines

    # (centre from top, left, right, top, size, char): 一 has a flat box and sorts first; the
    # digits of a Latin font sit 5 points lower than the CJK centres on the same line
    row = [(140.2, 164, 178, 136.3, 7.8, "一"), (143.6, 180, 194, 136.3, 14.7, "季")]
    row += [(145.2, 196 + 10 * i, 205 + 10 * i, 137.8, 14.7, d) for i, d in enumerate("2026")]
    row += [(143.6, 236, 250, 136.3, 14.7, "年")]
    below = [(165.0, 164, 178, 157.6, 14.9, "户")]
    lines = _lines(sorted(row + below))
    assert [ln.text for ln in lines] == ["一季2026年", "户"]


@pytest.mark.parametrize(
    ("first", "second", "wraps"),
    [
        # ① with ② later on the same line: an inline enumeration the wrap put at a line start
        ("年内举办读书节，设置", "①亲子阅读、②经典诵读、③书法体验三个板块，吸引市民参与。", True),
        # ① alone on its line opens a list item
        ("年内举办读书节，设置", "①亲子阅读板块，吸引市民参与活动，打造全民阅读品牌项目。", False),
        # a lead-in colon ends the line before, even when the item lists ②③ inline
        ("读书节设置以下板块：", "①亲子阅读、②经典诵读、③书法体验，吸引市民参与活动。", False),
        # other labels are unchanged
        ("年内举办读书节，设置", "（一）亲子阅读、（二）经典诵读、（三）书法体验三个板块。", False),
    ],
    ids=["inline-enumeration", "list-item", "after-lead-in", "other-label"],
)
def test_pdf_inline_circled_enumeration_continues_the_line(first: str, second: str, wraps: bool) -> None:
    from policyparse.loaders.pdf import _Geometry, _Line, _wraps

    geo = _Geometry(left=85, right=510, indents=True)
    a = _Line(first, 85, 508, 600, 16)
    b = _Line(second, 85, 400, 628, 16)
    assert _wraps(a, b, geo, same_page=True) is wraps
