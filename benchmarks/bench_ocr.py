"""OCR speed: scanned pages read per second (the ``ocr`` extra).

    .venv/bin/python benchmarks/bench_ocr.py [file.pdf ...]

Without arguments it reads a made scan (an A4 notice page with a red 版头, drawn with PIL and
a system CJK font, 6 pages); with arguments, every page without a text layer of the given
PDFs (e.g. the real scans of corpora/real). One thread, as the loader runs it. Also prints the
peak RSS, which the detector's working memory dominates (about 400 MB).
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from policyparse.loaders import load_bytes  # noqa: E402
from policyparse.loaders.ocr import ocr_available  # noqa: E402
from realfile_factories import image_pdf_bytes, scan_image  # noqa: E402

LINES = [
    ("测试市住房和城乡建设局", "centre"),
    ("测建函〔2025〕88号", "centre"),
    ("关于开展燃气安全检查的函", "centre"),
    ("各县（区）人民政府，市直各有关单位：", "left"),
    *[
        ("为加强城镇燃气安全管理，全年完成燃气用户安全检查", "indent"),
        ("120万户次，现将有关事项函告如下。", "left"),
    ]
    * 8,
    ("测试市住房和城乡建设局", "centre"),
    ("2025年3月20日", "centre"),
]


def bench(data: bytes, label: str) -> None:
    load_bytes(data, "pdf")  # warm up: the models load once per process
    start = time.perf_counter()
    loaded = load_bytes(data, "pdf")
    elapsed = time.perf_counter() - start
    pages = len(loaded.ocr_pages)
    if not pages:
        print(f"{label}: no page needed OCR")
        return
    print(
        f"{label}: {pages} OCR pages in {elapsed:.1f} s = {pages / elapsed:.2f} pages/s ({elapsed / pages:.2f} s/page)"
    )


def main() -> None:
    if not ocr_available():
        sys.exit("the ocr extra is not installed: pip install 'policyparse[ocr]'")
    if len(sys.argv) > 1:
        for name in sys.argv[1:]:
            bench(Path(name).read_bytes(), Path(name).name)
    else:
        page = scan_image(LINES, red_header="测试市住房和城乡建设局文件")
        bench(image_pdf_bytes([page] * 6), "made scan, 6 pages")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss >> 10} MB")


if __name__ == "__main__":
    main()
