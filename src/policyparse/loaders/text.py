"""Plain text in any common encoding: UTF-8 (with or without BOM), UTF-16, GB18030/GBK."""

from __future__ import annotations

from ..errors import CorruptFile
from . import Loaded, sha256_of


def decode_text(data: bytes, *, path: str | None = None) -> str:
    """Decode bytes of a text file, detecting the encoding."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if len(data) >= 4 and data[1::2].count(0) > len(data) // 4:  # UTF-16 without BOM
        try:
            return data.decode("utf-16-le")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise CorruptFile("cannot detect the text encoding (binary data?)", path=path)
    return str(best)


def load_text_bytes(data: bytes, *, path: str | None = None) -> Loaded:
    text = decode_text(data, path=path)
    if "\x00" in text:
        raise CorruptFile("the text contains NUL bytes (a binary file?)", path=path)
    return Loaded(text=text, format="txt", path=path, sha256=sha256_of(data))
