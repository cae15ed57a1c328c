"""Loader speed and memory.

    .venv/bin/python benchmarks/bench_loaders.py

* PDF pages/s on a 100-page born-digital notice whose annex is a ruled task table
  (about one page in five has a table), target >= 60 pages/s on one core; also says how
  many pages fell back to pdfplumber for their table grid (0 expected: grids come from pdfium);
* the same PDF beside bare pypdfium2 text extraction (``get_textpage().get_text_range()`` per
  page, nothing else): the loader's share of that speed (ratio >= 0.16; the loader also reads a
  box per character from the font metrics, finds ruled grids, re-joins paragraphs);
* DOCX documents/s on the dev notices as DOCX (target >= 60/s);
* peak memory (tracemalloc and RSS) for a 300-page PDF: pages are read and released one by one.
"""

from __future__ import annotations

import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from loader_factories import Para, Table, pdf_bytes  # noqa: E402
from policyparse.loaders import load_bytes  # noqa: E402

SENTENCE = (
    "各区要结合区域实际，加大政策引导和支持力度，统筹用好各类资金，全年完成补贴性职业技能培训65万人次。"
)


def notice(pages: int) -> bytes:
    """About ``pages`` A4 pages: 80 % clauses, 20 % a task table."""
    body = []
    for k in range(1, int(pages * 0.8 * 2.2) + 1):
        body.append(Para(f"（{k}）推进重点工作。" + SENTENCE * 3))
    rows = [[["序号"], ["项目"], ["内容"], ["牵头部门"]]]
    rows += [
        [[str(n)], ["加强培养" if n % 3 == 1 else ""], [SENTENCE], ["市人力资源社会保障局、", "市财政局"]]
        for n in range(1, pages * 3)
    ]
    return pdf_bytes([Para("关于印发行动方案的通知", centered=True), *body, Para("附件"), Table(rows)])


def count_pages(data: bytes) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        return len(pdf)
    finally:
        pdf.close()


def bench_pdf(target_pages: int = 100) -> None:
    data = notice(target_pages)
    n = count_pages(data)
    from policyparse.loaders import pdf as pdf_loader

    load_bytes(data, "pdf")  # warm up imports
    fallbacks = 0
    find_grids = pdf_loader.find_grids

    def counting(*edges):  # type: ignore[no-untyped-def]
        nonlocal fallbacks
        grids = find_grids(*edges)
        fallbacks += not grids
        return grids

    pdf_loader.find_grids = counting  # type: ignore[assignment]
    try:
        t = time.perf_counter()
        load_bytes(data, "pdf")
        dt = time.perf_counter() - t
    finally:
        pdf_loader.find_grids = find_grids  # type: ignore[assignment]
    print(f"PDF : {n} pages in {dt:.2f}s = {n / dt:.0f} pages/s ({fallbacks} pages fell back to pdfplumber)")


def bare_pdfium_text(data: bytes) -> int:
    """Characters of every page, the plain way: what pypdfium2 alone reads."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    total = 0
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            total += len(textpage.get_text_range())
            textpage.close()
            page.close()
    finally:
        pdf.close()
    return total


def bench_pdf_vs_pdfium(target_pages: int = 100, rounds: int = 7) -> None:
    data = notice(target_pages)
    n = count_pages(data)
    load_bytes(data, "pdf")
    bare_pdfium_text(data)
    loader = bare = float("inf")
    for _ in range(rounds):  # CPU time, best of several alternating rounds: the machine is shared
        t = time.process_time()
        load_bytes(data, "pdf")
        loader = min(loader, time.process_time() - t)
        t = time.process_time()
        bare_pdfium_text(data)
        bare = min(bare, time.process_time() - t)
    print(
        f"PDF : loader {n / loader:.0f} pages/s, bare pypdfium2 text {n / bare:.0f} pages/s, "
        f"ratio {bare / loader:.2f} (same {n}-page file, CPU time)"
    )


def bench_docx() -> None:
    files = sorted((ROOT / "corpora" / "docx").glob("*.docx"))
    blobs = [f.read_bytes() for f in files]
    load_bytes(blobs[0], "docx")
    rounds = 20
    t = time.perf_counter()
    for _ in range(rounds):
        for b in blobs:
            load_bytes(b, "docx")
    dt = time.perf_counter() - t
    print(f"DOCX: {rounds * len(blobs)} documents in {dt:.2f}s = {rounds * len(blobs) / dt:.0f} documents/s")


def bench_memory(target_pages: int = 300) -> None:
    data = notice(target_pages)
    n = count_pages(data)
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    loaded = load_bytes(data, "pdf")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"MEM : {n} pages ({len(data) / 1e6:.1f} MB PDF, {len(loaded.text) / 1e3:.0f}k chars): "
          f"tracemalloc peak {peak / 1e6:.1f} MB, RSS peak {rss1 / 1e3:.0f} MB (grew {(rss1 - rss0) / 1e3:.0f} MB)")  # fmt: skip


if __name__ == "__main__":
    bench_pdf()
    bench_pdf_vs_pdfium()
    bench_docx()
    bench_memory()
