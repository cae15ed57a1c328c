"""Character boxes of a PDF page from the PDF's own metrics, the same on every machine.

pdfium's character boxes, the "loose" ones too, take in the outline of the glyph as drawn; for a
font the PDF does not embed (reportlab's STSong-Light, an office's 宋体 left out) that glyph comes
from whatever system font pdfium substitutes, or from none, and the boxes changed with the fonts
installed: wraps, spaces and table cells with them. Here a character's box is its em box: from
the origin pdfium reports, as wide as the advance width the font dictionary gives (``/W``,
``/Widths``, or the standard-14 metrics built into pdfium), from 0.12 em below the baseline to
0.88 em above (the ideographic em box), scaled and turned by its text object's matrix.

Without the outlines pdfium's text page also leaves text objects out: one whose box has no
width (a lone character: 序 and 号 of a header cell wrapped one character a line, the last
character of a paragraph wrapped onto a line of its own), and one repeating the text of the object
before it a line lower (a cell's two identical lines), taken for a glyph drawn twice. Every text
object in a font that is not embedded and has no character on the text page is read back from
pdfminer (through pdfplumber, opened for that page only), its characters found at its origin, and
boxed the same way. With the outlines installed nothing is left out and pdfminer is not opened.
"""

from __future__ import annotations

import ctypes
import functools
from collections.abc import Callable
from typing import Any

Char = tuple[float, float, float, float, float, str]  # centre from top, left, right, top, size, char

_Info = tuple[int, float, float, float, float, float]  # font, size, linear part of the matrix a b c d
_ASCENT, _DESCENT = 0.88, -0.12  # em box above and below the baseline
_SAME = 0.05  # pt: pdfium's and pdfminer's origins of one character differ by float rounding
_FORM, _TEXT = 5, 1  # FPDF_PAGEOBJ_FORM, FPDF_PAGEOBJ_TEXT


@functools.cache
def _api() -> Any:
    """The pdfium functions used per character, declared with plain ``void*`` handles: the
    handles serve as dictionary keys, and pypdfium2's typed pointers would need a cast each."""
    import pypdfium2.raw as pdfium_c

    vp, c_int, c_float = ctypes.c_void_p, ctypes.c_int, ctypes.c_float
    pf = ctypes.POINTER(c_float)

    def fn(name: str, restype: Any, *argtypes: Any) -> Any:
        address = ctypes.cast(getattr(pdfium_c, name), vp).value
        assert address, name
        return ctypes.CFUNCTYPE(restype, *argtypes)(address)

    def unchecked(name: str, restype: Any) -> Any:
        """Called once per character: no argument conversion (a third of the call's cost), so
        the caller passes ctypes objects for pointers and Python ints only for C ints."""
        f = fn(name, restype)
        f.argtypes = None
        return f

    class Api:
        # per character: (textpage as c_void_p, index, byref(c_double) ...)
        text_object = unchecked("FPDFText_GetTextObject", vp)
        origin = unchecked("FPDFText_GetCharOrigin", c_int)
        is_generated = unchecked("FPDFText_IsGenerated", c_int)
        loose_box = fn("FPDFText_GetLooseCharBox", c_int, vp, c_int, ctypes.POINTER(pdfium_c.FS_RECTF))
        char_matrix = fn("FPDFText_GetMatrix", c_int, vp, c_int, ctypes.POINTER(pdfium_c.FS_MATRIX))
        font = fn("FPDFTextObj_GetFont", vp, vp)
        font_size = fn("FPDFTextObj_GetFontSize", c_int, vp, pf)
        glyph_width = fn("FPDFFont_GetGlyphWidth", c_int, vp, ctypes.c_uint32, c_float, pf)
        is_embedded = fn("FPDFFont_GetIsEmbedded", c_int, vp)
        matrix = fn("FPDFPageObj_GetMatrix", c_int, vp, ctypes.POINTER(pdfium_c.FS_MATRIX))
        obj_type = fn("FPDFPageObj_GetType", c_int, vp)
        page_count = fn("FPDFPage_CountObjects", c_int, vp)
        page_object = fn("FPDFPage_GetObject", vp, vp, c_int)
        form_count = fn("FPDFFormObj_CountObjects", c_int, vp)
        form_object = fn("FPDFFormObj_GetObject", vp, vp, ctypes.c_ulong)
        FS_MATRIX = pdfium_c.FS_MATRIX
        FS_RECTF = pdfium_c.FS_RECTF

    return Api


class _Metrics:
    """Per text object: font, size and matrix; per font and character: the advance in em."""

    def __init__(self) -> None:
        self.api = _api()
        self.objects: dict[int, _Info] = {}
        self.widths: dict[int, dict[str, float | None]] = {}  # font -> character -> em
        self._size = ctypes.c_float()
        self._matrix = self.api.FS_MATRIX()

    def of_object(self, obj: int, textpage: Any, index: int) -> _Info:
        """``(font, size, a, b, c, d)`` of the object of character ``index``: the linear part of
        the character's matrix (text matrix, page and form matrices, horizontal scaling) scales
        the em box."""
        info = self.objects.get(obj)
        if info is None:
            m = self._matrix
            if not self.api.char_matrix(textpage, index, ctypes.byref(m)):
                m.a, m.b, m.c, m.d = 1.0, 0.0, 0.0, 1.0
            info = self.add(obj, (m.a, m.b, m.c, m.d))
        return info

    def add(self, obj: int, linear: tuple[float, float, float, float]) -> _Info:
        api = self.api
        size = self._size.value if api.font_size(obj, ctypes.byref(self._size)) else 0.0
        info = (api.font(obj) or 0, size, *linear)
        self.objects[obj] = info
        return info

    def advance(self, font: int, ch: str) -> float | None:
        """The advance width of ``ch`` in em, from the font dictionary; None when pdfium has none."""
        known = self.widths.setdefault(font, {})
        if ch not in known:
            width = ctypes.c_float()
            ok = font and len(ch) == 1 and self.api.glyph_width(font, ord(ch), 1.0, ctypes.byref(width))
            known[ch] = width.value if ok else None
        return known[ch]


def _box(x: float, y: float, em: float, info: _Info, height: float, ch: str) -> Char:
    """The em box at origin ``(x, y)`` (PDF space), ``em`` em wide, as a character tuple."""
    _, size, a, b, c, d = info
    ax, ay = a * em * size, b * em * size  # the advance vector
    ux, uy = c * size, d * size  # one em up
    xs = [x + t * ax + k * ux for t in (0, 1) for k in (_DESCENT, _ASCENT)]
    ys = [y + t * ay + k * uy for t in (0, 1) for k in (_DESCENT, _ASCENT)]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    top, tall = height - y1, y1 - y0
    return (top + tall / 2, x0, x1, top, tall, ch)


def page_chars(page: Any, textpage: Any, plumber: Callable[[], Any] | None) -> list[Char]:
    """Characters of the page with their em boxes, top to bottom (``plumber`` opens the page in
    pdfplumber; it is called only for a page with a character pdfium's text page left out).

    pdfium's own line breaks follow the content stream, in which an office writes some glyphs
    (quotes in a fallback font, page furniture) apart from their line; boxes put them back.
    """
    import pypdfium2.raw as pdfium_c

    api = _api()
    height = page.get_height()
    n = textpage.count_chars()
    chars: list[Char] = []
    metrics = _Metrics()
    if n > 0:
        raw = ctypes.c_void_p(ctypes.cast(textpage.raw, ctypes.c_void_p).value)
        text = textpage.get_text_range()
        if len(text) != n:  # characters outside the BMP: read them one by one
            text = "".join(chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, i) or 32) for i in range(n))
        x, y = ctypes.c_double(), ctypes.c_double()
        xr, yr = ctypes.byref(x), ctypes.byref(y)
        text_object, origin, is_generated, append = (
            api.text_object,
            api.origin,
            api.is_generated,
            chars.append,
        )
        # per text object: its font's widths, the font, advance scale and em height when upright
        # (the usual case; else 0), and its _Info
        upright: dict[int, tuple[dict[str, float | None], int, float, float, _Info]] = {}
        for i, ch in enumerate(text):
            if ch.isspace() and (ch in "\r\n" or is_generated(raw, i) == 1):
                continue  # line breaks and spaces pdfium made up; real spaces are kept
            obj = text_object(raw, i)
            if not obj or not origin(raw, i, xr, yr):
                continue
            known = upright.get(obj)
            if known is None:
                info = metrics.of_object(obj, raw, i)
                _, size, a, b, c, d = info
                straight = b == 0 and c == 0 and a > 0 and d > 0 and size > 0
                known = upright[obj] = (
                    metrics.widths.setdefault(info[0], {}),
                    info[0],
                    a * size if straight else 0.0,
                    d * size if straight else 0.0,
                    info,
                )
            font_widths, font, scale, tall, info = known
            em = font_widths.get(ch)
            if em is None:
                em = metrics.advance(font, ch)
                if em is None:  # no width for it in the font: pdfium's loose box, the only measure left
                    em = _loose_width(api, raw, i, info)
            if scale:
                left = x.value
                top = height - y.value - _ASCENT * tall
                append((top + 0.5 * tall, left, left + scale * em, top, tall, ch))
            elif info[1] > 0:
                append(_box(x.value, y.value, em, info, height, ch))
    missing, starts = _dropped_objects(page, set(metrics.objects), metrics)
    if missing and plumber is not None:
        chars.extend(_recover(missing, starts, plumber, metrics, height, chars))
    chars.sort()
    return chars


def _loose_width(api: Any, raw: Any, i: int, info: _Info) -> float:
    rect = api.FS_RECTF()
    if not api.loose_box(raw, i, ctypes.byref(rect)) or info[1] <= 0 or info[2] == 0:
        return 0.0
    return abs(rect.right - rect.left) / (info[1] * abs(info[2]))


def _dropped_objects(
    page: Any, seen: set[int], metrics: _Metrics
) -> tuple[list[tuple[int, float, float]], list[tuple[float, float]]]:
    """Text objects in a font that is not embedded which pdfium's text page left out, as
    ``(object, x, y)`` with the object's origin in page space; and the origins of all text objects.

    Without the glyph outlines pdfium drops an object whose box has no width (one character) and,
    taking it for a glyph drawn twice, one whose text repeats the object before it a line lower
    (a cell's two identical lines). An embedded font draws the same outlines on every machine:
    what pdfium leaves out of such an object is left out everywhere.
    """
    api = metrics.api
    m = api.FS_MATRIX()

    def walk(all_origins: bool) -> list[tuple[int, float, float]]:
        """``(object, x, y)`` of the objects left out, or of every text object."""
        found: list[tuple[int, float, float]] = []
        # (object holder, is a form, the form's matrix to page space)
        stack: list[tuple[int, bool, tuple[float, ...]]] = [(page.raw, False, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0))]
        while stack:
            holder, is_form, outer = stack.pop()
            count = api.form_count(holder) if is_form else api.page_count(holder)
            for k in range(max(count, 0)):
                obj = api.form_object(holder, k) if is_form else api.page_object(holder, k)
                kind = api.obj_type(obj) if obj else 0
                if kind == _TEXT and not all_origins:
                    font = None if obj in seen else api.font(obj)
                    if not font or api.is_embedded(font) == 1:
                        continue  # on the text page, or drawn the same everywhere
                elif kind not in (_FORM, _TEXT):
                    continue
                if not api.matrix(obj, ctypes.byref(m)):
                    continue
                a, b, c, d, e, f = _multiply((m.a, m.b, m.c, m.d, m.e, m.f), outer)
                if kind == _FORM:
                    stack.append((obj, True, (a, b, c, d, e, f)))
                    continue
                if not all_origins:
                    metrics.add(obj, (a, b, c, d))
                found.append((obj, e, f))
        return found

    out = walk(False)
    if not out:  # the usual case: one cheap pass over the page's objects
        return [], []
    return out, [(e, f) for _, e, f in walk(True)]


def _multiply(m: tuple[float, ...], n: tuple[float, ...]) -> tuple[float, ...]:
    """``m`` then ``n`` (PDF row-vector matrices ``a b c d e f``)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def _recover(
    missing: list[tuple[int, float, float]],
    starts: list[tuple[float, float]],
    plumber: Callable[[], Any],
    metrics: _Metrics,
    height: float,
    chars: list[Char],
) -> list[Char]:
    """The characters of ``missing`` objects, from pdfminer: the character drawn at an object's
    origin and those after it on its baseline, up to the origin of another text object."""
    try:
        plumber_page = plumber()
        try:
            found = [(float(c["matrix"][4]), float(c["matrix"][5]), c["text"]) for c in plumber_page.chars]
        finally:
            plumber_page.close()  # drop pdfplumber's per-page caches
    except Exception:  # pdfminer cannot read what pdfium can: the page stays as pdfium reads it
        return []

    def near(x: float, y: float, points: list[tuple[float, float]]) -> bool:
        return any(abs(px - x) < _SAME and abs(py - y) < _SAME for px, py in points)

    out: list[Char] = []
    used: set[int] = set()
    for obj, x, y in missing:
        info = metrics.objects[obj]
        _, size, a, b, _, _ = info
        if size <= 0:
            continue
        norm = max((a * a + b * b) ** 0.5, 1e-9)
        j = next((j for j, (cx, cy, _) in enumerate(found) if j not in used and near(cx, cy, [(x, y)])), None)
        first = j
        while j is not None and j < len(found) and j not in used:
            cx, cy, ch = found[j]
            # the object goes on along its baseline until a character where another object starts
            off_line = abs((cx - x) * b - (cy - y) * a) / norm > _SAME
            if j != first and (off_line or (not near(cx, cy, [(x, y)]) and near(cx, cy, starts))):
                break
            used.add(j)
            j += 1
            em = metrics.advance(info[0], ch) if len(ch) == 1 and ch not in "\r\n" else None
            if em is None:
                continue
            box = _box(cx, cy, em, info, height, ch)
            # pdfium drops a glyph drawn twice over itself (fake bold): so does this
            if not any(
                c[5] == ch and abs(c[1] - box[1]) < 0.5 * box[4] and abs(c[0] - box[0]) < 0.1 * box[4]
                for c in (*chars, *out)
            ):
                out.append(box)
    return out
