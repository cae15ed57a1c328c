"""Builders of real PDF and DOCX files for the loader tests and the corpus variants.

A notice is a list of blocks: ``Para(text)`` or ``Table(rows)``, a row being a list of cells
and a cell a list of paragraphs. ``blocks_from_text`` reads the loader text convention back
into blocks, so any ``.txt`` notice can be re-written as an office would have saved it.
"""

from __future__ import annotations

import copy
import io
import re
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

Cell = list[str]


@dataclass
class Para:
    text: str
    centered: bool = False


@dataclass
class Table:
    rows: list[list[Cell]] = field(default_factory=list)


Block = Para | Table

_TITLE_END = re.compile(r"(通知|意见|方案|要点|分工表|办法|决定|[局会委厅部]|附件)$")


def blocks_from_text(text: str) -> list[Block]:
    """Paragraph and table blocks of a text in the loader convention."""
    blocks: list[Block] = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        if not line.startswith("\t"):
            blocks.append(Para(line.strip(), centered=_looks_centered(line, blocks)))
            i += 1
            continue
        table = Table()
        row: list[Cell] | None = None  # the row being read; a blank line ends it
        while i < len(lines):
            line = lines[i]
            if line.startswith("\t"):
                if row is None:
                    row = []
                    table.rows.append(row)
                row.append([line[1:]] if line[1:] else [])
            elif not line.strip():
                # a blank line ends a row, unless the row still lacks cells (a cell of several
                # paragraphs written with blank lines between them, as the sample corpus does)
                if row is not None and table.rows and len(row) >= len(table.rows[0]):
                    row = None
            elif row is not None:
                row[-1].append(line)  # a cell's further paragraph, mid-row or at its end
            elif table.rows and _next_nonblank_is_cell(lines, i):
                table.rows[-1][-1].append(line)
            else:
                break
            i += 1
        blocks.append(table)
    return blocks


def _next_nonblank_is_cell(lines: list[str], i: int) -> bool:
    for later in lines[i + 1 :]:
        if later.strip():
            return later.startswith("\t")
    return True


def _looks_centered(line: str, before: list[Block]) -> bool:
    """Title-like lines at the top are centred, as in a printed notice."""
    seen_body = any(isinstance(b, Para) and len(b.text) > 60 for b in before)
    return (
        not seen_body
        and len(line) <= 60
        and not line.endswith(("。", "：", "；"))
        and bool(_TITLE_END.search(line) or len(before) < 3)
    )


# -- DOCX -----------------------------------------------------------------------------------


def _new_document():  # type: ignore[no-untyped-def]
    import docx
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = docx.Document()
    style = document.styles["Normal"]
    style.font.size = Pt(16)
    style.font.name = "FangSong"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋_GB2312")
    return document


def _add_para(document, para: Para):  # type: ignore[no-untyped-def]
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    p = document.add_paragraph(para.text)
    if para.centered:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    else:
        p.paragraph_format.first_line_indent = Pt(32)
    return p


def _add_table(document, table: Table) -> None:  # type: ignore[no-untyped-def]
    from docx.shared import Pt

    ncols = max(len(r) for r in table.rows)
    t = document.add_table(rows=len(table.rows), cols=ncols)
    t.style = "Table Grid"
    for r, row in enumerate(table.rows):
        for c in range(ncols):
            paras = row[c] if c < len(row) else []
            cell = t.cell(r, c)
            cell.paragraphs[0].text = paras[0] if paras else ""
            for extra in paras[1:]:
                cell.add_paragraph(extra)
            for p in cell.paragraphs:
                for run in p.runs:
                    run.font.size = Pt(10.5)
    # an empty cell under a filled one (not in the header row) is a vertically merged cell
    for c in range(ncols):
        top = None
        for r in range(1, len(table.rows)):
            filled = c < len(table.rows[r]) and bool(table.rows[r][c])
            if filled or top is None:
                top = r if filled else None
                continue
            t.cell(top, c).merge(t.cell(r, c))


def docx_bytes(blocks: list[Block]) -> bytes:
    document = _new_document()
    for b in blocks:
        if isinstance(b, Para):
            _add_para(document, b)
        else:
            _add_table(document, b)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


# automatic numbering: (regex of the typed label, numFmt, lvlText) per level
AUTONUM_LEVELS = [
    (re.compile(r"^[一二三四五六七八九十]+、"), "chineseCounting", "%1、"),
    (re.compile(r"^（[一二三四五六七八九十]+）"), "chineseCounting", "（%2）"),
    (re.compile(r"^\d{1,2}\.(?!\d)"), "decimal", "%3."),
    (re.compile(r"^（\d{1,2}）"), "decimal", "（%4）"),
]

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def add_numbering(document, levels: list[tuple[str, str, int | None]], *, abstract_id: int = 90,
                  num_ids: tuple[int, ...] = (90,), start_overrides: dict[int, dict[int, int]] | None = None) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    """Add one abstract list (``levels``: numFmt, lvlText, lvlRestart) and list instances to it."""
    from lxml import etree

    w = f"{{{_W_NS}}}"
    root = document.part.numbering_part.element
    an = etree.SubElement(root, w + "abstractNum")
    an.set(w + "abstractNumId", str(abstract_id))
    for ilvl, (fmt, text, restart) in enumerate(levels):
        lvl = etree.SubElement(an, w + "lvl")
        lvl.set(w + "ilvl", str(ilvl))
        for tag, val in (("start", "1"), ("numFmt", fmt), ("lvlRestart", None if restart is None else str(restart)),
                         ("suff", "nothing"), ("lvlText", text)):  # fmt: skip
            if val is not None:
                etree.SubElement(lvl, w + tag).set(w + "val", val)
    first_num = root.find(w + "num")
    if first_num is not None:  # abstractNum elements come before num elements
        first_num.addprevious(an)
    for nid in num_ids:
        num = etree.SubElement(root, w + "num")
        num.set(w + "numId", str(nid))
        etree.SubElement(num, w + "abstractNumId").set(w + "val", str(abstract_id))
        for ilvl, start in (start_overrides or {}).get(nid, {}).items():
            ov = etree.SubElement(num, w + "lvlOverride")
            ov.set(w + "ilvl", str(ilvl))
            etree.SubElement(ov, w + "startOverride").set(w + "val", str(start))


def set_numbering(paragraph, num_id: int, ilvl: int) -> None:  # type: ignore[no-untyped-def]
    from lxml import etree

    w = f"{{{_W_NS}}}"
    ppr = paragraph._p.get_or_add_pPr()
    numpr = etree.SubElement(ppr, w + "numPr")
    etree.SubElement(numpr, w + "ilvl").set(w + "val", str(ilvl))
    etree.SubElement(numpr, w + "numId").set(w + "val", str(num_id))


def autonum_docx_bytes(blocks: list[Block]) -> bytes:
    """Like ``docx_bytes``, but typed clause labels become Word automatic numbering.

    A level whose numbers run on across its parent (（一）…（十六） under 一、…五、) gets
    ``lvlRestart=0``, as Word writes it when the user chooses "continue numbering".
    """
    document = _new_document()
    seen: list[int] = []
    runs_on: dict[int, bool] = {}
    for b in blocks:
        if isinstance(b, Para):
            for ilvl, (rx, _, _) in enumerate(AUTONUM_LEVELS):
                m = rx.match(b.text)
                if m:
                    # the level runs on if it does not restart at 1 after its parent
                    if ilvl > 0 and seen and seen[-1] == ilvl - 1:
                        runs_on[ilvl] = runs_on.get(ilvl, False) or m.group(0).strip("（）.、") not in (
                            "一",
                            "1",
                        )
                    seen.append(ilvl)
                    break
    levels = [(fmt, text, 0 if runs_on.get(i) else None) for i, (_, fmt, text) in enumerate(AUTONUM_LEVELS)]
    add_numbering(document, levels)
    for b in blocks:
        if isinstance(b, Table):
            _add_table(document, b)
            continue
        for ilvl, (rx, _, _) in enumerate(AUTONUM_LEVELS):
            m = rx.match(b.text)
            if m:
                p = _add_para(document, Para(b.text[m.end() :], b.centered))
                set_numbering(p, 90, ilvl)
                break
        else:
            _add_para(document, b)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


# -- PDF ------------------------------------------------------------------------------------

FONT = "STSong-Light"


def _register_font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def pdf_bytes(blocks: list[Block], *, title: str = "", header: str | None = None, font_size: float = 16,
              page_numbers: bool = True) -> bytes:  # fmt: skip
    """A born-digital PDF of the blocks: A4, 公文 margins, ``— N —`` page numbers, ruled tables."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, TableStyle
    from reportlab.platypus import Table as RLTable

    _register_font()
    body = ParagraphStyle("body", fontName=FONT, fontSize=font_size, leading=font_size * 1.75,
                          firstLineIndent=2 * font_size, wordWrap="CJK")  # fmt: skip
    centered = ParagraphStyle("title", parent=body, firstLineIndent=0, alignment=TA_CENTER)
    cell_style = ParagraphStyle("cell", fontName=FONT, fontSize=10.5, leading=14, wordWrap="CJK")
    width = A4[0] - 54 * mm

    def decorate(canvas, doc) -> None:  # type: ignore[no-untyped-def]
        canvas.saveState()
        canvas.setFont(FONT, 14)
        if page_numbers:
            canvas.drawCentredString(A4[0] / 2, 20 * mm, f"— {doc.page} —")
        if header:
            canvas.drawCentredString(A4[0] / 2, A4[1] - 20 * mm, header)
        canvas.restoreState()

    story = []
    for b in blocks:
        if isinstance(b, Para):
            story.append(Paragraph(escape(b.text), centered if b.centered else body))
            continue
        ncols = max(len(r) for r in b.rows)
        data = [[Paragraph("<br/>".join(escape(p) for p in (row[c] if c < len(row) else [])), cell_style)
                 for c in range(ncols)] for row in b.rows]  # fmt: skip
        col_widths = _column_widths(b, ncols, width)
        t = RLTable(data, colWidths=col_widths, repeatRows=1)
        t.setStyle(
            TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")])
        )
        story.append(t)
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=28 * mm, rightMargin=26 * mm, topMargin=37 * mm,
                            bottomMargin=35 * mm, title=title)  # fmt: skip
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return buf.getvalue()


def _column_widths(table: Table, ncols: int, width: float) -> list[float]:
    longest = [
        max((sum(len(p) for p in row[c]) if c < len(row) else 0) for row in table.rows) for c in range(ncols)
    ]
    weights = [min(max(n, 6), 60) for n in longest]
    return [width * w / sum(weights) for w in weights]


def scan_like_pdf_bytes(pages: int = 2) -> bytes:
    """An image-only PDF, like a scanner makes: no text layer at all."""
    from PIL import Image, ImageDraw
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    img = Image.new("L", (400, 560), 255)
    draw = ImageDraw.Draw(img)
    for y in range(40, 520, 24):
        draw.rectangle((40, y, 360, y + 10), fill=0)  # lines of "text" as ink
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    for _ in range(pages):
        c.drawImage(ImageReader(img), 0, 0, width=A4[0], height=A4[1])
        c.showPage()
    c.save()
    return buf.getvalue()


def encrypted_pdf_bytes(text: str = "一、总体要求", password: str = "secret") -> bytes:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    _register_font()
    buf = io.BytesIO()
    enc = pdfencrypt.StandardEncryption(password, ownerPassword=password + "-owner", strength=128)
    c = canvas.Canvas(buf, encrypt=enc)
    c.setFont(FONT, 14)
    c.drawString(72, 700, text)
    c.save()
    return buf.getvalue()


def lines_pdf_bytes(pages: list[list[str]], *, font_size: float = 14) -> bytes:
    """A PDF with exactly these lines per page (no layout engine): for garbage-text cases."""
    from reportlab.pdfgen import canvas

    _register_font()
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for lines in pages:
        c.setFont(FONT, font_size)
        for k, line in enumerate(lines):
            c.drawString(72, 760 - k * font_size * 1.6, line)
        c.showPage()
    c.save()
    return buf.getvalue()


def clone_blocks(blocks: list[Block]) -> list[Block]:
    return copy.deepcopy(blocks)
