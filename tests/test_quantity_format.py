"""Quantities are shown the way notices write them, by one function every view shares."""

from __future__ import annotations

import pytest

from policyparse import parse
from policyparse.html_view import render_fragment
from policyparse.quantity_format import format_change, format_quantity, target_quantity

CASES = [
    ((650000, "人次"), {}, "65万人次"),
    ((150000000, "元"), {}, "1.5亿元"),
    ((45000, "人"), {}, "4.5万人"),
    ((330910, "千瓦"), {}, "33.091万千瓦"),
    ((1200, "元"), {}, "1200元"),
    ((0.35, "吨标准煤/万元"), {"comparator": "<="}, "≤0.35吨标准煤/万元"),
    ((3, "个"), {"value_max": 5}, "3–5个"),
    ((200000, "千瓦"), {"value_max": 250000}, "20–25万千瓦"),
    ((10, "%"), {"direction": "decrease"}, "−10 %"),
    ((2, "个百分点"), {"direction": "increase"}, "+2个百分点"),
    ((90, "%"), {"comparator": ">="}, "≥90%"),
]


@pytest.mark.parametrize(("args", "kw", "expected"), CASES, ids=[c[2] for c in CASES])
def test_format_quantity(args: tuple[float, str], kw: dict, expected: str) -> None:
    assert format_quantity(*args, **kw) == expected


def test_format_change() -> None:
    assert format_change(50, 4.17, "元") == "+50元 (+4.17 %)"
    assert format_change(-2, -20.0, "%") == "−2 % (−20 %)"
    assert format_change(-150000, -18.75, "人次") == "−15万人次 (−18.75 %)"


def test_views_write_numbers_as_notices_do() -> None:
    doc = parse("全年完成补贴性职业技能培训65万人次，安排资金1.5亿元，单位能耗较2023年下降10%。")
    assert [target_quantity(t) for t in doc.targets] == ["65万人次", "1.5亿元", "−10 %"]
    html = render_fragment(doc)
    assert "65万人次" in html and "1.5亿元" in html
    assert "650000" not in html and "1.5e+08" not in html


def test_summary_and_diff_report_write_quantities_and_kinds(tmp_path, capsys, monkeypatch) -> None:
    from policyparse.cli import main

    monkeypatch.setenv("COLUMNS", "200")  # the diff table is not folded
    folder = tmp_path / "notices"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "2024年工作要点\n全年完成培训65万人次，低保标准每人每月1200元。\n2024年3月1日\n", encoding="utf-8"
    )
    (folder / "b.txt").write_text(
        "2025年工作要点\n全年完成培训70万人次，低保标准每人每月1250元。\n2025年3月1日\n", encoding="utf-8"
    )
    assert main(["summary", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "65万人次" in out and "(标准, year 2024" in out and "650000" not in out
    assert main(["diff", str(folder / "a.txt"), str(folder / "b.txt")]) == 0
    out = capsys.readouterr().out
    assert "+50元 (+4.17 %)" in out and "标准" in out and "+5万人次" in out
