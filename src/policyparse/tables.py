"""Flat tables of parsed documents, one per record kind, for parquet, DuckDB and pandas.

Rows are built from the public JSON form of a document (``doc.model_dump(mode="json")``), so
the same code serves the batch runner, Dask and users holding a ``documents.jsonl``. Every
table has a ``document_id`` column (the source file's sha256) to join on, and record tables
carry their provenance as ``span_start``/``span_end``/``clause_id``/``page``. Column types
are fixed here (not inferred), so parts written separately always share one schema.

>>> rows = document_rows({"source": {"sha256": "ab", "text": "x", "format": "txt"},
...                       "targets": [{"text": "65万人次", "metric": "培训", "value": 650000.0,
...                                    "unit": "人次", "span": [3, 8], "year": 2026}]})
>>> rows["targets"][0]["metric"], rows["targets"][0]["span_start"], rows["targets"][0]["document_id"]
('培训', 3, 'ab')
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    import pyarrow as pa

_PROVENANCE = [("span_start", "int64"), ("span_end", "int64"), ("clause_id", "string"), ("page", "int64")]

TABLES: dict[str, list[tuple[str, str]]] = {
    "documents": [
        ("document_id", "string"), ("path", "string"), ("format", "string"), ("title", "string"),
        ("doc_type", "string"), ("doc_number", "string"), ("agency_code", "string"),
        ("doc_year", "int64"), ("doc_serial", "int64"), ("issuers", "list<string>"),
        ("addressees", "list<string>"), ("date", "string"), ("publish_date", "string"),
        ("issued_title", "string"), ("attachments", "list<string>"), ("warnings", "list<string>"),
        ("n_chars", "int64"), ("text", "string"),
    ],
    "clauses": [
        ("document_id", "string"), ("idx", "int64"), ("parent_id", "string"), ("label", "string"),
        ("level", "int64"), ("kind", "string"), ("number", "int64"), ("heading", "string"),
        ("text", "string"), ("heading_start", "int64"), ("heading_end", "int64"), *_PROVENANCE,
    ],
    "targets": [
        ("document_id", "string"), ("idx", "int64"), ("text", "string"), ("metric", "string"),
        ("value", "float64"), ("value_max", "float64"), ("unit", "string"), ("comparator", "string"),
        ("kind", "string"), ("direction", "string"), ("baseline", "int64"),
        ("year", "int64"), ("deadline", "string"), ("cumulative", "bool"), ("optional", "bool"),
        ("number_text", "string"), ("table_index", "int64"), ("table_row", "string"),
        ("table_column", "string"), *_PROVENANCE, ("rule_id", "string"),
    ],
    "dates": [
        ("document_id", "string"), ("idx", "int64"), ("text", "string"), ("value", "string"),
        ("kind", "string"), ("modifier", "string"), *_PROVENANCE, ("rule_id", "string"),
    ],
    "doc_numbers": [
        ("document_id", "string"), ("idx", "int64"), ("raw", "string"), ("text", "string"),
        ("agency_code", "string"), ("year", "int64"), ("serial", "int64"), ("role", "string"),
        ("issuer", "string"), ("cited_title", "string"), *_PROVENANCE, ("rule_id", "string"),
    ],
    "departments": [
        ("document_id", "string"), ("idx", "int64"), ("text", "string"), ("name", "string"),
        ("role", "string"), ("known", "bool"), *_PROVENANCE, ("rule_id", "string"),
    ],
    "tasks": [
        ("document_id", "string"), ("idx", "int64"), ("seq", "int64"), ("clause", "string"),
        ("item", "string"), ("content", "string"), ("units", "list<string>"), ("lead", "list<string>"),
        ("co", "list<string>"), ("deadline", "string"), ("target_ids", "list<int64>"), *_PROVENANCE,
    ],
}  # fmt: skip
"""Table name -> ordered (column, type) pairs. ``idx`` is the record's index in its list."""

_RECORD_LISTS = ("targets", "dates", "doc_numbers", "departments", "tasks")


def document_id(doc: dict[str, Any]) -> str:
    """The join key of a document: its source sha256."""
    return str((doc.get("source") or {}).get("sha256") or "")


def _walk_clauses(clauses: list[dict[str, Any]], parent: str | None) -> Iterable[tuple[dict[str, Any], str | None]]:
    for clause in clauses:
        yield clause, parent
        yield from _walk_clauses(clause.get("children") or [], clause.get("id"))


def _span(record: dict[str, Any], key: str = "span") -> tuple[int | None, int | None]:
    span = record.get(key)
    return (span[0], span[1]) if span else (None, None)


# record fields renamed as columns: table/row/column are SQL keywords (a DuckDB query would
# have to quote them)
_RENAMED = {"targets": {"table_index": "table", "table_row": "row", "table_column": "column"}}


def _record_row(table: str, doc_id: str, idx: int, record: dict[str, Any]) -> dict[str, Any]:
    start, end = _span(record)
    row: dict[str, Any] = {"document_id": doc_id, "idx": idx, "span_start": start, "span_end": end}
    for column, field in _RENAMED.get(table, {}).items():
        row[column] = record.get(field)
    for column, _ in TABLES[table]:
        if column not in row:
            row[column] = record.get(column)
    return row


def document_rows(doc: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """One document's JSON dict -> ``{table: [row, ...]}`` for every table of ``TABLES``."""
    doc_id = document_id(doc)
    source = doc.get("source") or {}
    meta = doc.get("meta") or {}
    number = meta.get("doc_number") or {}
    text = source.get("text") or ""
    out: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    out["documents"].append({
        "document_id": doc_id, "path": source.get("path"), "format": source.get("format"),
        "title": meta.get("title"), "doc_type": meta.get("doc_type"), "doc_number": number.get("raw"),
        "agency_code": number.get("agency_code"), "doc_year": number.get("year"),
        "doc_serial": number.get("serial"), "issuers": meta.get("issuers") or [],
        "addressees": meta.get("addressees") or [], "date": meta.get("date"),
        "publish_date": meta.get("publish_date"), "issued_title": meta.get("issued_title"),
        "attachments": meta.get("attachments") or [], "warnings": doc.get("warnings") or [],
        "n_chars": len(text), "text": text,
    })  # fmt: skip
    for idx, (clause, parent) in enumerate(_walk_clauses(doc.get("clauses") or [], None)):
        row = _record_row("clauses", doc_id, idx, clause)
        row["clause_id"] = clause.get("id")
        row["parent_id"] = parent
        row["heading_start"], row["heading_end"] = _span(clause, "heading_span")
        out["clauses"].append(row)
    for table in _RECORD_LISTS:
        out[table] = [_record_row(table, doc_id, i, r) for i, r in enumerate(doc.get(table) or [])]
    return out


def merge_rows(docs: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Rows of many documents, table by table."""
    merged: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    for doc in docs:
        for table, rows in document_rows(doc).items():
            merged[table].extend(rows)
    return merged


def arrow_schema(table: str) -> pa.Schema:
    """The fixed pyarrow schema of a table."""
    import pyarrow as pa

    types = {"string": pa.string(), "int64": pa.int64(), "float64": pa.float64(), "bool": pa.bool_(),
             "list<string>": pa.list_(pa.string()), "list<int64>": pa.list_(pa.int64())}  # fmt: skip
    return pa.schema([(column, types[kind]) for column, kind in TABLES[table]])


def to_arrow(rows: dict[str, list[dict[str, Any]]]) -> dict[str, pa.Table]:
    """``{table: rows}`` -> ``{table: pyarrow.Table}`` with the fixed schemas (empty tables included)."""
    import pyarrow as pa

    return {name: pa.Table.from_pylist(rows.get(name, []), schema=arrow_schema(name)) for name in TABLES}


def to_frames(docs: Iterable[dict[str, Any]]) -> dict[str, pd.DataFrame]:
    """Documents (JSON dicts) -> one pandas DataFrame per table."""
    return {name: table.to_pandas() for name, table in to_arrow(merge_rows(docs)).items()}
