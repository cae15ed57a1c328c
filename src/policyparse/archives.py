"""``.zip`` / ``.tar`` / ``.tar.gz`` inputs of a batch, unpacked within the DOCX bomb limits.

An archive is untrusted like any file: it is refused (``UnsafeDocument``) when its directory
declares more than ``Limits.max_zip_members`` members or ``max_unzipped_bytes`` in all, when a
member inflates past ``max_zip_ratio``, or when a member's name would land outside the folder
it is unpacked into (``../x``, ``/etc/x``). Links, devices and FIFOs inside are not unpacked.
Members are read with a bounded read whatever their header claims.
"""

from __future__ import annotations

import hashlib
import os
import stat
import tarfile
import zipfile
from pathlib import Path, PurePosixPath

from .errors import CorruptFile, UnsafeDocument
from .limits import DEFAULT_LIMITS, Limits, check_zip, read_member

SUFFIXES = (".zip", ".tar", ".tar.gz", ".tgz")


def is_archive(path: Path) -> bool:
    return path.name.lower().endswith(SUFFIXES)


def _safe_name(name: str, path: str) -> PurePosixPath:
    member = PurePosixPath(name.replace("\\", "/"))
    if member.is_absolute() or ".." in member.parts or not member.parts:
        raise UnsafeDocument(f"member {name!r} would be written outside the archive's folder", path=path)
    return member


def extract(archive: Path, dest_root: Path, limits: Limits = DEFAULT_LIMITS) -> Path:
    """Unpack ``archive`` into a fresh folder under ``dest_root`` (named after it and its bytes'
    hash) and return that folder. Raises ``UnsafeDocument`` or ``CorruptFile`` naming the archive."""
    digest = hashlib.sha256(archive.read_bytes()).hexdigest()[:12]
    dest = dest_root / f"{archive.name}-{digest}"
    dest.mkdir(parents=True, exist_ok=True)
    path = str(archive)
    try:
        if archive.name.lower().endswith(".zip"):
            _extract_zip(archive, dest, limits, path)
        else:
            _extract_tar(archive, dest, limits, path)
    except (zipfile.BadZipFile, tarfile.TarError, EOFError, OSError, NotImplementedError) as exc:
        raise CorruptFile(f"not a readable archive ({type(exc).__name__}: {exc})", path=path) from exc
    return dest


def _write(dest: Path, member: PurePosixPath, data: bytes) -> None:
    target = dest.joinpath(*member.parts)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def _extract_zip(archive: Path, dest: Path, limits: Limits, path: str) -> None:
    with zipfile.ZipFile(archive) as zf:
        infos = zf.infolist()
        check_zip(infos, limits, path=path)
        for info in infos:
            mode = info.external_attr >> 16
            if info.is_dir() or (stat.S_IFMT(mode) and not stat.S_ISREG(mode)):  # folders, symlinks
                continue
            _write(dest, _safe_name(info.filename, path), read_member(zf, info, limits, path=path))


def _extract_tar(archive: Path, dest: Path, limits: Limits, path: str) -> None:
    packed = max(os.path.getsize(archive), 1)
    total = 0
    with tarfile.open(archive, "r:*") as tf:
        for count, info in enumerate(tf, 1):
            if count > limits.max_zip_members:
                raise UnsafeDocument(
                    f"the archive has more members than the limit of {limits.max_zip_members}", path=path
                )
            if not info.isfile():  # links, devices, FIFOs, folders
                continue
            total += info.size
            if total > limits.max_unzipped_bytes or (
                total > 1 << 20 and total / packed > limits.max_zip_ratio
            ):
                raise UnsafeDocument(
                    f"the archive would inflate to more than the limit ({limits.max_unzipped_bytes >> 20} MB "
                    f"or {limits.max_zip_ratio:g}x its size; a bomb?)",
                    path=path,
                )
            member = _safe_name(info.name, path)
            fh = tf.extractfile(info)
            if fh is None:
                continue
            data = fh.read(info.size + 1)
            if len(data) > info.size:
                raise UnsafeDocument(f"member {info.name!r} is larger than its header says", path=path)
            _write(dest, member, data)
