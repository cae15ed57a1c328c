"""What every loader returns (``Loaded``), and the two byte checks they share.

Kept apart from ``loaders/__init__`` (which dispatches to the format modules through the
registry) so that the format modules import it without an import cycle.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Loaded:
    """What a loader produces."""

    text: str
    format: str
    path: str | None = None
    sha256: str = ""
    page_starts: tuple[int, ...] = ()
    warnings: tuple[str, ...] = field(default=())
    ocr_pages: tuple[int, ...] = ()  # 1-based pages whose text was read by OCR


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sniff_format(data: bytes) -> str | None:
    """``"pdf"`` or ``"docx"`` when the bytes start as such a file does, else ``None``."""
    head = data[:1024]
    if head.lstrip(b"\x00\t\n\r\x0c ").startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04") and b"[Content_Types].xml" in data[:65536]:
        return "docx"
    return None
