"""Seconds per MB of text, from 3 K to 5 M characters, for text shapes that once went quadratic.

Linear parsing keeps the s/MB column flat (within 2x) as the size grows. Shapes:

- multiline: a notice's clauses and targets, many short lines;
- paragraph: one long paragraph of targets (完成培训65万人次，…);
- names: a long list of bodies (市人社局、… 牵头);
- spaces: a long run of spaces between two words;
- table: a task table of many rows (the loader convention, one cell per tab line).

Also times one 120 K-character paragraph (the issue asks < 2 s).

    PYTHONPATH=src python benchmarks/bench_scaling.py [--max 5000000] [--shapes paragraph,spaces]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from policyparse import parse_text
from policyparse.limits import Limits

HEAD = "关于开展职业技能培训工作的通知\n各区人力资源社会保障局：\n"


def multiline(n: int) -> str:
    unit = "一、总体要求\n全年完成培训65万人次，新增就业岗位3000个。\n（一）加强组织领导。各区要于2025年6月底前完成部署。\n"
    return HEAD + unit * max(1, n // len(unit))


def paragraph(n: int) -> str:
    unit = "完成培训65万人次，"
    return HEAD + "一、总体要求\n" + unit * max(1, n // len(unit)) + "\n"


def names(n: int) -> str:
    unit = "市人社局、"
    return HEAD + "一、总体要求\n" + unit * max(1, n // len(unit)) + "牵头。\n"


def spaces(n: int) -> str:
    return HEAD + "一、总体要求\n打印" + " " * n + "打印\n"


def table(n: int) -> str:
    row = "\t{i}\t完成培训{i}人次\t市人社局\t2025年底前\n\n"
    rows, size, i = ["\t序号\n\t任务\n\t牵头单位\n\t完成时限\n\n"], 0, 0
    while size < n:
        i += 1
        r = row.format(i=i).replace("\t", "\n\t").lstrip("\n")
        rows.append(r)
        size += len(r)
    return HEAD + "附件\n重点任务分工表\n" + "".join(rows)


SHAPES: dict[str, Callable[[int], str]] = {
    "multiline": multiline, "paragraph": paragraph, "names": names, "spaces": spaces, "table": table,
}  # fmt: skip


LIMITS = Limits(max_text_chars=6_000_000)  # the 5 M shapes carry a short header over 5 M


def timed(text: str) -> float:
    started = time.perf_counter()
    parse_text(text, limits=LIMITS)
    return time.perf_counter() - started


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--max", type=int, default=5_000_000, help="largest size in characters")
    ap.add_argument("--shapes", default=",".join(SHAPES))
    args = ap.parse_args()
    parse_text(HEAD + "一、总体要求\n")  # rules loaded and compiled once, outside the timings
    sizes = [s for s in (3_000, 30_000, 300_000, 1_000_000, 5_000_000) if s <= args.max]
    print(f"{'shape':<10} " + " ".join(f"{s:>10,}" for s in sizes) + "   (s/MB of text; worst/best)")
    for name in args.shapes.split(","):
        rates = []
        for size in sizes:
            text = SHAPES[name](size)
            seconds = timed(text)
            rates.append(seconds / (len(text.encode("utf-8")) / 1e6))
        cells = " ".join(f"{r:>10.2f}" for r in rates)
        big = [
            r for s, r in zip(sizes, rates, strict=True) if s >= 30_000
        ] or rates  # 3 K is rules-warmup noise
        print(f"{name:<10} {cells}   {max(big) / min(big):.1f}x", flush=True)
    text = paragraph(120_000)
    print(f"one paragraph of {len(text):,} characters: {timed(text):.2f} s")


if __name__ == "__main__":
    main()
