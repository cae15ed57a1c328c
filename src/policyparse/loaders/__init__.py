"""Loaders: bytes of a TXT, PDF, DOCX, DOC/WPS, OFD or HTML file -> ``Loaded`` text.

Every loader returns one text in one convention, so the structure parser is the same for
all formats:

* paragraphs are lines; a blank line may separate them;
* a table row is a run of lines that start with a tab, one cell per line (an empty cell is a
  lone tab, a merged cell is written empty), rows separated by a blank line, the header row
  first; a cell with line breaks continues on lines without a tab;
* ``page_starts`` gives the offset where each page starts (PDF, OFD), so spans map to pages.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import replace
from pathlib import Path

from ..errors import (
    CorruptFile,
    EmptyDocument,
    PolicyParseError,
    TooLarge,
    UnreadableFile,
    UnsafeDocument,
    UnsupportedFormat,
)
from ..limits import (
    DEFAULT_LIMITS,
    Limits,
    check_file_size,
    check_text,
    check_text_length,
    replace_surrogates,
)
from .loaded import Loaded as Loaded
from .loaded import sha256_of as sha256_of
from .loaded import sniff_format as sniff_format
from .registry import SUPPORTED as SUPPORTED  # extension -> format, one table (registry.FORMATS)
from .registry import format_of, loader_for


def os_error_reason(exc: OSError) -> str:
    """An OS error in plain words."""
    if isinstance(exc, FileNotFoundError):
        return "no such file"
    if isinstance(exc, IsADirectoryError):
        return "it is a folder, not a file"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if exc.errno == errno.ELOOP:
        return "a symlink loop"
    return exc.strerror or str(exc)


def load_path(path: str | os.PathLike[str], *, limits: Limits = DEFAULT_LIMITS) -> Loaded:
    """Read a file and turn it into text, choosing the loader by extension.

    The size is checked before reading; only regular files are read (a FIFO or device could
    block forever).
    """
    p = Path(path)
    fmt = format_of(p)
    if fmt is None:
        raise UnsupportedFormat(f"unsupported file extension {p.suffix or '(none)'!r}", path=str(p))
    try:
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise UnreadableFile(os_error_reason(exc), path=str(p)) from exc
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise UnreadableFile("not a regular file (a folder, FIFO or device)", path=str(p))
        check_file_size(st.st_size, limits, path=str(p))
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(limits.max_file_bytes + 1)  # the file may grow after fstat
    except OSError as exc:
        raise UnreadableFile(os_error_reason(exc), path=str(p)) from exc
    finally:
        os.close(fd)
    return load_bytes(data, fmt, path=str(p), limits=limits)


def load_bytes(data: bytes, fmt: str, *, path: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Loaded:
    """Turn the bytes of a file of format ``fmt`` (a name in ``registry.FORMATS``) into text.

    Raises a subclass of ``InputError`` (naming ``path``) for anything that is not a readable
    document within ``limits``; never another exception type for bad bytes.
    """
    check_file_size(len(data), limits, path=path)
    try:
        loaded = _dispatch(data, fmt, path, limits)
    except PolicyParseError as exc:
        if exc.path is None and path is not None:  # raised below the loader, which knows no path
            raise type(exc)(exc.message, path=path) from exc
        raise
    except ImportError:  # a missing optional package is not a bad file (the CLI names the extra)
        raise
    except MemoryError as exc:
        raise TooLarge(
            "the file needs more memory than the worker has (Limits.max_memory_mb)", path=path
        ) from exc
    except RecursionError as exc:
        raise UnsafeDocument("the file's elements nest too deeply to read", path=path) from exc
    except Exception as exc:  # whatever a parser library raises on bad bytes: a bad file
        raise CorruptFile(
            f"not a readable {fmt.upper()} file ({type(exc).__name__}: {exc})", path=path
        ) from exc
    check_text_length(loaded.text, limits, path=path)  # before any pass over a huge text
    clean = replace_surrogates(loaded.text)
    if clean is not loaded.text:
        loaded = replace(
            loaded, text=clean, warnings=(*loaded.warnings, "lone surrogates replaced by U+FFFD")
        )
    check_text(loaded.text, limits, path=path)
    if not loaded.text.strip():
        raise EmptyDocument(path=path)
    pua = private_use_warning(loaded.text)
    if pua:
        loaded = replace(loaded, warnings=(*loaded.warnings, pua))
    return loaded


def _dispatch(data: bytes, fmt: str, path: str | None, limits: Limits) -> Loaded:
    loader = loader_for(fmt)  # loaders/registry.py: format -> loader
    if loader is None:
        raise UnsupportedFormat(f"unsupported format {fmt!r}", path=path)
    return loader(data, path=path, limits=limits)


_PRIVATE_USE = re.compile("[\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd]")


def private_use_warning(text: str) -> str | None:
    """A warning when the text holds private-use code points: a font's own glyphs (a logo, a
    symbol, a character the font maps nowhere) whose meaning the text does not carry."""
    found = _PRIVATE_USE.findall(text)
    if not found:
        return None
    first = _PRIVATE_USE.search(text)
    assert first is not None
    kinds = sorted(set(found))
    shown = ", ".join(f"U+{ord(c):04X}" for c in kinds[:5]) + (" …" if len(kinds) > 5 else "")
    return (
        f"{len(found)} private-use characters ({shown}; first at offset {first.start()}): glyphs of the "
        "font with no standard meaning, kept as they are"
    )
