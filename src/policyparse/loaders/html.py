"""HTML pages saved from government sites: the article body, tables in the loader convention.

The body is the content container with the most CJK text among the usual ones (div#zoom,
.TRS_Editor, .article, .content, article, ...); menus, headers, footers, scripts and share
buttons are dropped. ``<p>``, ``<div>``, ``<br>`` and headings break lines. Sites often print
the article's title in a heading outside that container (``<h1 class="article-title">``); a
heading that repeats the page's ``<title>`` (less its site-name suffix) is then put first.
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import CorruptFile
from ..limits import DEFAULT_LIMITS, Limits, check_depth, check_table
from .loaded import Loaded, sha256_of
from .text import decode_text

_CONTAINERS = (
    "//*[@id='zoom' or @id='Zoom' or @id='content' or @id='UCAP-CONTENT' or @id='article']",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' TRS_Editor ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' article ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' content ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' article-content ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' pages_content ')]",
    "//article",
    "//main",
)
_DROP = ("script", "style", "noscript", "nav", "header", "footer", "iframe", "form", "button", "select")
_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "section", "article", "blockquote", "pre", "center", "dd", "dt"}  # fmt: skip
_HAN = re.compile(r"[\u4e00-\u9fff]")
_SPACE = re.compile(r"\s+")
# a page title is "article title | site" (or _ / - / — between them)
_SITE_SUFFIX = re.compile(r"\s*(?:[|_｜]|\s[-—–]\s).*$")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.I)


def _decode(data: bytes, path: str | None) -> str:
    m = _META_CHARSET.search(data[:4096])
    # a page "in UTF-16" whose bytes hold no NUL is not UTF-16 (the meta tag itself is ASCII):
    # decoding it so turns every two bytes into one random CJK character
    if (
        m
        and m.group(1).lower().startswith((b"utf-16", b"utf-32", b"utf16", b"utf32", b"ucs"))
        and b"\0" not in data[:4096]
    ):
        m = None
    if m:
        try:
            return data.decode(m.group(1).decode("ascii").lower().replace("gb2312", "gb18030"))
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_text(data, path=path)


def _han_count(el: Any) -> int:
    return len(_HAN.findall(el.text_content()))


def _body(root: Any) -> Any:
    best, best_n = None, 0
    for xpath in _CONTAINERS:
        for el in root.xpath(xpath):
            n = _han_count(el)
            if n > best_n:
                best, best_n = el, n
    body = root.find("body")
    return best if best is not None else (body if body is not None else root)


def _outside_title(root: Any, body: Any) -> str | None:
    """The article title printed in a heading outside the body container, when the body lacks it."""
    page = _SPACE.sub(" ", root.findtext(".//title") or "").strip()
    page = _SPACE.sub("", _SITE_SUFFIX.sub("", page))
    if len(_HAN.findall(page)) < 6 or page in _SPACE.sub("", body.text_content()):
        return None
    for heading in root.iter("h1", "h2", "h3"):
        text = _SPACE.sub("", heading.text_content())
        if text == page or (len(text) >= 8 and page.startswith(text)):
            return text
    return None


class _Writer:
    def __init__(self, limits: Limits = DEFAULT_LIMITS, path: str | None = None, depth: int = 0) -> None:
        self.lines: list[str] = []
        self.current: list[str] = []
        self.limits, self.path = limits, path
        self.depth = depth  # tables this writer is inside (a cell's writer is one deeper)

    def flush(self) -> None:
        text = re.sub(r"[ \t\r\n\xa0]+", " ", "".join(self.current)).strip()
        if text:
            self.lines.append(text)
        self.current = []

    def walk(self, el: Any) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _DROP:
            self.current.append(el.tail or "")
            return
        if tag == "table":
            self.flush()
            self.table(el)
            self.current.append(el.tail or "")
            return
        if tag == "br":
            self.flush()
            self.current.append(el.tail or "")
            return
        block = tag in _BLOCK
        if block:
            self.flush()
        self.current.append(el.text or "")
        for child in el:
            self.walk(child)
        if block:
            self.flush()
        self.current.append(el.tail or "")

    def cell_lines(self, cell: Any) -> list[str]:
        inner = _Writer(self.limits, self.path, self.depth)
        inner.current.append(cell.text or "")
        for child in cell:
            inner.walk(child)
        inner.flush()
        return [ln.replace("\t", " ") for ln in inner.lines]

    def table(self, table: Any) -> None:
        self.depth += 1
        check_depth(self.depth, "tables", self.limits, path=self.path)
        if self.lines and self.lines[-1] != "":
            self.lines.append("")
        rows = cells_seen = 0
        for tr in _own_rows(table):
            cells = [c for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]
            rows, cells_seen = rows + 1, cells_seen + len(cells)
            check_table(rows, cells_seen, self.limits, path=self.path)
            rendered = [self.cell_lines(c) for c in cells]
            if not any(rendered):
                continue
            for lines in rendered:
                self.lines.append("\t" + (lines[0] if lines else ""))
                for extra in lines[1:]:
                    self.lines.extend(["", extra])  # further paragraphs of a cell, as in 001
            self.lines.append("")
        self.depth -= 1


def _own_rows(table: Any) -> Any:
    """The rows of ``table`` itself, not of tables nested in its cells (those are read with the
    cell's text; reading them again at every level grew the text 2^depth: 20 nested tables in
    792 bytes took 7 GB)."""
    for tr in table.iter("tr"):
        parent = tr.getparent()
        while parent is not None and parent.tag != "table":
            parent = parent.getparent()
        if parent is table:
            yield tr


def html_to_text(data: bytes, *, path: str | None = None, limits: Limits = DEFAULT_LIMITS) -> str:
    import lxml.html

    text = _decode(data, path)
    try:
        root = lxml.html.document_fromstring(text)
    except Exception as e:  # lxml raises ParserError / ValueError on empty or broken input
        raise CorruptFile(f"not a readable HTML page ({e})", path=path) from e
    writer = _Writer(limits, path)
    body = _body(root)
    title = _outside_title(root, body)
    if title:
        writer.lines.append(title)
    writer.walk(body)
    writer.flush()
    return "\n".join(writer.lines).strip("\n") + "\n"


def load_html(data: bytes, *, path: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Loaded:
    text = html_to_text(data, path=path, limits=limits)
    return Loaded(text=text, format="html", path=path, sha256=sha256_of(data))
