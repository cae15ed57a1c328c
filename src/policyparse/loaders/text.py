"""Plain text in any common encoding: UTF-8 (with or without BOM), UTF-16, GB18030/GBK."""

from __future__ import annotations

from ..errors import CorruptFile
from ..limits import DEFAULT_LIMITS, Limits
from .loaded import Loaded, sha256_of, sniff_format


def _plausible(text: str) -> bool:
    """Mostly Han, ASCII and CJK punctuation: what a notice is made of."""
    ok = sum(
        1
        for ch in text
        if ch.isascii()
        or "\u4e00" <= ch <= "\u9fff"
        or "\u3000" <= ch <= "\u303f"
        or "\uff00" <= ch <= "\uffef"
        or ch in "“”‘’—…"
    )
    return ok >= 0.9 * len(text)


def _decode_per_line(data: bytes) -> str | None:
    """A file pasted together from UTF-8 and GBK pages: each line in whichever decodes it.

    Only when every line decodes one way or the other and the result reads as a notice; a
    binary file fails one of the two.
    """
    lines: list[str] = []
    for raw in data.split(b"\n"):
        try:
            lines.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            try:
                lines.append(raw.decode("gb18030"))
            except UnicodeDecodeError:
                return None
    text = "\n".join(lines)
    return text if "\x00" not in text and _plausible(text) else None


def decode_text(data: bytes, *, path: str | None = None) -> str:
    """Decode bytes of a text file, detecting the encoding."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")  # a lone surrogate or odd length: U+FFFD
    try:
        text = data.decode("utf-8")
        if "\x00" not in text:  # NULs: UTF-16 that happens to be valid UTF-8
            return text
    except UnicodeDecodeError:
        pass
    if len(data) % 2 == 0 and 0 in data:  # UTF-16 without BOM: zero bytes, even length
        le, be = data[1::2].count(0), data[0::2].count(0)
        for codec in ("utf-16-le", "utf-16-be") if le >= be else ("utf-16-be", "utf-16-le"):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                continue
            # Han-looking garbage decodes from any binary: real text has line breaks or punctuation
            if "\x00" not in text and _plausible(text) and any(ch in text for ch in "\n，。"):
                return text
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    mixed = _decode_per_line(data)
    if mixed is not None:
        return mixed
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


def load_txt(data: bytes, *, path: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Loaded:
    """A text file's bytes -> text; a PDF or DOCX saved as .txt is refused by name."""
    sniffed = sniff_format(data)
    if sniffed is not None:  # it would decode to noise that parses as garbage: say what it is
        raise CorruptFile(f"the file is a {sniffed.upper()}, not text (rename it)", path=path)
    return load_text_bytes(data, path=path)
