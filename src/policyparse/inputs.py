"""The files to parse under a list of inputs (files and folders), and the id of a file.

``collect_files`` is what ``parse_many(folder)``, ``policyparse batch`` and the Dask runner
walk; ``file_sha256`` is the document id a batch records.
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from .archives import is_archive
from .loaders import SUPPORTED
from .loaders.registry import FOLDER_EXTENSIONS

SUFFIXES = FOLDER_EXTENSIONS
"""File extensions the batch parses (``loaders.registry``); every other file is skipped and counted."""


Note = Callable[[str, str, str], None]
"""``note(path, status, reason)``: told of every input that is not queued (see ``collect_files``)."""


def _not_regular(real: str) -> str:
    """Why a path that is not a regular file is skipped."""
    import stat

    try:
        mode = os.stat(real).st_mode
    except OSError:
        return "a broken symlink or a symlink loop"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (reading it could block forever)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device"


def collect_files(
    inputs: Iterable[str | os.PathLike[str]],
    globs: Iterable[str] | None = None,
    *,
    follow_links: bool = False,
    note: Note | None = None,
    unpack: Callable[[Path], Path | None] | None = None,
) -> tuple[list[Path], Counter[str]]:
    """Supported files under ``inputs`` (files or folders, recursive, sorted per folder).

    Returns the files and a count of skipped ones by extension. Each real path is listed once;
    folders reached again through a symlink are not re-entered, so symlink loops end. With
    ``globs`` (``"*.txt"``, ``"2025*/*.pdf"``), exactly the readable files whose name or path
    matches one of them are taken. A symlink inside a folder that leads out of every input
    folder is skipped unless ``follow_links`` (a scraped folder must not make the batch read
    ``/etc``). ``note(path, status, reason)`` is told of every skipped file and of every
    folder that could not be listed, so that each input is accounted for. ``unpack(archive)``
    (see ``archives``) returns the folder an archive was unpacked into, walked like an input.
    """
    patterns = list(globs or [])
    tell: Note = note or (lambda path, status, reason: None)

    def wanted(path: Path) -> bool:
        if not patterns:
            return path.suffix.lower() in SUFFIXES
        return path.suffix.lower() in SUPPORTED and any(
            fnmatch.fnmatch(path.name, g) or fnmatch.fnmatch(path.as_posix(), g) for g in patterns
        )

    files: list[Path] = []
    skipped: Counter[str] = Counter()
    seen_files: set[str] = set()
    seen_dirs: set[str] = set()
    roots = [os.path.realpath(i) for i in inputs if os.path.isdir(i)]

    def inside_inputs(real: str) -> bool:
        return any(real == r or real.startswith(r.rstrip(os.sep) + os.sep) for r in roots)

    def add(path: Path, named: bool = False) -> None:
        real = os.path.realpath(path)
        if not named and not follow_links and not inside_inputs(real):
            skipped["(link out of the inputs)"] += 1
            tell(
                str(path),
                "skipped",
                f"a symlink out of the input folders, to {real} (--follow-links reads it)",
            )
            return
        if real in seen_files:
            tell(str(path), "duplicate", f"the same file as another input ({real})")
            return
        seen_files.add(real)
        if not os.path.isfile(real):  # FIFOs, sockets, devices, broken links: reading them may hang
            skipped["(not a regular file)"] += 1
            tell(str(path), "skipped", f"not a regular file: {_not_regular(real)}")
        elif unpack is not None and is_archive(path):
            folder = unpack(path)
            if folder is not None:
                roots.append(os.path.realpath(folder))
                walk(folder)
        elif wanted(path):
            files.append(path)
        else:
            skipped[path.suffix.lower() or "(none)"] += 1
            tell(str(path), "skipped", f"unsupported extension {path.suffix.lower() or '(none)'}")

    def unreadable(exc: OSError) -> None:
        from .loaders import os_error_reason

        skipped["(unreadable folder)"] += 1
        tell(str(exc.filename), "unreadable", f"the folder cannot be listed: {os_error_reason(exc)}")

    def walk(root: Path) -> None:
        for folder, dirs, names in os.walk(root, followlinks=True, onerror=unreadable):
            real = os.path.realpath(folder)
            if real in seen_dirs:
                dirs[:] = []
                continue
            if not follow_links and not inside_inputs(real):
                skipped["(link out of the inputs)"] += 1
                tell(
                    folder,
                    "skipped",
                    f"a symlinked folder out of the input folders, to {real} (--follow-links reads it)",
                )
                dirs[:] = []
                continue
            seen_dirs.add(real)
            dirs.sort()
            for name in dirs:
                if Path(name).suffix.lower() in SUPPORTED:  # x.pdf/ : say so, then read it as a folder
                    tell(
                        str(Path(folder) / name),
                        "skipped",
                        "a folder named like a document (its files are read)",
                    )
            for name in sorted(names):
                add(Path(folder) / name)

    for item in inputs:
        root = Path(item)
        if not root.is_dir():
            if root.exists() or root.is_symlink():
                add(root, named=True)
            else:
                skipped["(missing)"] += 1
                tell(str(root), "unreadable", "no such file or folder")
            continue
        walk(root)
    return files, skipped


def file_sha256(path: Path) -> str:
    """sha256 of a file's bytes, read in blocks (the document id)."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
