"""Loaders: bytes of a TXT, PDF, DOCX or HTML file -> ``Loaded`` text.

Every loader returns one text in one convention, so the structure parser is the same for
all formats:

* paragraphs are lines; a blank line may separate them;
* a table row is a run of lines that start with a tab, one cell per line (an empty cell is a
  lone tab, a merged cell is written empty), rows separated by a blank line, the header row
  first; a cell with line breaks continues on lines without a tab;
* ``page_starts`` gives the offset where each page starts (PDF), so spans map to pages.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import EmptyDocument, UnsupportedFormat

SUPPORTED = {".txt": "txt", ".text": "txt", ".md": "txt", ".pdf": "pdf", ".docx": "docx",
             ".html": "html", ".htm": "html", ".doc": "doc", ".wps": "doc"}  # fmt: skip


@dataclass(frozen=True)
class Loaded:
    """What a loader produces."""

    text: str
    format: str
    path: str | None = None
    sha256: str = ""
    page_starts: tuple[int, ...] = ()
    warnings: tuple[str, ...] = field(default=())


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def load_path(path: str | Path) -> Loaded:
    """Read a file and turn it into text, choosing the loader by extension."""
    p = Path(path)
    fmt = SUPPORTED.get(p.suffix.lower())
    if fmt is None:
        raise UnsupportedFormat(f"unsupported file extension {p.suffix or '(none)'!r}", path=str(p))
    data = p.read_bytes()
    return load_bytes(data, fmt, path=str(p))


def load_bytes(data: bytes, fmt: str, *, path: str | None = None) -> Loaded:
    """Turn the bytes of a file of format ``fmt`` (txt, pdf, docx, html, doc) into text."""
    if fmt == "txt":
        from .text import load_text_bytes

        loaded = load_text_bytes(data, path=path)
    elif fmt == "pdf":
        from .pdf import load_pdf

        loaded = load_pdf(data, path=path)
    elif fmt == "docx":
        from .docx import load_docx

        loaded = load_docx(data, path=path)
    elif fmt == "html":
        from .html import load_html

        loaded = load_html(data, path=path)
    elif fmt == "doc":
        from .office import load_doc

        loaded = load_doc(data, path=path)
    else:
        raise UnsupportedFormat(f"unsupported format {fmt!r}", path=path)
    if not loaded.text.strip():
        raise EmptyDocument(path=path)
    return loaded
