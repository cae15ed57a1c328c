"""Builders of files with the traits of real published files (issue 14), written from scratch:
an OFD notice, a scanned page with a red 版头 (PIL image in a PDF), a browser print of a
government web page, a DOCX whose relationships point at missing parts.
"""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

OFD_NS = "http://www.ofdspec.org/2016"

# A4 in mm, GB/T 9704 margins, 三号 (16 pt = 5.6 mm) characters, 28 to a line
_LEFT, _TOP, _SIZE, _PER_LINE, _LEAD = 28.0, 37.0, 5.6, 28, 10.0


def _ofd_text_object(oid: int, x: float, y: float, text: str, size: float, *, repeat: bool) -> str:
    # DeltaX either listed glyph by glyph or as the "g N d" shorthand of GB/T 33190 §11.3
    advances = [size * (1.0 if ord(ch) > 0x2E80 else 0.5) for ch in text[:-1]]
    if not advances:
        delta = ""
    elif repeat and len(set(advances)) == 1:
        delta = f' DeltaX="g {len(advances)} {size:g}"'
    else:
        delta = ' DeltaX="' + " ".join(f"{a:g}" for a in advances) + '"'
    return (
        f'<ofd:TextObject ID="{oid}" Boundary="{x:g} {y:g} {size * len(text):g} {size * 1.2:g}" Font="3" Size="{size:g}">'
        f'<ofd:TextCode X="0" Y="{size * 0.9:g}"{delta}>{escape(text)}</ofd:TextCode></ofd:TextObject>'
    )


def _wrap(line: str) -> list[tuple[str, bool]]:
    """A paragraph broken into lines of 28 characters; (line, indented)."""
    indent = not line.startswith(" ")
    line = line.strip()
    first = _PER_LINE - 2 if indent else _PER_LINE
    out = [(line[:first], indent)]
    rest = line[first:]
    while rest:
        out.append((rest[:_PER_LINE], False))
        rest = rest[_PER_LINE:]
    return out


def ofd_bytes(
    pages: list[list[str]], *, template: str | None = None, extra_parts: dict[str, bytes] | None = None
) -> bytes:
    """An OFD package of ``pages``, each a list of paragraphs (wrapped at 28 characters, the
    first line indented two characters; a paragraph starting with a space is centred instead).
    ``template``: a line drawn by a page template on every page (a running footer)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("OFD.xml", f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{OFD_NS}" Version="1.0" DocType="OFD">'
                    '<ofd:DocBody><ofd:DocInfo><ofd:DocID>0</ofd:DocID></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>'
                    "</ofd:DocBody></ofd:OFD>")  # fmt: skip
        page_refs = "".join(
            f'<ofd:Page ID="{10 + i}" BaseLoc="Pages/Page_{i}/Content.xml"/>' for i in range(len(pages))
        )
        tpl = '<ofd:TemplatePage ID="2" BaseLoc="Tpls/Tpl_0/Content.xml"/>' if template else ""
        zf.writestr("Doc_0/Document.xml", f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{OFD_NS}">'
                    '<ofd:CommonData><ofd:MaxUnitID>999</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox>'
                    f"</ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes>{tpl}</ofd:CommonData>"
                    f"<ofd:Pages>{page_refs}</ofd:Pages></ofd:Document>")  # fmt: skip
        zf.writestr("Doc_0/PublicRes.xml", f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="{OFD_NS}" BaseLoc="Res">'
                    '<ofd:Fonts><ofd:Font ID="3" FontName="仿宋_GB2312" FamilyName="仿宋"/></ofd:Fonts></ofd:Res>')  # fmt: skip
        oid = 100
        for pno, paras in enumerate(pages):
            objs = []
            y = _TOP
            for para in paras:
                for k, (text, indent) in enumerate(_wrap(para)):
                    if para.startswith(" "):
                        x = (210 - _SIZE * len(text)) / 2
                    else:
                        x = _LEFT + (2 * _SIZE if indent else 0)
                    objs.append(_ofd_text_object(oid, x, y, text, _SIZE, repeat=(oid + k) % 2 == 0))
                    oid += 1
                    y += _LEAD
            tref = '<ofd:Template TemplateID="2" ZOrder="Background"/>' if template else ""
            zf.writestr(f"Doc_0/Pages/Page_{pno}/Content.xml", f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{OFD_NS}">'
                        f'{tref}<ofd:Content><ofd:Layer ID="{oid}">{"".join(objs)}</ofd:Layer></ofd:Content></ofd:Page>')  # fmt: skip
            oid += 1
        if template:
            zf.writestr("Doc_0/Tpls/Tpl_0/Content.xml", f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{OFD_NS}">'
                        f'<ofd:Content><ofd:Layer ID="900">{_ofd_text_object(901, 90, 280, template, 4.0, repeat=True)}'
                        "</ofd:Layer></ofd:Content></ofd:Page>")  # fmt: skip
        for name, data in (extra_parts or {}).items():
            zf.writestr(name, data)
    return buf.getvalue()


def replace_part(package: bytes, name: str, data: bytes | None) -> bytes:
    """The zip ``package`` with member ``name`` replaced (or removed, for ``None``)."""
    src = zipfile.ZipFile(io.BytesIO(package))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            if info.filename == name:
                continue
            out.writestr(info, src.read(info))
        if data is not None:
            out.writestr(name, data)
    return buf.getvalue()


# -- browser print of a web page ------------------------------------------------------------


def web_print_pdf_bytes(
    *,
    page_title: str,
    url: str,
    printed: str,
    meta_rows: list[list[str]],
    title: str,
    body: list[str],
    nav: str = "",
    pages_of_body: int = 2,
) -> bytes:
    """A browser's print of a government web page: the date and time and the page title at the
    top of every page, the address and ``N/M`` at the foot, a navigation bar, the 文件信息 block
    as a ruled table of label/value cells, then the article (title, paragraphs)."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, TableStyle
    from reportlab.platypus import Table as RLTable

    from loader_factories import FONT, _register_font

    _register_font()
    small = ParagraphStyle("small", fontName=FONT, fontSize=9, leading=12)
    body_style = ParagraphStyle(
        "body", fontName=FONT, fontSize=12, leading=21, firstLineIndent=24, wordWrap="CJK"
    )
    centred = ParagraphStyle(
        "title", parent=body_style, fontSize=15, leading=24, firstLineIndent=0, alignment=TA_CENTER
    )
    cell = ParagraphStyle("cell", fontName=FONT, fontSize=9, leading=12, wordWrap="CJK")
    total = pages_of_body

    def chrome(canvas, doc) -> None:  # type: ignore[no-untyped-def]
        canvas.saveState()
        canvas.setFont(FONT, 8)
        canvas.drawString(10 * mm, A4[1] - 8 * mm, printed)
        canvas.drawCentredString(A4[0] / 2 + 15 * mm, A4[1] - 8 * mm, page_title)
        canvas.drawString(10 * mm, 8 * mm, url)
        canvas.drawRightString(A4[0] - 10 * mm, 8 * mm, f"{doc.page}/{total}")
        canvas.restoreState()

    story: list = []
    if nav:
        story.append(Paragraph(escape(nav), small))
    table = RLTable([[Paragraph(escape(c), cell) for c in row] for row in meta_rows])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey)]))
    story += [table, Paragraph(escape(title), centred)]
    per_page = max(1, len(body) // pages_of_body + (len(body) % pages_of_body > 0))
    for k, para in enumerate(body):
        if k and k % per_page == 0:
            story.append(PageBreak())
        story.append(Paragraph(escape(para), body_style))
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=18 * mm,
                            bottomMargin=18 * mm, title=page_title)  # fmt: skip
    doc.build(story, onFirstPage=chrome, onLaterPages=chrome)
    return buf.getvalue()


# -- scans ----------------------------------------------------------------------------------


def cjk_font_path() -> str | None:
    """A CJK font file of the machine (Noto CJK from fonts-noto-cjk), or None."""
    import glob

    for pattern in ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
                    "/usr/share/fonts/**/*CJK*Regular*.tt[cf]", "/usr/share/fonts/**/wqy*.tt[cf]"):  # fmt: skip
        found = sorted(glob.glob(pattern, recursive=True))
        if found:
            return found[0]
    return None


def scan_image(lines: list[tuple[str, str]], *, red_header: str | None = None, width: int = 1240):
    """A page image as a scanner makes it (A4 at 150 dpi): an optional red 版头 with the red rule
    under it, then ``lines``, each ``(text, "left"|"centre"|"indent")``."""
    from PIL import Image, ImageDraw, ImageFont

    height = int(width * 297 / 210)
    img = Image.new("RGB", (width, height), (252, 252, 248))
    draw = ImageDraw.Draw(img)
    font_path = cjk_font_path()
    assert font_path, "no CJK font"
    size = width // 36
    font = ImageFont.truetype(font_path, size)
    left = int(width * 28 / 210)
    y = int(height * 0.1)
    if red_header:
        big = ImageFont.truetype(font_path, int(size * 2.2))
        w = draw.textlength(red_header, font=big)
        draw.text(((width - w) / 2, y), red_header, font=big, fill=(210, 20, 20))
        y += int(size * 3.2)
        draw.line((left, y, width - left, y), fill=(210, 20, 20), width=4)
        y += int(size * 1.5)
    for text, where in lines:
        w = draw.textlength(text, font=font)
        x = (width - w) / 2 if where == "centre" else left + (2 * size if where == "indent" else 0)
        draw.text((x, y), text, font=font, fill=(20, 20, 20))
        y += int(size * 1.9)
    return img


def image_pdf_bytes(images: list, *, text_pages: dict[int, list[str]] | None = None) -> bytes:
    """A PDF of page images (a scan); ``text_pages``: pages (0-based) that are born-digital text
    instead (a scanned first page before digital attachments)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    from loader_factories import FONT, _register_font

    _register_font()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    n = len(images) + len(text_pages or {})
    it = iter(images)
    for pno in range(n):
        if text_pages and pno in text_pages:
            c.setFont(FONT, 15)
            for k, line in enumerate(text_pages[pno]):
                c.drawString(80, 740 - k * 28, line)
        else:
            img = next(it)
            w, h = (A4[0], A4[1]) if img.width < img.height else (A4[1], A4[0])
            if img.width > img.height:
                c.setPageSize((A4[1], A4[0]))
            c.drawImage(ImageReader(img), 0, 0, width=w, height=h)
        c.showPage()
        c.setPageSize(A4)
    c.save()
    return buf.getvalue()
