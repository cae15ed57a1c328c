"""Traits of real published files (issue 14), each reproduced by a file made here.

Radical and compatibility code points from PDF fonts, a （N） label that lost its （, private-use
glyphs, damaged pages and library log noise, a browser print of a government web page, scans
(a red 版头 page before digital pages, a scan fed sideways or upside down) read by OCR, a DOCX
with a dangling relationship, an OFD notice, and LibreOffice missing for a .doc.
"""

from __future__ import annotations

import io
import logging
import zipfile
from pathlib import Path

import pytest

from loader_factories import Para, autonum_docx_bytes, docx_bytes, lines_pdf_bytes, scan_like_pdf_bytes
from policyparse import parse
from policyparse.errors import CorruptFile, NoTextLayer, UnsafeDocument, UnsupportedFormat
from policyparse.loaders import load_bytes, load_path
from policyparse.normalize import normalize_text
from policyparse.rules import load_rules
from realfile_factories import (
    cjk_font_path,
    image_pdf_bytes,
    ofd_bytes,
    replace_part,
    scan_image,
    web_print_pdf_bytes,
)

# -- Unicode a PDF's fonts put in the text -------------------------------------------------------


def test_radicals_and_compatibility_ideographs_read_as_unified_characters() -> None:
    # ⼀ KANGXI RADICAL ONE, ⼯ WORK, ⽬ EYE, ⻓ C-SIMPLIFIED LONG, ⻔ GATE, 例 (U+F9B5) a compatibility 例
    text = "⼀、总体要求\n（⼀）⼯作⽬标\n加强⻓江⻔户\uf9b5如。"
    norm = normalize_text(text)
    assert norm.text == "一、总体要求\n（一）工作目标\n加强长江门户例如。"
    assert len(norm.text) == len(text)  # 1:1: every offset stays
    assert norm.span_to_original(norm.text.index("长江"), norm.text.index("长江") + 2) == (
        text.index("⻓江"),
        text.index("⻓江") + 2,
    )
    assert normalize_text(norm.text).text == norm.text


def test_radical_labels_parse_as_clauses() -> None:
    doc = parse(
        "关于做好⼯作的通知\n各单位：\n⼀、总体要求\n全年完成培训65万⼈次。\n⼆、保障措施\n加强领导。"
    )
    assert [(c.label, c.number, c.kind) for c in doc.clauses] == [
        ("⼀、", 1, "cn_dun"),
        ("⼆、", 2, "cn_dun"),
    ]
    assert doc.targets[0].value == 650000


def test_variant_rules_examples_hold() -> None:
    data = load_rules().get("cjk_variants")
    for text, want in data["examples"].items():
        assert normalize_text(text).text == want
    kangxi = [v for k, v in data["map"].items() if 0x2F00 <= int(k[2:], 16) <= 0x2FDF]
    supplement = [v for k, v in data["map"].items() if 0x2E80 <= int(k[2:], 16) <= 0x2EFF]
    assert len(kangxi) == 214 and len(supplement) >= 40
    assert all(len(v["to"]) == 1 and 0x4E00 <= ord(v["to"]) <= 0x9FFF for v in kangxi)


@pytest.mark.parametrize(
    ("text", "restored"),
    [
        ("一、任务\n（一）甲项\n 二）乙项\n（三）丙项", True),  # between （一） and （三）
        ("一、任务\n 一）甲项\n（二）乙项", True),  # the first label, （二） after it
        ("一、任务\n 二）乙项\n三、其他", False),  # no （N） label next to it: may be a style of its own
    ],
    ids=["middle", "first", "alone"],
)
def test_label_that_lost_its_opening_bracket(text: str, restored: bool) -> None:
    norm = normalize_text(text)
    lost = next(line for line in norm.text.split("\n") if "）" in line and "（" not in line[1:])
    assert lost.startswith("（") == restored
    # the space where the bracket was becomes the bracket: one character for one
    assert (len(norm.text) == len(text)) == restored
    doc = parse("关于做好工作的通知\n各单位：\n" + text)
    second = [(k.kind, k.number) for c in doc.clauses for k in c.children]
    if restored:
        assert all(kind == "cn_paren" for kind, _ in second) and len(second) in (2, 3)


def test_pdf_label_that_lost_its_opening_bracket() -> None:
    # the PDF draws a space where the （ glyph was lost; the loader's line starts at 二
    data = lines_pdf_bytes([["一、任务", "（一）甲项", " 二）乙项", "（三）丙项", "五）另一种编号"]])
    loaded = load_bytes(data, "pdf")
    assert "\n（二）乙项\n" in loaded.text and "\n五）另一种编号" in loaded.text
    assert loaded.warnings == ("1 （N） labels had lost their （ (a glyph the font does not map): restored",)
    doc = parse(loaded)
    assert [(k.label, k.number) for c in doc.clauses for k in c.children] == [
        ("（一）", 1),
        ("（二）", 2),
        ("（三）", 3),
    ]


def test_private_use_glyphs_are_a_warning() -> None:
    loaded = load_bytes("关于开展检查的通知\n各单位：\n一、要求\ue5e5加强管理\ue000。\n".encode(), "txt")
    (warning,) = [w for w in loaded.warnings if "private-use" in w]
    assert "2 private-use characters" in warning and "U+E000" in warning and "U+E5E5" in warning
    assert "first at offset 19" in warning
    assert not [w for w in load_bytes("关于开展检查的通知\n".encode(), "txt").warnings if "private-use" in w]


# -- damaged pages and log noise -----------------------------------------------------------------

_THREE_PAGES = [["一、第一页的内容。"], ["二、第二页的内容。"], ["三、第三页的内容。"]]


def test_a_page_the_reader_fails_on_is_a_warning_and_the_others_are_parsed(monkeypatch) -> None:
    from policyparse.loaders import pdf as pdf_loader

    real = pdf_loader._read_page

    def flaky(page, plumber, may_have_table, *, ocr=False):  # type: ignore[no-untyped-def]
        if "第二页" in page.get_textpage().get_text_range():
            raise IndexError("list index out of range")  # as pdfminer raises on a broken page
        return real(page, plumber, may_have_table, ocr=ocr)

    monkeypatch.setattr(pdf_loader, "_read_page", flaky)
    loaded = load_bytes(lines_pdf_bytes(_THREE_PAGES), "pdf", path="x.pdf")
    assert "第一页" in loaded.text and "第三页" in loaded.text and "第二页" not in loaded.text
    assert loaded.warnings == (
        "page 2 of the PDF cannot be read (IndexError: list index out of range); it is left out",
    )
    assert len(loaded.page_starts) == 3


def test_most_pages_unreadable_is_a_damaged_file(monkeypatch) -> None:
    from policyparse.loaders import pdf as pdf_loader

    def broken(page, plumber, *, ocr=False):  # type: ignore[no-untyped-def]
        raise IndexError("list index out of range")

    monkeypatch.setattr(pdf_loader, "_read_page", broken)
    with pytest.raises(CorruptFile, match="3 of 3 pages cannot be read: page 1"):
        load_bytes(lines_pdf_bytes(_THREE_PAGES), "pdf", path="x.pdf")


def test_table_finder_failure_keeps_the_page_text(monkeypatch) -> None:
    from policyparse.loaders import pdf as pdf_loader

    def no_grids(page, height, plumber):  # type: ignore[no-untyped-def]
        raise IndexError("list index out of range")

    monkeypatch.setattr(pdf_loader, "_grids", no_grids)
    monkeypatch.setattr(pdf_loader, "_may_have_table", lambda page: True)
    loaded = load_bytes(lines_pdf_bytes(_THREE_PAGES), "pdf")
    assert all(f"第{n}页" in loaded.text for n in "一二三")
    assert (
        loaded.warnings[0]
        == "page 1: its ruled tables cannot be read (IndexError: list index out of range); its text is kept as lines"
    )


def test_pdfminer_log_noise_becomes_one_warning(monkeypatch, capsys) -> None:
    from policyparse.loaders import pdf as pdf_loader

    real = pdf_loader._read_page

    def noisy(page, plumber, may_have_table, *, ocr=False):  # type: ignore[no-untyped-def]
        for n in range(3):
            logging.getLogger("pdfminer.pdffont").warning(
                "Could not get FontBBox from font descriptor because %r cannot be parsed as 4 floats", n
            )
        return real(page, plumber, may_have_table, ocr=ocr)

    monkeypatch.setattr(pdf_loader, "_read_page", noisy)
    loaded = load_bytes(lines_pdf_bytes(_THREE_PAGES), "pdf")
    assert loaded.warnings == (
        "pdfminer: Could not get FontBBox from font descriptor because N cannot be parsed as N floats (9 times)",
    )
    assert "FontBBox" not in capsys.readouterr().err
    assert logging.getLogger("pdfminer").propagate  # restored after the load


# -- a browser's print of a government web page ---------------------------------------------------

_WEB_BODY = [
    "各县（区）人民政府，市直各有关单位：",
    "为切实加强城镇燃气安全管理，防范化解重大安全风险，保障人民群众生命财产安全，根据有关法律法规和上级部门工作部署，经市人民政府同意，现就有关事项通知如下。",
    "一、全年完成燃气用户安全检查120万户次，各县（区）要按照属地管理原则，组织燃气经营企业逐户开展入户安全检查，建立隐患台账并跟踪整改。",
    "二、年底前老旧管网改造完成率达到95%以上，各有关单位要加快推进城市燃气管道等老化更新改造工作，确保按期完成年度目标任务。",
    "三、本通知自2025年11月1日起执行。",
]
_TITLE = "南宁市测试局关于做好燃气安全检查工作的通知"


def _web_print() -> bytes:
    return web_print_pdf_bytes(
        page_title=f"{_TITLE}_国务院部门文件_中国政府网",
        url="https://www.example.gov.cn/zwgk/zcwj/202510/t20251011_123456.html",
        printed="2025/10/15 09:41",
        nav="无障碍浏览 | 中国政府网 | 自治区人民政府网 | 市政府门户网",
        meta_rows=[
            ["索 引 号：", "000014349/2025-00012", "主题分类：", "城乡建设"],
            ["发文机关：", "南宁市测试局", "成文日期：", "2025年10月09日"],
            ["标 题：", _TITLE, "", ""],
            ["发文字号：", "南测规〔2025〕4号", "发布日期：", "2025年10月11日"],
        ],
        title=_TITLE,
        body=_WEB_BODY,
    )


def test_printed_web_page_meta_block_and_browser_chrome() -> None:
    doc = parse(load_bytes(_web_print(), "pdf"))
    m, text = doc.meta, doc.source.text
    assert m.title == _TITLE
    assert m.doc_number is not None and m.doc_number.raw == "南测规〔2025〕4号"
    assert (m.date, m.publish_date, m.issuers) == ("2025-10-09", "2025-10-11", ["南宁市测试局"])
    assert m.addressees == ["各县（区）人民政府", "市直各有关单位"]
    # the values come from the block, with their spans
    assert text[slice(*m.spans["date"])] == "2025年10月09日"
    assert text[slice(*m.spans["doc_number"])] == "南测规〔2025〕4号"
    # the browser's header and footer are gone, and nothing of the block is body
    assert "https://" not in text and "09:41" not in text and "1/2" not in text
    body = text[slice(*m.spans["body"])]
    assert body.startswith("为切实加强") and "索" not in body and "发文字号" not in body
    assert [c.label for c in doc.clauses] == ["一、", "二、", "三、"]
    assert "三、本通知自2025年11月1日起执行。" in doc.clauses[2].text


def test_saved_web_page_text_block_and_title_suffix() -> None:
    text = "\n".join(
        [
            f"{_TITLE}_中国政府网",
            "索引号：000014349/2025-00012 主题分类：城乡建设",
            "发文机关：南宁市测试局 成文日期：2025年10月09日",
            "发文字号：南测规〔2025〕4号 发布日期：2025年10月11日",
            "效力状态：有效",
            *_WEB_BODY,
        ]
    )
    doc = parse(text)
    m = doc.meta
    assert m.title == _TITLE and text[slice(*m.spans["title"])] == _TITLE
    assert (m.doc_number.raw if m.doc_number else None, m.date, m.issuers) == (
        "南测规〔2025〕4号",
        "2025-10-09",
        ["南宁市测试局"],
    )


def test_a_single_labelled_line_in_a_body_is_not_a_block() -> None:
    doc = parse("关于做好工作的通知\n各单位：\n一、依据\n发文机关：应在文件中注明。\n二、要求\n加强领导。")
    assert doc.meta.issuers == [] and [c.label for c in doc.clauses] == ["一、", "二、"]


@pytest.mark.parametrize("label", [f["labels"][0] for f in load_rules().get("chrome")["meta_fields"]])
def test_meta_field_examples_are_read(label: str) -> None:
    from policyparse.document import Document
    from policyparse.structure.web_meta import find_meta_block

    fields = load_rules().get("chrome")["meta_fields"]
    (spec,) = [f for f in fields if f["labels"][0] == label]
    other = "效力状态：有效" if label != "效力状态" else "索引号：1"
    for example in spec["examples"]:
        doc = Document.from_text(f"{example}\n{other}\n正文。")
        block = find_meta_block(doc, load_rules())
        assert 0 in block.lines, example
        if spec.get("field"):
            assert block.values[spec["field"]].value == example.split("：", 1)[1]


# -- scans: OCR --------------------------------------------------------------------------------

needs_ocr = pytest.mark.skipif(
    not __import__("policyparse.loaders.ocr", fromlist=["ocr_available"]).ocr_available()
    or cjk_font_path() is None,
    reason="needs the ocr extra (pip install 'policyparse[ocr]') and a CJK font to draw the scans",
)

_SCAN_LINES = [
    ("测试市住房和城乡建设局", "centre"),
    ("测建函〔2025〕88号", "centre"),
    ("关于开展燃气安全检查的函", "centre"),
    ("各县（区）人民政府，市直各有关单位：", "left"),
    ("为加强城镇燃气安全管理，现将有关事项", "indent"),
    ("函告如下。", "left"),
    ("一、全年完成燃气用户安全检查120万户次。", "indent"),
    ("测试市住房和城乡建设局", "centre"),
    ("2025年3月20日", "centre"),
]


@pytest.mark.slow  # OCR of a scanned page
@needs_ocr
def test_scanned_red_header_page_before_digital_pages_is_ocrd() -> None:
    scan = scan_image(_SCAN_LINES, red_header="测试市住房和城乡建设局文件")
    data = image_pdf_bytes([scan], text_pages={1: ["附件", "二、年底前老旧管网改造完成率达到95%以上。"]})
    doc = parse(load_bytes(data, "pdf"))
    assert doc.source.ocr_pages == [1]  # the digital page 2 is never OCR'd
    assert doc.warnings == ["page 1 has no text layer and was read by OCR"]
    assert doc.meta.title == "关于开展燃气安全检查的函"
    assert doc.meta.doc_number is not None and doc.meta.doc_number.raw == "测建函〔2025〕88号"
    assert doc.meta.date == "2025-03-20"
    lines = doc.source.text.split("\n")
    assert (
        lines[0] == "测试市住房和城乡建设局文件" and lines[1] == "测试市住房和城乡建设局"
    )  # 版头 on its own line
    targets = {(t.value, t.page) for t in doc.targets}
    assert targets == {(1200000.0, 1), (95.0, 2)}
    from_ocr = [t.value for t in doc.targets if t.page in doc.source.ocr_pages]
    assert from_ocr == [1200000.0]


@pytest.mark.slow  # OCR of a rendered page, per rotation
@needs_ocr
@pytest.mark.parametrize("turn", [90, 180, 270])
def test_scan_fed_turned_is_turned_back(turn: int) -> None:
    scan = scan_image(_SCAN_LINES)
    loaded = load_bytes(image_pdf_bytes([scan.rotate(turn, expand=True)]), "pdf")
    assert loaded.ocr_pages == (1,)
    assert f"page 1 turned {(360 - turn) % 360}°" in loaded.warnings[0]
    doc = parse(loaded)
    assert doc.meta.title == "关于开展燃气安全检查的函" and doc.meta.date == "2025-03-20"


@needs_ocr
def test_born_digital_page_with_an_image_is_not_ocrd() -> None:
    from loader_factories import Table, pdf_bytes

    data = pdf_bytes(
        [
            Para("关于开展检查的通知", centered=True),
            Para("一、全年完成检查120万户次。"),
            Table([[["甲"], ["乙"]]]),
        ]
    )
    loaded = load_bytes(data, "pdf")
    assert loaded.ocr_pages == () and not [w for w in loaded.warnings if "OCR" in w]


def test_without_the_ocr_extra_the_error_names_it(monkeypatch) -> None:
    from policyparse.loaders import ocr

    monkeypatch.setattr(ocr, "ocr_available", lambda: False)
    with pytest.raises(NoTextLayer, match=r"policyparse\[ocr\]"):
        load_bytes(scan_like_pdf_bytes(), "pdf", path="scan.pdf")


def test_without_the_ocr_extra_a_mixed_file_warns_naming_it(monkeypatch) -> None:
    from PIL import Image

    from policyparse.loaders import ocr

    monkeypatch.setattr(ocr, "ocr_available", lambda: False)
    data = image_pdf_bytes([Image.new("RGB", (600, 848), "white")], text_pages={1: ["一、第二页的内容。"]})
    loaded = load_bytes(data, "pdf")
    assert loaded.ocr_pages == ()
    assert loaded.warnings == (
        "page 1 has no text layer (scanned?); its text is missing (install the OCR extra: pip install 'policyparse[ocr]')",
    )


# -- DOCX from WPS: a relationship to a missing part ----------------------------------------------


def _dangle(package: bytes) -> bytes:
    rels = zipfile.ZipFile(io.BytesIO(package)).read("word/_rels/document.xml.rels").decode()
    rel = ('<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
           'relationships/image" Target="../NULL"/>')  # fmt: skip
    return replace_part(
        package,
        "word/_rels/document.xml.rels",
        rels.replace("</Relationships>", rel + "</Relationships>").encode(),
    )


def test_docx_with_a_dangling_relationship_is_read() -> None:
    import docx

    blocks = [
        Para("关于开展检查的通知", centered=True),
        Para("各单位："),
        Para("一、全年完成检查120万户次。"),
    ]
    data = _dangle(docx_bytes(blocks))
    with pytest.raises(KeyError):
        docx.Document(io.BytesIO(data))  # what python-docx does with it
    loaded = load_bytes(data, "docx", path="wps.docx")
    assert loaded.text == "关于开展检查的通知\n各单位：\n一、全年完成检查120万户次。\n"
    assert "read directly" in loaded.warnings[0]
    doc = parse(loaded)
    assert doc.meta.title == "关于开展检查的通知" and doc.targets[0].value == 1200000


def test_docx_read_directly_keeps_word_numbering() -> None:
    blocks = [
        Para("关于开展检查的通知", centered=True),
        Para("各单位："),
        Para("总体要求"),
        Para("全年完成检查120万户次。"),
    ]
    data = autonum_docx_bytes(blocks)
    assert load_bytes(_dangle(data), "docx").text == load_bytes(data, "docx").text


def test_doc_without_libreoffice_names_soffice(monkeypatch) -> None:
    from policyparse.loaders import office

    monkeypatch.setattr(office, "soffice_path", lambda: None)
    with pytest.raises(UnsupportedFormat, match="soffice"):
        load_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 600, "doc", path="notice.wps")


# -- OFD ---------------------------------------------------------------------------------------

_OFD_PAGES = [
    [" 广州市测试局关于做好2025年燃气安全检查工作的通知", " 穗测〔2025〕12号", "各区人民政府，市直各单位：",
     "为切实加强城镇燃气安全管理，防范化解重大安全风险，保障人民群众生命财产安全，现就有关事项通知如下。",
     "一、全年完成燃气用户安全检查120万户次。"],
    ["二、年底前老旧管网改造完成率达到95%以上。"],
    ["三、加强宣传引导。", " 广州市测试局", " 2025年3月1日"],
]  # fmt: skip


def test_ofd_notice_reads_like_its_pdf() -> None:
    loaded = load_bytes(ofd_bytes(_OFD_PAGES, template="广州市测试局文件"), "ofd", path="n.ofd")
    lines = loaded.text.split("\n")
    assert lines[:3] == [
        "广州市测试局关于做好2025年燃气安全检查工作的通知",
        "穗测〔2025〕12号",
        "各区人民政府，市直各单位：",
    ]
    # a paragraph wrapped over two lines is one line; the template's running line is dropped
    assert lines[3].startswith("为切实加强") and lines[3].endswith("通知如下。")
    assert "广州市测试局文件" not in loaded.text
    assert loaded.format == "ofd" and len(loaded.page_starts) == 3
    assert loaded.text[loaded.page_starts[1] :].startswith("二、年底前")
    doc = parse(loaded)
    assert doc.meta.title == "广州市测试局关于做好2025年燃气安全检查工作的通知"
    assert doc.meta.doc_number is not None and doc.meta.doc_number.raw == "穗测〔2025〕12号"
    assert doc.meta.date == "2025-03-01" and doc.source.format == "ofd"
    assert [(t.value, t.page) for t in doc.targets] == [(1200000.0, 1), (95.0, 2)]


def test_ofd_by_path_and_in_every_folder_walk(tmp_path: Path) -> None:
    from policyparse import evaluate, inputs
    from policyparse.corpus import Corpus
    from policyparse.loaders.registry import found_in_folders
    from policyparse.models import Source

    path = tmp_path / "notice.ofd"
    path.write_bytes(ofd_bytes(_OFD_PAGES))
    assert parse(path).meta.date == "2025-03-01"
    assert found_in_folders(path) and ".ofd" in inputs.SUFFIXES  # batch, Corpus and timeline walks
    assert inputs.collect_files([tmp_path])[0] == [path]
    assert [d.source.path for d in Corpus.from_folder(tmp_path).docs] == [str(path)]
    assert Source(text="x", format="ofd").format == "ofd"
    (tmp_path / "notice.json").write_text("{}")
    assert evaluate.find_pairs(tmp_path, tmp_path)[0][1] == path


def test_the_registry_is_the_one_list_of_extensions() -> None:
    from policyparse.loaders import SUPPORTED, registry

    assert SUPPORTED is registry.SUPPORTED
    assert " ".join(SUPPORTED) == ".txt .text .md .pdf .docx .html .htm .doc .wps .ofd"
    assert list(registry.FOLDER_EXTENSIONS) == [".txt", ".pdf", ".docx", ".html", ".htm", ".doc", ".ofd"]
    assert all(callable(registry.loader_for(f.name)) for f in registry.FORMATS)
    assert registry.loader_for("xls") is None


def test_ofd_deltas_shorthand() -> None:
    from policyparse.loaders.ofd import deltas

    assert deltas("g 3 5.6 2.8 g 2 1") == [5.6, 5.6, 5.6, 2.8, 1.0, 1.0]
    assert deltas("1 x 2") == [1.0, 2.0]


_XXE = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016">&e;</ofd:OFD>'


@pytest.mark.parametrize(
    ("data", "error", "match"),
    [
        (lambda: replace_part(ofd_bytes(_OFD_PAGES), "OFD.xml", _XXE), UnsafeDocument, "DTD"),
        (
            lambda: ofd_bytes(
                _OFD_PAGES, extra_parts={"Doc_0/Res/big.xml": b"<a>" + b" " * (3 << 20) + b"</a>"}
            ),
            UnsafeDocument,
            "zip bomb",
        ),
        (
            lambda: replace_part(ofd_bytes(_OFD_PAGES), "Doc_0/Pages/Page_1/Content.xml", None),
            CorruptFile,
            "Page_1",
        ),
        (lambda: replace_part(ofd_bytes(_OFD_PAGES), "OFD.xml", b"<ofd:OFD"), CorruptFile, "well-formed"),
        (lambda: b"PK\x03\x04 not a zip", CorruptFile, "OFD"),
    ],
    ids=["xxe", "bomb", "missing-page", "bad-xml", "not-a-zip"],
)
def test_ofd_bad_packages_are_refused(data, error: type, match: str) -> None:
    with pytest.raises(error, match=match) as info:
        load_bytes(data(), "ofd", path="bad.ofd")
    assert "bad.ofd" in str(info.value)


def test_load_path_reads_ofd(tmp_path: Path) -> None:
    path = tmp_path / "a.OFD"
    path.write_bytes(ofd_bytes(_OFD_PAGES))
    assert load_path(path).format == "ofd"
