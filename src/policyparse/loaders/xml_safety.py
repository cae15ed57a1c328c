"""XML safety for the members of a zip package (DOCX, and OFD/archives through the same call).

A DTD can declare entities that expand exponentially (billion laughs) or pull in files and
URLs (XXE). Word and OFD writers never write one, so any member declaring a DTD or an entity
is refused before an XML parser sees it, whatever the member's name (a ``.png`` that is XML
is still parsed if a relationship points at it) and whatever its encoding: the markers are
searched in UTF-8, UTF-16 and UTF-32 of either byte order, in any letter case, and an XML
declaration naming another encoding (UTF-7, EBCDIC …, in which the markers have other bytes)
is refused too.
"""

from __future__ import annotations

import re
import zipfile
import zlib

from ..errors import UnsafeDocument

_MARKERS = ("<!doctype", "<!entity")
_ENCODINGS = ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")


def _any_case(marker: str, enc: str) -> bytes:
    """``marker`` as a bytes pattern in encoding ``enc``, letters in either case."""
    out = []
    for ch in marker:
        if ch.isalpha():
            out.append(b"(?:" + re.escape(ch.encode(enc)) + b"|" + re.escape(ch.upper().encode(enc)) + b")")
        else:
            out.append(re.escape(ch.encode(enc)))
    return b"".join(out)


_DTD = re.compile(b"|".join(_any_case(m, enc) for m in _MARKERS for enc in _ENCODINGS))
_DECLARED = re.compile(
    rb"""^(?:\xef\xbb\xbf)?<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._-]{1,40})["']"""
)
_PLAIN_ENCODINGS = {"utf-8", "utf8", "utf-16", "utf16", "utf-16le", "utf-16be", "ascii", "us-ascii", "gb2312", "gbk",
                    "gb18030", "iso-8859-1", "latin-1", "windows-1252"}  # fmt: skip


def refuse_dtd(member: str, data: bytes, *, path: str | None = None) -> None:
    """Raise ``UnsafeDocument`` when ``data`` (one package member) declares a DTD or entities,
    or declares an encoding in which that could not be seen."""
    if _DTD.search(data):
        raise UnsafeDocument(
            f"{member} declares a DTD or entities (XML entity expansion or external entity)", path=path
        )
    declared = _DECLARED.match(data)
    if declared and declared.group(1).decode("ascii").lower() not in _PLAIN_ENCODINGS:
        raise UnsafeDocument(
            f"{member} declares the XML encoding {declared.group(1).decode('ascii')!r}, "
            "which no office writer uses (a way to hide a DTD)",
            path=path,
        )


# what reading a damaged zip container (DOCX, OFD) raises: bad members, unsupported compression
# (NotImplementedError), a bad CRC (BadZipFile), a truncated stream
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    OSError,
    EOFError,
    ValueError,
    NotImplementedError,
)
