"""The sanity report: what the text prints, against what the parser finds."""

from __future__ import annotations

import json
from pathlib import Path

from policyparse.cli import main
from policyparse.sanity import prints_clauses, prints_date, prints_doc_number, prints_tasks, report


def test_what_a_notice_prints() -> None:
    text = "沪人社职〔2025〕87号\n关于做好培训的通知\n各区：\n一、总体要求\n（一）加强培训。（市人社局牵头，市财政局配合）\n上海市人力资源和社会保障局\n2025年3月28日\n"
    assert prints_doc_number(text) and prints_date(text) and prints_clauses(text) and prints_tasks(text)
    cited = "关于做好培训的通知\n根据《通知》（沪人社职〔2025〕87号）要求，做好工作。\n"
    assert not prints_doc_number(cited) and not prints_date(cited) and not prints_tasks(cited)


def test_report_counts_and_names_the_misses(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "关于做好培训的通知\n各区：\n一、总体要求\n做好工作。\n上海市财政局\n2025年3月28日\n",
        encoding="utf-8",
    )
    # printed as a date line the parser cannot read as a 成文日期 (no day): not expected either
    (tmp_path / "b.txt").write_text("一、总体要求\n做好工作。\n", encoding="utf-8")
    rep = report(sorted(tmp_path.iterdir()))
    got = {t.name: (len(t.expected), t.missed) for t in rep.traits}
    assert got["date"] == (1, []) and got["clauses"] == (2, [])
    assert got["title"] == (2, ["b.txt"])


def test_cli_prints_json(tmp_path: Path, capsys) -> None:
    (tmp_path / "a.txt").write_text(
        "关于做好培训的通知\n各区：\n一、总体要求\n上海市财政局\n2025年3月28日\n", encoding="utf-8"
    )
    assert main(["sanity", str(tmp_path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["documents"] == 1 and out["traits"]["date"]["share"] == 1.0
