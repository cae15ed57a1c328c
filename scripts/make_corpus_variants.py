"""Write DOCX and PDF versions of the dev notices, with copies of their gold files.

Run once; the outputs are committed so tests and CI need neither LibreOffice nor fonts:

    .venv/bin/python scripts/make_corpus_variants.py
    .venv/bin/python scripts/make_corpus_variants.py --source corpora/holdout4 \
        --docx corpora/holdout4_docx --pdf corpora/holdout4_pdf

* ``corpora/docx/NNN_*.docx``: written with python-docx as an office would (centred title,
  indented body paragraphs, a real Word table for the task table of 001 with vertically merged
  项目 cells and two-paragraph 牵头部门 cells);
* ``corpora/docx/autonum_004_*.docx``: 004 with its clause labels produced by Word automatic
  numbering (``numbering.xml``) instead of typed text;
* ``corpora/pdf/NNN_*.pdf``: rendered by reportlab with the CID font STSong-Light, page
  numbers ``— N —``, tables with ruling lines that run over page breaks (header row repeated);
* ``corpora/pdf/lo_NNN_*.pdf``: the DOCX rendered by LibreOffice, when ``soffice`` is on PATH.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from loader_factories import (  # noqa: E402
    autonum_docx_bytes,
    blocks_from_text,
    docx_bytes,
    pdf_bytes,
)
from policyparse.normalize import normalize_text  # noqa: E402

DEV = ROOT / "corpora" / "dev"
OUT_DOCX = ROOT / "corpora" / "docx"
OUT_PDF = ROOT / "corpora" / "pdf"
AUTONUM_SAMPLE = "004_6f963c420dca890b"


def office_text(raw: str) -> str:
    """The text as an office would have typed it: paragraphs whole (the .txt files break some
    across lines). Tables are kept raw: normalising blanks a lone-tab (empty) cell line."""
    return raw if "\n\t" in raw else normalize_text(raw).text


def _soffice_to_pdf(docx_path: Path, out_dir: Path) -> Path | None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [soffice, "--headless", f"-env:UserInstallation=file://{tmp}/profile", "--convert-to", "pdf",
             "--outdir", tmp, str(docx_path)],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
        produced = Path(tmp) / (docx_path.stem + ".pdf")
        target = out_dir / f"lo_{docx_path.stem}.pdf"
        shutil.copyfile(produced, target)
        return target


def main() -> None:
    ap = argparse.ArgumentParser(description="Write DOCX and PDF versions of a folder of notices.")
    ap.add_argument("--source", type=Path, default=DEV, help="folder of NNN.txt + NNN.gold.json")
    ap.add_argument("--docx", type=Path, default=OUT_DOCX, help="output folder of the DOCX files")
    ap.add_argument("--pdf", type=Path, default=OUT_PDF, help="output folder of the PDF files")
    args = ap.parse_args()
    render(args.source, args.docx, args.pdf)


def render(source: Path, out_docx: Path, out_pdf: Path) -> None:
    out_docx.mkdir(parents=True, exist_ok=True)
    out_pdf.mkdir(parents=True, exist_ok=True)
    for txt in sorted(source.glob("*.txt")):
        stem = txt.stem
        gold = source / f"{stem}.gold.json"
        if not gold.exists():
            continue
        blocks = blocks_from_text(office_text(txt.read_text(encoding="utf-8")))
        docx_path = out_docx / f"{stem}.docx"
        docx_path.write_bytes(docx_bytes(blocks))
        shutil.copyfile(gold, out_docx / f"{stem}.gold.json")
        (out_pdf / f"{stem}.pdf").write_bytes(pdf_bytes(blocks, title=stem))
        shutil.copyfile(gold, out_pdf / f"{stem}.gold.json")
        lo = _soffice_to_pdf(docx_path, out_pdf)
        if lo is not None:
            shutil.copyfile(gold, out_pdf / f"{lo.stem}.gold.json")
        if stem == AUTONUM_SAMPLE:
            (out_docx / f"autonum_{stem}.docx").write_bytes(autonum_docx_bytes(blocks))
            shutil.copyfile(gold, out_docx / f"autonum_{stem}.gold.json")
        print("wrote", stem, "(+ LibreOffice PDF)" if lo else "")


if __name__ == "__main__":
    main()
