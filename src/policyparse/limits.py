"""Resource limits for untrusted input: what a file may cost before it is refused.

Scraped folders hold broken and occasionally hostile files. Each limit is checked *before* the
expensive step it protects (the file size before reading, the zip directory before inflating,
the page count before rendering), and a breach raises ``TooLarge`` or ``UnsafeDocument`` naming
the file, the measured size and the limit, so the user can raise the limit deliberately.

The defaults are far above any real notice (the largest State Council documents are a few
hundred pages and well under 1 M characters) and far below what hurts a 1 GB worker.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass

from .errors import CorruptFile, TooLarge, UnsafeDocument

MB = 1 << 20


@dataclass(frozen=True)
class Limits:
    """Upper bounds per input file. ``Limits()`` gives the defaults; override any field."""

    max_file_bytes: int = 100 * MB
    """Size of the file on disk (or of the bytes passed in)."""
    max_text_chars: int = 5_000_000
    """Characters of text after loading; parsing memory grows with it (about 150 bytes/char)."""
    max_pdf_pages: int = 2000
    max_unzipped_bytes: int = 300 * MB
    """Sum of the declared uncompressed sizes of a DOCX's zip members, checked before inflating."""
    max_zip_ratio: float = 200.0
    """Uncompressed / compressed size of one zip member (XML compresses ~10-30x, a bomb ~1000x)."""
    max_zip_members: int = 10_000
    max_nesting_depth: int = 10
    """Tables nested in table cells (HTML, DOCX); real notices nest at most 2-3 deep."""
    max_table_rows: int = 200_000
    max_table_cells: int = 2_000_000
    """Rows, and cells, of one table (HTML, DOCX)."""
    max_list_number: int = 100_000
    """A DOCX list counter (``w:start``, ``w:startOverride``); Word itself stops at 32,767."""
    max_stream_bytes: int = 256 * MB
    """Sum of a PDF's inflated (FlateDecode) streams, measured before the PDF is opened."""
    max_memory_mb: int = 2048
    """Address space of a batch worker (``resource.setrlimit``), so one file cannot take the machine."""

    def __post_init__(self) -> None:
        for name, value in vars(self).items():
            if value <= 0:
                raise ValueError(f"limit {name} must be positive, got {value!r}")


DEFAULT_LIMITS = Limits()

# a member this small cannot hurt however well it compresses (an all-blank styles.xml does)
_RATIO_FLOOR_BYTES = 1 * MB


def _size(n: float) -> str:
    return f"{n / MB:.1f} MB" if n >= MB else f"{int(n)} bytes"


def check_file_size(size: int, limits: Limits = DEFAULT_LIMITS, *, path: str | None = None) -> None:
    if size > limits.max_file_bytes:
        raise TooLarge(
            f"the file is {_size(size)}, over the limit of {_size(limits.max_file_bytes)}", path=path
        )


def check_text_length(text: str, limits: Limits = DEFAULT_LIMITS, *, path: str | None = None) -> None:
    if len(text) > limits.max_text_chars:
        raise TooLarge(
            f"the text has {len(text):,} characters, over the limit of {limits.max_text_chars:,}", path=path
        )


_SURROGATE = re.compile("[\ud800-\udfff]")


def check_text(text: str, limits: Limits = DEFAULT_LIMITS, *, path: str | None = None) -> None:
    """Refuse a text over ``limits.max_text_chars`` or holding lone surrogates (not Unicode: no
    UTF-8 encoding exists for them, so the JSON output could not be written). Call it on ``str``
    input; the loaders call it on what they decode.
    """
    check_text_length(text, limits, path=path)
    bad = _SURROGATE.search(text)
    if bad:
        raise CorruptFile(
            f"the text is not valid Unicode: lone surrogate U+{ord(bad.group()):04X} at character {bad.start()}",
            path=path,
        )


def replace_surrogates(text: str) -> str:
    """Lone surrogates (from a broken PDF text layer or UTF-16) replaced by U+FFFD."""
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def check_depth(depth: int, what: str, limits: Limits = DEFAULT_LIMITS, *, path: str | None = None) -> None:
    if depth > limits.max_nesting_depth:
        raise UnsafeDocument(
            f"{what} nested {depth} deep, over the limit of {limits.max_nesting_depth}", path=path
        )


def check_table(rows: int, cells: int, limits: Limits = DEFAULT_LIMITS, *, path: str | None = None) -> None:
    if rows > limits.max_table_rows:
        raise TooLarge(f"a table has more than {limits.max_table_rows:,} rows (the limit)", path=path)
    if cells > limits.max_table_cells:
        raise TooLarge(f"a table has more than {limits.max_table_cells:,} cells (the limit)", path=path)


def check_pages(pages: int, limits: Limits = DEFAULT_LIMITS, *, path: str | None = None) -> None:
    if pages > limits.max_pdf_pages:
        raise TooLarge(f"the PDF has {pages} pages, over the limit of {limits.max_pdf_pages}", path=path)


def check_zip(
    infos: Iterable[zipfile.ZipInfo], limits: Limits = DEFAULT_LIMITS, *, path: str | None = None
) -> None:
    """Refuse a zip bomb from its directory alone, before any member is inflated.

    The declared sizes could lie, so readers must still read members with a bounded read
    (``read_member``); the directory check refuses the honest bombs cheaply.
    """
    total = 0
    for count, info in enumerate(infos, 1):
        if count > limits.max_zip_members:
            raise UnsafeDocument(
                f"the archive has more members than the limit of {limits.max_zip_members}", path=path
            )
        total += info.file_size
        if total > limits.max_unzipped_bytes:
            raise UnsafeDocument(
                f"the archive would inflate to more than {_size(limits.max_unzipped_bytes)} (a zip bomb?)",
                path=path,
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > _RATIO_FLOOR_BYTES and ratio > limits.max_zip_ratio:
            raise UnsafeDocument(
                f"member {info.filename!r} inflates {ratio:.0f}x ({_size(info.file_size)}), "
                f"over the limit of {limits.max_zip_ratio:g}x (a zip bomb?)",
                path=path,
            )


def read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits = DEFAULT_LIMITS, *,
                path: str | None = None) -> bytes:  # fmt: skip
    """A zip member's bytes, reading at most ``max_unzipped_bytes`` whatever its header claims."""
    with zf.open(info) as fh:
        data = fh.read(limits.max_unzipped_bytes + 1)
    if len(data) > limits.max_unzipped_bytes:
        raise UnsafeDocument(
            f"member {info.filename!r} inflates to more than {_size(limits.max_unzipped_bytes)} (a zip bomb?)",
            path=path,
        )
    return data
