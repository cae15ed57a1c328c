"""Old Word ``.doc`` and WPS ``.wps`` files: converted to DOCX by LibreOffice, then read as DOCX."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import CorruptFile, Timeout, UnsupportedFormat
from ..limits import DEFAULT_LIMITS, Limits
from .loaded import Loaded, sha256_of

CONVERT_TIMEOUT_S = 120


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def load_doc(data: bytes, *, path: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Loaded:
    soffice = soffice_path()
    if soffice is None:
        raise UnsupportedFormat(
            "a .doc/.wps file needs LibreOffice to convert it: install it (apt-get install "
            "libreoffice-writer-nogui) so that `soffice` is on PATH, or save the file as DOCX",
            path=path,
        )
    suffix = Path(path).suffix.lower() if path else ".doc"
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / f"input{suffix or '.doc'}"
        src.write_bytes(data)
        cmd = [soffice, "--headless", f"-env:UserInstallation=file://{tmp}/profile",
               "--convert-to", "docx", "--outdir", tmp, str(src)]  # fmt: skip
        try:
            run = subprocess.run(cmd, capture_output=True, timeout=CONVERT_TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired as e:
            raise Timeout(
                f"LibreOffice took more than {CONVERT_TIMEOUT_S}s to convert the file", path=path
            ) from e
        except OSError as e:  # soffice vanished or is not executable
            raise UnsupportedFormat(f"LibreOffice ({soffice}) cannot be run: {e}", path=path) from e
        out = Path(tmp) / "input.docx"
        if not out.is_file():
            said = (run.stderr or run.stdout).decode("utf-8", "replace").strip().splitlines()
            detail = f": {said[-1][:200]}" if said else ""
            raise CorruptFile(
                f"LibreOffice ({soffice}) could not convert the file to DOCX{detail}", path=path
            )
        from .docx import docx_read

        text, warnings = docx_read(out.read_bytes(), path=path, limits=limits)
    return Loaded(text=text, format="doc", path=path, sha256=sha256_of(data), warnings=tuple(warnings))
