"""PDF: text in reading order, paragraphs re-joined, page furniture removed, ruled tables.

Text comes from pypdfium2 (fast: one text page per PDF page, plus a box per character for
the layout cues, from the PDF's own font metrics, so the same on every machine: ``pdf_chars``).
On pages that draw more than a horizontal rule, ruled tables are built from pdfium's path
objects (``pdf_grid``, pdfplumber's method); pdfplumber itself (about 7 table pages/s) is only
the fallback for a page that draws rulings but yields no grid that way.
Pages are opened, read and closed one at a time, so memory stays flat on long files.

Layout cues, all from GB/T 9704 page conventions:

* a line that reaches the right margin and is followed by a line starting at the left margin
  (not indented, not a clause label) is wrapped: the two are joined (CJK without a space);
  when the document indents no paragraph, a line ending a sentence also ends the paragraph;
* page numbers (``— 3 —``, ``- 3 -``, ``第3页``) and a running header or footer (the same
  line at the top or bottom of most pages) are dropped;
* a table continued on the next page is joined to its first part; the repeated header row is
  dropped; a row broken by the page (first cell empty) is merged into the row it continues.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..errors import CorruptFile, EncryptedDocument, NoTextLayer, PolicyParseError
from ..limits import DEFAULT_LIMITS, Limits, check_pages
from ..normalize import ends_with_note, insert_lost_brackets
from .loaded import Loaded, sha256_of
from .pdf_chars import Char, page_chars
from .pdf_grid import find_grids, page_edges

_PAGE_NUMBER = re.compile(
    r"^\s*(?:[—–\-－─]{1,2}\s*\d{1,4}\s*[—–\-－─]{1,2}|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4}|\d{1,3})\s*$"
)
_LABEL = re.compile(r"^\s*(?:[一二三四五六七八九十百]+[、．.]|[（(][一二三四五六七八九十百]+[）)]|\d{1,3}[.．、](?!\d)|[（(]\d{1,3}[）)]|[①-⑳]|第[一二三四五六七八九十百零〇\d]+[章节条]|附件)")  # fmt: skip
_UNBREAKABLE = re.compile(r"[〔［\[（(《“‘]?[0-9A-Za-z.%/\-]*[〕］\]）)》”’]?[0-9A-Za-z.%]*")
_SENTENCE_END = "。；！？：;!?:"
# lines GB/T 9704 centres under a title, which never continue it: 发文字号, 成文日期
_CENTRED_NOT_TITLE = re.compile(
    r"^.{0,12}[〔［\[【（(﹝]\s*\d{4}\s*[〕］\]】）)﹞]\s*第?\s*\d+\s*号$"
    r"|^(?:\d{4}|[〇零○一二三四五六七八九]{4})年.{1,6}日$"
)
_BAD_CHAR = re.compile(r"[\ufffd\ufffe\ue000-\uf8ff\x00-\x08\x0b\x0c\x0e-\x1f]")
_CID = re.compile(r"\(cid:\d+\)")
# A gap between two glyphs of one line wider than this (in em) is a space. Writers space CJK
# glyphs edge to edge (a digit next to CJK leaves up to ~0.23 em); an office's space glyph is
# ~0.33 em (LibreOffice draws it as a gap: two issuers on one signature line), so 0.28 em
# separates them.
_SPACE_GAP = 0.28


@dataclass
class _Line:
    text: str
    left: float
    right: float
    top: float  # distance from the top of the page
    size: float  # em box height: the font size as drawn (pdf_chars)


@dataclass
class _Table:
    top: float
    bottom: float
    rows: list[list[str]]
    page_rows: int = 0  # rows read on this table's page (later pages' rows may be appended)

    def __post_init__(self) -> None:
        self.page_rows = len(self.rows)


@dataclass
class _Page:
    items: list[_Line | _Table] = field(default_factory=list)
    has_images: bool = False  # no text layer but images: a scan
    ocr_turn: int | None = None  # read by OCR, the scan turned by this many degrees
    lost: bool = False  # the reader failed on the page: left out


# -- reading one page -----------------------------------------------------------------------


_Char = Char  # centre from top, left, right, top, size, char (boxes: pdf_chars)


def _lines(chars: list[_Char]) -> list[_Line]:
    """Lines from character boxes: grouped by height, ordered left to right.

    A character joins the line while its centre is within half the line's tallest box of the
    line's first centre: a flat glyph (一, a comma) may sort first, and its own small box would
    split off the digits of a Latin font sitting a little lower on the same line.
    """
    lines: list[_Line] = []
    group: list[_Char] = []
    tallest = 0.0
    for c in chars:
        if group and c[0] - group[0][0] > 0.5 * max(tallest, c[4]):
            lines.append(_make_line(group))
            group = []
            tallest = 0.0
        group.append(c)
        tallest = max(tallest, c[4])
    if group:
        lines.append(_make_line(group))
    return lines


def _make_line(group: list[_Char]) -> _Line:
    group.sort(key=lambda c: c[1])
    parts: list[str] = []
    prev_right = None
    for _, left, right, _, size, ch in group:
        if ch.isspace():
            ch = " "
        elif prev_right is not None and left - prev_right > _SPACE_GAP * size and parts[-1] != " ":
            parts.append(" ")  # a visible gap is a space (normalisation drops it next to digits)
        if ch != " " or (parts and parts[-1] != " "):
            parts.append(ch)
        prev_right = right
    while parts and parts[-1] == " ":
        parts.pop()
    sizes = sorted(c[4] for c in group)
    return _Line("".join(parts), group[0][1], group[-1][2], min(c[3] for c in group), sizes[len(sizes) // 2])


def _may_have_table(page: Any) -> bool:
    """Whether the page draws anything besides horizontal rules (table grids, cell boxes)."""
    import pypdfium2.raw as pdfium_c

    verticals = 0
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=1):
        left, bottom, right, top = obj.get_bounds()
        if top - bottom > 6 and right - left > 0:
            verticals += 1
            if verticals >= 2 or (top - bottom > 20 and right - left > 20):
                return True
    return False


def _has_images(page: Any) -> bool:
    import pypdfium2.raw as pdfium_c

    return any(True for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2))


def _join_wrapped(parts: list[str]) -> str:
    out = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        # Latin words wrapped in a cell keep their space; a number split by a narrow cell does not
        if out and out[-1].isascii() and out[-1].isalnum() and part[0].isascii() and part[0].isalnum():
            out += "" if out[-1].isdigit() and part[0].isdigit() else " "
        out += part
    return out


def _cell_text(lines: list[_Line], x0: float, x1: float) -> str:
    """A cell's lines: wrapped lines joined, paragraphs kept apart by a blank line (the DOCX
    loader's and the sample corpus's way of writing a cell of several paragraphs).

    A line ends its paragraph when it stops short of the cell's text edge (the right border less
    the left padding) by more than 3 characters plus the unbreakable chunk the next line starts
    with (100%, 〔2025〕3号): line breaking in a narrow cell keeps words and numbers whole, so
    wrapped lines stop up to that much short (市人力资源社会保障局、 above 市财政局 is 7 short).
    """
    paras: list[list[str]] = []
    prev: _Line | None = None
    for ln in lines:
        if prev is None:
            paras.append([ln.text])
        else:
            chunk = _UNBREAKABLE.match(ln.text)
            extra = len(chunk.group(0)) if chunk and len(chunk.group(0)) >= 2 else 0
            short = (x1 - max(prev.left - x0, 0) - prev.right) / prev.size
            if short > _CELL_WRAP_MAX_SHORT + extra:
                paras.append([ln.text])
            else:
                paras[-1].append(ln.text)
        prev = ln
    return "\n\n".join(p for p in (_join_wrapped(para) for para in paras) if p)


_CELL_WRAP_MAX_SHORT = 3.0  # characters a wrapped cell line may stop short of the edge


def _tables(grids: list[Any], chars: list[_Char]) -> list[_Table]:
    """Tables from ruled grids ``(bbox, rows of cell boxes)``; the cell text is read from
    pdfium's characters (pdfplumber splits the digits of some CID fonts: 1 0)."""
    tables = []
    centres = [c[0] for c in chars]  # chars are sorted by centre: a cell's rows are a slice
    for bbox, grid_rows in grids:
        rows = []
        for row in grid_rows:
            cells = []
            for box in row:
                if box is None:  # covered by a merged cell: written empty
                    cells.append("")
                    continue
                x0, top, x1, bottom = box
                band = chars[bisect.bisect_left(centres, top) : bisect.bisect_right(centres, bottom)]
                inside = [c for c in band if x0 <= (c[1] + c[2]) / 2 <= x1]
                cells.append(_cell_text(_lines(inside), x0, x1))
            if any(cells):
                rows.append(cells)
        if rows and (len(rows) > 1 or len(rows[0]) > 1):
            tables.append(_Table(bbox[1], bbox[3], rows))
    return tables


def _grids(page: Any, height: float, plumber: Callable[[], Any]) -> list[Any]:
    """Ruled grids of a page that draws more than horizontal rules: built from pdfium's path
    objects; when none can be built there (rulings inside form objects, say), pdfplumber's."""
    grids = find_grids(*page_edges(page, height))
    if grids:
        return grids
    plumber_page = plumber()
    try:
        return [(t.bbox, [list(row.cells) for row in t.rows]) for t in plumber_page.find_tables()]
    finally:
        plumber_page.close()  # drop pdfplumber's per-page caches


def _innermost(grids: list[Any]) -> list[Any]:
    """Grids that hold no other grid. A browser's print of a web page draws its layout boxes
    (the whole article in one frame, the 索引号/发文机关 table inside it): the frame is not a
    table, and reading both would write every character of the inner table twice."""

    def inside(inner: Any, outer: Any) -> bool:
        (a0, b0, a1, b1), (c0, d0, c1, d1) = inner[0], outer[0]
        return inner is not outer and c0 - 1 <= a0 and d0 - 1 <= b0 and a1 <= c1 + 1 and b1 <= d1 + 1

    return [g for g in grids if not any(inside(other, g) for other in grids)]


def _read_page(
    page: Any, plumber: Callable[[], Any] | None, may_have_table: bool, *, ocr: bool = False
) -> _Page:
    """``plumber`` opens the page in pdfplumber: the fallback grid finder of a page that may hold
    a ruled table (``may_have_table``), and the reader of characters pdfium's text page leaves
    out; None when pdfplumber failed on the page. ``ocr``: read a page without a text layer that
    shows images (a scan) by OCR; a page with any text layer is never OCR'd."""
    height = page.get_height()
    textpage = page.get_textpage()
    try:
        chars = page_chars(page, textpage, plumber)
    finally:
        textpage.close()
    turn: int | None = None
    scanned = not chars and _has_images(page)
    if scanned and ocr:
        from .ocr import ocr_page

        chars, turn = ocr_page(page)
        may_have_table = False  # the scan's rulings are pixels, not paths
    tables = _tables(_innermost(_grids(page, height, plumber)), chars) if may_have_table and plumber else []
    if tables:
        chars = [c for c in chars if not any(t.top - 1 <= c[0] <= t.bottom + 1 for t in tables)]
    lines = _lines(chars)
    items: list[_Line | _Table] = [*lines, *tables]
    items.sort(key=lambda it: it.top)
    return _Page(items=items, has_images=scanned, ocr_turn=turn)


# -- the whole document ---------------------------------------------------------------------


# what a browser prints at the top and foot of every page of a web page: the date and time
# (with the page title), the address (with the page counter N/M); as a page's first or last line
# it is furniture however few pages there are (rules/chrome.yaml removes such lines elsewhere)
_BROWSER_FURNITURE = re.compile(
    r"^\s*(?:(?:https?|file)://\S+(?:\s+\d{1,3}\s*/\s*\d{1,3})?"
    r"|\d{1,4}[/\-.]\d{1,2}[/\-.]\d{1,4}[,，]?\s*(?:上午|下午|凌晨|晚上|中午)?\s*\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp][Mm])?(?:\s+[^。；]{0,90})?)\s*$"
)


def _drop_furniture(pages: list[_Page]) -> None:
    """Remove page numbers, browser print headers/footers and running headers/footers (the
    same line on most pages)."""
    for page in pages:
        for idx in (0, 0, -1, -1):  # header and title may be two lines, so may address and N/M
            item = page.items[idx] if page.items else None
            if isinstance(item, _Line) and _BROWSER_FURNITURE.match(item.text):
                del page.items[idx]
        # page numbers sit in the first or last two lines of a page
        for idx in (-1, -2, 1, 0):
            item = page.items[idx] if len(page.items) > max(idx, -idx - 1) else None
            if isinstance(item, _Line) and _PAGE_NUMBER.match(item.text):
                del page.items[idx]
    if len(pages) < 3:
        return
    counts: Counter[str] = Counter()
    for page in pages:
        keys = {_furniture_key(it.text) for it in (page.items[:1] + page.items[-1:]) if isinstance(it, _Line)}
        counts.update(keys)
    running = {k for k, n in counts.items() if n >= max(3, len(pages) // 2)}
    for page in pages:
        for idx in (0, -1):
            item = page.items[idx] if page.items else None
            if isinstance(item, _Line) and _furniture_key(item.text) in running:
                del page.items[idx]


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _merge_tables(prev: _Table, nxt: _Table) -> None:
    rows = nxt.rows
    if rows and rows[0] == prev.rows[0]:
        rows = rows[1:]  # the header row repeated on the new page
    if rows and prev.rows and not rows[0][0] and len(rows[0]) == len(prev.rows[-1]):
        # a row broken by the page: its first cell (序号) stayed on the previous page
        prev.rows[-1] = [_join_wrapped([a, b]) for a, b in zip(prev.rows[-1], rows[0], strict=True)]
        rows = rows[1:]
    prev.rows.extend(rows)


@dataclass
class _Geometry:
    left: float
    right: float
    indents: bool


def _geometry(pages: list[_Page]) -> _Geometry:
    lines = [it for p in pages for it in p.items if isinstance(it, _Line)]
    if not lines:
        return _Geometry(0, 0, False)
    lefts = Counter(round(ln.left) for ln in lines)
    left = min((x for x, n in lefts.items() if n >= 2), default=min(lefts))
    # the right margin: where most lines end (full lines of justified or CJK-wrapped text);
    # a punctuation mark may hang past it, so this is not the maximum
    size = sorted(ln.size for ln in lines)[len(lines) // 2]
    bins = Counter(round(ln.right / (size / 2)) for ln in lines)
    top_bins = sorted(bins, key=lambda b: (bins[b], b), reverse=True)
    right = max(b for b in top_bins[:3] if bins[b] >= bins[top_bins[0]] / 3) * size / 2
    indented = sum(1 for ln in lines if 1.5 * ln.size <= ln.left - left <= 2.5 * ln.size)
    return _Geometry(left, right, indented >= 2)


def _wraps(a: _Line, b: _Line, geo: _Geometry, same_page: bool) -> bool:
    """Whether line ``b`` continues the paragraph of line ``a``."""
    # a line ends short of the margin when the next starts with a chunk that may not be
    # broken (〔2025〕3号, 2026年, a Latin word): allow the gap that chunk would have needed
    chunk = _UNBREAKABLE.match(b.text)
    slack = 1.2 + (len(chunk.group(0)) if chunk and len(chunk.group(0)) >= 2 else 0)
    if a.right < geo.right - slack * a.size:
        return False
    if b.left > geo.left + 0.5 * b.size:
        # a long centred title: a full first line, the rest centred under it
        centred = abs((b.left - geo.left) - (geo.right - b.right)) < b.size
        return (
            centred
            and abs(a.size - b.size) <= 0.25 * a.size  # a 版头 in large type is not the title's start
            and a.left <= geo.left + 0.5 * a.size
            and a.text[-1] not in _SENTENCE_END
            and not _CENTRED_NOT_TITLE.match(b.text)
        )
    if abs(a.size - b.size) > 0.25 * a.size or (_LABEL.match(b.text) and not _inline_enumeration(b.text)):
        return False
    if same_page and b.top - a.top > 2.2 * a.size:  # a paragraph gap, not a line feed
        return False
    # where paragraphs are indented, a full line ending a sentence may still go on (the next line
    # is not indented); a colon outside brackets, though, ends a lead-in line (主送机关：,
    # 发布时间：…浏览次数：), while （责任单位： goes on
    if a.text[-1] in "）)" and ends_with_note(a.text):  # …。（市公安局负责）: the note ends it
        return False
    return (geo.indents and not _lead_in(a.text)) or a.text[-1] not in _SENTENCE_END


def _inline_enumeration(text: str) -> bool:
    """The line opens with a circled number and holds the next one later (推出①红色研学、②宣纸
    非遗…): an enumeration inside a sentence that a wrap put at a line start, not a list item."""
    s = text.lstrip()
    return "①" <= s[:1] <= "⑲" and chr(ord(s[0]) + 1) in s[1:]


def _lead_in(text: str) -> bool:
    """The line ends with a colon that is not inside a （…） or 《…》."""
    return text[-1] in "：:" and text.rfind("（") <= text.rfind("）") and text.rfind("《") <= text.rfind("》")


def _assemble(pages: list[_Page]) -> list[str | _Table]:
    """Paragraph lines and tables in order, wrapped lines joined, continued tables merged."""
    geo = _geometry(pages)
    out: list[str | _Table] = []
    prev: _Line | _Table | None = None
    prev_page = -1
    for pno, page in enumerate(pages):
        for item in page.items:
            if isinstance(item, _Table):
                continues = isinstance(prev, _Table) and prev_page == pno - 1 and page.items[0] is item
                if continues and len(item.rows[0]) == len(prev.rows[0]):  # type: ignore[union-attr]
                    _merge_tables(prev, item)  # type: ignore[arg-type]
                else:
                    out.append(item)
            elif (
                isinstance(prev, _Line)
                and isinstance(out[-1], str)
                and _wraps(prev, item, geo, prev_page == pno)
            ):
                out[-1] += item.text
            else:
                out.append(item.text)
            prev, prev_page = (item if not isinstance(item, _Table) or out[-1] is item else prev), pno
    return out


def _render(out: list[str | _Table]) -> str:
    parts: list[str] = []
    for item in out:
        if isinstance(item, _Table):
            if parts and parts[-1] != "":
                parts.append("")
            for row in item.rows:
                parts.extend("\t" + cell for cell in row)
                parts.append("")
        else:
            parts.append(item)
    return "\n".join(parts).rstrip("\n") + "\n"


def _needles(item: _Line | _Table) -> list[str]:
    if isinstance(item, _Line):
        return [item.text]
    # a table row: its longest cell (a header row repeated on a new page is not found again)
    return [max(row, key=len) for row in item.rows[: item.page_rows] if any(row)]


def _page_offsets(text: str, pages: list[_Page]) -> list[int]:
    """Offset of each page's first line (or table row) in ``text``, searched in order."""
    starts: list[int] = []
    pos = 0
    for page in pages:
        if page.items:
            for needle in _needles(page.items[0]):
                found = text.find(needle, pos)
                if found >= 0:
                    pos = found
                    break
        starts.append(pos)
        if page.items:  # the next page starts after this page's last item
            for needle in reversed(_needles(page.items[-1])):
                found = text.find(needle, pos)
                if found >= 0:
                    pos = found
                    break
    return starts


def _check_text_quality(pages: list[_Page], path: str | None) -> None:
    sample = "".join(it.text for p in pages for it in p.items if isinstance(it, _Line))
    if len(_CID.findall(sample)) >= 3:
        raise CorruptFile(
            "the PDF text layer is (cid:NNN) glyph codes without Unicode; OCR the file or re-export it",
            path=path,
        )
    chars = sample.replace(" ", "")
    bad = len(_BAD_CHAR.findall(chars))
    if chars and bad > 0.2 * len(chars):
        raise CorruptFile(f"{bad} of {len(chars)} characters of the PDF text layer have no Unicode mapping; OCR the file or re-export it", path=path)  # fmt: skip


_UNREADABLE_SHARE = 0.5  # more unreadable pages than this: the file is damaged, not a page


def _read_all(
    pdf: Any, data: bytes, path: str | None, limits: Limits, ocr: bool
) -> tuple[list[_Page], list[str]]:
    """Every page read; a page pdfium or pdfplumber fails on is left out with a warning naming it
    (its neighbours are still parsed), unless most pages fail: then the file is damaged."""
    import pypdfium2 as pdfium

    plumber: list[Any] = []  # opened on first use: most PDFs never need it

    def plumber_page(i: int) -> Any:
        if not plumber:
            plumber.append(_open_plumber(data, path))
        return plumber[0].pages[i]

    pages: list[_Page] = []
    failed: list[str] = []
    try:
        check_pages(len(pdf), limits, path=path)
        for i in range(len(pdf)):
            try:
                page = pdf[i]
            except pdfium.PdfiumError as e:
                failed.append(f"page {i + 1} of the PDF cannot be read ({e}); it is left out")
                pages.append(_Page(lost=True))
                continue
            try:
                fallback = functools.partial(plumber_page, i)
                may_have_table = _may_have_table(page)
                try:
                    pages.append(_read_page(page, fallback, may_have_table, ocr=ocr))
                except PolicyParseError:
                    raise
                except Exception as e:  # the table finder failed: the page's text without its grids
                    if not may_have_table:
                        raise
                    pages.append(_read_page(page, None, False, ocr=ocr))
                    failed.append(
                        f"page {i + 1}: its ruled tables cannot be read ({type(e).__name__}: {e}); "
                        "its text is kept as lines"
                    )
            except PolicyParseError:
                raise
            except Exception as e:  # pdfium and pdfminer raise many types on a damaged page
                failed.append(
                    f"page {i + 1} of the PDF cannot be read ({type(e).__name__}: {e}); it is left out"
                )
                pages.append(_Page(lost=True))
            finally:
                page.close()
    finally:
        if plumber:
            plumber[0].close()
    lost = [p for p in pages if p.lost]
    if lost and (len(lost) > _UNREADABLE_SHARE * len(pages) or len(lost) == len(pages)):
        first = next(w for w in failed if w.endswith("it is left out"))
        raise CorruptFile(f"{len(lost)} of {len(pages)} pages cannot be read: {first}", path=path)
    return pages, failed


def load_pdf(
    data: bytes, *, path: str | None = None, limits: Limits = DEFAULT_LIMITS, ocr: bool | None = None
) -> Loaded:
    """``ocr``: read pages without a text layer by OCR (``None``: when the ``ocr`` extra is installed)."""
    import pypdfium2 as pdfium

    from .ocr import no_ocr_error, ocr_available
    from .pdf_logs import captured_logs
    from .pdf_streams import check_streams

    check_streams(data, limits, path=path)  # a Flate bomb, before pdfium inflates it whole

    if ocr is None:
        ocr = ocr_available()
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        if "password" in str(e).lower():
            raise EncryptedDocument(path=path) from e
        raise CorruptFile(f"not a readable PDF ({e})", path=path) from e
    try:
        with captured_logs() as noise:
            pages, warnings = _read_all(pdf, data, path, limits, ocr)
    finally:
        pdf.close()
        if ocr:
            from .ocr import release

            release()  # a no-op unless this file loaded the engine
    warnings.extend(noise.warnings())
    if not any(p.items for p in pages):
        if any(p.has_images for p in pages):
            if ocr:
                raise NoTextLayer("the PDF has no text layer and OCR read no text from its images", path=path)
            raise no_ocr_error(path)
        return Loaded(text="", format="pdf", path=path, sha256=sha256_of(data), warnings=tuple(warnings))
    ocr_pages = tuple(i + 1 for i, p in enumerate(pages) if p.ocr_turn is not None)
    scanned = [str(i + 1) for i, p in enumerate(pages) if p.has_images and p.ocr_turn is None]
    if scanned:
        them, their = ("it", "its") if len(scanned) == 1 else ("them", "their")
        hint = f"OCR read no text from {them}" if ocr else f"{their} text is missing ({_ocr_hint()})"
        warnings.append(f"{_pages_have(scanned)} no text layer (scanned?); {hint}")
    if ocr_pages:
        turned = [f"page {i + 1} turned {p.ocr_turn}°" for i, p in enumerate(pages) if p.ocr_turn]
        warnings.append(
            f"{_pages_have([str(n) for n in ocr_pages])} no text layer and {'was' if len(ocr_pages) == 1 else 'were'} read by OCR"
            + (f" ({', '.join(turned)})" if turned else "")
        )
    _check_text_quality(pages, path)
    _drop_furniture(pages)
    text, restored = insert_lost_brackets(_render(_assemble(pages)))
    if restored:
        warnings.append(
            f"{restored} （N） labels had lost their （ (a glyph the font does not map): restored"
        )
    return Loaded(
        text=text,
        format="pdf",
        path=path,
        sha256=sha256_of(data),
        page_starts=tuple(_page_offsets(text, pages)),
        warnings=tuple(warnings),
        ocr_pages=ocr_pages,
    )


def _pages_have(numbers: list[str]) -> str:
    return f"page {numbers[0]} has" if len(numbers) == 1 else f"pages {', '.join(numbers)} have"


def _ocr_hint() -> str:
    from .ocr import INSTALL_HINT

    return INSTALL_HINT


def _open_plumber(data: bytes, path: str | None) -> Any:
    import io

    import pdfplumber

    from ..logs import quiet_dependencies

    quiet_dependencies()  # pdfminer warns about every odd font on stderr otherwise

    try:
        return pdfplumber.open(io.BytesIO(data))
    except Exception as e:  # pdfminer raises many types on damaged files
        raise CorruptFile(f"not a readable PDF ({type(e).__name__}: {e})", path=path) from e
