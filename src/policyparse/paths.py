"""File names of any bytes, shown safely.

A scraped folder holds names in GBK or other non-UTF-8 bytes; Python reads them with
surrogate escapes (``\\udcb9``), which no UTF-8 output (JSON, parquet, a terminal) can hold.
``shown`` writes those bytes as ``\\xb9`` escapes instead, so the name is still recognisable
and every output stays valid. ``for_terminal`` also escapes control characters: a file named
``a\\x1b[2J.txt`` must not clear the user's screen when its error is printed.
"""

from __future__ import annotations

import os
import re

_SURROGATE = re.compile("[\ud800-\udfff]")
# C0 and C1 controls and DEL, but not the newline of a multi-line message
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def shown(path: str | os.PathLike[str] | None) -> str | None:
    """``path`` as valid Unicode: undecodable bytes written ``\\xNN``."""
    if path is None:
        return None
    text = os.fspath(path)
    if isinstance(text, bytes):
        return text.decode("utf-8", "backslashreplace")
    if not _SURROGATE.search(text):
        return text
    return os.fsencode(text).decode("utf-8", "backslashreplace")


def for_terminal(text: str) -> str:
    """``text`` with undecodable bytes and control characters escaped (``\\x1b``)."""
    text = shown(text) or ""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
