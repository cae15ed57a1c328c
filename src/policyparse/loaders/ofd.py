"""OFD (GB/T 33190-2016, the Chinese fixed-layout format offices publish 公文 in): text by page.

An OFD file is a zip of XML parts: ``OFD.xml`` names each document's ``Document.xml``
(``DocBody/DocRoot``), which lists its pages (``Pages/Page@BaseLoc`` → ``Pages/Page_N/Content.xml``)
and the page templates (``CommonData/TemplatePage``, where a 版头 or page furniture may be drawn).
A page's text is ``TextObject`` elements (``Boundary`` "x y w h" in mm, ``Size`` in mm, an
optional ``CTM``) holding ``TextCode`` runs: ``X``/``Y`` place the first glyph's baseline inside
the boundary, ``DeltaX`` the advance to each next glyph (``g N d`` repeats ``d`` N times).

Each glyph becomes a character with a box, the tuples the PDF text layer gives, and the pages
go through the PDF loader's line grouping, wrap joining and furniture removal: an OFD notice
comes out in the same shape as the PDF of it (lines, page provenance in ``page_starts``).
Tables are not rebuilt (their rows come out as lines, cells apart by a space).

Safety is the DOCX loader's: the zip directory is checked for a bomb, every part is read with
a bounded read, and any XML part declaring a DTD or entities is refused before parsing.
"""

from __future__ import annotations

import contextlib
import io
import posixpath
import re
import zipfile
from typing import Any

from ..errors import CorruptFile, EncryptedDocument, PolicyParseError
from ..limits import DEFAULT_LIMITS, Limits, check_pages, read_member
from .loaded import Loaded, sha256_of
from .xml_safety import ZIP_ERRORS

_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")
_Char = tuple[float, float, float, float, float, str]


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(el: Any, name: str) -> list[Any]:
    return [c for c in el if _local(c.tag) == name]


def _first(el: Any, name: str) -> Any | None:
    for c in el.iter():
        if _local(c.tag) == name:
            return c
    return None


def _numbers(text: str | None) -> list[float]:
    return [float(x) for x in _NUMBER.findall(text or "")]


def deltas(spec: str | None) -> list[float]:
    """``DeltaX``/``DeltaY``: numbers, with ``g N d`` meaning ``d`` repeated N times."""
    out: list[float] = []
    tokens = (spec or "").split()
    i = 0
    while i < len(tokens):
        if tokens[i] == "g" and i + 2 < len(tokens):
            with contextlib.suppress(ValueError):  # a malformed run is skipped, not fatal
                out.extend([float(tokens[i + 2])] * min(int(float(tokens[i + 1])), 100_000))
            i += 3
            continue
        with contextlib.suppress(ValueError):
            out.append(float(tokens[i]))
        i += 1
    return out


class _Package:
    """The zip, read part by part within the limits."""

    def __init__(self, zf: zipfile.ZipFile, limits: Limits, path: str | None) -> None:
        self.zf = zf
        self.limits = limits
        self.path = path
        self.names = {info.filename.lstrip("/"): info for info in zf.infolist()}

    def xml(self, name: str) -> Any:
        from lxml import etree

        info = self.names.get(name.lstrip("/"))
        if info is None:
            raise CorruptFile(f"the OFD lacks its part {name!r}", path=self.path)
        data = read_member(self.zf, info, self.limits, path=self.path)
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)
        try:
            return etree.fromstring(data, parser)
        except etree.XMLSyntaxError as e:
            raise CorruptFile(f"the OFD part {name!r} is not well-formed XML ({e})", path=self.path) from e


def _resolve(base_dir: str, loc: str) -> str:
    """A ``BaseLoc`` is relative to the part that names it, or absolute from the package root."""
    loc = loc.strip().replace("\\", "/")
    return posixpath.normpath(loc.lstrip("/") if loc.startswith("/") else posixpath.join(base_dir, loc))


def _ctm(el: Any) -> tuple[float, ...]:
    m = _numbers(el.get("CTM"))
    return tuple(m) if len(m) == 6 else (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _wide(ch: str) -> bool:
    return ord(ch) >= 0x2E80 or "\uff00" <= ch <= "\uffef"


def _text_object_chars(obj: Any, origin: tuple[float, float]) -> list[_Char]:
    box = _numbers(obj.get("Boundary"))
    if len(box) < 4:
        return []
    bx, by = origin[0] + box[0], origin[1] + box[1]
    a, b, c, d, e, f = _ctm(obj)
    size = (_numbers(obj.get("Size")) or [3.5])[0] * (abs(d) or 1.0)
    if size <= 0:
        return []
    chars: list[_Char] = []
    x = y = 0.0
    for code in _children(obj, "TextCode"):
        text = code.text or ""
        if not text:
            continue
        if code.get("X") is not None:
            x = (_numbers(code.get("X")) or [x])[0]
        if code.get("Y") is not None:
            y = (_numbers(code.get("Y")) or [y])[0]
        dx, dy = deltas(code.get("DeltaX")), deltas(code.get("DeltaY"))
        for i, ch in enumerate(text):
            # glyph position in the object's space, then its CTM, then the page
            px, py = a * x + c * y + e + bx, b * x + d * y + f + by
            advance = dx[i] if i < len(dx) else None
            nominal = size * (1.0 if _wide(ch) else 0.5)
            # the glyph fills its advance, up to a little tracking: a wider advance is a gap
            # (the PDF loader reads a gap as a space)
            width = (
                nominal if advance is None or advance <= 0 else min(advance * (abs(a) or 1.0), 1.6 * nominal)
            )
            if not ch.isspace():
                top = py - 0.88 * size  # the baseline sits ~0.88 em below the glyph's top
                chars.append((top + size / 2, px, px + width, top, size, ch))
            x += advance if advance is not None else nominal / (abs(a) or 1.0)
            if i < len(dy):
                y += dy[i]
    return chars


def _layer_chars(el: Any, origin: tuple[float, float], depth: int = 0) -> list[_Char]:
    """Text of a Content or Layer, PageBlocks included (nested at most a few levels)."""
    chars: list[_Char] = []
    for child in el:
        name = _local(child.tag)
        if name == "TextObject":
            chars.extend(_text_object_chars(child, origin))
        elif name in ("Layer", "PageBlock") and depth < 32:
            chars.extend(_layer_chars(child, origin, depth + 1))
    return chars


def _page_chars(page_root: Any) -> list[_Char]:
    content = _first(page_root, "Content")
    return [] if content is None else _layer_chars(content, (0.0, 0.0))


def _document_pages(pkg: _Package, doc_loc: str) -> list[list[_Char]]:
    doc = pkg.xml(doc_loc)
    doc_dir = posixpath.dirname(doc_loc)
    templates: dict[str, str] = {}
    common = _first(doc, "CommonData")
    if common is not None:
        for tpl in _children(common, "TemplatePage"):
            if tpl.get("ID") and tpl.get("BaseLoc"):
                templates[tpl.get("ID")] = _resolve(doc_dir, tpl.get("BaseLoc"))
    pages_el = _first(doc, "Pages")
    entries = [] if pages_el is None else _children(pages_el, "Page")
    check_pages(len(entries), pkg.limits, path=pkg.path)
    template_chars: dict[str, list[_Char]] = {}
    out: list[list[_Char]] = []
    for entry in entries:
        loc = entry.get("BaseLoc")
        if not loc:
            raise CorruptFile("an OFD page has no BaseLoc", path=pkg.path)
        page_loc = _resolve(doc_dir, loc)
        root = pkg.xml(page_loc)
        chars = _page_chars(root)
        for tpl in _children(root, "Template"):
            tid = tpl.get("TemplateID")
            if tid in templates:  # the template's text (a 版头, a running footer) is on the page
                if tid not in template_chars:
                    template_chars[tid] = _page_chars(pkg.xml(templates[tid]))
                chars = chars + template_chars[tid]
        chars.sort()
        out.append(chars)
    return out


def ofd_pages(data: bytes, *, path: str | None = None, limits: Limits = DEFAULT_LIMITS) -> list[list[_Char]]:
    """Characters of every page of every document in the package, in order."""
    from .docx import check_package

    check_package(data, limits, path=path, kind="OFD")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            pkg = _Package(zf, limits, path)
            root = pkg.xml("OFD.xml")
            pages: list[list[_Char]] = []
            for body in (c for c in root.iter() if _local(c.tag) == "DocBody"):
                doc_root = _first(body, "DocRoot")
                if doc_root is not None and (doc_root.text or "").strip():
                    pages.extend(_document_pages(pkg, _resolve("", doc_root.text)))
            if not any(_local(c.tag) == "DocBody" for c in root.iter()):
                raise CorruptFile("OFD.xml names no document (DocBody/DocRoot)", path=path)
            return pages
    except PolicyParseError:
        raise
    except ZIP_ERRORS as e:
        raise CorruptFile(f"not a readable OFD file ({type(e).__name__}: {e})", path=path) from e
    except RuntimeError as e:  # zipfile: an encrypted member needs a password
        raise EncryptedDocument(f"the OFD has encrypted parts ({e})", path=path) from e


def load_ofd(data: bytes, *, path: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Loaded:
    from .pdf import _assemble, _drop_furniture, _lines, _Page, _page_offsets, _render

    pages = [_Page(items=list(_lines(chars))) for chars in ofd_pages(data, path=path, limits=limits)]
    if not any(p.items for p in pages):
        return Loaded(text="", format="ofd", path=path, sha256=sha256_of(data))
    _drop_furniture(pages)
    text = _render(_assemble(pages))
    return Loaded(
        text=text,
        format="ofd",
        path=path,
        sha256=sha256_of(data),
        page_starts=tuple(_page_offsets(text, pages)),
    )
