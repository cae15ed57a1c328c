"""The input formats in one table: file extension -> format -> loader.

Everything that asks "can this file be read, and how" reads this table: ``load_path`` and
``load_bytes``, ``parse`` (which strings are paths), the batch's folder walk, ``Corpus`` and
``timeline`` folders, ``evaluate``, ``sanity``, the CLI's help and the ``Source.format`` values
of the models.

A new input format is a loader module in this package with a function
``load_x(data: bytes, *, path: str | None, limits: Limits) -> Loaded`` and one line in
``FORMATS``. OFD, for example, is ``loaders/ofd.py`` (``load_ofd``) and the line
``InputFormat("ofd", "ofd:load_ofd", (".ofd",))``.

This module imports nothing heavy: the loader modules are imported on first use.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .loaded import Loaded


@dataclass(frozen=True)
class InputFormat:
    name: str
    """``Loaded.format`` and ``Source.format`` of a document read this way."""
    loader: str
    """``module:function`` in ``policyparse.loaders``, imported when a file of this format is read."""
    extensions: tuple[str, ...]
    """Lower-case file extensions (with the dot) read as this format."""
    named_only: tuple[str, ...] = ()
    """Extensions read when a file is named, but not picked up when walking a folder: a notes
    file (README.md) lies beside the notices in a scraped folder."""


FORMATS: tuple[InputFormat, ...] = (
    InputFormat("txt", "text:load_txt", (".txt", ".text", ".md"), named_only=(".text", ".md")),
    InputFormat("pdf", "pdf:load_pdf", (".pdf",)),
    InputFormat("docx", "docx:load_docx", (".docx",)),
    InputFormat("html", "html:load_html", (".html", ".htm")),
    InputFormat("doc", "office:load_doc", (".doc", ".wps"), named_only=(".wps",)),
    InputFormat("ofd", "ofd:load_ofd", (".ofd",)),
)

FORMAT_NAMES: tuple[str, ...] = tuple(f.name for f in FORMATS)
"""Every format a loader produces, in table order."""

SUPPORTED: dict[str, str] = {ext: f.name for f in FORMATS for ext in f.extensions}
"""Extension -> format name, for every extension a named file may have."""

FOLDER_EXTENSIONS: dict[str, str] = {
    ext: f.name for f in FORMATS for ext in f.extensions if ext not in f.named_only
}
"""Extension -> format name, for the files a folder walk picks up (the batch, ``Corpus``,
``timeline``); the rest of ``SUPPORTED`` is read when named or matched by a glob."""


def extensions_text() -> str:
    """The extensions a named file may have, as a help text writes them (``.txt .text … .ofd``)."""
    return " ".join(SUPPORTED)


def format_of(path: str | PurePath) -> str | None:
    """The format a file is read as, from its extension; None when no loader reads it."""
    return SUPPORTED.get(PurePath(path).suffix.lower())


def found_in_folders(path: str | PurePath) -> bool:
    """True when a folder walk takes this file (see ``FOLDER_EXTENSIONS``)."""
    return PurePath(path).suffix.lower() in FOLDER_EXTENSIONS


def loader_for(fmt: str) -> Callable[..., Loaded] | None:
    """The loader function of a format name, imported now; None for an unknown format."""
    spec = next((f for f in FORMATS if f.name == fmt), None)
    if spec is None:
        return None
    module, function = spec.loader.split(":")
    loader: Callable[..., Loaded] = getattr(importlib.import_module(f"{__package__}.{module}"), function)
    return loader
