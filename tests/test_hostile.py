"""Hostile input (issue 16): tiny files built to exhaust memory or time, junk values, and user
rules that could hang a run. Every case is generated here, small, and asserts a typed error
naming the file and the limit, or the right parse. Speed is measured in
``benchmarks/bench_scaling.py`` and ``benchmarks/bench_faults.py``, not here.
"""

from __future__ import annotations

import io
import sys
import zipfile
import zlib
from pathlib import Path

import pytest

from policyparse import parse, parse_text
from policyparse.errors import (
    CorruptFile,
    EmptyDocument,
    ExtractorError,
    NotASource,
    PolicyParseError,
    RuleError,
    UnsafeDocument,
)
from policyparse.limits import Limits
from policyparse.loaders import load_bytes
from policyparse.rule_safety import explosive_group
from policyparse.rules import load_rules

sys.path.insert(0, str(Path(__file__).parent))
from loader_factories import add_numbering, blocks_from_text, docx_bytes, lines_pdf_bytes, set_numbering

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NOTICE = "关于开展职业技能培训工作的通知\n各区人力资源社会保障局：\n一、总体要求\n全年完成培训65万人次。\n"


# -- nested tables: 2^depth text before the fix ---------------------------------------------------


def nested_html(depth: int) -> bytes:
    inner = "全年完成培训65万人次"
    for level in range(depth):
        inner = f"<table><tr><td>第{level}层</td><td>{inner}</td></tr></table>"
    return f"<html><body><div id='zoom'><p>一、总体要求</p>{inner}</div></body></html>".encode()


def nested_docx(depth: int) -> bytes:
    inner = "<w:p><w:r><w:t>全年完成培训65万人次</w:t></w:r></w:p>"
    for level in range(depth):
        cell = f"<w:tc><w:p><w:r><w:t>第{level}层</w:t></w:r></w:p></w:tc>"
        inner = f"<w:tbl><w:tr>{cell}<w:tc>{inner}<w:p/></w:tc></w:tr></w:tbl>"
    body = f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>一、总体要求</w:t></w:r></w:p>{inner}</w:body></w:document>'
    return with_parts(docx_bytes(blocks_from_text(NOTICE)), {"word/document.xml": body.encode()})


def with_parts(docx: bytes, parts: dict[str, bytes]) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(docx))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info.filename, parts.pop(info.filename, src.read(info)))
        for name, data in parts.items():  # new members
            out.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize("fmt", ["html", "docx"])
def test_nested_tables_are_read_once_per_cell(fmt: str) -> None:
    data = nested_html(6) if fmt == "html" else nested_docx(6)
    text = load_bytes(data, fmt, path=f"n.{fmt}").text
    assert text.count("全年完成培训65万人次") == 1, text  # 2^6 = 64 copies before
    assert all(f"第{n}层" in text for n in range(6))


@pytest.mark.parametrize("fmt", ["html", "docx"])
def test_tables_nested_past_the_limit_are_refused(fmt: str) -> None:
    data = nested_html(20) if fmt == "html" else nested_docx(20)  # 792 B / 944 B took 7-10 GB
    with pytest.raises(UnsafeDocument, match="nested 11 deep, over the limit of 10") as info:
        load_bytes(data, fmt, path=f"deep.{fmt}")
    assert info.value.path == f"deep.{fmt}"
    assert load_bytes(data, fmt, path="x", limits=Limits(max_nesting_depth=25)).text.count("65万人次") == 1


def test_rows_and_cells_per_table_are_bounded() -> None:
    rows = "".join(f"<tr><td>{n}</td><td>单位</td></tr>" for n in range(50))
    page = f"<html><body><div id='zoom'><p>一、总体要求</p><table>{rows}</table></div></body></html>".encode()
    with pytest.raises(PolicyParseError, match="more than 40 rows"):
        load_bytes(page, "html", path="t.html", limits=Limits(max_table_rows=40))
    with pytest.raises(PolicyParseError, match="more than 60 cells"):
        load_bytes(page, "html", path="t.html", limits=Limits(max_table_cells=60))
    assert load_bytes(page, "html", path="t.html").text.count("\t单位") == 50


# -- DOCX numbering values --------------------------------------------------------------------------


def numbered_docx(fmt: str, start: str, ilvl: str = "0") -> bytes:
    import docx

    document = docx.Document()
    add_numbering(document, [(fmt, "%1、", None)])
    lvl = document.part.numbering_part.element.xpath(".//w:abstractNum[@w:abstractNumId='90']/w:lvl")[0]
    lvl.find(f"{{{W_NS}}}start").set(f"{{{W_NS}}}val", start)
    lvl.set(f"{{{W_NS}}}ilvl", ilvl)
    p = document.add_paragraph("总体要求")
    set_numbering(p, 90, 0)
    document.add_paragraph("全年完成培训65万人次。")
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("fmt", "start"),
    [("lowerLetter", "100000000000"), ("lowerRoman", "10000000000000"), ("chineseCounting", "1" + "0" * 30),
     ("chineseCounting", "9" * 5000), ("decimal", "-99999999")],
    ids=["letters-1e11", "roman-1e13", "chinese-1e30", "5000-digits", "negative"],
)  # fmt: skip
def test_a_huge_list_start_is_refused_naming_the_limit(fmt: str, start: str) -> None:
    with pytest.raises(
        UnsafeDocument, match=r"numbering start .* over the limit of 100,000 \(Limits.max_list_number\)"
    ) as info:
        load_bytes(numbered_docx(fmt, start), "docx", path="list.docx")
    assert info.value.path == "list.docx"


def test_list_starts_within_the_limit_render() -> None:
    assert load_bytes(numbered_docx("chineseCounting", "3"), "docx", path="x").text.startswith("三、总体要求")
    assert load_bytes(numbered_docx("lowerLetter", "28"), "docx", path="x").text.startswith("bb、总体要求")


@pytest.mark.parametrize("ilvl", ["abc", "99999999999", "٣"])
def test_a_junk_list_level_is_a_corrupt_file(ilvl: str) -> None:
    with pytest.raises(CorruptFile, match="is not a list level 0-8") as info:
        load_bytes(numbered_docx("decimal", "1", ilvl=ilvl), "docx", path="lvl.docx")
    assert info.value.path == "lvl.docx"


# -- XML safety on every member -----------------------------------------------------------------------

DTD = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'


@pytest.mark.parametrize(
    ("member", "data"),
    [("word/media/image1.png", DTD.encode()), ("customXml/item1.xml", DTD.encode("utf-32")),
     ("word/x.bin", DTD.lower().encode("utf-16-be")), ("docProps/custom.xml", DTD.replace("DOCTYPE", "DocType").encode()),
     ("word/footer9.xml", b'<?xml version="1.0" encoding="UTF-7"?><x/>')],
    ids=["named-png", "utf-32", "utf-16be-lowercase", "mixed-case", "utf-7-declared"],
)  # fmt: skip
def test_a_dtd_is_refused_in_any_member_and_encoding(member: str, data: bytes) -> None:
    docx = with_parts(docx_bytes(blocks_from_text(NOTICE)), {member: data})
    with pytest.raises(UnsafeDocument, match=member.replace(".", r"\.")):
        load_bytes(docx, "docx", path="x.docx")


# -- a Flate bomb in a PDF ----------------------------------------------------------------------------


def flate_bomb_pdf(inflated_mb: int) -> bytes:
    """A one-page PDF whose content stream inflates to ``inflated_mb`` MB of spaces."""
    z = zlib.compressobj(9)
    body = b"".join(z.compress(b" " * (1 << 20)) for _ in range(inflated_mb)) + z.flush()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(body) + body + b"\nendstream"]  # fmt: skip
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for n, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_a_flate_bomb_is_refused_before_pdfium_inflates_it() -> None:
    with pytest.raises(UnsafeDocument, match=r"inflate to more than 8 MB \(Limits.max_stream_bytes") as info:
        load_bytes(flate_bomb_pdf(20), "pdf", path="bomb.pdf", limits=Limits(max_stream_bytes=8 << 20))
    assert info.value.path == "bomb.pdf"
    with pytest.raises(EmptyDocument):  # under the limit it is read, and holds no text
        load_bytes(flate_bomb_pdf(2), "pdf", path="blank.pdf", limits=Limits(max_stream_bytes=8 << 20))


def test_a_real_pdf_passes_the_stream_check() -> None:
    pdf = lines_pdf_bytes([["一、总体要求", "全年完成培训65万人次。"]])
    assert "65万人次" in load_bytes(pdf, "pdf", path="x.pdf", limits=Limits(max_stream_bytes=1 << 20)).text


# -- pathological text: bounded records, right parses -----------------------------------------------


def test_an_unpunctuated_run_of_targets_keeps_each_record_short() -> None:
    doc = parse_text("65万人次以上" * 3000)  # each metric held the rest of its fragment (8 GB at 80,000)
    assert len(doc.targets) == 3000
    assert max(len(t.text) for t in doc.targets) <= 700
    assert all(t.value == 650000 for t in doc.targets)


def test_a_long_paragraph_of_targets_keeps_every_target() -> None:
    doc = parse_text("关于开展培训工作的通知\n一、总体要求\n" + "完成培训65万人次，" * 2000 + "\n")
    assert [t.value for t in doc.targets] == [650000] * 2000


def test_a_long_run_of_spaces_between_words() -> None:
    doc = parse_text("一、总体要求\n打印" + " " * 80_000 + "打印\n")
    assert doc.clauses[0].text == "一、总体要求\n打印 打印"  # the run collapses to one space


def test_long_lists_of_names_and_labels_parse() -> None:
    doc = parse_text(
        "关于开展培训工作的通知\n一、总体要求\n" + "市人社局、" * 3000 + "牵头。\n" + "一、" * 3000 + "5\n"
    )
    assert doc.clauses


# -- sources parse() accepts ---------------------------------------------------------------------


def test_parse_of_nothing_is_typed() -> None:
    for source in (None, 42, [b"x"]):
        with pytest.raises(NotASource, match="cannot parse a"):
            parse(source)  # type: ignore[arg-type]
    with pytest.raises(TypeError):  # still a TypeError for callers that catch that
        parse(None)  # type: ignore[arg-type]


@pytest.mark.parametrize("source", ["", b"", " \n\u3000\n", b" \n"])
def test_empty_text_and_empty_bytes_agree(source: str | bytes) -> None:
    with pytest.raises(EmptyDocument):
        parse(source)


def test_pdf_bytes_are_sniffed() -> None:
    pdf = lines_pdf_bytes([["一、总体要求", "全年完成培训65万人次。"]])
    assert parse(pdf).source.format == "pdf"
    assert [t.value for t in parse(pdf).targets] == [650000]
    docx = docx_bytes(blocks_from_text(NOTICE))
    assert parse(docx).source.format == "docx"


def test_pdf_bytes_in_a_txt_file_are_not_text(tmp_path: Path) -> None:
    path = tmp_path / "notice.txt"
    path.write_bytes(lines_pdf_bytes([["一、总体要求"]]))
    with pytest.raises(CorruptFile, match="the file is a PDF, not text") as info:
        parse(path)
    assert str(path) in str(info.value)


def test_html_claiming_utf16_is_read_as_what_it_is() -> None:
    page = '<html><head><meta charset="utf-16"></head><body><div id="zoom"><p>一、总体要求</p></div></body></html>'
    assert load_bytes(page.encode("utf-8"), "html", path="x.html").text == "一、总体要求\n"


def test_a_failing_stage_is_a_typed_error_naming_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import policyparse.api as api

    def broken(*args: object, **kwargs: object) -> None:
        raise IndexError("list index out of range")

    monkeypatch.setattr(api, "build_clause_tree", broken)
    path = tmp_path / "n.txt"
    path.write_text(NOTICE, "utf-8")
    with pytest.raises(ExtractorError, match="IndexError in broken: list index out of range") as info:
        parse(path)
    assert info.value.path == str(path)


# -- user rules ----------------------------------------------------------------------------------


def write_rules(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, "utf-8")
    return folder


@pytest.mark.parametrize(
    ("pattern", "message"),
    [("(unclosed", "is not a valid regex"), ("(a|a)+b", "repeated group '\\(a\\|a\\)\\+'"),
     ("(\\\\d+)*号", "exponential time"), ("x$nofragment", "unknown fragment")],
    ids=["invalid", "overlapping-alternation", "nested-quantifier", "unknown-fragment"],
)  # fmt: skip
def test_a_bad_user_pattern_is_a_rule_error_naming_the_file(
    tmp_path: Path, pattern: str, message: str
) -> None:
    folder = write_rules(
        tmp_path / "r", "doc_number.yaml", f'rules:\n  - id: mine\n    pattern: "{pattern}"\n'
    )
    with pytest.raises(RuleError, match=message) as info:
        load_rules(folder)
    assert info.value.path == str(folder.resolve() / "doc_number.yaml")
    assert "(id mine)" in str(info.value)


def test_a_user_rule_without_the_groups_the_code_reads_is_a_rule_error(tmp_path: Path) -> None:
    # every shipped doc_number rule names (?P<code>) and (?P<serial>): a rule without them would
    # fail inside the extractor on the first document it matches
    folder = write_rules(
        tmp_path / "r", "doc_number.yaml", 'rules:\n  - id: mine\n    pattern: "测发第(\\\\d+)号"\n'
    )
    with pytest.raises(
        RuleError, match=r"lacks the named group\(s\) \(\?P<code>…\), \(\?P<serial>…\)"
    ) as info:
        load_rules(folder)
    assert info.value.path == str(folder.resolve() / "doc_number.yaml") and "(id mine)" in str(info.value)


def test_a_yaml_alias_bomb_is_refused(tmp_path: Path) -> None:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    folder = write_rules(tmp_path / "r", "terms.yaml", "\n".join(lines) + "\n")
    with pytest.raises(RuleError, match="YAML aliases are not allowed"):
        load_rules(folder)


def test_a_safe_user_pattern_loads_and_is_used(tmp_path: Path) -> None:
    folder = write_rules(tmp_path / "r", "doc_number.yaml",
                         'rules:\n  - id: mine\n    pattern: "(?P<code>(?:测|试)+发)第(?P<year>\\\\d{4})-(?P<serial>\\\\d+)号"\n')  # fmt: skip
    rules = load_rules(folder)
    assert rules.sources[-1] == folder.resolve()
    doc = parse_text("关于开展测试工作的通知\n测试发第2025-7号\n一、总体要求\n", rules=rules)
    assert [(n.rule_id, n.raw) for n in doc.doc_numbers] == [
        ("mine", "测试发〔2025〕7号")
    ]  # read by the user rule


@pytest.mark.parametrize(
    ("pattern", "bad"),
    [("(a+)+", "(a+)+"), ("(?:\\p{Han}+局)+", "(?:\\p{Han}+局)+"), ("((ab)+)+", "((ab)+)+"), ("(a|ab)*c", "(a|ab)*"),
     ("(?:省|市)+", None), ("(?>a|a)+", None), ("[(a+)]+", None), ("(?:\\d{1,3},)+\\d", None), ("(?:ab){2,}", None)],
)  # fmt: skip
def test_explosive_group_shapes(pattern: str, bad: str | None) -> None:
    assert explosive_group(pattern) == bad
