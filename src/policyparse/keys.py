"""``content_key``: one key for one notice, whatever file format it came in.

The TXT, PDF and DOCX of a notice differ in line breaks, spaces, page numbers, table layout
and full-/half-width forms, not in their words and numbers. The key is the sha256 of the text
folded by NFKC with everything but letters and digits dropped, so those renderings share it
(checked on every dev and held-out notice rendered to PDF and DOCX) while any change of a word
or number gives another key.

>>> content_key("一、总体要求\\n全年完成 65 万人次。") == content_key("一、总体要求全年完成６５万人次")
True
"""

from __future__ import annotations

import hashlib
import unicodedata

import regex

_KEPT = regex.compile(r"[\p{L}\p{N}]+")


def key_text(text: str) -> str:
    """The letters and digits of ``text`` after NFKC folding, in order."""
    return "".join(_KEPT.findall(unicodedata.normalize("NFKC", text)))


def content_key(text: str) -> str:
    """sha256 (hex) of :func:`key_text`."""
    return hashlib.sha256(key_text(text).encode("utf-8")).hexdigest()
