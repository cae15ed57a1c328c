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


def ofd_bytes(pages: list[list[str]], *, template: str | None = None, extra_parts: dict[str, bytes] | None = None) -> bytes:
    """An OFD package of ``pages``, each a list of paragraphs (wrapped at 28 characters, the
    first line indented two characters; a paragraph starting with a space is centred instead).
    ``template``: a line drawn by a page template on every page (a running footer)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("OFD.xml", f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{OFD_NS}" Version="1.0" DocType="OFD">'
                    '<ofd:DocBody><ofd:DocInfo><ofd:DocID>0</ofd:DocID></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>'
                    "</ofd:DocBody></ofd:OFD>")  # fmt: skip
        page_refs = "".join(f'<ofd:Page ID="{10 + i}" BaseLoc="Pages/Page_{i}/Content.xml"/>' for i in range(len(pages)))
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
