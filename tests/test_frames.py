"""DataFrames: one row per record, fixed columns, provenance kept, many documents stacked."""

from __future__ import annotations

import pandas as pd
import pytest

from policyparse import frames as fr
from policyparse.models import PolicyDocument, Source
from view_fixtures import SAMPLES, gold_document, synthetic_document

BUILDERS = [
    (
        "targets",
        fr.targets_frame,
        ["metric", "value", "unit", "comparator", "year", "start", "end", "clause_id"],
    ),
    ("dates", fr.dates_frame, ["text", "value", "kind", "modifier", "start", "end", "clause_id", "rule_id"]),
    ("doc_numbers", fr.doc_numbers_frame, ["raw", "agency_code", "year", "serial", "role", "start", "end"]),
    ("departments", fr.departments_frame, ["text", "name", "role", "known", "start", "end"]),
    ("tasks", fr.tasks_frame, ["content", "lead", "co", "deadline", "target_ids", "start", "end"]),
]
BUILDER_IDS = [b[0] for b in BUILDERS]


@pytest.mark.parametrize(("field", "build", "columns"), BUILDERS, ids=BUILDER_IDS)
def test_one_row_per_record_with_its_span(field: str, build, columns: list[str]) -> None:
    doc = synthetic_document()
    frame = build(doc)
    records = getattr(doc, field)
    assert len(frame) == len(records)
    assert set(columns) <= set(frame.columns) and "span" not in frame.columns
    for row, record in zip(frame.itertuples(index=False), records, strict=True):
        assert (row.start, row.end) == record.span
        if hasattr(record, "text"):
            assert doc.source.text[row.start : row.end] == row.text


@pytest.mark.parametrize(("field", "build", "columns"), BUILDERS, ids=BUILDER_IDS)
def test_empty_document_gives_empty_frame_with_columns(field: str, build, columns: list[str]) -> None:
    frame = build(PolicyDocument(source=Source(text="")))
    assert frame.empty and set(columns) <= set(frame.columns)


def test_target_values() -> None:
    row = fr.targets_frame(synthetic_document()).iloc[0]
    assert (row.metric, row.value, row.unit, row.comparator, row.year) == (
        "培训",
        650000.0,
        "人次",
        ">=",
        2025,
    )


def test_clauses_frame_flattens_the_tree() -> None:
    frame = fr.clauses_frame(synthetic_document())
    assert list(frame["id"]) == ["一", "一.一"]
    assert frame["parent_id"].isna().tolist() == [True, False] and frame["parent_id"].iloc[1] == "一"
    assert list(frame["depth"]) == [0, 1]
    assert list(frame["n_children"]) == [1, 0]
    assert list(frame["label"]) == ["一、", "（一）"]


def test_model_methods_delegate() -> None:
    doc = synthetic_document()
    pd.testing.assert_frame_equal(doc.targets_frame(), fr.targets_frame(doc))
    pd.testing.assert_frame_equal(doc.clauses_frame(), fr.clauses_frame(doc))
    pd.testing.assert_frame_equal(doc.tasks_frame(), fr.tasks_frame(doc))


def test_frames_over_many_documents() -> None:
    docs = [gold_document(p) for p in SAMPLES]
    out = fr.frames(docs)
    assert set(out) == {"targets", "clauses", "tasks", "dates", "doc_numbers", "departments"}
    for kind, frame in out.items():
        assert frame.columns[0] == fr.DOCUMENT_COLUMN
        if kind == "clauses":
            assert len(frame) == sum(len(list(d.iter_clauses())) for d in docs)
        else:
            assert len(frame) == sum(len(getattr(d, kind)) for d in docs)
    assert len(out["targets"]) > 0
    per_doc = out["targets"].groupby(fr.DOCUMENT_COLUMN).size().to_dict()
    assert per_doc == {d.source.path: len(d.targets) for d in docs if d.targets}


def test_frames_of_nothing_has_columns() -> None:
    out = fr.frames([])
    assert out["targets"].empty and "metric" in out["targets"].columns


# -- a folder, with a progress bar ----------------------------------------------------------------


def test_frames_over_a_folder_with_a_progress_bar(tmp_path, capsys) -> None:
    import pytest

    pytest.importorskip("tqdm")
    from pathlib import Path

    from policyparse import parse
    from policyparse.frames import frames

    dev = Path(__file__).resolve().parents[1] / "corpora" / "dev"
    folder = tmp_path / "in"
    folder.mkdir()
    for p in sorted(dev.glob("*.txt"))[:3]:
        (folder / p.name).write_bytes(p.read_bytes())
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7 not really")
    with pytest.warns(UserWarning, match="left out: .*broken.pdf"):
        tables = frames(folder, progress=True)
    err = capsys.readouterr().err
    assert "4/4" in err and "parsing" in err  # tqdm's bar: every file counted, the failed one too
    expected = [t.metric for p in sorted(folder.glob("*.txt")) for t in parse(p).targets]
    assert tables["targets"]["metric"].tolist() == expected
    assert sorted(set(tables["targets"]["document"])) == sorted(str(p) for p in folder.glob("*.txt"))
    with pytest.warns(UserWarning):
        frames(folder, progress=False)
    assert capsys.readouterr().err == ""


def test_progress_is_off_outside_notebooks_by_default(capsys) -> None:
    from policyparse.progress import in_notebook, progress_bar

    assert not in_notebook()
    with progress_bar(3) as bar:
        bar.update(3)
    assert capsys.readouterr().err == ""
