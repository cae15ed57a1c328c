"""timeline(): one row per (metric, year), metrics clustered like the diff; the chart renders."""

from __future__ import annotations

import warnings

import pytest

import policyparse
from diff_factories import DEV, gold_document, notice, target
from policyparse.cli import main
from policyparse.timeline import cjk_font, plot_timeline, timeline

STEMS = ["000_c1e55a22a332b4cb", "001_73d4c39dd0a74372", "004_6f963c420dca890b"]


@pytest.fixture(scope="module")
def frame():
    return timeline([gold_document(s) for s in STEMS])


def test_reworded_metric_is_one_series(frame) -> None:
    cluster = frame[frame["value"] == 45000]["cluster"].iloc[0]
    skilled = frame[frame["cluster"] == cluster]
    assert list(zip(skilled["year"], skilled["value"], strict=True)) == [
        (2024, 45000),
        (2025, 50000),
        (2026, 60000),
    ]
    assert skilled["metric"].iloc[0] == "取得高级工及以上等级技能评价证书的高技能人才"  # the newest wording


def test_milestones_are_not_rows(frame) -> None:
    assert not frame["value"].isin([5000, 15000, 25000]).any()


def test_provenance_columns(frame) -> None:
    row = frame[(frame["year"] == 2026) & (frame["value"] == 650000)].iloc[0]
    doc = gold_document("004_6f963c420dca890b")
    assert row["document"].endswith("004_6f963c420dca890b.txt")
    assert doc.quote((row["span_start"], row["span_end"])) == row["text"]


def test_different_metrics_with_the_same_unit_stay_apart(frame) -> None:
    names = set(frame[frame["unit"] == "人次"]["metric"])
    assert {"补贴性职业技能培训", "“人工智能推介官”培训认证", "等级工（新技能）培训"} <= names


def test_latest_document_of_a_year_wins() -> None:
    early = notice([target("补贴性职业技能培训", 800000, year=2025)], path="a.txt", date="2025-01-10")
    late = notice([target("全年完成补贴性职业技能培训", 700000, year=2025)], path="b.txt", date="2025-06-01")
    for docs in ([early, late], [late, early]):
        (row,) = timeline(docs).itertuples()
        assert (row.value, row.document) == (700000, "b.txt")


def test_metric_filter(frame) -> None:
    only = timeline([gold_document(s) for s in STEMS], metric="高级工以上技能人才")
    assert sorted(only["value"]) == [45000, 50000, 60000]
    assert timeline([gold_document(s) for s in STEMS], metric="充电桩").empty


def test_timeline_is_exported_and_reads_a_folder() -> None:
    frame = policyparse.timeline(DEV)
    assert set(frame["document"].map(lambda p: p.rsplit("/", 1)[-1])) >= {"004_6f963c420dca890b.txt"}


def test_chart_renders(frame, tmp_path) -> None:
    from PIL import Image

    out = plot_timeline(frame, tmp_path / "chart.png")
    assert out.stat().st_size > 10_000
    img = Image.open(out).convert("L")
    colours = img.getcolors(maxcolors=1 << 20) or []
    non_white = sum(n for n, value in colours if value < 250)
    assert non_white > 0.01 * img.width * img.height


@pytest.mark.skipif(cjk_font() is None, reason="no CJK font installed (apt-get install fonts-noto-cjk)")
def test_chart_draws_chinese_labels_with_a_cjk_font(frame, tmp_path) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        plot_timeline(frame, tmp_path / "chart.png")
    missing = [str(w.message) for w in caught if "missing from font" in str(w.message)]
    assert missing == []  # every label glyph was found: no boxes


def test_cli_timeline_plot(tmp_path, capsys) -> None:
    out = tmp_path / "t.png"
    assert main(["timeline", str(DEV), "--metric", "补贴性职业技能培训", "--plot", str(out)]) == 0
    assert out.stat().st_size > 0
    assert "补贴性职业技能培训" in capsys.readouterr().out


def test_cli_diff_json(capsys) -> None:
    import json

    assert (
        main(["diff", str(DEV / "001_73d4c39dd0a74372.txt"), str(DEV / "004_6f963c420dca890b.txt"), "--json"])
        == 0
    )
    d = json.loads(capsys.readouterr().out)
    assert {(t["old_value"], t["new_value"]) for t in d["targets"] if t["status"] == "changed"} == {
        (800000, 650000),
        (45000, 60000),
    }
