"""Flat tables: one row per record, provenance columns, fixed schemas."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policyparse import parse
from policyparse.models import Clause, DateMention, PolicyDocument, Source, Target, Task
from policyparse.tables import TABLES, arrow_schema, document_rows, to_arrow, to_frames

CORPUS = sorted((Path(__file__).resolve().parents[1] / "corpora" / "dev").glob("*.txt"))
TEXT = "一、目标\n2025年底前完成培训65万人次。"


def made_up_document() -> PolicyDocument:
    child = Clause(
        id="一.一", label="（一）", level=2, kind="cn_paren", number=1, heading="", text="x", span=(5, 6)
    )
    return PolicyDocument(
        clauses=[Clause(id="一", label="一、", level=1, kind="cn_dun", number=1, heading="目标", text="一、目标",
                        span=(0, 24), heading_span=(2, 4), children=[child])],
        targets=[Target(text="完成培训65万人次", metric="培训", value=650000, unit="人次", year=2025,
                        span=(12, 21), clause_id="一", rule_id="target.v1")],
        dates=[DateMention(text="2025年底", value="2025-12-31", kind="deadline", span=(5, 11), clause_id="一")],
        tasks=[Task(content="完成培训", lead=["市人社局"], target_ids=[0], span=(5, 24))],
        source=Source(text=TEXT, sha256="f00d", path="a.txt", format="txt"),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("table", "column", "expected"),
    [("targets", "value", [650000.0]), ("targets", "span_start", [12]), ("targets", "clause_id", ["一"]),
     ("targets", "rule_id", ["target.v1"]), ("dates", "span_end", [11]), ("dates", "value", ["2025-12-31"]),
     ("clauses", "clause_id", ["一", "一.一"]), ("clauses", "parent_id", [None, "一"]),
     ("clauses", "heading_start", [2, None]), ("tasks", "lead", [["市人社局"]]), ("tasks", "target_ids", [[0]]),
     ("documents", "document_id", ["f00d"]), ("documents", "n_chars", [len(TEXT)]), ("doc_numbers", "raw", [])],
    ids=lambda v: v if isinstance(v, str) else None,
)  # fmt: skip
def test_rows_of_a_made_up_document(table: str, column: str, expected: list) -> None:
    rows = document_rows(made_up_document().model_dump(mode="json"))
    assert [r[column] for r in rows[table]] == expected
    assert all(r["document_id"] == "f00d" for r in rows[table])


def test_every_row_has_exactly_the_table_columns() -> None:
    rows = document_rows(made_up_document().model_dump(mode="json"))
    for table, columns in TABLES.items():
        assert all(set(r) == {c for c, _ in columns} for r in rows[table]), table


@pytest.mark.parametrize("path", CORPUS, ids=[p.stem for p in CORPUS])
def test_corpus_rows_quote_the_text_they_point_at(path: Path) -> None:
    doc = parse(path)
    rows = document_rows(doc.model_dump(mode="json"))
    assert rows["documents"][0]["title"] == doc.meta.title
    assert len(rows["clauses"]) == sum(1 for _ in doc.iter_clauses())
    for table in ("targets", "dates", "doc_numbers", "departments"):
        assert len(rows[table]) == len(getattr(doc, table))
        for row in rows[table]:
            assert doc.source.text[row["span_start"] : row["span_end"]] == row["text"], (table, row)


def test_empty_tables_keep_their_schema() -> None:
    tables = to_arrow({})
    assert set(tables) == set(TABLES)
    assert all(t.num_rows == 0 and t.schema == arrow_schema(name) for name, t in tables.items())


def test_frames_join_on_document_id() -> None:
    frames = to_frames([made_up_document().model_dump(mode="json")])
    joined = frames["targets"].merge(frames["documents"], on="document_id", suffixes=("", "_doc"))
    assert joined[["metric", "path"]].values.tolist() == [["培训", "a.txt"]]


@given(st.text(max_size=200), st.lists(st.text(max_size=20), max_size=3))
def test_any_document_text_survives_the_arrow_round_trip(text: str, issuers: list[str]) -> None:
    doc = {"source": {"sha256": "x", "text": text}, "meta": {"issuers": issuers}}
    table = to_arrow(document_rows(doc))["documents"]
    assert table.column("text").to_pylist() == [text]
    assert table.column("issuers").to_pylist() == [issuers]


def test_target_kind_direction_and_table_cell_columns() -> None:
    text = "到2027年，单位能耗较2023年下降10%。\n\t指标\n\t目标值（万千瓦）\n\n\t光伏装机\n\t3-5\n"
    frames = to_frames([parse(text).model_dump(mode="json")])["targets"]
    got = frames[["kind", "direction", "baseline", "value", "value_max", "table_index", "table_row",
                  "table_column"]].astype(object).where(frames.notna(), None).to_dict("records")  # fmt: skip
    assert got == [
        {"kind": "goal", "direction": "decrease", "baseline": 2023, "value": 10.0, "value_max": None,
         "table_index": None, "table_row": None, "table_column": None},
        {"kind": "goal", "direction": None, "baseline": None, "value": 30000.0, "value_max": 50000.0,
         "table_index": 0, "table_row": "光伏装机", "table_column": "目标值（万千瓦）"},
    ]  # fmt: skip
