"""A PDF's compressed streams measured before the PDF is opened (a Flate bomb).

pdfium inflates a content stream whole in memory: 1 MB of Flate data inflating ~2000x took
2.1 GB before the file turned out to hold no text. Here each ``/FlateDecode`` stream is
inflated in bounded chunks that are counted and dropped, and the sum is refused over
``Limits.max_stream_bytes``. Memory stays at one chunk; the time is that of zlib (~1 s a GB,
stopped at the limit). Streams that fail to inflate (encrypted, damaged) are left to pdfium.
"""

from __future__ import annotations

import re
import zlib

from ..errors import UnsafeDocument
from ..limits import DEFAULT_LIMITS, Limits

_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_CHUNK = 1 << 20
_DICT_REACH = 400  # bytes before ``stream`` where its dictionary (and /Filter) stands


def check_streams(data: bytes, limits: Limits = DEFAULT_LIMITS, *, path: str | None = None) -> None:
    total = 0
    for m in _STREAM.finditer(data):
        head = data[max(0, m.start() - _DICT_REACH) : m.start()]
        if b"/Fl" not in head:  # /FlateDecode, or its abbreviation /Fl
            continue
        total += _inflated_size(data, m.end(), limits.max_stream_bytes - total)
        if total > limits.max_stream_bytes:
            raise UnsafeDocument(
                f"the PDF's compressed streams inflate to more than {limits.max_stream_bytes >> 20} MB "
                "(Limits.max_stream_bytes; a decompression bomb?)",
                path=path,
            )


def _inflated_size(data: bytes, start: int, budget: int) -> int:
    """Bytes the zlib stream at ``start`` inflates to, counted up to just over ``budget``."""
    d = zlib.decompressobj()
    size = 0
    pos = start
    try:
        while (pos < len(data) or d.unconsumed_tail) and size <= budget:
            piece = d.unconsumed_tail or data[pos : pos + _CHUNK]
            if not d.unconsumed_tail:
                pos += len(piece)
            size += len(d.decompress(piece, _CHUNK))
            if d.eof:
                break
    except zlib.error:
        pass  # not (or no longer) Flate data: pdfium decides
    return size
