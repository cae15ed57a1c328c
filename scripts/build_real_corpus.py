"""Rebuild the git-ignored ``corpora/real/raw/`` from copies of the public repositories.

Third-party texts stay out of git: ``corpora/real/MANIFEST.tsv`` names every document by
repository, path and commit, with the sha256 of its bytes. This script takes each one from a
bare copy of its repository (the search tool's ``fetch`` puts them under ``/work/.mirror/
<owner>+<name>/repo``; any bare or normal clone works, see ``--mirror``), checks the hash and
writes ``raw/<id>.<ext>``. Files keep their format's extension; the bytes are
never changed, so the hash of the written file is the manifest's.

    python scripts/build_real_corpus.py                  # every row
    python scripts/build_real_corpus.py --mirror ~/clones --only r001 r002

Rows whose `source` is ``index-copy`` come from a repository with no snapshot: their text was
copied from the search index's stored file (``read_file``), so they are taken from ``--copies``
(files named ``<id>.*``), hash-checked the same way.

Rows whose repository is missing are listed at the end; the exit code is 1 if any row failed.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "corpora" / "real"
# The manifest's `format` column -> the extension the loaders read the file by.
EXTENSIONS = {
    "txt": ".txt",
    "md": ".md",
    "html": ".html",
    "htm": ".html",
    "pdf": ".pdf",
    "docx": ".docx",
    "doc": ".doc",
    "wps": ".wps",
    "ofd": ".ofd",
}


def read_manifest(path: Path = REAL / "MANIFEST.tsv") -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def git_dir(mirror: Path, repository: str) -> Path | None:
    """The git directory of ``owner/name`` below ``mirror`` (fetch layout, bare or normal clone)."""
    owner, name = repository.split("/", 1)
    for candidate in (
        mirror / f"{owner}+{name}" / "repo",
        mirror / f"{owner}+{name}",
        mirror / owner / name / ".git",
        mirror / name / ".git",
        mirror / name,
    ):
        if (candidate / "HEAD").is_file() and (candidate / "objects").is_dir():
            return candidate
    return None


def blob(gdir: Path, commit: str, path: str) -> bytes:
    return subprocess.run(
        ["git", "--git-dir", str(gdir), "show", f"{commit}:{path}"], check=True, capture_output=True
    ).stdout


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--mirror",
        type=Path,
        default=Path("/work/.mirror"),
        help="folder holding the repository copies (default: /work/.mirror)",
    )
    ap.add_argument(
        "--out", type=Path, default=REAL / "raw", help="where to write (default: corpora/real/raw)"
    )
    ap.add_argument("--only", nargs="*", help="ids to build (default: all)")
    ap.add_argument("--copies", type=Path, help="folder of copies (<id>.*) for the index-copy rows")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    failed: list[str] = []
    built = 0
    for row in read_manifest():
        if args.only and row["id"] not in args.only:
            continue
        if row.get("source") == "index-copy":
            copy = next(args.copies.glob(row["id"] + ".*"), None) if args.copies else None
            if copy is None:
                failed.append(f"{row['id']}: needs a copy of {row['repository']}:{row['path']} (--copies)")
                continue
            data = copy.read_bytes()
        else:
            gdir = git_dir(args.mirror, row["repository"])
            if gdir is None:
                failed.append(f"{row['id']}: no copy of {row['repository']} under {args.mirror}")
                continue
            try:
                data = blob(gdir, row["commit"], row["path"])
            except subprocess.CalledProcessError as e:
                failed.append(f"{row['id']}: git show failed: {e.stderr.decode(errors='replace').strip()}")
                continue
        if hashlib.sha256(data).hexdigest() != row["sha256"]:
            failed.append(f"{row['id']}: sha256 differs from the manifest")
            continue
        (args.out / (row["id"] + EXTENSIONS[row["format"]])).write_bytes(data)
        built += 1
    print(f"built {built} documents into {args.out}")
    for line in failed:
        print("  failed:", line, file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
